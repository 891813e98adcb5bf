import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateCustomer } from '../../src/shared/index.js';
import { createCustomer } from '../../src/server/modules/customers/customers.store.js';
import { createFollowUp, DUE_JOB } from '../../src/server/modules/follow-ups/follow-ups.store.js';
import type { StoreLocation } from '../../src/server/platform/config.js';
import type { Engine, Store } from '../../src/server/platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { ENGINES, openFreshStore } from '../support/stores.js';

const WORKER_PROCESS = path.resolve('test/support/dispatch-worker-process.ts');
const FOLLOW_UPS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startWorkerProcess(location: StoreLocation, sink: SmtpSink, workerId: string, leaseMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_PROCESS, JSON.stringify(location), sink.url, workerId, String(leaseMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('running')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`worker ${workerId} ended before it ran (${code ?? signal})`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** 2,000 customers, each with a post-purchase check-in by email that is due now. */
async function followUpsComingDue(store: Store): Promise<void> {
  const now = new Date().toISOString();
  for (let batch = 0; batch < FOLLOW_UPS / 200; batch++) {
    await inTransaction(store, SYSTEM_ACTOR, async (work) => {
      for (let i = 0; i < 200; i++) {
        const n = batch * 200 + i;
        const customer = await createCustomer(work, CreateCustomer.parse({ name: `Customer ${n}`, email: `customer${n}@example.test` }));
        await createFollowUp(work, {
          customerId: customer.id,
          caseId: null,
          transactionId: null,
          ruleId: null,
          purpose: 'post_purchase_checkin',
          dueAt: now,
          channel: 'email',
          assigneeId: null,
          note: null,
          caseStatus: null,
        });
      }
    });
  }
  // Whatever the hour of the run, the customers' quiet hours must not hold the sends back.
  await store.db.updateTable('scheduled_jobs').set({ run_at: now }).where('kind', '=', DUE_JOB).execute();
}

async function settledCounts(store: Store) {
  const rows = await store.db.selectFrom('follow_ups').select(['status']).execute();
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}

async function untilAllSent(store: Store, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await settledCounts(store);
    if (counts.sent === FOLLOW_UPS) return;
    if (Date.now() > deadline) throw new Error(`not all follow-ups were sent: ${JSON.stringify(counts)}`);
    await sleep(200);
  }
}

/** How often each Message-ID reached the SMTP server. */
function deliveriesByMessageId(sink: SmtpSink): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of sink.received) {
    const id = mail.parsed.messageId!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** A fresh store of the engine with 2,000 follow-ups coming due, and an SMTP sink, for the tests of one describe. */
function dueFollowUpsOn(engine: Engine) {
  const context = {} as { store: Store; location: StoreLocation; sink: SmtpSink };
  beforeAll(async () => {
    Object.assign(context, await openFreshStore(engine));
    context.sink = await startSmtpSink();
    await followUpsComingDue(context.store);
  }, 120_000);
  afterAll(async () => {
    await context.sink?.close();
    await context.store?.close();
  });
  return context;
}

describe.each(ENGINES)('follow-ups coming due while the worker is killed at random on %s', (engine) => {
  const context = dueFollowUpsOn(engine);

  it('loses none and sends none twice, except a send accepted in the instant before a kill, which repeats its Message-ID', async () => {
    const { store, location, sink } = context;
    const leaseMs = 3000;
    let kills = 0;
    for (; kills < 6; kills++) {
      const worker = await startWorkerProcess(location, sink, `doomed-${kills}`, leaseMs);
      await sleep(300 + Math.random() * 1200);
      await kill(worker);
      if ((await settledCounts(store)).sent === FOLLOW_UPS) break;
    }
    const survivor = await startWorkerProcess(location, sink, 'survivor', leaseMs);
    try {
      await untilAllSent(store, 90_000);
    } finally {
      await kill(survivor);
    }

    const messages = await store.db.selectFrom('outbound_messages').select(['message_id', 'state']).execute();
    expect(messages).toHaveLength(FOLLOW_UPS);
    expect(messages.every((message) => message.state === 'sent')).toBe(true);
    const delivered = deliveriesByMessageId(sink);
    // None lost: every message reached the SMTP server with the Message-ID fixed when it was queued.
    expect(new Set(delivered.keys())).toEqual(new Set(messages.map((message) => message.message_id)));
    const repeats = [...delivered.values()].map((count) => count - 1);
    // A repeat is only a send the SMTP server accepted whose result its worker had not yet
    // committed: the sends finishing, those waiting for the next group commit and those in the
    // group being committed. Lanes wait once 10 results wait, so that is a few times the
    // dispatcher's concurrency (10) per kill, never a whole batch; and a message once per kill.
    expect(repeats.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(kills * 40);
    expect(Math.max(...repeats)).toBeLessThanOrEqual(kills);
    const pendingJobs = await store.db.selectFrom('scheduled_jobs').select('id').where('kind', '=', DUE_JOB).where('state', '<>', 'done').execute();
    expect(pendingJobs).toEqual([]);
  }, 180_000);
});

describe.runIf(ENGINES.includes('postgres'))('three worker processes on PostgreSQL', () => {
  const context = dueFollowUpsOn('postgres');

  it('share 2,000 due follow-ups and send each exactly once', async () => {
    const { store, location, sink } = context;
    const workers = await Promise.all(['one', 'two', 'three'].map((id) => startWorkerProcess(location, sink, id, 60_000)));
    try {
      await untilAllSent(store, 90_000);
    } finally {
      await Promise.all(workers.map(kill));
    }
    const delivered = deliveriesByMessageId(sink);
    expect(sink.received).toHaveLength(FOLLOW_UPS);
    expect(delivered.size).toBe(FOLLOW_UPS);
    const senders = await store.db
      .selectFrom('audit_events')
      .select('actor_id')
      .distinct()
      .where('entity_type', '=', 'outbound_messages')
      .where('actor_name', '=', 'Aftercare dispatcher')
      .execute();
    // Each took a share: none sat idle while another did all the work.
    expect(senders.map((row) => row.actor_id).sort()).toEqual(['one', 'three', 'two']);
  }, 180_000);
});
