import { Fragment, useCallback, useState } from 'react';
import { FOLLOW_UP_VIEWS, type FollowUp } from '../../../src/shared/index.js';
import { toApiError, type ApiError } from '../api/api-client.js';
import { endOfLocalDay, followUpsApi } from '../api/follow-ups-api.js';
import { usePagedList } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useWritesRecords } from '../app/permissions.js';
import { announceCasesChanged, useCasesChanged, useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { FOLLOW_UP_CHANNEL_LABELS } from '../customers/contact-labels.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FilterSelect } from '../ui/filter-select.js';
import { formatDateTime, formatNearTime } from '../ui/format.js';
import { PagedTable } from '../ui/paged-table.js';
import { useNow } from '../ui/use-now.js';
import { PURPOSE_LABELS, stopReasonText } from './follow-up-labels.js';
import { FollowUpStatusBadge, OutcomeForm, takesOutcome } from './follow-up-parts.js';

type FollowUpView = (typeof FOLLOW_UP_VIEWS)[number];

export const FOLLOW_UP_VIEW_TITLES: Record<FollowUpView, string> = {
  due_today: 'Follow-ups due today',
  calls: 'Call tasks',
  failed: 'Failed sends',
  scheduled: 'Scheduled follow-ups',
};

const VIEW_EMPTY: Record<FollowUpView, string> = {
  due_today: 'Nothing is due today: no messages waiting to go out and no calls to make.',
  calls: 'No calls to make: every phone follow-up that has come due has its outcome.',
  failed: 'No failed sends: every message went out or is still on its way.',
  scheduled: 'No follow-ups are waiting for their slot.',
};

const VIEW_INTROS: Record<FollowUpView, string> = {
  due_today: 'Follow-ups whose slot is today or overdue: messages about to go out and calls to make.',
  calls: 'Phone follow-ups that are due. Record what the customer said to close each one.',
  failed: 'Messages that could not be sent, with the reason. Retry once the problem is fixed.',
  scheduled: 'Follow-ups waiting for their slot, soonest first.',
};

export function followUpsHref(view: FollowUpView = 'due_today', assignee?: 'me'): string {
  return hrefTo('/follow-ups', { view: view === 'due_today' ? undefined : view, assignee });
}

/** The view and assignee the address asks for; anything unknown reads as the default. */
export function readFollowUpsQuery(query: URLSearchParams): { view: FollowUpView; assignee: 'me' | undefined } {
  const requested = query.get('view') ?? 'due_today';
  return {
    view: (FOLLOW_UP_VIEWS as readonly string[]).includes(requested) ? (requested as FollowUpView) : 'due_today',
    assignee: query.get('assignee') === 'me' ? 'me' : undefined,
  };
}

/** The agent's follow-up work: due today, call tasks, failed sends and what is scheduled. */
export function FollowUpsPage({ route }: { route: Route }) {
  const { view, assignee } = readFollowUpsQuery(route.query);
  const [version, setVersion] = useState(0);
  const [dayEnd] = useState(() => endOfLocalDay());
  const list = usePagedList(`follow-ups:${view}:${assignee ?? ''}:${version}`, (cursor, signal) =>
    followUpsApi.list({ view, assignee, dayEnd: view === 'due_today' ? dayEnd : undefined }, { cursor, signal }),
  );
  const refresh = useCallback(() => setVersion((value) => value + 1), []);
  useCasesChanged(refresh);
  useDocumentTitle(FOLLOW_UP_VIEW_TITLES[view]);
  const [open, setOpen] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError>();
  const [status, setStatus] = useState('');
  const now = useNow(30_000);
  const { session } = useWorkspace();
  const canWrite = useWritesRecords();
  // What was said about one view's rows does not belong under another's.
  const [shownView, setShownView] = useState(`${view}:${assignee ?? ''}`);
  if (shownView !== `${view}:${assignee ?? ''}`) {
    setShownView(`${view}:${assignee ?? ''}`);
    setStatus('');
    setOpen(null);
    setActionError(undefined);
  }

  async function retry(followUp: FollowUp): Promise<void> {
    setActionError(undefined);
    try {
      const after = await followUpsApi.retry(followUp.id);
      setStatus(after.status === 'skipped' ? `Not retried: ${stopReasonText(after)}` : `Retrying: scheduled for ${formatDateTime(after.scheduledFor!)}.`);
      announceCasesChanged();
      refresh();
    } catch (error) {
      setActionError(toApiError(error));
    }
  }

  const columns = 8;
  return (
    <section className="page follow-ups-page" aria-labelledby="follow-ups-title">
      <div className="page-header">
        <div>
          <h1 id="follow-ups-title">{FOLLOW_UP_VIEW_TITLES[view]}</h1>
          <p className="muted">{VIEW_INTROS[view]}</p>
        </div>
        <button type="button" className="button" onClick={refresh} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <div className="filter-bar" role="group" aria-label="Filter follow-ups">
        <FilterSelect label="Show" value={view} onChange={(value) => navigate(followUpsHref((value as FollowUpView | undefined) ?? 'due_today', assignee))}>
          {FOLLOW_UP_VIEWS.map((name) => (
            <option key={name} value={name}>
              {FOLLOW_UP_VIEW_TITLES[name]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="For" value={assignee ?? 'anyone'} onChange={(value) => navigate(followUpsHref(view, value === 'me' ? 'me' : undefined))}>
          <option value="anyone">Anyone</option>
          <option value="me">Me ({session.user.name})</option>
        </FilterSelect>
      </div>
      <ErrorNotice error={actionError} />
      <p className="save-status" role="status">
        {status}
      </p>
      <PagedTable
        list={list}
        className="data-table follow-up-table"
        labelledBy="follow-ups-title"
        loading="Loading follow-ups…"
        empty={VIEW_EMPTY[view]}
        shown={(count) => `${count} ${count === 1 ? 'follow-up' : 'follow-ups'} shown`}
      >
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Customer</th>
            <th scope="col">Case</th>
            <th scope="col">Purpose</th>
            <th scope="col">Channel</th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((followUp) => (
            <Fragment key={followUp.id}>
              <tr>
                <td className="follow-up-when">
                  {followUp.scheduledFor ? (
                    <time dateTime={followUp.scheduledFor} title={formatDateTime(followUp.scheduledFor)}>
                      {formatNearTime(followUp.scheduledFor, now)}
                    </time>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{followUp.customerName}</td>
                <td>
                  {followUp.caseId ? (
                    <a className="row-link" href={hrefTo(`/cases/${followUp.caseId}`)}>
                      {followUp.caseNumber}
                      <span className="cell-secondary">{followUp.caseSubject}</span>
                    </a>
                  ) : (
                    <a className="customer-link" href={hrefTo(`/customers/${followUp.customerId}`)}>Customer profile</a>
                  )}
                </td>
                <td>{PURPOSE_LABELS[followUp.purpose]}</td>
                <td>{followUp.channel ? FOLLOW_UP_CHANNEL_LABELS[followUp.channel] : '—'}</td>
                <td>
                  <FollowUpStatusBadge status={followUp.status} />
                  {followUp.failureReason && <span className="cell-secondary follow-up-reason">{followUp.failureReason}</span>}
                </td>
                <td>{followUp.assigneeName ?? <span className="muted">{followUp.channel === 'phone' ? 'Team queue' : '—'}</span>}</td>
                <td className="follow-up-actions">
                  {canWrite && takesOutcome(followUp) && (
                    <button type="button" className="button button-small" aria-expanded={open === followUp.id} onClick={() => setOpen(open === followUp.id ? null : followUp.id)}>
                      Record outcome
                    </button>
                  )}
                  {canWrite && followUp.status === 'failed' && (
                    <button type="button" className="button button-small" onClick={() => void retry(followUp)}>
                      Retry
                    </button>
                  )}
                </td>
              </tr>
              {open === followUp.id && (
                <tr className="outcome-row">
                  <td colSpan={columns}>
                    <OutcomeForm
                      followUp={followUp}
                      onCancel={() => setOpen(null)}
                      onRecorded={(after) => {
                        setOpen(null);
                        setStatus(`Outcome recorded for ${after.customerName}${after.linkedCaseNumber ? `; opened ${after.linkedCaseNumber}` : ''}.`);
                        announceCasesChanged();
                        refresh();
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </PagedTable>
    </section>
  );
}
