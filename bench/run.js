#!/usr/bin/env node
// `npm run bench`: Aftercare (compiled, production mode, SQLite) against a bare Fastify +
// better-sqlite3 baseline, both loaded by autocannon from a separate process, one load at a time;
// then the SLA figures (bench/sla.js, on the built modules, in processes of their own): the clocks
// of 100,000 open cases derived from their histories, and the at-risk query over 1,000,000 cases
// against the same SQL on a bare better-sqlite3 connection; the dashboard (bench/dashboard.js): every
// KPI for one quarter as GET /api/analytics/kpis computes it, over two years of a desk with 1,000,000
// cases; and survey submissions per second (POST /survey/:token, a fresh token per request).
//
//   BENCH_DURATION   seconds per measured load (default 10)
//   BENCH_WARMUP     seconds of unreported warm-up before each load (default 2; 0 to skip)
//   BENCH_SCENARIOS  which to run: create,read,surveys,sla,dispatch,dashboard (default all; sla,
//                    dispatch and dashboard alone start no server). surveys: the public survey form
//                    posted with a fresh signed token per request (BENCH_SURVEY_INVITATIONS open
//                    invitations prepared, default 150000) against the baseline's inserts.
//                    dashboard: bench/dashboard.js (its BENCH_DASHBOARD_* settings). dispatch:
//                    follow-ups sent per second by `aftercare worker` to a local SMTP sink, one
//                    worker on SQLite and three on PostgreSQL (BENCH_POSTGRES_URL, default
//                    postgres://postgres@127.0.0.1:5432/test; BENCH_POSTGRES_URL= skips it)
//   BENCH_PROFILE=1  run the Aftercare server under --cpu-prof; the profile lands in
//                    bench/results/profiles/ (summarise it with bench/profile-summary.js).
//                    Profiling slows the server: figures of such a run are not the measurement.
//   BENCH_KEEP=1     keep the temporary directory (databases, server log)
//   BENCH_AFTERCARE_NODE_FLAGS  extra node flags for the Aftercare server only, to try an idea
//                    without changing src/, e.g. "--max-semi-space-size=64" (the SLA processes too).
//                    Such a run writes bench/results/experiment.json instead of latest.json.
//
// Prints a table and the Aftercare/baseline ratios against the targets, and writes the figures to
// bench/results/latest.json. Failed requests and other processes using the CPU during a load (Linux:
// /proc/stat minus the CPU of the servers, autocannon and this runner) are flagged, and make the
// JSON's "valid" false. Exit code 0 whenever the measurement completed, targets met or not; 1 on
// a crash or a server that fails to start or dies during the run; 130 when interrupted.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = path.join(ROOT, 'bench');
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const CLI = path.join(ROOT, 'bin', 'aftercare.js');

const CONNECTIONS = 50;
const DURATION = positiveNumber('BENCH_DURATION', 10);
const WARMUP = positiveNumber('BENCH_WARMUP', 2, { allowZero: true });
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'create,read,surveys,sla,dispatch,dashboard').split(',').map((s) => s.trim()).filter(Boolean);
const HTTP_SCENARIOS = SCENARIOS.filter((s) => s === 'create' || s === 'read' || s === 'surveys');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PROFILE = process.env.BENCH_PROFILE === '1';
const KEEP = process.env.BENCH_KEEP === '1';
const EXTRA_FLAGS = (process.env.BENCH_AFTERCARE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
const SURVEY_INVITATIONS = positiveNumber('BENCH_SURVEY_INVITATIONS', 150_000);

const TARGETS = {
  create: { minRatio: 0.5, maxP99Ms: 25 },
  read: { minRatio: 0.7 },
  // Issue #6 asks for survey submissions per second to be reported, with no target.
  surveys: null,
  sla: { clocksMaxMs: 1000, atRiskMaxP95Ms: 50 },
  dispatch: { sqliteMinPerSecond: 500 },
  dashboard: { maxP95Ms: 200 },
};

const SURVEY_COMMENT = 'Quick and friendly help, the replacement kettle arrived the next day. Thank you!';
const SURVEY_FORM = new URLSearchParams({ csat: '4', nps: '9', ces: '6', comment: SURVEY_COMMENT }).toString();

const INTERACTION_BODY =
  'The kettle I bought stopped heating after two weeks. The light comes on but the water stays cold. I would like a replacement or a refund.';

function positiveNumber(name, fallback, { allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of seconds (got "${raw}")`);
  return value;
}

for (const scenario of SCENARIOS) {
  if (!['create', 'read', 'surveys', 'sla', 'dispatch', 'dashboard'].includes(scenario)) {
    throw new Error(`BENCH_SCENARIOS: unknown scenario "${scenario}" (create, read, surveys, sla, dispatch, dashboard)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is tracked and killed when this process ends, however it ends.

const children = new Set();

function track(child, name) {
  const entry = { child, name, exited: false, expectedExit: false, code: null, signal: null };
  children.add(entry);
  child.on('exit', (code, signal) => {
    entry.exited = true;
    entry.code = code;
    entry.signal = signal;
    children.delete(entry);
  });
  return entry;
}

async function stopChild(entry, graceMs = 15_000) {
  if (entry.exited) return;
  entry.expectedExit = true;
  const exited = new Promise((resolve) => entry.child.once('exit', resolve));
  entry.child.kill('SIGTERM');
  const timer = setTimeout(() => entry.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

process.on('exit', () => {
  for (const entry of children) entry.child.kill('SIGKILL');
});
let interrupted = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = signal;
    console.error(`\nbench: ${signal}, stopping the servers`);
    for (const entry of children) entry.child.kill('SIGTERM');
    setTimeout(() => process.exit(130), 500).unref();
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`aftercare ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stderr || stdout}`));
      else resolve(stdout);
    });
  });
}

