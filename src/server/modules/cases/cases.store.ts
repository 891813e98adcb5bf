import { sql } from 'kysely';
import type {
  Case,
  CaseCounts,
  CaseDetail,
  CaseListQuery,
  CaseStatus,
  CaseSummary,
  CreateCase,
  CreateInteraction,
  Interaction,
  CaseSla,
  Page,
  ProcedureSettings,
  RootCause,
  UpdateCase,
  UpdateProcedure,
} from '../../../shared/index.js';
import { CASE_STATUSES } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Engine, Queryable } from '../../platform/db/database.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import { containsIgnoringCase } from '../../platform/db/engine.js';
import type { CaseRow, CaseTransitionRow, InteractionRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { AppError, conflict, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { resolutionsOfCase, toResolution, type ResolutionWithPolicy } from '../resolutions/resolution-view.js';
import { caseActions, failedAttemptsWhileAwaiting, laterChecklist } from './complaint-procedure.js';
import { marksProblem, occurredAtProblem } from './interaction-rules.js';
import { applyCaseEvent, marksOf, procedureFacts, toTransition, transitionsOfCase } from './lifecycle.store.js';
import { keptProcedureSettings, procedureSettings } from './procedure-settings.store.js';
import { slaRules } from '../sla/sla-rules.store.js';

export function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    transactionId: row.transaction_id,
    kind: row.kind as Case['kind'],
    subject: row.subject,
    priority: row.priority as Case['priority'],
    channel: row.channel as Case['channel'],
    status: row.status as CaseStatus,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    requestingTeamId: row.requesting_team_id,
    sla: row.sla_json === null ? null : (JSON.parse(row.sla_json) as CaseSla),
    openedAt: row.opened_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    caseId: row.case_id,
    customerId: row.customer_id,
    channel: row.channel as Interaction['channel'],
    direction: row.direction as Interaction['direction'],
    authorType: row.author_type as Interaction['authorType'],
    authorId: row.author_id,
    authorName: row.author_name,
      body: row.body,
    marks: marksOf(row),
    occurredAt: row.occurred_at,
    loggedAt: row.logged_at,
  };
}

export async function caseRowOrThrow(db: Queryable, id: string): Promise<CaseRow> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('case', id);
  return row;
}

export function summaries(db: Queryable) {
  return db
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .leftJoin('users', 'users.id', 'cases.assignee_id')
    .leftJoin('teams', 'teams.id', 'cases.team_id')
    .selectAll('cases')
    .select(['customers.name as customer_name', 'users.name as assignee_name', 'teams.name as team_name']);
}

export type SummaryRow = CaseRow & { customer_name: string; assignee_name: string | null; team_name: string | null };

export function toSummary(row: SummaryRow): CaseSummary {
  return { ...toCase(row), customerName: row.customer_name, assigneeName: row.assignee_name, teamName: row.team_name };
}

export async function listCases(db: Queryable, engine: Engine, query: CaseListQuery): Promise<Page<CaseSummary>> {
  let select = summaries(db).orderBy('cases.id', 'desc').limit(query.limit + 1);
  if (query.cursor) select = select.where('cases.id', '<', query.cursor);
  if (query.open !== undefined) select = select.where('cases.status', query.open ? '<>' : '=', 'closed');
  if (query.status) select = select.where('cases.status', '=', query.status);
  if (query.kind) select = select.where('cases.kind', '=', query.kind);
  if (query.priority) select = select.where('cases.priority', '=', query.priority);
  if (query.teamId) select = select.where('cases.team_id', '=', query.teamId);
  if (query.customerId) select = select.where('cases.customer_id', '=', query.customerId);
  if (query.transactionId) select = select.where('cases.transaction_id', '=', query.transactionId);
  if (query.assigneeId === 'none') select = select.where('cases.assignee_id', 'is', null);
  else if (query.assigneeId) select = select.where('cases.assignee_id', '=', query.assigneeId);
  if (query.q) {
    const q = query.q;
    select = select.where((eb) =>
      eb.or([eb('cases.number', '=', q.toUpperCase()), containsIgnoringCase(engine, eb.ref('cases.subject'), q)]),
    );
  }
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toSummary);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

