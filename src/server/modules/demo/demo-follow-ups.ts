import { SaveFollowUpRule, type FollowUpChannel, type FollowUpPurpose } from '../../../shared/index.js';
import { updateAudited } from '../../platform/db/audited-writes.js';
import type { Work } from '../../platform/db/work.js';
import { nowInstant } from '../../platform/ids.js';
import { cancelJob } from '../../platform/jobs/jobs.js';
import { createFollowUpRule } from '../follow-ups/follow-up-rules.store.js';
import { cancelFollowUp, createFollowUp, dueJobKey } from '../follow-ups/follow-ups.store.js';
// The due job, the send check and the rules' hook, for a process that never loads the routes.
import '../follow-ups/follow-up-dispatch.js';
import '../follow-ups/follow-up-triggers.js';

const DAY_MINUTES = 24 * 60;
const HOUR_MS = 60 * 60_000;

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
 * The demo's follow-ups: the default rules, then follow-ups for cases already written, in the
 * states a desk sees: confirmations and call tasks falling due now (the worker of `serve` makes
 * them due: messages queued, calls on agents' lists), satisfaction checks ahead, one withdrawn and
 * one whose send failed. Call it after the cases, in a unit of work of its own, so the rules
 * schedule only what happens from then on.
 */
export async function writeDemoFollowUps(work: Work): Promise<void> {
  const ruleIds = new Map<FollowUpPurpose, string>();
  for (const rule of DEFAULT_RULES) ruleIds.set(rule.purpose, (await createFollowUpRule(work, SaveFollowUpRule.parse(rule))).id);

  const cases = await work.tx
    .selectFrom('cases')
    .select(['id', 'customer_id', 'transaction_id', 'status', 'assignee_id', 'updated_at'])
    .where('status', 'in', ['awaiting_customer', 'resolved'])
    .orderBy('id')
    .execute();
  const awaiting = cases.filter((row) => row.status === 'awaiting_customer').slice(0, 12);
  const resolved = cases.filter((row) => row.status === 'resolved').slice(0, 8);
  const now = Date.now();

  const written: string[] = [];
  for (const [index, row] of awaiting.entries()) {
    // Every third by phone, so agents have call tasks; the rest by the customer's preference.
    const channel: FollowUpChannel | null = index % 3 === 0 ? 'phone' : null;
    const created = await createFollowUp(work, {
      customerId: row.customer_id,
      caseId: row.id,
      transactionId: row.transaction_id,
      ruleId: ruleIds.get('confirm_resolution') ?? null,
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
      ruleId: ruleIds.get('satisfaction_check') ?? null,
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
