import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAudited } from '../../src/server/platform/db/audited-writes.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { newId } from '../../src/server/platform/ids.js';
import { expectRefused } from '../support/complaints.js';
import { aCustomer, anOrder } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { insertFollowUp, insertSurveyAnswer } from '../support/store-rows.js';
import { ENGINES } from '../support/stores.js';

const MARCH = `from=${encodeURIComponent('2026-03-01T00:00:00Z')}&to=${encodeURIComponent('2026-04-01T00:00:00Z')}`;
/** The survey asked all three questions; a `ces` of null is one left unanswered. */
const ALL_QUESTIONS = ['csat', 'nps', 'ces'];
const ROUND_THE_CLOCK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]));

type Figure = { name: string; value: number | null; numerator: number | null; denominator: number; parts: { key: string; count: number }[]; definition: string; counts: string };

/**
 * A small desk in March 2026, written with the instants chosen (a case opened through the API is
 * opened now), and the KPIs computed by hand:
 * - A: complaint by email, team T, assigned to the agent, on order 1; the customer writes at 10:00,
 *   the agent replies at 10:30 (logged 10:40), resolved 12:00. One contact each way, not reopened;
 *   the next case on order 1 (C) opens 10 days later → first contact resolution.
 * - B: query by phone, no team, assigned to the agent; the call at 09:00 logged by the agent at
 *   09:20, the reply at 11:00; resolved 03-03 12:00, reopened 03-04 09:00, resolved again 03-05 09:00.
 * - C: complaint by email, team T, on order 1, opened 03-12 09:00 with no reply: running clocks past due.
 * SLA policy, round the clock: first response 60 min, resolution 240 min.
 * - first response: A met (30), B breached at 10:00 (stopped 11:00, 120), C breached.
 * - resolution: A met (120); B 180 min before its first resolution + 60 after reopening → breached
 *   03-04 10:00, stopped 03-05 09:00 (180 + 1440 = 1620); C breached.
 * Surveys: T/agent 5·10·6, no team 2·3·2, T 4·9·–. Orders in March: 4 (and one in February).
 * Follow-ups due in March: one done in 30 minutes, one failed, one skipped (opted out).
 */
