import type { CaseSummary } from '../../../shared/index.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Queryable } from '../../platform/db/database.js';
import { summaries, toSummary } from '../cases/cases.store.js';

/**
 * The at-risk queue's query: open cases whose next SLA target is due by `horizon` (overdue ones
 * included), soonest first. Walks the index cases_sla_due (sla_due_at, id) in order and stops at
 * `limit`. Exported as a builder so the benchmark can run the very same SQL without Kysely.
 */
export function atRiskQuery(db: Queryable, horizon: string, limit: number) {
  return summaries(db)
    .where('cases.sla_due_at', 'is not', null)
    .where('cases.sla_due_at', '<=', horizon)
    .orderBy('cases.sla_due_at')
    .orderBy('cases.id')
    .limit(limit);
}

const atRiskRows = compiledOnce(atRiskQuery);

/** The at-risk queue as GET /api/sla/at-risk answers it: cases due by `horizon` (ISO instant), soonest first. */
export async function atRiskCases(db: Queryable, horizon: string, limit: number): Promise<CaseSummary[]> {
  return (await atRiskRows(db, horizon, limit)).map(toSummary);
}
