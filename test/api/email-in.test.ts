import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onInboundThreaded, type InboundThreadedEvent } from '../../src/server/modules/channels/inbound-mail.js';
import { enqueueMessage } from '../../src/server/modules/channels/outbox.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { logContact, transition } from '../support/complaints.js';
import { aCase, aCustomer } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { ENGINES } from '../support/stores.js';

const threaded: InboundThreadedEvent[] = [];
onInboundThreaded(async (work, event) => {
  // Inside the unit of work that records the mail: the interaction is already there.
  const interaction = await work.tx.selectFrom('interactions').select('id').where('id', '=', event.interactionId).executeTakeFirst();
  if (interaction) threaded.push(event);
});

let sequence = 0;
/** When the test mails say they were written: an hour ago, to the second as the Date header has it. */
const WRITTEN_AT = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);

/** A raw mail as a mail client would write it. */
function mail(fields: { from: string; to?: string; subject?: string; text?: string; html?: string; messageId?: string | null; headers?: Record<string, string> }): string {
  const messageId = fields.messageId === undefined ? `<m${++sequence}.${Date.now()}@mail.example.net>` : fields.messageId;
  const head = [
    `From: ${fields.from}`,
    `To: ${fields.to ?? 'support@desk.example'}`,
    `Subject: ${fields.subject ?? 'My kettle'}`,
    `Date: ${WRITTEN_AT.toUTCString()}`,
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'MIME-Version: 1.0',
    ...Object.entries(fields.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  if (fields.html !== undefined) return [...head, 'Content-Type: text/html; charset=utf-8', '', fields.html, ''].join('\r\n');
  return [...head, 'Content-Type: text/plain; charset=utf-8', '', fields.text ?? 'Hello, my kettle leaks.', ''].join('\r\n');
}

describe.each(ENGINES)('email in on %s', (engine) => {
  let server: TestServer;
  let sink: SmtpSink;
  let smtp: Transporter;
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer(engine, {
      channels: { smtpUrl: sink.url, mailDomain: 'desk.example', inboundSmtp: { port: 0, host: '127.0.0.1', maxBytes: 50_000 } },
    });
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port: server.inboundSmtp!.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    smtp?.close();
    await server?.close();
    await sink?.close();
  });

  const handIn = (raw: string, as: 'agent' | 'auditor' = 'agent') => server.api('POST', '/api/inbound/email', raw, { as, headers: { 'content-type': 'message/rfc822' } });
  const caseDetail = async (id: string) => (await server.api('GET', `/api/cases/${id}`)).body;
  const count = async (table: 'cases' | 'interactions' | 'customers' | 'inbound_messages') =>
    Number((await server.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  /** Sends a follow-up email on a case through the outbox and the sink; answers with what the customer received. */
  async function mailOnCase(caseId: string, customer: { id: string; email: string }) {
    const queued = await inTransaction(server.store, SYSTEM_ACTOR, (work) =>
      enqueueMessage(work, { channel: 'email', purpose: 'confirm_resolution', recipient: customer.email, subject: 'Is it fixed?', bodyText: 'Did the repair work?', caseId, customerId: customer.id }),
    );
    const before = sink.received.length;
    await server.dispatcher.runDue();
    const [received] = (await sink.waitFor(before + 1)).slice(before);
    return { ...queued, replyTo: received!.parsed.replyTo!.value[0]!.address! };
  }

  it('opens a case for mail from an unknown sender, with a new customer, and lists it', async () => {
    const response = await handIn(mail({ from: 'Ana Silva <Ana.Silva@Example.org>', subject: 'Kettle stopped working', text: 'It stopped heating after a week.' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ outcome: 'opened_case', caseId: expect.any(String), interactionId: expect.any(String) });
    const opened = await caseDetail(response.body.caseId);
    expect(opened).toMatchObject({ kind: 'query', channel: 'email', subject: 'Kettle stopped working', status: 'new', customerName: 'Ana Silva' });
    expect(opened.interactions).toMatchObject([{ direction: 'inbound', channel: 'email', body: 'It stopped heating after a week.', authorType: 'customer', occurredAt: WRITTEN_AT.toISOString() }]);
    const customer = (await server.api('GET', `/api/customers/${opened.customerId}`)).body;
    expect(customer.email).toBe('ana.silva@example.org');

    const listed = await server.api('GET', '/api/inbound-messages?outcome=opened_case');
    expect(listed.body.items[0]).toMatchObject({ id: response.body.inboundMessageId, outcome: 'opened_case', sender: 'ana.silva@example.org', receivedVia: 'webhook', caseId: opened.id });

    // The same sender again, with no thread: the same customer, a new case.
    const again = await handIn(mail({ from: 'ana.silva@example.org', subject: 'Another thing' }));
    expect((await caseDetail(again.body.caseId)).customerId).toBe(opened.customerId);
  });

  it('takes in the same Message-ID once: a second delivery answers duplicate and writes nothing', async () => {
    const raw = mail({ from: 'dup@example.org', messageId: '<once@mail.example.net>' });
    const first = await handIn(raw);
    expect(first.status).toBe(201);
    const before = await Promise.all([count('cases'), count('interactions'), count('customers'), count('inbound_messages')]);
    const second = await handIn(raw);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ outcome: 'duplicate', inboundMessageId: first.body.inboundMessageId, caseId: first.body.caseId });
    // Delivered at the same moment by SMTP and the webhook: still once.
    const both = await Promise.all([handIn(mail({ from: 'dup@example.org', messageId: '<twice@mail.example.net>' })), smtp.sendMail({ envelope: { from: 'dup@example.org', to: ['support@desk.example'] }, raw: mail({ from: 'dup@example.org', messageId: '<twice@mail.example.net>' }) })]);
    expect(both[0].status === 201 || both[0].status === 200).toBe(true);
    const after = await Promise.all([count('cases'), count('interactions'), count('customers'), count('inbound_messages')]);
    expect(after).toEqual([before[0] + 1, before[1] + 1, before[2], before[3] + 1]);
  });

  it('records mail written by machines as ignored: no case, no answer', async () => {
    const machines = [
      mail({ from: 'ana@example.org', headers: { 'Auto-Submitted': 'auto-replied' }, subject: 'Out of office' }),
      mail({ from: 'ana@example.org', headers: { 'X-Autoreply': 'yes' } }),
      mail({ from: 'ana@example.org', headers: { Precedence: 'bulk' } }),
      mail({ from: 'news@shop.example', headers: { 'List-Id': '<offers.shop.example>' } }),
      mail({ from: 'MAILER-DAEMON@mx.example.org', subject: 'Undelivered Mail Returned to Sender' }),
    ];
    const cases = await count('cases');
    const outbox = await server.store.db.selectFrom('outbound_messages').select('id').execute();
    for (const raw of machines) {
      const response = await handIn(raw);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ outcome: 'ignored_auto_reply', interactionId: null });
      expect(response.body.note).toMatch(/^ignored: /);
    }
    expect(await count('cases')).toBe(cases);
    expect((await server.store.db.selectFrom('outbound_messages').select('id').execute()).length).toBe(outbox.length);
    // A mail saying it is not automatic is a person's.
    expect((await handIn(mail({ from: 'ana@example.org', headers: { 'Auto-Submitted': 'no' } }))).body.outcome).toBe('opened_case');
  });

  it('keeps the text of an HTML-only mail and none of its scripts, handlers or remote images', async () => {
    const html =
      '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body>' +
      '<p>The lid <b>will not</b> close &amp; it leaks.</p><img src="https://tracker.example/p.gif" onerror="alert(1)">' +
      '<p onclick="steal()">Order <a href="javascript:alert(2)">SO-1</a></p></body></html>';
    const response = await handIn(mail({ from: 'html@example.org', html }));
    const [interaction] = (await caseDetail(response.body.caseId)).interactions;
    expect(interaction.body).toBe('The lid will not close & it leaks.\nOrder SO-1');
    expect(interaction.body).not.toMatch(/alert|onerror|steal|tracker|color/);
  });

  it('threads a reply by the signed token in its address, through the SMTP listener', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id);
    const sent = await mailOnCase(opened.id, customer);
    // Another address (a forward, a second mailbox) still threads: the token proves the mail was ours.
    await smtp.sendMail({ from: 'someone.else@example.org', to: sent.replyTo, subject: 'Re: Is it fixed?', text: 'Yes, it works now.' });
    const [record] = (await server.api('GET', `/api/inbound-messages?caseId=${opened.id}`)).body.items;
    expect(record).toMatchObject({ outcome: 'threaded', receivedVia: 'smtp', note: expect.stringContaining('reply token') });
    const detail = await caseDetail(opened.id);
    // The reply is dated by its Date header, which may fall in the same second as the case's opening.
    const reply = detail.interactions.find((interaction: { id: string }) => interaction.id === record.interactionId);
    expect(reply).toMatchObject({ direction: 'inbound', channel: 'email', body: 'Yes, it works now.', authorType: 'customer', authorId: customer.id });
    expect(threaded.at(-1)).toEqual({ caseId: opened.id, interactionId: reply.id, repliedToMessageId: sent.id });
  });

  it("threads a reply by In-Reply-To from the case's customer, and not from a stranger", async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id);
    const sent = await mailOnCase(opened.id, customer);
    const reply = await handIn(mail({ from: customer.email, subject: 'Re: Is it fixed?', text: 'Not yet.', headers: { 'In-Reply-To': sent.messageId, References: sent.messageId } }));
    expect(reply.body).toMatchObject({ outcome: 'threaded', caseId: opened.id });
    expect(reply.body.note).toContain('In-Reply-To');
    expect(threaded.at(-1)).toMatchObject({ caseId: opened.id, repliedToMessageId: sent.id });
    // A later mail answering the customer's own reply threads too (References to inbound mail).
    const inboundId = (await server.store.db.selectFrom('inbound_messages').select('message_id').where('id', '=', reply.body.inboundMessageId).executeTakeFirstOrThrow()).message_id;
    expect((await handIn(mail({ from: customer.email, text: 'Also the lid.', headers: { 'In-Reply-To': inboundId } }))).body).toMatchObject({ outcome: 'threaded', caseId: opened.id });

    const stranger = await handIn(mail({ from: 'stranger@example.org', text: 'Let me in.', headers: { 'In-Reply-To': sent.messageId } }));
    expect(stranger.body.outcome).toBe('opened_case');
    expect(stranger.body.caseId).not.toBe(opened.id);
  });

  it('never threads by a forged or tampered token: the mail opens a case of its own, as a customer contact', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id);
    const sent = await mailOnCase(opened.id, customer);
    const token = sent.replyTo.slice('reply+'.length, sent.replyTo.indexOf('@'));
    const tampered = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    const forgedMac = `${token.slice(0, token.indexOf('.'))}.0000000000000000`;
    for (const forged of [tampered, forgedMac, 'msg_01jzzzzzzzzzzzzzzzzzzzzzzz.abcdefghjkmnpqrs']) {
      const interactions = (await caseDetail(opened.id)).interactions.length;
      const response = await handIn(mail({ from: 'attacker@example.org', to: `reply+${forged}@desk.example`, text: 'Refund me.' }));
      expect(response.body.outcome).toBe('opened_case');
      expect(response.body.caseId).not.toBe(opened.id);
      expect(response.body.note).toContain('did not verify');
      expect((await caseDetail(opened.id)).interactions.length).toBe(interactions);
      const [interaction] = (await caseDetail(response.body.caseId)).interactions;
      expect(interaction).toMatchObject({ direction: 'inbound', authorType: 'customer' });
    }
  });

  it('reopens a closed case the customer writes to again', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id, { kind: 'query' });
    await transition(server, opened.id, 'start_investigation');
    await transition(server, opened.id, 'await_customer');
    await logContact(server, opened.id, 'inbound', ['resolution_confirmed'], 'Yes, all good.');
    await transition(server, opened.id, 'customer_confirmed');
    await transition(server, opened.id, 'close');
    const sent = await mailOnCase(opened.id, customer);
    const reply = await handIn(mail({ from: customer.email, to: sent.replyTo, text: 'It broke again.' }));
    expect(reply.body).toMatchObject({ outcome: 'reopened_case', caseId: opened.id });
    const detail = await caseDetail(opened.id);
    expect(detail.status).toBe('investigating');
    expect(detail.transitions.at(-1)).toMatchObject({ event: 'reopen', fromStatus: 'closed', actorType: 'customer', reason: expect.stringContaining('email') });
    expect(detail.interactions.find((interaction: { id: string }) => interaction.id === reply.body.interactionId).body).toBe('It broke again.');
    // A mail dated far back (a wrong clock) is dated when it arrived.
    const late = await handIn(mail({ from: customer.email, to: sent.replyTo, text: 'Hello?', headers: {} }).replace(/^Date: .*$/m, 'Date: Mon, 01 Jan 2001 00:00:00 +0000'));
    const lateContact = (await caseDetail(opened.id)).interactions.find((interaction: { id: string }) => interaction.id === late.body.interactionId);
    expect(Date.now() - Date.parse(lateContact.occurredAt)).toBeLessThan(60_000);
  });

  it('refuses what is not a mail, by field, and callers without write rights', async () => {
    const empty = await server.api('POST', '/api/inbound/email', '', { headers: { 'content-type': 'message/rfc822' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe('body');
    const json = await server.api('POST', '/api/inbound/email', { raw: 'From: a@b.c' });
    expect(json.status).toBe(400);
    expect(json.body.error.details[0].field).toBe('body');
    const noSender = await handIn('Subject: hello\r\n\r\nno sender here\r\n');
    expect(noSender.status).toBe(400);
    expect(noSender.body.error.details[0].field).toBe('from');
    expect((await handIn(mail({ from: 'a@example.org' }), 'auditor')).status).toBe(403);
    const openapi = (await server.api('GET', '/api/openapi.json', undefined, { as: null })).body;
    expect(Object.keys(openapi.paths['/api/inbound/email'].post.requestBody.content)).toEqual(['message/rfc822']);
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/outbound-messages', '/api/outbound-messages/{id}/retry', '/api/inbound-messages']));
  });

  it('answers 552 to a mail over the size limit and 451 when it cannot store one, so the sender retries', async () => {
    await expect(smtp.sendMail({ from: 'big@example.org', to: 'support@desk.example', text: 'x'.repeat(60_000) })).rejects.toMatchObject({ responseCode: 552 });
    const raw = mail({ from: 'later@example.org', messageId: '<retry-me@mail.example.net>' });
    await sql`alter table inbound_messages rename to inbound_messages_away`.execute(server.store.db);
    try {
      await expect(smtp.sendMail({ envelope: { from: 'later@example.org', to: ['support@desk.example'] }, raw })).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await sql`alter table inbound_messages_away rename to inbound_messages`.execute(server.store.db);
    }
    await smtp.sendMail({ envelope: { from: 'later@example.org', to: ['support@desk.example'] }, raw });
    const [record] = (await server.store.db.selectFrom('inbound_messages').selectAll().where('message_id', '=', '<retry-me@mail.example.net>').execute());
    expect(record).toMatchObject({ outcome: 'opened_case', received_via: 'smtp' });
  });
});
