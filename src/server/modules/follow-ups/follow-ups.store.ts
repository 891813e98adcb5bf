import type { ContactPlan, FollowUp, FollowUpChannel, FollowUpCounts, FollowUpListQuery, FollowUpPlan, FollowUpPurpose, Page, ScheduleFollowUp } from '../../../shared/index.js';
import { CASE_EVENT_LABELS, FOLLOW_UP_CONTACT_PURPOSE } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { CaseRow, FollowUpRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { cancelJob, scheduleJob } from '../../platform/jobs/jobs.js';
import { caseRowOrThrow } from '../cases/cases.store.js';
import { planContactFor } from '../contact/contact.store.js';
import { channelsFor, isCapExempt, purposeFitsCase } from './follow-up-rules.js';

export const DUE_JOB = 'follow-up.due';
export const dueJobKey = (followUpId: string) => `follow-up:${followUpId}`;

/** Waiting for its slot, or its slot came and the contact is on its way (a message queued, a call task open). */
export const PENDING_STATUSES = ['scheduled', 'due'] as const;

/** Why a follow-up did not (or will not) happen: a code for reports and labels, and the same in words. */
export interface StopReason {
  status: 'skipped' | 'cancelled';
  code: string;
  detail: string;
}

// One column keeps both: the code first, so it can be grouped on, then the words.
const encodeReason = (reason: Pick<StopReason, 'code' | 'detail'>) => `${reason.code}: ${reason.detail}`;
export function decodeReason(stored: string | null): { code: string | null; detail: string | null } {
  if (stored === null) return { code: null, detail: null };
  const at = stored.indexOf(': ');
  return at < 0 ? { code: stored, detail: null } : { code: stored.slice(0, at), detail: stored.slice(at + 2) };
}

function withNames(db: Queryable) {
  return db
    .selectFrom('follow_ups')
    .innerJoin('customers', 'customers.id', 'follow_ups.customer_id')
    .leftJoin('cases', 'cases.id', 'follow_ups.case_id')
    .leftJoin('cases as linked', 'linked.id', 'follow_ups.linked_case_id')
    .leftJoin('users', 'users.id', 'follow_ups.assignee_id')
    .selectAll('follow_ups')
    .select([
      'customers.name as customer_name',
      'cases.number as case_number',
      'cases.subject as case_subject',
      'linked.number as linked_case_number',
      'users.name as assignee_name',
    ]);
}

type NamedRow = FollowUpRow & {
  customer_name: string;
  case_number: string | null;
  case_subject: string | null;
  linked_case_number: string | null;
  assignee_name: string | null;
};

function toFollowUp(row: NamedRow): FollowUp {
  const stopped = decodeReason(row.skip_reason);
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    caseId: row.case_id,
    caseNumber: row.case_number,
    caseSubject: row.case_subject,
    transactionId: row.transaction_id,
    ruleId: row.rule_id,
    purpose: row.purpose as FollowUp['purpose'],
    status: row.status as FollowUp['status'],
    channel: row.channel as FollowUp['channel'],
    dueAt: row.due_at,
    scheduledFor: row.scheduled_for,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    note: row.note,
    attempts: Number(row.attempts),
    outcome: row.outcome as FollowUp['outcome'],
    outcomeSummary: row.outcome_summary,
    skipReason: stopped.code,
    skipDetail: stopped.detail,
    failureReason: row.failure_reason,
    linkedCaseId: row.linked_case_id,
    linkedCaseNumber: row.linked_case_number,
    messageId: row.message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
  };
}

export async function followUpRowOrThrow(db: Queryable, id: string): Promise<FollowUpRow> {
  const row = await db.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('follow-up', id);
  return row;
}

