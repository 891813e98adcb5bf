import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCase, aCustomer } from '../support/factories.js';
import { expectRefused, signedIn, transition } from '../support/complaints.js';

const MINUTE = 60_000;
const ROUND_THE_CLOCK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]));
const NINE_TO_FIVE = { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] };

const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();
/** `iso` moved on by minutes (and milliseconds), as the API writes instants. */
const plus = (iso: string, minutes: number, ms = 0) => new Date(Date.parse(iso) + minutes * MINUTE + ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Clock = { target: string; state: string; dueAt: string | null; warnAt: string | null; stoppedAt: string | null; startedAt: string | null };
const clockOf = (detail: { sla: { clocks: Clock[] } | null }, target: string): Clock => {
  const clock = detail.sla?.clocks.find((c) => c.target === target);
  if (!clock) throw new Error(`no ${target} clock on ${JSON.stringify(detail.sla)}`);
  return clock;
};

// Each group starts a server of its own: SLA policies apply to every case of a store.
describe.each(ENGINES)('SLAs on %s', (engine) => {
  async function aCalendar(server: TestServer, overrides: Record<string, unknown> = {}) {
    const response = await server.api('POST', '/api/sla/calendars', { name: 'Round the clock', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK, ...overrides }, { as: 'supervisor' });
    if (response.status !== 201) throw new Error(`calendar not created: ${JSON.stringify(response.body)}`);
    return response.body as { id: string; name: string };
  }

  async function anSlaPolicy(server: TestServer, body: Record<string, unknown>) {
    const response = await server.api('POST', '/api/sla/policies', body, { as: 'supervisor' });
    if (response.status !== 201) throw new Error(`SLA policy not created: ${JSON.stringify(response.body)}`);
    return response.body as { id: string; name: string; position: number } & Record<string, unknown>;
  }

  /** A case whose first contact (and so its opening) was `minutesAgo` minutes ago. */
  async function aCaseOpened(server: TestServer, minutesAgo: number, overrides: Record<string, unknown> = {}) {
    const customer = await aCustomer(server, { tier: 'standard' });
    return aCase(server, customer.id, {
      kind: 'query',
      subject: 'Which descaler suits the kettle?',
      interaction: { channel: 'email', direction: 'inbound', body: 'Which descaler should I use?', occurredAt: ago(minutesAgo) },
      ...overrides,
    });
  }

  const detail = async (server: TestServer, caseId: string) => {
    const response = await server.api('GET', `/api/cases/${caseId}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  async function aTeam(server: TestServer, name: string): Promise<string> {
    const response = await server.api('POST', '/api/teams', { name }, { as: 'manager' });
    if (response.status !== 201) throw new Error(`team not created: ${JSON.stringify(response.body)}`);
    return response.body.id;
  }

  describe('calendars and policies', () => {
    let server: TestServer;
    let calendarId: string;
    beforeAll(async () => {
      server = await startTestServer(engine);
      calendarId = (await aCalendar(server)).id;
    });
    afterAll(() => server?.close());

    const saveCalendar = (body: Record<string, unknown>, as: 'supervisor' | 'agent' = 'supervisor') =>
      server.api('POST', '/api/sla/calendars', { name: 'Desk hours', timezone: 'Europe/London', weeklyHours: NINE_TO_FIVE, ...body }, { as });
    const savePolicy = (body: Record<string, unknown>, as: 'supervisor' | 'agent' = 'supervisor') =>
      server.api('POST', '/api/sla/policies', { name: 'Standard', calendarId, firstResponseMinutes: 240, ...body }, { as });

    it('creates a calendar and lists it', async () => {
      const created = await saveCalendar({ holidays: ['2026-12-25'], closures: [{ from: '2026-12-31T12:00:00Z', to: '2027-01-02T00:00:00Z', reason: 'stocktake' }] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Desk hours', timezone: 'Europe/London', holidays: ['2026-12-25'], weeklyHours: { mon: [['09:00', '17:00']], sat: [] } });
      const listed = await server.api('GET', '/api/sla/calendars');
      expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    });

    it('refuses a calendar with an unknown time zone, a malformed time, a backwards closure or no hours, naming the field', async () => {
      expectRefused(await saveCalendar({ timezone: 'Europe/Atlantis' }), 400, 'invalid_request', 'timezone');
      expectRefused(await saveCalendar({ weeklyHours: { mon: [['9:00', '17:00']] } }), 400, 'invalid_request', 'weeklyHours.mon.0.0');
      expectRefused(await saveCalendar({ weeklyHours: { tue: [['09:00', '25:00']] } }), 400, 'invalid_request', 'weeklyHours.tue.0.1');
      const backwards = await saveCalendar({ closures: [{ from: '2026-12-31T12:00:00Z', to: '2026-12-30T12:00:00Z' }] });
      expectRefused(backwards, 400, 'invalid_request', 'closures');
      expect(backwards.body.error.message).toMatch(/must end after it starts/);
      expectRefused(await saveCalendar({ weeklyHours: { mon: [['17:00', '09:00']] } }), 400, 'invalid_request', 'weeklyHours');
      expectRefused(await saveCalendar({ weeklyHours: {} }), 400, 'invalid_request', 'weeklyHours');
      expectRefused(await saveCalendar({ holidays: ['25/12/2026'] }), 400, 'invalid_request', 'holidays.0');
    });

    it('refuses a policy without targets, on an unknown calendar or team, or with warning actions and no warning, naming the field', async () => {
      const none = await savePolicy({ firstResponseMinutes: null });
      expectRefused(none, 400, 'invalid_request', 'resolutionMinutes');
      expect(none.body.error.message).toMatch(/at least one target/);
      expectRefused(await savePolicy({ calendarId: 'cal_nowhere' }), 400, 'invalid_request', 'calendarId');
      expectRefused(await savePolicy({ match: { requestingTeamIds: ['team_nowhere'] } }), 400, 'invalid_request', 'match.requestingTeamIds');
      expectRefused(await savePolicy({ breachActions: { reassignTeamId: 'team_nowhere' } }), 400, 'invalid_request', 'breachActions.reassignTeamId');
      expectRefused(await savePolicy({ warningActions: { reassignTeamId: 'team_nowhere' } }), 400, 'invalid_request', 'warningActions.reassignTeamId');
      expectRefused(await savePolicy({ warnPercent: null }), 400, 'invalid_request', 'warnPercent');
      expectRefused(await savePolicy({ warnPercent: 100 }), 400, 'invalid_request', 'warnPercent');
      expectRefused(await savePolicy({ firstResponseMinutes: 0 }), 400, 'invalid_request', 'firstResponseMinutes');
      expectRefused(await savePolicy({ match: { priorities: ['whenever'] } }), 400, 'invalid_request', 'match.priorities.0');
      expectRefused(await savePolicy({ pauseStatuses: ['resolved'] }), 400, 'invalid_request', 'pauseStatuses.0');
      expect((await server.api('GET', '/api/sla/policies')).body.items).toEqual([]);
    });

    it('lets only those who manage policies create or change calendars and policies', async () => {
      expectRefused(await saveCalendar({}, 'agent'), 403, 'forbidden');
      expectRefused(await savePolicy({}, 'agent'), 403, 'forbidden');
      const created = await savePolicy({ name: 'Agents may read' });
      expect(created.status).toBe(201);
      const put = await server.api('PUT', `/api/sla/policies/${created.body.id}`, { name: 'Changed by an agent', calendarId, firstResponseMinutes: 60 });
      expectRefused(put, 403, 'forbidden');
      const calendarPut = await server.api('PUT', `/api/sla/calendars/${calendarId}`, { name: 'Changed by an agent', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK });
      expectRefused(calendarPut, 403, 'forbidden');
      const read = await server.api('GET', '/api/sla/policies');
      expect(read.status).toBe(200);
      expect(read.body.items).toEqual([
        expect.objectContaining({ id: created.body.id, name: 'Agents may read', calendarName: 'Round the clock', firstResponseMinutes: 240, warnPercent: 80, pauseStatuses: ['awaiting_customer'] }),
      ]);
      expect(await server.api('PUT', `/api/sla/policies/${created.body.id}`, { name: 'Inactive', active: false, calendarId, firstResponseMinutes: 60 }, { as: 'supervisor' })).toMatchObject({
        status: 200,
        body: { name: 'Inactive', active: false, firstResponseMinutes: 60, position: created.body.position },
      });
      expect((await server.api('PUT', '/api/sla/policies/slp_nowhere', { name: 'x', calendarId, firstResponseMinutes: 60 }, { as: 'supervisor' })).status).toBe(404);
    });
  });

  describe('which policy applies', () => {
    let server: TestServer;
    let calendarId: string;
    let stores: string;
    let internal: { id: string };
    let urgent: { id: string };
    let standard: { id: string };
    beforeAll(async () => {
      server = await startTestServer(engine);
      calendarId = (await aCalendar(server)).id;
      stores = await aTeam(server, 'Stores');
      internal = await anSlaPolicy(server, { name: 'Internal', calendarId, match: { requestingTeamIds: [stores] }, resolutionMinutes: 2 * 24 * 60 });
      urgent = await anSlaPolicy(server, { name: 'Urgent', calendarId, match: { priorities: ['urgent'] }, firstResponseMinutes: 30, resolutionMinutes: 240, warnPercent: 50 });
      standard = await anSlaPolicy(server, { name: 'Standard', calendarId, firstResponseMinutes: 240, resolutionMinutes: 2400, warnPercent: 50 });
    });
    afterAll(() => server?.close());

    it('keeps the policies in the order they were added unless placed', async () => {
      const { items } = (await server.api('GET', '/api/sla/policies')).body;
      expect(items.map((p: { name: string; position: number }) => [p.name, p.position])).toEqual([
        ['Internal', 0],
        ['Urgent', 10],
        ['Standard', 20],
      ]);
    });

    it('gives a case the first policy that matches, says why, and derives its due times from its opening', async () => {
      const opened = await aCaseOpened(server, 20);
      // The answer to the create carries the clocks already.
      expect(opened.sla).toMatchObject({ policyId: standard.id, policyName: 'Standard', calendarName: 'Round the clock' });
      expect(opened.sla.matchedBecause).toBe('first policy in order to match (2 before it did not); applies to every case');
      expect(clockOf(opened, 'first_response')).toMatchObject({ state: 'running', startedAt: opened.openedAt, dueAt: plus(opened.openedAt, 240), warnAt: plus(opened.openedAt, 120) });
      expect(clockOf(opened, 'resolution')).toMatchObject({ state: 'running', dueAt: plus(opened.openedAt, 2400) });
      expect(opened.sla.clocks.map((c: Clock) => c.target)).toEqual(['first_response', 'resolution']);
      expect((await detail(server, opened.id)).sla).toEqual(opened.sla);
    });

    it('gives a case raised by a department the internal SLA', async () => {
      const opened = await aCaseOpened(server, 5, { requestingTeamId: stores, priority: 'urgent' });
      expect(opened.requestingTeamId).toBe(stores);
      expect(opened.sla).toMatchObject({ policyId: internal.id, policyName: 'Internal', matchedBecause: 'first policy in order; matches requesting department' });
      expect(opened.sla.clocks).toEqual([expect.objectContaining({ target: 'resolution', state: 'running', dueAt: plus(opened.openedAt, 2880) })]);
    });

    it('switches policy when the priority changes, with due times recomputed from the case’s history', async () => {
      const opened = await aCaseOpened(server, 45);
      expect(opened.sla.policyName).toBe('Standard');
      expect(clockOf(opened, 'first_response')).toMatchObject({ state: 'running', dueAt: plus(opened.openedAt, 240) });
      const patched = await server.api('PATCH', `/api/cases/${opened.id}`, { priority: 'urgent' });
      expect(patched.status).toBe(200);
      const after = await detail(server, opened.id);
      expect(after.sla).toMatchObject({ policyId: urgent.id, policyName: 'Urgent', matchedBecause: 'first policy in order to match (1 before it did not); matches priority urgent' });
      // Due 30 minutes after the opening, not after the change: 15 minutes overdue already.
      expect(clockOf(after, 'first_response')).toMatchObject({ state: 'breached', dueAt: plus(opened.openedAt, 30), stoppedAt: null });
      expect(clockOf(after, 'resolution')).toMatchObject({ state: 'running', dueAt: plus(opened.openedAt, 240), warnAt: plus(opened.openedAt, 120) });

      const back = await server.api('PATCH', `/api/cases/${opened.id}`, { priority: 'high' });
      expect(back.status).toBe(200);
      const again = await detail(server, opened.id);
      expect(again.sla.policyName).toBe('Standard');
      expect(clockOf(again, 'first_response')).toMatchObject({ state: 'running', dueAt: plus(opened.openedAt, 240) });

      const internalNow = await server.api('PATCH', `/api/cases/${opened.id}`, { requestingTeamId: stores });
      expect(internalNow.status).toBe(200);
      expect((await detail(server, opened.id)).sla.policyName).toBe('Internal');
    });

    it('stops the first-response clock at the first reply a person sends', async () => {
      const opened = await aCaseOpened(server, 30);
      const agent = await signedIn(server, 'agent');
      // A reply pushed by another system through an API key is not a person answering.
      await server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'email', direction: 'outbound', body: 'Automatic: we got your message.' });
      expect(clockOf(await detail(server, opened.id), 'first_response').state).toBe('running');
      const failed = await server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'phone', direction: 'outbound', body: 'No answer.', marks: ['failed_attempt'] }, agent);
      expect(failed.status).toBe(201);
      expect(clockOf(await detail(server, opened.id), 'first_response').state).toBe('running');
      const replied = await server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'email', direction: 'outbound', body: 'Citric acid descaler works best.' }, agent);
      expect(replied.status).toBe(201);
      const after = await detail(server, opened.id);
      expect(clockOf(after, 'first_response')).toMatchObject({ state: 'met', stoppedAt: replied.body.occurredAt, dueAt: plus(opened.openedAt, 240) });
      expect(after.status).toBe('acknowledged');
    });

    it('recomputes open cases after a policy’s targets change, once the worker has run', async () => {
      const opened = await aCaseOpened(server, 10);
      expect(clockOf(opened, 'first_response').dueAt).toBe(plus(opened.openedAt, 240));
      const changed = await server.api(
        'PUT',
        `/api/sla/policies/${standard.id}`,
        { name: 'Standard', calendarId, firstResponseMinutes: 120, resolutionMinutes: 1200, warnPercent: 50 },
        { as: 'supervisor' },
      );
      expect(changed.status).toBe(200);
      // Derived again by the scheduled recompute, not in the request that changed the policy.
      expect(clockOf(await detail(server, opened.id), 'first_response').dueAt).toBe(plus(opened.openedAt, 240));
      expect(await server.worker.runDueJobs()).toBeGreaterThanOrEqual(1);
      const after = await detail(server, opened.id);
      expect(after.sla.policyName).toBe('Standard');
      expect(clockOf(after, 'first_response')).toMatchObject({ dueAt: plus(opened.openedAt, 120), warnAt: plus(opened.openedAt, 60) });
      expect(clockOf(after, 'resolution').dueAt).toBe(plus(opened.openedAt, 1200));
    });

    it('recomputes open cases after a policy is added in front, and a calendar changes', async () => {
      const opened = await aCaseOpened(server, 10, { kind: 'fault', channel: 'phone' });
      expect(opened.sla.policyName).toBe('Standard');
      const phone = await anSlaPolicy(server, { name: 'Phone faults', position: 5, calendarId, match: { kinds: ['fault'], channels: ['phone'] }, resolutionMinutes: 60 });
      await server.worker.runDueJobs();
      const after = await detail(server, opened.id);
      expect(after.sla).toMatchObject({ policyId: phone.id, matchedBecause: 'first policy in order to match (1 before it did not); matches kind fault, channel phone' });
      expect(clockOf(after, 'resolution').dueAt).toBe(plus(opened.openedAt, 60));

      // The calendar closes for the next hour: the resolution is due an hour later.
      const closure = { from: new Date(Date.parse(opened.openedAt) + 30 * MINUTE).toISOString(), to: new Date(Date.parse(opened.openedAt) + 90 * MINUTE).toISOString(), reason: 'fire drill' };
      const calendarChanged = await server.api(
        'PUT',
        `/api/sla/calendars/${calendarId}`,
        { name: 'Round the clock', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK, closures: [closure] },
        { as: 'supervisor' },
      );
      expect(calendarChanged.status).toBe(200);
      await server.worker.runDueJobs();
      expect(clockOf(await detail(server, opened.id), 'resolution').dueAt).toBe(plus(opened.openedAt, 120));
    });

    it('leaves a case no policy matches without an SLA', async () => {
      const onlyUrgentServer = await startTestServer(engine);
      try {
        const cal = await aCalendar(onlyUrgentServer);
        await anSlaPolicy(onlyUrgentServer, { name: 'Urgent only', calendarId: cal.id, match: { priorities: ['urgent'] }, firstResponseMinutes: 30 });
        const opened = await aCaseOpened(onlyUrgentServer, 5);
        expect(opened.sla).toBeNull();
        await onlyUrgentServer.api('PATCH', `/api/cases/${opened.id}`, { priority: 'urgent' });
        expect((await detail(onlyUrgentServer, opened.id)).sla.policyName).toBe('Urgent only');
        await onlyUrgentServer.api('PATCH', `/api/cases/${opened.id}`, { priority: 'low' });
        expect((await detail(onlyUrgentServer, opened.id)).sla).toBeNull();
      } finally {
        await onlyUrgentServer.close();
      }
    });
  });

  describe('pauses', () => {
    let server: TestServer;
    let calendarId: string;
    beforeAll(async () => {
      server = await startTestServer(engine);
      calendarId = (await aCalendar(server)).id;
      await anSlaPolicy(server, { name: 'Queries', calendarId, match: { kinds: ['query'] }, firstResponseMinutes: 600, resolutionMinutes: 600 });
      await anSlaPolicy(server, { name: 'Faults: paused while investigating', calendarId, match: { kinds: ['fault'] }, resolutionMinutes: 600, pauseStatuses: ['investigating'] });
    });
    afterAll(() => server?.close());

    const transitionAt = (body: { transitions: { toStatus: string; at: string }[] }, toStatus: string) => body.transitions.findLast((t) => t.toStatus === toStatus)!.at;

    it('pauses while awaiting the customer, and resumes on reopening later by the time it was paused', async () => {
      const opened = await aCaseOpened(server, 60);
      expect(clockOf(opened, 'resolution').dueAt).toBe(plus(opened.openedAt, 600));
      await transition(server, opened.id, 'start_investigation');
      await transition(server, opened.id, 'await_customer', 'Answered; asked whether it helped');
      const paused = await detail(server, opened.id);
      const pausedAt = transitionAt(paused, 'awaiting_customer');
      expect(clockOf(paused, 'resolution')).toMatchObject({ state: 'paused', dueAt: null, warnAt: null });
      expect(clockOf(paused, 'first_response')).toMatchObject({ state: 'paused', dueAt: null });
      const atRisk = await server.api('GET', '/api/sla/at-risk?withinMinutes=100000');
      expect(atRisk.body.items.map((c: { id: string }) => c.id)).not.toContain(opened.id);

      await sleep(300);
      await server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'email', direction: 'inbound', body: 'Yes, that worked.', marks: ['resolution_confirmed'] });
      await transition(server, opened.id, 'customer_confirmed');
      const resolved = await detail(server, opened.id);
      expect(clockOf(resolved, 'resolution')).toMatchObject({ state: 'met', stoppedAt: transitionAt(resolved, 'resolved') });
      expect(clockOf(resolved, 'first_response')).toMatchObject({ state: 'idle', dueAt: null });

      await sleep(200);
      await transition(server, opened.id, 'reopen', 'The kettle furs up again');
      const reopened = await detail(server, opened.id);
      const resumedAt = transitionAt(reopened, 'investigating');
      const pausedMs = Date.parse(resumedAt) - Date.parse(pausedAt);
      expect(pausedMs).toBeGreaterThanOrEqual(500);
      expect(clockOf(reopened, 'resolution')).toMatchObject({ state: 'running', stoppedAt: null, dueAt: plus(opened.openedAt, 600, pausedMs) });
      expect(clockOf(reopened, 'first_response')).toMatchObject({ state: 'running', dueAt: plus(opened.openedAt, 600, pausedMs) });
    });

    it('pauses in whichever statuses the policy names, and resumes when the case leaves them', async () => {
      const opened = await aCaseOpened(server, 30, { kind: 'fault' });
      expect(clockOf(opened, 'resolution')).toMatchObject({ state: 'running', dueAt: plus(opened.openedAt, 600) });
      const investigating = await transition(server, opened.id, 'start_investigation');
      expect(investigating.status).toBe('investigating');
      const paused = await detail(server, opened.id);
      expect(clockOf(paused, 'resolution')).toMatchObject({ state: 'paused', dueAt: null });
      await sleep(300);
      await transition(server, opened.id, 'await_customer', 'Asked for a photo of the base');
      const resumed = await detail(server, opened.id);
      const pausedMs = Date.parse(transitionAt(resumed, 'awaiting_customer')) - Date.parse(transitionAt(resumed, 'investigating'));
      expect(pausedMs).toBeGreaterThanOrEqual(300);
      expect(clockOf(resumed, 'resolution')).toMatchObject({ state: 'running', dueAt: plus(opened.openedAt, 600, pausedMs) });
    });
  });

  describe('the at-risk queue, warnings and breaches', () => {
    let server: TestServer;
    let calendarId: string;
    let escalations: string;
    let frontDesk: string;
    beforeAll(async () => {
      server = await startTestServer(engine);
      calendarId = (await aCalendar(server)).id;
      escalations = await aTeam(server, 'Escalations');
      frontDesk = await aTeam(server, 'Front desk');
      // The supervisor leads the front desk: the one told when its cases breach.
      expect((await server.api('PATCH', `/api/users/${server.users.supervisor.id}`, { teamId: frontDesk }, { as: 'manager' })).status).toBe(200);
      await anSlaPolicy(server, {
        name: 'Queries',
        calendarId,
        match: { kinds: ['query'] },
        firstResponseMinutes: 60,
        warnPercent: 50,
        warningActions: { notifyAssignee: true },
        breachActions: { notifyAssignee: true, notifyTeamLead: true },
      });
      await anSlaPolicy(server, {
        name: 'Returns: escalate',
        calendarId,
        match: { kinds: ['return'] },
        firstResponseMinutes: 60,
        warnPercent: 50,
        warningActions: { notifyAssignee: true },
        breachActions: { notifyAssignee: false, raisePriority: true, reassignTeamId: escalations },
      });
    });
    afterAll(() => server?.close());

    async function notificationsOf(role: 'agent' | 'supervisor', caseId: string) {
      const response = await server.api('GET', '/api/notifications', undefined, await signedIn(server, role));
      expect(response.status).toBe(200);
      return (response.body.items as { kind: string; caseId: string; title: string; body: string }[]).filter((n) => n.caseId === caseId);
    }
    async function slaEventsOf(caseId: string) {
      const audit = await server.api('GET', `/api/cases/${caseId}/audit`);
      return (audit.body.items as { entityType: string; actorType: string; after: Record<string, unknown> }[]).filter((e) => e.entityType === 'sla_events');
    }

    it('lists overdue cases first, then those due soon, and leaves out cases without an SLA', async () => {
      const dueSoon = await aCaseOpened(server, 10);
      const overdue = await aCaseOpened(server, 90);
      const noSla = await aCaseOpened(server, 600, { kind: 'feedback' });
      const later = await aCaseOpened(server, 0);
      expect(noSla.sla).toBeNull();
      expect(clockOf(overdue, 'first_response')).toMatchObject({ state: 'breached', dueAt: plus(overdue.openedAt, 60), stoppedAt: null });

      const ours = new Set([dueSoon.id, overdue.id, noSla.id, later.id]);
      const within = async (minutes: number) =>
        ((await server.api('GET', `/api/sla/at-risk?withinMinutes=${minutes}`)).body.items as { id: string }[]).map((c) => c.id).filter((id) => ours.has(id));
      expect(await within(240)).toEqual([overdue.id, dueSoon.id, later.id]);
      expect(await within(55)).toEqual([overdue.id, dueSoon.id]);
      expect(await within(0)).toEqual([overdue.id]);

      // Answered, it is no longer at risk.
      const agent = await signedIn(server, 'agent');
      await server.api('POST', `/api/cases/${overdue.id}/interactions`, { channel: 'email', direction: 'outbound', body: 'Sorry for the wait.' }, agent);
      expect(await within(240)).toEqual([dueSoon.id, later.id]);

      // Nor is one resolved without a reply, whose first response stays breached.
      const unanswered = await aCaseOpened(server, 120);
      ours.add(unanswered.id);
      expect(await within(0)).toEqual([unanswered.id]);
      await transition(server, unanswered.id, 'start_investigation');
      await transition(server, unanswered.id, 'await_customer', 'Answered by phone');
      // Waiting for the customer does not make a breached target any less overdue.
      expect(await within(0)).toEqual([unanswered.id]);
      await server.api('POST', `/api/cases/${unanswered.id}/interactions`, { channel: 'email', direction: 'inbound', body: 'All sorted, thanks.', marks: ['resolution_confirmed'] });
      await transition(server, unanswered.id, 'customer_confirmed');
      expect(clockOf(await detail(server, unanswered.id), 'first_response')).toMatchObject({ state: 'breached', stoppedAt: null });
      expect(await within(240)).toEqual([dueSoon.id, later.id]);
    });

    it('fires a breach that is due once, with its actions, and nothing more on later runs', async () => {
      const overdue = await aCaseOpened(server, 90, { assigneeId: server.users.agent.id, teamId: frontDesk });
      await server.worker.runDueJobs();
      const events = await slaEventsOf(overdue.id);
      // Its warning fell due too, but a breach makes it moot.
      expect(events).toEqual([
        expect.objectContaining({ actorType: 'system', after: expect.objectContaining({ target: 'first_response', kind: 'breach', due_at: plus(overdue.openedAt, 60) }) }),
      ]);
      const toAgent = await notificationsOf('agent', overdue.id);
      expect(toAgent).toEqual([expect.objectContaining({ kind: 'sla.breach', title: `SLA breached: first response of ${overdue.number}` })]);
      expect(await notificationsOf('supervisor', overdue.id)).toEqual([expect.objectContaining({ kind: 'sla.breach' })]);

      await server.worker.runDueJobs();
      await server.worker.runDueJobs();
      expect(await slaEventsOf(overdue.id)).toHaveLength(1);
      expect(await notificationsOf('agent', overdue.id)).toHaveLength(1);
      expect(await notificationsOf('supervisor', overdue.id)).toHaveLength(1);
      // A change to the case derives its clocks again: the breach stays fired.
      await server.api('PATCH', `/api/cases/${overdue.id}`, { subject: 'Descaler for the kettle' });
      await server.worker.runDueJobs();
      expect(await slaEventsOf(overdue.id)).toHaveLength(1);
    });

    it('fires a warning that is due before its breach, once', async () => {
      const atRisk = await aCaseOpened(server, 40, { assigneeId: server.users.agent.id });
      await server.worker.runDueJobs();
      await server.worker.runDueJobs();
      expect((await slaEventsOf(atRisk.id)).map((e) => e.after.kind)).toEqual(['warning']);
      expect(await notificationsOf('agent', atRisk.id)).toEqual([
        expect.objectContaining({ kind: 'sla.warning', title: `SLA at risk: first response of ${atRisk.number}`, body: expect.stringContaining(plus(atRisk.openedAt, 60)) }),
      ]);
      // The warning goes to the assignee only, as the policy says.
      expect(await notificationsOf('supervisor', atRisk.id)).toEqual([]);
    });

    it('raises the priority and moves the case to another team on a breach, as the system', async () => {
      const overdue = await aCaseOpened(server, 90, { kind: 'return', priority: 'normal', teamId: frontDesk, assigneeId: server.users.agent.id });
      await server.worker.runDueJobs();
      const after = await detail(server, overdue.id);
      expect(after).toMatchObject({ priority: 'high', teamId: escalations, assigneeId: null });
      const audit = (await server.api('GET', `/api/cases/${overdue.id}/audit`)).body.items as { entityType: string; action: string; actorType: string; actorName: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
      const moved = audit.filter((e) => e.entityType === 'cases' && e.action === 'update');
      expect(moved).toEqual([
        expect.objectContaining({
          actorType: 'system',
          actorName: 'Aftercare',
          before: expect.objectContaining({ priority: 'normal', team_id: frontDesk, assignee_id: server.users.agent.id }),
          after: expect.objectContaining({ priority: 'high', team_id: escalations, assignee_id: null }),
        }),
      ]);
      const [event] = await slaEventsOf(overdue.id);
      expect(JSON.parse(event!.after.actions_json as string)).toEqual(['priority raised to high', `moved to team ${escalations}, unassigned`]);
      // Notifying the assignee was not asked for on this breach.
      expect(await notificationsOf('agent', overdue.id)).toEqual([]);

      await server.worker.runDueJobs();
      expect(await detail(server, overdue.id)).toMatchObject({ priority: 'high', teamId: escalations });
      expect(await slaEventsOf(overdue.id)).toHaveLength(1);
    });
  });
});