export async function countCases(db: Queryable, userId: string | null): Promise<CaseCounts> {
  const rows = await db
    .selectFrom('cases')
    .select((eb) => [
      'status',
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>(eb.case().when('assignee_id', 'is', null).then(1).end()).as('unassigned'),
      eb.fn.count<number>(eb.case().when('assignee_id', '=', userId ?? '').then(1).end()).as('mine'),
    ])
    .groupBy('status')
    .execute();
  const byStatus = Object.fromEntries(CASE_STATUSES.map((status) => [status, 0])) as Record<CaseStatus, number>;
  const counts: CaseCounts = { open: 0, mine: 0, unassigned: 0, byStatus };
  for (const row of rows) {
    byStatus[row.status as CaseStatus] = Number(row.total);
    if (row.status === 'closed') continue;
    counts.open += Number(row.total);
    counts.mine += Number(row.mine);
    counts.unassigned += Number(row.unassigned);
  }
  return counts;
}

const caseSummaryById = compiledOnce((db, id: string) => summaries(db).where('cases.id', '=', id));
/** A case's interactions in the order they happened. */
export const interactionsOfCase = compiledOnce((db, caseId: string) =>
  db.selectFrom('interactions').selectAll().where('case_id', '=', caseId).orderBy('occurred_at').orderBy('logged_at'),
);

export async function getCaseDetail(db: Queryable, id: string): Promise<CaseDetail> {
  const [row] = await caseSummaryById(db, id);
  if (!row) throw notFound('case', id);
  const [interactions, transitions, resolutions, settings] = await Promise.all([
    interactionsOfCase(db, id),
    transitionsOfCase(db, id),
    resolutionsOfCase(db, id),
    procedureSettings(db),
  ]);
  return detailOf(toSummary(row), row, interactions, transitions, resolutions, settings);
}

/** A case with everything its page shows: timeline, lifecycle, resolutions and the procedure. */
function detailOf(
  summary: CaseSummary,
  row: CaseRow,
  interactions: InteractionRow[],
  transitions: CaseTransitionRow[],
  resolutions: ResolutionWithPolicy[],
  settings: ProcedureSettings,
): CaseDetail {
  const facts = procedureFacts(row, interactions, resolutions, transitions, settings);
  return {
    ...summary,
    interactions: interactions.map(toInteraction),
    procedure: {
      required: row.kind === 'complaint',
      concern: row.concern,
      restatement: row.restatement,
      restatementAt: row.restatement_at,
      cause: row.cause,
      rootCause: row.root_cause as RootCause | null,
      steps: laterChecklist(facts),
      failedAttempts: failedAttemptsWhileAwaiting(facts),
      unreachableAttempts: settings.unreachableAttempts,
    },
    transitions: transitions.map(toTransition),
    resolutions: resolutions.map(toResolution),
    actions: caseActions(facts),
  };
}

/** Checks that every id the case refers to exists and fits together. */
async function checkReferences(
  db: Queryable,
  customerId: string,
  refs: { transactionId?: string | null; teamId?: string | null; assigneeId?: string | null; requestingTeamId?: string | null },
): Promise<void> {
  if (refs.transactionId) {
    const [txn] = await customerOfTransaction(db, refs.transactionId);
    if (!txn) throw invalidField('transactionId', `refers to no transaction (${refs.transactionId})`);
    if (txn.customer_id !== customerId) throw invalidField('transactionId', 'belongs to another customer');
  }
  for (const field of ['teamId', 'requestingTeamId'] as const) {
    const teamId = refs[field];
    if (!teamId) continue;
    const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    if (!team) throw invalidField(field, `refers to no team (${teamId})`);
  }
  if (refs.assigneeId) {
    const user = await db.selectFrom('users').select(['active', 'role']).where('id', '=', refs.assigneeId).executeTakeFirst();
    if (!user) throw invalidField('assigneeId', `refers to no user (${refs.assigneeId})`);
    if (!user.active) throw invalidField('assigneeId', 'is a deactivated user');
    if (user.role === 'auditor') throw invalidField('assigneeId', 'is an auditor, who cannot work cases');
  }
}

