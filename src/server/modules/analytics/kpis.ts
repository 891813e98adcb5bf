import type { KpiName, KpiPart, KpiUnit, KpiValue, SlaClock } from '../../../shared/index.js';
import { clockInPeriod, quantile, weekOf, type SlaReportPeriod } from '../sla/sla-report.js';

/**
 * The KPIs of the dashboard as plain functions of the facts a store reads, one definition each
 * (DESIGN.md, "Measures"). Every fact carries the instant it counts at, so the same facts give the
 * figures of a whole period or of each week in it. A KPI with nothing to count is null, never 0.
 */

export interface KpiDefinition {
  name: KpiName;
  label: string;
  unit: KpiUnit;
  definition: string;
}

const ONE_HOUR_MS = 3_600_000;
const SEVEN_DAYS_MS = 7 * 86_400_000;

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
      'Share of cases first resolved in the period that were resolved with one inbound customer contact and one handling contact (a reply by a person), ' +
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

/** A survey answer: any of its three scores may be missing. */
export interface SurveyAnswerFact {
  submittedAt: string;
  csat: number | null;
  nps: number | null;
  ces: number | null;
}

/** A case that entered resolved at least once, with what FCR and the reopen rate look at. */
export interface ResolvedCaseFact {
  firstResolvedAt: string;
  /** Instants of its reopen events. */
  reopenedAt: readonly string[];
  /** Messages or calls from the customer. */
  inboundContacts: number;
  /** Replies to the customer by a person that reached them. */
  handlingContacts: number;
  /** When the same customer next opened a case on the same order, if ever. */
  nextCaseOpenedAt: string | null;
}

export interface FollowUpFact {
  dueAt: string;
  status: string;
  /** When it was done: the call recorded, or its message sent. */
  doneAt: string | null;
  /** The skip reason's code, for skipped ones. */
  skipReason: string | null;
}

export interface LoggedInteractionFact {
  occurredAt: string;
  loggedAt: string;
}

export interface KpiFacts {
  answers: readonly SurveyAnswerFact[];
  resolvedCases: readonly ResolvedCaseFact[];
  /** The SLA clocks each case keeps (derived by the SLA module). */
  slaClocks: readonly (readonly SlaClock[])[];
  complaintsOpenedAt: readonly string[];
  ordersPlacedAt: readonly string[];
  followUps: readonly FollowUpFact[];
  loggedInteractions: readonly LoggedInteractionFact[];
}

const DONE_STATUSES = new Set(['sent', 'done', 'answered']);
const WAITING_STATUSES = new Set(['scheduled', 'due']);

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
const share = (numerator: number, denominator: number, parts: KpiPart[] = []): KpiValue => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
  parts,
});
const percentile = (values: number[], p: number): KpiValue => {
  values.sort((a, b) => a - b);
  return { value: round2(quantile(values, p)), numerator: null, denominator: values.length, parts: [] };
};

