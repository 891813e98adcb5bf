import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configureChannels, channelsConfigFrom } from '../../src/server/modules/channels/channels-config.js';
import { onMessageSettled, registerSendCheck, startDispatcher, type SettledOutcome } from '../../src/server/modules/channels/dispatcher.js';
import { enqueueMessage, type OutboundMessageRequest } from '../../src/server/modules/channels/outbox.js';
import { replySecretOf, replyTokenIn, verifyReplyToken } from '../../src/server/modules/channels/reply-token.js';
import type { Store } from '../../src/server/platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import '../../src/server/modules/channels/email-sender.js';
import '../../src/server/modules/channels/sms.js';
import { aCase, aCustomer } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { ENGINES, openFreshStore } from '../support/stores.js';

const SECOND = 1000;

// Registered once for the test process: a check that cancels what a test marks for it, and a
// listener that notes every settled message, as the follow-ups module does with its own.
registerSendCheck(async (_db, message) => (message.purpose === 'test-refused' ? 'the customer opted out of this (test)' : null));
/** Set by a test to make the next send check take long (it moves the dispatcher's clock). */
let slowCheck: (() => void) | null = null;
registerSendCheck(async () => {
  slowCheck?.();
  slowCheck = null;
  return null;
});
const settled: { messageId: string; outcome: SettledOutcome; inTransaction: boolean }[] = [];
onMessageSettled(async (_work, message) => {
  if (message.purpose === 'test-listener-fails') throw new Error('the follow-up could not be updated (test)');
});
onMessageSettled(async (work, message, outcome) => {
  // Proves the listener runs inside the unit of work that records the state: it sees the new state.
  const row = await work.tx.selectFrom('outbound_messages').select('state').where('id', '=', message.id).executeTakeFirstOrThrow();
  settled.push({ messageId: message.id, outcome, inTransaction: row.state === outcome.state });
});

function enqueue(store: Store, message: Partial<OutboundMessageRequest> = {}) {
  return inTransaction(store, SYSTEM_ACTOR, (work) =>
    enqueueMessage(work, { channel: 'email', purpose: 'test', recipient: 'maria@example.com', subject: 'How did we do?', bodyText: 'Is the kettle fixed?', ...message }),
  );
}

