import type {
  CaseEventName,
  CaseStatusName,
  FollowUpChannel,
  FollowUpOutcome,
  FollowUpPurpose,
  FollowUpRuleConditions,
  FollowUpStatus,
  FollowUpTrigger,
  InteractionMark,
} from '../../../shared/index.js';
import { createHash } from 'node:crypto';
import { FOLLOW_UP_CONTACT_PURPOSE, PURPOSE_CASE_STATUSES } from '../../../shared/index.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The channels a follow-up of this purpose may go out on, in the order tried when the customer
 * has no usable preference. A callback is a call by definition; a survey is answered in writing.
 */
export function channelsFor(purpose: FollowUpPurpose): readonly FollowUpChannel[] {
  if (purpose === 'callback') return ['phone'];
  if (purpose === 'survey') return ['email', 'sms'];
  return ['email', 'sms', 'phone'];
}

/** Whether a follow-up of this purpose still makes sense for a case in `caseStatus` (null: about no case). */
export function purposeFitsCase(purpose: FollowUpPurpose, caseStatus: string | null): boolean {
  const fits = PURPOSE_CASE_STATUSES[purpose];
  return caseStatus === null || fits === 'any' || fits.includes(caseStatus);
}

/**
 * Service messages about an open case are what the customer is waiting for: the frequency cap
 * does not hold them back. Check-ins, surveys and anything about a closed case count toward it.
 */
export function isCapExempt(purpose: FollowUpPurpose, caseStatus: string | null): boolean {
  return FOLLOW_UP_CONTACT_PURPOSE[purpose] === 'service' && caseStatus !== null && caseStatus !== 'closed' && purpose !== 'post_purchase_checkin';
}

/** The rule trigger a case entering `toStatus` fires, if any. */
export function caseTriggerOf(toStatus: string): FollowUpTrigger | null {
  if (toStatus === 'awaiting_customer') return 'case_awaiting_customer';
  if (toStatus === 'resolved') return 'case_resolved';
  return null;
}

export interface RuleForMatching {
  id: string;
  active: boolean;
  trigger: FollowUpTrigger;
  purpose: FollowUpPurpose;
  delayMinutes: number;
  channel: FollowUpChannel | null;
  conditions: FollowUpRuleConditions;
}

/** What happened: a case entered a status, or an order was delivered; `at` is when, `subjectId` the case or order. */
export type TriggerEvent =
  | { trigger: 'case_awaiting_customer' | 'case_resolved'; at: string; subjectId: string; caseKind: string }
  | { trigger: 'order_delivered'; at: string; subjectId: string; totalMinor: number; currency: string };

/** A follow-up the customer already has (or is about to get), for the "not twice within N days" condition. */
export interface PastFollowUp {
  purpose: FollowUpPurpose;
  at: string;
}

export interface FollowUpToSchedule {
  ruleId: string;
  purpose: FollowUpPurpose;
  channel: FollowUpChannel | null;
  dueAt: string;
}

/**
 * Whether a rule sampling 1 in `oneIn` picks this case or order: decided by a hash of the rule and
 * the subject's id, so the same event run again (a retried job, a replayed import) decides the
 * same, and two sampling rules do not always pick the same customers.
 */
export function sampledIn(ruleId: string, subjectId: string, oneIn: number | null | undefined): boolean {
  if (!oneIn || oneIn <= 1) return true;
  return createHash('sha256').update(`${ruleId}:${subjectId}`).digest().readUInt32BE(0) % oneIn === 0;
}

function admits(rule: RuleForMatching, event: TriggerEvent): boolean {
  const { kinds, minTotalMinor, currency } = rule.conditions;
  if (!sampledIn(rule.id, event.subjectId, rule.conditions.sampleOneIn)) return false;
  if (event.trigger === 'order_delivered') {
    if (minTotalMinor === null) return true;
    // A threshold in another currency says nothing about this order: it does not qualify.
    return event.currency === currency && event.totalMinor >= minTotalMinor;
  }
  return kinds.length === 0 || kinds.includes(event.caseKind as (typeof kinds)[number]);
}

/**
 * The follow-ups the active rules schedule for `event`, in rule order. A rule whose purpose the
 * customer already has (or gets from an earlier rule here) within its `notWithinDays` of the new
 * due time, or within the window the desk set for the purpose whatever the rule (surveys), is left
 * out, so nobody is asked the same thing twice in that window.
 */
