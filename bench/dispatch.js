#!/usr/bin/env node
// The bench's dispatch scenario, run by bench/run.js in a process of its own, on the BUILT modules
// in dist/ (npm run bench builds first). Prints one line of JSON with its figures last.
//
//   node bench/dispatch.js --dir DIR [--postgres ADMIN_URL]
//
// For each store (SQLite in DIR; PostgreSQL in a fresh database next to ADMIN_URL's, dropped
// afterwards, when given): writes FOLLOW_UPS post-purchase check-ins by email that are due now,
// through the real follow-up store (each planned against the customer's preferences), then
// starts `aftercare worker` processes (one on SQLite, three on PostgreSQL) pointed at an SMTP sink
// in a process of its own, and times them until the sink has every message: each follow-up runs
// its due job (re-checked, its text written, queued in the outbox) and is sent and marked sent.
// The baseline in the same run: nodemailer alone sending the same number of messages to the same
// sink over a pool of 10 connections, no store at all.
//
//   BENCH_DISPATCH_FOLLOW_UPS  follow-ups per store (default 5000)
//   BENCH_AFTERCARE_NODE_FLAGS extra node flags for the worker processes (e.g. --cpu-prof)
//   BENCH_DISPATCH_POSTGRES=0  SQLite only
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { round } from './synthetic.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => import(pathToFileURL(path.join(ROOT, 'dist', 'server', file)).href);
const CLI = path.join(ROOT, 'bin', 'aftercare.js');
const EXTRA_FLAGS = (process.env.BENCH_AFTERCARE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

const FOLLOW_UPS = Number(process.env.BENCH_DISPATCH_FOLLOW_UPS ?? 5000);
if (!Number.isInteger(FOLLOW_UPS) || FOLLOW_UPS <= 0) throw new Error('BENCH_DISPATCH_FOLLOW_UPS must be a positive whole number');

const { values } = parseArgs({ options: { dir: { type: 'string' }, postgres: { type: 'string' } } });
if (!values.dir) throw new Error('usage: dispatch.js --dir DIR [--postgres ADMIN_URL]');

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** A child process, and a promise of the first stdout line that matches. */
function launch(args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = [];
  const waiters = [];
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    const parts = stdout.split('\n');
    stdout = parts.pop();
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) if (waiter.test(line)) waiter.resolve(line);
    }
  });
  return {
    child,
    line(test) {
      const found = lines.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`)));
      });
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

async function startSink() {
  const sink = launch([path.join(ROOT, 'bench', 'smtp-sink.js'), String(FOLLOW_UPS)]);
  const port = (await sink.line((line) => line.startsWith('listening '))).split(' ')[1];
  return { ...sink, url: `smtp://127.0.0.1:${port}`, done: sink.line((line) => line.startsWith('{')).then(JSON.parse) };
}

async function writeFollowUps(location) {
  const [{ openStore }, { migrateToLatest }, { inTransaction, SYSTEM_ACTOR }, { createCustomer }, { createFollowUp, DUE_JOB }, { CreateCustomer }] = await Promise.all([
    dist('platform/db/database.js'),
    dist('platform/db/migrate.js'),
    dist('platform/db/work.js'),
    dist('modules/customers/customers.store.js'),
    dist('modules/follow-ups/follow-ups.store.js'),
    import(pathToFileURL(path.join(ROOT, 'dist', 'shared', 'index.js')).href),
  ]);
  // The app's modules register their job handlers and hooks as they load, as in `aftercare worker`.
  await dist('platform/http/app.js');
  const store = openStore(location);
  await migrateToLatest(store.db);
  const now = new Date().toISOString();
  const started = performance.now();
  for (let first = 0; first < FOLLOW_UPS; first += 250) {
    await inTransaction(store, SYSTEM_ACTOR, async (work) => {
      for (let n = first; n < Math.min(FOLLOW_UPS, first + 250); n++) {
        const customer = await createCustomer(work, CreateCustomer.parse({ name: `Customer ${n}`, email: `customer${n}@example.test` }));
        await createFollowUp(work, { customerId: customer.id, caseId: null, transactionId: null, ruleId: null, purpose: 'post_purchase_checkin', dueAt: now, channel: 'email', assigneeId: null, note: null, caseStatus: null });
      }
    });
  }
  // Whatever the hour of the run, the customers' default quiet hours must not hold them back.
  await store.db.updateTable('scheduled_jobs').set({ run_at: now }).where('kind', '=', DUE_JOB).execute();
  const writeSeconds = (performance.now() - started) / 1000;
  return { store, writeSeconds };
}

async function measureStore(label, location, databaseUrl, workers) {
  const { store, writeSeconds } = await writeFollowUps(location);
  const sink = await startSink();
  const started = Date.now();
  const processes = Array.from({ length: workers }, () => launch([...EXTRA_FLAGS, CLI, 'worker'], { DATABASE_URL: databaseUrl, SMTP_URL: sink.url, AFTERCARE_SECRET: 'bench', LOG_LEVEL: 'warn' }));
  const got = await sink.done;
  const allSentAt = await until(async () => {
    const row = await store.db.selectFrom('follow_ups').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'sent').executeTakeFirst();
    return Number(row.n) === FOLLOW_UPS;
  });
  await Promise.all(processes.map((p) => p.stop()));
  await sink.stop();
  await store.close();
  const seconds = (allSentAt - started) / 1000;
  // From the first message at the sink to the last: the rate once the workers are up and polling.
  const sendingSeconds = (got.lastAt - got.firstAt) / 1000;
  return { label, workers, followUps: FOLLOW_UPS, writeSeconds: round(writeSeconds, 2), seconds: round(seconds, 2), perSecond: Math.round(FOLLOW_UPS / seconds), sendingPerSecond: Math.round(FOLLOW_UPS / sendingSeconds), received: got.received, distinct: got.distinct };
}

async function until(probe) {
  for (;;) {
    if (await probe()) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function baseline() {
  const sink = await startSink();
  const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: 10, maxMessages: Infinity });
  const started = Date.now();
  let next = 0;
  const lane = async () => {
    while (next < FOLLOW_UPS) {
      const n = next++;
      await transport.sendMail({ from: 'care@shop.test', to: `customer${n}@example.test`, subject: 'How is your order?', text: 'Is everything as you expected?', messageId: `<bench-${n}@shop.test>` });
    }
  };
  await Promise.all(Array.from({ length: 10 }, lane));
  const got = await sink.done;
  const seconds = (Date.now() - started) / 1000;
  transport.close();
  await sink.stop();
  return { perSecond: Math.round(FOLLOW_UPS / seconds), seconds: round(seconds, 2), received: got.received };
}


const cpuBefore = process.cpuUsage();
const bare = await baseline();
const sqliteFile = path.join(values.dir, 'dispatch.db');
const sqlite = await measureStore('SQLite, 1 worker', { engine: 'sqlite', file: sqliteFile }, `sqlite:${sqliteFile}`, 1);
let postgres = null;
if (values.postgres && process.env.BENCH_DISPATCH_POSTGRES !== '0') {
  const name = `aftercare_bench_dispatch_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  try {
    postgres = await measureStore('PostgreSQL, 3 workers', { engine: 'postgres', connectionString: url.toString() }, url.toString(), 3);
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ baseline: bare, sqlite, postgres, processCpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
process.exit(0);
