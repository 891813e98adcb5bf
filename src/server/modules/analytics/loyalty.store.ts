import type { LoyaltyQuery, LoyaltyReport } from '../../../shared/index.js';
import type { Queryable } from '../../platform/db/database.js';
import { invalidField } from '../../platform/http/errors.js';
import { lastClosedPerCustomer, repeatPurchaseFigures, type ClosedCaseFacts } from './loyalty.js';

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_MS = 180 * DAY_MS;
/** Cases (or customers) looked up per query: keeps each `in (…)` list well under the engines' parameter limits. */
export const LOOKUP_BATCH = 500;
/** Follow-up statuses that mean the customer was contacted. */
export const FOLLOW_UP_DONE = ['done', 'sent', 'answered'] as const;

/** The period [from, to) of a report, with `to` defaulting to now and `from` to `defaultMs` before it. */
export function reportPeriod(query: { from?: string; to?: string }, nowMs: number, defaultMs: number) {
  const toMs = query.to ? Date.parse(query.to) : nowMs;
  const fromMs = query.from ? Date.parse(query.from) : toMs - defaultMs;
  if (fromMs >= toMs) throw invalidField('from', `must be before to (${new Date(toMs).toISOString()})`);
  return { fromMs, toMs, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

/** Rows grouped by a key, in their order. */
export function rowsBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string | null, T[]> {
  const grouped = new Map<string | null, T[]>();
  for (const row of rows) {
    const list = grouped.get(key(row));
    if (list) list.push(row);
    else grouped.set(key(row), [row]);
  }
  return grouped;
}

/** The row with the greatest instant (ISO text sorts as time); null for none. */
function latest<T>(rows: readonly T[], at: (row: T) => string): T | null {
  return rows.reduce<T | null>((last, row) => (last === null || at(row) > at(last) ? row : last), null);
}

export function* batches<T>(items: readonly T[], size = LOOKUP_BATCH): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/**
 * The loyalty report over cases closed in [from, to): reads the closings (the last entry into
 * `closed` of cases still closed), keeps each customer's last one, then looks up per batch what
 * the pure rules need: follow-ups, how the case was resolved, its CSAT and the next purchase.
 */
export async function loyaltyReport(db: Queryable, query: LoyaltyQuery, nowMs = Date.now()): Promise<LoyaltyReport> {
  const { from, to } = reportPeriod(query, nowMs, DEFAULT_PERIOD_MS);

  let closings = db
    .selectFrom('case_transitions')
    .innerJoin('cases', 'cases.id', 'case_transitions.case_id')
    .select((eb) => ['cases.id as caseId', 'cases.customer_id as customerId', eb.fn.max('case_transitions.at').as('closedAt')])
    .where('case_transitions.to_status', '=', 'closed')
    .where('case_transitions.at', '>=', from)
    .where('cases.status', '=', 'closed')
    .groupBy(['cases.id', 'cases.customer_id'])
    // A case closed in the period and again after it was last closed after it.
    .having((eb) => eb.fn.max('case_transitions.at'), '<', to);
  if (query.team) closings = closings.where('cases.team_id', '=', query.team);
  if (query.channel) closings = closings.where('cases.channel', '=', query.channel);
  if (query.kind) closings = closings.where('cases.kind', '=', query.kind);
  const closed = lastClosedPerCustomer(
    (await closings.execute()).map((row) => ({ caseId: row.caseId, customerId: row.customerId, closedAt: String(row.closedAt), closedAtMs: Date.parse(String(row.closedAt)) })),
  );

  const facts: ClosedCaseFacts[] = [];
  for (const batch of batches(closed)) {
    const caseIds = batch.map((c) => c.caseId);
    const customerIds = batch.map((c) => c.customerId);
    const earliestClosing = batch.reduce((min, c) => (c.closedAt < min ? c.closedAt : min), batch[0]!.closedAt);
    const [followUps, resolutions, confirmations, answers, purchases] = await Promise.all([
      db.selectFrom('follow_ups').select('case_id').where('case_id', 'in', caseIds).where('status', 'in', FOLLOW_UP_DONE).execute(),
      db.selectFrom('case_transitions').select(['case_id', 'event', 'at']).where('case_id', 'in', caseIds).where('to_status', '=', 'resolved').execute(),
      db
        .selectFrom('interactions')
        .select('case_id')
        .where('case_id', 'in', caseIds)
        .where('direction', '=', 'inbound')
        .where('marks_json', 'like', '%"resolution_confirmed"%')
        .execute(),
      db.selectFrom('survey_responses').select(['case_id', 'csat', 'submitted_at']).where('case_id', 'in', caseIds).where('csat', 'is not', null).execute(),
      db
        .selectFrom('transactions')
        .select(['customer_id', 'purchased_at'])
        .where('customer_id', 'in', customerIds)
        .where('purchased_at', '>', earliestClosing)
        .where('status', '<>', 'cancelled')
        .execute(),
    ]);
    const followedUp = new Set(followUps.map((row) => row.case_id));
    const confirmedByContact = new Set(confirmations.map((row) => row.case_id));
    const resolvedByCase = rowsBy(resolutions, (row) => row.case_id);
    const answersByCase = rowsBy(answers, (row) => row.case_id);
    const purchasesByCustomer = rowsBy(purchases, (row) => row.customer_id);
    for (const closing of batch) {
      const lastResolved = latest((resolvedByCase.get(closing.caseId) ?? []).filter((row) => row.at <= closing.closedAt), (row) => row.at);
      const latestAnswer = latest(answersByCase.get(closing.caseId) ?? [], (row) => row.submitted_at);
      const after = (purchasesByCustomer.get(closing.customerId) ?? []).filter((row) => row.purchased_at > closing.closedAt);
      const next = after.reduce<string | null>((first, row) => (first === null || row.purchased_at < first ? row.purchased_at : first), null);
      facts.push({
        caseId: closing.caseId,
        customerId: closing.customerId,
        closedAtMs: closing.closedAtMs,
        followedUp: followedUp.has(closing.caseId),
        resolutionConfirmed: lastResolved?.event === 'customer_confirmed' || confirmedByContact.has(closing.caseId),
        csat: latestAnswer === null ? null : Number(latestAnswer.csat),
        nextPurchaseAtMs: next === null ? null : Date.parse(next),
      });
    }
  }
  return { from, to, customers: facts.length, windows: repeatPurchaseFigures(facts, nowMs) };
}