const outbound = (store: Store, id: string) => store.db.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.each(ENGINES)('the outbox on %s', (engine) => {
  let server: TestServer;
  let sink: SmtpSink;
  let clock = Date.now();
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer(engine, { channels: { smtpUrl: sink.url, mailDomain: 'desk.example' }, dispatcher: { now: () => clock, random: () => 0.5 } });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });
  // The dispatcher's clock runs a minute ahead, so what a test queues is due at once.
  beforeEach(() => {
    clock = Date.now() + 60 * SECOND;
  });

  it('sends a queued email once, automatic, with the Message-ID fixed when queued and a signed reply address', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id);
    const { id, messageId } = await enqueue(server.store, { caseId: opened.id, customerId: customer.id, recipient: customer.email, bodyHtml: '<p>Is the kettle <b>fixed</b>?</p>' });
    expect(messageId).toBe(`<${id}@desk.example>`);
    const before = sink.received.length;
    expect(await server.dispatcher.runDue()).toBe(1);
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail!.to).toEqual([customer.email]);
    expect(mail!.header('auto-submitted')).toBe('auto-generated');
    expect(mail!.parsed.messageId).toBe(messageId);
    expect(mail!.parsed.subject).toBe('How did we do?');
    expect(mail!.parsed.text?.trim()).toBe('Is the kettle fixed?');
    expect(mail!.parsed.html).toContain('<b>fixed</b>');
    const replyTo = mail!.parsed.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^reply\+.+@desk\.example$/);
    expect(verifyReplyToken(await replySecretOf(server.store), replyTokenIn([replyTo])!)).toBe(id);

    const row = await outbound(server.store, id);
    expect(row).toMatchObject({ state: 'sent', attempts: 1, locked_by: null, last_error: null });
    expect(row.provider_ref).toMatch(/^250/);
    expect(settled.filter((s) => s.messageId === id)).toEqual([{ messageId: id, outcome: { state: 'sent' }, inTransaction: true }]);
    // Nothing is due any more: another pass sends nothing.
    expect(await server.dispatcher.runDue()).toBe(0);
    expect(sink.received.length).toBe(before + 1);

    // A second mail on the case threads under the first.
    const second = await enqueue(server.store, { caseId: opened.id, recipient: customer.email });
    await server.dispatcher.runDue();
    const [next] = (await sink.waitFor(before + 2)).slice(before + 1);
    expect(next!.parsed.inReplyTo).toBe(messageId);
    expect(next!.parsed.references).toEqual(messageId);
    expect(next!.parsed.messageId).toBe(second.messageId);
  });

  it('retries a temporary refusal (451) after a jittered backoff, with the same Message-ID', async () => {
    const { id, messageId } = await enqueue(server.store);
    sink.refuseNext(1, 451);
    const before = sink.received.length;
    expect(await server.dispatcher.runDue()).toBe(1);
    let row = await outbound(server.store, id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, locked_by: null });
    expect(row.last_error).toContain('451');
    // Half (the fixed jitter) of the first 30 s bound.
    expect(Date.parse(row.next_attempt_at) - clock).toBe(15 * SECOND);
    expect(settled.some((s) => s.messageId === id)).toBe(false);

    expect(await server.dispatcher.runDue()).toBe(0);
    clock += 15 * SECOND;
    expect(await server.dispatcher.runDue()).toBe(1);
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail!.parsed.messageId).toBe(messageId);
    row = await outbound(server.store, id);
    expect(row).toMatchObject({ state: 'sent', attempts: 2, last_error: null });
  });

  it('fails a permanent refusal (550) at once, lists it with the reason, and sends it again on retry', async () => {
    const { id } = await enqueue(server.store, { recipient: 'nobody@example.com' });
    sink.refuseNext(1, 550, 'No such user here');
    await server.dispatcher.runDue();
    const row = await outbound(server.store, id);
    expect(row.state).toBe('failed');
    expect(row.last_error).toBe('SMTP 550: 550 No such user here');
    expect(settled.filter((s) => s.messageId === id).map((s) => s.outcome)).toEqual([{ state: 'failed', reason: row.last_error }]);

    const failed = await server.api('GET', '/api/outbound-messages?state=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.items.map((m: { id: string }) => m.id)).toContain(id);
    expect(failed.body.items.find((m: { id: string }) => m.id === id)).toMatchObject({ state: 'failed', lastError: row.last_error, recipient: 'nobody@example.com', attempts: 1 });

    expect((await server.api('POST', `/api/outbound-messages/${id}/retry`, undefined, { as: 'auditor' })).status).toBe(403);
    const retried = await server.api('POST', `/api/outbound-messages/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, state: 'queued', attempts: 0, lastError: null });
    const again = await server.api('POST', `/api/outbound-messages/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not_failed');

    const before = sink.received.length;
    await server.dispatcher.runDue();
    await sink.waitFor(before + 1);
    expect((await outbound(server.store, id)).state).toBe('sent');
  });

  it('cancels a send a send check refuses, with the reason, and sends nothing', async () => {
    const before = sink.received.length;
    const { id } = await enqueue(server.store, { purpose: 'test-refused' });
    await server.dispatcher.runDue();
    expect(await outbound(server.store, id)).toMatchObject({ state: 'cancelled', last_error: 'the customer opted out of this (test)' });
    expect(settled.filter((s) => s.messageId === id).map((s) => s.outcome)).toEqual([{ state: 'cancelled', reason: 'the customer opted out of this (test)' }]);
    expect(sink.received.length).toBe(before);
  });

  it("takes over a dead dispatcher's claim once its lease has run out, and gives up on a message that keeps killing dispatchers", async () => {
    // What a dispatcher that died mid-send leaves behind: the message claimed, the try counted.
    const { id, messageId } = await enqueue(server.store);
    await server.store.db.updateTable('outbound_messages').set({ locked_by: 'dead dispatcher', locked_until: new Date(clock + 60 * SECOND).toISOString(), attempts: 1 }).where('id', '=', id).execute();
    const before = sink.received.length;
    expect(await server.dispatcher.runDue()).toBe(0);
    clock += 60 * SECOND;
    expect(await server.dispatcher.runDue()).toBe(1);
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail!.parsed.messageId).toBe(messageId);
    expect(await outbound(server.store, id)).toMatchObject({ state: 'sent', attempts: 2 });

    const poison = await enqueue(server.store);
    await server.store.db.updateTable('outbound_messages').set({ locked_by: 'dead dispatcher', locked_until: new Date(clock).toISOString(), attempts: 10 }).where('id', '=', poison.id).execute();
    await server.dispatcher.runDue();
    const given = await outbound(server.store, poison.id);
    expect(given.state).toBe('failed');
    expect(given.last_error).toContain('never recorded');
    expect(sink.received.length).toBe(before + 1);
  });

  it('gives a claim back, try uncounted, when too little of its lease is left for a whole send', async () => {
    const { id } = await enqueue(server.store);
    const before = sink.received.length;
    // 45 s of a 60 s lease gone: a send (up to 20 s) might outlive the claim.
    slowCheck = () => (clock += 45 * SECOND);
    expect(await server.dispatcher.runDue()).toBe(0);
    expect(await outbound(server.store, id)).toMatchObject({ state: 'queued', attempts: 0, locked_by: null, locked_until: null });
    expect(sink.received.length).toBe(before);
    expect(await server.dispatcher.runDue()).toBe(1);
    expect(await outbound(server.store, id)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('records a send whose settled listener fails without holding back the rest of its batch', async () => {
    const failing = await enqueue(server.store, { purpose: 'test-listener-fails' });
    const fine = await enqueue(server.store);
    const before = sink.received.length;
    expect(await server.dispatcher.runDue()).toBe(2);
    await sink.waitFor(before + 2);
    const failingRow = await outbound(server.store, failing.id);
    expect(failingRow.state).toBe('sent');
    expect(failingRow.last_error).toContain('the follow-up could not be updated (test)');
    expect(await outbound(server.store, fine.id)).toMatchObject({ state: 'sent', last_error: null });
    expect(settled.filter((s) => s.messageId === fine.id)).toHaveLength(1);
    // Nothing is sent again.
    expect(await server.dispatcher.runDue()).toBe(0);
    expect(sink.received.length).toBe(before + 2);
  });

  it('lists the outbox by state, case and follow-up, paged, and refuses bad filters by field', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await enqueue(server.store, { caseId: opened.id, sendAfter: new Date(clock + 3_600_000).toISOString() })).id);
    const page1 = await server.api('GET', `/api/outbound-messages?caseId=${opened.id}&state=queued&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    const page2 = await server.api('GET', `/api/outbound-messages?caseId=${opened.id}&state=queued&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    const bad = await server.api('GET', '/api/outbound-messages?state=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('state');
    expect((await server.api('POST', '/api/outbound-messages/msg_NOPE0000000000000000000000/retry')).status).toBe(404);
  });
});

describe.each(ENGINES)('channels that cannot send on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('keeps email queued, saying why, while SMTP_URL is not set, without using up tries', async () => {
    const { id } = await enqueue(server.store);
    expect(await server.dispatcher.runDue()).toBe(1);
    const row = await outbound(server.store, id);
    expect(row).toMatchObject({ state: 'queued', attempts: 0 });
    expect(row.last_error).toContain('SMTP_URL is not set');
  });
});

