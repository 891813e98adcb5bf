import { KPI_NAMES, type KpiFigure, type KpiName, type KpiReport, type KpiSeries, type KpiUnit } from '../../../src/shared/index.js';
import type { ChartData } from '../ui/chart.js';
import type { CsvCell } from '../reports/csv.js';
import { formatBusinessMinutes } from '../reports/sla-report-figures.js';

const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const TWO_DECIMALS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A KPI's value as the tile shows it; an em dash when there was nothing to count. */
export function formatKpi(value: number | null, unit: KpiUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'share':
      return `${ONE_DECIMAL.format(value * 100)} %`;
    case 'nps':
      return `${value > 0 ? '+' : ''}${ONE_DECIMAL.format(value)}`;
    case 'mean_1_7':
      return `${TWO_DECIMALS.format(value)} / 7`;
    case 'business_minutes':
      return `${formatBusinessMinutes(value)} business`;
    case 'minutes':
      return formatBusinessMinutes(value);
    case 'per_1000':
      return ONE_DECIMAL.format(value);
  }
}

/** A value as a chart plots it: shares in percent, times in hours. */
export function chartValue(value: number | null, unit: KpiUnit): number | null {
  if (value === null) return null;
  if (unit === 'share') return Math.round(value * 1000) / 10;
  if (unit === 'business_minutes' || unit === 'minutes') return Math.round((value / 60) * 100) / 100;
  return value;
}

const UNIT_WORDS: Record<KpiUnit, string> = {
  share: 'share (0–1)',
  nps: 'NPS (−100 to 100)',
  mean_1_7: 'mean (1–7)',
  business_minutes: 'business minutes',
  minutes: 'minutes',
  per_1000: 'per 1,000',
};

/** The KPI table as CSV rows: one KPI a row, with its counts and definition. */
export function kpiTableRows(report: KpiReport): CsvCell[][] {
  return [
    ['KPI', 'Value', 'Unit', 'Numerator', 'Denominator', 'Counts', 'Definition', 'From', 'To'],
    ...report.kpis.map((k): CsvCell[] => [k.label, k.value, UNIT_WORDS[k.unit], k.numerator, k.denominator, k.counts, k.definition, report.from, report.to]),
  ];
}

/** A chart's figures as a table: per bucket, each KPI's plotted value and how many items it counts. */
export function seriesTable(series: KpiSeries, names: readonly KpiName[]): ChartData {
  const kpis = names.map((name) => series.kpis.find((k) => k.name === name)!);
  return {
    columns: ['Start', 'End', ...kpis.flatMap((k) => [`${k.label} (${chartUnit(k.unit)})`, `${k.label}: counted`])],
    rows: series.points.map((point) => [
      point.start,
      point.end,
      ...kpis.flatMap((k): CsvCell[] => {
        const value = point.values[k.name];
        return [chartValue(value?.value ?? null, k.unit), value?.denominator ?? 0];
      }),
    ]),
  };
}

export function chartUnit(unit: KpiUnit): string {
  if (unit === 'share') return '%';
  if (unit === 'business_minutes') return 'business hours';
  if (unit === 'minutes') return 'hours';
  return UNIT_WORDS[unit];
}

/** The tiles in the dashboard's order. */
export function orderedFigures(report: KpiReport): KpiFigure[] {
  return KPI_NAMES.flatMap((name) => report.kpis.find((k) => k.name === name) ?? []);
}
