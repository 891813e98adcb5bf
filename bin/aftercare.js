#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm run build`, which `npm install` runs through `prepare`.
import '../dist/server/cli/entry.js';
