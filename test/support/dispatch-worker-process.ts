/*
 * A job worker and outbox dispatcher in a process of their own, as `aftercare worker` runs them,
 * for tests that kill it with SIGKILL or run several side by side:
 *
 *   node --import tsx test/support/dispatch-worker-process.ts '<store location as JSON>' SMTP_URL WORKER_ID LEASE_MS
 *
 * It polls every 50 ms with the given lease, so a test need not wait a minute for a dead
 * worker's claims, and says "running" once started. It lives until it is killed.
 */
import { channelsConfigFrom, configureChannels } from '../../src/server/modules/channels/channels-config.js';
import { startDispatcher } from '../../src/server/modules/channels/dispatcher.js';
import type { StoreLocation } from '../../src/server/platform/config.js';
import { openStore } from '../../src/server/platform/db/database.js';
// The app's modules register their job handlers and senders when they load, as in `aftercare worker`.
import '../../src/server/platform/http/app.js';
import { jobHandlers } from '../../src/server/platform/jobs/handlers.js';
import { startWorker } from '../../src/server/platform/jobs/worker.js';

const [locationJson, smtpUrl, workerId, leaseMs] = process.argv.slice(2);
if (!locationJson || !smtpUrl || !workerId || !leaseMs) throw new Error('usage: dispatch-worker-process.ts LOCATION_JSON SMTP_URL WORKER_ID LEASE_MS');

setInterval(() => {}, 1 << 30);

const store = openStore(JSON.parse(locationJson) as StoreLocation);
configureChannels(store, channelsConfigFrom({ SMTP_URL: smtpUrl, MAIL_FROM: 'Aftercare <care@shop.test>', AFTERCARE_SECRET: 'crash-test-secret' }));
const options = { pollMs: 50, leaseMs: Number(leaseMs) };
startWorker(store, jobHandlers(), { ...options, workerId });
startDispatcher(store, { ...options, dispatcherId: workerId });
console.log('running');
