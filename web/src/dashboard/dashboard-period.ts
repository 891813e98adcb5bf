import { CASE_KINDS, CHANNELS, type CaseKind, type Channel } from '../../../src/shared/index.js';
import type { QueryValue } from '../api/api-client.js';
import { hrefTo } from '../app/hash-router.js';
import { periodInstants, toDateValue } from '../reports/sla-report-period.js';

/** The period presets; "quarter" is the calendar quarter so far, "dates" two dates chosen by hand. */
export const DASHBOARD_PERIODS: Record<string, string> = {
  '7': 'Last 7 days',
  '30': 'Last 30 days',
  '90': 'Last 90 days',
  quarter: 'This quarter',
  dates: 'From – to dates',
};
const DEFAULT_PERIOD = '30';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** What the dashboard shows, as read from the address: `#/reports/dashboard?period=quarter&team=…`. */
export interface DashboardSelection {
  period: string;
  fromDate: string;
  toDate: string;
  team?: string;
  agent?: string;
  channel?: Channel;
  kind?: CaseKind;
}

export function readDashboardSelection(query: URLSearchParams, now: number): DashboardSelection {
  const period = query.get('period') ?? '';
  const date = (name: string, fallback: number) => {
    const value = query.get(name) ?? '';
    return DATE.test(value) ? value : toDateValue(new Date(fallback));
  };
  const channel = query.get('channel') ?? '';
  const kind = query.get('kind') ?? '';
  return {
    period: period in DASHBOARD_PERIODS ? period : DEFAULT_PERIOD,
    fromDate: date('from', now - 29 * DAY_MS),
    toDate: date('to', now),
    team: query.get('team') || undefined,
    agent: query.get('agent') || undefined,
    channel: (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : undefined,
    kind: (CASE_KINDS as readonly string[]).includes(kind) ? (kind as CaseKind) : undefined,
  };
}

export function dashboardHref(selection: DashboardSelection): string {
  const query: Record<string, QueryValue> = {
    period: selection.period === DEFAULT_PERIOD ? undefined : selection.period,
    team: selection.team,
    agent: selection.agent,
    channel: selection.channel,
    kind: selection.kind,
  };
  if (selection.period === 'dates') Object.assign(query, { from: selection.fromDate, to: selection.toDate });
  return hrefTo('/reports/dashboard', query);
}

/** The instants asked for: the preset up to `now`, the quarter from its first local midnight, or the chosen dates (the last one included). */
export function dashboardInstants(selection: DashboardSelection, now: number): { from: string; to: string } | null {
  if (selection.period === 'quarter') {
    const today = new Date(now);
    const start = new Date(today.getFullYear(), Math.floor(today.getMonth() / 3) * 3, 1);
    return { from: start.toISOString(), to: new Date(now).toISOString() };
  }
  return periodInstants({ period: selection.period, fromDate: selection.fromDate, toDate: selection.toDate, groupBy: 'policy' }, now);
}