export function followUpsToSchedule(
  rules: readonly RuleForMatching[],
  event: TriggerEvent,
  past: readonly PastFollowUp[],
  purposeWindows: Partial<Record<FollowUpPurpose, number>> = {},
): FollowUpToSchedule[] {
  const known = [...past];
  const out: FollowUpToSchedule[] = [];
  for (const rule of rules) {
    if (!rule.active || rule.trigger !== event.trigger || !admits(rule, event)) continue;
    const dueAt = new Date(Date.parse(event.at) + rule.delayMinutes * 60_000).toISOString();
    const window = Math.max(rule.conditions.notWithinDays ?? 0, purposeWindows[rule.purpose] ?? 0) || null;
    if (window !== null && known.some((f) => f.purpose === rule.purpose && Math.abs(Date.parse(f.at) - Date.parse(dueAt)) < window * DAY_MS)) continue;
    out.push({ ruleId: rule.id, purpose: rule.purpose, channel: rule.channel, dueAt });
    known.push({ purpose: rule.purpose, at: dueAt });
  }
  return out;
}

/** Why a rule cannot be saved as given, naming the field, or null. */
export function ruleProblem(rule: { trigger: FollowUpTrigger; purpose: FollowUpPurpose; channel: FollowUpChannel | null; conditions: FollowUpRuleConditions }, triggerPurposes: readonly FollowUpPurpose[]): { field: string; reason: string } | null {
  if (!triggerPurposes.includes(rule.purpose)) return { field: 'purpose', reason: `does not fit the trigger ${rule.trigger}; it may schedule ${triggerPurposes.join(' or ')}` };
  if (rule.channel !== null && !channelsFor(rule.purpose).includes(rule.channel)) return { field: 'channel', reason: `cannot carry a ${rule.purpose}; use ${channelsFor(rule.purpose).join(' or ')}` };
  const { kinds, minTotalMinor, currency } = rule.conditions;
  if (rule.trigger === 'order_delivered' && kinds.length > 0) return { field: 'conditions.kinds', reason: 'apply to case triggers only: an order has no case kind' };
  if (rule.trigger !== 'order_delivered' && (minTotalMinor !== null || currency !== null)) {
    return { field: 'conditions.minTotalMinor', reason: 'applies to orders only: use it with the order_delivered trigger' };
  }
  if (minTotalMinor !== null && currency === null) return { field: 'conditions.currency', reason: 'is required with a minimum order total' };
  if (minTotalMinor === null && currency !== null) return { field: 'conditions.minTotalMinor', reason: 'is required with a currency' };
  if ((rule.conditions.sampleOneIn ?? null) !== null && rule.purpose !== 'survey') return { field: 'conditions.sampleOneIn', reason: 'applies to survey rules only: every customer gets the other follow-ups' };
  return null;
}

/** What an agent records, with what the follow-up and its case look like now. */
export interface OutcomeInput {
  outcome: FollowUpOutcome;
  summary: string | null;
  followUp: { purpose: FollowUpPurpose; channel: FollowUpChannel; status: FollowUpStatus; attempts: number };
  /** null for a follow-up about no case (a check-in after delivery). */
  caseStatus: CaseStatusName | null;
  /** The customer wrote back after the follow-up went out: their reply is on the case to be marked. */
  replyOnCase: boolean;
  /** Documented failed attempts after which a case may be resolved without confirmation. */
  unreachableAttempts: number;
}

/** An interaction to write on the case: the contact the outcome comes from. */
export interface ContactToLog {
  direction: 'inbound' | 'outbound';
  marks: InteractionMark[];
  body: string;
}

export type OutcomeDecision =
  | { ok: false; status: 400 | 409; field: string; reason: string }
  | {
      ok: true;
      /** log: write this contact on the case; mark_reply: tick the customer's reply instead; none: the reply already says it. */
      contact: { kind: 'log'; contact: ContactToLog } | { kind: 'mark_reply'; marks: InteractionMark[] } | { kind: 'none' };
      caseEvent: Extract<CaseEventName, 'customer_confirmed' | 'customer_unreachable'> | null;
      /** A further need: a new case linked to this one, with this subject. */
      linkedCaseSubject: string | null;
      followUp: { status: 'done' | 'scheduled'; outcome: FollowUpOutcome | null; attempts: number };
      /** Only for a call that reached nobody before the last attempt: the next try is planned. */
      retry: boolean;
    };