describe.each(ENGINES)('KPIs on %s', (engine) => {
  let server: TestServer;
  let teamId: string;
  const kpis = async (query = '', as: 'agent' | 'auditor' | 'manager' = 'agent') => {
    const response = await server.api('GET', `/api/analytics/kpis?${MARCH}${query}`, undefined, { as });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return Object.fromEntries((response.body.kpis as Figure[]).map((k) => [k.name, k])) as Record<string, Figure>;
  };

  beforeAll(async () => {
    server = await startTestServer(engine);
    teamId = (await server.api('POST', '/api/teams', { name: 'Kettles' }, { as: 'manager' })).body.id;
    const calendar = (await server.api('POST', '/api/sla/calendars', { name: 'Round the clock', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK }, { as: 'supervisor' })).body;
    const policy = await server.api(
      'POST',
      '/api/sla/policies',
      { name: 'Standard', calendarId: calendar.id, firstResponseMinutes: 60, resolutionMinutes: 240, pauseStatuses: ['awaiting_customer'] },
      { as: 'supervisor' },
    );
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const alice = (await aCustomer(server, { language: 'en' })).id;
    const bruno = (await aCustomer(server, { language: 'en' })).id;
    const order1 = (await anOrder(server, alice, { purchasedAt: '2026-03-01T08:00:00Z' })).id;
    for (const at of ['2026-03-05T08:00:00Z', '2026-03-09T08:00:00Z', '2026-03-20T08:00:00Z', '2026-02-20T08:00:00Z']) await anOrder(server, bruno, { purchasedAt: at });
    const agentId = server.users.agent.id;

    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      const aCase = async (number: string, row: { customer: string; kind: string; channel: string; team: string | null; agent: string | null; order: string | null; openedAt: string; status: string }) => {
        const id = newId('cas');
        await insertAudited(work, 'cases', {
          id,
          number,
          customer_id: row.customer,
          transaction_id: row.order,
          kind: row.kind,
          subject: `Case ${number}`,
          priority: 'normal',
          channel: row.channel,
          status: row.status,
          team_id: row.team,
          assignee_id: row.agent,
          opened_at: row.openedAt,
          created_at: row.openedAt,
          updated_at: row.openedAt,
        });
        return id;
      };
      const contact = (caseId: string, customerId: string, row: { direction: string; by: 'customer' | 'user'; channel: string; occurredAt: string; loggedAt: string }) =>
        insertAudited(work, 'interactions', {
          id: newId('int'),
          case_id: caseId,
          customer_id: customerId,
          channel: row.channel,
          direction: row.direction,
          author_type: row.by,
          author_id: row.by === 'user' ? agentId : null,
          author_name: row.by === 'user' ? 'Test agent' : null,
          body: 'About the kettle',
          occurred_at: row.occurredAt,
          logged_at: row.loggedAt,
          marks_json: '[]',
        });
      const step = (caseId: string, event: string, from: string, to: string, at: string) =>
        insertAudited(work, 'case_transitions', { id: newId('trn'), case_id: caseId, event, from_status: from, to_status: to, reason: '', actor_type: 'user', actor_id: agentId, actor_name: 'Test agent', at });

      const a = await aCase('K-1', { customer: alice, kind: 'complaint', channel: 'email', team: teamId, agent: agentId, order: order1, openedAt: '2026-03-02T10:00:00.000Z', status: 'resolved' });
      await contact(a, alice, { direction: 'inbound', by: 'customer', channel: 'email', occurredAt: '2026-03-02T10:00:00.000Z', loggedAt: '2026-03-02T10:00:00.000Z' });
      await contact(a, alice, { direction: 'outbound', by: 'user', channel: 'email', occurredAt: '2026-03-02T10:30:00.000Z', loggedAt: '2026-03-02T10:40:00.000Z' });
      await step(a, 'close', 'investigating', 'resolved', '2026-03-02T12:00:00.000Z');

      const b = await aCase('K-2', { customer: bruno, kind: 'query', channel: 'phone', team: null, agent: agentId, order: null, openedAt: '2026-03-03T09:00:00.000Z', status: 'resolved' });
      await contact(b, bruno, { direction: 'inbound', by: 'user', channel: 'phone', occurredAt: '2026-03-03T09:00:00.000Z', loggedAt: '2026-03-03T09:20:00.000Z' });
      await contact(b, bruno, { direction: 'outbound', by: 'user', channel: 'phone', occurredAt: '2026-03-03T11:00:00.000Z', loggedAt: '2026-03-03T11:00:00.000Z' });
      await step(b, 'close', 'investigating', 'resolved', '2026-03-03T12:00:00.000Z');
      await step(b, 'reopen', 'resolved', 'investigating', '2026-03-04T09:00:00.000Z');
      await step(b, 'close', 'investigating', 'resolved', '2026-03-05T09:00:00.000Z');

      const c = await aCase('K-3', { customer: alice, kind: 'complaint', channel: 'email', team: teamId, agent: null, order: order1, openedAt: '2026-03-12T09:00:00.000Z', status: 'new' });
      await contact(c, alice, { direction: 'inbound', by: 'customer', channel: 'email', occurredAt: '2026-03-12T09:00:00.000Z', loggedAt: '2026-03-12T09:00:00.000Z' });

      await insertSurveyAnswer(work, { customerId: alice, caseId: a, at: '2026-03-03T08:00:00.000Z', questions: ALL_QUESTIONS, csat: 5, nps: 10, ces: 6, handled: { teamId, agentId, channel: 'email', kind: 'complaint' } });
      await insertSurveyAnswer(work, { customerId: bruno, caseId: b, at: '2026-03-06T08:00:00.000Z', questions: ALL_QUESTIONS, csat: 2, nps: 3, ces: 2, handled: { teamId: null, agentId, channel: 'phone', kind: 'query' } });
      await insertSurveyAnswer(work, { customerId: alice, caseId: a, at: '2026-03-20T08:00:00.000Z', questions: ALL_QUESTIONS, csat: 4, nps: 9, ces: null, handled: { teamId, agentId, channel: 'email', kind: 'complaint' } });

      // Phone check-ins for the agent, planned on the first of the month.
      const checkIn = { purpose: 'check_in', channel: 'phone', assigneeId: server.users.agent.id, createdAt: '2026-03-01T00:00:00.000Z' };
      await insertFollowUp(work, { customerId: alice, caseId: a, ...checkIn, status: 'done', dueAt: '2026-03-05T10:00:00.000Z', updatedAt: '2026-03-05T10:30:00.000Z', doneAt: '2026-03-05T10:30:00.000Z' });
      await insertFollowUp(work, { customerId: bruno, caseId: b, ...checkIn, status: 'failed', dueAt: '2026-03-06T10:00:00.000Z', updatedAt: '2026-03-06T10:00:00.000Z' });
      await insertFollowUp(work, { customerId: bruno, caseId: b, ...checkIn, status: 'skipped', dueAt: '2026-03-07T10:00:00.000Z', skipReason: 'opted_out: the customer opted out of email', updatedAt: '2026-03-07T10:00:00.000Z' });
    });
  });
  afterAll(() => server?.close());

  it('computes every KPI of the period with the counts behind it', async () => {
    const k = await kpis();
    expect(k.csat).toMatchObject({ numerator: 2, denominator: 3, counts: '2 of 3 answers scored 4–5' });
    expect(k.csat!.value).toBeCloseTo(2 / 3);
    expect(k.nps).toMatchObject({ value: 33.33, numerator: 1, denominator: 3 });
    expect(k.nps!.parts.map((p) => p.count)).toEqual([2, 0, 1]);
    expect(k.ces).toMatchObject({ value: 4, denominator: 2 });
    expect(k.first_contact_resolution).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k.reopen_rate).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k.sla_compliance).toMatchObject({ numerator: 2, denominator: 6 });
    expect(k.first_response_median).toMatchObject({ value: 75, denominator: 2 });
    expect(k.first_response_p90).toMatchObject({ value: 111, denominator: 2 });
    expect(k.resolution_median).toMatchObject({ value: 870, denominator: 2 });
    expect(k.resolution_p90).toMatchObject({ value: 1470, denominator: 2 });
    expect(k.complaints_per_1000_orders).toMatchObject({ value: 500, numerator: 2, denominator: 4 });
    expect(k.follow_up_on_time).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k.follow_up_on_time!.parts).toEqual([
      { key: 'skipped', label: 'skipped', count: 1 },
      { key: 'opted_out', label: 'opted out', count: 1 },
    ]);
    // Lags of the agent's entries: 10, 20, 0 minutes → median 10, p90 18.
    expect(k.logging_lag_median).toMatchObject({ value: 10, denominator: 3 });
    expect(k.logging_lag_p90).toMatchObject({ value: 18, denominator: 3 });
    expect(k.csat!.definition).toContain('4 or 5');
  });

  it('filters by team, agent, channel and kind', async () => {
    const team = await kpis(`&team=${teamId}`);
    expect(team.csat).toMatchObject({ value: 1, denominator: 2 });
    expect(team.nps).toMatchObject({ value: 100, denominator: 2 });
    expect(team.first_contact_resolution).toMatchObject({ value: 1, denominator: 1 });
    expect(team.complaints_per_1000_orders).toMatchObject({ numerator: 2, denominator: 4 });
    // Interactions by the case's team: A's reply only.
    expect(team.logging_lag_median).toMatchObject({ value: 10, denominator: 1 });

    const phone = await kpis('&channel=phone');
    expect(phone.csat).toMatchObject({ value: 0, denominator: 1 });
    expect(phone.reopen_rate).toMatchObject({ value: 1, denominator: 1 });
    expect(phone.complaints_per_1000_orders).toMatchObject({ value: 0, numerator: 0 });
    expect(phone.logging_lag_median).toMatchObject({ value: 10, denominator: 2 });

    const queries = await kpis('&kind=query');
    expect(queries.first_contact_resolution).toMatchObject({ value: 0, denominator: 1 });
    expect(queries.sla_compliance).toMatchObject({ numerator: 0, denominator: 2 });

    const agent = await kpis(`&agent=${server.users.agent.id}`);
    expect(agent.first_contact_resolution).toMatchObject({ numerator: 1, denominator: 2 });
    // C is unassigned: its two breaches are left out.
    expect(agent.sla_compliance).toMatchObject({ numerator: 2, denominator: 4 });
    expect(agent.follow_up_on_time).toMatchObject({ numerator: 1, denominator: 2 });

    const nobody = await kpis(`&agent=${server.users.admin.id}`);
    expect([nobody.csat!.value, nobody.nps!.value, nobody.first_contact_resolution!.value, nobody.logging_lag_median!.value]).toEqual([null, null, null, null]);
  });

  it('is null, not 0, over an empty period', async () => {
    const response = await server.api('GET', `/api/analytics/kpis?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z`);
    expect(response.status).toBe(200);
    for (const figure of response.body.kpis as Figure[]) expect(figure.value, figure.name).toBeNull();
  });

  it('gives weekly series of the KPIs asked for', async () => {
    const response = await server.api('GET', `/api/analytics/kpis/series?kpi=csat,nps&interval=week&${MARCH}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const points = response.body.points as { start: string; values: Record<string, { value: number | null; denominator: number }> }[];
    // March 2026 starts on a Sunday: a one-day week, then weeks from Monday 2, 9, 16, 23, 30.
    expect(points.map((p) => p.start.slice(0, 10))).toEqual(['2026-03-01', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    expect(points[1]!.values.csat).toMatchObject({ value: 0.5, denominator: 2 });
    expect(points[2]!.values.csat!.value).toBeNull();
    expect(points[3]!.values.nps).toMatchObject({ value: 100, denominator: 1 });
    expect(response.body.kpis.map((k: { name: string }) => k.name)).toEqual(['csat', 'nps']);
  });

  it('refuses bad input naming the field, and reads for every staff role', async () => {
    expectRefused(await server.api('GET', `/api/analytics/kpis?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z`), 400, 'invalid_request', 'from');
    expectRefused(await server.api('GET', `/api/analytics/kpis?${MARCH}&kind=grumble`), 400, 'invalid_request', 'kind');
    expectRefused(await server.api('GET', `/api/analytics/kpis?from=yesterday`), 400, 'invalid_request', 'from');
    expectRefused(await server.api('GET', `/api/analytics/kpis/series?kpi=happiness&${MARCH}`), 400, 'invalid_request', 'kpi.0');
    expectRefused(await server.api('GET', `/api/analytics/kpis/series?kpi=csat&interval=day&${MARCH}`), 400, 'invalid_request', 'interval');
    expectRefused(await server.api('GET', `/api/analytics/kpis/series?kpi=csat&interval=week&from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`), 400, 'invalid_request', 'from');
    expect((await kpis('', 'auditor')).csat!.denominator).toBe(3);
    expect((await server.api('GET', `/api/analytics/kpis?${MARCH}`, undefined, { as: null })).status).toBe(401);
  });
});
