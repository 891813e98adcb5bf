import type { CaseKind, JourneyMap, JourneyMapQuery } from '../../../shared/index.js';
import type { Queryable } from '../../platform/db/database.js';
import { journeyTally, type JourneyFacts } from './journey-map.js';
import { batches, FOLLOW_UP_DONE, reportPeriod, rowsBy } from './loyalty.store.js';

const DEFAULT_PERIOD_MS = 90 * 86_400_000;

/**
 * The journey map over customers who bought in [from, to): finds each one's first purchase in the
 * period, then reads per batch of customers what happened to them from then on (their orders,
 * cases and when those were first resolved, follow-ups done, survey answers) and tallies it.
 */
export async function journeyMap(db: Queryable, query: JourneyMapQuery, nowMs = Date.now()): Promise<JourneyMap> {
  const { from, to } = reportPeriod(query, nowMs, DEFAULT_PERIOD_MS);
  const buyers = await db
    .selectFrom('transactions')
    .select((eb) => ['customer_id', eb.fn.min('purchased_at').as('firstAt')])
    .where('purchased_at', '>=', from)
    .where('purchased_at', '<', to)
    .where('status', '<>', 'cancelled')
    .groupBy('customer_id')
    .execute();

  const tally = journeyTally();
  for (const batch of batches(buyers)) {
    const customerIds = batch.map((buyer) => buyer.customer_id);
    const [orders, cases, followUps, answers] = await Promise.all([
      db
        .selectFrom('transactions')
        .select(['id', 'customer_id', 'purchased_at', 'delivered_at'])
        .where('customer_id', 'in', customerIds)
        .where('purchased_at', '>=', from)
        .where('status', '<>', 'cancelled')
        .execute(),
      db
        .selectFrom('cases')
        .select((eb) => [
          'cases.id',
          'cases.customer_id',
          'cases.kind',
          'cases.opened_at',
          'cases.root_cause',
          eb
            .selectFrom('case_transitions')
            .select((t) => t.fn.min('case_transitions.at').as('at'))
            .whereRef('case_transitions.case_id', '=', 'cases.id')
            .where('case_transitions.to_status', '=', 'resolved')
            .as('resolvedAt'),
        ])
        .where('cases.customer_id', 'in', customerIds)
        .where('cases.opened_at', '>=', from)
        .execute(),
      // A sent email or SMS has no done time of its own: its last change is when it went out or was answered.
      db
        .selectFrom('follow_ups')
        .select((eb) => ['customer_id', eb.fn.coalesce('done_at', 'updated_at').as('doneAt')])
        .where('customer_id', 'in', customerIds)
        .where('status', 'in', FOLLOW_UP_DONE)
        .where('created_at', '>=', from)
        .execute(),
      db
        .selectFrom('survey_invitations')
        .innerJoin('survey_responses', 'survey_responses.invitation_id', 'survey_invitations.id')
        .leftJoin('cases', 'cases.id', 'survey_responses.case_id')
        .select(['survey_invitations.customer_id', 'survey_responses.submitted_at', 'survey_responses.csat', 'survey_responses.nps', 'cases.kind', 'cases.root_cause'])
        .where('survey_invitations.customer_id', 'in', customerIds)
        .where('survey_invitations.created_at', '>=', from)
        .execute(),
    ]);

    const ordersBy = rowsBy(orders, (row) => row.customer_id);
    const casesBy = rowsBy(cases, (row) => row.customer_id);
    const followUpsBy = rowsBy(followUps, (row) => row.customer_id);
    const answersBy = rowsBy(answers, (row) => row.customer_id);
    for (const buyer of batch) {
      const firstAt = String(buyer.firstAt);
      const mine = ordersBy.get(buyer.customer_id) ?? [];
      const first = mine.filter((order) => order.purchased_at === firstAt).sort((a, b) => a.id.localeCompare(b.id))[0]!;
      const next = mine.filter((order) => order.purchased_at > firstAt).reduce<string | null>((min, order) => (min === null || order.purchased_at < min ? order.purchased_at : min), null);
      const at = (iso: string | null) => (iso === null ? null : Date.parse(iso));
      const facts: JourneyFacts = {
        purchasedAtMs: Date.parse(firstAt),
        deliveredAtMs: at(first.delivered_at),
        nextPurchaseAtMs: at(next),
        cases: (casesBy.get(buyer.customer_id) ?? [])
          .filter((row) => row.opened_at >= firstAt)
          .map((row) => ({ kind: row.kind as CaseKind, openedAtMs: Date.parse(row.opened_at), rootCause: row.root_cause, resolvedAtMs: row.resolvedAt == null ? null : Date.parse(String(row.resolvedAt)) })),
        followUpsDoneAtMs: (followUpsBy.get(buyer.customer_id) ?? []).map((row) => Date.parse(String(row.doneAt))).filter((ms) => ms >= Date.parse(firstAt)),
        answers: (answersBy.get(buyer.customer_id) ?? [])
          .filter((row) => row.submitted_at >= firstAt)
          .map((row) => ({
            submittedAtMs: Date.parse(row.submitted_at),
            csat: row.csat === null ? null : Number(row.csat),
            nps: row.nps === null ? null : Number(row.nps),
            kind: (row.kind as CaseKind | null) ?? null,
            rootCause: row.root_cause ?? null,
          })),
      };
      tally.add(facts);
    }
  }
  return { from, to, ...tally.result() };
}
