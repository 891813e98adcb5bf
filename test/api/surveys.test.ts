import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampledIn } from '../../src/server/modules/follow-ups/follow-up-rules.js';
import { configureWebhooks } from '../../src/server/modules/webhooks/webhook-target.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { updateAudited } from '../../src/server/platform/db/audited-writes.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { expectRefused, logContact, transition } from '../support/complaints.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { ENGINES } from '../support/stores.js';

/** A fixed-offset zone in which it is about noon now, outside the default quiet hours. */
function middayZone(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** A receiver of webhook posts on loopback, answering 204. */
async function startReceiver() {
  const bodies: any[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(ENGINES)('surveys on %s', (engine) => {
  let server: TestServer;
  let sink: SmtpSink;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let surveyRuleId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer(engine, { channels: { smtpUrl: sink.url, mailDomain: 'desk.example' } });
    configureWebhooks(server.store, { allowPrivateTargets: true });
    receiver = await startReceiver();
    const rule = await server.api(
      'POST',
      '/api/follow-up-rules',
      { name: 'Survey on resolution', trigger: 'case_resolved', purpose: 'survey', delayMinutes: 0, channel: 'email' },
      { as: 'supervisor' },
    );
    expect(rule.status).toBe(201);
    surveyRuleId = rule.body.id;
    const hook = await server.api('POST', '/api/webhooks', { url: receiver.url, events: ['survey.invited', 'survey.answered'] }, { as: 'admin' });
    expect(hook.status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await receiver?.close();
  });

  /** A query case the customer confirmed resolved, which the survey rule answers. */
  async function aResolvedCase(customerId: string, subject = 'Kettle lid will not close') {
    const opened = await aCase(server, customerId, { kind: 'query', subject });
    await transition(server, opened.id, 'acknowledge');
    await transition(server, opened.id, 'await_customer');
    await logContact(server, opened.id, 'inbound', ['resolution_confirmed'], 'Rang in: all fine now.');
    await transition(server, opened.id, 'customer_confirmed');
    return opened;
  }

  const surveysOf = async (caseId: string) => (await server.api('GET', `/api/follow-ups?caseId=${caseId}`)).body.items.filter((f: any) => f.purpose === 'survey');
  const responsesOf = (caseId: string) => server.store.db.selectFrom('survey_responses').selectAll().where('case_id', '=', caseId).execute();
  const post = (link: string, form: Record<string, string>) =>
    fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

  /** Resolves a case for a new customer and sends its survey: the link in the email. */
  async function aSurveyLink(customerOverrides: Record<string, unknown> = {}) {
    const customer = await aCustomer(server, { timezone: middayZone(), name: 'Luca Ferri', ...customerOverrides });
    const resolved = await aResolvedCase(customer.id);
    const [followUp] = await surveysOf(resolved.id);
    expect(followUp).toMatchObject({ status: 'scheduled', channel: 'email', ruleId: surveyRuleId });
    await server.worker.runDueJobs();
    const before = sink.received.length;
    await server.dispatcher.runDue();
    const mail = (await sink.waitFor(before + 1)).slice(before).find((m) => m.to[0] === customer.email)!;
    const link = /(http:\/\/\S+\/survey\/\S+)/.exec(mail.parsed.text!)![1]!;
    return { customer, case: resolved, followUp, mail, link };
  }

  it('sends the survey on resolution by email with a link; opening it records nothing; sending it records once', async () => {
    const { customer, case: resolved, followUp, mail, link } = await aSurveyLink();
    expect(mail.parsed.text).toContain('Hello Luca Ferri');
    expect(link.startsWith(server.url + 'survey/')).toBe(true);
    const [invitation] = await server.store.db.selectFrom('survey_invitations').selectAll().where('case_id', '=', resolved.id).execute();
    expect(invitation).toMatchObject({ customer_id: customer.id, follow_up_id: followUp.id, rule_id: surveyRuleId, trigger: 'case_resolved', language: 'en', case_channel: 'email', case_kind: 'query', answered_at: null });
    expect(JSON.parse(invitation!.questions_json)).toEqual(['csat', 'nps', 'ces']);
    expect(Date.parse(invitation!.expires_at) - Date.parse(invitation!.created_at)).toBe(14 * 86_400_000);

    // A mail scanner, then the customer, open the link: nothing is recorded.
    for (let i = 0; i < 2; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain('How satisfied are you with how we handled your request?');
      expect(html).toContain('<form method="post"');
    }
    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await responsesOf(resolved.id)).toEqual([]);
    expect((await server.api('GET', `/api/follow-ups/${followUp.id}`)).body.status).toBe('sent');

    const answered = await post(link, { csat: '4', nps: '9', ces: '6', comment: 'Friendly staff, but the refund took too long.' });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('Thank you for your answer');
    const [response] = await responsesOf(resolved.id);
    expect(response).toMatchObject({ invitation_id: invitation!.id, customer_id: customer.id, comment: 'Friendly staff, but the refund took too long.', language: 'en', case_kind: 'query' });
    expect([Number(response!.csat), Number(response!.nps), Number(response!.ces)]).toEqual([4, 9, 6]);
    expect(typeof response!.sentiment === 'number' || typeof response!.sentiment === 'string').toBe(true);
    expect((await server.api('GET', `/api/follow-ups/${followUp.id}`)).body).toMatchObject({ status: 'done' });
    const listed = await server.api('GET', `/api/survey-responses?caseId=${resolved.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ caseNumber: resolved.number, customerName: 'Luca Ferri', csat: 4, nps: 9, ces: 6 });
    const invitations = await server.api('GET', `/api/survey-invitations?caseId=${resolved.id}`);
    expect(invitations.body[0]).toMatchObject({ id: invitation!.id, response: { csat: 4 } });
    expect(invitations.body[0].answeredAt).toBeTruthy();

    // Sent again (a second click, a replay): already answered, nothing changes.
    const replay = await post(link, { csat: '1', nps: '0', ces: '1' });
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('You have already answered');
    const again = await fetch(link);
    expect(await again.text()).toContain('You have already answered');
    expect(await responsesOf(resolved.id)).toEqual([response]);

    // Both events went out to the subscriber: the invitation and the answer, with the scores.
    await server.dispatcher.runDue();
    const events = receiver.bodies.filter((b) => b.data.surveyInvitation?.id === invitation!.id || b.data.surveyResponse?.invitationId === invitation!.id);
    expect(events.map((e) => e.type).sort()).toEqual(['survey.answered', 'survey.invited']);
    expect(events.find((e) => e.type === 'survey.answered').data.surveyResponse).toMatchObject({ csat: 4, nps: 9, ces: 6, caseId: resolved.id, hasComment: true });
  });

  it('records one response when the form is sent twice at once', async () => {
    const { case: resolved, link } = await aSurveyLink();
    const results = await Promise.all([post(link, { csat: '5' }), post(link, { csat: '2' }), post(link, { csat: '3' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await responsesOf(resolved.id)).toHaveLength(1);
  });

  it('refuses a tampered link (400) and a closed one (410), recording nothing', async () => {
    const { case: resolved, link } = await aSurveyLink();
    const token = link.split('/survey/')[1]!;
    const [id, expires, mac] = token.split('.') as [string, string, string];
    const tampered = [`${id}.${expires}.${mac.slice(0, -2)}AA`, `${id}.${(parseInt(expires, 36) + 999).toString(36)}.${mac}`, 'nonsense', `${id}`];
    for (const bad of tampered) {
      const page = await fetch(`${server.url}survey/${bad}`);
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('This link is not valid');
      expect((await post(`${server.url}survey/${bad}`, { csat: '5' })).status).toBe(400);
    }
    expect(await responsesOf(resolved.id)).toEqual([]);

    // Time moves on past the invitation's end.
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      const row = await work.tx.selectFrom('survey_invitations').selectAll().where('case_id', '=', resolved.id).executeTakeFirstOrThrow();
      await updateAudited(work, 'survey_invitations', row, { expires_at: new Date(Date.now() - 60_000).toISOString() });
    });
    const closed = await fetch(link);
    expect(closed.status).toBe(410);
    expect(await closed.text()).toContain('This survey has closed');
    const late = await post(link, { csat: '5' });
    expect(late.status).toBe(410);
    expect(await responsesOf(resolved.id)).toEqual([]);
  });

  it('shows the form again with the problem beside the field, recording nothing, then takes a good answer', async () => {
    const { case: resolved, link } = await aSurveyLink();
    const bad = await post(link, { csat: '4', nps: '11', comment: '<b>late</b>' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('<p class="error" id="nps-error">must be a whole number from 0 to 10</p>');
    expect(html).not.toContain('csat-error');
    expect(html).toContain('name="csat" value="4" checked');
    expect(html).toContain('&lt;b&gt;late&lt;/b&gt;');
    expect(html).not.toContain('<b>late</b>');
    const empty = await post(link, { comment: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('answer at least one question or write a comment');
    const tooLong = await post(link, { csat: '3', comment: 'x'.repeat(2001) });
    expect(await tooLong.text()).toContain('id="comment-error"');
    expect(await responsesOf(resolved.id)).toEqual([]);
    expect((await post(link, { nps: '10' })).status).toBe(200);
    const [response] = await responsesOf(resolved.id);
    expect([response!.csat, Number(response!.nps), response!.ces, response!.comment]).toEqual([null, 10, null, null]);
  });

  it('never asks the same customer twice within the period, whichever case', async () => {
    const { customer } = await aSurveyLink();
    const second = await aResolvedCase(customer.id, 'Toaster crumb tray');
    expect(await surveysOf(second.id)).toEqual([]);
    // With the window off, the next resolution asks again.
    const off = await server.api('PUT', '/api/settings/surveys', { neverTwiceWithinDays: 0 }, { as: 'supervisor' });
    expect(off.status).toBe(200);
    const third = await aResolvedCase(customer.id, 'Blender jug cracked');
    expect(await surveysOf(third.id)).toHaveLength(1);
    await server.api('PUT', '/api/settings/surveys', { neverTwiceWithinDays: 30 }, { as: 'supervisor' });
  });

  it('skips the survey of a customer who opted out of surveys, with the reason, and sends nothing', async () => {
    const customer = await aCustomer(server, { timezone: middayZone() });
    const withdrawn = await server.api('POST', `/api/customers/${customer.id}/consent-events`, { channel: 'any', purpose: 'survey', action: 'withdrawn', source: 'unsubscribe link' });
    expect(withdrawn.status).toBe(201);
    const resolved = await aResolvedCase(customer.id);
    const [followUp] = await surveysOf(resolved.id);
    expect(followUp).toMatchObject({ status: 'skipped', skipReason: 'opted_out' });
    await server.worker.runDueJobs();
    expect(await server.store.db.selectFrom('survey_invitations').select('id').where('customer_id', '=', customer.id).execute()).toEqual([]);
  });

  it('asks about 1 delivered order in N, the same ones it would pick again', async () => {
    const rule = await server.api(
      'POST',
      '/api/follow-up-rules',
      { name: 'Survey 1 in 3 deliveries', trigger: 'order_delivered', purpose: 'survey', delayMinutes: 60, channel: 'email', conditions: { sampleOneIn: 3, notWithinDays: null } },
      { as: 'supervisor' },
    );
    expect(rule.status).toBe(201);
    expect(rule.body.conditions.sampleOneIn).toBe(3);
    const asked: boolean[] = [];
    const expected: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const customer = await aCustomer(server, { timezone: middayZone() });
      const order = await anOrder(server, customer.id, { deliveredAt: new Date().toISOString() });
      const followUps = (await server.api('GET', `/api/follow-ups?customerId=${customer.id}`)).body.items;
      asked.push(followUps.some((f: any) => f.purpose === 'survey' && f.transactionId === order.id));
      expected.push(sampledIn(rule.body.id, order.id, 3));
    }
    expect(asked).toEqual(expected);
    expect(asked.some(Boolean)).toBe(true);
    expect(asked.every(Boolean)).toBe(false);
    await server.api('PUT', `/api/follow-up-rules/${rule.body.id}`, { ...rule.body, active: false }, { as: 'supervisor' });
  });

  it('refuses sampling on rules other than surveys, naming the field', async () => {
    const refused = await server.api(
      'POST',
      '/api/follow-up-rules',
      { name: 'Sampled check-in', trigger: 'order_delivered', purpose: 'post_purchase_checkin', delayMinutes: 0, conditions: { sampleOneIn: 2 } },
      { as: 'supervisor' },
    );
    expectRefused(refused, 400, 'invalid_request', 'conditions.sampleOneIn');
  });

  it('reads and changes the survey settings: defaults in English and French, managers only, bad input named', async () => {
    const read = await server.api('GET', '/api/settings/surveys');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ questions: ['csat', 'nps', 'ces'], validityDays: 14, neverTwiceWithinDays: 30 });
    expect(Object.keys(read.body.texts).sort()).toEqual(['en', 'fr']);
    expectRefused(await server.api('PUT', '/api/settings/surveys', { validityDays: 7 }), 403, 'forbidden');
    expectRefused(await server.api('PUT', '/api/settings/surveys', { validityDays: 0 }, { as: 'supervisor' }), 400, 'invalid_request', 'validityDays');
    expectRefused(await server.api('PUT', '/api/settings/surveys', { questions: [] }, { as: 'supervisor' }), 400, 'invalid_request', 'questions');
    expectRefused(await server.api('PUT', '/api/settings/surveys', { texts: { fr: read.body.texts.fr } }, { as: 'supervisor' }), 400, 'invalid_request', 'texts');
    expect((await server.api('GET', '/api/settings/surveys')).body).toEqual(read.body);

    const changed = await server.api('PUT', '/api/settings/surveys', { questions: ['csat'], validityDays: 7 }, { as: 'supervisor' });
    expect(changed.body).toMatchObject({ questions: ['csat'], validityDays: 7, neverTwiceWithinDays: 30 });
    const { link } = await aSurveyLink({ language: 'fr' });
    const html = await (await fetch(link)).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Êtes-vous satisfait');
    expect(html).not.toContain('name="nps"');
    await server.api('PUT', '/api/settings/surveys', { questions: ['csat', 'nps', 'ces'], validityDays: 14 }, { as: 'supervisor' });
  });
});
