import { useState } from 'react';
import type { SurveyResponse } from '../../../src/shared/index.js';
import { surveysApi, type SurveyResponseFilter } from '../api/surveys-api.js';
import { usePagedList } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { saveCsvFile } from '../reports/csv.js';
import { AgentFilter, PeriodFilter, TeamFilter } from '../reports/report-filters.js';
import { formatDateTime } from '../ui/format.js';
import { PagedTable } from '../ui/paged-table.js';
import { surveyResponsesCsv } from './survey-csv.js';
import { SurveyScores } from './survey-scores.js';
import './surveys.css';

const PERIODS: Record<string, string> = { '7': 'Last 7 days', '30': 'Last 30 days', '90': 'Last 90 days', '365': 'Last 12 months' };
const DAY_MS = 86_400_000;
const EXPORT_PAGE = 200;

const surveyResponsesHref = (query: { period?: string; teamId?: string; agentId?: string }) => hrefTo('/reports/surveys', query);

/** What customers answered, newest first, by period, team and agent, with CSV export. */
export function SurveyResponsesPage({ route }: { route: Route }) {
  const period = PERIODS[route.query.get('period') ?? ''] ? route.query.get('period')! : '30';
  const teamId = route.query.get('teamId') ?? undefined;
  const agentId = route.query.get('agentId') ?? undefined;
  // The period runs up to when the page was opened with this filter, so it does not move on each render.
  const [openedAt] = useState(() => Date.now());
  const filter: SurveyResponseFilter = { from: new Date(openedAt - Number(period) * DAY_MS).toISOString(), teamId, agentId };
  const list = usePagedList(`survey-responses:${period}:${teamId ?? ''}:${agentId ?? ''}`, (cursor, signal) => surveysApi.responses(filter, { cursor, signal }));
  const [exporting, setExporting] = useState(false);
  useDocumentTitle('Survey responses');

  const change = (changes: { period?: string; teamId?: string; agentId?: string }) => navigate(surveyResponsesHref({ period, teamId, agentId, ...changes }));

  async function exportCsv(): Promise<void> {
    setExporting(true);
    try {
      const all: SurveyResponse[] = [];
      let cursor: string | null = null;
      do {
        const page = await surveysApi.responses(filter, { cursor, limit: EXPORT_PAGE });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      saveCsvFile(surveyResponsesCsv(all), `survey-responses-last-${period}-days.csv`);
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="page report-page" aria-labelledby="survey-responses-title">
      <div className="page-header">
        <div>
          <h1 id="survey-responses-title">Survey responses</h1>
          <p className="muted">CSAT 1–5 (4 and 5 count as satisfied), NPS 0–10 (9–10 promoters, 0–6 detractors), CES 1–7 (7 = very easy). Agent and team as they were when the survey was sent.</p>
        </div>
        <div className="report-actions">
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting || list.items.length === 0}>
            {exporting ? 'Preparing CSV…' : 'Download CSV'}
          </button>
        </div>
      </div>
      <div className="filter-bar" role="group" aria-label="Filter the responses">
        <PeriodFilter periods={PERIODS} selection={{ period }} onChange={change} />
        <TeamFilter value={teamId} onChange={(value) => change({ teamId: value })} />
        <AgentFilter value={agentId} onChange={(value) => change({ agentId: value })} />
      </div>
      <PagedTable
        list={list}
        className="data-table survey-table"
        labelledBy="survey-responses-title"
        loading="Loading responses…"
        empty="No survey was answered in this period."
        shown={(count) => `${count} response${count === 1 ? '' : 's'} shown`}
      >
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            <th scope="col">Case</th>
            <th scope="col">Customer</th>
            <th scope="col">Agent / team</th>
            <th scope="col">Scores</th>
            <th scope="col">Comment</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((response) => (
            <tr key={response.id}>
              <td className="nowrap">{formatDateTime(response.submittedAt)}</td>
              <td className="nowrap">{response.caseId ? <a href={hrefTo(`/cases/${response.caseId}`)}>{response.caseNumber}</a> : '—'}</td>
              <td>
                <a href={hrefTo(`/customers/${response.customerId}`)}>{response.customerName}</a>
              </td>
              <td>
                {response.agentName ?? 'Unassigned'}
                {response.teamName && <span className="muted"> · {response.teamName}</span>}
              </td>
              <td>
                <SurveyScores response={response} />
              </td>
              <td className="survey-comment">{response.comment ?? <span className="muted">No comment</span>}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </section>
  );
}
