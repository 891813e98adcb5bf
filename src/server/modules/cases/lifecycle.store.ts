import type { CaseEvent, CaseTransition, InteractionMark, ProcedureSettings } from '../../../shared/index.js';
import { CASE_EVENT_LABELS, type CaseStatusName } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { CaseRow, CaseTransitionRow, InteractionRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { AppError, conflict, invalidField } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { resolutionsOfCase } from '../resolutions/resolution-view.js';
import { decideCaseEvent, failedAttemptsWhileAwaiting, type ProcedureFacts } from './complaint-procedure.js';
import { procedureSettings } from './procedure-settings.store.js';

export const transitionsOfCase = compiledOnce((db, caseId: string) =>
  db.selectFrom('case_transitions').selectAll().where('case_id', '=', caseId).orderBy('id'),
);
const interactionsForProcedure = compiledOnce((db, caseId: string) =>
  db.selectFrom('interactions').select(['direction', 'marks_json', 'logged_at']).where('case_id', '=', caseId),
);

export function toTransition(row: CaseTransitionRow): CaseTransition {
  return {
    id: row.id,
    caseId: row.case_id,
    event: row.event as CaseEvent,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    reason: row.reason,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    at: row.at,
  };
}

export function marksOf(row: Pick<InteractionRow, 'marks_json'>): InteractionMark[] {
  return JSON.parse(row.marks_json) as InteractionMark[];
}

/** The procedure's facts from rows already read; shared by the case view and the guard rails. */
export function procedureFacts(
  caseRow: CaseRow,
  interactions: readonly Pick<InteractionRow, 'direction' | 'marks_json' | 'logged_at'>[],
  resolutions: readonly { status: string }[],
  transitions: readonly Pick<CaseTransitionRow, 'to_status' | 'at'>[],
  settings: ProcedureSettings,
): ProcedureFacts {
  const status = caseRow.status as CaseStatusName;
  const entered = status === 'awaiting_customer' ? transitions.findLast((t) => t.to_status === 'awaiting_customer') : undefined;
  return {
    kind: caseRow.kind,
    status,
    concern: caseRow.concern,
    restatement: caseRow.restatement,
    restatementAt: caseRow.restatement_at,
    cause: caseRow.cause,
    rootCause: caseRow.root_cause,
    interactions: interactions.map((row) => ({ direction: row.direction, marks: marksOf(row), loggedAt: row.logged_at })),
    resolutions,
    // A case put in awaiting_customer before transitions were recorded has none: count from its
    // opening, since its last change moves with every contact logged and would forget earlier attempts.
    awaitingCustomerSince: status === 'awaiting_customer' ? (entered?.at ?? caseRow.opened_at) : null,
    unreachableAttempts: settings.unreachableAttempts,
  };
}

async function loadProcedureFacts(db: Queryable, caseRow: CaseRow): Promise<ProcedureFacts> {
  const [interactions, resolutions, transitions, settings] = await Promise.all([
    interactionsForProcedure(db, caseRow.id),
    resolutionsOfCase(db, caseRow.id),
    transitionsOfCase(db, caseRow.id),
    procedureSettings(db),
  ]);
  return procedureFacts(caseRow, interactions, resolutions, transitions, settings);
}

function defaultReason(event: CaseEvent, facts: ProcedureFacts): string {
  if (event === 'customer_unreachable') {
    return `Customer unreachable after ${failedAttemptsWhileAwaiting(facts)} documented attempts`;
  }
  return CASE_EVENT_LABELS[event];
}

/**
 * Moves a case on by one lifecycle event, if the lifecycle and the procedure's guard rails allow
 * it, and records the step with its actor and reason. Refusals change nothing.
 */
export async function applyCaseEvent(work: Work, caseRow: CaseRow, event: CaseEvent, reason?: string): Promise<CaseRow> {
  if (event === 'reopen' && !reason) throw invalidField('reason', 'is required to reopen a case: say what is still wrong');
  // Two requests may move one case at once (two approvers, a double click). Taking its row here, on
  // the condition that it is still in the status it was read in, lets only the first one through:
  // PostgreSQL would otherwise let the second overwrite the first.
  const taken = await work.tx
    .updateTable('cases')
    .set({ status: caseRow.status })
    .where('id', '=', caseRow.id)
    .where('status', '=', caseRow.status)
    .executeTakeFirst();
  if (taken.numUpdatedRows === 0n) throw conflict('case_changed', 'the case was changed by someone else meanwhile: reload it and try again');
  const facts = await loadProcedureFacts(work.tx, caseRow);
  const decision = decideCaseEvent(event, facts);
  if (!decision.ok) {
    const field = decision.field ?? 'event';
    throw new AppError(409, decision.code, decision.reason, [{ field, reason: decision.reason }]);
  }
  const at = nowInstant();
  const after = await updateAudited(work, 'cases', caseRow, { status: decision.to, updated_at: at });
  await insertAudited(work, 'case_transitions', {
    id: newId('trn'),
    case_id: caseRow.id,
    event,
    from_status: caseRow.status,
    to_status: decision.to,
    reason: reason ?? defaultReason(event, facts),
    actor_type: work.actor.type,
    actor_id: work.actor.id,
    actor_name: work.actor.name,
    at,
  });
  return after;
}
