import { useMemo } from 'react';
import {
  CASE_KINDS,
  CHANNELS,
  LOYALTY_SPLITS,
  REPEAT_WINDOWS,
  type CaseKind,
  type Channel,
  type JourneyMap,
  type LoyaltyReport,
  type LoyaltySplit,
  type LoyaltyWindowFigures,
  type RepeatWindow,
} from '../../../src/shared/index.js';
import type { QueryValue } from '../api/api-client.js';
import { loyaltyApi } from '../api/loyalty-api.js';
import { useResource } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ChannelFilter, KindFilter, PeriodFilter, PeriodRead, TeamFilter } from '../reports/report-filters.js';
import { Chart, downloadCsv } from '../ui/chart.js';
import { ErrorNotice } from '../ui/error-notice.js';
import {
  GROUP_LABELS,
  JOURNEY_DEFINITIONS,
  LOYALTY_DEFINITIONS,
  SPLIT_TITLES,
  STAGE_LABELS,
  clusterKind,
  clusterRootCause,
  formatDays,
  formatInterval,
  formatShare,
  journeyChart,
  journeyClusterRows,
  journeyStageData,
  repeatPurchaseChart,
  repeatPurchaseData,
} from './loyalty-figures.js';
import '../reports/reports.css';
import './loyalty.css';

const DAY_MS = 24 * 3600_000;
/** Periods in days back from now: long ones, since a 180-day window needs closings at least 180 days old. */
const PERIODS: Record<string, string> = { '90': 'Last 90 days', '180': 'Last 180 days', '365': 'Last 365 days', '730': 'Last 2 years' };

interface LoyaltySelection {
  view: 'repeat' | 'journey';
  period: string;
  days: RepeatWindow;
  team: string | undefined;
  channel: Channel | undefined;
  kind: CaseKind | undefined;
}

