import { type MouseEvent, useMemo, useState } from 'react';
import type { Session } from '../../../src/shared/index.js';
import { directoryApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { ApprovalsPage } from '../approvals/approvals-page.js';
import { CasePage } from '../cases/case-page.js';
import { lastInboxHref } from '../cases/inbox-filter.js';
import { InboxPage } from '../cases/inbox-page.js';
import { NewCasePage } from '../cases/new-case-page.js';
import { CustomerPage } from '../customers/customer-page.js';
import { CustomersPage } from '../customers/customers-page.js';
import { FollowUpsPage } from '../follow-ups/follow-ups-page.js';
import { FeedbackPage } from '../feedback/feedback-page.js';
import { LoyaltyPage } from '../loyalty/loyalty-page.js';
import { SlaReportPage } from '../reports/sla-report-page.js';
import { DashboardPage } from '../dashboard/dashboard-page.js';
import { SurveyResponsesPage } from '../surveys/survey-responses-page.js';
import { settingsPage } from '../settings/settings-routes.js';
import { AtRiskPage, atRiskHref } from '../sla/at-risk-page.js';
import { type Route, hrefTo, navigate, useRoute } from './hash-router.js';
import { useShortcuts } from './keyboard-shortcuts.js';
import { ShortcutHelp } from './shortcut-help.js';
import { TopBar } from './top-bar.js';
import { ViewRail } from './view-rail.js';
import { type Workspace, WorkspaceContext } from './workspace-context.js';

export function WorkspaceShell(props: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  // Lists of people and teams only fill selects; a failure leaves them empty rather than blocking work.
  const teams = useResource('teams', (signal) => directoryApi.teams(signal));
  const users = useResource('users', (signal) => directoryApi.users(signal));

  const workspace = useMemo<Workspace>(
    () => ({ session: props.session, teams: teams.data?.items ?? [], users: users.data?.items ?? [] }),
    [props.session, teams.data, users.data],
  );

  useShortcuts({
    '?': () => setHelpOpen(true),
    '/': () => focusSearch(),
    'g i': () => navigate(lastInboxHref()),
    'g c': () => navigate(hrefTo('/customers')),
    'g a': () => navigate(hrefTo('/approvals')),
    'g r': () => navigate(atRiskHref()),
  });

  return (
    <WorkspaceContext.Provider value={workspace}>
      <div className="workspace">
        <a className="skip-link" href="#main" onClick={skipToContent}>
          Skip to content
        </a>
        <TopBar route={route} onShowShortcuts={() => setHelpOpen(true)} onSignOut={props.onSignOut} />
        <ViewRail route={route} />
        <main id="main" className="workspace-main" tabIndex={-1}>
          <Page route={route} />
        </main>
        <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      </div>
    </WorkspaceContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  const [section, id, action] = route.segments;
  if (section === undefined || (section === 'cases' && id === undefined)) return <InboxPage route={route} />;
  if (section === 'cases' && id !== undefined && action === undefined) return <CasePage key={id} caseId={id} />;
  if (section === 'customers' && id === undefined) return <CustomersPage route={route} />;
  if (section === 'customers' && id !== undefined && action === undefined) return <CustomerPage key={id} customerId={id} />;
  if (section === 'customers' && id !== undefined && action === 'new-case') return <NewCasePage customerId={id} />;
  if (section === 'approvals' && id === undefined) return <ApprovalsPage />;
  if (section === 'follow-ups' && id === undefined) return <FollowUpsPage route={route} />;
  if (section === 'at-risk' && id === undefined) return <AtRiskPage route={route} />;
  if (section === 'reports' && id === 'sla' && action === undefined) return <SlaReportPage route={route} />;
  if (section === 'reports' && id === 'dashboard' && action === undefined) return <DashboardPage route={route} />;
  if (section === 'feedback' && id === undefined) return <FeedbackPage route={route} />;
  if (section === 'reports' && id === 'surveys' && action === undefined) return <SurveyResponsesPage route={route} />;
  if (section === 'reports' && id === 'loyalty' && action === undefined) return <LoyaltyPage route={route} />;
  if (section === 'settings') {
    const page = settingsPage(route);
    if (page) return page;
  }
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href={hrefTo('/cases')}>Go to the inbox</a>.
      </p>
    </section>
  );
}

/** `/` goes to the page's own search (customers) when it has one, else to the case search in the top bar. */
function focusSearch(): void {
  const fields = document.querySelectorAll<HTMLInputElement>('input[type="search"]');
  const field = fields[fields.length - 1];
  field?.focus();
  field?.select();
}

function skipToContent(event: MouseEvent): void {
  // The hash router owns location.hash, so the skip link moves focus itself instead of navigating.
  event.preventDefault();
  document.getElementById('main')?.focus();
}