const slaOfCase = compiledOnce((db, id: string) => db.selectFrom('cases').select(['sla_policy_id', 'sla_json', 'sla_due_at']).where('id', '=', id));

/**
 * The SLA clocks are derived when the unit of work settles: settles it now and returns `row` with
 * them, for a caller that answers with the case. Reads back only where there can be clocks: a desk
 * without SLA policies has none to show.
 */
async function withSettledSla(work: Work, row: CaseRow): Promise<CaseRow> {
  await work.settle();
  if ((await slaRules(work)).policies.length === 0) return row;
  const [derived] = await slaOfCase(work.tx, row.id);
  return { ...row, ...derived };
}

const customerOfTransaction = compiledOnce((db, id: string) => db.selectFrom('transactions').select('customer_id').where('id', '=', id));
const customerName = compiledOnce((db, id: string) => db.selectFrom('customers').select('name').where('id', '=', id));
const takeCaseNumbers = compiledOnce((db, count: number) =>
  db.updateTable('counters').set({ value: sql`value + ${count}` }).where('name', '=', 'case_number').returning('value'),
);

/** Takes `count` consecutive case numbers (`C-1042`…) from the shared counter, first one first. */
export async function reserveCaseNumbers(work: Work, count: number): Promise<string[]> {
  const [counter] = await takeCaseNumbers(work.tx, count);
  const first = Number(counter!.value) - count + 1;
  return Array.from({ length: count }, (_, i) => `C-${first + i}`);
}

async function insertInteraction(
  work: Work,
  caseRow: Pick<CaseRow, 'id' | 'customer_id'>,
  input: CreateInteraction,
  loggedAt = nowInstant(),
): Promise<InteractionRow> {
  const occurredAt = input.occurredAt ? new Date(input.occurredAt).toISOString() : loggedAt;
  const problem = occurredAtProblem(occurredAt, loggedAt);
  if (problem) throw invalidField('occurredAt', problem);
  const marks = [...new Set(input.marks ?? [])];
  const marksInvalid = marksProblem(input.direction, marks);
  if (marksInvalid) throw invalidField('marks', marksInvalid);
  const row: InteractionRow = {
    id: newId('int'),
    case_id: caseRow.id,
    customer_id: caseRow.customer_id,
    channel: input.channel,
    direction: input.direction,
    author_type: work.actor.type,
    author_id: work.actor.id,
    author_name: work.actor.name,
    body: input.body,
    occurred_at: occurredAt,
    logged_at: loggedAt,
    marks_json: JSON.stringify(marks),
  };
  await insertAudited(work, 'interactions', row);
  return row;
}

export async function openCase(work: Work, input: CreateCase): Promise<CaseDetail> {
  const [customer] = await customerName(work.tx, input.customerId);
  if (!customer) throw invalidField('customerId', `refers to no customer (${input.customerId})`);
  await checkReferences(work.tx, input.customerId, input);
  const now = nowInstant();
  const firstContactProblem = input.interaction?.occurredAt && occurredAtProblem(input.interaction.occurredAt, now);
  if (firstContactProblem) throw invalidField('interaction.occurredAt', firstContactProblem);
  const row: CaseRow = {
    id: newId('case'),
    number: (await reserveCaseNumbers(work, 1))[0]!,
    customer_id: input.customerId,
    transaction_id: input.transactionId ?? null,
    kind: input.kind,
    subject: input.subject,
    priority: input.priority,
    channel: input.channel,
    status: 'new',
    team_id: input.teamId ?? null,
    assignee_id: input.assigneeId ?? null,
    opened_at: input.interaction?.occurredAt ? new Date(input.interaction.occurredAt).toISOString() : now,
    created_at: now,
    updated_at: now,
    concern: null,
    restatement: null,
    restatement_at: null,
    cause: null,
    root_cause: null,
    requesting_team_id: input.requestingTeamId ?? null,
    sla_policy_id: null,
    sla_json: null,
    sla_due_at: null,
  };
  await insertAudited(work, 'cases', row);
  const interactions = input.interaction ? [await insertInteraction(work, row, input.interaction, now)] : [];
  const opened = await withSettledSla(work, row);
  const [names, settings] = await Promise.all([namesOf(work.tx, row), keptProcedureSettings(work)]);
  return detailOf({ ...toCase(opened), customerName: customer.name, ...names }, opened, interactions, [], [], settings);
}

