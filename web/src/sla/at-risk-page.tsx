import { useCallback, useEffect, useMemo } from 'react';
import type { CaseSummary } from '../../../src/shared/index.js';
import { slaApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useCasesChanged, useDocumentTitle } from '../app/workspace-context.js';
import { PriorityBadge, StatusBadge } from '../ui/badges.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FilterSelect } from '../ui/filter-select.js';
import { formatDateTime, formatNearTime } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { useCaseRowSelection } from '../cases/case-row-selection.js';
import { SlaBadge } from './sla-badge.js';
import { TARGET_LABELS, mostUrgentClock } from './sla-time.js';
import './sla.css';

/** How far ahead the queue looks; the rail counts with the default. */
export const AT_RISK_HORIZONS: Record<string, string> = {
  '60': 'Within 1 hour',
  '240': 'Within 4 hours',
  '480': 'Within 8 hours',
  '1440': 'Within 24 hours',
};
export const DEFAULT_AT_RISK_MINUTES = 240;
export const AT_RISK_LIMIT = 500;
const REFRESH_MS = 60_000;

export function atRiskHref(withinMinutes = DEFAULT_AT_RISK_MINUTES): string {
  return hrefTo('/at-risk', { within: withinMinutes === DEFAULT_AT_RISK_MINUTES ? undefined : withinMinutes });
}

/** Open cases whose next SLA target is overdue or due soon, the one to breach first on top. */
export function AtRiskPage({ route }: { route: Route }) {
  const requested = route.query.get('within') ?? '';
  const within = requested in AT_RISK_HORIZONS ? Number(requested) : DEFAULT_AT_RISK_MINUTES;
  const queue = useResource(`at-risk:${within}`, (signal) => slaApi.atRisk({ withinMinutes: within, limit: AT_RISK_LIMIT }, signal));
  const now = useNow(30_000);
  useDocumentTitle('At risk');

  const reload = queue.reload;
  const refresh = useCallback(() => reload(), [reload]);
  useCasesChanged(refresh);
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const items = useMemo(() => byTimeToBreach(queue.data?.items ?? [], now), [queue.data, now]);
  const { selected, rowLink } = useCaseRowSelection(items);

  return (
    <section className="page at-risk-page" aria-labelledby="at-risk-title">
      <div className="page-header">
        <div>
          <h1 id="at-risk-title">At risk</h1>
          <p className="muted">Open cases with an SLA target overdue or due soon, the first to breach on top.</p>
        </div>
        <button type="button" className="button" onClick={refresh} disabled={queue.loading}>
          Refresh
        </button>
      </div>
      <div className="filter-bar" role="group" aria-label="Filter cases at risk">
        <FilterSelect label="Due" value={String(within)} onChange={(value) => navigate(atRiskHref(Number(value ?? DEFAULT_AT_RISK_MINUTES)))}>
          {Object.entries(AT_RISK_HORIZONS).map(([minutes, label]) => (
            <option key={minutes} value={minutes}>
              {label} (or overdue)
            </option>
          ))}
        </FilterSelect>
      </div>
      <ErrorNotice error={queue.error} onRetry={queue.reload} />
      <table className="data-table case-table" aria-labelledby="at-risk-title">
        <thead>
          <tr>
            <th scope="col" className="col-sla">
              SLA
            </th>
            <th scope="col">Due</th>
            <th scope="col" className="col-number">
              Case
            </th>
            <th scope="col">Subject</th>
            <th scope="col">Customer</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => {
            const reading = mostUrgentClock(item.sla, now);
            return (
              <tr key={item.id} className={index === selected ? 'is-selected' : undefined}>
                <td className="col-sla">
                  <SlaBadge sla={item.sla} now={now} />
                </td>
                <td className="col-due">
                  {reading ? <span className="cell-primary">{TARGET_LABELS[reading.clock.target]}</span> : <span className="muted">—</span>}
                  {reading?.clock.dueAt && (
                    <time className="cell-secondary" dateTime={reading.clock.dueAt} title={formatDateTime(reading.clock.dueAt)}>
                      {formatNearTime(reading.clock.dueAt, now)}
                    </time>
                  )}
                </td>
                <td className="col-number">{item.number}</td>
                <td className="col-subject">
                  <a className="row-link" href={hrefTo(`/cases/${item.id}`)} {...rowLink(index)}>
                    {item.subject}
                  </a>
                </td>
                <td>{item.customerName}</td>
                <td>
                  <PriorityBadge priority={item.priority} />
                </td>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                <td>
                  {item.assigneeName ?? <span className="muted">Unassigned</span>}
                  {item.teamName && <span className="cell-secondary">{item.teamName}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="list-footer" aria-live="polite">
        {queue.loading && !queue.data && <span>Loading cases at risk…</span>}
        {queue.data && items.length === 0 && <span>No open case is overdue or due in this time.</span>}
        {items.length > 0 && (
          <span className="muted">
            {items.length === AT_RISK_LIMIT ? `The first ${AT_RISK_LIMIT} cases` : `${items.length} ${items.length === 1 ? 'case' : 'cases'}`} shown
          </span>
        )}
      </div>
    </section>
  );
}

/**
 * Soonest due first, as the server sorts; sorted again here because a clock's state is read live
 * (a case whose first response fell due since the list loaded moves up). Paused ones go last.
 */
function byTimeToBreach(items: CaseSummary[], now: number): CaseSummary[] {
  const dueOf = (item: CaseSummary) => {
    const reading = mostUrgentClock(item.sla, now);
    return reading?.clock.dueAt ? Date.parse(reading.clock.dueAt) : Number.POSITIVE_INFINITY;
  };
  return items
    .map((item, index) => ({ item, index, due: dueOf(item) }))
    .sort((a, b) => a.due - b.due || a.index - b.index)
    .map((entry) => entry.item);
}
