import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCase, aCustomer } from '../support/factories.js';
import { expectRefused, logContact, transition } from '../support/complaints.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

const HOUR = 60 * 60_000;

/** A fixed-offset zone in which it is about noon now, so "now" is outside any customer's default quiet hours (21:00–08:00). */
export function middayZone(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** Tomorrow at `hh:mm` in Rome, which keeps UTC+1 through late autumn and winter. */
function tomorrowInRome(hh: number, mm = 0): string {
  const day = new Date(Date.now() + 24 * HOUR);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hh - 1, mm)).toISOString();
}

describe.each(ENGINES)('follow-ups on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  /** A query case waiting for the customer's confirmation. */
  async function anAwaitingCase(customerOverrides: Record<string, unknown> = {}, caseOverrides: Record<string, unknown> = {}) {
    const customer = await aCustomer(server, customerOverrides);
    const opened = await aCase(server, customer.id, { kind: 'query', subject: 'Kettle descaling advice', ...caseOverrides });
    await transition(server, opened.id, 'acknowledge');
    await transition(server, opened.id, 'await_customer');
    return { customer, case: opened };
  }

  const schedule = (caseId: string, body: Record<string, unknown>, options: { as?: 'agent' | 'auditor' | 'supervisor'; headers?: Record<string, string> } = {}) =>
    server.api('POST', `/api/cases/${caseId}/follow-ups`, body, options);
  const followUpsOf = async (caseId: string) => (await server.api('GET', `/api/follow-ups?caseId=${caseId}`)).body.items as any[];
  const messagesOf = (followUpId: string) => server.store.db.selectFrom('outbound_messages').selectAll().where('follow_up_id', '=', followUpId).execute();

  it('previews the channel and slot without writing, then schedules it there, once per Idempotency-Key', async () => {
    const { customer, case: awaiting } = await anAwaitingCase({ timezone: 'Europe/Rome' });
    const dueAt = tomorrowInRome(11);
    const preview = await server.api('POST', `/api/cases/${awaiting.id}/follow-ups/preview`, { purpose: 'confirm_resolution', dueAt });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ kind: 'send', channel: 'email', at: dueAt, moved: [], timezone: 'Europe/Rome' });
    expect(await followUpsOf(awaiting.id)).toEqual([]);

    const headers = { 'idempotency-key': `schedule-${awaiting.id}` };
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt, note: 'Ask about the descaler too' }, { headers });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      customerId: customer.id,
      customerName: customer.name,
      caseId: awaiting.id,
      caseNumber: awaiting.number,
      purpose: 'confirm_resolution',
      status: 'scheduled',
      channel: 'email',
      dueAt,
      scheduledFor: dueAt,
      note: 'Ask about the descaler too',
      attempts: 0,
      ruleId: null,
    });
    const replayed = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt, note: 'Ask about the descaler too' }, { headers });
    expect(replayed.status).toBe(201);
    expect(replayed.body.id).toBe(created.body.id);
    expect((await followUpsOf(awaiting.id)).map((f) => f.id)).toEqual([created.body.id]);
    expect((await server.api('GET', `/api/follow-ups/${created.body.id}`)).body).toEqual(created.body);
    const job = await server.store.db.selectFrom('scheduled_jobs').selectAll().where('key', '=', `follow-up:${created.body.id}`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: 'follow-up.due', state: 'pending', run_at: dueAt });
  });

  it('moves a slot out of the customer’s quiet hours, and says so before saving', async () => {
    const { customer, case: awaiting } = await anAwaitingCase({ timezone: 'Europe/Rome' });
    const saved = await server.api('PUT', `/api/customers/${customer.id}/contact-preferences`, { quietHours: { start: '20:00', end: '09:00' } });
    expect(saved.status).toBe(200);
    const late = tomorrowInRome(22, 30);
    const nextMorning = new Date(Date.parse(tomorrowInRome(9)) + 24 * HOUR).toISOString();
    const preview = await server.api('POST', `/api/cases/${awaiting.id}/follow-ups/preview`, { purpose: 'confirm_resolution', dueAt: late, channel: 'sms' });
    expect(preview.body).toEqual({ kind: 'send', channel: 'sms', at: nextMorning, moved: ['quiet_hours'], timezone: 'Europe/Rome' });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: late, channel: 'sms' });
    expect(created.body).toMatchObject({ status: 'scheduled', channel: 'sms', dueAt: late, scheduledFor: nextMorning });
  });

  it('holds a check-in back for the frequency cap but not a confirmation the customer is waiting for', async () => {
    const { customer, case: awaiting } = await anAwaitingCase({ timezone: 'Europe/Rome' });
    await server.api('PUT', `/api/customers/${customer.id}/contact-preferences`, { cap: { count: 1, days: 7 } });
    const dueAt = tomorrowInRome(11);
    const first = await schedule(awaiting.id, { purpose: 'post_purchase_checkin', dueAt });
    expect(first.body).toMatchObject({ status: 'scheduled', scheduledFor: dueAt });
    const second = await server.api('POST', `/api/cases/${awaiting.id}/follow-ups/preview`, { purpose: 'post_purchase_checkin', dueAt });
    expect(second.body).toMatchObject({ kind: 'send', moved: ['frequency_cap'] });
    expect(Date.parse(second.body.at)).toBeGreaterThanOrEqual(Date.parse(dueAt) + 7 * 24 * HOUR - 60_000);
    const confirmation = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt });
    expect(confirmation.body).toMatchObject({ status: 'scheduled', scheduledFor: dueAt });
  });

  it('records a follow-up the customer opted out of as skipped, with the reason', async () => {
    const { customer, case: awaiting } = await anAwaitingCase();
    const withdrawn = await server.api('POST', `/api/customers/${customer.id}/consent-events`, { channel: 'any', purpose: 'service', action: 'withdrawn', source: 'asked on the phone' });
    expect(withdrawn.status).toBe(201);
    const preview = await server.api('POST', `/api/cases/${awaiting.id}/follow-ups/preview`, { purpose: 'confirm_resolution', dueAt: tomorrowInRome(11) });
    expect(preview.body).toMatchObject({ kind: 'skip', reason: 'opted_out' });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: tomorrowInRome(11) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'skipped', scheduledFor: null, skipReason: 'opted_out' });
    expect(created.body.skipDetail).toBeTruthy();
    expect(await server.store.db.selectFrom('scheduled_jobs').select('id').where('key', '=', `follow-up:${created.body.id}`).execute()).toEqual([]);
  });

  it('stops a follow-up the customer opted out of between scheduling and its slot: skipped, nothing queued', async () => {
    const { customer, case: awaiting } = await anAwaitingCase({ timezone: middayZone() });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: new Date().toISOString(), channel: 'email' });
    expect(created.body.status).toBe('scheduled');
    await server.api('POST', `/api/customers/${customer.id}/consent-events`, { channel: 'any', purpose: 'service', action: 'withdrawn', source: 'email to the desk' });
    await server.worker.runDueJobs();
    const after = (await server.api('GET', `/api/follow-ups/${created.body.id}`)).body;
    expect(after).toMatchObject({ status: 'skipped', skipReason: 'opted_out' });
    expect(await messagesOf(created.body.id)).toEqual([]);
  });

  it('queues an email follow-up in the customer’s words when its slot comes, and cancels the message if the case moves on first', async () => {
    const { customer, case: awaiting } = await anAwaitingCase({ timezone: middayZone(), name: 'Giulia Bianchi' });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: new Date().toISOString() });
    await server.worker.runDueJobs();
    const due = (await server.api('GET', `/api/follow-ups/${created.body.id}`)).body;
    expect(due).toMatchObject({ status: 'due', channel: 'email' });
    const [message] = await messagesOf(created.body.id);
    expect(message).toMatchObject({ channel: 'email', state: 'queued', recipient: customer.email, case_id: awaiting.id, message_id: due.messageId, purpose: 'confirm_resolution' });
    expect(message!.subject).toContain(awaiting.number);
    expect(message!.body_text).toContain('Hello Giulia Bianchi');
    expect(message!.body_text).toContain('Kettle descaling advice');

    // The customer rings to confirm before it leaves: the case is resolved, the question is moot,
    // and the send check cancels the message.
    await logContact(server, awaiting.id, 'inbound', ['resolution_confirmed'], 'Rang in: all fine now.');
    await transition(server, awaiting.id, 'customer_confirmed');
    expect((await server.api('GET', `/api/follow-ups/${created.body.id}`)).body).toMatchObject({ status: 'cancelled', skipReason: 'case_moved_on' });
    await server.dispatcher.runDue();
    expect((await messagesOf(created.body.id))[0]).toMatchObject({ state: 'cancelled' });
  });

  it('makes a phone follow-up a call task; a call nobody answered is a documented failed attempt and is tried again later', async () => {
    const { case: awaiting } = await anAwaitingCase({ timezone: middayZone() }, { assigneeId: server.users.agent.id });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: new Date().toISOString(), channel: 'phone' });
    await server.worker.runDueJobs();
    const task = (await server.api('GET', `/api/follow-ups/${created.body.id}`)).body;
    expect(task).toMatchObject({ status: 'due', channel: 'phone', assigneeId: server.users.agent.id, assigneeName: 'Test agent' });
    expect(await messagesOf(created.body.id)).toEqual([]);
    const calls = (await server.api('GET', `/api/follow-ups?view=calls&assignee=${server.users.agent.id}`)).body.items;
    expect(calls.map((f: { id: string }) => f.id)).toContain(created.body.id);
    const counts = (await server.api('GET', '/api/follow-ups/counts')).body;
    expect(counts.calls).toBeGreaterThanOrEqual(1);

    // A call task closes only with a summary.
    const bare = await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'no_answer' });
    expectRefused(bare, 400, 'invalid_request', 'summary');
    expect((await server.api('GET', `/api/follow-ups/${created.body.id}`)).body).toEqual(task);

    const before = Date.now();
    const noAnswer = await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'no_answer', summary: 'Rang twice, went to voicemail.' });
    expect(noAnswer.status).toBe(200);
    expect(noAnswer.body).toMatchObject({ status: 'scheduled', attempts: 1, outcome: null, outcomeSummary: 'Rang twice, went to voicemail.' });
    expect(Date.parse(noAnswer.body.scheduledFor)).toBeGreaterThanOrEqual(before + 4 * HOUR - 1000);
    const detail = (await server.api('GET', `/api/cases/${awaiting.id}`)).body;
    expect(detail.procedure.failedAttempts).toBe(1);
    expect(detail.interactions.at(-1)).toMatchObject({ channel: 'phone', direction: 'outbound', marks: ['failed_attempt'], body: 'Rang twice, went to voicemail.' });
    expect(detail.status).toBe('awaiting_customer');
  });

  it('a satisfied answer on the phone confirms the resolution and resolves the case awaiting the customer', async () => {
    const { case: awaiting } = await anAwaitingCase({ timezone: middayZone() });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: new Date().toISOString(), channel: 'phone', assigneeId: server.users.supervisor.id });
    await server.worker.runDueJobs();
    const done = await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'satisfied', summary: 'Descaled it as advised; works perfectly now.' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'satisfied', assigneeId: server.users.supervisor.id });
    expect(done.body.doneAt).toBeTruthy();
    const detail = (await server.api('GET', `/api/cases/${awaiting.id}`)).body;
    expect(detail.status).toBe('resolved');
    expect(detail.transitions.at(-1)).toMatchObject({ event: 'customer_confirmed', toStatus: 'resolved' });
    expect(detail.interactions.at(-1)).toMatchObject({ channel: 'phone', direction: 'inbound', marks: ['resolution_confirmed'], body: 'Descaled it as advised; works perfectly now.' });
    // Done once: a second outcome is refused.
    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'satisfied', summary: 'again' }), 409, 'follow_up_not_open', 'outcome');
  });

  it('further needs open a linked case for the same customer and order, titled from the summary', async () => {
    const { customer, case: awaiting } = await anAwaitingCase({ timezone: middayZone() });
    const created = await schedule(awaiting.id, { purpose: 'callback', dueAt: new Date().toISOString() });
    expect(created.body.channel).toBe('phone');
    await server.worker.runDueJobs();
    const done = await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'further_needs', summary: 'Wants a second kettle for the office\nAsked for a business quote.' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'further_needs' });
    const linked = (await server.api('GET', `/api/cases/${done.body.linkedCaseId}`)).body;
    expect(linked).toMatchObject({ customerId: customer.id, kind: 'query', subject: 'Wants a second kettle for the office', channel: 'phone', status: 'new' });
    expect(linked.interactions[0]).toMatchObject({ direction: 'inbound', channel: 'phone' });
    expect(done.body.linkedCaseNumber).toBe(linked.number);
    expect((await server.api('GET', `/api/cases/${awaiting.id}`)).body.status).toBe('awaiting_customer');
  });

  it('lists follow-ups by view, cancels one with a reason, and lists it no more', async () => {
    const { case: awaiting } = await anAwaitingCase({ timezone: 'Europe/Rome' });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: tomorrowInRome(11) });
    const scheduled = (await server.api('GET', '/api/follow-ups?view=scheduled&limit=200')).body.items.map((f: { id: string }) => f.id);
    expect(scheduled).toContain(created.body.id);
    const dayAfter = new Date(Date.now() + 3 * 24 * HOUR).toISOString();
    const dueByThen = (await server.api('GET', `/api/follow-ups?view=due_today&dayEnd=${encodeURIComponent(dayAfter)}&limit=200`)).body.items.map((f: { id: string }) => f.id);
    expect(dueByThen).toContain(created.body.id);

    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/cancel`, { reason: ' ' }), 400, 'invalid_request', 'reason');
    const cancelled = await server.api('POST', `/api/follow-ups/${created.body.id}/cancel`, { reason: 'Customer rang in and confirmed already' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', skipReason: 'cancelled_by_agent', skipDetail: 'Customer rang in and confirmed already' });
    expect((await server.api('GET', '/api/follow-ups?view=scheduled&limit=200')).body.items.map((f: { id: string }) => f.id)).not.toContain(created.body.id);
    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/cancel`, { reason: 'twice' }), 409, 'follow_up_closed');
    expect((await server.store.db.selectFrom('scheduled_jobs').select('state').where('key', '=', `follow-up:${created.body.id}`).executeTakeFirstOrThrow()).state).toBe('cancelled');
  });

  it('pages through a view in slot order', async () => {
    const { case: awaiting } = await anAwaitingCase({ timezone: 'Europe/Rome' });
    for (const hour of [12, 10, 11]) await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: tomorrowInRome(hour) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { caseId: string; scheduledFor: string }[]; nextCursor: string | null } } = await server.api('GET', `/api/follow-ups?view=scheduled&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.body.items.filter((f) => f.caseId === awaiting.id).map((f) => f.scheduledFor));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([tomorrowInRome(10), tomorrowInRome(11), tomorrowInRome(12)]);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { case: awaiting } = await anAwaitingCase();
    const dueAt = tomorrowInRome(11);
    expectRefused(await schedule(awaiting.id, { purpose: 'say_hello', dueAt }), 400, 'invalid_request', 'purpose');
    expectRefused(await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: 'tomorrow' }), 400, 'invalid_request', 'dueAt');
    expectRefused(await schedule(awaiting.id, { purpose: 'confirm_resolution' }), 400, 'invalid_request', 'dueAt');
    expectRefused(await schedule(awaiting.id, { purpose: 'survey', dueAt, channel: 'phone' }), 400, 'invalid_request', 'purpose');
    expectRefused(await schedule(awaiting.id, { purpose: 'callback', dueAt, channel: 'email' }), 400, 'invalid_request', 'channel');
    expectRefused(await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt, assigneeId: 'usr_nobody' }), 400, 'invalid_request', 'assigneeId');
    expectRefused(await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt, assigneeId: server.users.auditor.id }), 400, 'invalid_request', 'assigneeId');
    const fresh = await aCase(server, (await aCustomer(server)).id, { kind: 'query' });
    const early = await schedule(fresh.id, { purpose: 'confirm_resolution', dueAt });
    expectRefused(early, 400, 'invalid_request', 'purpose');
    expect(early.body.error.message).toMatch(/ask the customer to confirm first/);
    expectRefused(await server.api('POST', `/api/cases/${awaiting.id}/follow-ups/preview`, { purpose: 'satisfaction_check', dueAt }), 400, 'invalid_request', 'purpose');
    expect(await followUpsOf(awaiting.id)).toEqual([]);
    expect(await followUpsOf(fresh.id)).toEqual([]);
    expect((await schedule('case_nowhere', { purpose: 'confirm_resolution', dueAt })).status).toBe(404);
    expect((await server.api('GET', '/api/follow-ups/fup_nowhere')).status).toBe(404);
    expect((await server.api('POST', '/api/follow-ups/fup_nowhere/outcome', { outcome: 'satisfied', summary: 'x' })).status).toBe(404);
    expectRefused(await server.api('GET', '/api/follow-ups?view=everything'), 400, 'invalid_request', 'view');
  });

  it('refuses an outcome before the contact has happened, and a retry of what did not fail', async () => {
    const { case: awaiting } = await anAwaitingCase({ timezone: 'Europe/Rome' });
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt: tomorrowInRome(11), channel: 'phone' });
    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'satisfied', summary: 'Fine' }), 409, 'follow_up_not_open', 'outcome');
    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'delighted', summary: 'Fine' }), 400, 'invalid_request', 'outcome');
    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/retry`), 409, 'follow_up_not_failed');
    expect((await server.api('GET', `/api/follow-ups/${created.body.id}`)).body).toEqual(created.body);
  });

  it('lets an auditor read follow-ups but not schedule, record or cancel them', async () => {
    const { case: awaiting } = await anAwaitingCase({ timezone: 'Europe/Rome' });
    const dueAt = tomorrowInRome(11);
    expectRefused(await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt }, { as: 'auditor' }), 403, 'forbidden');
    const created = await schedule(awaiting.id, { purpose: 'confirm_resolution', dueAt });
    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/cancel`, { reason: 'no' }, { as: 'auditor' }), 403, 'forbidden');
    expectRefused(await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'satisfied', summary: 'no' }, { as: 'auditor' }), 403, 'forbidden');
    expect((await server.api('GET', `/api/follow-ups?caseId=${awaiting.id}`, undefined, { as: 'auditor' })).status).toBe(200);
    expect((await server.api('POST', `/api/cases/${awaiting.id}/follow-ups/preview`, { purpose: 'confirm_resolution', dueAt }, { as: 'auditor' })).status).toBe(200);
    expect((await server.api('GET', `/api/follow-ups/${created.body.id}`)).body.status).toBe('scheduled');
  });
});

describe.each(ENGINES)('a follow-up by email, end to end, on %s', (engine) => {
  let server: TestServer;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer(engine, { channels: { smtpUrl: sink.url, mailDomain: 'desk.example' } });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  /** A query case awaiting the customer with a confirm-resolution email scheduled now and queued, for a customer for whom it is midday. */
  async function aConfirmationByEmailDue(customerOverrides: Record<string, unknown>, subject: string) {
    const customer = await aCustomer(server, { timezone: middayZone(), ...customerOverrides });
    const opened = await aCase(server, customer.id, { kind: 'query', subject });
    await transition(server, opened.id, 'acknowledge');
    await transition(server, opened.id, 'await_customer');
    const created = await server.api('POST', `/api/cases/${opened.id}/follow-ups`, { purpose: 'confirm_resolution', dueAt: new Date().toISOString(), channel: 'email' });
    expect(created.body.status).toBe('scheduled');
    await server.worker.runDueJobs();
    return { customer, opened, created };
  }

  /** Sends what is due, which must be one message, and returns the mail the sink received for it. */
  async function sendTheOneDue() {
    const before = sink.received.length;
    expect(await server.dispatcher.runDue()).toBe(1);
    return (await sink.waitFor(before + 1)).slice(before)[0]!;
  }

  it('goes out over SMTP, the customer’s reply threads into the case, and “satisfied” resolves it', async () => {
    const { customer, opened, created } = await aConfirmationByEmailDue({ name: 'Luca Ferri' }, 'Kettle lid will not close');
    const mail = await sendTheOneDue();
    expect(mail.to).toEqual([customer.email]);
    expect(mail.parsed.subject).toContain(opened.number);
    expect(mail.parsed.text).toContain('Hello Luca Ferri');
    expect(mail.header('auto-submitted')).toBe('auto-generated');
    const sent = (await server.api('GET', `/api/follow-ups/${created.body.id}`)).body;
    expect(sent).toMatchObject({ status: 'sent', messageId: mail.parsed.messageId });
    const logged = (await server.api('GET', `/api/cases/${opened.id}`)).body.interactions.at(-1);
    expect(logged).toMatchObject({ channel: 'email', direction: 'outbound', authorType: 'system' });
    expect(logged.body).toContain('Hello Luca Ferri');

    // The customer answers from their mail client, to the Reply-To address.
    const replyTo = mail.parsed.replyTo!.value[0]!.address!;
    const raw = [
      `From: Luca Ferri <${customer.email}>`,
      `To: ${replyTo}`,
      `Subject: Re: ${mail.parsed.subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <reply.${Date.now()}@mail.example.net>`,
      `In-Reply-To: ${mail.parsed.messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Yes, the new lid closes fine. Thank you!',
      '',
    ].join('\r\n');
    const handedIn = await server.api('POST', '/api/inbound/email', raw, { headers: { 'content-type': 'message/rfc822' } });
    expect(handedIn.body).toMatchObject({ outcome: 'threaded', caseId: opened.id });
    expect((await server.api('GET', `/api/follow-ups/${created.body.id}`)).body.status).toBe('answered');

    const done = await server.api('POST', `/api/follow-ups/${created.body.id}/outcome`, { outcome: 'satisfied' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'satisfied' });
    const detail = (await server.api('GET', `/api/cases/${opened.id}`)).body;
    expect(detail.status).toBe('resolved');
    const replies = detail.interactions.filter((i: { direction: string }) => i.direction === 'inbound');
    // The customer's own reply carries the confirmation; no second inbound contact was made up.
    expect(replies).toHaveLength(2);
    const reply = replies.find((i: { body: string }) => i.body.includes('the new lid closes fine'));
    expect(reply).toMatchObject({ channel: 'email', marks: ['resolution_confirmed'] });
  });

  it('says what the desk’s latest confirm-resolution template for the customer’s language and the channel says', async () => {
    const template = async (fields: { kind: string; channel: string; language: string; body: string }) => {
      const created = await server.api('POST', '/api/templates', { name: `Follow-up text ${fields.language} ${fields.channel} ${fields.kind}`, ...fields }, { as: 'supervisor' });
      expect(created.status).toBe(201);
    };
    await template({ kind: 'confirm_resolution', channel: 'email', language: 'nl', body: 'Hallo {{customer.name}}, de oude tekst over {{case.number}}.' });
    await template({ kind: 'confirm_resolution', channel: 'email', language: 'nl', body: 'Hallo {{customer.name}}, is alles in orde met {{case.number}}?\n\nGroeten,\n{{agent.name}}' });
    await template({ kind: 'confirm_resolution', channel: 'sms', language: 'nl', body: 'SMS: alles goed met {{case.number}}?' });
    await template({ kind: 'satisfaction_check', channel: 'email', language: 'nl', body: 'Tevreden over {{case.number}}?' });
    await template({ kind: 'confirm_resolution', channel: 'email', language: 'de', body: 'Hallo {{customer.name}}, ist mit {{case.number}} alles in Ordnung?' });

    const { customer, opened } = await aConfirmationByEmailDue({ name: 'Daan de Vries', language: 'nl-NL' }, 'Blender jug lid');
    const mail = await sendTheOneDue();
    expect(mail.to).toEqual([customer.email]);
    const expected = `Hallo Daan de Vries, is alles in orde met ${opened.number}?\n\nGroeten,\nthe customer service team`;
    expect(mail.parsed.text!.trim()).toBe(expected);
    const logged = (await server.api('GET', `/api/cases/${opened.id}`)).body.interactions.at(-1);
    expect(logged).toMatchObject({ channel: 'email', direction: 'outbound' });
    expect(logged.body).toContain(expected);
  });

  it('shows a send the mail server refused for good as failed with the reason, and a retry sends it once', async () => {
    const { created } = await aConfirmationByEmailDue({}, 'Filter size');
    sink.refuseNext(1, 550, 'mailbox unavailable');
    await server.dispatcher.runDue();
    const failed = (await server.api('GET', `/api/follow-ups/${created.body.id}`)).body;
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toMatch(/550/);
    expect((await server.api('GET', '/api/follow-ups?view=failed&limit=200')).body.items.map((f: { id: string }) => f.id)).toContain(created.body.id);
    expect((await server.api('GET', '/api/follow-ups/counts')).body.failed).toBeGreaterThanOrEqual(1);

    const retried = await server.api('POST', `/api/follow-ups/${created.body.id}/retry`);
    expect(retried.body).toMatchObject({ status: 'scheduled', failureReason: null });
    await server.worker.runDueJobs();
    const before = sink.received.length;
    await server.dispatcher.runDue();
    await sink.waitFor(before + 1);
    // The failed message is not sent again, even if someone retries it in the outbox.
    const messages = await server.store.db.selectFrom('outbound_messages').select(['id', 'state']).where('follow_up_id', '=', created.body.id).orderBy('id').execute();
    expect(messages.map((m) => m.state)).toEqual(['failed', 'sent']);
    await server.api('POST', `/api/outbound-messages/${messages[0]!.id}/retry`, undefined, { as: 'supervisor' });
    await server.dispatcher.runDue();
    expect(sink.received.length).toBe(before + 1);
    expect((await server.api('GET', `/api/follow-ups/${created.body.id}`)).body.status).toBe('sent');
  });
});