function tail(file, bytes = 4000) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-bytes);
  } catch {
    return '(no log)';
  }
}

/** Starts a server child writing to its log file; resolves once GET /healthz answers 200. */
async function startServer({ name, args, env, port, log, nodeFlags = [] }) {
  const fd = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [...nodeFlags, ...args], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const entry = track(child, name);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (entry.exited) throw new Error(`${name} exited during start-up (code ${entry.code}, signal ${entry.signal}); log ${log}:\n${tail(log)}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer GET /healthz within 30 s; log ${log}:\n${tail(log)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.on('exit', (code, signal) => {
    if (!entry.expectedExit) {
      console.error(`\nbench: ${name} DIED during the run (code ${code}, signal ${signal}); log ${log}:\n${tail(log)}`);
      process.exitCode = 1;
      fatal = fatal ?? new Error(`${name} died during the run`);
    }
  });
  return { entry, base, log };
}

let fatal = null;

async function call(base, method, url, body, key) {
  const response = await fetch(base + url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return parsed;
}

/** One autocannon load in its own process (bench/load.js); resolves to its JSON figures. */
function load(spec) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(BENCH_DIR, 'load.js'), JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = track(child, 'autocannon');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => {
      if (entry.expectedExit) return;
      if (code !== 0) return reject(new Error(`autocannon exited with ${code ?? signal}:\n${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      } catch (error) {
        reject(new Error(`autocannon printed no JSON: ${error.message}\n${stdout}\n${stderr}`));
      }
    });
  });
}

// What else ran on the machine during a load: the CPU the whole machine spent (/proc/stat) minus
// what the two servers, the load generator and this runner spent. Linux only; null elsewhere.
const TICK_MS = 10; // USER_HZ is 100 on every Linux Node supports.

function machineCpuMs() {
  try {
    const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    return { busy: (user + nice + system + irq + softirq) * TICK_MS, steal: steal * TICK_MS, all: (user + nice + system + idle + iowait + irq + softirq + steal) * TICK_MS };
  } catch {
    return null;
  }
}

function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return null;
  }
}

function ownCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Starts a CPU account over the given server pids; finish() with the loader's CPU gives the split. */
function cpuAccount(pids) {
  const machine = machineCpuMs();
  const servers = pids.map(processCpuMs);
  const own = ownCpuMs();
  const started = performance.now();
  return (loaderCpuMs) => {
    const machineAfter = machineCpuMs();
    if (!machine || !machineAfter || servers.includes(null)) return null;
    const wallMs = performance.now() - started;
    const serverMs = pids.map((pid, i) => processCpuMs(pid) - servers[i]);
    const oursMs = serverMs.reduce((a, b) => a + b, 0) + loaderCpuMs + (ownCpuMs() - own);
    const busyMs = machineAfter.busy - machine.busy;
    const cores = (ms) => Math.round((100 * ms) / wallMs) / 100;
    return {
      wallMs: Math.round(wallMs),
      serverCores: pids.map((pid, i) => cores(serverMs[i])),
      loaderCores: cores(loaderCpuMs),
      otherCores: cores(Math.max(0, busyMs - oursMs)),
      stealCores: cores(machineAfter.steal - machine.steal),
    };
  };
}

// Other processes using more than this (in cores, averaged over the load) make a run suspect.
const OTHER_CPU_LIMIT = 0.2;

const fmt = {
  rps: (value) => value.toFixed(0),
  // autocannon's latency histogram has a 1 ms resolution (and counts 2xx answers only).
  ms: (value) => (value === undefined || value === null ? '-' : String(Math.round(Number(value) * 100) / 100)),
  ratio: (value) => (value === null ? '-' : value.toFixed(2)),
};