function readSelection(query: URLSearchParams): LoyaltySelection {
  const period = query.get('period') ?? '';
  const days = Number(query.get('days'));
  const channel = query.get('channel') ?? '';
  const kind = query.get('kind') ?? '';
  return {
    view: query.get('view') === 'journey' ? 'journey' : 'repeat',
    period: period in PERIODS ? period : '365',
    days: (REPEAT_WINDOWS as readonly number[]).includes(days) ? (days as RepeatWindow) : 30,
    team: query.get('team') ?? undefined,
    channel: (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : undefined,
    kind: (CASE_KINDS as readonly string[]).includes(kind) ? (kind as CaseKind) : undefined,
  };
}

function loyaltyHref(selection: LoyaltySelection): string {
  const query: Record<string, QueryValue> = {
    view: selection.view === 'repeat' ? undefined : selection.view,
    period: selection.period === '365' ? undefined : selection.period,
    days: selection.days === 30 ? undefined : selection.days,
    team: selection.team,
    channel: selection.channel,
    kind: selection.kind,
  };
  return hrefTo('/reports/loyalty', query);
}

/** The loyalty link: repeat purchases after a closed case by group, and the journey map. */
export function LoyaltyPage({ route }: { route: Route }) {
  const selection = readSelection(route.query);
  useDocumentTitle(selection.view === 'journey' ? 'Journey map' : 'Loyalty');
  const change = (changes: Partial<LoyaltySelection>) => navigate(loyaltyHref({ ...selection, ...changes }), { replace: true });

  return (
    <section className="page report-page loyalty-page" aria-labelledby="loyalty-title">
      <div className="page-header">
        <div>
          <h1 id="loyalty-title">Loyalty</h1>
          <p className="muted">Do customers buy again after their case, and does following up pay off?</p>
        </div>
      </div>
      <div className="loyalty-tabs" role="tablist" aria-label="Loyalty views">
        <TabButton selected={selection.view === 'repeat'} onSelect={() => change({ view: 'repeat' })}>
          Repeat purchases
        </TabButton>
        <TabButton selected={selection.view === 'journey'} onSelect={() => change({ view: 'journey' })}>
          Journey map
        </TabButton>
      </div>
      {selection.view === 'repeat' ? <RepeatPurchases selection={selection} change={change} /> : <JourneyMapView selection={selection} change={change} />}
    </section>
  );
}

function TabButton(props: { selected: boolean; onSelect: () => void; children: string }) {
  return (
    <button type="button" role="tab" aria-selected={props.selected} className={props.selected ? 'loyalty-tab selected' : 'loyalty-tab'} onClick={props.onSelect}>
      {props.children}
    </button>
  );
}

function periodOf(selection: LoyaltySelection, now: number) {
  return { from: new Date(now - Number(selection.period) * DAY_MS).toISOString(), to: new Date(now).toISOString() };
}

function RepeatPurchases({ selection, change }: { selection: LoyaltySelection; change: (changes: Partial<LoyaltySelection>) => void }) {
  const key = `loyalty:${selection.period}:${selection.team ?? ''}:${selection.channel ?? ''}:${selection.kind ?? ''}`;
  const report = useResource(key, (signal) => loyaltyApi.repeatPurchases({ ...periodOf(selection, Date.now()), team: selection.team, channel: selection.channel, kind: selection.kind }, signal));
  const window = report.data?.windows.find((w) => w.days === selection.days);

  return (
    <div role="tabpanel" aria-label="Repeat purchases">
      <div className="filter-bar" role="group" aria-label="Choose the cases">
        <PeriodFilter label="Cases closed in" periods={PERIODS} selection={selection} onChange={change} />
        <TeamFilter value={selection.team} onChange={(team) => change({ team })} />
        <ChannelFilter value={selection.channel} onChange={(channel) => change({ channel })} />
        <KindFilter value={selection.kind} onChange={(kind) => change({ kind })} />
        {report.data && <PeriodRead from={report.data.from} to={report.data.to} as="days" />}
      </div>
      <div className="loyalty-tabs loyalty-windows" role="tablist" aria-label="Bought again within">
        {REPEAT_WINDOWS.map((days) => (
          <TabButton key={days} selected={selection.days === days} onSelect={() => change({ days })}>
            {`${days} days`}
          </TabButton>
        ))}
      </div>
      <ErrorNotice error={report.error} onRetry={report.reload} />
      {report.loading && !report.data && <p className="muted">Loading the figures…</p>}
      {report.data && window && <WindowFigures report={report.data} window={window} />}
    </div>
  );
}

function WindowFigures({ report, window }: { report: LoyaltyReport; window: LoyaltyWindowFigures }) {
  const all = window.all;
  return (
    <>
      <div className="loyalty-summary">
        <p>
          <strong>{formatShare(all.rate)}</strong> of {all.customers} customers bought again within {window.days} days of their case closing
          {all.interval && ` (95 % CI ${formatInterval(all)})`}; {all.stillOpen} still open. {report.customers} customers had a case closed in the period.
        </p>
        <button
          type="button"
          className="button"
          onClick={() => {
            const data = repeatPurchaseData(window);
            downloadCsv(`repeat-purchases-${window.days}-days`, [data.columns, ...data.rows]);
          }}
        >
          Download CSV
        </button>
      </div>
      <dl className="loyalty-definitions">
        <dd>{LOYALTY_DEFINITIONS.rate}</dd>
        <dd>{LOYALTY_DEFINITIONS.stillOpen}</dd>
        <dd>{LOYALTY_DEFINITIONS.interval}</dd>
        <dd>{LOYALTY_DEFINITIONS.median}</dd>
      </dl>
      {all.customers === 0 && all.stillOpen === 0 && <p className="report-empty">No customer had a case closed in this period.</p>}
      {LOYALTY_SPLITS.map((split) => (
        <SplitFigures key={split} split={split} window={window} />
      ))}
    </>
  );
}

function SplitFigures({ split, window }: { split: LoyaltySplit; window: LoyaltyWindowFigures }) {
  const groups = window.splits[split];
  const option = useMemo(() => repeatPurchaseChart(groups, window.days), [groups, window.days]);
  const headingId = `loyalty-split-${split}`;
  const description = groups.map((g) => `${GROUP_LABELS[g.group]}: ${formatShare(g.rate)} of ${g.customers}, 95 % CI ${formatInterval(g)}`).join('; ');
  return (
    <section className="loyalty-split" aria-labelledby={headingId}>
      <h2 id={headingId}>{SPLIT_TITLES[split]}</h2>
      <p className="muted loyalty-definition">{LOYALTY_DEFINITIONS[split]}</p>
      <div className="loyalty-split-body">
        <Chart
          title={`${SPLIT_TITLES[split]}: bought again within ${window.days} days`}
          description={description}
          option={option}
          data={repeatPurchaseData(window, split)}
          fileName={`repeat-purchases-${window.days}-days-${split}`}
          height={40 + groups.length * 44}
        />
        <table className="data-table loyalty-table" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="col-figure">
                Customers
              </th>
              <th scope="col" className="col-figure">
                Bought again
              </th>
              <th scope="col" className="col-figure">
                Rate
              </th>
              <th scope="col" className="col-figure">
                95 % CI
              </th>
              <th scope="col" className="col-figure">
                Median days
              </th>
              <th scope="col" className="col-figure">
                Still open
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.group}>
                <th scope="row">{GROUP_LABELS[g.group]}</th>
                <td className="col-figure">{g.customers}</td>
                <td className="col-figure">{g.repeaters}</td>
                <td className="col-figure">{formatShare(g.rate)}</td>
                <td className="col-figure">{formatInterval(g)}</td>
                <td className="col-figure">{formatDays(g.medianDaysToNextPurchase)}</td>
                <td className="col-figure">{g.stillOpen}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function JourneyMapView({ selection, change }: { selection: LoyaltySelection; change: (changes: Partial<LoyaltySelection>) => void }) {
  const map = useResource(`journey-map:${selection.period}`, (signal) => loyaltyApi.journeyMap(periodOf(selection, Date.now()), signal));
  return (
    <div role="tabpanel" aria-label="Journey map">
      <div className="filter-bar" role="group" aria-label="Choose the period">
        <PeriodFilter label="Customers who bought in" periods={PERIODS} selection={selection} onChange={change} />
        {map.data && <PeriodRead from={map.data.from} to={map.data.to} as="days" />}
      </div>
      <ErrorNotice error={map.error} onRetry={map.reload} />
      {map.loading && !map.data && <p className="muted">Loading the journey map…</p>}
      {map.data && <JourneyFigures map={map.data} />}
    </div>
  );
}

function JourneyFigures({ map }: { map: JourneyMap }) {
  const option = useMemo(() => journeyChart(map), [map]);
  const stageData = journeyStageData(map);
  const purchased = map.stages[0]!.customers;
  return (
    <>
      <p className="muted loyalty-definition">{JOURNEY_DEFINITIONS.stages}</p>
      {purchased === 0 && <p className="report-empty">No customer bought in this period.</p>}
      <Chart
        title="Journey stages"
        description={map.stages.map((s) => `${STAGE_LABELS[s.stage]}: ${s.customers} customers, ${s.dropOff} dropped off after the previous stage`).join('; ')}
        option={option}
        data={stageData}
        fileName="journey-stages"
        height={280}
      />
      <p className="muted loyalty-definition">{JOURNEY_DEFINITIONS.dropOff}</p>
      <table className="data-table loyalty-table" aria-label="Journey stages">
        <thead>
          <tr>
            {stageData.columns.map((column, index) => (
              <th key={column} scope="col" className={index === 0 ? undefined : 'col-figure'}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.stages.map((s) => (
            <tr key={s.stage}>
              <th scope="row">{STAGE_LABELS[s.stage]}</th>
              <td className="col-figure">{s.customers}</td>
              <td className="col-figure">{s.fromPrevious}</td>
              <td className="col-figure">{s.dropOff}</td>
              <td className="col-figure">{formatShare(s.dropOffRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="loyalty-split" aria-labelledby="journey-clusters">
        <div className="loyalty-summary">
          <h2 id="journey-clusters">Where complaints and low scores cluster</h2>
          <button type="button" className="button" onClick={() => downloadCsv('journey-clusters', journeyClusterRows(map.clusters))} disabled={map.clusters.length === 0}>
            Download CSV
          </button>
        </div>
        <p className="muted loyalty-definition">{JOURNEY_DEFINITIONS.clusters}</p>
        {map.clusters.length === 0 ? (
          <p className="report-empty">No complaint or low score in this period.</p>
        ) : (
          <table className="data-table loyalty-table" aria-labelledby="journey-clusters">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Case kind</th>
                <th scope="col">Root cause</th>
                <th scope="col" className="col-figure">
                  Complaints
                </th>
                <th scope="col" className="col-figure">
                  CSAT 1–2
                </th>
                <th scope="col" className="col-figure">
                  NPS 0–6
                </th>
              </tr>
            </thead>
            <tbody>
              {map.clusters.map((c) => (
                <tr key={`${c.stage}:${c.kind}:${c.rootCause}`}>
                  <td>{STAGE_LABELS[c.stage]}</td>
                  <td>{clusterKind(c)}</td>
                  <td>{clusterRootCause(c)}</td>
                  <td className="col-figure">{c.complaints}</td>
                  <td className="col-figure">{c.lowCsat}</td>
                  <td className="col-figure">{c.lowNps}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
