import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_KINDS } from '../../src/shared/index.js';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';

async function count(server: TestServer, table: 'customers' | 'cases' | 'interactions' | 'transactions' | 'audit_events') {
  const row = await server.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(ENGINES)('the post-sale record on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('answers health checks and serves the OpenAPI document', async () => {
    expect((await server.api('GET', '/healthz', undefined, { as: null })).body).toEqual({ status: 'ok', engine });
    const openapi = await server.api('GET', '/api/openapi.json', undefined, { as: null });
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{id}/interactions', '/api/customers']));
    expect((await fetch(server.url + 'api/docs')).status).toBe(200);
  });

  it('creates a customer from the minimal body with sensible defaults', async () => {
    const created = await server.api('POST', '/api/customers', { name: 'Jane Doe', email: 'Jane@Example.com' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Jane Doe', email: 'jane@example.com', timezone: 'UTC', language: 'en', tier: 'standard' });
    expect(created.body.id).toMatch(/^cus_/);
    const fetched = await server.api('GET', `/api/customers/${created.body.id}`);
    expect(fetched.body).toEqual(created.body);
  });

  it('opens a case with its first interaction in one go and shows both on read', async () => {
    const customer = await aCustomer(server);
    const order = await anOrder(server, customer.id);
    expect(order.totalMinor).toBe(4999 + 2 * 350);
    const opened = await server.api('POST', '/api/cases', {
      customerId: customer.id,
      kind: 'complaint',
      subject: 'Kettle leaks',
      channel: 'phone',
      transactionId: order.id,
      interaction: { channel: 'phone', direction: 'inbound', body: 'Customer called: water under the kettle.', occurredAt: '2026-10-05T09:00:00+02:00' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ kind: 'complaint', status: 'new', priority: 'normal', transactionId: order.id, customerName: customer.name });
    expect(opened.body.number).toMatch(/^C-\d+$/);
    expect(opened.body.openedAt).toBe('2026-10-05T07:00:00.000Z');

    const read = await server.api('GET', `/api/cases/${opened.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.interactions).toHaveLength(1);
    expect(read.body.interactions[0]).toMatchObject({
      channel: 'phone',
      direction: 'inbound',
      occurredAt: '2026-10-05T07:00:00.000Z',
      authorType: 'api_key',
      authorName: 'test agent',
    });
    expect(Date.parse(read.body.interactions[0].loggedAt)).toBeGreaterThan(Date.parse('2026-10-05T07:00:00Z'));
  });

  it('gives cases consecutive human-readable numbers', async () => {
    const customer = await aCustomer(server);
    const first = await aCase(server, customer.id);
    const second = await aCase(server, customer.id);
    expect(Number(second.number.slice(2))).toBe(Number(first.number.slice(2)) + 1);
  });

  it('records interactions on every channel and direction, oldest first on the case', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id, { interaction: undefined });
    const note = await server.api('POST', `/api/cases/${opened.id}/interactions`, {
      channel: 'in_person',
      direction: 'internal',
      body: 'Checked the batch: known seal problem.',
    });
    expect(note.status).toBe(201);
    const call = await server.api('POST', `/api/cases/${opened.id}/interactions`, {
      channel: 'phone',
      direction: 'outbound',
      body: 'Called back, offered a replacement.',
      occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(call.status).toBe(201);
    const listed = await server.api('GET', `/api/cases/${opened.id}/interactions`);
    expect(listed.body.items.map((i: { body: string }) => i.body)).toEqual([
      'Called back, offered a replacement.',
      'Checked the batch: known seal problem.',
    ]);
  });

  it('pages lists by cursor without gaps or repeats and filters them', async () => {
    const customer = await aCustomer(server);
    const ids = [];
    for (const kind of CASE_KINDS) ids.push((await aCase(server, customer.id, { kind, subject: `Paging ${kind}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await server.api(
        'GET',
        `/api/cases?customerId=${customer.id}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const returns = await server.api('GET', `/api/cases?customerId=${customer.id}&kind=return`);
    expect(returns.body.items).toHaveLength(1);
    expect(returns.body.items[0]).toMatchObject({ kind: 'return', subject: 'Paging return', customerName: customer.name });
    const bySubject = await server.api('GET', `/api/cases?q=paging%20FAULT`);
    expect(bySubject.body.items.map((c: { kind: string }) => c.kind)).toEqual(['fault']);
  });

  it('assigns a case to a team and agent, and counts it in the inbox views', async () => {
    const team = await server.api('POST', '/api/teams', { name: `Returns ${engine}` }, { as: 'manager' });
    expect(team.status).toBe(201);
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id);
    const before = await server.api('GET', '/api/cases/counts');
    const assigned = await server.api('PATCH', `/api/cases/${opened.id}`, { teamId: team.body.id, assigneeId: server.users.agent.id, priority: 'high' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ teamId: team.body.id, assigneeId: server.users.agent.id, priority: 'high' });
    const after = await server.api('GET', '/api/cases/counts');
    expect(after.body.unassigned).toBe(before.body.unassigned - 1);
    const mine = await server.api('GET', `/api/cases?assigneeId=${server.users.agent.id}&teamId=${team.body.id}`);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([opened.id]);
    expect(mine.body.items[0]).toMatchObject({ assigneeName: 'Test agent', teamName: `Returns ${engine}` });
  });

  it('shows the customer journey: purchase, delivery, case and contacts in one timeline', async () => {
    const customer = await aCustomer(server);
    const order = await anOrder(server, customer.id);
    await aCase(server, customer.id, { transactionId: order.id, subject: 'Leaking kettle' });
    const timeline = await server.api('GET', `/api/customers/${customer.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(['case_opened', 'interaction', 'delivery', 'purchase']);
  });

  describe('bad input', () => {
    it('names the field and reason, and writes nothing', async () => {
      const before = await count(server, 'customers');
      const auditBefore = await count(server, 'audit_events');
      const bad = await server.api('POST', '/api/customers', { name: 'No Email', email: 'not-an-email', timezone: 'Mars/Olympus' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_request');
      expect(bad.body.error.details).toEqual(
        expect.arrayContaining([
          { field: 'email', reason: expect.stringMatching(/email/i) },
          { field: 'timezone', reason: 'must be an IANA time zone such as Europe/Paris' },
        ]),
      );
      expect(await count(server, 'customers')).toBe(before);
      expect(await count(server, 'audit_events')).toBe(auditBefore);
    });

    it('says which required fields are missing', async () => {
      const empty = await server.api('POST', '/api/cases', {});
      expect(empty.status).toBe(400);
      expect(empty.body.error.details).toEqual([
        { field: 'customerId', reason: 'is required' },
        { field: 'kind', reason: 'is required' },
        { field: 'subject', reason: 'is required' },
        { field: 'channel', reason: 'is required' },
      ]);
    });

    it('refuses a case whose first interaction is invalid, and stores neither', async () => {
      const customer = await aCustomer(server);
      const cases = await count(server, 'cases');
      const interactions = await count(server, 'interactions');
      const bad = await server.api('POST', '/api/cases', {
        customerId: customer.id,
        kind: 'complaint',
        subject: 'Broken',
        channel: 'email',
        interaction: { channel: 'pigeon', direction: 'inbound', body: 'hi' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0]).toMatchObject({ field: 'interaction.channel' });
      const future = await server.api('POST', '/api/cases', {
        customerId: customer.id,
        kind: 'complaint',
        subject: 'Broken',
        channel: 'email',
        interaction: { channel: 'email', direction: 'inbound', body: 'hi', occurredAt: new Date(Date.now() + 86_400_000).toISOString() },
      });
      expect(future.status).toBe(400);
      expect(future.body.error.details).toEqual([{ field: 'interaction.occurredAt', reason: 'must not be in the future' }]);
      expect(await count(server, 'cases')).toBe(cases);
      expect(await count(server, 'interactions')).toBe(interactions);
    });

    it('refuses references to unknown or mismatched records', async () => {
      const customer = await aCustomer(server);
      const other = await aCustomer(server);
      const othersOrder = await anOrder(server, other.id);
      const unknownCustomer = await server.api('POST', '/api/cases', { customerId: 'cus_nope', kind: 'query', subject: 'x', channel: 'web' });
      expect(unknownCustomer.status).toBe(400);
      expect(unknownCustomer.body.error.details).toEqual([{ field: 'customerId', reason: 'refers to no customer (cus_nope)' }]);
      const wrongOrder = await server.api('POST', '/api/cases', {
        customerId: customer.id,
        kind: 'query',
        subject: 'x',
        channel: 'web',
        transactionId: othersOrder.id,
      });
      expect(wrongOrder.body.error.details).toEqual([{ field: 'transactionId', reason: 'belongs to another customer' }]);
      const delivered = await server.api('POST', '/api/transactions', {
        externalId: `SO-BAD-${engine}`,
        customerId: customer.id,
        purchasedAt: '2026-10-05T10:00:00Z',
        deliveredAt: '2026-10-01T10:00:00Z',
      });
      expect(delivered.body.error.details).toEqual([{ field: 'deliveredAt', reason: 'must not be before purchasedAt' }]);
    });

    it('answers malformed JSON and unknown ids clearly, without internals', async () => {
      const malformed = await server.api('POST', '/api/customers', '{"name": ', {});
      expect(malformed.status).toBe(400);
      expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js|stack/i);
      const missing = await server.api('GET', '/api/cases/case_doesnotexist');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'not_found', message: 'case case_doesnotexist does not exist' });
      expect((await server.api('PATCH', '/api/customers/cus_nope', { name: 'X' })).status).toBe(404);
      expect((await server.api('POST', '/api/cases/case_nope/interactions', { channel: 'email', direction: 'inbound', body: 'x' })).status).toBe(404);
    });

    it('refuses a duplicate external reference with 409', async () => {
      const customer = await aCustomer(server);
      const duplicate = await server.api('POST', '/api/customers', { name: 'Copy', externalRef: customer.externalRef });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error.details).toEqual([{ field: 'externalRef', reason: 'a customer with this externalRef already exists' }]);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first result of a retried POST instead of creating a duplicate', async () => {
      const customer = await aCustomer(server);
      const body = { customerId: customer.id, kind: 'return', subject: 'Wrong colour', channel: 'web' };
      const headers = { 'idempotency-key': `retry-${engine}-1` };
      const first = await server.api('POST', '/api/cases', body, { headers });
      const retry = await server.api('POST', '/api/cases', body, { headers });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const listed = await server.api('GET', `/api/cases?customerId=${customer.id}`);
      expect(listed.body.items).toHaveLength(1);
    });

    it('creates exactly one record when the same POST races itself', async () => {
      const customer = await aCustomer(server);
      const headers = { 'idempotency-key': `race-${engine}` };
      const body = { channel: 'email', direction: 'inbound', body: 'Any news?' };
      const opened = await aCase(server, customer.id, { interaction: undefined });
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => server.api('POST', `/api/cases/${opened.id}/interactions`, body, { headers })),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const listed = await server.api('GET', `/api/cases/${opened.id}/interactions`);
      expect(listed.body.items).toHaveLength(1);
    });

    it('refuses to reuse a key for a different request', async () => {
      const headers = { 'idempotency-key': `reuse-${engine}` };
      expect((await server.api('POST', '/api/customers', { name: 'A' }, { headers })).status).toBe(201);
      const reused = await server.api('POST', '/api/customers', { name: 'B' }, { headers });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('idempotency_key_reused');
    });
  });

  describe('roles', () => {
    it('lets an auditor read everything and write nothing', async () => {
      expect((await server.api('GET', '/api/cases', undefined, { as: 'auditor' })).status).toBe(200);
      expect((await server.api('GET', '/api/audit', undefined, { as: 'auditor' })).status).toBe(200);
      const write = await server.api('POST', '/api/customers', { name: 'Sneaky' }, { as: 'auditor' });
      expect(write.status).toBe(403);
      expect(write.body.error.code).toBe('forbidden');
    });

    it('keeps agents from changing users, teams and API keys', async () => {
      const user = await server.api('POST', '/api/users', { email: 'new@test.local', name: 'New', role: 'admin', password: 'long enough pw' });
      expect(user.status).toBe(403);
      expect((await server.api('POST', '/api/teams', { name: 'Shadow team' })).status).toBe(403);
      expect((await server.api('PATCH', `/api/users/${server.users.agent.id}`, { role: 'admin' })).status).toBe(403);
      expect((await server.api('POST', '/api/api-keys', { name: 'k', role: 'admin' })).status).toBe(403);
      expect((await server.api('GET', '/api/audit')).status).toBe(403);
    });

    it('refuses callers without a valid key', async () => {
      expect((await server.api('GET', '/api/cases', undefined, { as: null })).status).toBe(401);
      const wrong = await server.api('GET', '/api/cases', undefined, { as: null, headers: { authorization: 'Bearer ack_wrong' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('unauthenticated');
    });

    it('lists users filtered by role, team and whether they are active', async () => {
      const team = await server.api('POST', '/api/teams', { name: `Billing ${engine}` }, { as: 'manager' });
      const created = await server.api(
        'POST',
        '/api/users',
        { email: `billing.${engine}@shop.example`, name: 'Bea', role: 'agent', teamId: team.body.id, password: 'a long password' },
        { as: 'admin' },
      );
      const inTeam = await server.api('GET', `/api/users?teamId=${team.body.id}`);
      expect(inTeam.body.items.map((u: { id: string }) => u.id)).toEqual([created.body.id]);
      const auditors = await server.api('GET', '/api/users?role=auditor');
      expect(auditors.body.items.map((u: { email: string }) => u.email)).toEqual(['auditor@test.local']);
      await server.api('PATCH', `/api/users/${created.body.id}`, { active: false }, { as: 'admin' });
      const inactive = await server.api('GET', '/api/users?active=false');
      expect(inactive.body.items.map((u: { id: string }) => u.id)).toContain(created.body.id);
      expect((await server.api('GET', '/api/users?role=boss')).body.error.details[0].field).toBe('role');
    });

    it('lets an admin create users and a manager create teams', async () => {
      const created = await server.api(
        'POST',
        '/api/users',
        { email: `sam.${engine}@shop.example`, name: 'Sam', role: 'supervisor', password: 'a long password' },
        { as: 'admin' },
      );
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('passwordHash');
      const weak = await server.api('POST', '/api/users', { email: `x.${engine}@shop.example`, name: 'X', role: 'agent', password: 'short' }, { as: 'admin' });
      expect(weak.body.error.details).toEqual([{ field: 'password', reason: 'must be at least 10 characters' }]);
    });
  });
});
