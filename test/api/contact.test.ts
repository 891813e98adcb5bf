import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { nowInstant } from '../../src/server/platform/ids.js';
import { expectRefused } from '../support/complaints.js';
import { aCustomer } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';
import { insertFollowUp } from '../support/store-rows.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe.each(ENGINES)('contact preferences and consent on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  const preferencesOf = async (customerId: string) => {
    const response = await server.api('GET', `/api/customers/${customerId}/contact-preferences`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const save = (customerId: string, body: unknown, as: 'agent' | 'auditor' = 'agent') => server.api('PUT', `/api/customers/${customerId}/contact-preferences`, body, { as });
  const consent = (customerId: string, body: Record<string, unknown>, as: 'agent' | 'auditor' = 'agent') =>
    server.api('POST', `/api/customers/${customerId}/consent-events`, { source: 'phone call with the customer', ...body }, { as });
  const plan = async (customerId: string, body: Record<string, unknown>) => {
    const response = await server.api('POST', `/api/customers/${customerId}/contact-plan`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  /** Follow-ups written straight into the store, as the follow-ups module would write them. */
  async function followUps(customerId: string, rows: { scheduledFor: string; status: string }[]) {
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      for (const row of rows) {
        const now = nowInstant();
        await insertFollowUp(work, { customerId, purpose: 'post_purchase_checkin', status: row.status, channel: 'email', dueAt: row.scheduledFor, createdAt: now });
      }
    });
  }

  it('answers the defaults for a customer who has set nothing, each named as a default', async () => {
    const customer = await aCustomer(server, { timezone: 'Europe/Rome', language: 'it' });
    expect(await preferencesOf(customer.id)).toEqual({
      customerId: customer.id,
      preferences: {
        preferredChannel: 'email',
        allowedChannels: ['email', 'sms', 'phone'],
        quietHours: { start: '21:00', end: '08:00' },
        language: 'it',
        cap: { count: 3, days: 7 },
      },
      defaults: ['preferredChannel', 'allowedChannels', 'quietHours', 'language', 'cap'],
      reachable: { email: true, sms: true, phone: true },
      consent: { decisions: expect.any(Array), optOuts: [] },
      updatedAt: null,
    });
    // Without an email address: the phone, on the channels a number reaches.
    const noEmail = await aCustomer(server, { email: undefined });
    const { preferences, reachable } = await preferencesOf(noEmail.id);
    expect(preferences).toMatchObject({ preferredChannel: 'phone', allowedChannels: ['sms', 'phone'] });
    expect(reachable).toEqual({ email: false, sms: true, phone: true });
  });

  it('saves preferences and reads them back; a field left out follows the default again', async () => {
    const customer = await aCustomer(server);
    const saved = await save(customer.id, { preferredChannel: 'sms', allowedChannels: ['sms', 'email'], quietHours: { start: '22:00', end: '07:30' }, cap: { count: 2, days: 14 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const read = await preferencesOf(customer.id);
    expect(read).toEqual(saved.body);
    expect(read.preferences).toEqual({ preferredChannel: 'sms', allowedChannels: ['sms', 'email'], quietHours: { start: '22:00', end: '07:30' }, language: 'it', cap: { count: 2, days: 14 } });
    expect(read.defaults).toEqual(['language']);
    expect(read.updatedAt).not.toBeNull();

    const changed = await save(customer.id, { language: 'en', quietHours: { start: '20:00', end: '09:00' } });
    expect(changed.status).toBe(200);
    expect(changed.body.preferences).toEqual({ preferredChannel: 'email', allowedChannels: ['email', 'sms', 'phone'], quietHours: { start: '20:00', end: '09:00' }, language: 'en', cap: { count: 3, days: 7 } });
    expect(changed.body.defaults).toEqual(['preferredChannel', 'allowedChannels', 'cap']);

    const audit = await server.store.db.selectFrom('audit_events').select(['action', 'entity_type']).where('entity_type', '=', 'contact_preferences').where('entity_id', '=', (await server.store.db.selectFrom('contact_preferences').select('id').where('customer_id', '=', customer.id).executeTakeFirstOrThrow()).id).orderBy('seq').execute();
    expect(audit.map((event) => event.action)).toEqual(['create', 'update']);
  });

  it('refuses bad preferences naming the field, and changes nothing', async () => {
    const customer = await aCustomer(server);
    expect((await save(customer.id, { preferredChannel: 'phone', allowedChannels: ['phone', 'email'], quietHours: { start: '22:00', end: '07:00' } })).status).toBe(200);
    const before = await preferencesOf(customer.id);
    const noEmail = await aCustomer(server, { email: undefined });

    expectRefused(await save(customer.id, { quietHours: { start: '9pm', end: '07:00' } }), 400, 'invalid_request', 'quietHours.start');
    expectRefused(await save(customer.id, { quietHours: { start: '22:00', end: '24:00' } }), 400, 'invalid_request', 'quietHours.end');
    expectRefused(await save(customer.id, { quietHours: { start: '22:00', end: '22:00' } }), 400, 'invalid_request', 'quietHours.end');
    expectRefused(await save(customer.id, { quietHours: { start: '22:00' } }), 400, 'invalid_request', 'quietHours.end');
    expectRefused(await save(customer.id, { cap: { count: 0, days: 7 } }), 400, 'invalid_request', 'cap.count');
    expectRefused(await save(customer.id, { cap: { count: 51, days: 7 } }), 400, 'invalid_request', 'cap.count');
    expectRefused(await save(customer.id, { cap: { count: 3, days: 91 } }), 400, 'invalid_request', 'cap.days');
    expectRefused(await save(customer.id, { allowedChannels: ['fax'] }), 400, 'invalid_request', 'allowedChannels.0');
    expectRefused(await save(customer.id, { allowedChannels: [] }), 400, 'invalid_request', 'allowedChannels');
    expectRefused(await save(customer.id, { allowedChannels: ['sms', 'sms'] }), 400, 'invalid_request', 'allowedChannels');
    expectRefused(await save(customer.id, { preferredChannel: 'phone', allowedChannels: ['email'] }), 400, 'invalid_request', 'preferredChannel');
    expectRefused(await save(customer.id, { language: 'Italian' }), 400, 'invalid_request', 'language');
    // The allowed channels by default are those the customer has details for: not email here.
    const unreachable = await save(noEmail.id, { preferredChannel: 'email' });
    expectRefused(unreachable, 400, 'invalid_request', 'preferredChannel');
    expect(unreachable.body.error.message).toContain('sms, phone');

    expect(await preferencesOf(customer.id)).toEqual(before);
    expect((await preferencesOf(noEmail.id)).updatedAt).toBeNull();
  });

  it('keeps consent as an append-only history in which the latest event decides', async () => {
    const customer = await aCustomer(server);
    const given = await consent(customer.id, { channel: 'email', purpose: 'marketing', action: 'given', occurredAt: '2026-03-01T10:00:00Z', source: 'newsletter box at checkout' });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect(given.body).toMatchObject({ customerId: customer.id, channel: 'email', purpose: 'marketing', action: 'given', occurredAt: '2026-03-01T10:00:00.000Z', source: 'newsletter box at checkout', recordedBy: 'test agent' });
    const withdrawn = await consent(customer.id, { channel: 'email', purpose: 'marketing', action: 'withdrawn', occurredAt: '2026-04-01T10:00:00Z' });
    // Recorded last, but it happened before the consent was given: it does not decide.
    const backdated = await consent(customer.id, { channel: 'email', purpose: 'marketing', action: 'given', occurredAt: '2026-02-01T10:00:00Z' });
    expect(backdated.status).toBe(201);

    const history = await server.api('GET', `/api/customers/${customer.id}/consent-events`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((event: { id: string }) => event.id)).toEqual([withdrawn.body.id, given.body.id, backdated.body.id]);
    const decision = (await preferencesOf(customer.id)).consent.decisions.find((d: { channel: string; purpose: string }) => d.channel === 'email' && d.purpose === 'marketing');
    expect(decision).toEqual({ channel: 'email', purpose: 'marketing', allowed: false, decidedBy: withdrawn.body });

    // Nothing changes or removes an event.
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect((await server.api(method, `/api/customers/${customer.id}/consent-events/${given.body.id}`, method === 'DELETE' ? undefined : { action: 'withdrawn' })).status).toBe(404);
    }
    const audit = await server.store.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'consent_events').where('entity_id', 'in', [given.body.id, withdrawn.body.id, backdated.body.id]).execute();
    expect(audit.map((event) => event.action)).toEqual(['create', 'create', 'create']);
  });

  it('refuses a bad consent event naming the field, and records nothing', async () => {
    const customer = await aCustomer(server);
    const future = new Date(Date.now() + DAY).toISOString();
    expectRefused(await consent(customer.id, { channel: 'email', purpose: 'marketing', action: 'given', occurredAt: future }), 400, 'invalid_request', 'occurredAt');
    expectRefused(await consent(customer.id, { channel: 'fax', purpose: 'marketing', action: 'given' }), 400, 'invalid_request', 'channel');
    expectRefused(await consent(customer.id, { channel: 'email', purpose: 'sales', action: 'given' }), 400, 'invalid_request', 'purpose');
    expectRefused(await consent(customer.id, { channel: 'email', purpose: 'marketing', action: 'maybe' }), 400, 'invalid_request', 'action');
    expectRefused(await consent(customer.id, { channel: 'email', purpose: 'marketing', action: 'given', source: '  ' }), 400, 'invalid_request', 'source');
    expect((await server.api('GET', `/api/customers/${customer.id}/consent-events`)).body.items).toEqual([]);
  });

  it('opts a customer out of a purpose by a withdrawal on any channel, which the plan then honours', async () => {
    const customer = await aCustomer(server);
    expect(await plan(customer.id, { purpose: 'survey' })).toMatchObject({ kind: 'send', channel: 'email' });
    expect((await consent(customer.id, { channel: 'any', purpose: 'survey', action: 'withdrawn', source: 'replied STOP to a survey' })).status).toBe(201);

    expect((await preferencesOf(customer.id)).consent.optOuts).toEqual(['survey']);
    const skipped = await plan(customer.id, { purpose: 'survey' });
    expect(skipped).toMatchObject({ kind: 'skip', reason: 'opted_out' });
    expect(skipped.detail).toContain('replied STOP to a survey');
    // Service contact about their cases goes on.
    expect(await plan(customer.id, { purpose: 'service' })).toMatchObject({ kind: 'send', channel: 'email' });
  });

  it('plans marketing only where consent was given, and service without it', async () => {
    const customer = await aCustomer(server);
    expect(await plan(customer.id, { purpose: 'marketing' })).toMatchObject({ kind: 'skip', reason: 'no_consent' });
    expect(await plan(customer.id, { purpose: 'service' })).toMatchObject({ kind: 'send' });
    await consent(customer.id, { channel: 'sms', purpose: 'marketing', action: 'given', source: 'signed up in store' });
    expect(await plan(customer.id, { purpose: 'marketing' })).toMatchObject({ kind: 'send', channel: 'sms' });
    // Asked for email, where there is no marketing consent: SMS it is.
    expect(await plan(customer.id, { purpose: 'marketing', channel: 'email' })).toMatchObject({ kind: 'send', channel: 'sms' });
  });

  it('moves a contact out of quiet hours in the customer’s timezone', async () => {
    const customer = await aCustomer(server, { timezone: 'Europe/Rome' });
    // 21:30 UTC is 23:30 in Rome in June: quiet until 08:00 there (06:00 UTC).
    expect(await plan(customer.id, { purpose: 'service', requestedAt: '2031-06-10T21:30:00Z' })).toEqual({ kind: 'send', channel: 'email', at: '2031-06-11T06:00:00.000Z', moved: ['quiet_hours'] });
    await save(customer.id, { quietHours: { start: '23:45', end: '06:30' } });
    expect(await plan(customer.id, { purpose: 'service', requestedAt: '2031-06-10T21:30:00Z' })).toEqual({ kind: 'send', channel: 'email', at: '2031-06-10T21:30:00.000Z', moved: [] });
    expect(await plan(customer.id, { purpose: 'service', requestedAt: '2031-06-10T21:30:00Z', latestAt: '2031-06-10T21:00:00Z' })).toMatchObject({ kind: 'skip', reason: 'too_late' });
  });

  it('moves a contact past a full frequency window of follow-ups, or skips it when that is too late', async () => {
    const customer = await aCustomer(server, { timezone: 'UTC' });
    const requestedAt = '2031-06-10T12:00:00.000Z';
    await followUps(customer.id, [
      { scheduledFor: plus(requestedAt, -6 * DAY), status: 'done' },
      { scheduledFor: plus(requestedAt, -2 * DAY), status: 'sent' },
      { scheduledFor: plus(requestedAt, -8 * DAY), status: 'sent' },
      // Neither a cancelled nor a skipped follow-up was a contact.
      { scheduledFor: plus(requestedAt, -1 * DAY), status: 'cancelled' },
      { scheduledFor: plus(requestedAt, -1 * DAY), status: 'skipped' },
    ]);
    expect(await plan(customer.id, { purpose: 'service', requestedAt })).toMatchObject({ kind: 'send', at: requestedAt, moved: [] });

    await followUps(customer.id, [{ scheduledFor: plus(requestedAt, 3 * HOUR), status: 'scheduled' }]);
    // Three contacts in the week around it: it waits until the oldest leaves the window.
    expect(await plan(customer.id, { purpose: 'service', requestedAt })).toEqual({ kind: 'send', channel: 'email', at: plus(requestedAt, DAY), moved: ['frequency_cap'] });
    const late = await plan(customer.id, { purpose: 'service', requestedAt, latestAt: plus(requestedAt, 12 * HOUR) });
    expect(late).toMatchObject({ kind: 'skip', reason: 'frequency_cap' });

    // A wider cap holds the same contacts.
    await save(customer.id, { cap: { count: 5, days: 7 }, quietHours: { start: '23:00', end: '05:00' } });
    expect(await plan(customer.id, { purpose: 'service', requestedAt })).toMatchObject({ kind: 'send', at: requestedAt, moved: [] });
  });

  it('lets an auditor read but not write, and answers 404 for an unknown customer', async () => {
    const customer = await aCustomer(server);
    expect((await server.api('GET', `/api/customers/${customer.id}/contact-preferences`, undefined, { as: 'auditor' })).status).toBe(200);
    expect((await server.api('GET', `/api/customers/${customer.id}/consent-events`, undefined, { as: 'auditor' })).status).toBe(200);
    expect((await server.api('POST', `/api/customers/${customer.id}/contact-plan`, { purpose: 'service' }, { as: 'auditor' })).status).toBe(200);
    expectRefused(await save(customer.id, { preferredChannel: 'sms' }, 'auditor'), 403, 'forbidden');
    expectRefused(await consent(customer.id, { channel: 'any', purpose: 'marketing', action: 'withdrawn' }, 'auditor'), 403, 'forbidden');
    expect((await preferencesOf(customer.id)).updatedAt).toBeNull();
    expect((await server.api('GET', `/api/customers/${customer.id}/consent-events`)).body.items).toEqual([]);

    const nobody = 'cus_01NOBODY0000000000000000';
    expectRefused(await server.api('GET', `/api/customers/${nobody}/contact-preferences`), 404, 'not_found');
    expectRefused(await save(nobody, { preferredChannel: 'sms' }), 404, 'not_found');
    expectRefused(await server.api('GET', `/api/customers/${nobody}/consent-events`), 404, 'not_found');
    expectRefused(await consent(nobody, { channel: 'any', purpose: 'marketing', action: 'withdrawn' }), 404, 'not_found');
    expectRefused(await server.api('POST', `/api/customers/${nobody}/contact-plan`, { purpose: 'service' }), 404, 'not_found');
  });
});
