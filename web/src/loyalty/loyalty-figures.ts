import type { EChartsCoreOption } from 'echarts/core';
import { LOYALTY_SPLITS, type JourneyCluster, type JourneyMap, type JourneyStage, type LoyaltyGroupFigures, type LoyaltySplit, type LoyaltyWindowFigures, type RootCause } from '../../../src/shared/index.js';
import { ROOT_CAUSE_LABELS } from '../cases/procedure-labels.js';
import type { CsvCell } from '../reports/csv.js';
import type { ChartData } from '../ui/chart.js';
import { KIND_LABELS } from '../ui/labels.js';

export const SPLIT_TITLES: Record<LoyaltySplit, string> = {
  follow_up: 'Followed up or not',
  confirmation: 'Resolution confirmed or not',
  csat: 'CSAT band',
};

export const GROUP_LABELS: Record<string, string> = {
  all: 'All customers',
  followed_up: 'Followed up',
  not_followed_up: 'Not followed up',
  confirmed: 'Resolution confirmed',
  not_confirmed: 'Not confirmed (unreachable)',
  csat_4_5: 'CSAT 4–5',
  csat_3: 'CSAT 3',
  csat_1_2: 'CSAT 1–2',
  csat_none: 'No CSAT answer',
};

/** The definitions shown beside the figures (DESIGN.md, Measures), in the words of the API. */
export const LOYALTY_DEFINITIONS = {
  rate: 'Repeat purchase rate (N days): share of customers whose case was closed in the period who placed an order (not cancelled) within N days of closing. Closed: the last time the case entered “closed”, for cases still closed; a customer with several counts once, by the last.',
  stillOpen: 'Still open: customers whose N days have not passed yet are left out of that N.',
  interval: '95 % confidence interval: Wilson score interval of the rate.',
  median: 'Median days to next purchase: among the customers who bought again within N days.',
  follow_up: 'Followed up: a follow-up on the case was done, sent or answered.',
  confirmation: 'Resolution confirmed: the case was resolved by the customer’s confirmation, or an inbound contact marked “resolution confirmed” was logged; otherwise it was resolved as unreachable.',
  csat: 'CSAT band: the latest CSAT answer (1–5) about the case.',
} as const;

export const STAGE_LABELS: Record<JourneyStage, string> = {
  purchase: 'Purchase',
  delivery: 'Delivery',
  first_contact: 'First contact',
  complaint: 'Complaint',
  resolution: 'Resolution',
  follow_up: 'Follow-up',
  survey: 'Survey',
  next_purchase: 'Next purchase',
};

export const JOURNEY_DEFINITIONS = {
  stages:
    'Customers with an order (not cancelled) placed in the period, from their first such order: delivery of that order, a case opened, a complaint opened, a case resolved, a follow-up done, sent or answered, a survey answered, another order.',
  dropOff: 'Drop-off: customers who reached the previous stage but not this one.',
  clusters: 'Complaints and low scores (CSAT 1–2, NPS 0–6), placed at the last stage the customer had reached before them, with the kind and root cause of their case.',
} as const;

export const formatShare = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);
export const formatDays = (days: number | null) => (days === null ? '–' : `${days.toFixed(days < 10 ? 1 : 0)} d`);
export const formatInterval = (figures: LoyaltyGroupFigures) =>
  figures.interval === null ? '–' : `${(figures.interval.low * 100).toFixed(1)}–${(figures.interval.high * 100).toFixed(1)} %`;

const rounded = (value: number | null, digits = 4) => (value === null ? null : Number(value.toFixed(digits)));

