import type { KpiName, KpiPart, KpiUnit, KpiValue } from '../../../shared/index.js';
import { weekOf } from '../sla/sla-report.js';

/**
 * The KPIs of the dashboard, one definition each (DESIGN.md, "Measures"), as plain functions of
 * the counts and percentiles the store adds up from the KPI facts of a period (kpi-facts.ts).
 */

export interface KpiDefinition {
  name: KpiName;
  label: string;
  unit: KpiUnit;
  definition: string;
}

export const KPI_DEFINITIONS: Record<KpiName, KpiDefinition> = {
  csat: {
    name: 'csat',
    label: 'CSAT',
    unit: 'share',
    definition: 'Share of CSAT answers scoring 4 or 5 on the 1–5 scale, among the answers submitted in the period.',
  },
  nps: {
    name: 'nps',
    label: 'NPS',
    unit: 'nps',
    definition: 'Percentage of promoters (9–10) minus percentage of detractors (0–6) among the NPS answers submitted in the period; −100 to 100.',
  },
  ces: {
    name: 'ces',
    label: 'CES',
    unit: 'mean_1_7',
    definition: 'Mean customer effort answer on the 1–7 scale (7 = very easy), among the answers submitted in the period.',
  },
  first_contact_resolution: {
    name: 'first_contact_resolution',
    label: 'First contact resolution',
    unit: 'share',
    definition:
      'Share of cases first resolved in the period that were resolved with one inbound customer contact (their confirmation that it is resolved aside) and one handling contact (a reply by a person) up to their first resolution, ' +
      'were not reopened and were not followed by a new case from the same customer on the same order within 7 days.',
  },
  reopen_rate: {
    name: 'reopen_rate',
    label: 'Reopen rate',
    unit: 'share',
    definition: 'Share of cases first resolved in the period that were reopened at least once since.',
  },
  sla_compliance: {
    name: 'sla_compliance',
    label: 'SLA compliance',
    unit: 'share',
    definition: 'Share of SLA targets (first response, next response, resolution) met among those met or breached in the period: met when stopped in time, breached at their due time.',
  },
  first_response_median: {
    name: 'first_response_median',
    label: 'First response time (median)',
    unit: 'business_minutes',
    definition:
      'Median time from a case opening to the first reply to the customer by a person (internal notes and automatic acknowledgements do not count), ' +
      'in business hours of the case’s SLA calendar, among first responses made in the period.',
  },
  first_response_p90: {
    name: 'first_response_p90',
    label: 'First response time (p90)',
    unit: 'business_minutes',
    definition: '90th percentile of the first response time (as for the median), among first responses made in the period.',
  },
  resolution_median: {
    name: 'resolution_median',
    label: 'Resolution time (median)',
    unit: 'business_minutes',
    definition:
      'Median time from a case opening to the last time it entered resolved, in business hours of the case’s SLA calendar, excluding time paused ' +
      'while awaiting the customer, among cases resolved in the period.',
  },
  resolution_p90: {
    name: 'resolution_p90',
    label: 'Resolution time (p90)',
    unit: 'business_minutes',
    definition: '90th percentile of the resolution time (as for the median), among cases resolved in the period.',
  },
  complaints_per_1000_orders: {
    name: 'complaints_per_1000_orders',
    label: 'Complaints per 1,000 orders',
    unit: 'per_1000',
    definition: 'Complaint cases opened in the period ÷ orders placed in the period × 1,000. Orders are not filtered by team, agent or channel.',
  },
  follow_up_on_time: {
    name: 'follow_up_on_time',
    label: 'Follow-ups on time',
    unit: 'share',
    definition:
      'Share of follow-ups due in the period that were done (sent, or the call made) no later than one hour after their due time. ' +
      'Skipped ones are reported separately with their reasons; cancelled ones, and ones still within their hour, are not counted.',
  },
  logging_lag_median: {
    name: 'logging_lag_median',
    label: 'Logging lag (median)',
    unit: 'minutes',
    definition: 'Median time between an interaction happening and being logged (logged − occurred), for interactions entered by people that happened in the period.',
  },
  logging_lag_p90: {
    name: 'logging_lag_p90',
    label: 'Logging lag (p90)',
    unit: 'minutes',
    definition: '90th percentile of the logging lag (as for the median), for interactions entered by people that happened in the period.',
  },
};

/** What the KPIs of one period and filter are computed from: counts, and the percentiles of each duration. */
export interface KpiAggregates {
  answers: { csat: number; csatGood: number; nps: number; promoters: number; detractors: number; ces: number; cesSum: number };
  resolvedCases: { total: number; firstContact: number; reopened: number };
  sla: { met: number; breached: number };
  firstResponseMinutes: Percentiles;
  resolutionMinutes: Percentiles;
  loggingLagMinutes: Percentiles;
  complaints: number;
  orders: number;
  /** Follow-ups counted (done, or past their hour), on time among them, and skipped ones by reason code. */
  followUps: { counted: number; onTime: number; skipped: ReadonlyMap<string, number> };
}

