import { type FormEvent, useState } from 'react';
import {
  CASE_KINDS,
  IMPROVEMENT_STATUSES,
  type CaseKind,
  type FeedbackTheme,
  type ImprovementItem,
  type ImprovementStatus,
  type ImprovementSuggestion,
  type ImprovementSuggestions,
  type ScoreComparison,
} from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { feedbackApi } from '../api/feedback-api.js';
import { useResource } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { ROOT_CAUSE_LABELS } from '../cases/procedure-labels.js';
import { saveCsvFile } from '../reports/csv.js';
import { InvalidPeriodNotice, KindFilter, PeriodFilter } from '../reports/report-filters.js';
import { REPORT_PERIODS, periodInstants, toDateValue } from '../reports/sla-report-period.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FilterSelect } from '../ui/filter-select.js';
import { FormField } from '../ui/form-field.js';
import { formatDate } from '../ui/format.js';
import { improvementItemsCsv, suggestionsCsv, themesCsv } from './feedback-csv.js';
import { IMPROVEMENT_STATUS_LABELS } from './feedback-labels.js';
import './feedback.css';
import '../reports/reports.css';

const DAY_MS = 24 * 3600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface FeedbackSelection {
  period: string;
  fromDate: string;
  toDate: string;
  rankBy: 'volume' | 'effect';
  kind: CaseKind | undefined;
}

function readSelection(query: URLSearchParams, now: number): FeedbackSelection {
  const period = query.get('period') ?? '';
  const date = (name: string, fallback: number) => {
    const value = query.get(name) ?? '';
    return DATE.test(value) ? value : toDateValue(new Date(fallback));
  };
  const kind = query.get('kind') ?? '';
  return {
    period: period in REPORT_PERIODS ? period : '90',
    fromDate: date('from', now - 89 * DAY_MS),
    toDate: date('to', now),
    rankBy: query.get('rankBy') === 'effect' ? 'effect' : 'volume',
    kind: (CASE_KINDS as readonly string[]).includes(kind) ? (kind as CaseKind) : undefined,
  };
}

function feedbackHref(selection: FeedbackSelection): string {
  return hrefTo('/feedback', {
    period: selection.period === '90' ? undefined : selection.period,
    from: selection.period === 'dates' ? selection.fromDate : undefined,
    to: selection.period === 'dates' ? selection.toDate : undefined,
    rankBy: selection.rankBy === 'volume' ? undefined : selection.rankBy,
    kind: selection.kind,
  });
}

/** Themes of survey comments and complaints, the improvements they suggest, and the improvements tracked. */
export function FeedbackPage({ route }: { route: Route }) {
  const selection = readSelection(route.query, Date.now());
  const period = periodInstants({ ...selection, groupBy: 'policy' }, Date.now());
  const key = `${selection.period === 'dates' ? `${selection.fromDate}..${selection.toDate}` : selection.period}:${selection.kind ?? ''}`;
  const filter = () => ({ ...periodInstants({ ...selection, groupBy: 'policy' }, Date.now())!, kind: selection.kind });
  const themes = useResource(period ? `feedback-themes:${key}:${selection.rankBy}` : null, (signal) => feedbackApi.themes({ ...filter(), rankBy: selection.rankBy }, signal));
  const suggestions = useResource(period ? `feedback-suggestions:${key}` : null, (signal) => feedbackApi.suggestions(filter(), signal));
  const items = useResource('improvement-items', (signal) => feedbackApi.items(signal));
  useDocumentTitle('Feedback');
  const change = (changes: Partial<FeedbackSelection>) => navigate(feedbackHref({ ...selection, ...changes }), { replace: true });
  const itemsChanged = () => {
    items.reload();
    suggestions.reload();
  };

  return (
    <section className="page report-page feedback-page" aria-labelledby="feedback-title">
      <div className="page-header">
        <div>
          <h1 id="feedback-title">Feedback</h1>
          <p className="muted">
            Themes in survey comments and complaint concerns. CSAT: share of answers 4 or 5; NPS: % promoters (9–10) − % detractors (0–6); each compared between responses
            mentioning the theme and the rest.
          </p>
        </div>
        <div className="report-actions">
          <button type="button" className="button" onClick={() => { themes.reload(); itemsChanged(); }} disabled={themes.loading || !period}>
            Refresh
          </button>
        </div>
      </div>
      <div className="filter-bar" role="group" aria-label="Choose the period and what to rank by">
        <PeriodFilter periods={REPORT_PERIODS} selection={selection} onChange={change} />
        <KindFilter label="Kind of case" value={selection.kind} onChange={(kind) => change({ kind })} />
        <FilterSelect label="Rank themes by" value={selection.rankBy} onChange={(value) => change({ rankBy: value === 'effect' ? 'effect' : 'volume' })}>
          <option value="volume">Mentions</option>
          <option value="effect">Effect on CSAT</option>
        </FilterSelect>
      </div>
      {!period && <InvalidPeriodNotice />}
      <ErrorNotice error={themes.error} onRetry={themes.reload} />
      {themes.loading && !themes.data && <p className="muted">Analysing feedback…</p>}
      {themes.data && <ThemesTable themes={themes.data.themes} read={themes.data} />}
      <ErrorNotice error={suggestions.error} onRetry={suggestions.reload} />
      {suggestions.data && <SuggestionCards data={suggestions.data} onTracked={itemsChanged} />}
      <ErrorNotice error={items.error} onRetry={items.reload} />
      {items.data && <ImprovementsList items={items.data.items} onChanged={itemsChanged} />}
    </section>
  );
}

