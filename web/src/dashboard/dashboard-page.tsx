import { useId, useMemo, useState } from 'react';
import type { KpiFigure, KpiName, KpiSeries } from '../../../src/shared/index.js';
import { analyticsApi } from '../api/analytics-api.js';
import { useResource } from '../api/use-resource.js';
import { type Route, navigate } from '../app/hash-router.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { AgentFilter, ChannelFilter, InvalidPeriodNotice, KindFilter, PeriodFilter, PeriodRead, TeamFilter } from '../reports/report-filters.js';
import { Chart, downloadCsv } from '../ui/chart.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { chartUnit, chartValue, formatKpi, kpiTableRows, orderedFigures, seriesTable } from './dashboard-figures.js';
import { DASHBOARD_PERIODS, type DashboardSelection, dashboardHref, dashboardInstants, readDashboardSelection } from './dashboard-period.js';
import './dashboard.css';

/** The trend charts: each plots these KPIs per week (or month, over long periods). */
const TRENDS: { id: string; title: string; description: string; kpis: KpiName[] }[] = [
  { id: 'csat-nps', title: 'CSAT and NPS', description: 'CSAT in percent (left axis) and NPS from −100 to 100 (right axis) per', kpis: ['csat', 'nps'] },
  { id: 'fcr', title: 'First contact resolution and reopen rate', description: 'First contact resolution and reopen rate in percent per', kpis: ['first_contact_resolution', 'reopen_rate'] },
  { id: 'sla', title: 'SLA compliance', description: 'SLA compliance in percent per', kpis: ['sla_compliance'] },
  {
    id: 'times',
    title: 'Response and resolution times (median)',
    description: 'Median first response and resolution time in business hours per',
    kpis: ['first_response_median', 'resolution_median'],
  },
];
const CHARTED: KpiName[] = TRENDS.flatMap((trend) => trend.kpis);
const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed'];
/** Longer periods are charted by month: a year of weekly points is unreadable. */
const WEEKLY_UP_TO_DAYS = 120;

/** KPIs with their definitions and the counts behind them, and their trends, for one period and filter. */
export function DashboardPage({ route }: { route: Route }) {
  const selection = readDashboardSelection(route.query, Date.now());
  useDocumentTitle('Dashboard');
  const period = dashboardInstants(selection, Date.now());
  const filters = { team: selection.team, agent: selection.agent, channel: selection.channel, kind: selection.kind };
  const key = `${selection.period === 'dates' ? `${selection.fromDate}..${selection.toDate}` : selection.period}:${JSON.stringify(filters)}`;
  const interval = period && Date.parse(period.to) - Date.parse(period.from) > WEEKLY_UP_TO_DAYS * 86_400_000 ? 'month' : 'week';
  // "Last N days" is read up to the moment it loads; the key stays the same so it does not reload each render.
  const report = useResource(period ? `kpis:${key}` : null, (signal) => analyticsApi.kpis({ ...dashboardInstants(selection, Date.now())!, ...filters }, signal));
  const series = useResource(period ? `kpi-series:${key}:${interval}` : null, (signal) =>
    analyticsApi.series({ ...dashboardInstants(selection, Date.now())!, ...filters, kpi: CHARTED, interval }, signal),
  );
  const change = (changes: Partial<DashboardSelection>, replace = false) => navigate(dashboardHref({ ...selection, ...changes }), { replace });
  const data = report.data;

  return (
    <section className="page report-page dashboard-page" aria-labelledby="dashboard-title">
      <div className="page-header">
        <div>
          <h1 id="dashboard-title">Dashboard</h1>
          <p className="muted">Service KPIs over the period, each with the counts behind it; the i button beside each shows how it is defined.</p>
        </div>
        <div className="report-actions">
          <button type="button" className="button" onClick={() => (report.reload(), series.reload())} disabled={report.loading || !period}>
            Refresh
          </button>
          <button type="button" className="button" onClick={() => data && downloadCsv(`kpis-${data.from.slice(0, 10)}-to-${data.to.slice(0, 10)}`, kpiTableRows(data))} disabled={!data}>
            Download KPI table (CSV)
          </button>
        </div>
      </div>
      <div className="filter-bar" role="group" aria-label="Choose the period and filters">
        <PeriodFilter periods={DASHBOARD_PERIODS} selection={selection} onChange={change} />
        <TeamFilter value={selection.team} onChange={(team) => change({ team })} />
        <AgentFilter value={selection.agent} onChange={(agent) => change({ agent })} />
        <ChannelFilter value={selection.channel} onChange={(channel) => change({ channel })} />
        <KindFilter value={selection.kind} onChange={(kind) => change({ kind })} />
        {data && <PeriodRead from={data.from} to={data.to} as="times" />}
      </div>
      {!period && <InvalidPeriodNotice />}
      <ErrorNotice error={report.error ?? series.error} onRetry={() => (report.reload(), series.reload())} />
      {report.loading && !data && <p className="muted">Loading the KPIs…</p>}
      {data?.rebuilding && (
        <p className="read-only-notice" role="status">
          The KPIs of data stored before the last upgrade are still being worked out in the background; until that finishes, counts may be short.
        </p>
      )}
      {data && (
        <ul className="kpi-tiles" aria-label="KPIs">
          {orderedFigures(data).map((figure) => (
            <KpiTile key={figure.name} figure={figure} />
          ))}
        </ul>
      )}
      {series.data && (
        <div className="trend-charts">
          {TRENDS.map((trend) => (
            <TrendChart key={trend.id} trend={trend} series={series.data!} />
          ))}
        </div>
      )}
    </section>
  );
}

