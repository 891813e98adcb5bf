import type { ApprovalRequest, DecideResolution, ProposeResolution, RecordCustomerResponse, Resolution } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { CaseRow, ResolutionRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { caseRowOrThrow } from '../cases/cases.store.js';
import { applyCaseEvent } from '../cases/lifecycle.store.js';
import { policyVersionInEffect } from '../policies/policies.store.js';
import { authorityCovers, type Authority, type LimitRule } from './authority.js';
import { limitRules } from './authority-limits.store.js';
import { isLive, settleAmount } from './resolution-rules.js';
import { resolutionsOfCase, resolutionsWithPolicy, toResolution } from './resolution-view.js';

async function resolutionRowOrThrow(db: Queryable, id: string): Promise<ResolutionRow> {
  const row = await db.selectFrom('resolutions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('resolution', id);
  return row;
}

async function resolutionView(db: Queryable, id: string): Promise<Resolution> {
  return toResolution(await resolutionsWithPolicy(db).where('resolutions.id', '=', id).executeTakeFirstOrThrow());
}

/** The total of this type and currency on the case that `resolution` would bring it to. */
function totalOnCase(others: readonly ResolutionRow[], resolution: Pick<ResolutionRow, 'id' | 'type' | 'currency' | 'amount_minor'>): number | null {
  if (resolution.amount_minor === null) return null;
  const before = others
    .filter((r) => r.id !== resolution.id && r.type === resolution.type && r.currency === resolution.currency && isLive(r.status))
    .reduce((sum, r) => sum + Number(r.amount_minor ?? 0), 0);
  return before + Number(resolution.amount_minor);
}

function coverage(rules: readonly LimitRule[], who: Authority, others: readonly ResolutionRow[], resolution: ResolutionRow) {
  return authorityCovers(rules, who, { type: resolution.type, currency: resolution.currency, totalMinor: totalOnCase(others, resolution) });
}

async function orderOf(db: Queryable, caseRow: CaseRow) {
  if (!caseRow.transaction_id) return null;
  const order = await db.selectFrom('transactions').select(['total_minor', 'currency']).where('id', '=', caseRow.transaction_id).executeTakeFirstOrThrow();
  return { totalMinor: Number(order.total_minor), currency: order.currency };
}

/**
 * Proposes a resolution on a case under investigation. Within the proposer's authority and citing a
 * policy, it is offered to the customer at once; otherwise it waits for someone whose limit covers it.
 */
export async function proposeResolution(work: Work, who: Authority, caseId: string, input: ProposeResolution): Promise<Resolution> {
  const caseRow = await caseRowOrThrow(work.tx, caseId);
  const others = await resolutionsOfCase(work.tx, caseId);
  const refundedBefore = others
    .filter((r) => (r.type === 'refund_full' || r.type === 'refund_partial') && isLive(r.status))
    .reduce((sum, r) => sum + Number(r.amount_minor ?? 0), 0);
  const settled = settleAmount(input, await orderOf(work.tx, caseRow), refundedBefore);
  if (!settled.ok) throw invalidField(settled.problem.field, settled.problem.reason);
  const policy = input.policyId ? await policyVersionInEffect(work.tx, input.policyId, nowInstant()) : null;
  if (input.policyId && !policy) throw invalidField('policyId', `refers to no policy in effect (${input.policyId})`);

  const now = nowInstant();
  const row: ResolutionRow = {
    id: newId('res'),
    case_id: caseId,
    type: input.type,
    amount_minor: settled.amountMinor,
    currency: settled.currency,
    summary: input.summary,
    no_action_reason: input.noActionReason ?? null,
    policy_id: policy?.policy_id ?? null,
    policy_version: policy?.version ?? null,
    status: 'proposed',
    proposed_by_type: work.actor.type,
    proposed_by_id: work.actor.id,
    proposed_by_name: work.actor.name,
    approval: 'within_limit',
    approval_reason: null,
    decided_by_id: null,
    decided_by_name: null,
    decided_at: null,
    decision_reason: null,
    customer_response_at: null,
    customer_note: null,
    fulfilled_at: null,
    created_at: now,
    updated_at: now,
  };
  const covered = coverage(await limitRules(work.tx), who, others, row);
  const approvalReason = !policy ? 'no policy cited: a deviation from policy needs approval' : covered.covered ? null : covered.reason;
  if (approvalReason) Object.assign(row, { status: 'pending_approval', approval: 'required', approval_reason: approvalReason });
  // The lifecycle and the procedure's guard rails decide first; a refusal leaves no resolution behind.
  await applyCaseEvent(work, caseRow, approvalReason ? 'request_approval' : 'propose_resolution', approvalReason ?? `Proposed: ${input.summary}`);
  await insertAudited(work, 'resolutions', row);
  return resolutionView(work.tx, row.id);
}

/** An approver's decision on a resolution above its proposer's authority. */
export async function decideResolution(work: Work, who: Authority, id: string, input: DecideResolution): Promise<Resolution> {
  const row = await resolutionRowOrThrow(work.tx, id);
  if (row.status !== 'pending_approval') throw conflict('not_pending_approval', `the resolution is ${row.status.replaceAll('_', ' ')}, not pending approval`);
  if (row.proposed_by_id !== null && row.proposed_by_type === work.actor.type && row.proposed_by_id === work.actor.id) {
    throw forbidden('nobody decides on their own resolution: another approver must');
  }
  const covered = coverage(await limitRules(work.tx), who, await resolutionsOfCase(work.tx, row.case_id), row);
  if (!covered.covered) throw new AppError(403, 'beyond_authority', `your authority does not cover this resolution: ${covered.reason}`);
  if (input.decision === 'reject' && !input.reason) throw invalidField('reason', 'is required when rejecting a resolution');

  const approve = input.decision === 'approve';
  const caseRow = await caseRowOrThrow(work.tx, row.case_id);
  const reason = input.reason ?? null;
  await applyCaseEvent(work, caseRow, approve ? 'approve_resolution' : 'reject_resolution', reason ?? (approve ? 'Resolution approved' : undefined));
  const now = nowInstant();
  await updateAudited(work, 'resolutions', row, {
    status: approve ? 'approved' : 'rejected',
    decided_by_id: work.actor.id,
    decided_by_name: work.actor.name,
    decided_at: now,
    decision_reason: reason,
    updated_at: now,
  });
  return resolutionView(work.tx, id);
}

/** The customer's answer to an offered resolution: accepting it, or declining and saying why. */
export async function recordCustomerResponse(work: Work, id: string, input: RecordCustomerResponse): Promise<Resolution> {
  const row = await resolutionRowOrThrow(work.tx, id);
  if (row.status !== 'proposed' && row.status !== 'approved') {
    throw conflict('not_offered', `the resolution is ${row.status.replaceAll('_', ' ')}: only an offered resolution can be accepted or declined`);
  }
  const accepted = input.response === 'accepted';
  if (!accepted && !input.note) throw invalidField('note', 'is required when the customer declines: what did they say?');
  const caseRow = await caseRowOrThrow(work.tx, row.case_id);
  await applyCaseEvent(work, caseRow, accepted ? 'customer_accepted' : 'customer_declined', input.note ?? 'Customer accepted the resolution');
  const now = nowInstant();
  await updateAudited(work, 'resolutions', row, {
    status: accepted ? 'accepted' : 'declined',
    customer_response_at: now,
    customer_note: input.note ?? null,
    updated_at: now,
  });
  return resolutionView(work.tx, id);
}

/** Records that an accepted resolution was carried out (refund paid, replacement sent…). */
export async function fulfilResolution(work: Work, id: string): Promise<Resolution> {
  const row = await resolutionRowOrThrow(work.tx, id);
  if (row.status !== 'accepted') throw conflict('not_accepted', `the resolution is ${row.status.replaceAll('_', ' ')}: only an accepted resolution is carried out`);
  const now = nowInstant();
  await updateAudited(work, 'resolutions', row, { status: 'fulfilled', fulfilled_at: now, updated_at: now });
  // The case's page shows the resolution: touching the case tells every reader it changed.
  await work.tx.updateTable('cases').set({ updated_at: now }).where('id', '=', row.case_id).execute();
  return resolutionView(work.tx, id);
}

/** Resolutions waiting for approval, oldest first, each saying whether the caller may decide it. */
export async function approvalQueue(db: Queryable, who: Authority & { actorId: string | null }): Promise<ApprovalRequest[]> {
  const rows = await resolutionsWithPolicy(db)
    .innerJoin('cases', 'cases.id', 'resolutions.case_id')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select(['cases.number as case_number', 'cases.subject as case_subject', 'customers.name as customer_name'])
    .where('resolutions.status', '=', 'pending_approval')
    .orderBy('resolutions.id')
    .limit(500)
    .execute();
  const rules = await limitRules(db);
  // The other resolutions of every case in the queue, read at once rather than case by case.
  const caseIds = [...new Set(rows.map((row) => row.case_id))];
  const onCases = caseIds.length === 0 ? [] : await db.selectFrom('resolutions').selectAll().where('case_id', 'in', caseIds).execute();
  const byCase = new Map<string, ResolutionRow[]>();
  for (const resolution of onCases) byCase.set(resolution.case_id, [...(byCase.get(resolution.case_id) ?? []), resolution]);
  const items: ApprovalRequest[] = [];
  for (const row of rows) {
    const covered = coverage(rules, who, byCase.get(row.case_id) ?? [], row);
    const own = row.proposed_by_id !== null && row.proposed_by_id === who.actorId;
    const cannot = own ? 'you proposed it' : covered.covered ? null : covered.reason;
    items.push({
      ...toResolution(row),
      caseNumber: row.case_number,
      caseSubject: row.case_subject,
      customerName: row.customer_name,
      canDecide: cannot === null,
      cannotDecideBecause: cannot,
    });
  }
  return items;
}
