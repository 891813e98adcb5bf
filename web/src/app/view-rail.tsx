import { useCallback, useEffect } from 'react';
import { CASE_STATUSES } from '../../../src/shared/enums.js';
import { casesApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { inboxHref, readInboxFilter } from '../cases/inbox-filter.js';
import { formatCount } from '../ui/format.js';
import { STATUS_LABELS } from '../ui/labels.js';
import { type Route, hrefTo } from './hash-router.js';
import { useCasesChanged, useWorkspace } from './workspace-context.js';

const COUNTS_REFRESH_MS = 60_000;

export function ViewRail({ route }: { route: Route }) {
  const { session } = useWorkspace();
  const counts = useResource('case-counts', (signal) => casesApi.counts(signal));
  const reloadCounts = counts.reload;
  useCasesChanged(useCallback(() => reloadCounts(), [reloadCounts]));
  useEffect(() => {
    // Other agents change cases too; refresh while the tab is in front, not in background tabs.
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reloadCounts();
    }, COUNTS_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reloadCounts]);

  const [section, id] = route.segments;
  const onInbox = section === undefined || (section === 'cases' && id === undefined);
  // The view whose filters match the list on screen (search text aside) is the current one.
  const currentHref = onInbox ? inboxHref({ ...readInboxFilter(route.query), q: undefined }) : null;

  const caseViews = [
    { label: 'Open', href: inboxHref({}), count: counts.data?.open },
    { label: 'Mine', href: inboxHref({ assigneeId: session.user.id }), count: counts.data?.mine },
    { label: 'Unassigned', href: inboxHref({ assigneeId: 'none' }), count: counts.data?.unassigned },
    { label: 'All cases', href: inboxHref({ status: 'all' }), count: undefined },
  ];
  const statusViews = CASE_STATUSES.map((status) => ({
    label: STATUS_LABELS[status],
    href: inboxHref({ status }),
    count: counts.data ? (counts.data.byStatus[status] ?? 0) : undefined,
  }));

  return (
    <nav className="rail" aria-label="Views">
      <RailGroup title="Cases" views={caseViews} currentHref={currentHref} />
      <RailGroup title="By status" views={statusViews} currentHref={currentHref} />
      <RailGroup
        title="People"
        views={[{ label: 'Customers', href: hrefTo('/customers'), count: undefined }]}
        currentHref={section === 'customers' ? hrefTo('/customers') : null}
      />
      {counts.error && (
        <p className="rail-note" role="status">
          Counts unavailable: {counts.error.message}
        </p>
      )}
    </nav>
  );
}

interface RailView {
  label: string;
  href: string;
  count: number | undefined;
}

function RailGroup(props: { title: string; views: RailView[]; currentHref: string | null }) {
  const headingId = `rail-${props.title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className="rail-group">
      <h2 id={headingId} className="rail-title">
        {props.title}
      </h2>
      <ul aria-labelledby={headingId}>
        {props.views.map((view) => (
          <li key={view.href}>
            <a href={view.href} className="rail-link" aria-current={view.href === props.currentHref ? 'page' : undefined}>
              <span>{view.label}</span>
              {view.count !== undefined && (
                <span className="rail-count">
                  {formatCount(view.count)}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