/** Every KPI over [fromMs, toMs); `nowMs` decides which running SLA clocks have breached and which follow-ups are still within their hour. */
export function computeKpis(facts: KpiFacts, period: SlaReportPeriod): Record<KpiName, KpiValue> {
  const inPeriod = (at: string) => {
    const ms = Date.parse(at);
    return ms >= period.fromMs && ms < period.toMs;
  };

  const answers = facts.answers.filter((answer) => inPeriod(answer.submittedAt));
  const csat = answers.flatMap((a) => (a.csat === null ? [] : [a.csat]));
  const nps = answers.flatMap((a) => (a.nps === null ? [] : [a.nps]));
  const ces = answers.flatMap((a) => (a.ces === null ? [] : [a.ces]));
  const promoters = nps.filter((score) => score >= 9).length;
  const detractors = nps.filter((score) => score <= 6).length;

  const cohort = facts.resolvedCases.filter((item) => inPeriod(item.firstResolvedAt));
  const reopened = (item: ResolvedCaseFact) => item.reopenedAt.some((at) => at > item.firstResolvedAt);
  const repeated = (item: ResolvedCaseFact) => {
    if (item.nextCaseOpenedAt === null) return false;
    const gap = Date.parse(item.nextCaseOpenedAt) - Date.parse(item.firstResolvedAt);
    return gap >= 0 && gap <= SEVEN_DAYS_MS;
  };
  const firstContact = cohort.filter((item) => item.inboundContacts === 1 && item.handlingContacts === 1 && !reopened(item) && !repeated(item));

  let met = 0;
  let breached = 0;
  const firstResponseMinutes: number[] = [];
  const resolutionMinutes: number[] = [];
  for (const clocks of facts.slaClocks) {
    for (const clock of clocks) {
      const { outcome, minutes } = clockInPeriod(clock, period);
      if (outcome?.kind === 'met') met++;
      else if (outcome?.kind === 'breached') breached++;
      if (minutes && clock.target === 'first_response') firstResponseMinutes.push(minutes.value);
      if (minutes && clock.target === 'resolution') resolutionMinutes.push(minutes.value);
    }
  }

  const complaints = facts.complaintsOpenedAt.filter(inPeriod).length;
  const orders = facts.ordersPlacedAt.filter(inPeriod).length;

  const due = facts.followUps.filter((f) => inPeriod(f.dueAt) && f.status !== 'cancelled');
  const skipped = new Map<string, number>();
  let onTime = 0;
  let counted = 0;
  for (const followUp of due) {
    const graceEndMs = Date.parse(followUp.dueAt) + ONE_HOUR_MS;
    if (followUp.status === 'skipped') {
      const reason = followUp.skipReason ?? 'unknown';
      skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
      continue;
    }
    if (WAITING_STATUSES.has(followUp.status) && period.nowMs <= graceEndMs) continue;
    counted++;
    if (DONE_STATUSES.has(followUp.status) && followUp.doneAt !== null && Date.parse(followUp.doneAt) <= graceEndMs) onTime++;
  }
  const skippedParts = [...skipped.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .map(([key, count]) => ({ key, label: key.replaceAll('_', ' '), count }));

  const lags = facts.loggedInteractions.filter((i) => inPeriod(i.occurredAt)).map((i) => (Date.parse(i.loggedAt) - Date.parse(i.occurredAt)) / 60_000);

  return {
    csat: share(csat.filter((score) => score >= 4).length, csat.length),
    nps: {
      value: nps.length === 0 ? null : round2(((promoters - detractors) / nps.length) * 100),
      numerator: promoters - detractors,
      denominator: nps.length,
      parts: [
        { key: 'promoters', label: 'promoters', count: promoters },
        { key: 'passives', label: 'passives', count: nps.length - promoters - detractors },
        { key: 'detractors', label: 'detractors', count: detractors },
      ],
    },
    ces: { value: ces.length === 0 ? null : round2(ces.reduce((sum, score) => sum + score, 0) / ces.length), numerator: null, denominator: ces.length, parts: [] },
    first_contact_resolution: share(firstContact.length, cohort.length),
    reopen_rate: share(cohort.filter(reopened).length, cohort.length),
    sla_compliance: share(met, met + breached, [
      { key: 'met', label: 'met', count: met },
      { key: 'breached', label: 'breached', count: breached },
    ]),
    first_response_median: percentile([...firstResponseMinutes], 0.5),
    first_response_p90: percentile([...firstResponseMinutes], 0.9),
    resolution_median: percentile([...resolutionMinutes], 0.5),
    resolution_p90: percentile([...resolutionMinutes], 0.9),
    complaints_per_1000_orders: { value: orders === 0 ? null : round2((complaints / orders) * 1000), numerator: complaints, denominator: orders, parts: [] },
    follow_up_on_time: share(onTime, counted, skippedParts.length ? [{ key: 'skipped', label: 'skipped', count: due.filter((f) => f.status === 'skipped').length }, ...skippedParts] : []),
    logging_lag_median: percentile([...lags], 0.5),
    logging_lag_p90: percentile([...lags], 0.9),
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