function KpiTile({ figure }: { figure: KpiFigure }) {
  const [open, setOpen] = useState(false);
  const definitionId = useId();
  const labelId = useId();
  return (
    <li className="kpi-tile" aria-labelledby={labelId} data-kpi={figure.name}>
      <div className="kpi-tile-head">
        <span id={labelId} className="kpi-label">
          {figure.label}
        </span>
        <button
          type="button"
          className="kpi-info"
          aria-expanded={open}
          aria-controls={definitionId}
          aria-label={`How ${figure.label} is defined`}
          onClick={() => setOpen(!open)}
        >
          i
        </button>
      </div>
      <span className={figure.value === null ? 'kpi-value kpi-value-none' : 'kpi-value'}>{formatKpi(figure.value, figure.unit)}</span>
      <span className="kpi-counts">{figure.value === null && figure.denominator === 0 ? 'Nothing to count in this period' : figure.counts}</span>
      {figure.name === 'follow_up_on_time' && figure.parts.length > 1 && (
        <span className="kpi-counts">Skipped: {figure.parts.slice(1).map((part) => `${part.label} ${part.count}`).join(', ')}</span>
      )}
      <p id={definitionId} className="kpi-definition" hidden={!open}>
        {figure.definition}
      </p>
    </li>
  );
}

function TrendChart({ trend, series }: { trend: (typeof TRENDS)[number]; series: KpiSeries }) {
  const option = useMemo(() => {
    const kpis = trend.kpis.map((name) => series.kpis.find((k) => k.name === name)!);
    const units = [...new Set(kpis.map((k) => chartUnit(k.unit)))];
    return {
      color: COLOURS,
      grid: { left: 48, right: units.length > 1 ? 56 : 16, top: 56, bottom: 28 },
      legend: { top: 0, left: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: series.points.map((p) => p.start.slice(0, 10)) },
      yAxis: units.map((unit) => ({ type: 'value', name: unit, nameTextStyle: { align: 'left' }, ...(unit === '%' ? { min: 0, max: 100 } : {}) })),
      series: kpis.map((k) => ({
        name: k.label,
        type: 'line',
        connectNulls: true,
        symbolSize: 6,
        yAxisIndex: units.indexOf(chartUnit(k.unit)),
        data: series.points.map((p) => chartValue(p.values[k.name]?.value ?? null, k.unit)),
      })),
    };
  }, [trend, series]);
  const every = series.interval === 'week' ? 'week (from Monday)' : 'month';
  return (
    <Chart
      title={trend.title}
      description={`${trend.description} ${every}, ${series.from.slice(0, 10)} to ${series.to.slice(0, 10)}. The figures are in the CSV download.`}
      option={option}
      data={seriesTable(series, trend.kpis)}
      fileName={`${trend.id}-by-${series.interval}-${series.from.slice(0, 10)}-to-${series.to.slice(0, 10)}`}
    />
  );
}

