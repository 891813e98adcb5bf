import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/index.js';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aPolicy, aResolvedComplaint, anUnderstoodComplaint, caseState, expectRefused, signedIn, transition } from '../support/complaints.js';

describe.each(ENGINES)('resolutions and authority limits on %s', (engine) => {
  let server: TestServer;
  let policyId: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    policyId = (await aPolicy(server)).id;
  });
  afterAll(() => server?.close());

  /** Proposes a goodwill gesture of `amountMinor` EUR cents on the case, citing the policy unless told otherwise. */
  const proposeGoodwill = (caseId: string, amountMinor: number, options: { as?: Role | null; headers?: Record<string, string> } = {}, extra: Record<string, unknown> = { policyId }) =>
    server.api('POST', `/api/cases/${caseId}/resolutions`, { type: 'goodwill', amountMinor, summary: `A voucher of ${amountMinor / 100} EUR`, ...extra }, options);

  const decide = (id: string, decision: 'approve' | 'reject', as: Role, reason?: string) =>
    server.api('POST', `/api/resolutions/${id}/decision`, reason === undefined ? { decision } : { decision, reason }, { as });

  const respond = (id: string, response: 'accepted' | 'declined', note?: string) =>
    server.api('POST', `/api/resolutions/${id}/customer-response`, note === undefined ? { response } : { response, note });

  const approvalOf = async (resolutionId: string, as: Role) =>
    ((await server.api('GET', '/api/approvals', undefined, { as })).body.items as { id: string }[]).find((item) => item.id === resolutionId);

  const caseOf = async (caseId: string) => (await server.api('GET', `/api/cases/${caseId}`)).body;

  it("offers a resolution at once within the proposer's limit and citing a policy", async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const proposed = await proposeGoodwill(opened.id, 2_000);
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({
      caseId: opened.id,
      type: 'goodwill',
      amountMinor: 2_000,
      currency: 'EUR',
      status: 'proposed',
      approval: 'within_limit',
      approvalReason: null,
      policyId,
      policyVersion: 1,
      policyTitle: 'Faulty goods',
      proposedByType: 'api_key',
      proposedByName: 'test agent',
    });
    const detail = await caseOf(opened.id);
    expect(detail.status).toBe('resolution_proposed');
    expect(detail.resolutions).toEqual([proposed.body]);
    expect(detail.transitions.at(-1)).toMatchObject({ event: 'propose_resolution', reason: 'Proposed: A voucher of 20 EUR' });
    expect(await approvalOf(proposed.body.id, 'supervisor')).toBeUndefined();
  });

  it("sends a resolution above the proposer's limit for approval, to those who may decide it", async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const proposed = await proposeGoodwill(opened.id, 2_001);
    expect(proposed.body).toMatchObject({
      status: 'pending_approval',
      approval: 'required',
      approvalReason: '€20.01 of goodwill on this case is above the limit of €20.00',
    });
    expect((await caseOf(opened.id)).status).toBe('awaiting_approval');
    expect(await approvalOf(proposed.body.id, 'supervisor')).toMatchObject({ caseNumber: opened.number, canDecide: true, cannotDecideBecause: null });
    expect(await approvalOf(proposed.body.id, 'agent')).toMatchObject({ canDecide: false, cannotDecideBecause: 'you proposed it' });
  });

  it('lets an approver within their limit approve, which offers the resolution to the customer', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const proposed = await proposeGoodwill(opened.id, 5_000);
    const approved = await decide(proposed.body.id, 'approve', 'supervisor');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedByName: 'test supervisor', decisionReason: null });
    const detail = await caseOf(opened.id);
    expect(detail.status).toBe('resolution_proposed');
    expect(detail.transitions.at(-1)).toMatchObject({ event: 'approve_resolution', actorName: 'test supervisor', reason: 'Resolution approved' });
    expect(await approvalOf(proposed.body.id, 'supervisor')).toBeUndefined();
    expectRefused(await decide(proposed.body.id, 'approve', 'manager'), 409, 'not_pending_approval');
  });

  it('refuses approval beyond the approver’s authority, and to the proposer, changing nothing', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const proposed = await proposeGoodwill(opened.id, 15_000, { as: 'supervisor' });
    expect(proposed.body).toMatchObject({ status: 'pending_approval', proposedByName: 'test supervisor' });
    const before = await caseState(server, opened.id);

    const byAgent = await decide(proposed.body.id, 'approve', 'agent');
    expectRefused(byAgent, 403, 'beyond_authority');
    expect(byAgent.body.error.message).toMatch(/above the limit of €20\.00/);
    expectRefused(await decide(proposed.body.id, 'approve', 'supervisor'), 403, 'forbidden');
    expectRefused(await decide(proposed.body.id, 'reject', 'supervisor', 'Too generous'), 403, 'forbidden');
    expect(await caseState(server, opened.id)).toEqual(before);
    expect(await approvalOf(proposed.body.id, 'supervisor')).toMatchObject({ canDecide: false, cannotDecideBecause: 'you proposed it' });
    expect(await approvalOf(proposed.body.id, 'manager')).toMatchObject({ canDecide: true });

    expect((await decide(proposed.body.id, 'approve', 'manager')).body).toMatchObject({ status: 'approved', decidedByName: 'test manager' });
  });

  it('refuses self-approval by a signed-in person as well', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const supervisor = await signedIn(server, 'supervisor');
    const proposed = await proposeGoodwill(opened.id, 12_000, supervisor);
    expect(proposed.body).toMatchObject({ status: 'pending_approval', proposedByType: 'user', proposedByName: 'Test supervisor' });
    const before = await caseState(server, opened.id);
    expectRefused(await server.api('POST', `/api/resolutions/${proposed.body.id}/decision`, { decision: 'approve' }, supervisor), 403, 'forbidden');
    expect(await caseState(server, opened.id)).toEqual(before);
  });

  it('needs a reason to reject, and sends the case back to investigating', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const proposed = await proposeGoodwill(opened.id, 3_000);
    const before = await caseState(server, opened.id);
    expectRefused(await decide(proposed.body.id, 'reject', 'supervisor'), 400, 'invalid_request', 'reason');
    expect(await caseState(server, opened.id)).toEqual(before);

    const rejected = await decide(proposed.body.id, 'reject', 'supervisor', 'A repair is the policy for this fault');
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'A repair is the policy for this fault', decidedByName: 'test supervisor' });
    const detail = await caseOf(opened.id);
    expect(detail.status).toBe('investigating');
    expect(detail.transitions.at(-1)).toMatchObject({ event: 'reject_resolution', reason: 'A repair is the policy for this fault' });
    expect(await approvalOf(proposed.body.id, 'supervisor')).toBeUndefined();
    // A rejected resolution does not count against the next one.
    expect((await proposeGoodwill(opened.id, 2_000)).body.status).toBe('proposed');
  });

  it('sends a deviation from policy for approval whatever its amount', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const deviation = await proposeGoodwill(opened.id, 500, {}, {});
    expect(deviation.body).toMatchObject({
      status: 'pending_approval',
      approval: 'required',
      policyId: null,
      approvalReason: 'no policy cited: a deviation from policy needs approval',
    });
    expect((await caseOf(opened.id)).status).toBe('awaiting_approval');
    const explanation = await anUnderstoodComplaint(server);
    const withoutMoney = await server.api('POST', `/api/cases/${explanation.case.id}/resolutions`, { type: 'explanation_only', summary: 'Explained how to descale' });
    expect(withoutMoney.body).toMatchObject({ status: 'pending_approval', amountMinor: null });
  });

  it('refuses a policy that does not exist', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const before = await caseState(server, opened.id);
    expectRefused(await proposeGoodwill(opened.id, 500, {}, { policyId: 'pol_01M8BRHYY4TCE5NZJ8A0RHJAWY' }), 400, 'invalid_request', 'policyId');
    expect(await caseState(server, opened.id)).toEqual(before);
  });

  it("judges a person by their own limit where one is set, and lets only supervisors and up set limits", async () => {
    const agent = await signedIn(server, 'agent');
    const limit = { userId: server.users.agent.id, resolutionType: 'goodwill', maxAmountMinor: 5_000 };
    const limitsBefore = (await server.api('GET', '/api/authority-limits')).body.items;
    expectRefused(await server.api('PUT', '/api/authority-limits', limit), 403, 'forbidden');
    expectRefused(await server.api('PUT', '/api/authority-limits', limit, agent), 403, 'forbidden');
    expectRefused(await server.api('PUT', '/api/authority-limits', { ...limit, role: 'agent' }, { as: 'supervisor' }), 400, 'invalid_request', 'role');
    expect((await server.api('GET', '/api/authority-limits')).body.items).toEqual(limitsBefore);

    const set = await server.api('PUT', '/api/authority-limits', limit, { as: 'supervisor' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ role: null, userId: server.users.agent.id, userName: 'Test agent', resolutionType: 'goodwill', currency: null, maxAmountMinor: 5_000 });
    try {
      const mine = (await server.api('GET', '/api/authority-limits/mine', undefined, agent)).body.items as { resolutionType: string; userId: string | null; maxAmountMinor: number | null }[];
      expect(mine.find((l) => l.resolutionType === 'goodwill')).toMatchObject({ userId: server.users.agent.id, maxAmountMinor: 5_000 });
      expect(mine.find((l) => l.resolutionType === 'refund_full')).toMatchObject({ userId: null, maxAmountMinor: 10_000 });
      expect(mine.filter((l) => l.resolutionType === 'goodwill')).toHaveLength(1);

      const byThePerson = await anUnderstoodComplaint(server);
      expect((await proposeGoodwill(byThePerson.case.id, 4_000, agent)).body).toMatchObject({ status: 'proposed', proposedByName: 'Test agent' });
      // An API key of the agent role has no user behind it: the role's limit applies.
      const byAKey = await anUnderstoodComplaint(server);
      expect((await proposeGoodwill(byAKey.case.id, 4_000)).body.status).toBe('pending_approval');
    } finally {
      expect((await server.api('DELETE', `/api/authority-limits/${set.body.id}`, undefined, { as: 'supervisor' })).status).toBe(204);
    }
    const afterRemoval = await anUnderstoodComplaint(server);
    expect((await proposeGoodwill(afterRemoval.case.id, 4_000, agent)).body.status).toBe('pending_approval');
  });

  it('lets nobody but an admin change the limits that apply to themselves', async () => {
    const supervisor = await signedIn(server, 'supervisor');
    const before = (await server.api('GET', '/api/authority-limits')).body.items;
    const raise = { resolutionType: 'goodwill', currency: null, maxAmountMinor: 1_000_000 };
    expectRefused(await server.api('PUT', '/api/authority-limits', { ...raise, role: 'supervisor' }, supervisor), 403, 'forbidden');
    expectRefused(await server.api('PUT', '/api/authority-limits', { ...raise, userId: server.users.supervisor.id }, supervisor), 403, 'forbidden');
    const ownRoleLimit = (before as { id: string; role: string | null; resolutionType: string }[]).find((l) => l.role === 'supervisor' && l.resolutionType === 'goodwill')!;
    expectRefused(await server.api('DELETE', `/api/authority-limits/${ownRoleLimit.id}`, undefined, supervisor), 403, 'forbidden');
    expect((await server.api('GET', '/api/authority-limits')).body.items).toEqual(before);

    const byAManager = await server.api('PUT', '/api/authority-limits', { ...raise, role: 'supervisor', maxAmountMinor: 20_000 }, { as: 'manager' });
    expect(byAManager.body).toMatchObject({ role: 'supervisor', resolutionType: 'goodwill', maxAmountMinor: 20_000 });
    const byAnAdmin = await server.api('PUT', '/api/authority-limits', { ...raise, role: 'admin', maxAmountMinor: null }, { as: 'admin' });
    expect(byAnAdmin.status).toBe(200);
    // Back to the default the other tests count on.
    await server.api('PUT', '/api/authority-limits', { ...raise, role: 'supervisor', maxAmountMinor: 10_000 }, { as: 'manager' });
  });

  it('applies a limit set for the currency before the one for any currency', async () => {
    const set = await server.api('PUT', '/api/authority-limits', { role: 'agent', resolutionType: 'goodwill', currency: 'EUR', maxAmountMinor: 500 }, { as: 'supervisor' });
    expect(set.body).toMatchObject({ role: 'agent', currency: 'EUR', maxAmountMinor: 500 });
    try {
      const { case: opened } = await anUnderstoodComplaint(server);
      expect((await proposeGoodwill(opened.id, 1_000)).body).toMatchObject({
        status: 'pending_approval',
        approvalReason: '€10.00 of goodwill on this case is above the limit of €5.00',
      });
    } finally {
      await server.api('DELETE', `/api/authority-limits/${set.body.id}`, undefined, { as: 'supervisor' });
    }
  });

  it('judges the total of a type on the case, not each resolution alone', async () => {
    // 15 EUR of goodwill accepted, then the case is reopened: another 10 EUR makes 25, above the agent's 20.
    const { case: opened } = await aResolvedComplaint(server, policyId);
    await transition(server, opened.id, 'reopen', 'The voucher code did not work');
    const second = await proposeGoodwill(opened.id, 1_000);
    expect(second.body).toMatchObject({ status: 'pending_approval', approvalReason: '€25.00 of goodwill on this case is above the limit of €20.00' });
  });

  it('keeps refunds within the order and its currency, naming the field', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const before = await caseState(server, opened.id);
    const propose = (body: Record<string, unknown>) => server.api('POST', `/api/cases/${opened.id}/resolutions`, { summary: 'Refund', policyId, ...body });
    expectRefused(await propose({ type: 'refund_partial', amountMinor: 5_699 }), 400, 'invalid_request', 'amountMinor');
    expectRefused(await propose({ type: 'refund_partial' }), 400, 'invalid_request', 'amountMinor');
    expectRefused(await propose({ type: 'refund_full', amountMinor: 1_000 }), 400, 'invalid_request', 'amountMinor');
    expectRefused(await propose({ type: 'refund_partial', amountMinor: -5 }), 400, 'invalid_request', 'amountMinor');
    expectRefused(await propose({ type: 'explanation_only', amountMinor: 100 }), 400, 'invalid_request', 'amountMinor');
    expectRefused(await propose({ type: 'refund_partial', amountMinor: 1_000, currency: 'USD' }), 400, 'invalid_request', 'currency');
    expectRefused(await propose({ type: 'no_action' }), 400, 'invalid_request', 'noActionReason');
    expect(await caseState(server, opened.id)).toEqual(before);

    const full = await propose({ type: 'refund_full' });
    expect(full.body).toMatchObject({ status: 'proposed', amountMinor: 5_699, currency: 'EUR' });
  });

  it('never refunds more than the order total across the resolutions of a case', async () => {
    const { case: opened } = await aResolvedComplaint(server, policyId, { type: 'refund_partial', amountMinor: 3_000, summary: 'Refund of 30 EUR' });
    await transition(server, opened.id, 'reopen', 'Still leaking');
    const before = await caseState(server, opened.id);
    const refused = await server.api('POST', `/api/cases/${opened.id}/resolutions`, { type: 'refund_partial', amountMinor: 3_000, summary: 'Another 30 EUR', policyId });
    expectRefused(refused, 400, 'invalid_request', 'amountMinor');
    expect(refused.body.error.message).toMatch(/come to 6000, more than the order total of 5699/);
    expect(await caseState(server, opened.id)).toEqual(before);
    expect((await server.api('POST', `/api/cases/${opened.id}/resolutions`, { type: 'refund_partial', amountMinor: 2_699, summary: 'The rest', policyId })).status).toBe(201);
  });

  it('needs a note when the customer declines, and investigates again', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const offered = await proposeGoodwill(opened.id, 1_000);
    const before = await caseState(server, opened.id);
    expectRefused(await respond(offered.body.id, 'declined'), 400, 'invalid_request', 'note');
    expect(await caseState(server, opened.id)).toEqual(before);

    const declined = await respond(offered.body.id, 'declined', 'Wants a new kettle, not a voucher');
    expect(declined.body).toMatchObject({ status: 'declined', customerNote: 'Wants a new kettle, not a voucher' });
    const detail = await caseOf(opened.id);
    expect(detail.status).toBe('investigating');
    expect(detail.transitions.at(-1)).toMatchObject({ event: 'customer_declined', reason: 'Wants a new kettle, not a voucher' });
    expectRefused(await respond(offered.body.id, 'accepted'), 409, 'not_offered');
  });

  it('takes no answer from the customer on a resolution still waiting for approval', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const pending = await proposeGoodwill(opened.id, 9_000);
    const before = await caseState(server, opened.id);
    expectRefused(await respond(pending.body.id, 'accepted'), 409, 'not_offered');
    expect(await caseState(server, opened.id)).toEqual(before);
  });

  it('carries out a resolution only once the customer accepted it', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const offered = await proposeGoodwill(opened.id, 1_000);
    const before = await caseState(server, opened.id);
    expectRefused(await server.api('POST', `/api/resolutions/${offered.body.id}/fulfilment`), 409, 'not_accepted');
    expect(await caseState(server, opened.id)).toEqual(before);

    expect((await respond(offered.body.id, 'accepted')).body).toMatchObject({ status: 'accepted', customerNote: null });
    expect((await caseOf(opened.id)).status).toBe('awaiting_customer');
    const fulfilled = await server.api('POST', `/api/resolutions/${offered.body.id}/fulfilment`);
    expect(fulfilled.body.status).toBe('fulfilled');
    expect(Date.parse(fulfilled.body.fulfilledAt)).toBeGreaterThan(0);
    const detail = await caseOf(opened.id);
    expect(detail.resolutions[0].status).toBe('fulfilled');
    expect(detail.procedure.steps.find((s: { step: string }) => s.step === 'resolve')).toMatchObject({ done: true });
    expectRefused(await server.api('POST', `/api/resolutions/${offered.body.id}/fulfilment`), 409, 'not_accepted');
  });

  it('proposes once for a retried request with the same Idempotency-Key', async () => {
    const { case: opened } = await anUnderstoodComplaint(server);
    const headers = { 'idempotency-key': `propose-${opened.id}` };
    const first = await proposeGoodwill(opened.id, 1_000, { headers });
    const retry = await proposeGoodwill(opened.id, 1_000, { headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const detail = await caseOf(opened.id);
    expect(detail.resolutions.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
    expect(detail.transitions.filter((t: { event: string }) => t.event === 'propose_resolution')).toHaveLength(1);
  });

  describe('requests that race', () => {
    const refusedAsStale = (response: { status: number; body: any }) =>
      response.status === 409 && ['illegal_transition', 'case_changed', 'not_pending_approval'].includes(response.body.error.code);

    it('offers one resolution when several are proposed at once', async () => {
      const { case: opened } = await anUnderstoodComplaint(server);
      const answers = await Promise.all([1, 2, 3, 4].map((n) => proposeGoodwill(opened.id, 100 * n)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter(refusedAsStale)).toHaveLength(3);
      const detail = await caseOf(opened.id);
      expect(detail.resolutions).toHaveLength(1);
      expect(detail.transitions.map((t: { event: string }) => t.event)).toEqual(['start_investigation', 'propose_resolution']);
    });

    it('takes one decision when two approvers decide at once', async () => {
      const { case: opened } = await anUnderstoodComplaint(server);
      const proposed = await proposeGoodwill(opened.id, 3_000);
      const answers = await Promise.all([decide(proposed.body.id, 'approve', 'supervisor'), decide(proposed.body.id, 'reject', 'manager', 'Too much')]);
      const winners = answers.filter((a) => a.status === 200);
      expect(winners).toHaveLength(1);
      expect(answers.filter(refusedAsStale)).toHaveLength(1);
      const detail = await caseOf(opened.id);
      expect(detail.resolutions.map((r: { status: string }) => r.status)).toEqual([winners[0]!.body.status]);
      expect(detail.status).toBe(winners[0]!.body.status === 'approved' ? 'resolution_proposed' : 'investigating');
      expect(detail.transitions.filter((t: { event: string }) => ['approve_resolution', 'reject_resolution'].includes(t.event))).toHaveLength(1);
    });
  });
});