describe.each(ENGINES)('SMS on %s', (engine) => {
  let fileServer: TestServer;
  let httpServer: TestServer;
  let provider: http.Server;
  let smsFile: string;
  const requests: { authorization: string | undefined; body: { to: string; body: string; reference: string } }[] = [];
  const answers: { status: number; body: string }[] = [];
  beforeAll(async () => {
    smsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-sms-')), 'sms.jsonl');
    provider = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        requests.push({ authorization: request.headers.authorization, body: JSON.parse(text) });
        const answer = answers.shift() ?? { status: 200, body: '{}' };
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const { port } = provider.address() as AddressInfo;
    fileServer = await startTestServer(engine, { channels: { sms: { provider: 'file', file: smsFile } } });
    httpServer = await startTestServer(engine, { channels: { sms: { provider: 'http', url: `http://127.0.0.1:${port}/messages`, token: 'sms-token' } } });
  });
  afterAll(async () => {
    await fileServer?.close();
    await httpServer?.close();
    await new Promise((resolve) => provider?.close(resolve));
  });

  it('the file adapter writes one JSON line per message', async () => {
    const { id, messageId } = await enqueue(fileServer.store, { channel: 'sms', recipient: '+39 333 123 4567', bodyText: 'Did the new filter help? Reply YES or NO.', subject: null });
    await fileServer.dispatcher.runDue();
    const lines = fs.readFileSync(smsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([{ to: '+39 333 123 4567', body: 'Did the new filter help? Reply YES or NO.', reference: messageId, at: expect.any(String) }]);
    expect((await outbound(fileServer.store, id)).state).toBe('sent');
  });

  it('the HTTP adapter posts with the bearer token: 2xx sent with the provider’s id, 500 retried, 400 failed', async () => {
    answers.push({ status: 202, body: '{"id":"prov-77"}' });
    const accepted = await enqueue(httpServer.store, { channel: 'sms', recipient: '+39 333 000 1111', bodyText: 'Your repair is booked.' });
    await httpServer.dispatcher.runDue();
    expect(requests.at(-1)).toEqual({ authorization: 'Bearer sms-token', body: { to: '+39 333 000 1111', body: 'Your repair is booked.', reference: accepted.messageId } });
    expect(await outbound(httpServer.store, accepted.id)).toMatchObject({ state: 'sent', provider_ref: 'prov-77' });

    answers.push({ status: 500, body: 'upstream down' });
    const retried = await enqueue(httpServer.store, { channel: 'sms', recipient: '+39 333 000 2222', bodyText: 'Hello' });
    await httpServer.dispatcher.runDue();
    const temporary = await outbound(httpServer.store, retried.id);
    expect(temporary).toMatchObject({ state: 'queued', attempts: 1 });
    expect(temporary.last_error).toContain('500');

    answers.push({ status: 400, body: '{"error":"invalid number"}' });
    const refused = await enqueue(httpServer.store, { channel: 'sms', recipient: '+39 333 000 3333', bodyText: 'Hello' });
    await httpServer.dispatcher.runDue();
    const permanent = await outbound(httpServer.store, refused.id);
    expect(permanent.state).toBe('failed');
    expect(permanent.last_error).toContain('400');
  });

  it('refuses a message whose recipient does not fit its channel, queuing nothing', async () => {
    await expect(enqueue(fileServer.store, { channel: 'sms', recipient: 'maria@example.com' })).rejects.toMatchObject({ status: 400, details: [{ field: 'recipient' }] });
    await expect(enqueue(fileServer.store, { channel: 'email', recipient: 'not an address' })).rejects.toMatchObject({ status: 400 });
  });
});

describe.each(ENGINES)('two dispatchers on one %s store', (engine) => {
  it('never send the same message twice', async () => {
    const sink = await startSmtpSink();
    const { store, location } = await openFreshStore(engine);
    const { openStore } = await import('../../src/server/platform/db/database.js');
    const other = openStore(location);
    const config = { ...channelsConfigFrom({}), smtpUrl: sink.url, secret: 'test-secret' };
    configureChannels(store, config);
    configureChannels(other, config);
    try {
      const count = 400;
      const ids = new Set<string>();
      await inTransaction(store, SYSTEM_ACTOR, async (work) => {
        for (let i = 0; i < count; i++) ids.add((await enqueueMessage(work, { channel: 'email', purpose: 'test', recipient: `c${i}@example.com`, bodyText: `Message ${i}` })).messageId);
      });
      const first = startDispatcher(store, { dispatcherId: 'first', pollMs: Infinity, batchSize: 25 });
      const second = startDispatcher(other, { dispatcherId: 'second', pollMs: Infinity, batchSize: 25 });
      const sent = await Promise.all([first.runDue(), second.runDue(), first.runDue(), second.runDue()]);
      await Promise.all([first.stop(), second.stop()]);
      expect(sent.reduce((a, b) => a + b, 0)).toBe(count);
      await sink.waitFor(count);
      const received = sink.received.map((mail) => mail.parsed.messageId!);
      expect(new Set(received).size).toBe(count);
      expect(received.length).toBe(count);
      expect(new Set(received)).toEqual(ids);
      const states = await store.db.selectFrom('outbound_messages').select(['state', 'attempts']).execute();
      expect(states.every((row) => row.state === 'sent' && row.attempts === 1)).toBe(true);
      // Both took a share where the engine lets them work side by side.
      if (engine === 'postgres') expect(sent[0]! + sent[2]! > 0 && sent[1]! + sent[3]! > 0).toBe(true);
    } finally {
      await other.close();
      await store.close();
      await sink.close();
    }
  });
});
