import { useEffect, useMemo } from 'react';
import { casesApi } from '../api/aftercare-api.js';
import { usePagedList } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { SlaBadge } from '../sla/sla-badge.js';
import { PriorityBadge, StatusBadge } from '../ui/badges.js';
import { ChoiceOptions } from '../ui/choice-field.js';
import { FilterSelect } from '../ui/filter-select.js';
import { formatAge, formatDateTime } from '../ui/format.js';
import { KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS, labelFor } from '../ui/labels.js';
import { PagedTable } from '../ui/paged-table.js';
import { useNow } from '../ui/use-now.js';
import { useCaseRowSelection } from './case-row-selection.js';
import { type InboxFilter, inboxHref, readInboxFilter, rememberInbox, toCaseFilter } from './inbox-filter.js';

export function InboxPage({ route }: { route: Route }) {
  const { session, teams, users } = useWorkspace();
  const filter = useMemo(() => readInboxFilter(route.query), [route.query]);
  const href = inboxHref(filter);
  const list = usePagedList(href, (cursor, signal) => casesApi.list(toCaseFilter(filter), { cursor, signal }));
  // Often enough that an SLA badge's minutes left stay true.
  const now = useNow(30_000);
  const { selected, clear, rowLink } = useCaseRowSelection(list.items);

  const title = titleOf(filter, session.user.id);
  useDocumentTitle(title);
  useEffect(() => {
    rememberInbox(href);
    clear();
  }, [href, clear]);

  function change(update: Partial<InboxFilter>): void {
    navigate(inboxHref({ ...filter, ...update }));
  }

  const filtered = filter.status !== 'open' || filter.kind || filter.priority || filter.teamId || filter.assigneeId || filter.q;

  return (
    <section className="page inbox" aria-labelledby="inbox-title">
      <div className="page-header">
        <h1 id="inbox-title">{title}</h1>
        {filter.q && <p className="muted">Matching “{filter.q}”</p>}
      </div>

      <form className="filter-bar" aria-label="Filter cases" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect label="Status" value={filter.status} onChange={(status) => change({ status: (status || 'open') as InboxFilter['status'] })}>
          <option value="open">Open (not closed)</option>
          <option value="all">Any status</option>
          <ChoiceOptions labels={STATUS_LABELS} />
        </FilterSelect>
        <FilterSelect label="Kind" value={filter.kind} onChange={(kind) => change({ kind: kind as InboxFilter['kind'] })}>
          <option value="">Any kind</option>
          <ChoiceOptions labels={KIND_LABELS} />
        </FilterSelect>
        <FilterSelect
          label="Priority"
          value={filter.priority}
          onChange={(priority) => change({ priority: priority as InboxFilter['priority'] })}
        >
          <option value="">Any priority</option>
          <ChoiceOptions labels={PRIORITY_LABELS} />
        </FilterSelect>
        <FilterSelect label="Team" value={filter.teamId} onChange={(teamId) => change({ teamId })}>
          <option value="">Any team</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Assignee" value={filter.assigneeId} onChange={(assigneeId) => change({ assigneeId })}>
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          <option value={session.user.id}>Me ({session.user.name})</option>
          {users
            .filter((user) => user.id !== session.user.id && user.active)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
        </FilterSelect>
        {filtered && (
          <a className="button button-small" href={inboxHref({})}>
            Clear filters
          </a>
        )}
      </form>

      <PagedTable
        list={list}
        className="data-table case-table"
        labelledBy="inbox-title"
        loading="Loading cases…"
        empty={<>No cases match this view.{filtered && <> <a href={inboxHref({})}>Show all open cases</a>.</>}</>}
        shown={(count) => `${count} ${count === 1 ? 'case' : 'cases'} shown`}
      >
        <thead>
          <tr>
            <th scope="col" className="col-number">
              Case
            </th>
            <th scope="col">Subject</th>
            <th scope="col">Customer</th>
            <th scope="col">Kind</th>
            <th scope="col">Priority</th>
            <th scope="col" className="col-sla">
              SLA
            </th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
            <th scope="col" className="col-age">
              Age
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((item, index) => (
            <tr key={item.id} className={index === selected ? 'is-selected' : undefined}>
              <td className="col-number">{item.number}</td>
              <td className="col-subject">
                {/* The link stretches over the whole row, so a click anywhere on it opens the case. */}
                <a className="row-link" href={hrefTo(`/cases/${item.id}`)} {...rowLink(index)}>
                  {item.subject}
                </a>
              </td>
              <td>{item.customerName}</td>
              <td>{labelFor(KIND_LABELS, item.kind)}</td>
              <td>
                <PriorityBadge priority={item.priority} />
              </td>
              <td className="col-sla">
                <SlaBadge sla={item.sla} now={now} />
              </td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>
                {item.assigneeName ?? <span className="muted">Unassigned</span>}
                {item.teamName && <span className="cell-secondary">{item.teamName}</span>}
              </td>
              <td className="col-age">
                <time dateTime={item.openedAt} title={`Opened ${formatDateTime(item.openedAt)}`}>
                  {formatAge(item.openedAt, now)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </section>
  );
}

function titleOf(filter: InboxFilter, myId: string): string {
  if (filter.assigneeId === myId) return 'Mine';
  if (filter.assigneeId === 'none') return 'Unassigned';
  if (filter.status === 'open') return 'Open cases';
  if (filter.status === 'all') return 'All cases';
  return labelFor(STATUS_LABELS, filter.status);
}
