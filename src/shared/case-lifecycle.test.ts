import { describe, expect, it } from 'vitest';
import { CASE_EVENT_LABELS, caseEventsFrom, nextCaseStatus, type CaseEventName, type CaseStatusName } from './case-lifecycle.js';
import { CASE_EVENTS, CASE_STATUSES } from './enums.js';

// The lifecycle as the complaint procedure describes it, written out by hand rather than read from
// the implementation: for every status, where each event leads, or '—' where it is refused.
const __ = '—';
type Expected = CaseStatusName | typeof __;

const EXPECTED: Record<CaseStatusName, Record<CaseEventName, Expected>> = {
  new: {
    acknowledge: 'acknowledged',
    start_investigation: 'investigating',
    propose_resolution: __,
    request_approval: __,
    approve_resolution: __,
    reject_resolution: __,
    customer_accepted: __,
    customer_declined: __,
    await_customer: __,
    customer_confirmed: __,
    customer_unreachable: __,
    close: __,
    reopen: __,
  },
  acknowledged: {
    acknowledge: __,
    start_investigation: 'investigating',
    propose_resolution: __,
    request_approval: __,
    approve_resolution: __,
    reject_resolution: __,
    customer_accepted: __,
    customer_declined: __,
    await_customer: 'awaiting_customer',
    customer_confirmed: __,
    customer_unreachable: __,
    close: __,
    reopen: __,
  },
  investigating: {
    acknowledge: __,
    start_investigation: __,
    propose_resolution: 'resolution_proposed',
    request_approval: 'awaiting_approval',
    approve_resolution: __,
    reject_resolution: __,
    customer_accepted: __,
    customer_declined: __,
    await_customer: 'awaiting_customer',
    customer_confirmed: __,
    customer_unreachable: __,
    close: __,
    reopen: __,
  },
  resolution_proposed: {
    acknowledge: __,
    start_investigation: __,
    propose_resolution: __,
    request_approval: __,
    approve_resolution: __,
    reject_resolution: __,
    customer_accepted: 'awaiting_customer',
    customer_declined: 'investigating',
    await_customer: __,
    customer_confirmed: __,
    customer_unreachable: __,
    close: __,
    reopen: __,
  },
  awaiting_approval: {
    acknowledge: __,
    start_investigation: __,
    propose_resolution: __,
    request_approval: __,
    approve_resolution: 'resolution_proposed',
    reject_resolution: 'investigating',
    customer_accepted: __,
    customer_declined: __,
    await_customer: __,
    customer_confirmed: __,
    customer_unreachable: __,
    close: __,
    reopen: __,
  },
  awaiting_customer: {
    acknowledge: __,
    start_investigation: __,
    propose_resolution: __,
    request_approval: __,
    approve_resolution: __,
    reject_resolution: __,
    customer_accepted: __,
    // The customer says the accepted resolution did not put it right: back to investigating.
    customer_declined: 'investigating',
    await_customer: __,
    customer_confirmed: 'resolved',
    customer_unreachable: 'resolved',
    close: __,
    reopen: __,
  },
  resolved: {
    acknowledge: __,
    start_investigation: __,
    propose_resolution: __,
    request_approval: __,
    approve_resolution: __,
    reject_resolution: __,
    customer_accepted: __,
    customer_declined: __,
    await_customer: __,
    customer_confirmed: __,
    customer_unreachable: __,
    close: 'closed',
    reopen: 'investigating',
  },
  closed: {
    acknowledge: __,
    start_investigation: __,
    propose_resolution: __,
    request_approval: __,
    approve_resolution: __,
    reject_resolution: __,
    customer_accepted: __,
    customer_declined: __,
    await_customer: __,
    customer_confirmed: __,
    customer_unreachable: __,
    close: __,
    reopen: 'investigating',
  },
};

// How a refusal names the status the case is in.
const STATUS_IN_WORDS: Record<CaseStatusName, string> = {
  new: 'new',
  acknowledged: 'acknowledged',
  investigating: 'under investigation',
  resolution_proposed: 'waiting for the customer to accept a proposed resolution',
  awaiting_approval: 'waiting for approval of a resolution',
  awaiting_customer: "waiting for the customer's confirmation",
  resolved: 'resolved',
  closed: 'closed',
};

const PAIRS = CASE_STATUSES.flatMap((status) => CASE_EVENTS.map((event) => ({ status, event, expected: EXPECTED[status][event] })));

describe('nextCaseStatus', () => {
  it('covers every status with every event: 8 × 13 = 104 pairs', () => {
    expect(CASE_STATUSES).toHaveLength(8);
    expect(CASE_EVENTS).toHaveLength(13);
    expect(PAIRS).toHaveLength(104);
    // The table above names exactly the statuses and events of the domain, no more and no fewer.
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_STATUSES].sort());
    for (const status of CASE_STATUSES) expect(Object.keys(EXPECTED[status]).sort()).toEqual([...CASE_EVENTS].sort());
  });

  it.each(PAIRS)('$event from $status → $expected', ({ status, event, expected }) => {
    const outcome = nextCaseStatus(status, event);
    if (expected === __) {
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.reason).toContain(`"${CASE_EVENT_LABELS[event]}"`);
      expect(outcome.reason).toContain(`while the case is ${STATUS_IN_WORDS[status]};`);
    } else {
      expect(outcome).toEqual({ ok: true, to: expected });
    }
  });

  it('lists as possible exactly the events that lead somewhere, in lifecycle order', () => {
    for (const status of CASE_STATUSES) {
      expect(caseEventsFrom(status), status).toEqual(CASE_EVENTS.filter((event) => EXPECTED[status][event] !== __));
    }
  });
});