const formatScore = (value: number | null, unit: string) => (value === null ? '–' : `${Math.round(value)}${unit}`);

function ScoreCell({ score, unit }: { score: ScoreComparison; unit: string }) {
  return (
    <td className="col-figure">
      {formatScore(score.with, unit)} <span className="muted">vs</span> {formatScore(score.without, unit)}
      <span className="cell-secondary">
        {score.withCount} with · {score.withoutCount} without
      </span>
    </td>
  );
}

function ThemesTable({ themes, read }: { themes: FeedbackTheme[]; read: { surveyComments: number; complaints: number; truncated: boolean; minScored: number; from: string; to: string } }) {
  return (
    <section className="report-section" aria-labelledby="themes-title">
      <div className="section-heading">
        <h2 id="themes-title">Themes</h2>
        <button type="button" className="button button-small" disabled={themes.length === 0} onClick={() => saveCsvFile(themesCsv(themes), `feedback-themes-${read.from.slice(0, 10)}.csv`)}>
          Download CSV
        </button>
      </div>
      <p className="muted">
        From {read.surveyComments} survey comments and {read.complaints} complaint concerns{read.truncated ? ' (the latest of a larger period)' : ''}. Scores need {read.minScored} answers
        on each side.
      </p>
      {themes.length === 0 ? (
        <p className="report-empty">No theme is mentioned more than once in this period.</p>
      ) : (
        <div className="report-table-scroll">
          <table className="data-table feedback-table" aria-labelledby="themes-title">
            <thead>
              <tr>
                <th scope="col">Theme</th>
                <th scope="col" className="col-figure">Mentions</th>
                <th scope="col" className="col-figure">CSAT with vs without</th>
                <th scope="col" className="col-figure">NPS with vs without</th>
                <th scope="col">Root causes</th>
              </tr>
            </thead>
            <tbody>
              {themes.map((theme) => (
                <tr key={theme.theme}>
                  <th scope="row">
                    {theme.theme}
                    <span className="cell-secondary">{theme.phrases.filter((phrase) => phrase !== theme.theme).slice(0, 4).join(', ')}</span>
                  </th>
                  <td className="col-figure">
                    {theme.mentions}
                    <span className="cell-secondary">
                      {theme.fromSurveys} surveys · {theme.fromComplaints} complaints
                    </span>
                  </td>
                  <ScoreCell score={theme.csat} unit="%" />
                  <ScoreCell score={theme.nps} unit="" />
                  <td>{theme.rootCauses.map((cause) => `${ROOT_CAUSE_LABELS[cause.rootCause]} (${cause.count})`).join(', ') || <span className="muted">None recorded</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SuggestionCards({ data, onTracked }: { data: ImprovementSuggestions; onTracked: () => void }) {
  const suggestions = data.suggestions;
  return (
    <section className="report-section" aria-labelledby="suggestions-title">
      <div className="section-heading">
        <h2 id="suggestions-title">Suggested improvements</h2>
        <button type="button" className="button button-small" disabled={suggestions.length === 0} onClick={() => saveCsvFile(suggestionsCsv(suggestions), `improvement-suggestions-${data.from.slice(0, 10)}.csv`)}>
          Download CSV
        </button>
      </div>
      {suggestions.length === 0 ? (
        <p className="report-empty">Nothing in this period lowers scores or is complained about more than once.</p>
      ) : (
        <ul className="suggestion-list">
          {suggestions.map((suggestion) => (
            <SuggestionCard key={suggestion.theme} suggestion={suggestion} period={data} onTracked={onTracked} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SuggestionCard({ suggestion, period, onTracked }: { suggestion: ImprovementSuggestion; period: { from: string; to: string }; onTracked: () => void }) {
  const managesRules = useManagesRules();
  const [tracking, setTracking] = useState(false);
  const titleId = `suggestion-${suggestion.theme.replace(/\W+/g, '-')}`;
  return (
    <li className="card suggestion-card" aria-labelledby={titleId}>
      <h3 id={titleId}>{suggestion.theme}</h3>
      <p>
        <strong>{suggestion.evidenceCount} mentions</strong>: {suggestion.fromSurveys} survey comments, {suggestion.fromComplaints} complaints.
        {suggestion.affected && <> {suggestion.affected}.</>}
      </p>
      <p className="suggestion-effect">{suggestion.estimatedEffect}</p>
      <ul className="suggestion-examples" aria-label="Example comments">
        {suggestion.examples.map((example) => (
          <li key={example}>
            <q>{example}</q>
          </li>
        ))}
      </ul>
      {suggestion.openItemId ? (
        <p className="muted">Tracked as an improvement.</p>
      ) : (
        managesRules &&
        (tracking ? (
          <TrackForm
            suggestion={suggestion}
            period={period}
            onCancel={() => setTracking(false)}
            onTracked={() => {
              setTracking(false);
              onTracked();
            }}
          />
        ) : (
          <button type="button" className="button" onClick={() => setTracking(true)}>
            Track as improvement
          </button>
        ))
      )}
    </li>
  );
}

function TrackForm(props: { suggestion: ImprovementSuggestion; period: { from: string; to: string }; onCancel: () => void; onTracked: () => void }) {
  const { suggestion } = props;
  const { users } = useWorkspace();
  const [title, setTitle] = useState(`Fix ${suggestion.theme}`);
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await feedbackApi.createItem({
        title,
        theme: suggestion.theme,
        affected: suggestion.affected,
        estimatedEffect: suggestion.estimatedEffect,
        evidence: {
          mentions: suggestion.evidenceCount,
          fromSurveys: suggestion.fromSurveys,
          fromComplaints: suggestion.fromComplaints,
          examples: suggestion.examples,
          csat: suggestion.csat,
          nps: suggestion.nps,
          from: props.period.from,
          to: props.period.to,
        },
        ownerId: ownerId || null,
        dueDate: dueDate || null,
      });
      props.onTracked();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="track-form" onSubmit={submit} aria-label={`Track ${suggestion.theme} as an improvement`}>
      <FormField label="Title" error={error?.reasonFor('title')}>
        {(control) => <input {...control} value={title} required onChange={(event) => setTitle(event.target.value)} />}
      </FormField>
      <FormField label="Owner" error={error?.reasonFor('ownerId')}>
        {(control) => (
          <select {...control} value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
            <option value="">Nobody yet</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label="Due date" error={error?.reasonFor('dueDate')}>
        {(control) => <input {...control} type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />}
      </FormField>
      {error && !error.details.length && (
        <p className="error-notice" role="alert">
          {error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          Track
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ImprovementsList({ items, onChanged }: { items: ImprovementItem[]; onChanged: () => void }) {
  const managesRules = useManagesRules();
  const { users } = useWorkspace();
  const [error, setError] = useState<ApiError | undefined>();
  const update = async (item: ImprovementItem, change: Parameters<typeof feedbackApi.updateItem>[1]) => {
    setError(undefined);
    try {
      await feedbackApi.updateItem(item.id, change);
      onChanged();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };
  return (
    <section className="report-section" aria-labelledby="improvements-title">
      <div className="section-heading">
        <h2 id="improvements-title">Improvements</h2>
        <button type="button" className="button button-small" disabled={items.length === 0} onClick={() => saveCsvFile(improvementItemsCsv(items), 'improvements.csv')}>
          Download CSV
        </button>
      </div>
      <ErrorNotice error={error} />
      {items.length === 0 ? (
        <p className="report-empty">No improvement is tracked yet.</p>
      ) : (
        <table className="data-table improvements-table" aria-labelledby="improvements-title">
          <thead>
            <tr>
              <th scope="col">Improvement</th>
              <th scope="col">Owner</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} className={item.overdue ? 'improvement-overdue' : undefined}>
                <th scope="row">
                  {item.title}
                  <span className="cell-secondary">Theme: {item.theme}</span>
                </th>
                <td>
                  {managesRules ? (
                    <select aria-label={`Owner of ${item.title}`} value={item.ownerId ?? ''} onChange={(event) => update(item, { ownerId: event.target.value || null })}>
                      <option value="">Nobody yet</option>
                      {/* The owner shows while the user list loads, or if they are no longer in it. */}
                      {item.ownerId && !users.some((user) => user.id === item.ownerId) && <option value={item.ownerId}>{item.ownerName ?? item.ownerId}</option>}
                      {users.map((user) => (
                        <option key={user.id} value={user.id}>
                          {user.name}
                        </option>
                      ))}
                    </select>
                  ) : (
                    (item.ownerName ?? <span className="muted">Nobody yet</span>)
                  )}
                </td>
                <td>
                  {managesRules ? (
                    <select aria-label={`Status of ${item.title}`} value={item.status} onChange={(event) => update(item, { status: event.target.value as ImprovementStatus })}>
                      {IMPROVEMENT_STATUSES.map((status) => (
                        <option key={status} value={status}>
                          {IMPROVEMENT_STATUS_LABELS[status]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    IMPROVEMENT_STATUS_LABELS[item.status]
                  )}
                  {item.closedAt && <span className="cell-secondary">on {formatDate(item.closedAt)}</span>}
                </td>
                <td>
                  {managesRules ? (
                    <input type="date" aria-label={`Due date of ${item.title}`} value={item.dueDate ?? ''} onChange={(event) => update(item, { dueDate: event.target.value || null })} />
                  ) : (
                    (item.dueDate ?? <span className="muted">None</span>)
                  )}
                  {item.overdue && <span className="badge badge-overdue">Overdue</span>}
                </td>
                <td>
                  {item.evidence.mentions} mentions
                  {item.estimatedEffect && <span className="cell-secondary">{item.estimatedEffect}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