async function namesOf(db: Queryable, row: Pick<CaseRow, 'team_id' | 'assignee_id'>) {
  const [team, assignee] = await Promise.all([
    row.team_id ? db.selectFrom('teams').select('name').where('id', '=', row.team_id).executeTakeFirst() : undefined,
    row.assignee_id ? db.selectFrom('users').select('name').where('id', '=', row.assignee_id).executeTakeFirst() : undefined,
  ]);
  return { teamName: team?.name ?? null, assigneeName: assignee?.name ?? null };
}

export async function updateCase(work: Work, id: string, change: UpdateCase): Promise<Case> {
  const before = await caseRowOrThrow(work.tx, id);
  await checkReferences(work.tx, before.customer_id, change);
  const after = await updateAudited(work, 'cases', before, {
    subject: change.subject,
    priority: change.priority,
    team_id: change.teamId,
    assignee_id: change.assigneeId,
    transaction_id: change.transactionId,
    requesting_team_id: change.requestingTeamId,
    updated_at: nowInstant(),
  });
  if (after === before) return toCase(before);
  // Answer with the SLA clocks the change re-derives (a new priority may bring another policy).
  return toCase(await withSettledSla(work, after));
}

export async function recordInteraction(work: Work, caseId: string, input: CreateInteraction): Promise<Interaction> {
  const caseRow = await caseRowOrThrow(work.tx, caseId);
  const interaction = await insertInteraction(work, caseRow, input);
  // The first reply a person sends is the acknowledgement the customer sees; a call that reached
  // nobody is not one.
  const reachedCustomer = !marksOf(interaction).includes('failed_attempt');
  if (caseRow.status === 'new' && input.direction === 'outbound' && work.actor.type === 'user' && reachedCustomer) {
    try {
      await applyCaseEvent(work, caseRow, 'acknowledge', 'First reply to the customer');
      return toInteraction(interaction);
    } catch (error) {
      // Someone else's reply acknowledged it a moment ago: this contact is still logged.
      if (!(error instanceof AppError && error.code === 'case_changed')) throw error;
    }
  }
  await work.tx.updateTable('cases').set({ updated_at: interaction.logged_at }).where('id', '=', caseId).execute();
  return toInteraction(interaction);
}

/** Records the concern, the restatement, the cause or the root cause of a case. */
export async function updateProcedure(work: Work, caseId: string, change: UpdateProcedure): Promise<CaseDetail> {
  const before = await caseRowOrThrow(work.tx, caseId);
  if (before.status === 'closed') throw conflict('case_closed', 'the case is closed: reopen it to change its procedure');
  const now = nowInstant();
  const restated = change.restatement !== undefined && change.restatement !== before.restatement;
  await updateAudited(work, 'cases', before, {
    concern: change.concern,
    restatement: change.restatement,
    // A new restatement has to be confirmed again: confirmations logged before it no longer count.
    restatement_at: restated ? now : undefined,
    cause: change.cause,
    root_cause: change.rootCause,
    updated_at: now,
  });
  await work.settle();
  return getCaseDetail(work.tx, caseId);
}

/** Ids of everything recorded on a case, whose audit events make up the case's history. */
export async function recordIdsOf(db: Queryable, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('interactions')
    .select('id')
    .where('case_id', '=', caseId)
    .unionAll(db.selectFrom('case_transitions').select('id').where('case_id', '=', caseId))
    .unionAll(db.selectFrom('resolutions').select('id').where('case_id', '=', caseId))
    .unionAll(db.selectFrom('sla_events').select('id').where('case_id', '=', caseId))
    .execute();
  return rows.map((row) => row.id);
}
