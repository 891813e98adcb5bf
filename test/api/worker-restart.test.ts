import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreLocation } from '../../src/server/platform/config.js';
import type { Store } from '../../src/server/platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { scheduleJob, type JobHandler } from '../../src/server/platform/jobs/jobs.js';
import { startWorker } from '../../src/server/platform/jobs/worker.js';
import { ENGINES, openFreshStore } from '../support/stores.js';

const BIN = path.resolve('bin/aftercare.js');
const WORKER_PROCESS = path.resolve('test/support/job-worker-process.ts');
const MINUTE = 60_000;

function databaseUrl(location: StoreLocation): string {
  return location.engine === 'sqlite' ? `sqlite:${location.file}` : location.connectionString;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A child process whose output the test reads as it comes. */
function launch(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve((exit = { code, signal }))),
  );
  return {
    child,
    exited,
    output: () => stdout,
    async says(text: string) {
      await until(`"${text}" from ${args.join(' ')}`, async () => {
        if (exit && !stdout.includes(text)) throw new Error(`the process ended (${JSON.stringify(exit)}) without saying "${text}": ${stderr}`);
        return stdout.includes(text);
      });
    },
    async kill(signal: NodeJS.Signals) {
      child.kill(signal);
      return exited;
    },
  };
}

describe.each(ENGINES)('a worker process that dies on %s', (engine) => {
  let store: Store;
  let location: StoreLocation;
  beforeAll(async () => {
    ({ store, location } = await openFreshStore(engine));
    await sql`create table job_effects (job_key text not null, worker text not null)`.execute(store.db);
  });
  afterAll(() => store?.close());

  const schedule = (kind: string, key: string) =>
    inTransaction(store, SYSTEM_ACTOR, (work) => scheduleJob(work.tx, { kind, key, runAt: new Date().toISOString(), payload: null }));
  const job = (key: string) => store.db.selectFrom('scheduled_jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
  async function effects(key: string) {
    const { rows } = await sql<{ worker: string }>`select worker from job_effects where job_key = ${key}`.execute(store.db);
    return rows.map((row) => row.worker);
  }
  const recordRun: JobHandler = async (work, _payload, info) => {
    await sql`insert into job_effects (job_key, worker) values (${info.key}, ${'test process'})`.execute(work.tx);
  };

  it('loses nothing when killed in the middle of a job: another worker runs it once the lease runs out', async () => {
    await schedule('test.effect', 'killed-mid-job');
    const doomed = launch(['--import', 'tsx', WORKER_PROCESS, JSON.stringify(location), 'block']);
    await doomed.says('effect written');
    // Written in the dying worker's transaction, never committed.
    expect(await effects('killed-mid-job')).toEqual([]);
    expect(await doomed.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    const claim = await job('killed-mid-job');
    expect(claim).toMatchObject({ state: 'pending', locked_by: 'killed process', attempts: 0 });
    // While its lease holds, the job is left to the worker that claimed it.
    const now = startWorker(store, { 'test.effect': recordRun }, { pollMs: Infinity });
    expect(await now.runDueJobs()).toBe(0);

    const afterLease = Date.parse(claim.locked_until!) + 1000;
    const later = startWorker(store, { 'test.effect': recordRun }, { pollMs: Infinity, now: () => afterLease });
    // PostgreSQL may take a moment to notice the dead connection and release its row lock.
    await until('the job to run again', async () => (await later.runDueJobs()) === 1);
    expect(await effects('killed-mid-job')).toEqual(['test process']);
    expect(await job('killed-mid-job')).toMatchObject({ state: 'done', attempts: 0 });
    expect(await later.runDueJobs()).toBe(0);
    await Promise.all([now.stop(), later.stop()]);
  });

  it('never repeats a job when killed after committing it', async () => {
    await schedule('test.effect', 'killed-after-commit');
    const doomed = launch(['--import', 'tsx', WORKER_PROCESS, JSON.stringify(location), 'pass']);
    await doomed.says('pass committed: 1');
    await doomed.kill('SIGKILL');

    const muchLater = Date.now() + 24 * 60 * MINUTE;
    const next = startWorker(store, { 'test.effect': recordRun }, { pollMs: Infinity, now: () => muchLater });
    expect(await next.runDueJobs()).toBe(0);
    expect(await effects('killed-after-commit')).toEqual(['killed process']);
    expect(await job('killed-after-commit')).toMatchObject({ state: 'done', locked_by: 'killed process' });
    await next.stop();
  });

  it('aftercare worker runs due jobs without the API and stops cleanly on SIGTERM', async () => {
    // No handler in the product takes this kind, so the worker fails it: proof that it ran.
    await schedule('test.nobody-handles', 'cli-worker');
    const worker = launch([BIN, 'worker'], { DATABASE_URL: databaseUrl(location) });
    await worker.says(`Aftercare worker is running on ${engine}`);
    const failed = await until('the worker to take the job', async () => {
      const row = await job('cli-worker');
      return row.state === 'failed' && row;
    });
    expect(failed.last_error).toBe('no handler is registered for job kind "test.nobody-handles"');
    expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('Aftercare worker stopped');
  });

  it('aftercare serve runs the worker unless told --no-worker', async () => {
    await schedule('test.nobody-handles', 'cli-serve');
    const env = { DATABASE_URL: databaseUrl(location), LOG_LEVEL: 'warn' };
    const apiOnly = launch([BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--no-worker'], env);
    await apiOnly.says('without a job worker');
    await sleep(1500);
    expect((await job('cli-serve')).state).toBe('pending');
    expect(await apiOnly.kill('SIGTERM')).toEqual({ code: 0, signal: null });

    const both = launch([BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], env);
    await both.says(`Aftercare is running on ${engine}: open`);
    await until('serve to run the job', async () => (await job('cli-serve')).state === 'failed');
    expect(await both.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
