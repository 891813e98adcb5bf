import type { CaseStatusName, FollowUp, FollowUpChannel, FollowUpPurpose, FollowUpStatus, InteractionMark, RecordOutcome } from '../../../shared/index.js';
import { updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { CaseRow, FollowUpRow, InteractionRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { AppError } from '../../platform/http/errors.js';
import { nowInstant } from '../../platform/ids.js';
import { caseRowOrThrow, openCase, recordInteraction } from '../cases/cases.store.js';
import { applyCaseEvent, marksOf } from '../cases/lifecycle.store.js';
import { procedureSettings } from '../cases/procedure-settings.store.js';
import { CALL_RETRY_MINUTES, decideOutcome } from './follow-up-rules.js';
import { followUpRowOrThrow, getFollowUp, planFollowUp, rescheduleFollowUp, stopFollowUp } from './follow-ups.store.js';

/**
 * The customer's written reply to the follow-up: the latest inbound contact on its channel logged
 * on the case since the message went out. It is their own words, so an outcome marks it rather
 * than logging the answer a second time.
 */
async function replyToFollowUp(db: Queryable, row: FollowUpRow): Promise<InteractionRow | undefined> {
  if (!row.case_id || !row.message_id) return undefined;
  const message = await db.selectFrom('outbound_messages').select(['sent_at', 'created_at']).where('message_id', '=', row.message_id).executeTakeFirst();
  const since = message?.sent_at ?? message?.created_at ?? row.updated_at;
  return db
    .selectFrom('interactions')
    .selectAll()
    .where('case_id', '=', row.case_id)
    .where('direction', '=', 'inbound')
    .where('channel', '=', row.channel!)
    .where('logged_at', '>=', since)
    .orderBy('logged_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

const CONFIRMED_REASON = 'The customer confirmed it is resolved, answering the follow-up';

/**
 * Records what came of a follow-up, through the complaint procedure's own rules: the contact is
 * logged (or the reply marked), then the case event is applied with its guard rails, so a
 * follow-up can resolve a case only as an agent logging the same contact could.
 */
export async function recordOutcome(work: Work, id: string, input: RecordOutcome): Promise<FollowUp> {
  const row = await followUpRowOrThrow(work.tx, id);
  if (row.channel === null) throw new AppError(409, 'follow_up_not_open', `the follow-up is ${row.status}`, [{ field: 'outcome', reason: `the follow-up is ${row.status}` }]);
  const channel = row.channel as FollowUpChannel;
  let caseRow: CaseRow | null = row.case_id ? await caseRowOrThrow(work.tx, row.case_id) : null;
  const reply = row.status === 'answered' ? await replyToFollowUp(work.tx, row) : undefined;
  const settings = await procedureSettings(work.tx);
  const decision = decideOutcome({
    outcome: input.outcome,
    summary: input.summary ?? null,
    followUp: { purpose: row.purpose as FollowUpPurpose, channel, status: row.status as FollowUpStatus, attempts: Number(row.attempts) },
    caseStatus: (caseRow?.status ?? null) as CaseStatusName | null,
    replyOnCase: reply !== undefined,
    unreachableAttempts: settings.unreachableAttempts,
  });
  if (!decision.ok) {
    throw new AppError(decision.status, decision.status === 400 ? 'invalid_request' : 'follow_up_not_open', `${decision.field} ${decision.reason}`, [{ field: decision.field, reason: decision.reason }]);
  }
  const summary = input.summary?.trim() || null;
  const occurredAt = input.occurredAt ?? nowInstant();

  if (caseRow && decision.contact.kind === 'log') {
    const { direction, marks, body } = decision.contact.contact;
    await recordInteraction(work, caseRow.id, { channel, direction, body, occurredAt, marks });
  } else if (reply && decision.contact.kind === 'mark_reply') {
    const marks: InteractionMark[] = [...new Set([...marksOf(reply), ...decision.contact.marks])];
    await updateAudited(work, 'interactions', reply, { marks_json: JSON.stringify(marks) });
  }

  let linkedCaseId: string | null = null;
  if (decision.linkedCaseSubject) {
    const linked = await openCase(work, {
      customerId: row.customer_id,
      kind: 'query',
      subject: decision.linkedCaseSubject,
      channel,
      transactionId: row.transaction_id ?? caseRow?.transaction_id ?? undefined,
      priority: 'normal',
      teamId: caseRow?.team_id ?? undefined,
      assigneeId: work.actor.type === 'user' ? (work.actor.id ?? undefined) : (caseRow?.assignee_id ?? undefined),
      interaction: { channel, direction: 'inbound', body: summary!, occurredAt, marks: [] },
    });
    linkedCaseId = linked.id;
  }

  if (caseRow && decision.caseEvent) {
    caseRow = await caseRowOrThrow(work.tx, caseRow.id);
    await applyCaseEvent(work, caseRow, decision.caseEvent, decision.caseEvent === 'customer_confirmed' ? CONFIRMED_REASON : undefined);
  }

  const now = nowInstant();
  const patch: Partial<FollowUpRow> = {
    outcome: decision.followUp.outcome,
    outcome_summary: summary ?? row.outcome_summary,
    attempts: decision.followUp.attempts,
    linked_case_id: linkedCaseId ?? row.linked_case_id,
  };
  if (!decision.retry) {
    await updateAudited(work, 'follow_ups', row, { ...patch, status: 'done', done_at: now, updated_at: now });
    return getFollowUp(work.tx, id);
  }
  // Nobody answered and attempts are left: the next call at the next slot the customer allows.
  const plan = await planFollowUp(work.tx, {
    customerId: row.customer_id,
    purpose: row.purpose as FollowUpPurpose,
    requestedAt: new Date(Date.now() + CALL_RETRY_MINUTES * 60_000).toISOString(),
    channel,
    caseStatus: caseRow?.status ?? null,
    excludeFollowUpId: id,
  });
  if (plan.kind === 'skip') await stopFollowUp(work, row, { status: 'skipped', code: plan.reason, detail: plan.detail }, patch);
  else await rescheduleFollowUp(work, row, plan, patch);
  return getFollowUp(work.tx, id);
}
