import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Tx } from './database.js';

interface Job {
  run(tx: Tx): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Enough to share a commit among all requests in flight, small enough to let reads in between. */
const MAX_JOBS_PER_COMMIT = 64;

/**
 * Group commit for the embedded store. SQLite has one writer, and most of a small write's cost
 * is the commit: writing each changed page to the WAL. Units of work that arrive while one is
 * running join the same transaction, each inside its own savepoint, and share one commit.
 *
 * Each unit still succeeds or fails on its own: a failing one is rolled back to its savepoint
 * and only its caller sees the error. No caller is answered before the commit that holds its
 * work, so a crash loses only work nobody was told had succeeded.
 */
export function createGroupCommit(db: Kysely<Database>) {
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
        for (const job of batch) {
          await sql`savepoint unit`.execute(tx);
          try {
            done.push({ job, value: await job.run(tx) });
          } catch (error) {
            await sql`rollback to unit`.execute(tx);
            job.reject(error);
          }
          await sql`release unit`.execute(tx);
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

  return function transact<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      schedule();
    });
  };
}
