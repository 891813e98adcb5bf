import type { FollowUpPurpose, FollowUpRule, FollowUpTrigger } from '../../../shared/index.js';
import type { AuditChange } from '../audit/audit.store.js';
import { beforeCommit, type Work } from '../../platform/db/work.js';
import { CONTACT_STATUSES } from '../contact/contact.store.js';
import { caseTriggerOf, followUpsToSchedule, type FollowUpToSchedule, type PastFollowUp, type TriggerEvent } from './follow-up-rules.js';
import { keptFollowUpRules } from './follow-up-rules.store.js';
import { caseMovedOn, createFollowUp, PENDING_STATUSES, stopFollowUp, type NewFollowUp } from './follow-ups.store.js';
import { keptSurveySettings } from '../surveys/survey-settings.store.js';

/**
 * A check-in this long after its due time would arrive out of the blue: one that quiet hours or
 * the cap would push further is skipped, and an import of old orders schedules none.
 */
const CHECKIN_LATE_MS = 7 * 24 * 60 * 60_000;

/** However many rules ask, a customer answers a survey at most once in the window the desk set. */
async function purposeWindows(work: Work): Promise<Partial<Record<FollowUpPurpose, number>>> {
  return { survey: (await keptSurveySettings(work)).neverTwiceWithinDays };
}

// Follow-ups that reach (or are about to reach) the customer: what "not twice within N days" looks at.
async function pastFollowUps(work: Work, customerId: string): Promise<PastFollowUp[]> {
  const rows = await work.tx
    .selectFrom('follow_ups')
    .select(['purpose', 'scheduled_for', 'due_at'])
    .where('customer_id', '=', customerId)
    .where('status', 'in', CONTACT_STATUSES)
    .execute();
  return rows.map((row) => ({ purpose: row.purpose as FollowUpPurpose, at: row.scheduled_for ?? row.due_at }));
}

async function activeRulesOf(work: Work, trigger: FollowUpTrigger): Promise<FollowUpRule[]> {
  return (await keptFollowUpRules(work)).filter((rule) => rule.active && rule.trigger === trigger);
}

/** What the rules schedule for the event, given the customer's follow-ups so far and the desk's windows. */
async function plannedFor(work: Work, rules: readonly FollowUpRule[], event: TriggerEvent, customerId: string): Promise<FollowUpToSchedule[]> {
  return followUpsToSchedule(rules, event, await pastFollowUps(work, customerId), await purposeWindows(work));
}

/** A follow-up a rule scheduled about `subject`: placed by no one, with no note. */
function ruleFollowUp(subject: Pick<NewFollowUp, 'customerId' | 'caseId' | 'transactionId' | 'caseStatus'>, planned: FollowUpToSchedule): NewFollowUp {
  return { ...subject, ruleId: planned.ruleId, purpose: planned.purpose, dueAt: planned.dueAt, channel: planned.channel, assigneeId: null, note: null };
}

/**
 * A case changed status: its pending follow-ups that no longer make sense are cancelled (a
 * confirmation request for a case closed or reopened meanwhile), and the rules of the status it
 * entered schedule theirs, at most one pending per case and rule.
 */
async function onCaseTransition(work: Work, transition: Record<string, unknown>): Promise<void> {
  const caseId = transition.case_id as string;
  const toStatus = transition.to_status as string;
  const pending = await work.tx.selectFrom('follow_ups').selectAll().where('case_id', '=', caseId).where('status', 'in', [...PENDING_STATUSES]).execute();
  for (const row of pending) {
    const movedOn = caseMovedOn(row.purpose as FollowUpPurpose, toStatus);
    if (movedOn) await stopFollowUp(work, row, movedOn);
  }
  const trigger = caseTriggerOf(toStatus);
  if (!trigger) return;
  const rules = await activeRulesOf(work, trigger);
  if (rules.length === 0) return;
  const caseRow = await work.tx.selectFrom('cases').select(['customer_id', 'kind', 'transaction_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const event: TriggerEvent = { trigger: trigger as 'case_awaiting_customer' | 'case_resolved', at: transition.at as string, subjectId: caseId, caseKind: caseRow.kind };
  const stillPending = new Set(pending.filter((row) => !caseMovedOn(row.purpose as FollowUpPurpose, toStatus)).map((row) => row.rule_id));
  const subject = { customerId: caseRow.customer_id, caseId, transactionId: caseRow.transaction_id, caseStatus: toStatus };
  for (const planned of await plannedFor(work, rules, event, caseRow.customer_id)) {
    if (!stillPending.has(planned.ruleId)) await createFollowUp(work, ruleFollowUp(subject, planned));
  }
}

/** The order's delivery was recorded just now: created delivered, or its delivery time set where there was none. */
function deliveredNow(change: AuditChange): boolean {
  if (typeof change.after.delivered_at !== 'string') return false;
  return change.action === 'create' || (change.before !== null && 'delivered_at' in change.before && change.before.delivered_at === null);
}

/** Proactive check-ins: an order delivered schedules the rules' follow-ups once per order and rule. */
async function onOrderDelivered(work: Work, transactionId: string): Promise<void> {
  const rules = await activeRulesOf(work, 'order_delivered');
  if (rules.length === 0) return;
  const order = await work.tx.selectFrom('transactions').selectAll().where('id', '=', transactionId).executeTakeFirstOrThrow();
  if (order.delivered_at === null) return;
  const already = new Set(
    (await work.tx.selectFrom('follow_ups').select('rule_id').where('transaction_id', '=', transactionId).where('rule_id', 'is not', null).execute()).map((row) => row.rule_id),
  );
  const event: TriggerEvent = { trigger: 'order_delivered', at: order.delivered_at, subjectId: transactionId, totalMinor: Number(order.total_minor), currency: order.currency };
  const subject = { customerId: order.customer_id, caseId: null, transactionId, caseStatus: null };
  for (const planned of await plannedFor(work, rules, event, order.customer_id)) {
    if (already.has(planned.ruleId) || Date.parse(planned.dueAt) < Date.now() - CHECKIN_LATE_MS) continue;
    await createFollowUp(work, { ...ruleFollowUp(subject, planned), latestAt: new Date(Date.parse(planned.dueAt) + CHECKIN_LATE_MS).toISOString() });
  }
}

beforeCommit(async (work, changes) => {
  for (const change of changes) {
    if (change.entityType === 'case_transitions' && change.action === 'create') await onCaseTransition(work, change.after);
    else if (change.entityType === 'transactions' && deliveredNow(change)) await onOrderDelivered(work, change.entityId);
  }
});
