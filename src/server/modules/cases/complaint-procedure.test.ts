import { describe, expect, it } from 'vitest';
import type { InteractionMark } from '../../../shared/index.js';
import { caseActions, decideCaseEvent, failedAttemptsWhileAwaiting, guardCaseEvent, laterChecklist, type ProcedureFacts } from './complaint-procedure.js';

const RESTATED_AT = '2026-11-02T10:00:00.000Z';
const ASKED_AT = '2026-11-05T09:00:00.000Z';

const contact = (direction: string, marks: InteractionMark[], loggedAt: string) => ({ direction, marks, loggedAt });

/** A complaint under investigation on which nothing has been recorded yet. */
function complaint(overrides: Partial<ProcedureFacts> = {}): ProcedureFacts {
  return {
    kind: 'complaint',
    status: 'investigating',
    concern: null,
    restatement: null,
    restatementAt: null,
    cause: null,
    rootCause: null,
    interactions: [],
    resolutions: [],
    awaitingCustomerSince: null,
    unreachableAttempts: 3,
    ...overrides,
  };
}

/** A complaint whose concern the customer confirmed they were understood on. */
const understood = (overrides: Partial<ProcedureFacts> = {}) =>
  complaint({
    concern: 'The kettle leaks from the base after a week.',
    restatement: 'Your kettle started leaking after a week of use.',
    restatementAt: RESTATED_AT,
    interactions: [contact('inbound', ['understanding_confirmed'], '2026-11-02T10:05:00.000Z')],
    ...overrides,
  });

const awaiting = (interactions: ProcedureFacts['interactions'], overrides: Partial<ProcedureFacts> = {}) =>
  complaint({ status: 'awaiting_customer', awaitingCustomerSince: ASKED_AT, interactions, ...overrides });

const stepsOf = (facts: ProcedureFacts) => Object.fromEntries(laterChecklist(facts).map((s) => [s.step, s]));

describe('laterChecklist', () => {
  it('starts with every step to do, in LATER order', () => {
    const steps = laterChecklist(complaint());
    expect(steps.map((s) => s.step)).toEqual(['listen', 'apologise', 'thank', 'explain', 'resolve']);
    expect(steps.every((s) => !s.done)).toBe(true);
    expect(stepsOf(complaint()).listen!.missing).toEqual(["the customer's concern in their own words", 'your restatement of the concern']);
  });

  it('asks for the confirmation once the restatement is recorded, and is done once it is logged', () => {
    const restated = complaint({ concern: 'Leaks', restatement: 'It leaks', restatementAt: RESTATED_AT });
    expect(stepsOf(restated).listen!.missing).toEqual(['a contact in which the customer confirmed your restatement']);
    expect(stepsOf(understood()).listen).toEqual({ step: 'listen', done: true, missing: [] });
  });

  it('does not count a confirmation logged before the current restatement', () => {
    const stale = understood({ interactions: [contact('inbound', ['understanding_confirmed'], '2026-11-02T09:59:59.999Z')] });
    expect(stepsOf(stale).listen!.done).toBe(false);
    const sameInstant = understood({ interactions: [contact('outbound', ['understanding_confirmed'], RESTATED_AT)] });
    expect(stepsOf(sameInstant).listen!.done).toBe(true);
  });

  it('ticks apologise, thank and explain from marked contacts and the recorded cause', () => {
    const facts = complaint({
      cause: 'A faulty seal in batch 2026-09.',
      rootCause: 'product_quality',
      interactions: [contact('outbound', ['apology', 'thanks'], '2026-11-03T08:00:00.000Z'), contact('outbound', ['explanation'], '2026-11-04T08:00:00.000Z')],
    });
    const steps = stepsOf(facts);
    expect(steps.apologise!.done).toBe(true);
    expect(steps.thank!.done).toBe(true);
    expect(steps.explain).toEqual({ step: 'explain', done: true, missing: [] });
  });

  it('lists each missing part of the explanation', () => {
    expect(stepsOf(complaint({ cause: 'Seal' })).explain!.missing).toEqual([
      'the root-cause category',
      'a contact in which the cause was explained to the customer',
    ]);
  });

  it('counts a resolution as resolving only once the customer accepted it', () => {
    for (const status of ['proposed', 'pending_approval', 'approved', 'rejected', 'declined']) {
      expect(stepsOf(complaint({ resolutions: [{ status }] })).resolve!.done, status).toBe(false);
    }
    expect(stepsOf(complaint({ resolutions: [{ status: 'declined' }, { status: 'accepted' }] })).resolve!.done).toBe(true);
    expect(stepsOf(complaint({ resolutions: [{ status: 'fulfilled' }] })).resolve!.done).toBe(true);
  });
});