/** How many values a duration has, and its median and 90th percentile (null for none). */
export interface Percentiles {
  n: number;
  p50: number | null;
  p90: number | null;
}

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
const share = (numerator: number, denominator: number, parts: KpiPart[] = []): KpiValue => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
  parts,
});
const percentile = (values: Percentiles, p: 'p50' | 'p90'): KpiValue => ({ value: round2(values[p]), numerator: null, denominator: values.n, parts: [] });

/** Every KPI from the aggregates of a period. A KPI with nothing to count is null, never 0. */
export function kpiValues(facts: KpiAggregates): Record<KpiName, KpiValue> {
  const { answers, resolvedCases, sla, followUps } = facts;
  const skipped = [...followUps.skipped.entries()].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1));
  const skippedTotal = skipped.reduce((sum, [, count]) => sum + count, 0);
  return {
    csat: share(answers.csatGood, answers.csat),
    nps: {
      value: answers.nps === 0 ? null : round2(((answers.promoters - answers.detractors) / answers.nps) * 100),
      numerator: answers.promoters - answers.detractors,
      denominator: answers.nps,
      parts: [
        { key: 'promoters', label: 'promoters', count: answers.promoters },
        { key: 'passives', label: 'passives', count: answers.nps - answers.promoters - answers.detractors },
        { key: 'detractors', label: 'detractors', count: answers.detractors },
      ],
    },
    ces: { value: answers.ces === 0 ? null : round2(answers.cesSum / answers.ces), numerator: null, denominator: answers.ces, parts: [] },
    first_contact_resolution: share(resolvedCases.firstContact, resolvedCases.total),
    reopen_rate: share(resolvedCases.reopened, resolvedCases.total),
    sla_compliance: share(sla.met, sla.met + sla.breached, [
      { key: 'met', label: 'met', count: sla.met },
      { key: 'breached', label: 'breached', count: sla.breached },
    ]),
    first_response_median: percentile(facts.firstResponseMinutes, 'p50'),
    first_response_p90: percentile(facts.firstResponseMinutes, 'p90'),
    resolution_median: percentile(facts.resolutionMinutes, 'p50'),
    resolution_p90: percentile(facts.resolutionMinutes, 'p90'),
    complaints_per_1000_orders: { value: facts.orders === 0 ? null : round2((facts.complaints / facts.orders) * 1000), numerator: facts.complaints, denominator: facts.orders, parts: [] },
    follow_up_on_time: share(
      followUps.onTime,
      followUps.counted,
      skipped.length ? [{ key: 'skipped', label: 'skipped', count: skippedTotal }, ...skipped.map(([key, count]) => ({ key, label: key.replaceAll('_', ' '), count }))] : [],
    ),
    logging_lag_median: percentile(facts.loggingLagMinutes, 'p50'),
    logging_lag_p90: percentile(facts.loggingLagMinutes, 'p90'),
  };
}

/** The counts behind a value, in words for the tile and the CSV. */
export function describeCounts(name: KpiName, value: KpiValue): string {
  const n = value.denominator;
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  switch (name) {
    case 'csat':
      return `${value.numerator} of ${plural(n, 'answer', 'answers')} scored 4–5`;
    case 'nps': {
      const [promoters, passives, detractors] = value.parts.map((part) => part.count);
      return `${plural(n, 'answer', 'answers')}: ${promoters} promoters, ${passives} passives, ${detractors} detractors`;
    }
    case 'ces':
      return plural(n, 'answer', 'answers');
    case 'first_contact_resolution':
      return `${value.numerator} of ${plural(n, 'resolved case', 'resolved cases')}`;
    case 'reopen_rate':
      return `${value.numerator} of ${plural(n, 'resolved case', 'resolved cases')} reopened`;
    case 'sla_compliance':
      return `${value.numerator} of ${plural(n, 'target', 'targets')} met`;
    case 'first_response_median':
    case 'first_response_p90':
      return plural(n, 'first response', 'first responses');
    case 'resolution_median':
    case 'resolution_p90':
      return plural(n, 'resolution', 'resolutions');
    case 'complaints_per_1000_orders':
      return `${plural(value.numerator ?? 0, 'complaint', 'complaints')}, ${plural(n, 'order', 'orders')}`;
    case 'follow_up_on_time': {
      const skipped = value.parts.find((part) => part.key === 'skipped')?.count ?? 0;
      return `${value.numerator} of ${plural(n, 'follow-up', 'follow-ups')} on time${skipped ? `; ${skipped} skipped` : ''}`;
    }
    case 'logging_lag_median':
    case 'logging_lag_p90':
      return plural(n, 'interaction', 'interactions');
  }
}

const DAY_MS = 86_400_000;

/** Buckets of [fromMs, toMs): UTC weeks from Monday or UTC calendar months, the first and last clipped to the period. */
export function periodBuckets(fromMs: number, toMs: number, interval: 'week' | 'month'): { fromMs: number; toMs: number }[] {
  const buckets: { fromMs: number; toMs: number }[] = [];
  let start = fromMs;
  while (start < toMs) {
    let next: number;
    if (interval === 'week') {
      next = Date.parse(weekOf(start)) + 7 * DAY_MS;
    } else {
      const date = new Date(start);
      next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    }
    buckets.push({ fromMs: start, toMs: Math.min(next, toMs) });
    start = next;
  }
  return buckets;
}