/** A second call, hours later, reaches people who were at work or asleep the first time. */
export const CALL_RETRY_MINUTES = 4 * 60;

const SUBJECT_LENGTH = 120;

/** The first line of what the customer said, short enough for a case subject. */
export function subjectFromSummary(summary: string): string {
  const line = summary.trim().split(/\r?\n/)[0]!.trim();
  return line.length <= SUBJECT_LENGTH ? line : `${line.slice(0, SUBJECT_LENGTH - 1).trimEnd()}…`;
}

const OPEN_FOR_OUTCOME: Record<FollowUpChannel, readonly FollowUpStatus[]> = {
  phone: ['due'],
  email: ['sent', 'answered'],
  sms: ['sent', 'answered'],
};

/**
 * What recording an outcome does. The complaint procedure resolves a case only on an inbound
 * contact marked resolution_confirmed since it began awaiting the customer, or after enough
 * failed attempts; this decides the contact that satisfies those guard rails, so the case moves
 * through the same rules as when an agent logs it by hand. A written reply that came in is the
 * customer's own words and is marked, never copied into a second inbound contact (which would
 * count as another contact in FCR).
 */
export function decideOutcome(input: OutcomeInput): OutcomeDecision {
  const { outcome, followUp } = input;
  const summary = input.summary?.trim() || null;
  const isCall = followUp.channel === 'phone';
  if (!OPEN_FOR_OUTCOME[followUp.channel].includes(followUp.status)) {
    const reason = isCall
      ? `is for a call task that is due; this follow-up is ${followUp.status}`
      : `needs the message to have gone out; this follow-up is ${followUp.status}`;
    return { ok: false, status: 409, field: 'outcome', reason };
  }
  if (isCall && summary === null) return { ok: false, status: 400, field: 'summary', reason: 'is required for a phone call: say what was said, or that nobody answered' };

  const awaiting = input.caseStatus === 'awaiting_customer';
  const confirming = followUp.purpose === 'confirm_resolution' && awaiting;
  const markReply = !isCall && followUp.status === 'answered' && input.replyOnCase;
  const done = { status: 'done' as const, outcome, attempts: followUp.attempts };

  if (outcome === 'no_answer') {
    if (followUp.status === 'answered') return { ok: false, status: 409, field: 'outcome', reason: 'cannot be no_answer: the customer replied to this follow-up' };
    const attempts = followUp.attempts + 1;
    const contact: ContactToLog = {
      direction: 'outbound',
      marks: ['failed_attempt'],
      body: summary ?? `No answer to the ${followUp.channel === 'sms' ? 'text message' : 'email'} asking the customer to follow up.`,
    };
    const last = attempts >= input.unreachableAttempts;
    // Messages are not sent again by themselves: one unanswered message is one attempt.
    const retry = isCall && !last;
    return {
      ok: true,
      contact: input.caseStatus === null ? { kind: 'none' } : { kind: 'log', contact },
      caseEvent: confirming && last ? 'customer_unreachable' : null,
      linkedCaseSubject: null,
      followUp: retry ? { status: 'scheduled', outcome: null, attempts } : { status: 'done', outcome, attempts },
      retry,
    };
  }

  if (outcome === 'further_needs' && summary === null) {
    return { ok: false, status: 400, field: 'summary', reason: "is required for further needs: it becomes the new case's first contact" };
  }
  if (!markReply && !isCall && summary === null && input.caseStatus !== null) {
    return { ok: false, status: 400, field: 'summary', reason: 'is required: no reply from the customer is on the case, so say what they told you' };
  }
  const marks: InteractionMark[] = outcome === 'satisfied' && confirming ? ['resolution_confirmed'] : [];
  let contact: Extract<OutcomeDecision, { ok: true }>['contact'];
  if (input.caseStatus === null) contact = { kind: 'none' };
  else if (markReply) contact = marks.length > 0 ? { kind: 'mark_reply', marks } : { kind: 'none' };
  else contact = { kind: 'log', contact: { direction: 'inbound', marks, body: summary! } };
  return {
    ok: true,
    contact,
    caseEvent: marks.length > 0 ? 'customer_confirmed' : null,
    linkedCaseSubject: outcome === 'further_needs' ? subjectFromSummary(summary!) : null,
    followUp: done,
    retry: false,
  };
}