describe('guardCaseEvent', () => {
  describe.each(['propose_resolution', 'request_approval'] as const)('%s on a complaint', (event) => {
    it('needs the concern first', () => {
      expect(guardCaseEvent(event, complaint())).toMatchObject({ field: 'concern' });
    });

    it('needs the restatement', () => {
      expect(guardCaseEvent(event, complaint({ concern: 'Leaks' }))).toMatchObject({ field: 'restatement', reason: expect.stringMatching(/^record your restatement/) });
    });

    it('needs the customer to have confirmed the restatement since it was recorded', () => {
      const unconfirmed = understood({ interactions: [] });
      expect(guardCaseEvent(event, unconfirmed)).toMatchObject({ field: 'restatement', reason: expect.stringContaining('not confirmed') });
      const confirmedEarlier = understood({ interactions: [contact('inbound', ['understanding_confirmed'], '2026-11-01T00:00:00.000Z')] });
      expect(guardCaseEvent(event, confirmedEarlier)).toMatchObject({ field: 'restatement' });
      const otherMarks = understood({ interactions: [contact('inbound', ['apology', 'thanks'], '2026-11-03T00:00:00.000Z')] });
      expect(guardCaseEvent(event, otherMarks)).toMatchObject({ field: 'restatement' });
    });

    it('lets it through once the customer confirmed', () => {
      expect(guardCaseEvent(event, understood())).toBeNull();
    });

    it('does not apply to other kinds of case', () => {
      expect(guardCaseEvent(event, complaint({ kind: 'return' }))).toBeNull();
    });
  });

  it('refuses to wait for a complaint customer except through an accepted resolution', () => {
    expect(guardCaseEvent('await_customer', understood())).toMatchObject({ field: 'resolution' });
    expect(guardCaseEvent('await_customer', complaint({ kind: 'query' }))).toBeNull();
  });

  describe('customer_confirmed', () => {
    it('needs an inbound contact marked resolution_confirmed since the customer was asked', () => {
      expect(guardCaseEvent('customer_confirmed', awaiting([]))).toMatchObject({ field: 'confirmation' });
      expect(guardCaseEvent('customer_confirmed', awaiting([contact('inbound', ['resolution_confirmed'], '2026-11-04T09:00:00.000Z')]))).toMatchObject({
        field: 'confirmation',
      });
      expect(guardCaseEvent('customer_confirmed', awaiting([contact('inbound', ['resolution_confirmed'], '2026-11-06T09:00:00.000Z')]))).toBeNull();
    });

    it('applies to every kind of case', () => {
      expect(guardCaseEvent('customer_confirmed', awaiting([], { kind: 'query' }))).toMatchObject({ field: 'confirmation' });
    });
  });

  describe('customer_unreachable', () => {
    const attempt = (loggedAt: string) => contact('outbound', ['failed_attempt'], loggedAt);

    it('needs the configured number of failed attempts since the customer was asked', () => {
      const two = awaiting([attempt('2026-11-05T10:00:00.000Z'), attempt('2026-11-06T10:00:00.000Z')]);
      expect(guardCaseEvent('customer_unreachable', two)).toEqual({
        field: 'failedAttempts',
        reason: '2 of 3 documented failed attempts to reach the customer since asking them to confirm',
      });
      const three = awaiting([...two.interactions, attempt('2026-11-07T10:00:00.000Z')]);
      expect(guardCaseEvent('customer_unreachable', three)).toBeNull();
    });

    it('does not count attempts made before the customer was asked', () => {
      const facts = awaiting([attempt('2026-11-01T10:00:00.000Z'), attempt('2026-11-02T10:00:00.000Z'), attempt('2026-11-05T10:00:00.000Z')]);
      expect(failedAttemptsWhileAwaiting(facts)).toBe(1);
      expect(guardCaseEvent('customer_unreachable', facts)).toMatchObject({ field: 'failedAttempts' });
    });

    it('follows the setting', () => {
      const one = awaiting([attempt('2026-11-05T10:00:00.000Z')], { unreachableAttempts: 1 });
      expect(guardCaseEvent('customer_unreachable', one)).toBeNull();
    });

    it('counts nothing while the case is not awaiting the customer', () => {
      expect(failedAttemptsWhileAwaiting(complaint({ interactions: [attempt('2026-11-05T10:00:00.000Z')] }))).toBe(0);
    });
  });

  describe('close of a complaint', () => {
    const resolved = (overrides: Partial<ProcedureFacts>) => complaint({ status: 'resolved', ...overrides });

    it('needs the concern, the cause and the root cause, in that order', () => {
      expect(guardCaseEvent('close', resolved({}))).toMatchObject({ field: 'concern' });
      expect(guardCaseEvent('close', resolved({ concern: 'Leaks' }))).toMatchObject({ field: 'cause' });
      expect(guardCaseEvent('close', resolved({ concern: 'Leaks', cause: 'Seal' }))).toMatchObject({ field: 'rootCause' });
      expect(guardCaseEvent('close', resolved({ concern: 'Leaks', cause: 'Seal', rootCause: 'product_quality' }))).toBeNull();
    });

    it('does not apply to other kinds of case', () => {
      expect(guardCaseEvent('close', resolved({ kind: 'feedback' }))).toBeNull();
    });
  });

  it('leaves the other events to the lifecycle', () => {
    for (const event of ['acknowledge', 'start_investigation', 'approve_resolution', 'reject_resolution', 'customer_accepted', 'customer_declined', 'reopen'] as const) {
      expect(guardCaseEvent(event, complaint()), event).toBeNull();
    }
  });
});

describe('decideCaseEvent', () => {
  it('checks the lifecycle before the guard rails', () => {
    expect(decideCaseEvent('propose_resolution', complaint({ status: 'new' }))).toMatchObject({ ok: false, code: 'illegal_transition' });
    expect(decideCaseEvent('propose_resolution', complaint())).toMatchObject({ ok: false, code: 'procedure_incomplete', field: 'concern' });
    expect(decideCaseEvent('propose_resolution', understood())).toEqual({ ok: true, to: 'resolution_proposed' });
  });
});

describe('caseActions', () => {
  it('offers the events of the status, manual or not, with what blocks each', () => {
    expect(caseActions(complaint())).toEqual([
      { event: 'propose_resolution', manual: false, blockedBy: expect.stringContaining('concern') },
      { event: 'request_approval', manual: false, blockedBy: expect.stringContaining('concern') },
      { event: 'await_customer', manual: true, blockedBy: expect.stringContaining('accept') },
    ]);
    expect(caseActions(understood({ kind: 'query' })).every((action) => action.blockedBy === null)).toBe(true);
  });
});