/** One window's groups as a table (the rows a chart plots and its CSV holds): one split's, or every split's after all customers. */
export function repeatPurchaseData(window: LoyaltyWindowFigures, only?: LoyaltySplit): ChartData {
  const row = (split: string, figures: LoyaltyGroupFigures): CsvCell[] => [
    split,
    GROUP_LABELS[figures.group] ?? figures.group,
    figures.customers,
    figures.repeaters,
    rounded(figures.rate),
    rounded(figures.interval?.low ?? null),
    rounded(figures.interval?.high ?? null),
    rounded(figures.medianDaysToNextPurchase, 1),
    figures.stillOpen,
  ];
  return {
    columns: ['Split', 'Group', 'Customers', `Bought again within ${window.days} days`, 'Rate', '95 % CI low', '95 % CI high', 'Median days to next purchase', 'Still open'],
    rows: only
      ? window.splits[only].map((figures) => row(SPLIT_TITLES[only], figures))
      : [row('All', window.all), ...LOYALTY_SPLITS.flatMap((split) => window.splits[split].map((figures) => row(SPLIT_TITLES[split], figures)))],
  };
}

/**
 * The groups of one split as horizontal bars from the interval's low to its high bound (a
 * transparent bar stacked under it lifts it off zero), with the rate as a dot: overlapping bars
 * say the difference may be chance.
 */
export function repeatPurchaseChart(groups: readonly LoyaltyGroupFigures[], days: number): EChartsCoreOption {
  const labels = groups.map((g) => `${GROUP_LABELS[g.group] ?? g.group} (${g.customers})`);
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? null : Number((value * 100).toFixed(1)));
  return {
    grid: { left: 190, right: 24, top: 28, bottom: 28 },
    legend: { data: ['95 % interval', 'Rate'], top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, name: `bought again within ${days} days`, nameLocation: 'middle', nameGap: 22 },
    yAxis: { type: 'category', data: labels, inverse: true },
    series: [
      { name: 'base', type: 'bar', stack: 'interval', silent: true, itemStyle: { color: 'transparent' }, data: groups.map((g) => percent(g.interval?.low)), tooltip: { show: false } },
      {
        name: '95 % interval',
        type: 'bar',
        stack: 'interval',
        barWidth: 12,
        itemStyle: { color: '#9db7e0' },
        data: groups.map((g) => (g.interval === null ? null : Number(((g.interval.high - g.interval.low) * 100).toFixed(1)))),
      },
      { name: 'Rate', type: 'line', data: groups.map((g) => percent(g.rate)), lineStyle: { width: 0 }, symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#1f4e9c' } },
    ],
  };
}

export function journeyStageData(map: JourneyMap): ChartData {
  return {
    columns: ['Stage', 'Customers', 'From the previous stage', 'Drop-off', 'Drop-off rate'],
    rows: map.stages.map((s) => [STAGE_LABELS[s.stage], s.customers, s.fromPrevious, s.dropOff, rounded(s.dropOffRate)]),
  };
}

/** The stages left to right: those who came from the previous stage, those who reached it otherwise, and those lost after the previous one. */
export function journeyChart(map: JourneyMap): EChartsCoreOption {
  return {
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: map.stages.map((s) => STAGE_LABELS[s.stage]) },
    yAxis: { type: 'value', name: 'customers' },
    series: [
      { name: 'From the previous stage', type: 'bar', stack: 'reached', data: map.stages.map((s) => s.fromPrevious), itemStyle: { color: '#1f4e9c' } },
      { name: 'Reached otherwise', type: 'bar', stack: 'reached', data: map.stages.map((s) => s.customers - s.fromPrevious), itemStyle: { color: '#9db7e0' } },
      { name: 'Dropped off', type: 'bar', data: map.stages.map((s) => s.dropOff), itemStyle: { color: '#d98c5f' } },
    ],
  };
}

export const clusterKind = (cluster: JourneyCluster) => (cluster.kind === null ? 'No case' : KIND_LABELS[cluster.kind]);
export const clusterRootCause = (cluster: JourneyCluster) =>
  cluster.rootCause === null ? 'Not recorded' : (ROOT_CAUSE_LABELS[cluster.rootCause as RootCause] ?? cluster.rootCause);

export function journeyClusterRows(clusters: readonly JourneyCluster[]): CsvCell[][] {
  return [
    ['Stage', 'Case kind', 'Root cause', 'Complaints', 'CSAT 1–2', 'NPS 0–6'],
    ...clusters.map((c) => [STAGE_LABELS[c.stage], clusterKind(c), clusterRootCause(c), c.complaints, c.lowCsat, c.lowNps]),
  ];
}