export async function getFollowUp(db: Queryable, id: string): Promise<FollowUp> {
  const row = await withNames(db).where('follow_ups.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('follow-up', id);
  return toFollowUp(row);
}

/** What a follow-up is planned from: who, why, from when, on which channel, and where its case stands. */
export interface PlanRequest {
  customerId: string;
  purpose: FollowUpPurpose;
  requestedAt: string;
  channel: FollowUpChannel | null;
  caseStatus: string | null;
  /** Skip rather than move it past this instant. */
  latestAt?: string;
  excludeFollowUpId?: string;
}

/** The customer's preferences decide the channel and slot; a time already past is planned from now. */
export function planFollowUp(db: Queryable, request: PlanRequest): Promise<ContactPlan> {
  const now = nowInstant();
  return planContactFor(db, {
    customerId: request.customerId,
    purpose: FOLLOW_UP_CONTACT_PURPOSE[request.purpose],
    requestedAt: Date.parse(request.requestedAt) > Date.parse(now) ? new Date(request.requestedAt).toISOString() : now,
    channels: channelsFor(request.purpose),
    requestedChannel: request.channel,
    capExempt: isCapExempt(request.purpose, request.caseStatus),
    latestAt: request.latestAt,
    excludeFollowUpId: request.excludeFollowUpId,
  });
}

export interface NewFollowUp {
  customerId: string;
  caseId: string | null;
  transactionId: string | null;
  ruleId: string | null;
  purpose: FollowUpPurpose;
  dueAt: string;
  channel: FollowUpChannel | null;
  assigneeId: string | null;
  note: string | null;
  caseStatus: string | null;
  latestAt?: string;
}

/**
 * Writes a follow-up planned by the customer's preferences: scheduled for its slot with the
 * durable job that makes it due then, or skipped with the reason, so a refusal is on record too.
 */
export async function createFollowUp(work: Work, input: NewFollowUp): Promise<FollowUpRow> {
  const plan = await planFollowUp(work.tx, { ...input, requestedAt: input.dueAt });
  const now = nowInstant();
  const row: FollowUpRow = {
    id: newId('fup'),
    customer_id: input.customerId,
    case_id: input.caseId,
    transaction_id: input.transactionId,
    rule_id: input.ruleId,
    purpose: input.purpose,
    status: plan.kind === 'send' ? 'scheduled' : 'skipped',
    channel: plan.kind === 'send' ? plan.channel : input.channel,
    due_at: new Date(input.dueAt).toISOString(),
    scheduled_for: plan.kind === 'send' ? plan.at : null,
    assignee_id: input.assigneeId,
    note: input.note,
    attempts: 0,
    outcome: null,
    outcome_summary: null,
    skip_reason: plan.kind === 'skip' ? encodeReason({ code: plan.reason, detail: plan.detail }) : null,
    failure_reason: null,
    linked_case_id: null,
    message_id: null,
    created_by: work.actor.id ?? work.actor.name,
    created_at: now,
    updated_at: now,
    done_at: null,
  };
  await insertAudited(work, 'follow_ups', row);
  if (plan.kind === 'send') await scheduleJob(work.tx, { kind: DUE_JOB, key: dueJobKey(row.id), runAt: plan.at, payload: { followUpId: row.id } });
  return row;
}

/** Moves a follow-up to a new slot (and channel): it stays scheduled, its job moves with it. */
export async function rescheduleFollowUp(work: Work, before: FollowUpRow, plan: Extract<ContactPlan, { kind: 'send' }>, patch: Partial<FollowUpRow> = {}): Promise<FollowUpRow> {
  const after = await updateAudited(work, 'follow_ups', before, { ...patch, status: 'scheduled', channel: plan.channel, scheduled_for: plan.at, updated_at: nowInstant() });
  await scheduleJob(work.tx, { kind: DUE_JOB, key: dueJobKey(before.id), runAt: plan.at, payload: { followUpId: before.id } });
  return after;
}

/** Ends a follow-up that will not happen, with its reason; its job, if still pending, is withdrawn. */
export async function stopFollowUp(work: Work, before: FollowUpRow, reason: StopReason, patch: Partial<FollowUpRow> = {}): Promise<FollowUpRow> {
  const after = await updateAudited(work, 'follow_ups', before, { ...patch, status: reason.status, skip_reason: encodeReason(reason), updated_at: nowInstant() });
  await cancelJob(work.tx, dueJobKey(before.id));
  return after;
}

/** The status words used when a case moves out from under a follow-up. */
const STATUS_WORDS: Record<string, string> = {
  awaiting_customer: 'waiting for the customer',
  resolved: 'resolved',
  closed: 'closed',
  investigating: 'under investigation again',
};

/** Why a follow-up no longer fits its case, or null if it still does. */
export function caseMovedOn(purpose: FollowUpPurpose, caseStatus: string | null): StopReason | null {
  if (purposeFitsCase(purpose, caseStatus)) return null;
  return { status: 'cancelled', code: 'case_moved_on', detail: `the case is now ${STATUS_WORDS[caseStatus!] ?? caseStatus!.replaceAll('_', ' ')}` };
}

async function checkAssignee(db: Queryable, assigneeId: string): Promise<void> {
  const user = await db.selectFrom('users').select(['active', 'role']).where('id', '=', assigneeId).executeTakeFirst();
  if (!user) throw invalidField('assigneeId', `refers to no user (${assigneeId})`);
  if (!user.active) throw invalidField('assigneeId', 'is a deactivated user');
  if (user.role === 'auditor') throw invalidField('assigneeId', 'is an auditor, who cannot make calls');
}

/** Checks what an agent asks for against the case, before any plan is made. */
async function checkScheduleRequest(db: Queryable, caseRow: CaseRow, input: ScheduleFollowUp): Promise<void> {
  if (!purposeFitsCase(input.purpose, caseRow.status)) {
    const fits = input.purpose === 'confirm_resolution' ? CASE_EVENT_LABELS.await_customer.toLowerCase() : 'resolve it';
    throw invalidField('purpose', `does not fit a case that is ${STATUS_WORDS[caseRow.status] ?? caseRow.status.replaceAll('_', ' ')}: ${fits} first`);
  }
  if (input.channel !== null && !channelsFor(input.purpose).includes(input.channel)) {
    throw invalidField('channel', `cannot carry a ${input.purpose.replaceAll('_', ' ')}; use ${channelsFor(input.purpose).join(' or ')}`);
  }
  if (input.assigneeId) await checkAssignee(db, input.assigneeId);
}

/** What scheduling would do, without writing anything. */
export async function previewFollowUp(db: Queryable, caseId: string, input: ScheduleFollowUp): Promise<FollowUpPlan> {
  const caseRow = await caseRowOrThrow(db, caseId);
  await checkScheduleRequest(db, caseRow, input);
  const plan = await planFollowUp(db, { customerId: caseRow.customer_id, purpose: input.purpose, requestedAt: input.dueAt, channel: input.channel, caseStatus: caseRow.status });
  if (plan.kind === 'skip') return plan;
  const customer = await db.selectFrom('customers').select('timezone').where('id', '=', caseRow.customer_id).executeTakeFirstOrThrow();
  return { ...plan, timezone: customer.timezone };
}

export async function scheduleFollowUp(work: Work, caseId: string, input: ScheduleFollowUp): Promise<FollowUp> {
  const caseRow = await caseRowOrThrow(work.tx, caseId);
  await checkScheduleRequest(work.tx, caseRow, input);
  const row = await createFollowUp(work, {
    customerId: caseRow.customer_id,
    caseId,
    transactionId: caseRow.transaction_id,
    ruleId: null,
    purpose: input.purpose,
    dueAt: input.dueAt,
    channel: input.channel,
    assigneeId: input.assigneeId ?? null,
    note: input.note ?? null,
    caseStatus: caseRow.status,
  });
  return getFollowUp(work.tx, row.id);
}

const caseStatusOf = async (db: Queryable, caseId: string | null) =>
  caseId ? ((await db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirst())?.status ?? null) : null;

export async function cancelFollowUp(work: Work, id: string, reason: string): Promise<FollowUp> {
  const before = await followUpRowOrThrow(work.tx, id);
  if (!['scheduled', 'due', 'failed'].includes(before.status)) throw conflict('follow_up_closed', `the follow-up is ${before.status}: there is nothing left to cancel`, 'status');
  // A message already queued is stopped by the send check, which sees the follow-up cancelled.
  await stopFollowUp(work, before, { status: 'cancelled', code: 'cancelled_by_agent', detail: reason });
  return getFollowUp(work.tx, id);
}

/**
 * A failed send tried again: planned anew from now, and a fresh message queued when it falls due.
 * The failed message stays failed, and a message that is not the follow-up's latest is refused at
 * send time, so the customer gets it once.
 */
export async function retryFollowUp(work: Work, id: string): Promise<FollowUp> {
  const before = await followUpRowOrThrow(work.tx, id);
  if (before.status !== 'failed') throw conflict('follow_up_not_failed', `only a failed follow-up is tried again; this one is ${before.status}`, 'status');
  const caseStatus = await caseStatusOf(work.tx, before.case_id);
  const movedOn = caseMovedOn(before.purpose as FollowUpPurpose, caseStatus);
  if (movedOn) throw conflict('case_moved_on', `the follow-up no longer fits: ${movedOn.detail}`, 'caseId');
  const plan = await planFollowUp(work.tx, {
    customerId: before.customer_id,
    purpose: before.purpose as FollowUpPurpose,
    requestedAt: nowInstant(),
    channel: before.channel as FollowUpChannel | null,
    caseStatus,
    excludeFollowUpId: id,
  });
  if (plan.kind === 'skip') await stopFollowUp(work, before, { status: 'skipped', code: plan.reason, detail: plan.detail }, { failure_reason: null });
  else await rescheduleFollowUp(work, before, plan, { failure_reason: null });
  return getFollowUp(work.tx, id);
}

const endOfUtcDay = () => {
  const end = new Date();
  end.setUTCHours(23, 59, 59, 999);
  return end.toISOString();
};

/** Views ordered by slot, soonest first; the cursor carries the slot and the id. */
export async function listFollowUps(db: Queryable, query: FollowUpListQuery, userId: string | null): Promise<Page<FollowUp>> {
  let select = withNames(db).limit(query.limit + 1);
  if (query.view === 'due_today') select = select.where('follow_ups.status', 'in', [...PENDING_STATUSES]).where('follow_ups.scheduled_for', '<=', query.dayEnd ?? endOfUtcDay());
  else if (query.view === 'calls') select = select.where('follow_ups.status', '=', 'due').where('follow_ups.channel', '=', 'phone');
  else if (query.view === 'failed') select = select.where('follow_ups.status', '=', 'failed');
  else if (query.view === 'scheduled') select = select.where('follow_ups.status', '=', 'scheduled');
  if (query.assignee) select = select.where('follow_ups.assignee_id', '=', query.assignee === 'me' ? (userId ?? '') : query.assignee);
  if (query.caseId) select = select.where('follow_ups.case_id', '=', query.caseId);
  if (query.customerId) select = select.where('follow_ups.customer_id', '=', query.customerId);
  const bySlot = query.view !== undefined;
  if (bySlot) {
    select = select.orderBy('follow_ups.scheduled_for').orderBy('follow_ups.id');
    if (query.cursor) {
      const [slot, id] = query.cursor.split('|');
      if (!slot || !id) throw invalidField('cursor', 'is not a cursor this list gave out');
      select = select.where((eb) => eb.or([eb('follow_ups.scheduled_for', '>', slot), eb.and([eb('follow_ups.scheduled_for', '=', slot), eb('follow_ups.id', '>', id)])]));
    }
  } else {
    select = select.orderBy('follow_ups.id', 'desc');
    if (query.cursor) select = select.where('follow_ups.id', '<', query.cursor);
  }
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toFollowUp);
  const last = items.at(-1);
  const nextCursor = rows.length > query.limit && last ? (bySlot ? `${last.scheduledFor}|${last.id}` : last.id) : null;
  return { items, nextCursor };
}

export async function countFollowUps(db: Queryable, userId: string | null, dayEnd = endOfUtcDay()): Promise<FollowUpCounts> {
  const row = await db
    .selectFrom('follow_ups')
    .select((eb) => [
      eb.fn.count<number>(eb.case().when(eb.and([eb('status', 'in', [...PENDING_STATUSES]), eb('scheduled_for', '<=', dayEnd)])).then(1).end()).as('due_today'),
      eb.fn.count<number>(eb.case().when(eb.and([eb('status', '=', 'due'), eb('channel', '=', 'phone'), eb('assignee_id', '=', userId ?? '')])).then(1).end()).as('my_calls'),
      eb.fn.count<number>(eb.case().when(eb.and([eb('status', '=', 'due'), eb('channel', '=', 'phone')])).then(1).end()).as('calls'),
      eb.fn.count<number>(eb.case().when('status', '=', 'failed').then(1).end()).as('failed'),
    ])
    .where('status', 'in', [...PENDING_STATUSES, 'failed'])
    .executeTakeFirstOrThrow();
  return { dueToday: Number(row.due_today), myCalls: Number(row.my_calls), calls: Number(row.calls), failed: Number(row.failed) };
}
