import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { ExpressionBuilder } from 'kysely';
import type { Store } from '../db/database.js';
import { lockedForClaim } from '../db/engine.js';
import type { Database } from '../db/schema.js';
import { inTransaction, SYSTEM_ACTOR } from '../db/work.js';
import type { JobHandler } from './jobs.js';
import { pollPasses } from './polling.js';

export interface WorkerOptions {
  /** Written to `locked_by` on the jobs it claims; must differ between workers. Default: host, process id and a random tag. */
  workerId?: string;
  /** Time between passes, default 1000 ms. `Infinity`: no passes of its own, only those asked for with runDueJobs(). */
  pollMs?: number;
  /** Jobs claimed at a time, default 20. A pass claims again while batches come back full. */
  batchSize?: number;
  /** How long a claim holds, default 60 s: the jobs of a worker that died are run by another after this. */
  leaseMs?: number;
  /** Runs a job gets before it is marked failed, default 8. */
  maxAttempts?: number;
  /** The clock, in milliseconds since the epoch; tests move it. */
  now?: () => number;
}

export interface JobWorker {
  /** Stops polling and resolves once the pass in progress, if any, has finished. */
  stop(): Promise<void>;
  /** Runs one pass now (after the one in progress): how many claimed jobs it ran or failed. */
  runDueJobs(): Promise<number>;
}

const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 60 * 60_000;

/** How long to wait before running a job again after its `failures`-th failed run: 30 s, doubling, at most an hour. */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failures - 1), RETRY_CAP_MS);
}

interface ClaimedJob {
  id: string;
  kind: string;
  attempts: number;
}

class UnknownJobKindError extends Error {
  constructor(kind: string) {
    super(`no handler is registered for job kind "${kind}"`);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Pending, due at `at`, and not held by a live claim. */
function claimable(at: string) {
  return (eb: ExpressionBuilder<Database, 'scheduled_jobs'>) =>
    eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', at), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)])]);
}

/**
 * Runs due jobs from the store. Each pass claims a batch (a lease: `locked_by` this worker until
 * `locked_until`), then runs each job in a unit of work that first marks it done, only if it is
 * still pending and still claimed by this worker, and then calls its handler. The handler's writes
 * and the done mark commit together: a crash before the commit leaves the job pending for another
 * pass once the lease runs out, a crash after it leaves the job done, so its effect happens once.
 */
export function startWorker(store: Store, handlers: Record<string, JobHandler>, options: WorkerOptions = {}): JobWorker {
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const now = options.now ?? Date.now;

  async function claimDueJobs(): Promise<ClaimedJob[]> {
    const nowMs = now();
    const at = iso(nowMs);
    // A plain read first, so an idle worker never takes SQLite's write lock just to find nothing.
    const anyDue = await store.db.selectFrom('scheduled_jobs').select('id').where(claimable(at)).limit(1).executeTakeFirst();
    if (!anyDue) return [];
    const claimed = await store.transact((tx) =>
      tx
        .updateTable('scheduled_jobs')
        .set({ locked_by: workerId, locked_until: iso(nowMs + leaseMs), updated_at: at })
        .where(
          'id',
          'in',
          lockedForClaim(store.engine, tx.selectFrom('scheduled_jobs').select('id').where(claimable(at)).orderBy('run_at').orderBy('id').limit(batchSize)),
        )
        .returning(['id', 'kind', 'run_at', 'attempts'])
        .execute(),
    );
    return claimed.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id < b.id ? -1 : 1));
  }

  /** True when this worker ran the job (or failed it); false when the claim had gone to someone else. */
  async function runClaimedJob(claim: ClaimedJob): Promise<boolean> {
    const handler = handlers[claim.kind];
    try {
      if (!handler) throw new UnknownJobKindError(claim.kind);
      return await inTransaction(store, SYSTEM_ACTOR, async (work) => {
        const at = iso(now());
        // The done mark goes first and only takes if the claim is still ours: a job rescheduled or
        // cancelled since, or claimed by a worker that saw our lease expire, is not ours to run.
        const job = await work.tx
          .updateTable('scheduled_jobs')
          .set({ state: 'done', locked_until: null, done_at: at, updated_at: at })
          .where('id', '=', claim.id)
          .where('state', '=', 'pending')
          .where('locked_by', '=', workerId)
          .returning(['id', 'key', 'kind', 'run_at', 'attempts', 'payload_json'])
          .executeTakeFirst();
        if (!job) return false;
        await handler(work, JSON.parse(job.payload_json), { id: job.id, key: job.key, kind: job.kind, runAt: job.run_at, attempts: job.attempts });
        return true;
      });
    } catch (error) {
      // The unit of work rolled back: the handler's writes are gone and the job is still pending.
      return recordFailure(claim, error);
    }
  }

  async function recordFailure(claim: ClaimedJob, error: unknown): Promise<boolean> {
    const failures = claim.attempts + 1;
    const giveUp = error instanceof UnknownJobKindError || failures >= maxAttempts;
    const nowMs = now();
    const message = error instanceof Error ? error.message || error.name : String(error);
    const recorded = await store.transact((tx) =>
      tx
        .updateTable('scheduled_jobs')
        .set({
          attempts: failures,
          last_error: message.slice(0, 2000),
          locked_by: null,
          locked_until: null,
          updated_at: iso(nowMs),
          ...(giveUp ? { state: 'failed' } : { run_at: iso(nowMs + retryDelayMs(failures)) }),
        })
        .where('id', '=', claim.id)
        .where('state', '=', 'pending')
        .where('locked_by', '=', workerId)
        .where('attempts', '=', claim.attempts)
        .executeTakeFirst(),
    );
    return recorded.numUpdatedRows > 0n;
  }

  async function pass(): Promise<number> {
    let ran = 0;
    while (!polling.stopped) {
      const claimed = await claimDueJobs();
      for (const job of claimed) if (await runClaimedJob(job)) ran++;
      if (claimed.length < batchSize) break;
    }
    return ran;
  }

  const polling = pollPasses('worker', pollMs, pass);
  return { runDueJobs: polling.run, stop: polling.stop };
}
