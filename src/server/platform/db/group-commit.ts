import { CompiledQuery, type Kysely } from 'kysely';
import { appendAuditEvents, type AuditBatch } from '../../modules/audit/audit.store.js';
import { executeDirectly, type DirectExecution } from './compiled-query.js';
import type { Database } from './schema.js';
import type { Tx } from './database.js';

interface Job {
  run(tx: Tx, audit: (batch: AuditBatch) => void): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Enough to share a commit among all requests in flight, small enough to let reads in between. */
const MAX_JOBS_PER_COMMIT = 64;

// Through Kysely, so that they wait for any query of the unit still in its executor.
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to unit');
const RELEASE_SAVEPOINT = CompiledQuery.raw('release unit');

/**
 * Group commit for the embedded store. SQLite has one writer, and most of a small write's cost
 * is the commit: writing each changed page to the WAL. Units of work that arrive while one is
 * running join the same transaction, each inside its own savepoint, and share one commit.
 *
 * Each unit still succeeds or fails on its own: a failing one is rolled back to its savepoint
 * and only its caller sees the error. No caller is answered before the commit that holds its
 * work, so a crash loses only work nobody was told had succeeded. The audit events of the units
 * that succeeded are appended to the chain together, once per commit: one counter update, one
 * read of the previous hash and a few multi-row inserts instead of as many per unit.
 */
export function createGroupCommit(db: Kysely<Database>, execute: DirectExecution) {
  const queue: Job[] = [];
  let draining = false;

  function schedule(): void {
    if (draining || queue.length === 0) return;
    draining = true;
    // The driver's work is all promise callbacks, which run before the event loop reads any new
    // request; committing on the next turn lets every request already read join this commit.
    setImmediate(() => void commitBatch());
  }

  async function commitBatch(): Promise<void> {
    const batch = queue.splice(0, MAX_JOBS_PER_COMMIT);
    const done: { job: Job; value: unknown }[] = [];
    try {
      await db.transaction().execute(async (tx) => {
        const direct = executeDirectly(tx, execute);
        try {
          const audit: AuditBatch[] = [];
          for (const job of batch) {
            execute('savepoint unit', []);
            // A unit's events count only once it has succeeded: a failed one leaves no trace.
            const own: AuditBatch[] = [];
            try {
              done.push({ job, value: await job.run(tx, (events) => own.push(events)) });
              audit.push(...own);
            } catch (error) {
              await tx.executeQuery(ROLLBACK_TO_SAVEPOINT);
              job.reject(error);
            }
            await tx.executeQuery(RELEASE_SAVEPOINT);
          }
          await appendAuditEvents(tx, audit);
        } finally {
          direct.end();
        }
      });
      for (const { job, value } of done) job.resolve(value);
    } catch (error) {
      // The commit itself failed: none of the units that had succeeded were kept.
      for (const { job } of done) job.reject(error);
    } finally {
      draining = false;
      schedule();
    }
  }

  return function transact<T>(run: (tx: Tx, audit: (batch: AuditBatch) => void) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ run: run as Job['run'], resolve: resolve as (value: unknown) => void, reject });
      schedule();
    });
  };
}
