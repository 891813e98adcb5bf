import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection copies the WAL back into the database file. */
const CHECKPOINT_INTERVAL_MS = 50;

/**
 * WAL pages after which the serving connection checkpoints by itself, should the background
 * thread fall behind or be gone: a bound on the WAL, not the normal path.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 4000;

// The thread's code as text: it runs the same under the compiled build and under the tests, which
// load the TypeScript sources (a worker cannot load a .ts file by itself).
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    checkpoint.run();
  } catch {
    // Busy or locked for a moment: the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try {
    checkpoint.run();
  } catch {}
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Checkpoints an SQLite file in WAL mode from a thread of its own. A checkpoint copies the pages
 * the WAL gathered back into the database and syncs both files; run on the serving connection
 * (SQLite's default, every 1000 pages) it stops every request for several milliseconds each time.
 * PASSIVE checkpoints never hold the write lock, so the serving thread keeps writing meanwhile.
 */
export function startWalCheckpointer(file: string): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
  // Nothing waits on it: a process may end with the thread still there.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A thread that failed leaves the serving connection's own checkpoints (the fallback) to bound the WAL.
  worker.on('error', () => {});
  let stopping = false;
  return {
    stop() {
      if (!stopping) {
        stopping = true;
        // Whoever stops it waits for its last checkpoint: keep the process alive until then.
        worker.ref();
        worker.postMessage('stop');
      }
      return exited;
    },
  };
}
