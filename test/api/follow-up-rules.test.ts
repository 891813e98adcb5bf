import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { expectRefused, logContact, transition } from '../support/complaints.js';

const DAY_MINUTES = 24 * 60;
const DAY_MS = DAY_MINUTES * 60_000;
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

// Rules apply to every case and order of a store: one server per engine, and each test looks only
// at its own customers' follow-ups.
describe.each(ENGINES)('follow-up rules on %s', (engine) => {
  let server: TestServer;
  const rules: Record<string, { id: string }> = {};
  beforeAll(async () => {
    server = await startTestServer(engine);
    const save = async (name: string, body: Record<string, unknown>) => {
      const response = await server.api('POST', '/api/follow-up-rules', { name, ...body }, { as: 'supervisor' });
      if (response.status !== 201) throw new Error(`rule not created: ${JSON.stringify(response.body)}`);
      rules[name] = response.body;
    };
    await save('Confirm by preference', { trigger: 'case_awaiting_customer', purpose: 'confirm_resolution', delayMinutes: 2 * DAY_MINUTES });
    await save('Satisfaction check', { trigger: 'case_resolved', purpose: 'satisfaction_check', delayMinutes: 3 * DAY_MINUTES, channel: 'email' });
    await save('Check in on big orders', {
      trigger: 'order_delivered',
      purpose: 'post_purchase_checkin',
      delayMinutes: 7 * DAY_MINUTES,
      conditions: { minTotalMinor: 10_000, currency: 'EUR', notWithinDays: 30 },
    });
    await save('Survey after delivery', { trigger: 'order_delivered', purpose: 'survey', delayMinutes: 7 * DAY_MINUTES });
  });
  afterAll(() => server?.close());

  const followUpsOf = async (query: string) => (await server.api('GET', `/api/follow-ups?${query}&limit=200`)).body.items as any[];
  const ofPurpose = (items: any[], purpose: string) => items.filter((f) => f.purpose === purpose);
  const deliveredOrder = (customerId: string, totalMinor: number, deliveredAt = new Date().toISOString()) =>
    anOrder(server, customerId, { lineItems: [], totalMinor, currency: 'EUR', status: 'delivered', purchasedAt: plusDays(deliveredAt, -3), deliveredAt });

  it('creates, lists, reads and changes rules; agents read them only', async () => {
    const listed = (await server.api('GET', '/api/follow-up-rules')).body.items;
    expect(listed.map((r: { name: string }) => r.name)).toEqual(['Confirm by preference', 'Satisfaction check', 'Check in on big orders', 'Survey after delivery']);
    expect(listed[2]).toMatchObject({ active: true, trigger: 'order_delivered', channel: null, conditions: { kinds: [], minTotalMinor: 10_000, currency: 'EUR', notWithinDays: 30 } });
    const created = await server.api('POST', '/api/follow-up-rules', { name: 'Call back complaints', trigger: 'case_awaiting_customer', purpose: 'callback', delayMinutes: 60, conditions: { kinds: ['complaint'] }, active: false }, { as: 'supervisor' });
    expect(created.status).toBe(201);
    expect((await server.api('GET', `/api/follow-up-rules/${created.body.id}`)).body).toEqual(created.body);
    const changed = await server.api('PUT', `/api/follow-up-rules/${created.body.id}`, { name: 'Call back complaints', trigger: 'case_awaiting_customer', purpose: 'callback', delayMinutes: 120, conditions: { kinds: ['complaint'] }, active: false }, { as: 'supervisor' });
    expect(changed.body).toMatchObject({ delayMinutes: 120, active: false, conditions: { kinds: ['complaint'] } });
    expectRefused(await server.api('POST', '/api/follow-up-rules', { name: 'x', trigger: 'case_resolved', purpose: 'survey', delayMinutes: 0 }), 403, 'forbidden');
    expectRefused(await server.api('PUT', `/api/follow-up-rules/${created.body.id}`, { name: 'x', trigger: 'case_resolved', purpose: 'survey', delayMinutes: 0 }), 403, 'forbidden');
    expect((await server.api('PUT', '/api/follow-up-rules/fur_nowhere', { name: 'x', trigger: 'case_resolved', purpose: 'survey', delayMinutes: 0 }, { as: 'supervisor' })).status).toBe(404);
    expect((await server.api('GET', '/api/follow-up-rules/fur_nowhere')).status).toBe(404);
  });

  it('refuses a rule whose parts do not fit, naming the field, and saves nothing', async () => {
    const before = (await server.api('GET', '/api/follow-up-rules')).body.items.length;
    const save = (body: Record<string, unknown>) => server.api('POST', '/api/follow-up-rules', { name: 'Bad', trigger: 'order_delivered', purpose: 'post_purchase_checkin', delayMinutes: 60, ...body }, { as: 'supervisor' });
    expectRefused(await save({ purpose: 'confirm_resolution' }), 400, 'invalid_request', 'purpose');
    expectRefused(await save({ trigger: 'whenever' }), 400, 'invalid_request', 'trigger');
    expectRefused(await save({ delayMinutes: -5 }), 400, 'invalid_request', 'delayMinutes');
    expectRefused(await save({ name: ' ' }), 400, 'invalid_request', 'name');
    expectRefused(await save({ channel: 'fax' }), 400, 'invalid_request', 'channel');
    expectRefused(await save({ conditions: { minTotalMinor: 10_000 } }), 400, 'invalid_request', 'conditions.currency');
    expectRefused(await save({ conditions: { minTotalMinor: 10_000, currency: 'euro' } }), 400, 'invalid_request', 'conditions.currency');
    expectRefused(await save({ conditions: { kinds: ['complaint'] } }), 400, 'invalid_request', 'conditions.kinds');
    expectRefused(await save({ conditions: { notWithinDays: 0 } }), 400, 'invalid_request', 'conditions.notWithinDays');
    expectRefused(await save({ trigger: 'case_resolved', purpose: 'satisfaction_check', conditions: { minTotalMinor: 100, currency: 'EUR' } }), 400, 'invalid_request', 'conditions.minTotalMinor');
    expectRefused(await save({ trigger: 'case_awaiting_customer', purpose: 'callback', channel: 'email' }), 400, 'invalid_request', 'channel');
    expect((await server.api('GET', '/api/follow-up-rules')).body.items).toHaveLength(before);
  });

  it('schedules the confirmation when a case awaits the customer, the satisfaction check when it is resolved, and cancels what the case moved past', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id, { kind: 'query', subject: 'Descaler advice' });
    await transition(server, opened.id, 'acknowledge');
    const awaiting = await transition(server, opened.id, 'await_customer');
    const entered = awaiting.transitions.at(-1).at as string;
    let items = await followUpsOf(`caseId=${opened.id}`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ purpose: 'confirm_resolution', status: 'scheduled', ruleId: rules['Confirm by preference']!.id, dueAt: plusDays(entered, 2), channel: 'email' });
    const confirmation = items[0].id;

    await logContact(server, opened.id, 'inbound', ['resolution_confirmed'], 'It works, thanks.');
    const resolved = await transition(server, opened.id, 'customer_confirmed');
    items = await followUpsOf(`caseId=${opened.id}`);
    expect(items.find((f) => f.id === confirmation)).toMatchObject({ status: 'cancelled', skipReason: 'case_moved_on', skipDetail: 'the case is now resolved' });
    const [satisfaction] = ofPurpose(items, 'satisfaction_check');
    expect(satisfaction).toMatchObject({ status: 'scheduled', channel: 'email', dueAt: plusDays(resolved.transitions.at(-1).at, 3), ruleId: rules['Satisfaction check']!.id });

    // Reopened: the satisfaction check no longer fits; awaiting the customer again asks again, once.
    await transition(server, opened.id, 'reopen', 'The kettle leaks again');
    expect((await followUpsOf(`caseId=${opened.id}`)).find((f) => f.id === satisfaction.id)).toMatchObject({ status: 'cancelled', skipReason: 'case_moved_on' });
    await transition(server, opened.id, 'await_customer');
    const confirmations = ofPurpose(await followUpsOf(`caseId=${opened.id}`), 'confirm_resolution');
    expect(confirmations.map((f) => f.status).sort()).toEqual(['cancelled', 'scheduled']);
  });

  it('checks in after a delivery over the threshold, not under it, and not twice in the window', async () => {
    const customer = await aCustomer(server);
    const small = await deliveredOrder(customer.id, 9_999);
    expect(ofPurpose(await followUpsOf(`customerId=${customer.id}`), 'post_purchase_checkin')).toEqual([]);
    const big = await deliveredOrder(customer.id, 15_000);
    const checkins = ofPurpose(await followUpsOf(`customerId=${customer.id}`), 'post_purchase_checkin');
    expect(checkins).toHaveLength(1);
    expect(checkins[0]).toMatchObject({ transactionId: big.id, caseId: null, status: 'scheduled', dueAt: plusDays(big.deliveredAt, 7), ruleId: rules['Check in on big orders']!.id });
    await deliveredOrder(customer.id, 50_000);
    expect(ofPurpose(await followUpsOf(`customerId=${customer.id}`), 'post_purchase_checkin')).toHaveLength(1);
    expect(small.id).toBeTruthy();

    // An order recorded before its delivery checks in once its delivery is recorded, and only once.
    const other = await aCustomer(server);
    const placed = await anOrder(server, other.id, { lineItems: [], totalMinor: 20_000, currency: 'EUR', status: 'shipped', purchasedAt: plusDays(new Date().toISOString(), -2), deliveredAt: undefined });
    expect(ofPurpose(await followUpsOf(`customerId=${other.id}`), 'post_purchase_checkin')).toEqual([]);
    const deliveredAt = new Date().toISOString();
    expect((await server.api('PATCH', `/api/transactions/${placed.id}`, { status: 'delivered', deliveredAt })).status).toBe(200);
    expect(ofPurpose(await followUpsOf(`customerId=${other.id}`), 'post_purchase_checkin')).toHaveLength(1);
    expect((await server.api('PATCH', `/api/transactions/${placed.id}`, { deliveredAt: plusDays(deliveredAt, -1) })).status).toBe(200);
    expect(ofPurpose(await followUpsOf(`customerId=${other.id}`), 'post_purchase_checkin')).toHaveLength(1);
  });

  it('skips a check-in the frequency cap would push too late, with the reason', async () => {
    const customer = await aCustomer(server);
    await server.api('PUT', `/api/customers/${customer.id}/contact-preferences`, { cap: { count: 1, days: 30 } });
    // Surveys are never sent twice within 30 days by default: with that window off, the cap is what holds the second back.
    expect((await server.api('PUT', '/api/settings/surveys', { neverTwiceWithinDays: 0 }, { as: 'supervisor' })).status).toBe(200);
    await deliveredOrder(customer.id, 2_000);
    await deliveredOrder(customer.id, 3_000);
    await server.api('PUT', '/api/settings/surveys', { neverTwiceWithinDays: 30 }, { as: 'supervisor' });
    const surveys = ofPurpose(await followUpsOf(`customerId=${customer.id}`), 'survey');
    expect(surveys.map((f) => f.status).sort()).toEqual(['scheduled', 'skipped']);
    expect(surveys.find((f) => f.status === 'skipped')).toMatchObject({ skipReason: 'frequency_cap', scheduledFor: null });
  });

  it('schedules nothing for orders delivered long ago, as an import of old orders would bring', async () => {
    const customer = await aCustomer(server);
    await deliveredOrder(customer.id, 90_000, plusDays(new Date().toISOString(), -60));
    expect(await followUpsOf(`customerId=${customer.id}`)).toEqual([]);
  });
});
