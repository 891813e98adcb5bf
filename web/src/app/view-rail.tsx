import { useCallback, useEffect } from 'react';
import { CASE_STATUSES } from '../../../src/shared/enums.js';
import { casesApi, resolutionsApi, slaApi } from '../api/aftercare-api.js';
import { followUpsApi } from '../api/follow-ups-api.js';
import { useResource } from '../api/use-resource.js';
import { inboxHref, readInboxFilter } from '../cases/inbox-filter.js';
import { followUpsHref, readFollowUpsQuery } from '../follow-ups/follow-ups-page.js';
import { AT_RISK_LIMIT, atRiskHref } from '../sla/at-risk-page.js';
import { formatCount } from '../ui/format.js';
import { STATUS_LABELS } from '../ui/labels.js';
import { type Route, hrefTo } from './hash-router.js';
import { useCasesChanged, useWorkspace } from './workspace-context.js';

const COUNTS_REFRESH_MS = 60_000;

export function ViewRail({ route }: { route: Route }) {
  const { session } = useWorkspace();
  const counts = useResource('case-counts', (signal) => casesApi.counts(signal));
  const approvals = useResource('approval-queue', (signal) => resolutionsApi.approvals(signal));
  const atRisk = useResource('at-risk-count', (signal) => slaApi.atRisk({ limit: AT_RISK_LIMIT }, signal));
  const followUps = useResource('follow-up-counts', (signal) => followUpsApi.counts(signal));
  const reloadCounts = counts.reload;
  const reloadApprovals = approvals.reload;
  const reloadAtRisk = atRisk.reload;
  const reloadFollowUps = followUps.reload;
  const reloadAll = useCallback(() => {
    reloadCounts();
    reloadApprovals();
    reloadAtRisk();
    reloadFollowUps();
  }, [reloadCounts, reloadApprovals, reloadAtRisk, reloadFollowUps]);
  useCasesChanged(reloadAll);
  useEffect(() => {
    // Other agents change cases too; refresh while the tab is in front, not in background tabs.
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reloadAll();
    }, COUNTS_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reloadAll]);

  const currentHref = currentViewHref(route);

  const caseViews = [
    { label: 'Open', href: inboxHref({}), count: counts.data?.open },
    { label: 'Mine', href: inboxHref({ assigneeId: session.user.id }), count: counts.data?.mine },
    { label: 'Unassigned', href: inboxHref({ assigneeId: 'none' }), count: counts.data?.unassigned },
    {
      label: 'At risk',
      href: atRiskHref(),
      count: atRisk.data?.items.length,
      countIsFloor: atRisk.data?.items.length === AT_RISK_LIMIT,
    },
    { label: 'Awaiting approval', href: hrefTo('/approvals'), count: approvals.data?.items.length },
    { label: 'All cases', href: inboxHref({ status: 'all' }), count: undefined },
  ];
  const followUpViews = [
    { label: 'Follow-ups due today', href: followUpsHref('due_today'), count: followUps.data?.dueToday },
    { label: 'My call tasks', href: followUpsHref('calls', 'me'), count: followUps.data?.myCalls },
    { label: 'Failed sends', href: followUpsHref('failed'), count: followUps.data?.failed },
    { label: 'Scheduled', href: followUpsHref('scheduled'), count: undefined },
  ];
  const statusViews = CASE_STATUSES.map((status) => ({
    label: STATUS_LABELS[status],
    href: inboxHref({ status }),
    count: counts.data ? (counts.data.byStatus[status] ?? 0) : undefined,
  }));

  return (
    <nav className="rail" aria-label="Views">
      <RailGroup title="Cases" views={caseViews} currentHref={currentHref} />
      <RailGroup title="Follow-ups" views={followUpViews} currentHref={currentHref} />
      <RailGroup title="By status" views={statusViews} currentHref={currentHref} />
      <RailGroup
        title="People"
        views={[{ label: 'Customers', href: hrefTo('/customers'), count: undefined }]}
        currentHref={currentHref}
      />
      <RailGroup title="Reports" views={REPORT_VIEWS} currentHref={currentHref} />
      <RailGroup title="Settings" views={SETTINGS_VIEWS} currentHref={currentHref} />
      {(counts.error ?? approvals.error ?? atRisk.error ?? followUps.error) && (
        <p className="rail-note" role="status">
          Counts unavailable: {(counts.error ?? approvals.error ?? atRisk.error ?? followUps.error)?.message}
        </p>
      )}
    </nav>
  );
}

const REPORT_VIEWS: RailView[] = [
  { label: 'Dashboard', href: hrefTo('/reports/dashboard'), count: undefined },
  { label: 'SLA report', href: hrefTo('/reports/sla'), count: undefined },
  { label: 'Survey responses', href: hrefTo('/reports/surveys'), count: undefined },
  { label: 'Feedback', href: hrefTo('/feedback'), count: undefined },
  { label: 'Loyalty', href: hrefTo('/reports/loyalty'), count: undefined },
];

const SETTINGS_VIEWS: RailView[] = [
  { label: 'Policies', href: hrefTo('/settings/policies'), count: undefined },
  { label: 'Templates and scripts', href: hrefTo('/settings/templates'), count: undefined },
  { label: 'Authority limits', href: hrefTo('/settings/authority-limits'), count: undefined },
  { label: 'Complaint procedure', href: hrefTo('/settings/procedure'), count: undefined },
  { label: 'Business calendars', href: hrefTo('/settings/calendars'), count: undefined },
  { label: 'SLA policies', href: hrefTo('/settings/sla-policies'), count: undefined },
  { label: 'Follow-up rules', href: hrefTo('/settings/follow-up-rules'), count: undefined },
  { label: 'Surveys', href: hrefTo('/settings/surveys'), count: undefined },
  { label: 'Webhooks', href: hrefTo('/settings/webhooks'), count: undefined },
];

/** The rail link for the page on screen; a page inside a section (one policy) marks its section. */
function currentViewHref(route: Route): string | null {
  const [section, id] = route.segments;
  // On the inbox, the view whose filters match the list (search text aside) is the current one.
  if (section === undefined || (section === 'cases' && id === undefined)) {
    return inboxHref({ ...readInboxFilter(route.query), q: undefined });
  }
  if (section === 'approvals') return hrefTo('/approvals');
  if (section === 'at-risk') return atRiskHref();
  if (section === 'customers') return hrefTo('/customers');
  if (section === 'follow-ups') {
    const { view, assignee } = readFollowUpsQuery(route.query);
    return followUpsHref(view, assignee);
  }
  if (section === 'reports') return hrefTo(`/reports/${id ?? 'sla'}`);
  if (section === 'settings') return hrefTo(`/settings/${id ?? 'policies'}`);
  return null;
}

interface RailView {
  label: string;
  href: string;
  count: number | undefined;
  /** The count stopped at a limit: there may be more. */
  countIsFloor?: boolean;
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
                  {view.countIsFloor && '+'}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
