/*
 * A job worker in a process of its own, for tests that kill it with SIGKILL:
 *
 *   node --import tsx test/support/job-worker-process.ts '<store location as JSON>' block|pass
 *
 * It runs one pass with a `test.effect` handler that writes a row to job_effects (a table the test
 * creates). `block`: the handler says "effect written" and then never returns, so the process is
 * killed with the write made but not committed. `pass`: it says "pass committed: N" once the pass
 * has committed, and waits to be killed.
 */
import { sql } from 'kysely';
import type { StoreLocation } from '../../src/server/platform/config.js';
import { openStore } from '../../src/server/platform/db/database.js';
import { startWorker } from '../../src/server/platform/jobs/worker.js';

const [locationJson, mode] = process.argv.slice(2);
if (!locationJson || (mode !== 'block' && mode !== 'pass')) throw new Error('usage: job-worker-process.ts LOCATION_JSON block|pass');

// Nothing else may end this process: it lives until the test kills it.
setInterval(() => {}, 1 << 30);

const store = openStore(JSON.parse(locationJson) as StoreLocation);
const worker = startWorker(
  store,
  {
    'test.effect': async (work, _payload, job) => {
      await sql`insert into job_effects (job_key, worker) values (${job.key}, ${'killed process'})`.execute(work.tx);
      if (mode === 'block') {
        console.log('effect written');
        await new Promise(() => {});
      }
    },
  },
  { workerId: 'killed process', pollMs: Infinity },
);
console.log(`pass committed: ${await worker.runDueJobs()}`);
