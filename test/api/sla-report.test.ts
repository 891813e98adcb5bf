import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectRefused, logContact, signedIn, transition } from '../support/complaints.js';
import { aCustomer } from '../support/factories.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ROUND_THE_CLOCK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]));

type Figures = { met: number; breached: number; compliance: number | null; medianMinutes: number | null; p90Minutes: number | null };
type Group = { key: string; label: string; targets: Record<'first_response' | 'next_response' | 'resolution', Figures> };
const NOTHING: Figures = { met: 0, breached: 0, compliance: null, medianMinutes: null, p90Minutes: null };

/** The Monday (UTC) of the week an instant is in. */
function mondayOf(ms: number): string {
  const date = new Date(ms);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

describe.each(ENGINES)('SLA report on %s', (engine) => {
  let server: TestServer;
  let agentSession: { as: null; headers: Record<string, string> };
  let standardId: string;
  let vipId: string;
  let teamId: string;
  const now = Date.now();
  const cases: Record<'answered' | 'late' | 'unanswered' | 'urgent', { id: string; number: string; openedAt: number }> = {} as never;

  /** Opens a query case whose first contact (inbound, from the customer) happened at `openedAt`. */
  async function openCase(openedAt: number, fields: Record<string, unknown> = {}) {
    const customer = await aCustomer(server);
    const response = await server.api('POST', '/api/cases', {
      customerId: customer.id,
      kind: 'query',
      subject: 'Where is my parcel?',
      channel: 'email',
      interaction: { channel: 'email', direction: 'inbound', body: 'It has not arrived.', occurredAt: new Date(openedAt).toISOString() },
      ...fields,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { id: response.body.id as string, number: response.body.number as string, openedAt };
  }

  /** A contact that happened at `at`: a reply by the signed-in agent counts as a response; by API key it does not. */
  async function contact(caseId: string, direction: 'inbound' | 'outbound', at: number, by: 'person' | 'api key' = 'person') {
    const body = { channel: 'email', direction, body: direction === 'inbound' ? 'Any news?' : 'We are looking into it.', occurredAt: new Date(at).toISOString() };
    const response = by === 'person' ? await server.api('POST', `/api/cases/${caseId}/interactions`, body, agentSession) : await server.api('POST', `/api/cases/${caseId}/interactions`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }

  const report = async (query: string, as: 'agent' | 'auditor' = 'agent') => server.api('GET', `/api/reports/sla${query}`, undefined, { as });
  const groupsOf = async (query: string) => {
    const response = await report(query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.groups as Group[];
  };
  const clocksOf = async (caseId: string) => (await server.api('GET', `/api/cases/${caseId}`)).body.sla.clocks as { target: string; state: string; businessMinutesUsed: number; dueAt: string | null }[];

  beforeAll(async () => {
    server = await startTestServer(engine);
    agentSession = await signedIn(server, 'agent');
    const calendar = await server.api('POST', '/api/sla/calendars', { name: 'Round the clock', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK }, { as: 'supervisor' });
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
    const vip = await server.api(
      'POST',
      '/api/sla/policies',
      { name: 'Urgent', position: 0, calendarId: calendar.body.id, match: { priorities: ['urgent'] }, firstResponseMinutes: 15, resolutionMinutes: 24 * 60 },
      { as: 'supervisor' },
    );
    expect(vip.status, JSON.stringify(vip.body)).toBe(201);
    vipId = vip.body.id;
    const standard = await server.api(
      'POST',
      '/api/sla/policies',
      { name: 'Standard', position: 10, calendarId: calendar.body.id, firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 5 * 24 * 60 },
      { as: 'supervisor' },
    );
    expect(standard.status, JSON.stringify(standard.body)).toBe(201);
    standardId = standard.body.id;
    const team = await server.api('POST', '/api/teams', { name: 'Deliveries' }, { as: 'manager' });
    expect(team.status, JSON.stringify(team.body)).toBe(201);
    teamId = team.body.id;

    // Answered in 30 minutes, written to again and answered in 20, resolved now and closed.
    cases.answered = await openCase(now - 3 * DAY);
    await contact(cases.answered.id, 'outbound', cases.answered.openedAt + 30 * MINUTE);
    await contact(cases.answered.id, 'inbound', cases.answered.openedAt + 2 * HOUR);
    await contact(cases.answered.id, 'outbound', cases.answered.openedAt + 2 * HOUR + 20 * MINUTE);
    await transition(server, cases.answered.id, 'start_investigation');
    await transition(server, cases.answered.id, 'await_customer');
    await logContact(server, cases.answered.id, 'inbound', ['resolution_confirmed'], 'It arrived, thank you.');
    await transition(server, cases.answered.id, 'customer_confirmed');
    await transition(server, cases.answered.id, 'close');
    // Answered in 90 minutes, against 60: breached; an API key's reply before that is no response.
    cases.late = await openCase(now - 2 * DAY, { teamId });
    await contact(cases.late.id, 'outbound', cases.late.openedAt + 10 * MINUTE, 'api key');
    await contact(cases.late.id, 'outbound', cases.late.openedAt + 90 * MINUTE);
    // Never answered: breached an hour after it opened, still open.
    cases.unanswered = await openCase(now - DAY, { assigneeId: server.users.agent.id });
    // Urgent (its own policy, 15 minutes), answered in 10.
    cases.urgent = await openCase(now - 5 * HOUR, { priority: 'urgent' });
    await contact(cases.urgent.id, 'outbound', cases.urgent.openedAt + 10 * MINUTE);
  });
  afterAll(() => server?.close());

  it('counts met and breached targets per policy, from the clocks kept on open and closed cases', async () => {
    const resolution = (await clocksOf(cases.answered.id)).find((c) => c.target === 'resolution')!;
    expect(resolution.state).toBe('met');
    const groups = await groupsOf('?groupBy=policy');
    expect(groups).toEqual([
      {
        key: standardId,
        label: 'Standard',
        targets: {
          first_response: { met: 1, breached: 2, compliance: 1 / 3, medianMinutes: 60, p90Minutes: 84 },
          next_response: { met: 1, breached: 0, compliance: 1, medianMinutes: 20, p90Minutes: 20 },
          resolution: { met: 1, breached: 0, compliance: 1, medianMinutes: resolution.businessMinutesUsed, p90Minutes: resolution.businessMinutesUsed },
        },
      },
      { key: vipId, label: 'Urgent', targets: { first_response: { met: 1, breached: 0, compliance: 1, medianMinutes: 10, p90Minutes: 10 }, next_response: NOTHING, resolution: NOTHING } },
    ]);
    // Round the clock, less the moments it waited on the customer: a little under its three days open.
    const openMinutes = (Date.now() - cases.answered.openedAt) / MINUTE;
    expect(resolution.businessMinutesUsed).toBeGreaterThan(openMinutes - 5);
    expect(resolution.businessMinutesUsed).toBeLessThan(openMinutes + 0.01); // kept to 0.01 minute
  });

  it('lists the cases breached in the period, latest breach first, as case summaries', async () => {
    const response = await report('');
    expect(response.body.groupBy).toBe('policy');
    expect(Date.parse(response.body.to) - Date.parse(response.body.from)).toBe(30 * DAY);
    expect(response.body.breached.map((c: { number: string }) => c.number)).toEqual([cases.unanswered.number, cases.late.number]);
    expect(response.body.breached[0]).toMatchObject({ id: cases.unanswered.id, customerName: expect.any(String), assigneeName: 'Test agent', sla: { policyName: 'Standard' } });
    expect(response.body.breached[1]).toMatchObject({ id: cases.late.id, teamName: 'Deliveries' });
  });

  it('counts only what was met or breached within [from, to)', async () => {
    const from = new Date(now - 36 * HOUR).toISOString();
    const to = new Date(Date.now() + MINUTE).toISOString();
    const response = await report(`?from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    expect(response.body.from).toBe(from);
    const standard = (response.body.groups as Group[]).find((g) => g.key === standardId)!;
    expect(standard.targets.first_response).toEqual({ met: 0, breached: 1, compliance: 0, medianMinutes: null, p90Minutes: null });
    expect(standard.targets.next_response).toEqual(NOTHING);
    expect(standard.targets.resolution.met).toBe(1);
    expect(response.body.breached.map((c: { id: string }) => c.id)).toEqual([cases.unanswered.id]);

    const before = await report(`?from=${new Date(now - 60 * DAY).toISOString()}&to=${new Date(now - 10 * DAY).toISOString()}`);
    expect(before.body).toMatchObject({ groups: [], breached: [] });
  });

  it('groups by the case’s team and assignee, cases without one last', async () => {
    const byTeam = await groupsOf('?groupBy=team');
    expect(byTeam.map((g) => [g.key, g.label, g.targets.first_response.met, g.targets.first_response.breached])).toEqual([
      [teamId, 'Deliveries', 0, 1],
      ['none', 'No team', 2, 1],
    ]);
    const byAgent = await groupsOf('?groupBy=agent');
    expect(byAgent.map((g) => [g.key, g.label, g.targets.first_response.met, g.targets.first_response.breached])).toEqual([
      [server.users.agent.id, 'Test agent', 0, 1],
      ['none', 'Unassigned', 2, 1],
    ]);
  });

  it('groups by the UTC week each target was met or breached in', async () => {
    const byWeek = await groupsOf('?groupBy=week');
    const firstResponses = [
      [mondayOf(cases.answered.openedAt + 30 * MINUTE), 'met'],
      [mondayOf(cases.late.openedAt + HOUR), 'breached'],
      [mondayOf(cases.unanswered.openedAt + HOUR), 'breached'],
      [mondayOf(cases.urgent.openedAt + 10 * MINUTE), 'met'],
    ] as const;
    // Every instant a target counts at: the first responses, the next response, the late reply's minutes, the resolution.
    const otherInstants = [cases.answered.openedAt + 2 * HOUR + 20 * MINUTE, cases.late.openedAt + 90 * MINUTE, Date.now()];
    const weeks = [...new Set([...firstResponses.map(([week]) => week), ...otherInstants.map(mondayOf)])].sort();
    expect(byWeek.map((g) => g.key)).toEqual(weeks);
    expect(byWeek.map((g) => g.label)).toEqual(weeks.map((week) => `Week of ${week}`));
    for (const group of byWeek) {
      expect(group.targets.first_response.met).toBe(firstResponses.filter(([week, outcome]) => week === group.key && outcome === 'met').length);
      expect(group.targets.first_response.breached).toBe(firstResponses.filter(([week, outcome]) => week === group.key && outcome === 'breached').length);
    }
  });

  it('leaves the at-risk queue (the query the benchmark times) listing open cases by their next due time', async () => {
    const queue = await server.api('GET', '/api/sla/at-risk?withinMinutes=525600');
    expect(queue.status).toBe(200);
    // Overdue first (the unanswered first response), then resolutions due: the urgent one a day
    // after its opening, the other five days after; the closed case has none.
    expect(queue.body.items.map((c: { id: string }) => c.id)).toEqual([cases.unanswered.id, cases.urgent.id, cases.late.id]);
    expect((await server.api('GET', '/api/sla/at-risk?withinMinutes=0')).body.items.map((c: { id: string }) => c.id)).toEqual([cases.unanswered.id]);
  });

  it('is open to anyone who reads records, and refuses a period that ends before it starts or an unknown grouping', async () => {
    expect((await report('?groupBy=agent', 'auditor')).status).toBe(200);
    expect((await server.api('GET', '/api/reports/sla', undefined, { as: null })).status).toBe(401);
    const backwards = await report(`?from=${new Date(now).toISOString()}&to=${new Date(now - DAY).toISOString()}`);
    expectRefused(backwards, 400, 'invalid_request', 'from');
    expect((await report('?groupBy=month')).status).toBe(400);
  });
});
