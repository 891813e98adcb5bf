#!/usr/bin/env node
// The CLI is compiled by `npm run build` (run on `npm install` through `prepare`).
import { main } from '../dist/server/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
