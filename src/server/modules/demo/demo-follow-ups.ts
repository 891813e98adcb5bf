import { FOLLOW_UP_CONTACT_PURPOSE, SaveFollowUpRule, type FollowUpChannel, type FollowUpPurpose, type FollowUpRule } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { FollowUpRow, OutboundMessageRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { cancelJob } from '../../platform/jobs/jobs.js';
import { channelsConfigOf } from '../channels/channels-config.js';
import { contactFactsOf, contactLanguage, planContactFor } from '../contact/contact.store.js';
import { channelsFor, followUpsToSchedule, isCapExempt, type PastFollowUp } from '../follow-ups/follow-up-rules.js';
import { createFollowUpRule } from '../follow-ups/follow-up-rules.store.js';
import { followUpText } from '../follow-ups/follow-up-texts.js';
import { cancelFollowUp, createFollowUp, dueJobKey } from '../follow-ups/follow-ups.store.js';
import { deskTime } from './demo-sla.js';
// The due job, the send check and the rules' hook, for a process that never loads the routes.
import '../follow-ups/follow-up-dispatch.js';
import '../follow-ups/follow-up-triggers.js';

const DAY_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The rules a desk starts with: confirm, check satisfaction, and check in after big deliveries. */
const DEFAULT_RULES = [
  { name: 'Confirm the resolution', trigger: 'case_awaiting_customer', purpose: 'confirm_resolution', delayMinutes: 2 * DAY_MINUTES },
  { name: 'Satisfaction check after resolving', trigger: 'case_resolved', purpose: 'satisfaction_check', delayMinutes: 3 * DAY_MINUTES },
  {
    name: 'Check in after delivery of orders over 100.00',
    trigger: 'order_delivered',
    purpose: 'post_purchase_checkin',
    delayMinutes: 7 * DAY_MINUTES,
    conditions: { minTotalMinor: 10_000, currency: 'EUR', notWithinDays: 30 },
  },
] as const;

/**
 * The demo's follow-ups: the default rules, the check-ins the delivery rule made before today
 * (done), then follow-ups for cases already written, in the states a desk sees: confirmations and
 * call tasks falling due now (the worker of `serve` makes them due: messages queued, calls on
 * agents' lists), satisfaction checks ahead, one withdrawn and one whose send failed. Call it
 * after the orders and cases, in a unit of work of its own, so the rules schedule only what
 * happens from then on. `next` is the demo's seeded random source, `now` the time it plans from.
 */
export async function writeDemoFollowUps(work: Work, next: () => number, now: number): Promise<void> {
  const rules = new Map<FollowUpPurpose, FollowUpRule>();
  for (const rule of DEFAULT_RULES) rules.set(rule.purpose, await createFollowUpRule(work, SaveFollowUpRule.parse(rule)));
  // First what happened before, as it happened: each check-in planned seeing only the ones before it.
  await writePastCheckIns(work, rules.get('post_purchase_checkin')!, next, now);

  const cases = await work.tx
    .selectFrom('cases')
    .select(['id', 'customer_id', 'transaction_id', 'status', 'assignee_id', 'updated_at'])
    .where('status', 'in', ['awaiting_customer', 'resolved'])
    .orderBy('id')
    .execute();
  const awaiting = cases.filter((row) => row.status === 'awaiting_customer').slice(0, 12);
  const resolved = cases.filter((row) => row.status === 'resolved').slice(0, 8);

  const written: string[] = [];
  for (const [index, row] of awaiting.entries()) {
    // Every third by phone, so agents have call tasks; the rest by the customer's preference.
    const channel: FollowUpChannel | null = index % 3 === 0 ? 'phone' : null;
    const created = await createFollowUp(work, {
      customerId: row.customer_id,
      caseId: row.id,
      transactionId: row.transaction_id,
      ruleId: rules.get('confirm_resolution')?.id ?? null,
      purpose: 'confirm_resolution',
      dueAt: new Date(now - (index % 4) * HOUR_MS).toISOString(),
      channel,
      assigneeId: channel === 'phone' ? row.assignee_id : null,
      note: null,
      caseStatus: row.status,
    });
    written.push(created.id);
  }
  for (const [index, row] of resolved.entries()) {
    await createFollowUp(work, {
      customerId: row.customer_id,
      caseId: row.id,
      transactionId: row.transaction_id,
      ruleId: rules.get('satisfaction_check')?.id ?? null,
      purpose: 'satisfaction_check',
      dueAt: new Date(now + (index + 1) * DAY_MINUTES * 60_000).toISOString(),
      channel: null,
      assigneeId: null,
      note: null,
      caseStatus: row.status,
    });
  }

  // One withdrawn by an agent, one whose mail server refused it for good: what the lists show.
  const [withdrawn, refused] = written.slice(-2);
  if (withdrawn) await cancelFollowUp(work, withdrawn, 'The customer rang in and confirmed it works');
  if (refused) {
    const row = await work.tx.selectFrom('follow_ups').selectAll().where('id', '=', refused).executeTakeFirstOrThrow();
    if (row.status === 'scheduled') {
      await updateAudited(work, 'follow_ups', row, { status: 'failed', failure_reason: '550 5.1.1 mailbox unavailable: the address does not exist', updated_at: nowInstant() });
      await cancelJob(work.tx, dueJobKey(refused));
    }
  }
}

/** What customers tell the desk when it calls to check in after a delivery. */
const CHECK_IN_ANSWERS = [
  'Arrived in good order and works well. Happy with it.',
  'All fine. Asked how best to clean it; talked them through the care guide.',
  'Very pleased with the delivery and the product; nothing needed.',
  'Works well. The outer box was a bit battered, but everything inside was fine.',
  'Happy so far. Asked which accessories fit; sent the list by email.',
];

/**
 * The check-ins the delivery rule made before today, as they went: due a week after each delivery
 * it admits, planned by the customer's preferences from then, and done by now: a message sent
 * seconds into its slot, or a call made in desk hours, mostly within the hour, on a busy day hours
 * later (the dashboard's "Follow-ups on time"). Written as history, like the cases: no lifecycle
 * call sends a message in the past. About no case, they add nothing to any case's timeline.
 */
async function writePastCheckIns(work: Work, rule: FollowUpRule, next: () => number, now: number): Promise<void> {
  const between = (min: number, max: number) => min + (max - min) * next();
  const iso = (at: number) => new Date(at).toISOString();
  const orders = await work.tx
    .selectFrom('transactions')
    .select(['id', 'customer_id', 'total_minor', 'currency', 'delivered_at'])
    .where('delivered_at', 'is not', null)
    .orderBy('delivered_at')
    .orderBy('id')
    .execute();
  const checkedIn = new Map<string, PastFollowUp[]>();
  for (const order of orders) {
    const deliveredAt = order.delivered_at!;
    const event = { trigger: 'order_delivered', at: deliveredAt, subjectId: order.id, totalMinor: Number(order.total_minor), currency: order.currency } as const;
    const [planned] = followUpsToSchedule([rule], event, checkedIn.get(order.customer_id) ?? []);
    if (!planned) continue;
    const [sendSeconds, pickupMinutes, busyMinutes, lateMinutes, typingMinutes, answer] = [
      between(2, 40),
      between(5, 45),
      next() < 0.12 ? between(90, 360) : 0,
      between(0, 40),
      between(2, 8),
      CHECK_IN_ANSWERS[Math.floor(next() * CHECK_IN_ANSWERS.length)]!,
    ];
    const plan = await planContactFor(work.tx, {
      customerId: order.customer_id,
      purpose: FOLLOW_UP_CONTACT_PURPOSE[rule.purpose],
      requestedAt: planned.dueAt,
      channels: channelsFor(rule.purpose),
      requestedChannel: rule.channel,
      capExempt: isCapExempt(rule.purpose, null),
    });
    if (plan.kind === 'skip') continue;
    const slot = Date.parse(plan.at);
    const doneAt =
      plan.channel === 'phone' ? deskTime(slot + (pickupMinutes + busyMinutes) * MINUTE_MS, lateMinutes) + typingMinutes * MINUTE_MS : slot + sendSeconds * 1000;
    // What is not done by now is not history: the rule schedules what comes from now on.
    if (doneAt > now - MINUTE_MS) continue;
    checkedIn.set(order.customer_id, [...(checkedIn.get(order.customer_id) ?? []), { purpose: rule.purpose, at: plan.at }]);

    // Scheduled by the rule as the delivery was recorded.
    const createdAt = Date.parse(deliveredAt);
    const row: FollowUpRow = {
      id: newId('fup', createdAt),
      customer_id: order.customer_id,
      case_id: null,
      transaction_id: order.id,
      rule_id: rule.id,
      purpose: rule.purpose,
      status: 'sent',
      channel: plan.channel,
      due_at: planned.dueAt,
      scheduled_for: plan.at,
      assignee_id: null,
      note: null,
      attempts: 0,
      outcome: null,
      outcome_summary: null,
      skip_reason: null,
      failure_reason: null,
      linked_case_id: null,
      message_id: null,
      created_by: work.actor.id ?? work.actor.name,
      created_at: iso(createdAt),
      updated_at: iso(doneAt),
      done_at: null,
    };
    if (plan.channel === 'phone') {
      await insertAudited(work, 'follow_ups', { ...row, status: 'done', outcome: 'satisfied', outcome_summary: answer, done_at: iso(doneAt) });
      continue;
    }
    // The message as the due job queued it and the dispatcher recorded it sent, in the customer's language.
    const contact = await contactFactsOf(work.tx, order.customer_id);
    const text = await followUpText(work.tx, row, { name: contact.customer.name, language: contactLanguage(contact) }, plan.channel);
    const email = plan.channel === 'email';
    const id = newId('msg', slot);
    const message: OutboundMessageRow = {
      id,
      channel: plan.channel,
      purpose: rule.purpose,
      customer_id: order.customer_id,
      case_id: null,
      follow_up_id: row.id,
      webhook_endpoint_id: null,
      recipient: email ? contact.customer.email!.toLowerCase() : contact.customer.phone!,
      subject: email ? text.subject : null,
      body_text: text.body,
      body_html: null,
      headers_json: '{}',
      message_id: email ? `<${id}@${channelsConfigOf(work.store).mailDomain}>` : id,
      state: 'sent',
      attempts: 1,
      next_attempt_at: iso(slot),
      locked_by: null,
      locked_until: null,
      last_error: null,
      provider_ref: null,
      created_by: work.actor.id ?? work.actor.name,
      created_at: iso(slot),
      updated_at: iso(doneAt),
      sent_at: iso(doneAt),
    };
    await insertAudited(work, 'follow_ups', { ...row, message_id: message.message_id });
    await insertAudited(work, 'outbound_messages', message);
  }
}
