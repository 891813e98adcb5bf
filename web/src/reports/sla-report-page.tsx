import { useId } from 'react';
import { SLA_REPORT_GROUPINGS, SLA_TARGETS, type SlaReport, type SlaTargetFigures } from '../../../src/shared/index.js';
import { reportsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { TARGET_LABELS } from '../sla/sla-time.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FilterSelect } from '../ui/filter-select.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { GROUPING_LABELS, formatBusinessMinutes, formatCompliance, slaReportCsv } from './sla-report-figures.js';
import { REPORT_PERIODS, type SlaReportSelection, periodInstants, readSlaReportSelection, slaReportHref, toDateValue } from './sla-report-period.js';
import './reports.css';

/** The API lists at most this many breached cases. */
const BREACHED_LIMIT = 100;

/** SLA compliance and business response times per policy, team, agent or week, and the cases breached. */
export function SlaReportPage({ route }: { route: Route }) {
  const selection = readSlaReportSelection(route.query, Date.now());
  const datesKey = selection.period === 'dates' ? `${selection.fromDate}..${selection.toDate}` : selection.period;
  // "Last N days" is read up to the moment it loads; the key stays the same so it does not reload each render.
  const validDates = periodInstants(selection, Date.now()) !== null;
  const report = useResource(validDates ? `sla-report:${datesKey}:${selection.groupBy}` : null, (signal) => {
    const period = periodInstants(selection, Date.now())!;
    return reportsApi.sla({ ...period, groupBy: selection.groupBy }, signal);
  });
  useDocumentTitle('SLA report');

  const change = (changes: Partial<SlaReportSelection>, replace = false) => navigate(slaReportHref({ ...selection, ...changes }), { replace });
  const data = report.data;

  return (
    <section className="page report-page" aria-labelledby="sla-report-title">
      <div className="page-header">
        <div>
          <h1 id="sla-report-title">SLA report</h1>
          <p className="muted">
            SLA compliance: share of targets met among those met or breached in the period; times in business hours of the policy’s calendar.
          </p>
        </div>
        <div className="report-actions">
          <button type="button" className="button" onClick={report.reload} disabled={report.loading || !validDates}>
            Refresh
          </button>
          <button type="button" className="button" onClick={() => data && downloadCsv(data)} disabled={!data || data.groups.length === 0}>
            Download CSV
          </button>
        </div>
      </div>
      <div className="filter-bar" role="group" aria-label="Choose the period and grouping">
        <FilterSelect label="Period" value={selection.period} onChange={(value) => change({ period: value ?? '30' })}>
          {Object.entries(REPORT_PERIODS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </FilterSelect>
        {selection.period === 'dates' && (
          <>
            <DateFilter label="From" value={selection.fromDate} max={selection.toDate} onChange={(fromDate) => change({ fromDate }, true)} />
            <DateFilter label="To" value={selection.toDate} min={selection.fromDate} onChange={(toDate) => change({ toDate }, true)} />
          </>
        )}
        <FilterSelect label="Group by" value={selection.groupBy} onChange={(value) => change({ groupBy: value === undefined ? 'policy' : (value as SlaReportSelection['groupBy']) })}>
          {SLA_REPORT_GROUPINGS.map((grouping) => (
            <option key={grouping} value={grouping}>
              {GROUPING_LABELS[grouping]}
            </option>
          ))}
        </FilterSelect>
        {data && <PeriodRead report={data} wholeDays={selection.period === 'dates'} />}
      </div>
      {!validDates && (
        <p className="error-notice" role="alert">
          Choose a start date on or before the end date.
        </p>
      )}
      <ErrorNotice error={report.error} onRetry={report.reload} />
      {report.loading && !data && <p className="muted">Loading the report…</p>}
      {data && <ComplianceTable report={data} />}
      {data && <BreachedCases report={data} />}
    </section>
  );
}

/** The period the figures cover, as the server read it: whole days when chosen by date (the last one included). */
function PeriodRead({ report, wholeDays }: { report: SlaReport; wholeDays: boolean }) {
  const lastDay = new Date(Date.parse(report.to) - 1).toISOString();
  return (
    <p className="report-period muted">
      {wholeDays ? (
        <>
          <time dateTime={report.from}>{formatDate(report.from)}</time> to <time dateTime={lastDay}>{formatDate(lastDay)}</time>, both included
        </>
      ) : (
        <>
          <time dateTime={report.from}>{formatDateTime(report.from)}</time> to <time dateTime={report.to}>{formatDateTime(report.to)}</time>
        </>
      )}
    </p>
  );
}

function DateFilter(props: { label: string; value: string; min?: string; max?: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="filter">
      <label className="filter-label" htmlFor={id}>
        {props.label}
      </label>
      <input id={id} type="date" value={props.value} min={props.min} max={props.max} required onChange={(event) => event.target.value && props.onChange(event.target.value)} />
    </div>
  );
}

function ComplianceTable({ report }: { report: SlaReport }) {
  if (report.groups.length === 0) {
    return <p className="report-empty">No SLA target was met or breached in this period.</p>;
  }
  return (
    <div className="report-table-scroll">
      <table className="data-table sla-report-table" aria-labelledby="sla-report-title">
        <thead>
          <tr>
            <th scope="col" rowSpan={2} className="col-group">
              {GROUPING_LABELS[report.groupBy]}
            </th>
            {SLA_TARGETS.map((target) => (
              <th key={target} scope="colgroup" colSpan={3} className="target-start">
                {TARGET_LABELS[target]}
              </th>
            ))}
          </tr>
          <tr>
            {SLA_TARGETS.map((target) => [
              <th key={`${target}-compliance`} scope="col" className="target-start col-figure">
                Compliance
              </th>,
              <th key={`${target}-median`} scope="col" className="col-figure">
                Median
              </th>,
              <th key={`${target}-p90`} scope="col" className="col-figure">
                P90
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {report.groups.map((group) => (
            <tr key={group.key}>
              <th scope="row" className="col-group">
                {group.label}
              </th>
              {SLA_TARGETS.map((target) => (
                <TargetCells key={target} figures={group.targets[target]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TargetCells({ figures }: { figures: SlaTargetFigures }) {
  const counted = figures.met + figures.breached;
  return (
    <>
      <td className="target-start col-figure">
        <span className={figures.compliance === null ? 'compliance compliance-none' : 'compliance'}>{formatCompliance(figures.compliance)}</span>
        {counted > 0 && (
          <span className="cell-secondary">
            {figures.met} met · {figures.breached} breached
          </span>
        )}
      </td>
      <td className="col-figure">{formatBusinessMinutes(figures.medianMinutes)}</td>
      <td className="col-figure">{formatBusinessMinutes(figures.p90Minutes)}</td>
    </>
  );
}

function BreachedCases({ report }: { report: SlaReport }) {
  const cases = report.breached;
  return (
    <section className="report-section" aria-labelledby="breached-cases-title">
      <h2 id="breached-cases-title">Breached cases</h2>
      {cases.length === 0 ? (
        <p className="report-empty">No case breached an SLA target in this period.</p>
      ) : (
        <>
          <p className="muted">
            {cases.length >= BREACHED_LIMIT ? `The ${BREACHED_LIMIT} latest` : `${cases.length} ${cases.length === 1 ? 'case' : 'cases'}`} with a target breached in the
            period, latest breach first.
          </p>
          <table className="data-table case-table" aria-labelledby="breached-cases-title">
            <thead>
              <tr>
                <th scope="col" className="col-number">
                  Case
                </th>
                <th scope="col">Subject</th>
                <th scope="col">Customer</th>
                <th scope="col">Assignee</th>
                <th scope="col">Team</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((item) => (
                <tr key={item.id}>
                  <td className="col-number">
                    <a className="row-link case-link" href={hrefTo(`/cases/${item.id}`)}>
                      {item.number}
                    </a>
                  </td>
                  <td className="col-subject">{item.subject}</td>
                  <td>{item.customerName}</td>
                  <td>{item.assigneeName ?? <span className="muted">Unassigned</span>}</td>
                  <td>{item.teamName ?? <span className="muted">No team</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** Saves the table as a CSV file; a byte-order mark makes spreadsheet programs read it as UTF-8. */
function downloadCsv(report: SlaReport): void {
  const blob = new Blob(['\uFEFF', slaReportCsv(report)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  // Named by the days it covers, the last one included (`to` is exclusive).
  link.download = `sla-report-by-${report.groupBy}-${toDateValue(new Date(report.from))}-to-${toDateValue(new Date(Date.parse(report.to) - 1))}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the click has handed the file to the browser.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
