import { SLA_REPORT_GROUPINGS, SLA_TARGETS, type SlaReport, type SlaTargetFigures } from '../../../src/shared/index.js';
import { reportsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { TARGET_LABELS } from '../sla/sla-time.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FilterSelect } from '../ui/filter-select.js';
import { saveCsvFile } from './csv.js';
import { InvalidPeriodNotice, PeriodFilter, PeriodRead } from './report-filters.js';
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
          <button type="button" className="button" onClick={() => data && downloadReport(data)} disabled={!data || data.groups.length === 0}>
            Download CSV
          </button>
        </div>
      </div>
      <div className="filter-bar" role="group" aria-label="Choose the period and grouping">
        <PeriodFilter periods={REPORT_PERIODS} selection={selection} onChange={change} />
        <FilterSelect label="Group by" value={selection.groupBy} onChange={(value) => change({ groupBy: value === undefined ? 'policy' : (value as SlaReportSelection['groupBy']) })}>
          {SLA_REPORT_GROUPINGS.map((grouping) => (
            <option key={grouping} value={grouping}>
              {GROUPING_LABELS[grouping]}
            </option>
          ))}
        </FilterSelect>
        {data && <PeriodRead from={data.from} to={data.to} as={selection.period === 'dates' ? 'whole days' : 'times'} />}
      </div>
      {!validDates && <InvalidPeriodNotice />}
      <ErrorNotice error={report.error} onRetry={report.reload} />
      {report.loading && !data && <p className="muted">Loading the report…</p>}
      {data && <ComplianceTable report={data} />}
      {data && <BreachedCases report={data} />}
    </section>
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

/** Saves the table as a CSV file named by the days it covers, the last one included (`to` is exclusive). */
function downloadReport(report: SlaReport): void {
  saveCsvFile(slaReportCsv(report), `sla-report-by-${report.groupBy}-${toDateValue(new Date(report.from))}-to-${toDateValue(new Date(Date.parse(report.to) - 1))}.csv`);
}
