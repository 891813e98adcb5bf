import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import {
  aPolicy,
  aResolvedComplaint,
  caseState,
  expectRefused,
  logContact,
  recordUnderstanding,
  signedIn,
  transition,
} from '../support/complaints.js';

describe.each(ENGINES)('the complaint procedure on %s', (engine) => {
  let server: TestServer;
  let policyId: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    policyId = (await aPolicy(server)).id;
  });
  afterAll(() => server?.close());

  /** A complaint about an order, under investigation, with nothing recorded for the procedure. */
  async function complaintUnderInvestigation() {
    const customer = await aCustomer(server);
    const order = await anOrder(server, customer.id);
    const opened = await aCase(server, customer.id, { transactionId: order.id });
    await transition(server, opened.id, 'start_investigation');
    return opened.id as string;
  }

  /** A case that is not a complaint, waiting for its customer to confirm the answer. */
  async function queryAwaitingCustomer(before: (caseId: string) => Promise<void> = async () => {}) {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id, { kind: 'query', subject: 'Which descaler suits the kettle?' });
    await transition(server, opened.id, 'start_investigation');
    await before(opened.id);
    await transition(server, opened.id, 'await_customer', 'Answered: citric acid descaler; asked whether that helps');
    return opened.id as string;
  }

  const proposeGoodwill = (caseId: string, extra: Record<string, unknown> = { policyId }) =>
    server.api('POST', `/api/cases/${caseId}/resolutions`, { type: 'goodwill', amountMinor: 1_000, summary: 'A 10 EUR voucher', ...extra });

  describe('guard rails', () => {
    it('refuses a resolution before the concern is recorded', async () => {
      const caseId = await complaintUnderInvestigation();
      const before = await caseState(server, caseId);
      expectRefused(await proposeGoodwill(caseId), 409, 'procedure_incomplete', 'concern');
      expect(await caseState(server, caseId)).toEqual(before);
      expect(before).toMatchObject({ status: 'investigating', resolutions: [] });
    });

    it('refuses a resolution before the restatement is recorded', async () => {
      const caseId = await complaintUnderInvestigation();
      await server.api('PATCH', `/api/cases/${caseId}/procedure`, { concern: 'It leaks everywhere.' });
      const before = await caseState(server, caseId);
      const refused = await proposeGoodwill(caseId);
      expectRefused(refused, 409, 'procedure_incomplete', 'restatement');
      expect(refused.body.error.message).toMatch(/^record your restatement of the concern/);
      expect(await caseState(server, caseId)).toEqual(before);
    });

    it('refuses a resolution until the customer confirmed the restatement', async () => {
      const caseId = await complaintUnderInvestigation();
      await server.api('PATCH', `/api/cases/${caseId}/procedure`, { concern: 'It leaks everywhere.', restatement: 'The kettle leaks when filled.' });
      await logContact(server, caseId, 'outbound', ['apology', 'thanks'], 'Sorry about the kettle, and thank you for telling us.');
      const before = await caseState(server, caseId);
      const refused = await proposeGoodwill(caseId);
      expectRefused(refused, 409, 'procedure_incomplete', 'restatement');
      expect(refused.body.error.message).toMatch(/not confirmed your restatement/);
      expect(await caseState(server, caseId)).toEqual(before);
    });

    it('does not count a confirmation given before the restatement changed', async () => {
      const caseId = await complaintUnderInvestigation();
      await recordUnderstanding(server, caseId);
      await server.api('PATCH', `/api/cases/${caseId}/procedure`, { restatement: 'The kettle leaks, and the base also scorched the counter.' });
      const before = await caseState(server, caseId);
      expectRefused(await proposeGoodwill(caseId), 409, 'procedure_incomplete', 'restatement');
      expect(await caseState(server, caseId)).toEqual(before);

      await logContact(server, caseId, 'inbound', ['understanding_confirmed'], 'Yes, both.');
      expect((await proposeGoodwill(caseId)).status).toBe(201);
    });

    it('guards a resolution sent for approval the same way', async () => {
      const caseId = await complaintUnderInvestigation();
      const before = await caseState(server, caseId);
      // Without a policy the resolution would need approval: the procedure still comes first.
      expectRefused(await proposeGoodwill(caseId, {}), 409, 'procedure_incomplete', 'concern');
      expect(await caseState(server, caseId)).toEqual(before);
      const queue = await server.api('GET', '/api/approvals', undefined, { as: 'supervisor' });
      expect(queue.body.items.filter((r: { caseId: string }) => r.caseId === caseId)).toEqual([]);
    });

    it('refuses to wait for a complaint customer except through an accepted resolution', async () => {
      const caseId = await complaintUnderInvestigation();
      await recordUnderstanding(server, caseId);
      const before = await caseState(server, caseId);
      const refused = await server.api('POST', `/api/cases/${caseId}/transitions`, { event: 'await_customer' });
      expectRefused(refused, 409, 'procedure_incomplete', 'resolution');
      expect(await caseState(server, caseId)).toEqual(before);
    });

    it('resolves on confirmation only with an inbound confirmation logged since the customer was asked', async () => {
      const caseId = await queryAwaitingCustomer((id) => logContact(server, id, 'inbound', ['resolution_confirmed'], 'Sorted, thanks (said too early).'));
      const before = await caseState(server, caseId);
      expectRefused(await server.api('POST', `/api/cases/${caseId}/transitions`, { event: 'customer_confirmed' }), 409, 'procedure_incomplete', 'confirmation');
      expect(await caseState(server, caseId)).toEqual(before);

      await logContact(server, caseId, 'inbound', ['resolution_confirmed'], 'The descaler worked.');
      expect((await transition(server, caseId, 'customer_confirmed')).status).toBe('resolved');
    });

    it('resolves an unreachable customer only after the documented attempts since asking', async () => {
      const caseId = await queryAwaitingCustomer((id) => logContact(server, id, 'outbound', ['failed_attempt'], 'No answer (before asking).'));
      await logContact(server, caseId, 'outbound', ['failed_attempt'], 'No answer.');
      await logContact(server, caseId, 'outbound', ['failed_attempt'], 'Voicemail full.');
      const before = await caseState(server, caseId);
      const refused = await server.api('POST', `/api/cases/${caseId}/transitions`, { event: 'customer_unreachable' });
      expectRefused(refused, 409, 'procedure_incomplete', 'failedAttempts');
      expect(refused.body.error.message).toMatch(/^2 of 3 documented failed attempts/);
      expect(await caseState(server, caseId)).toEqual(before);
      expect((await server.api('GET', `/api/cases/${caseId}`)).body.procedure).toMatchObject({ failedAttempts: 2, unreachableAttempts: 3 });

      await logContact(server, caseId, 'outbound', ['failed_attempt'], 'No answer again.');
      const resolved = await transition(server, caseId, 'customer_unreachable');
      expect(resolved.status).toBe('resolved');
      expect(resolved.transitions.at(-1)).toMatchObject({ event: 'customer_unreachable', reason: 'Customer unreachable after 3 documented attempts' });
    });

    it('counts every attempt on a case that reached awaiting_customer before transitions were recorded', async () => {
      const customer = await aCustomer(server);
      const opened = await aCase(server, customer.id, { kind: 'fault', subject: 'Dishwasher will not drain' });
      // Older data (and earlier demo desks) put cases in a status directly, leaving no transition.
      await server.store.db.updateTable('cases').set({ status: 'awaiting_customer' }).where('id', '=', opened.id).execute();
      for (const body of ['No answer.', 'Voicemail.', 'No answer again.']) await logContact(server, opened.id, 'outbound', ['failed_attempt'], body);
      expect((await server.api('GET', `/api/cases/${opened.id}`)).body.procedure.failedAttempts).toBe(3);
      expect((await transition(server, opened.id, 'customer_unreachable')).status).toBe('resolved');
    });

    it('counts failed attempts against the setting, which only supervisors and up change', async () => {
      expectRefused(await server.api('PUT', '/api/settings/procedure', { unreachableAttempts: 1 }), 403, 'forbidden');
      expectRefused(await server.api('PUT', '/api/settings/procedure', { unreachableAttempts: 0 }, { as: 'supervisor' }), 400, 'invalid_request', 'unreachableAttempts');
      const changed = await server.api('PUT', '/api/settings/procedure', { unreachableAttempts: 1 }, { as: 'supervisor' });
      try {
        expect(changed.status).toBe(200);
        expect(changed.body.unreachableAttempts).toBe(1);
        expect(changed.body.defensivePhrases).toContain('not our fault');
        const caseId = await queryAwaitingCustomer();
        await logContact(server, caseId, 'outbound', ['failed_attempt'], 'No answer.');
        expect((await transition(server, caseId, 'customer_unreachable')).status).toBe('resolved');
      } finally {
        await server.api('PUT', '/api/settings/procedure', { unreachableAttempts: 3 }, { as: 'supervisor' });
      }
      expect((await server.api('GET', '/api/settings/procedure')).body.unreachableAttempts).toBe(3);
    });

    it('refuses to close a complaint without its cause and root cause', async () => {
      const { case: opened } = await aResolvedComplaint(server, policyId);
      const before = await caseState(server, opened.id);
      expect(before.status).toBe('resolved');
      expectRefused(await server.api('POST', `/api/cases/${opened.id}/transitions`, { event: 'close' }), 409, 'procedure_incomplete', 'cause');
      expect(await caseState(server, opened.id)).toEqual(before);

      await server.api('PATCH', `/api/cases/${opened.id}/procedure`, { cause: 'A faulty seal in the September batch.' });
      const withCause = await caseState(server, opened.id);
      expectRefused(await server.api('POST', `/api/cases/${opened.id}/transitions`, { event: 'close' }), 409, 'procedure_incomplete', 'rootCause');
      expect(await caseState(server, opened.id)).toEqual(withCause);

      await server.api('PATCH', `/api/cases/${opened.id}/procedure`, { rootCause: 'product_quality' });
      expect((await transition(server, opened.id, 'close')).status).toBe('closed');
    });

    it('needs a reason to reopen', async () => {
      const customer = await aCustomer(server);
      const opened = await aCase(server, customer.id, { kind: 'feedback', subject: 'Lovely kettle' });
      await transition(server, opened.id, 'start_investigation');
      await transition(server, opened.id, 'await_customer');
      await logContact(server, opened.id, 'inbound', ['resolution_confirmed'], 'Nothing more needed.');
      await transition(server, opened.id, 'customer_confirmed');
      await transition(server, opened.id, 'close');
      const before = await caseState(server, opened.id);
      expectRefused(await server.api('POST', `/api/cases/${opened.id}/transitions`, { event: 'reopen' }), 400, 'invalid_request', 'reason');
      expectRefused(await server.api('POST', `/api/cases/${opened.id}/transitions`, { event: 'reopen', reason: '   ' }), 400, 'invalid_request', 'reason');
      expect(await caseState(server, opened.id)).toEqual(before);

      const reopened = await transition(server, opened.id, 'reopen', 'The customer wrote again: the lid is loose.');
      expect(reopened.status).toBe('investigating');
      expect(reopened.transitions.at(-1)).toMatchObject({ event: 'reopen', fromStatus: 'closed', reason: 'The customer wrote again: the lid is loose.' });
    });
  });

  describe('the lifecycle', () => {
    it('refuses an illegal transition and audits nothing', async () => {
      const customer = await aCustomer(server);
      const opened = await aCase(server, customer.id);
      const before = await caseState(server, opened.id);
      const refused = await server.api('POST', `/api/cases/${opened.id}/transitions`, { event: 'close', reason: 'Done' });
      expectRefused(refused, 409, 'illegal_transition', 'event');
      expect(refused.body.error.message).toBe('"Close" is not possible while the case is new; it needs a case that is resolved');
      const proposal = await server.api('POST', `/api/cases/${opened.id}/resolutions`, { type: 'replacement', summary: 'A new kettle', policyId });
      expectRefused(proposal, 409, 'illegal_transition', 'event');
      expect(await caseState(server, opened.id)).toEqual(before);
    });

    it('takes resolution events only through resolutions', async () => {
      const customer = await aCustomer(server);
      const opened = await aCase(server, customer.id);
      const before = await caseState(server, opened.id);
      expectRefused(await server.api('POST', `/api/cases/${opened.id}/transitions`, { event: 'approve_resolution' }), 400, 'invalid_request', 'event');
      expect(await caseState(server, opened.id)).toEqual(before);
    });

    it('records each transition with its actor and reason, on the case and in its audit trail', async () => {
      const customer = await aCustomer(server);
      const opened = await aCase(server, customer.id);
      await transition(server, opened.id, 'acknowledge', 'Called the customer back within the hour', { as: 'supervisor' });
      const detail = await transition(server, opened.id, 'start_investigation');
      expect(detail.status).toBe('investigating');
      expect(detail.transitions).toEqual([
        expect.objectContaining({
          event: 'acknowledge',
          fromStatus: 'new',
          toStatus: 'acknowledged',
          reason: 'Called the customer back within the hour',
          actorType: 'api_key',
          actorName: 'test supervisor',
        }),
        expect.objectContaining({ event: 'start_investigation', fromStatus: 'acknowledged', toStatus: 'investigating', reason: 'Start investigating', actorName: 'test agent' }),
      ]);
      expect((await server.api('GET', `/api/cases/${opened.id}`)).body.transitions).toEqual(detail.transitions);

      const audit = (await server.api('GET', `/api/cases/${opened.id}/audit`)).body.items as {
        action: string;
        entityType: string;
        entityId: string;
        actorName: string;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
      }[];
      const steps = audit.filter((e) => e.entityType === 'case_transitions');
      expect(steps.map((e) => [e.action, e.entityId, e.actorName, e.after?.event, e.after?.reason])).toEqual(
        detail.transitions.map((t: { id: string; actorName: string; event: string; reason: string }) => ['create', t.id, t.actorName, t.event, t.reason]),
      );
      const statusChanges = audit.filter((e) => e.entityType === 'cases' && e.action === 'update');
      expect(statusChanges.map((e) => [e.before?.status, e.after?.status, e.actorName])).toEqual([
        ['new', 'acknowledged', 'test supervisor'],
        ['acknowledged', 'investigating', 'test agent'],
      ]);
    });

    it('takes a complaint from new to closed, ticking the LATER checklist on the way', async () => {
      const customer = await aCustomer(server, { name: 'Giulia Bianchi' });
      const order = await anOrder(server, customer.id);
      const opened = await aCase(server, customer.id, { transactionId: order.id });
      const id = opened.id as string;
      expect(opened.procedure).toMatchObject({ required: true, failedAttempts: 0, unreachableAttempts: 3 });
      expect(opened.actions.map((a: { event: string }) => a.event)).toEqual(['acknowledge', 'start_investigation']);

      await transition(server, id, 'acknowledge');
      await transition(server, id, 'start_investigation');
      await recordUnderstanding(server, id);
      await logContact(server, id, 'outbound', ['apology', 'thanks'], 'I am sorry about the kettle, and thank you for letting us know.');
      await server.api('PATCH', `/api/cases/${id}/procedure`, { cause: 'A faulty seal in the September batch.', rootCause: 'product_quality' });
      await logContact(server, id, 'outbound', ['explanation'], 'Explained the faulty seal.');
      const investigated = (await server.api('GET', `/api/cases/${id}`)).body;
      expect(investigated.procedure.steps.map((s: { step: string; done: boolean }) => [s.step, s.done])).toEqual([
        ['listen', true],
        ['apologise', true],
        ['thank', true],
        ['explain', true],
        ['resolve', false],
      ]);
      expect(investigated.actions.find((a: { event: string }) => a.event === 'propose_resolution')).toEqual({ event: 'propose_resolution', manual: false, blockedBy: null });

      const proposed = await server.api('POST', `/api/cases/${id}/resolutions`, { type: 'replacement', summary: 'A new kettle, sent today', policyId });
      expect(proposed.status).toBe(201);
      expect(proposed.body).toMatchObject({ status: 'proposed', approval: 'within_limit', policyId, policyVersion: 1 });
      expect((await server.api('GET', `/api/cases/${id}`)).body.status).toBe('resolution_proposed');

      expect((await server.api('POST', `/api/resolutions/${proposed.body.id}/customer-response`, { response: 'accepted' })).body.status).toBe('accepted');
      expect((await server.api('POST', `/api/resolutions/${proposed.body.id}/fulfilment`)).body.status).toBe('fulfilled');
      await logContact(server, id, 'inbound', ['resolution_confirmed'], 'The new kettle works, no leaks.');
      await transition(server, id, 'customer_confirmed');
      const closed = await transition(server, id, 'close', 'Replacement confirmed by the customer');

      expect(closed.status).toBe('closed');
      expect(closed.procedure.steps.every((s: { done: boolean }) => s.done)).toBe(true);
      expect(closed.transitions.map((t: { event: string; toStatus: string }) => `${t.event} → ${t.toStatus}`)).toEqual([
        'acknowledge → acknowledged',
        'start_investigation → investigating',
        'propose_resolution → resolution_proposed',
        'customer_accepted → awaiting_customer',
        'customer_confirmed → resolved',
        'close → closed',
      ]);
      expect(closed.actions).toEqual([{ event: 'reopen', manual: true, blockedBy: null }]);
      expectRefused(await server.api('PATCH', `/api/cases/${id}/procedure`, { cause: 'Changed my mind' }), 409, 'case_closed');
    });
  });

  describe('contacts', () => {
    it("acknowledges a new case on a person's first outbound reply, once", async () => {
      const agent = await signedIn(server, 'agent');
      const customer = await aCustomer(server);
      const opened = await aCase(server, customer.id);
      const say = (direction: string, body: string) =>
        server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'email', direction, body }, agent);

      expect((await say('internal', 'Checking the batch.')).status).toBe(201);
      expect((await server.api('GET', `/api/cases/${opened.id}`)).body.status).toBe('new');
      expect((await say('outbound', 'Sorry to hear that, we are on it.')).status).toBe(201);
      const acknowledged = (await server.api('GET', `/api/cases/${opened.id}`)).body;
      expect(acknowledged.status).toBe('acknowledged');
      expect(acknowledged.transitions).toEqual([
        expect.objectContaining({ event: 'acknowledge', fromStatus: 'new', reason: 'First reply to the customer', actorType: 'user', actorName: 'Test agent' }),
      ]);

      expect((await say('outbound', 'A follow-up.')).status).toBe(201);
      expect((await server.api('GET', `/api/cases/${opened.id}`)).body.transitions).toHaveLength(1);
    });

    it('does not take a message from another system, or a failed call, for an acknowledgement', async () => {
      const customer = await aCustomer(server);
      const bySystem = await aCase(server, customer.id);
      await logContact(server, bySystem.id, 'outbound', [], 'Automatic receipt: we got your message.');
      expect((await server.api('GET', `/api/cases/${bySystem.id}`)).body).toMatchObject({ status: 'new', transitions: [] });

      const agent = await signedIn(server, 'agent');
      const unanswered = await aCase(server, customer.id);
      const call = await server.api(
        'POST',
        `/api/cases/${unanswered.id}/interactions`,
        { channel: 'phone', direction: 'outbound', body: 'Called, no answer.', marks: ['failed_attempt'] },
        agent,
      );
      expect(call.status).toBe(201);
      expect((await server.api('GET', `/api/cases/${unanswered.id}`)).body).toMatchObject({ status: 'new', transitions: [] });
    });

    it('checks marks against the direction of the contact and stores nothing refused', async () => {
      const customer = await aCustomer(server);
      const opened = await aCase(server, customer.id);
      const before = await caseState(server, opened.id);
      const refusals: [string, string[]][] = [
        ['outbound', ['resolution_confirmed']],
        ['internal', ['apology']],
        ['inbound', ['failed_attempt']],
        ['outbound', ['failed_attempt', 'thanks']],
      ];
      for (const [direction, marks] of refusals) {
        const refused = await server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'phone', direction, body: 'Contact', marks });
        expectRefused(refused, 400, 'invalid_request', 'marks');
      }
      const unknown = await server.api('POST', `/api/cases/${opened.id}/interactions`, { channel: 'phone', direction: 'inbound', body: 'Contact', marks: ['pleased'] });
      expectRefused(unknown, 400, 'invalid_request', 'marks.0');
      expect(await caseState(server, opened.id)).toEqual(before);
      expect((await server.api('GET', `/api/cases/${opened.id}/interactions`)).body.items).toHaveLength(1);

      const accepted = await logContact(server, opened.id, 'inbound', ['understanding_confirmed', 'thanks', 'thanks']);
      expect(accepted.marks).toEqual(['understanding_confirmed', 'thanks']);
    });
  });
});
