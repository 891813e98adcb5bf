import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/modules/audit/audit.store.js';
import { createCustomer } from '../../src/server/modules/customers/customers.store.js';
import type { StoreLocation } from '../../src/server/platform/config.js';
import { openStore, type Store } from '../../src/server/platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { cancelJob, scheduleJob, type JobHandler, type JobInfo, type JobRequest } from '../../src/server/platform/jobs/jobs.js';
import { retryDelayMs, startWorker, type JobWorker, type WorkerOptions } from '../../src/server/platform/jobs/worker.js';
import { ENGINES, openFreshStore } from '../support/stores.js';

const T0 = Date.parse('2031-03-03T09:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe.each(ENGINES)('scheduled jobs on %s', (engine) => {
  let store: Store;
  let location: StoreLocation;
  /** The workers' clock; tests move it. */
  let clock: number;
  const workers: JobWorker[] = [];

  beforeAll(async () => {
    ({ store, location } = await openFreshStore(engine));
    // What a handler did, one row per run: a test-only table, written in the handler's unit of work.
    await sql`create table job_effects (job_key text not null, worker text not null, payload text not null)`.execute(store.db);
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await store?.close();
  });
  beforeEach(async () => {
    clock = T0;
    await sql`delete from scheduled_jobs`.execute(store.db);
    await sql`delete from job_effects`.execute(store.db);
  });

  function worker(handlers: Record<string, JobHandler>, options: WorkerOptions = {}, on: Store = store): JobWorker {
    const started = startWorker(on, handlers, { pollMs: Infinity, now: () => clock, ...options });
    workers.push(started);
    return started;
  }

  /** A handler that records each run in job_effects. */
  const recordRun =
    (name = 'worker'): JobHandler =>
    async (work, payload, job) => {
      await sql`insert into job_effects (job_key, worker, payload) values (${job.key}, ${name}, ${JSON.stringify(payload)})`.execute(work.tx);
    };

  const schedule = (...jobs: JobRequest[]) =>
    inTransaction(store, SYSTEM_ACTOR, async (work) => {
      for (const job of jobs) await scheduleJob(work.tx, job);
    });

  const job = (key: string) => store.db.selectFrom('scheduled_jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();

  async function effects(): Promise<{ job_key: string; worker: string; payload: string }[]> {
    const { rows } = await sql<{ job_key: string; worker: string; payload: string }>`select job_key, worker, payload from job_effects order by job_key`.execute(
      store.db,
    );
    return rows;
  }

  it('keeps one job per key: rescheduling moves a pending one, a done one is replaced by a new one', async () => {
    await schedule({ kind: 'test.effect', key: 'reminder:1', runAt: at(T0 + 30 * MINUTE), payload: { n: 1 } });
    const first = await job('reminder:1');
    await schedule({ kind: 'test.effect', key: 'reminder:1', runAt: '2031-03-03T11:00:00+01:00', payload: { n: 2 } });
    const moved = await job('reminder:1');
    expect(moved).toMatchObject({ id: first.id, state: 'pending', run_at: at(T0 + 60 * MINUTE), payload_json: '{"n":2}', attempts: 0 });
    expect(await store.db.selectFrom('scheduled_jobs').select('id').execute()).toHaveLength(1);

    const runner = worker({ 'test.effect': recordRun() });
    clock = T0 + 30 * MINUTE;
    expect(await runner.runDueJobs()).toBe(0);
    clock = T0 + 60 * MINUTE;
    expect(await runner.runDueJobs()).toBe(1);
    expect(await effects()).toEqual([{ job_key: 'reminder:1', worker: 'worker', payload: '{"n":2}' }]);
    expect(await job('reminder:1')).toMatchObject({ id: first.id, state: 'done', done_at: at(clock) });

    await schedule({ kind: 'test.effect', key: 'reminder:1', runAt: at(T0 + 120 * MINUTE), payload: { n: 3 } });
    const again = await job('reminder:1');
    expect(again).toMatchObject({ state: 'pending', attempts: 0, done_at: null, locked_by: null, payload_json: '{"n":3}' });
    expect(again.id).not.toBe(first.id);
    clock = T0 + 120 * MINUTE;
    expect(await runner.runDueJobs()).toBe(1);
    expect((await effects()).map((row) => row.payload)).toEqual(['{"n":2}', '{"n":3}']);
  });

  it('cancels a pending job, and leaves a job that already ran as it is', async () => {
    await schedule(
      { kind: 'test.effect', key: 'cancelled', runAt: at(T0), payload: null },
      { kind: 'test.effect', key: 'ran', runAt: at(T0), payload: null },
    );
    await inTransaction(store, SYSTEM_ACTOR, (work) => cancelJob(work.tx, 'cancelled'));
    expect(await worker({ 'test.effect': recordRun() }).runDueJobs()).toBe(1);
    await inTransaction(store, SYSTEM_ACTOR, async (work) => {
      await cancelJob(work.tx, 'ran');
      await cancelJob(work.tx, 'never scheduled');
    });
    expect((await job('cancelled')).state).toBe('cancelled');
    expect((await job('ran')).state).toBe('done');
    expect((await effects()).map((row) => row.job_key)).toEqual(['ran']);
  });

  it('runs a due job once, with what it was scheduled with, and a job not yet due not at all', async () => {
    await schedule(
      { kind: 'test.effect', key: 'due', runAt: at(T0 - MINUTE), payload: { caseId: 'case_1' } },
      { kind: 'test.effect', key: 'later', runAt: at(T0 + SECOND), payload: null },
    );
    const seen: { payload: unknown; job: JobInfo }[] = [];
    const runner = worker({
      'test.effect': async (work, payload, info) => {
        seen.push({ payload, job: info });
        await recordRun()(work, payload, info);
      },
    });
    expect(await runner.runDueJobs()).toBe(1);
    expect(await runner.runDueJobs()).toBe(0);
    expect(seen).toEqual([
      { payload: { caseId: 'case_1' }, job: { id: (await job('due')).id, key: 'due', kind: 'test.effect', runAt: at(T0 - MINUTE), attempts: 0 } },
    ]);
    expect(await effects()).toHaveLength(1);
    expect(await job('later')).toMatchObject({ state: 'pending', locked_by: null, attempts: 0 });
  });

  it('runs each of 50 jobs exactly once when two workers claim side by side', async () => {
    await schedule(...Array.from({ length: 50 }, (_, i) => ({ kind: 'test.effect', key: `many:${String(i).padStart(2, '0')}`, runAt: at(T0 - i * SECOND), payload: i })));
    const first = worker({ 'test.effect': recordRun('first') }, { batchSize: 5, workerId: 'first' });
    const second = worker({ 'test.effect': recordRun('second') }, { batchSize: 5, workerId: 'second' });
    const ran = await Promise.all([first.runDueJobs(), second.runDueJobs(), first.runDueJobs(), second.runDueJobs()]);
    expect(ran.reduce((a, b) => a + b)).toBe(50);
    const rows = await effects();
    expect(rows.map((row) => row.job_key)).toEqual(Array.from({ length: 50 }, (_, i) => `many:${String(i).padStart(2, '0')}`));
    const states = await store.db.selectFrom('scheduled_jobs').select(['state', 'locked_by']).execute();
    expect(states.every((row) => row.state === 'done')).toBe(true);
    // Whoever marked a job done is the one whose handler ran it.
    const doneBy = Object.fromEntries((await store.db.selectFrom('scheduled_jobs').select(['key', 'locked_by']).execute()).map((row) => [row.key, row.locked_by]));
    for (const row of rows) expect(doneBy[row.job_key]).toBe(row.worker);
  });

  it('runs each job once when a worker takes over jobs whose lease it sees as expired', async () => {
    await schedule(...Array.from({ length: 50 }, (_, i) => ({ kind: 'test.effect', key: `stolen:${String(i).padStart(2, '0')}`, runAt: at(T0), payload: i })));
    const leaseMs = 30 * SECOND;
    const slow = worker({ 'test.effect': recordRun('slow') }, { batchSize: 5, leaseMs, workerId: 'slow' });
    // Its clock is past every lease the other takes: it claims the other's jobs as a worker would
    // after the first had hung. The done mark decides who runs each one.
    const late = worker({ 'test.effect': recordRun('late') }, { batchSize: 5, leaseMs, workerId: 'late', now: () => clock + leaseMs + SECOND });
    const ran = await Promise.all([slow.runDueJobs(), late.runDueJobs()]);
    expect(ran.reduce((a, b) => a + b)).toBe(50);
    const rows = await effects();
    expect(new Set(rows.map((row) => row.job_key)).size).toBe(50);
    expect(rows).toHaveLength(50);
  });

  it.runIf(engine === 'postgres')('runs each of 50 jobs exactly once with workers in two processes on one database', async () => {
    await schedule(...Array.from({ length: 50 }, (_, i) => ({ kind: 'test.effect', key: `pools:${String(i).padStart(2, '0')}`, runAt: at(T0), payload: i })));
    const other = openStore(location, { poolSize: 4 });
    try {
      const here = [worker({ 'test.effect': recordRun('here a') }, { batchSize: 3 }), worker({ 'test.effect': recordRun('here b') }, { batchSize: 3 })];
      const there = [
        worker({ 'test.effect': recordRun('there a') }, { batchSize: 3 }, other),
        worker({ 'test.effect': recordRun('there b') }, { batchSize: 3 }, other),
      ];
      const ran = await Promise.all([...here, ...there].map((w) => w.runDueJobs()));
      expect(ran.reduce((a, b) => a + b)).toBe(50);
      const rows = await effects();
      expect(rows).toHaveLength(50);
      expect(new Set(rows.map((row) => row.job_key)).size).toBe(50);
      await Promise.all(there.map((w) => w.stop()));
    } finally {
      await other.close();
    }
  });

  it('retries a failing job with growing waits and fails it after maxAttempts, keeping the error', async () => {
    await schedule({ kind: 'test.flaky', key: 'flaky', runAt: at(T0), payload: null });
    const attemptsSeen: number[] = [];
    const runner = worker(
      {
        'test.flaky': async (_work, _payload, info) => {
          attemptsSeen.push(info.attempts);
          throw new Error(`mail server refused (try ${info.attempts + 1})`);
        },
      },
      { maxAttempts: 3 },
    );
    expect(await runner.runDueJobs()).toBe(1);
    expect(await job('flaky')).toMatchObject({ state: 'pending', attempts: 1, locked_by: null, last_error: 'mail server refused (try 1)', run_at: at(T0 + 30 * SECOND) });

    clock = T0 + 29 * SECOND;
    expect(await runner.runDueJobs()).toBe(0);
    clock = T0 + 30 * SECOND;
    expect(await runner.runDueJobs()).toBe(1);
    expect(await job('flaky')).toMatchObject({ state: 'pending', attempts: 2, run_at: at(clock + 60 * SECOND) });

    clock += 60 * SECOND;
    expect(await runner.runDueJobs()).toBe(1);
    expect(await job('flaky')).toMatchObject({ state: 'failed', attempts: 3, last_error: 'mail server refused (try 3)', done_at: null });
    clock += 24 * 60 * MINUTE;
    expect(await runner.runDueJobs()).toBe(0);
    expect(attemptsSeen).toEqual([0, 1, 2]);
  });

  it('waits 30 s after a first failure, doubling up to an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);
  });

  it('keeps nothing a failing handler wrote: no record, no audit event, and the job still pending', async () => {
    await schedule({ kind: 'test.half-done', key: 'half-done', runAt: at(T0), payload: null });
    let fail = true;
    const runner = worker({
      'test.half-done': async (work, payload, info) => {
        await createCustomer(work, { name: 'Written by a job', timezone: 'UTC', language: 'en', tier: 'standard' });
        await recordRun()(work, payload, info);
        if (fail) throw new Error('failed after writing');
      },
    });
    const auditBefore = await store.db.selectFrom('audit_events').select('seq').execute();
    expect(await runner.runDueJobs()).toBe(1);
    expect(await effects()).toEqual([]);
    expect(await store.db.selectFrom('customers').select('id').where('name', '=', 'Written by a job').execute()).toEqual([]);
    expect(await store.db.selectFrom('audit_events').select('seq').execute()).toHaveLength(auditBefore.length);
    expect(await job('half-done')).toMatchObject({ state: 'pending', attempts: 1, last_error: 'failed after writing' });

    fail = false;
    clock += retryDelayMs(1);
    expect(await runner.runDueJobs()).toBe(1);
    expect(await effects()).toHaveLength(1);
    expect(await store.db.selectFrom('customers').select('id').where('name', '=', 'Written by a job').execute()).toHaveLength(1);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    expect((await job('half-done')).state).toBe('done');
  });

  it('fails a job of a kind nobody handles at once, saying so', async () => {
    await schedule({ kind: 'test.nobody', key: 'orphan', runAt: at(T0), payload: null });
    expect(await worker({}).runDueJobs()).toBe(1);
    expect(await job('orphan')).toMatchObject({ state: 'failed', last_error: 'no handler is registered for job kind "test.nobody"' });
  });

  it('skips a claimed job that was rescheduled or cancelled before its turn came', async () => {
    // One batch claims all three; the first job's handler moves the second and cancels the third
    // before the worker reaches them, as a request committing at that moment would.
    await schedule(
      { kind: 'test.meddler', key: 'meddler', runAt: at(T0 - 2 * SECOND), payload: null },
      { kind: 'test.effect', key: 'moved', runAt: at(T0 - SECOND), payload: 'old' },
      { kind: 'test.effect', key: 'dropped', runAt: at(T0), payload: null },
    );
    const runner = worker({
      'test.meddler': async (work) => {
        await scheduleJob(work.tx, { kind: 'test.effect', key: 'moved', runAt: at(T0 + MINUTE), payload: 'new' });
        await cancelJob(work.tx, 'dropped');
      },
      'test.effect': recordRun(),
    });
    expect(await runner.runDueJobs()).toBe(1);
    expect(await effects()).toEqual([]);
    expect(await job('moved')).toMatchObject({ state: 'pending', locked_by: null, payload_json: '"new"' });
    expect((await job('dropped')).state).toBe('cancelled');
    clock = T0 + MINUTE;
    expect(await runner.runDueJobs()).toBe(1);
    expect(await effects()).toEqual([{ job_key: 'moved', worker: 'worker', payload: '"new"' }]);
  });

  it('polls on its own, never two passes at once, and stops after the pass in progress', async () => {
    await schedule({ kind: 'test.slow', key: 'slow', runAt: at(T0), payload: null });
    let running = 0;
    let most = 0;
    let finished = false;
    const poller = startWorker(
      store,
      {
        'test.slow': async (work, payload, info) => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 150));
          await recordRun()(work, payload, info);
          running--;
          finished = true;
        },
      },
      { pollMs: 10, now: () => clock },
    );
    while (running === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const extra = poller.runDueJobs();
    await poller.stop();
    expect(finished).toBe(true);
    expect(most).toBe(1);
    expect(await extra).toBe(0);
    expect(await effects()).toHaveLength(1);
  });
});
