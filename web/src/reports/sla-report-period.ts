import { SLA_REPORT_GROUPINGS, type SlaReportGrouping } from '../../../src/shared/index.js';
import type { QueryValue } from '../api/api-client.js';
import { hrefTo } from '../app/hash-router.js';
import { toDateTimeLocalValue } from '../ui/format.js';

const DAY_MS = 24 * 3600_000;

/** The periods offered, in days back from now; or dates chosen by hand. */
export const REPORT_PERIODS: Record<string, string> = {
  '7': 'Last 7 days',
  '30': 'Last 30 days',
  '90': 'Last 90 days',
  dates: 'From – to dates',
};
const DEFAULT_PERIOD = '30';

/** What the report shows, as read from the address: `#/reports/sla?period=dates&from=2026-03-01&to=2026-03-31&groupBy=team`. */
export interface SlaReportSelection {
  period: string;
  /** Local calendar dates (YYYY-MM-DD), both days included; only for `period: 'dates'`. */
  fromDate: string;
  toDate: string;
  groupBy: SlaReportGrouping;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A local calendar date as an input of type date wants it. */
export function toDateValue(date: Date): string {
  return toDateTimeLocalValue(date).split('T')[0]!;
}

/** The selection in the address, defaults for what is missing or unknown (the last 30 days, by policy). */
export function readSlaReportSelection(query: URLSearchParams, now: number): SlaReportSelection {
  const period = query.get('period') ?? '';
  const groupBy = query.get('groupBy') ?? '';
  const date = (name: string, fallback: number) => {
    const value = query.get(name) ?? '';
    return DATE.test(value) ? value : toDateValue(new Date(fallback));
  };
  return {
    period: period in REPORT_PERIODS ? period : DEFAULT_PERIOD,
    fromDate: date('from', now - 29 * DAY_MS),
    toDate: date('to', now),
    groupBy: (SLA_REPORT_GROUPINGS as readonly string[]).includes(groupBy) ? (groupBy as SlaReportGrouping) : 'policy',
  };
}

export function slaReportHref(selection: SlaReportSelection): string {
  const query: Record<string, QueryValue> = {
    period: selection.period === DEFAULT_PERIOD ? undefined : selection.period,
    groupBy: selection.groupBy === 'policy' ? undefined : selection.groupBy,
  };
  if (selection.period === 'dates') Object.assign(query, { from: selection.fromDate, to: selection.toDate });
  return hrefTo('/reports/sla', query);
}

/**
 * The instants the API is asked for: the last N days up to `now`, or from the start of the first
 * chosen day to the start of the day after the last (the API's `to` is exclusive); null when the
 * chosen dates are backwards or not dates.
 */
export function periodInstants(selection: SlaReportSelection, now: number): { from: string; to: string } | null {
  if (selection.period !== 'dates') {
    return { from: new Date(now - Number(selection.period) * DAY_MS).toISOString(), to: new Date(now).toISOString() };
  }
  const from = localMidnight(selection.fromDate, 0);
  const to = localMidnight(selection.toDate, 1);
  if (from === null || to === null || from >= to) return null;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function localMidnight(date: string, plusDays: number): number | null {
  if (!DATE.test(date)) return null;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const midnight = new Date(year, month - 1, day + plusDays);
  return Number.isNaN(midnight.getTime()) ? null : midnight.getTime();
}