function table(rows, columns) {
  const widths = columns.map((column) => Math.max(column.title.length, ...rows.map((row) => String(column.value(row)).length)));
  const line = (cells) => cells.map((cell, i) => (columns[i].align === 'left' ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  return [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((row) => line(columns.map((c) => c.value(row))))].join('\n');
}

function gitCommit() {
  try {
    const head = fs.readFileSync(path.join(ROOT, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const file = path.join(ROOT, '.git', ref);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    const packed = fs.readFileSync(path.join(ROOT, '.git', 'packed-refs'), 'utf8');
    return packed.split('\n').find((l) => l.endsWith(` ${ref}`))?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (or `npx tsc -p tsconfig.build.json`) first, or use `npm run bench`');
  }
  // Before anything starts: is something else already using the CPU?
  const idleCheck = cpuAccount([]);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const before = idleCheck(0);
  if (before && before.otherCores + before.stealCores > OTHER_CPU_LIMIT) {
    console.log(`bench: !!! other processes are using ${(before.otherCores + before.stealCores).toFixed(2)} of ${os.cpus().length} cores right now: figures will be disturbed`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-bench-'));
  const startedAt = new Date().toISOString();
  if (HTTP_SCENARIOS.length > 0) console.log(`bench: ${CONNECTIONS} connections, ${DURATION} s per load after ${WARMUP} s warm-up; temp dir ${tmp}`);
  else console.log(`bench: temp dir ${tmp}`);
  if (EXTRA_FLAGS.length) console.log(`bench: experiment: Aftercare runs with node ${EXTRA_FLAGS.join(' ')}`);
  if (PROFILE) console.log('bench: BENCH_PROFILE=1: Aftercare runs under --cpu-prof, so its figures are slower than normal');

  try {
    const http = HTTP_SCENARIOS.length > 0 ? await httpLoads(tmp) : { results: [], auditCheck: null, caseId: null, profileDir: null };
    const sla = SCENARIOS.includes('sla') ? await slaScenario(tmp) : null;
    const dispatch = SCENARIOS.includes('dispatch') ? await dispatchScenario(tmp) : null;
    const dashboard = SCENARIOS.includes('dashboard') ? await dashboardScenario(tmp) : null;
    report({ ...http, sla, dispatch, dashboard, startedAt, tmp });
  } finally {
    for (const entry of [...children]) await stopChild(entry, 5_000);
    if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`bench: kept ${tmp}`);
  }
}

/** The create and read loads: Aftercare and the baseline under autocannon, one load at a time. */
async function httpLoads(tmp) {
  // Aftercare: migrate, an agent API key, then the server.
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: `sqlite:${path.join(tmp, 'bench.db')}`,
    // The key survey links are signed with; the prepared invitations' tokens are signed with it too.
    AFTERCARE_SECRET: randomBytes(32).toString('hex'),
  };
  delete env.PORT;
  delete env.HOST;
  await runCli(['migrate'], env);
  const keyOutput = await runCli(['api-keys', 'create', '--name', 'bench', '--role', 'agent'], env);
  const key = keyOutput.trim().split('\n').at(-1).trim();
  if (!key) throw new Error(`api-keys create printed no key:\n${keyOutput}`);
  const surveyPaths = path.join(tmp, 'survey-paths.txt');
  if (SCENARIOS.includes('surveys')) {
    process.stdout.write(`bench: preparing ${SURVEY_INVITATIONS.toLocaleString('en')} open survey invitations with their signed links… `);
    const prepared = await benchPart('survey-invitations.js', null, ['--db', path.join(tmp, 'bench.db'), '--count', String(SURVEY_INVITATIONS), '--out', surveyPaths], { accountCpu: false, env });
    console.log(`${prepared.figures.seconds} s`);
  }

  const aftercarePort = await freePort();
  const profileDir = path.join(RESULTS_DIR, 'profiles');
  if (PROFILE) fs.mkdirSync(profileDir, { recursive: true });
  const aftercare = await startServer({
    name: 'Aftercare',
    args: [CLI, 'serve', '--port', String(aftercarePort), '--host', '127.0.0.1'],
    nodeFlags: [...EXTRA_FLAGS, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env,
    port: aftercarePort,
    log: path.join(tmp, 'aftercare.log'),
  });
  console.log(`bench: Aftercare up on ${aftercare.base} (pid ${aftercare.entry.child.pid})`);

  // The records a case refers to, and one case (with its first interaction) to read.
  const customer = await call(aftercare.base, 'POST', '/api/customers', { name: 'Ana Silva', email: 'ana.silva@example.com' }, key);
  const order = await call(
    aftercare.base,
    'POST',
    '/api/transactions',
    {
      externalId: 'BENCH-1001',
      customerId: customer.id,
      lineItems: [{ sku: 'KTL-200', description: 'Electric kettle 1.7 l', quantity: 1, unitPriceMinor: 4999 }],
      currency: 'EUR',
      status: 'delivered',
      purchasedAt: new Date(Date.now() - 14 * 86_400_000).toISOString(),
      deliveredAt: new Date(Date.now() - 12 * 86_400_000).toISOString(),
    },
    key,
  );
  const caseBody = {
    customerId: customer.id,
    kind: 'complaint',
    subject: 'Kettle stopped heating',
    channel: 'email',
    transactionId: order.id,
    interaction: { channel: 'email', direction: 'inbound', body: INTERACTION_BODY },
  };
  const caseToRead = await call(aftercare.base, 'POST', '/api/cases', caseBody, key);

  // The baseline, on its own file.
  const baselinePort = await freePort();
  const baseline = await startServer({
    name: 'baseline',
    args: [path.join(BENCH_DIR, 'baseline-server.js'), '--port', String(baselinePort), '--host', '127.0.0.1', '--db', path.join(tmp, 'baseline.db')],
    env: { ...process.env, NODE_ENV: 'production' },
    port: baselinePort,
    log: path.join(tmp, 'baseline.log'),
  });
  console.log(`bench: baseline up on ${baseline.base} (pid ${baseline.entry.child.pid})`);
  const rowBody = { caseId: caseToRead.id, customerId: customer.id, channel: 'email', direction: 'inbound', body: INTERACTION_BODY };
  const rowToRead = await call(baseline.base, 'POST', '/rows', rowBody);
  const answerRowBody = { caseId: caseToRead.id, customerId: customer.id, channel: 'web', direction: 'inbound', body: SURVEY_COMMENT };

  const json = { 'content-type': 'application/json' };
  const auth = { authorization: `Bearer ${key}` };
  const all = {
    create: [
      { id: 'baseline-create', server: 'baseline', op: 'create', label: 'baseline  POST /rows', spec: { url: `${baseline.base}/rows`, method: 'POST', headers: json, body: JSON.stringify(rowBody) } },
      { id: 'aftercare-create', server: 'aftercare', op: 'create', label: 'Aftercare POST /api/cases', spec: { url: `${aftercare.base}/api/cases`, method: 'POST', headers: { ...json, ...auth }, body: JSON.stringify(caseBody) } },
    ],
    read: [
      { id: 'baseline-read', server: 'baseline', op: 'read', label: 'baseline  GET /rows/:id', spec: { url: `${baseline.base}/rows/${rowToRead.id}`, method: 'GET' } },
      { id: 'aftercare-read', server: 'aftercare', op: 'read', label: 'Aftercare GET /api/cases/:id', spec: { url: `${aftercare.base}/api/cases/${caseToRead.id}`, method: 'GET', headers: auth } },
    ],
    // The customer's form, each request with a token of its own; against the baseline's insert of one row.
    surveys: [
      { id: 'baseline-surveys', server: 'baseline', op: 'surveys', label: 'baseline  POST /rows (a survey answer)', spec: { url: `${baseline.base}/rows`, method: 'POST', headers: json, body: JSON.stringify(answerRowBody) } },
      {
        id: 'aftercare-surveys',
        server: 'aftercare',
        op: 'surveys',
        label: 'Aftercare POST /survey/:token',
        spec: { url: `${aftercare.base}/survey/`, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: SURVEY_FORM, paths: { file: surveyPaths, from: 0 } },
      },
    ],
  };
  const scenarios = HTTP_SCENARIOS.flatMap((name) => all[name]);

  // One load at a time: warm-up (not reported), then the measured run.
  const results = [];
  // Each token answers once: the measured load goes on from where the warm-up stopped.
  let pathsFrom = 0;
  const specOf = (spec, duration) => ({ ...spec, connections: CONNECTIONS, duration, ...(spec.paths ? { paths: { ...spec.paths, from: pathsFrom } } : {}) });
  for (const scenario of scenarios) {
    if (WARMUP > 0) {
      process.stdout.write(`bench: ${scenario.label}: warm-up ${WARMUP} s… `);
      pathsFrom += (await load(specOf(scenario.spec, WARMUP))).pathsUsed;
    } else process.stdout.write(`bench: ${scenario.label}: `);
    if (fatal) throw fatal;
    process.stdout.write(`measuring ${DURATION} s… `);
    const server = scenario.server === 'aftercare' ? aftercare : baseline;
    const account = cpuAccount([server.entry.child.pid]);
    const figures = await load(specOf(scenario.spec, DURATION));
    pathsFrom += figures.pathsUsed;
    if (scenario.spec.paths && pathsFrom > SURVEY_INVITATIONS) {
      console.log(`\nbench: !!! ${pathsFrom} survey answers sent for ${SURVEY_INVITATIONS} invitations: raise BENCH_SURVEY_INVITATIONS`);
    }
    const cpu = account(figures.loaderCpuMs);
    if (fatal) throw fatal;
    const failed = figures.non2xx + figures.errors + figures.timeouts;
    const busyMachine = cpu && cpu.otherCores + cpu.stealCores > OTHER_CPU_LIMIT;
    console.log(
      `${fmt.rps(figures.requestsPerSecond)} req/s` +
        (cpu ? `  [cpu: server ${cpu.serverCores[0]}, autocannon ${cpu.loaderCores}, other processes ${cpu.otherCores}, steal ${cpu.stealCores} cores]` : '') +
        (failed ? `  !!! ${failed} FAILED REQUESTS` : '') +
        (busyMachine ? '  !!! MACHINE BUSY' : ''),
    );
    results.push({ ...scenario, figures: { ...figures, cpu } });
  }

  // Sanity after the load: the audit chain must still verify.
  let auditCheck = null;
  if (SCENARIOS.includes('create') || SCENARIOS.includes('surveys')) {
    try {
      auditCheck = { ok: true, output: (await runCli(['audit', 'verify'], env)).trim() };
    } catch (error) {
      auditCheck = { ok: false, output: error.message };
    }
  }

  await stopChild(baseline.entry);
  await stopChild(aftercare.entry);

  return { results, auditCheck, caseId: caseToRead.id, profileDir: PROFILE ? profileDir : null };
}

/**
 * The SLA scenario in two processes of bench/sla.js: the clocks of 100,000 open cases, then the
 * at-risk query over a million cases (its data built in the temp dir).
 */
async function slaScenario(tmp) {
  process.stdout.write('bench: SLA clocks of 100,000 open cases from their histories… ');
  const clocks = await benchPart('sla.js', 'clocks', []);
  console.log(`${fmt.ms(clocks.figures.coldMs)} ms (warm ${fmt.ms(clocks.figures.warmMs)} ms)${cpuNote(clocks.figures.cpu)}`);
  process.stdout.write('bench: SLA at-risk query: building 1,000,000 cases, then 200 runs against the same SQL on bare better-sqlite3… ');
  const atRisk = await benchPart('sla.js', 'at-risk', ['--dir', tmp]);
  const a = atRisk.figures;
  console.log(`built in ${a.buildSeconds} s; p50 ${fmt.ms(a.aftercare.p50)} ms, p95 ${fmt.ms(a.aftercare.p95)} ms${cpuNote(a.cpu)}`);
  return { clocks: clocks.figures, atRisk: atRisk.figures, parts: [clocks, atRisk] };
}

function cpuNote(cpu) {
  if (!cpu) return '';
  const other = cpu.otherCores + cpu.stealCores;
  return `  [cpu: bench ${cpu.childCores}, other processes ${cpu.otherCores}, steal ${cpu.stealCores} cores]${other > OTHER_CPU_LIMIT ? '  !!! MACHINE BUSY' : ''}`;
}

/**
 * The dispatch scenario in a process of bench/dispatch.js, which starts its own workers and SMTP
 * sinks: their CPU is not told apart from other processes', so no busy-machine check here.
 */
async function dispatchScenario(tmp) {
  process.stdout.write(`bench: dispatch: follow-ups sent to an SMTP sink by one worker on SQLite${POSTGRES_URL ? ' and three on PostgreSQL' : ''}, against nodemailer alone… `);
  const run = await benchPart('dispatch.js', null, ['--dir', tmp, ...(POSTGRES_URL ? ['--postgres', POSTGRES_URL] : [])], { accountCpu: false });
  const f = run.figures;
  console.log(`SQLite ${f.sqlite.perSecond}/s${f.postgres ? `, PostgreSQL ${f.postgres.perSecond}/s` : ''}, baseline ${f.baseline.perSecond}/s`);
  return f;
}

/** The dashboard scenario in a process of bench/dashboard.js, which builds its store in the temp dir. */
async function dashboardScenario(tmp) {
  process.stdout.write('bench: dashboard: building two years of a desk (1,000,000 cases by default), then every KPI for one quarter, as the API computes them… ');
  const run = await benchPart('dashboard.js', null, ['--dir', tmp]);
  const f = run.figures;
  console.log(`built in ${f.buildSeconds} s; p50 ${fmt.ms(f.aftercare.p50)} ms, p95 ${fmt.ms(f.aftercare.p95)} ms${cpuNote(f.cpu)}`);
  return { figures: f, part: run };
}

/** Prints the dashboard figures against the target; returns the verdict for the JSON. */
function reportDashboard({ figures: f }) {
  const target = TARGETS.dashboard;
  const met = f.aftercare.p95 < target.maxP95Ms;
  const n = (value) => value.toLocaleString('en');
  const row = (what, s, extra = '') => ({ what, figure: `${fmt.ms(s.p50)} / ${fmt.ms(s.p95)} / ${fmt.ms(s.max)}`, extra });
  const rows = [
    { ...row(`all KPIs for one quarter, ${f.runs} runs`, f.aftercare), target: `p95 < ${target.maxP95Ms} ms`, verdict: met ? 'MET' : 'MISSED' },
    ...Object.entries(f.byFilter).map(([filter, s]) => row(`  ${filter}`, s)),
    ...Object.entries(f.otherFilters ?? {}).map(([filter, s]) => row(`  ${filter}, each quarter once (not in the runs)`, s)),
    ...Object.entries(f.byQuarter).map(([quarter, s]) => row(`  ${quarter}`, s)),
  ];
  console.log('');
  console.log(
    table(rows, [
      { title: 'dashboard', align: 'left', value: (r) => r.what },
      { title: 'p50 / p95 / max ms', value: (r) => r.figure },
      { title: 'target', value: (r) => r.target ?? '' },
      { title: '', align: 'left', value: (r) => r.verdict ?? '' },
    ]),
  );
  const r = f.rows;
  console.log(
    `(kpiReport as GET /api/analytics/kpis runs it, on the store opened as the server opens it, after ${f.warmupRuns} warm-up reports; each quarter with no filter, one team, one agent in turn; ` +
      `${n(r.cases)} cases (${n(r.openCases)} open, ${n(r.reopened)} reopened), ${n(r.interactions)} interactions, ${n(r.transitions)} status changes, ${n(r.responses)} survey responses, ` +
      `${n(r.orders)} orders, ${n(r.customers)} customers, ${n(r.followUps)} follow-ups, ${n(r.messages)} sent messages, ${f.dataFrom.slice(0, 10)} to ${f.dataTo.slice(0, 10)}; ` +
      `${f.fileMb} MB built in ${f.buildSeconds} s (rows ${f.buildRowsSeconds} s, indexes ${f.buildIndexesSeconds} s; cpu ${f.buildCpuSeconds} s))`,
  );
  const facts = f.kpiFacts;
  console.log(
    `KPI facts derived from it by the rebuild job's code in ${facts.seconds} s (cpu ${facts.cpuSeconds} s): ` +
      Object.entries(facts.rows).map(([table, count]) => `${n(count)} ${table}`).join(', '),
  );
  for (const profile of f.profiles) {
    console.log(`profile of ${profile.quarter}, ${profile.filter}: ${fmt.ms(profile.totalMs)} ms = queries ${fmt.ms(profile.queriesMs)} ms + the rest (parsing clocks, counting) ${fmt.ms(profile.restMs)} ms; slowest queries:`);
    for (const query of profile.queries.slice(0, 4)) {
      console.log(`  ${fmt.ms(query.ms)} ms in ${query.runs} run(s), ${n(query.rowsOfOneRun)} rows in one: ${query.sql.slice(0, 150)}${query.sql.length > 150 ? '…' : ''}`);
      console.log(`    plan: ${query.plan.join('; ')}`);
    }
  }
  return { met };
}

/** Prints the dispatch figures against their target; returns the verdict for the JSON. */
function reportDispatch({ baseline, sqlite, postgres }) {
  const met = sqlite.perSecond >= TARGETS.dispatch.sqliteMinPerSecond;
  const row = (what, r) => ({ what, figure: `${r.perSecond}/s (${r.sendingPerSecond}/s once sending)`, ratio: fmt.ratio(r.perSecond / baseline.perSecond), extra: `${r.followUps} in ${r.seconds} s; ${r.received} received, ${r.distinct} distinct` });
  const rows = [row(`follow-ups sent, ${sqlite.label}`, sqlite), ...(postgres ? [row(`follow-ups sent, ${postgres.label}`, postgres)] : [])];
  console.log('');
  console.log(
    table(
      [...rows, { what: 'baseline: nodemailer alone, pool of 10', figure: `${baseline.perSecond}/s`, ratio: '', extra: `${baseline.received} in ${baseline.seconds} s` }],
      [
        { title: 'dispatch', align: 'left', value: (r) => r.what },
        { title: 'rate', value: (r) => r.figure },
        { title: 'vs baseline', value: (r) => r.ratio },
        { title: '', align: 'left', value: (r) => r.extra },
      ],
    ),
  );
  console.log(`dispatch on SQLite, target ≥ ${TARGETS.dispatch.sqliteMinPerSecond}/s: ${met ? 'MET' : 'MISSED'} (rate from the workers' start until every follow-up is marked sent)`);
  return { met };
}

/** One part of a bench script in its own process; resolves to its figures, with the CPU other processes used meanwhile. */
function benchPart(script, part, args, { accountCpu = true, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const machine = machineCpuMs();
    const own = ownCpuMs();
    const started = performance.now();
    const child = spawn(process.execPath, [...EXTRA_FLAGS, path.join(BENCH_DIR, script), ...(part ? [part] : []), ...args], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const name = `${script}${part ? ` ${part}` : ''}`;
    const entry = track(child, name);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => {
      if (entry.expectedExit) return;
      if (code !== 0) return reject(new Error(`bench/${name} exited with ${code ?? signal}:\n${stderr}`));
      let figures;
      try {
        figures = JSON.parse(stdout.trim().split('\n').at(-1));
      } catch (error) {
        return reject(new Error(`bench/${name} printed no JSON: ${error.message}\n${stdout}\n${stderr}`));
      }
      const machineAfter = machineCpuMs();
      const wallMs = performance.now() - started;
      const cores = (ms) => Math.round((100 * ms) / wallMs) / 100;
      const cpu =
        accountCpu && machine && machineAfter
          ? {
              wallMs: Math.round(wallMs),
              childCores: cores(figures.processCpuMs),
              otherCores: cores(Math.max(0, machineAfter.busy - machine.busy - figures.processCpuMs - (ownCpuMs() - own))),
              stealCores: cores(machineAfter.steal - machine.steal),
            }
          : null;
      resolve({ id: `${script.replace(/\.js$/, '')}${part ? `-${part}` : ''}`, figures: { ...figures, cpu } });
    });
  });
}

/** Prints the SLA figures against their targets; returns the verdicts for the JSON. */
function reportSla({ clocks, atRisk }) {
  const target = TARGETS.sla;
  const clocksMet = clocks.coldMs < target.clocksMaxMs;
  const atRiskMet = atRisk.aftercare.p95 < target.atRiskMaxP95Ms;
  const n = (value) => value.toLocaleString('en');
  const rows = [
    { what: `clocks of ${n(clocks.cases)} open cases, first pass (cold)`, figure: `${fmt.ms(clocks.coldMs)} ms (cpu ${fmt.ms(clocks.coldCpuMs)})`, target: `< ${target.clocksMaxMs} ms`, verdict: clocksMet ? 'MET' : 'MISSED' },
    { what: '  the same, warm (best of two more passes)', figure: `${fmt.ms(clocks.warmMs)} ms (cpu ${fmt.ms(clocks.warmCpuMs)})`, target: '', verdict: '' },
    { what: `at-risk query over ${n(atRisk.cases)} cases, p50 / p95`, figure: `${fmt.ms(atRisk.aftercare.p50)} / ${fmt.ms(atRisk.aftercare.p95)} ms`, target: `p95 < ${target.atRiskMaxP95Ms} ms`, verdict: atRiskMet ? 'MET' : 'MISSED' },
    { what: '  same SQL on bare better-sqlite3, p50 / p95', figure: `${fmt.ms(atRisk.bare.p50)} / ${fmt.ms(atRisk.bare.p95)} ms`, target: '', verdict: '' },
    { what: '  Aftercare/bare ratio, p50 / p95', figure: `${fmt.ratio(atRisk.ratioP50)} / ${fmt.ratio(atRisk.ratioP95)}`, target: '', verdict: '' },
  ];
  console.log('');
  console.log(
    table(rows, [
      { title: 'SLA', align: 'left', value: (r) => r.what },
      { title: 'figure', value: (r) => r.figure },
      { title: 'target', value: (r) => r.target },
      { title: '', align: 'left', value: (r) => r.verdict },
    ]),
  );
  console.log(
    `(clocks: computeSlaClocks + nextDue per case, ${clocks.interactionsPerCase} contacts and ${clocks.transitionsPerCase} status changes each, one calendar ${clocks.calendar}; ` +
      `at-risk: atRiskCases as GET /api/sla/at-risk runs it, ${atRisk.runs} runs after ${atRisk.warmupRuns} warm-up, ${atRisk.returned} cases each, ` +
      `${n(atRisk.cases)} cases and ${n(atRisk.customers)} customers in ${atRisk.fileMb} MB built in ${atRisk.buildSeconds} s (cpu ${atRisk.buildCpuSeconds} s); plan: ${atRisk.plan[0]}; ` +
      'cpu: of the whole bench process, GC threads included)',
  );
  return { clocksMet, atRiskMet };
}

/** The server's CPU time (all threads) per request answered during the load, in whole µs. */
function cpuPerRequestUs(figures) {
  if (!figures.cpu || figures.requestsTotal === 0) return null;
  return Math.round((figures.cpu.serverCores[0] * figures.cpu.wallMs * 1000) / figures.requestsTotal);
}

function report({ results, auditCheck, startedAt, tmp, caseId, profileDir, sla, dispatch, dashboard }) {
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  const comparisons = [];
  for (const op of ['create', 'read', 'surveys']) {
    const base = byId[`baseline-${op}`];
    const ours = byId[`aftercare-${op}`];
    if (!base || !ours) continue;
    const ratio = base.figures.requestsPerSecond > 0 ? ours.figures.requestsPerSecond / base.figures.requestsPerSecond : null;
    const target = TARGETS[op];
    const clean = [base, ours].every((r) => r.figures.non2xx + r.figures.errors + r.figures.timeouts === 0);
    if (!target) {
      comparisons.push({ op, ratio, target: null, ratioMet: null, p99Met: null, met: null, clean });
      continue;
    }
    const ratioMet = ratio !== null && ratio >= target.minRatio;
    const p99Met = target.maxP99Ms === undefined ? null : ours.figures.latency.p99 < target.maxP99Ms;
    comparisons.push({
      op,
      ratio,
      target: `≥ ${target.minRatio} of baseline req/s${target.maxP99Ms === undefined ? '' : ` and p99 < ${target.maxP99Ms} ms`}`,
      ratioMet,
      p99Met,
      met: ratioMet && p99Met !== false && clean,
      clean,
    });
  }

  if (results.length > 0) {
    console.log('');
    console.log(
      table(results, [
        { title: 'scenario', align: 'left', value: (r) => r.label },
        { title: 'req/s', value: (r) => fmt.rps(r.figures.requestsPerSecond) },
        { title: 'p50 ms', value: (r) => fmt.ms(r.figures.latency.p50) },
        { title: 'p99 ms', value: (r) => fmt.ms(r.figures.latency.p99) },
        { title: 'max ms', value: (r) => fmt.ms(r.figures.latency.max) },
        { title: 'requests', value: (r) => r.figures.requestsTotal },
        { title: 'non-2xx', value: (r) => r.figures.non2xx },
        { title: 'errors', value: (r) => r.figures.errors + r.figures.timeouts },
        { title: 'server cpu', value: (r) => (r.figures.cpu ? r.figures.cpu.serverCores[0].toFixed(2) : '-') },
        { title: 'cpu µs/req', value: (r) => cpuPerRequestUs(r.figures) ?? '-' },
        { title: 'other cpu', value: (r) => (r.figures.cpu ? (r.figures.cpu.otherCores + r.figures.cpu.stealCores).toFixed(2) : '-') },
      ]),
    );
    console.log(
      `(latency: autocannon, 1 ms resolution, 2xx answers only; cpu: cores used on average during the load, of ${os.cpus().length}; other = other processes + steal; ` +
        'cpu µs/req: the server’s CPU time per answered request, all its threads, which other processes disturb far less than req/s)',
    );
    console.log('');
  }
  for (const c of comparisons) {
    const ours = byId[`aftercare-${c.op}`].figures;
    if (c.target === null) {
      console.log(`${c.op.padEnd(6)} Aftercare/baseline: ratio ${fmt.ratio(c.ratio)}, p50 ${fmt.ms(ours.latency.p50)} ms, p99 ${fmt.ms(ours.latency.p99)} ms${c.clean ? '' : ', failed requests ✗'}   (no target: reported)`);
      continue;
    }
    const verdict = c.met ? 'MET' : 'MISSED';
    const parts = [`ratio ${fmt.ratio(c.ratio)} ${c.ratioMet ? '✓' : '✗'}`];
    if (c.p99Met !== null) parts.push(`p99 ${fmt.ms(ours.latency.p99)} ms ${c.p99Met ? '✓' : '✗'}`);
    if (!c.clean) parts.push('failed requests ✗');
    console.log(`${c.op.padEnd(6)} Aftercare/baseline: ${parts.join(', ')}   target ${c.target}: ${verdict}`);
  }

  const failures = results.filter((r) => r.figures.non2xx + r.figures.errors + r.figures.timeouts > 0);
  if (failures.length > 0) {
    console.log('');
    console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
    console.log('!!! THIS RUN HAD FAILED REQUESTS: its figures do not measure the real work !!!');
    for (const r of failures) {
      console.log(`!!! ${r.label}: non-2xx ${r.figures.non2xx} ${JSON.stringify(r.figures.statusCodes)}, errors ${r.figures.errors}, timeouts ${r.figures.timeouts}`);
    }
    console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  }
  const slaVerdicts = sla ? reportSla(sla) : null;
  const dispatchVerdict = dispatch ? reportDispatch(dispatch) : null;
  const dashboardVerdict = dashboard ? reportDashboard(dashboard) : null;
  const noisy = [...results, ...(sla ? sla.parts : []), ...(dashboard ? [dashboard.part] : [])].filter((r) => r.figures.cpu && r.figures.cpu.otherCores + r.figures.cpu.stealCores > OTHER_CPU_LIMIT);
  if (noisy.length > 0) {
    console.log('');
    console.log(`!!! OTHER PROCESSES USED THE CPU during ${noisy.map((r) => r.id).join(', ')} (more than ${OTHER_CPU_LIMIT} of a core on average):`);
    console.log('!!! those figures, and the ratios built on them, are disturbed; run again on a quiet machine.');
  }
  if (auditCheck) console.log(`${auditCheck.ok ? '' : '!!! '}audit chain after the load: ${auditCheck.output}`);
  if (EXTRA_FLAGS.length) console.log(`!!! experiment (BENCH_AFTERCARE_NODE_FLAGS=${EXTRA_FLAGS.join(' ')}): not the measurement of the code as it is`);
  if (PROFILE) console.log(`!!! profiled run (BENCH_PROFILE=1): figures are not the measurement. Profile in ${profileDir}; summarise with: node bench/profile-summary.js <file>.cpuprofile`);

  const output = {
    startedAt,
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, totalMemMb: Math.round(os.totalmem() / 1048576), platform: `${os.platform()} ${os.release()}`, node: process.version },
    settings: { connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP, scenarios: SCENARIOS, profiled: PROFILE, aftercareNodeFlags: EXTRA_FLAGS, aftercare: 'dist/ via bin/aftercare.js serve, NODE_ENV=production, LOG_LEVEL=warn, SQLite' },
    valid: failures.length === 0 && noisy.length === 0 && !PROFILE && EXTRA_FLAGS.length === 0,
    disturbed: noisy.map((r) => r.id),
    results: results.map((r) => ({ id: r.id, server: r.server, op: r.op, method: r.spec.method, url: new URL(r.spec.url).pathname, ...r.figures, cpuPerRequestUs: cpuPerRequestUs(r.figures) })),
    comparisons,
    sla: sla ? { targets: TARGETS.sla, ...slaVerdicts, clocks: sla.clocks, atRisk: sla.atRisk, cpu: Object.fromEntries(sla.parts.map((r) => [r.id, r.figures.cpu])) } : null,
    dispatch: dispatch ? { targets: TARGETS.dispatch, ...dispatchVerdict, ...dispatch } : null,
    dashboard: dashboard ? { targets: TARGETS.dashboard, ...dashboardVerdict, ...dashboard.figures } : null,
    auditCheck,
    readCaseId: caseId,
    tempDir: KEEP ? tmp : null,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, PROFILE ? 'profiled.json' : EXTRA_FLAGS.length ? 'experiment.json' : 'latest.json');
  fs.writeFileSync(file, JSON.stringify(output, null, 2) + '\n');
  console.log(`results written to ${path.relative(ROOT, file)}`);
}

main().then(
  () => {
    if (fatal) process.exitCode = 1;
  },
  (error) => {
    if (interrupted) {
      console.error(`bench: interrupted by ${interrupted}, nothing reported`);
      process.exitCode = 130;
      return;
    }
    console.error(`\nbench failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  },
);
