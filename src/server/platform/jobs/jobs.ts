import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import type { Work } from '../db/work.js';
import { newId, toInstant } from '../ids.js';

/** The states of a scheduled job: pending until a worker runs it (done), gives up on it (failed), or it is cancelled. */
export type JobState = 'pending' | 'done' | 'failed' | 'cancelled';

/**
 * Work to do later. `key` names the job in the caller's terms (`sla.warning:case_…:first_response`),
 * so scheduling it again moves it instead of adding a second one.
 */
export interface JobRequest {
  kind: string;
  key: string;
  /** When it becomes due: an ISO-8601 instant with an offset. */
  runAt: string;
  /** Anything JSON can carry; the handler gets it back parsed. */
  payload: unknown;
}

/** What a handler is told about the job it runs. `attempts` counts the earlier runs that failed. */
export interface JobInfo {
  id: string;
  key: string;
  kind: string;
  runAt: string;
  attempts: number;
}

/**
 * Runs one job inside the unit of work that also marks it done, so its writes and the done mark
 * commit together or not at all. A handler writes through `work` only: opening another unit of
 * work on the same store from inside it would wait for this one (on SQLite, forever). A throw rolls
 * back everything it wrote and the job is retried later.
 */
export type JobHandler = (work: Work, payload: unknown, job: JobInfo) => Promise<void>;

/**
 * In the caller's transaction: creates the job, or, if a job with this key is still pending, moves
 * it to the new runAt/payload; a done, failed or cancelled job with that key is replaced by a new
 * pending one (same key, new id).
 *
 * Either way the job is left unleased: a worker that claimed the old version before this commits
 * finds its claim gone and skips it, so the job runs at the new time with the new payload.
 */
export async function scheduleJob(tx: Tx, job: JobRequest): Promise<void> {
  const now = new Date().toISOString();
  const payloadJson = JSON.stringify(job.payload ?? null);
  // The same upsert on both engines: `scheduled_jobs.` is the row already there, `excluded.` the new one.
  const stillPending = sql<boolean>`scheduled_jobs.state = 'pending'`;
  await tx
    .insertInto('scheduled_jobs')
    .values({
      id: newId('job'),
      kind: job.kind,
      key: job.key,
      run_at: toInstant(job.runAt),
      state: 'pending',
      attempts: 0,
      locked_by: null,
      locked_until: null,
      payload_json: payloadJson,
      last_error: null,
      created_at: now,
      updated_at: now,
      done_at: null,
    })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        id: sql`case when ${stillPending} then scheduled_jobs.id else excluded.id end`,
        kind: sql`excluded.kind`,
        run_at: sql`excluded.run_at`,
        state: 'pending',
        attempts: sql`case when ${stillPending} then scheduled_jobs.attempts else 0 end`,
        locked_by: null,
        locked_until: null,
        payload_json: sql`excluded.payload_json`,
        last_error: sql`case when ${stillPending} then scheduled_jobs.last_error else null end`,
        created_at: sql`case when ${stillPending} then scheduled_jobs.created_at else excluded.created_at end`,
        updated_at: sql`excluded.updated_at`,
        done_at: null,
      }),
    )
    .execute();
}

/** In the caller's transaction: a pending job with this key is cancelled (and any claim on it dropped); otherwise nothing changes. */
export async function cancelJob(tx: Tx, key: string): Promise<void> {
  await tx
    .updateTable('scheduled_jobs')
    .set({ state: 'cancelled', locked_by: null, locked_until: null, updated_at: new Date().toISOString() })
    .where('key', '=', key)
    .where('state', '=', 'pending')
    .execute();
}
