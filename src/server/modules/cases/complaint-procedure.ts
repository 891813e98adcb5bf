import type { CaseAction, CaseEvent, InteractionMark, ProcedureStep } from '../../../shared/index.js';
import { caseEventsFrom, isManualCaseEvent, nextCaseStatus, type CaseStatusName } from '../../../shared/index.js';

/** What the complaint procedure's rules look at, gathered from the case and its records. */
export interface ProcedureFacts {
  kind: string;
  status: CaseStatusName;
  concern: string | null;
  restatement: string | null;
  /** When the current restatement was recorded: only a confirmation logged since counts. */
  restatementAt: string | null;
  cause: string | null;
  rootCause: string | null;
  interactions: readonly { direction: string; marks: readonly InteractionMark[]; loggedAt: string }[];
  resolutions: readonly { status: string }[];
  /** When the case last entered awaiting_customer; null if it is not there. */
  awaitingCustomerSince: string | null;
  /** Documented failed attempts needed before a case may be resolved without confirmation. */
  unreachableAttempts: number;
}

/** A rule the case does not yet satisfy: the field that is missing and why it matters. */
export interface GuardRefusal {
  field: string;
  reason: string;
}

const isComplaint = (facts: ProcedureFacts) => facts.kind === 'complaint';

function marked(facts: ProcedureFacts, mark: InteractionMark, since: string | null = null) {
  return facts.interactions.filter((i) => i.marks.includes(mark) && (since === null || i.loggedAt >= since));
}

/** The customer's restatement was confirmed by them after the agent recorded it. */
export function understandingConfirmed(facts: ProcedureFacts): boolean {
  return facts.restatementAt !== null && marked(facts, 'understanding_confirmed', facts.restatementAt).length > 0;
}

export function failedAttemptsWhileAwaiting(facts: ProcedureFacts): number {
  return facts.awaitingCustomerSince === null ? 0 : marked(facts, 'failed_attempt', facts.awaitingCustomerSince).length;
}

const AGREED = new Set(['accepted', 'fulfilled']);

/** The LATER checklist, filled in from what has been recorded on the case. */
export function laterChecklist(facts: ProcedureFacts): ProcedureStep[] {
  const step = (name: ProcedureStep['step'], missing: (string | false)[]): ProcedureStep => {
    const left = missing.filter((m): m is string => m !== false);
    return { step: name, done: left.length === 0, missing: left };
  };
  return [
    step('listen', [
      !facts.concern && "the customer's concern in their own words",
      !facts.restatement && 'your restatement of the concern',
      !!facts.restatement && !understandingConfirmed(facts) && 'a contact in which the customer confirmed your restatement',
    ]),
    step('apologise', [marked(facts, 'apology').length === 0 && 'an apology given to the customer']),
    step('thank', [marked(facts, 'thanks').length === 0 && 'thanks given to the customer for raising it']),
    step('explain', [
      !facts.cause && 'the cause',
      !facts.rootCause && 'the root-cause category',
      marked(facts, 'explanation').length === 0 && 'a contact in which the cause was explained to the customer',
    ]),
    step('resolve', [!facts.resolutions.some((r) => AGREED.has(r.status)) && 'a resolution the customer accepted']),
  ];
}

/**
 * The procedure's guard rails: why `event` may not happen yet on this case, or null. The
 * lifecycle (which status allows which event) is checked apart, by nextCaseStatus.
 */
export function guardCaseEvent(event: CaseEvent, facts: ProcedureFacts): GuardRefusal | null {
  switch (event) {
    case 'propose_resolution':
    case 'request_approval':
      if (!isComplaint(facts)) return null;
      if (!facts.concern) return { field: 'concern', reason: "record the customer's concern in their own words before proposing a resolution" };
      if (!facts.restatement) return { field: 'restatement', reason: 'record your restatement of the concern before proposing a resolution' };
      if (!understandingConfirmed(facts)) {
        return { field: 'restatement', reason: 'the customer has not confirmed your restatement of the concern: log the contact in which they did' };
      }
      return null;
    case 'await_customer':
      return isComplaint(facts)
        ? { field: 'resolution', reason: 'a complaint waits for the customer once they accept a proposed resolution' }
        : null;
    case 'customer_confirmed':
      return marked(facts, 'resolution_confirmed', facts.awaitingCustomerSince).length > 0
        ? null
        : { field: 'confirmation', reason: 'log the inbound contact in which the customer confirmed the resolution worked' };
    case 'customer_unreachable': {
      const attempts = failedAttemptsWhileAwaiting(facts);
      return attempts >= facts.unreachableAttempts
        ? null
        : {
            field: 'failedAttempts',
            reason: `${attempts} of ${facts.unreachableAttempts} documented failed attempts to reach the customer since asking them to confirm`,
          };
    }
    case 'close':
      if (!isComplaint(facts)) return null;
      if (!facts.concern) return { field: 'concern', reason: "the customer's concern is required before closing" };
      if (!facts.cause) return { field: 'cause', reason: 'the cause is required before closing' };
      if (!facts.rootCause) return { field: 'rootCause', reason: 'the root-cause category is required before closing' };
      return null;
    default:
      return null;
  }
}

/** Every event possible from the case's status, with what (if anything) still blocks it. */
export function caseActions(facts: ProcedureFacts): CaseAction[] {
  return caseEventsFrom(facts.status).map((event) => {
    const refusal = guardCaseEvent(event, facts);
    return { event, manual: isManualCaseEvent(event), blockedBy: refusal?.reason ?? null };
  });
}

/** Checks an event against the lifecycle and the guard rails; the next status, or why not. */
export function decideCaseEvent(
  event: CaseEvent,
  facts: ProcedureFacts,
): { ok: true; to: CaseStatusName } | { ok: false; code: 'illegal_transition' | 'procedure_incomplete'; reason: string; field?: string } {
  const outcome = nextCaseStatus(facts.status, event);
  if (!outcome.ok) return { ok: false, code: 'illegal_transition', reason: outcome.reason };
  const refusal = guardCaseEvent(event, facts);
  if (refusal) return { ok: false, code: 'procedure_incomplete', reason: refusal.reason, field: refusal.field };
  return outcome;
}
