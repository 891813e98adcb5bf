#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `BENCH_PROFILE=1 node bench/run.js`, or any `node --cpu-prof`):
// the functions with the most self time, the functions with the most total (inclusive) time, and
// self time per package / source file.
//
//   node bench/profile-summary.js bench/results/profiles/CPU.….cpuprofile [--top 30] [--filter dist/]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, filter: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  console.error('usage: node bench/profile-summary.js FILE.cpuprofile [--top N] [--filter TEXT]');
  process.exit(2);
}
const top = Number(values.top);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

/** Where a function lives: a package under node_modules, a file of this checkout, or node itself. */
function placeOf(url) {
  if (!url) return '(native/vm)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (clean.startsWith('node:')) return clean;
  const dist = clean.indexOf('/dist/');
  if (dist >= 0) return clean.slice(dist + 1);
  return path.basename(clean);
}

/** The file, shortened: inside node_modules from the package name on, else from dist/ on. */
function fileOf(url) {
  if (!url) return '(native/vm)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length).replace('/dist/esm/', '/…/').replace('/dist/cjs/', '/…/');
  return placeOf(url);
}

function keyOf(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'}  ${fileOf(url)}${url ? `:${lineNumber + 1}` : ''}`;
}

// Time per sample: timeDeltas[i] is the time since the previous sample.
const self = new Map();
const total = new Map();
const selfByPlace = new Map();
let all = 0;
let idle = 0;
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
for (let i = 0; i < samples.length; i++) {
  // The delta that follows a sample is the time it stands for.
  const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
  const node = nodes.get(samples[i]);
  if (!node) continue;
  all += dt;
  const name = node.callFrame.functionName;
  if (name === '(idle)') {
    idle += dt;
    continue;
  }
  const key = keyOf(node);
  self.set(key, (self.get(key) ?? 0) + dt);
  const place = placeOf(node.callFrame.url) + (['(garbage collector)', '(program)'].includes(name) ? ` ${name}` : '');
  selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + dt);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const k = keyOf(nodes.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + dt);
  }
}
const busy = all - idle;

function print(title, map, denominator) {
  console.log(`\n${title}`);
  const rows = [...map.entries()]
    .filter(([key]) => !values.filter || key.includes(values.filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [key, ms] of rows) console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / denominator).toFixed(1).padStart(5)}%  ${key}`);
}

console.log(`${file}`);
console.log(`sampled ${(all / 1000).toFixed(1)} s: busy ${(busy / 1000).toFixed(1)} s, idle ${(idle / 1000).toFixed(1)} s (percentages are of busy time)`);
print('self time by package / file', selfByPlace, busy);
print('top functions by self time', self, busy);
print('top functions by total (inclusive) time', total, busy);
