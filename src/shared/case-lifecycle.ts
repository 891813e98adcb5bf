import { CASE_EVENTS, CASE_STATUSES } from './enums.js';

export type CaseStatusName = (typeof CASE_STATUSES)[number];
export type CaseEventName = (typeof CASE_EVENTS)[number];

/**
 * The case lifecycle: for each event, the statuses it may happen in and the status it leads to.
 * One table for the API, which refuses anything else, and the UI, which offers only what is legal.
 */
const LIFECYCLE: Record<CaseEventName, { from: readonly CaseStatusName[]; to: CaseStatusName }> = {
  acknowledge: { from: ['new'], to: 'acknowledged' },
  start_investigation: { from: ['new', 'acknowledged'], to: 'investigating' },
  propose_resolution: { from: ['investigating'], to: 'resolution_proposed' },
  request_approval: { from: ['investigating'], to: 'awaiting_approval' },
  approve_resolution: { from: ['awaiting_approval'], to: 'resolution_proposed' },
  reject_resolution: { from: ['awaiting_approval'], to: 'investigating' },
  customer_accepted: { from: ['resolution_proposed'], to: 'awaiting_customer' },
  customer_declined: { from: ['resolution_proposed', 'awaiting_customer'], to: 'investigating' },
  await_customer: { from: ['acknowledged', 'investigating'], to: 'awaiting_customer' },
  customer_confirmed: { from: ['awaiting_customer'], to: 'resolved' },
  customer_unreachable: { from: ['awaiting_customer'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'investigating' },
};

/** Events a person asks for directly; the others follow from what happens to a resolution. */
export const MANUAL_CASE_EVENTS = [
  'acknowledge',
  'start_investigation',
  'await_customer',
  'customer_confirmed',
  'customer_unreachable',
  'close',
  'reopen',
] as const satisfies readonly CaseEventName[];
export type ManualCaseEvent = (typeof MANUAL_CASE_EVENTS)[number];

const STATUS_WORDS: Record<CaseStatusName, string> = {
  new: 'new',
  acknowledged: 'acknowledged',
  investigating: 'under investigation',
  resolution_proposed: 'waiting for the customer to accept a proposed resolution',
  awaiting_approval: 'waiting for approval of a resolution',
  awaiting_customer: "waiting for the customer's confirmation",
  resolved: 'resolved',
  closed: 'closed',
};

export const CASE_EVENT_LABELS: Record<CaseEventName, string> = {
  acknowledge: 'Acknowledge',
  start_investigation: 'Start investigating',
  propose_resolution: 'Propose a resolution',
  request_approval: 'Request approval',
  approve_resolution: 'Approve the resolution',
  reject_resolution: 'Reject the resolution',
  customer_accepted: 'Customer accepted',
  customer_declined: 'Customer declined',
  await_customer: 'Ask the customer to confirm',
  customer_confirmed: 'Customer confirmed it is resolved',
  customer_unreachable: 'Resolve: customer unreachable',
  close: 'Close',
  reopen: 'Reopen',
};

export type LifecycleOutcome = { ok: true; to: CaseStatusName } | { ok: false; reason: string };

/** The status `event` leads to from `status`, or why it cannot happen there. */
export function nextCaseStatus(status: CaseStatusName, event: CaseEventName): LifecycleOutcome {
  const rule = LIFECYCLE[event];
  if (rule.from.includes(status)) return { ok: true, to: rule.to };
  const allowed = rule.from.map((from) => STATUS_WORDS[from]).join(' or ');
  return {
    ok: false,
    reason: `"${CASE_EVENT_LABELS[event]}" is not possible while the case is ${STATUS_WORDS[status]}; it needs a case that is ${allowed}`,
  };
}

/** The events that may happen in `status`, in lifecycle order. */
export function caseEventsFrom(status: CaseStatusName): CaseEventName[] {
  return CASE_EVENTS.filter((event) => LIFECYCLE[event].from.includes(status));
}

export function isManualCaseEvent(event: CaseEventName): event is ManualCaseEvent {
  return (MANUAL_CASE_EVENTS as readonly string[]).includes(event);
}
