import { slaApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { formatTargetMinutes } from '../sla/sla-time.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import { matchSummary } from './sla-policy-form.js';
import './settings.css';
import './sla-settings.css';

export function SlaPoliciesPage() {
  const policies = useResource('sla-policies', (signal) => slaApi.policies(signal));
  const calendars = useResource('sla-calendars', (signal) => slaApi.calendars(signal));
  const { teams } = useWorkspace();
  const managesRules = useManagesRules();
  useDocumentTitle('SLA policies');
  const noCalendar = calendars.data?.items.length === 0;
  const target = (minutes: number | null) => (minutes === null ? <span className="muted">—</span> : formatTargetMinutes(minutes));

  return (
    <section className="page settings-page sla-policies-page" aria-labelledby="sla-policies-title">
      <div className="page-header">
        <div>
          <h1 id="sla-policies-title">SLA policies</h1>
          <p className="muted">
            Tried in this order: the first active policy that matches a case sets its targets. Targets count business time on the
            policy’s calendar, and pause while the case waits on the customer.
          </p>
        </div>
        {managesRules && !noCalendar && (
          <a className="button button-primary" href={hrefTo('/settings/sla-policies/new')}>
            New SLA policy
          </a>
        )}
      </div>
      {!managesRules && <ReadOnlyNotice />}
      {managesRules && noCalendar && (
        <p className="read-only-notice">
          A policy counts time on a business calendar. <a href={hrefTo('/settings/calendars/new')}>Create a calendar</a> first.
        </p>
      )}
      <ErrorNotice error={policies.error ?? calendars.error} onRetry={policies.error ? policies.reload : calendars.reload} />
      <table className="data-table sla-policy-table" aria-labelledby="sla-policies-title">
        <thead>
          <tr>
            <th scope="col" className="col-position">
              Order
            </th>
            <th scope="col">Name</th>
            <th scope="col">Applies to</th>
            <th scope="col">Calendar</th>
            <th scope="col" className="col-target">
              First response
            </th>
            <th scope="col" className="col-target">
              Next response
            </th>
            <th scope="col" className="col-target">
              Resolution
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {policies.data?.items.map((policy) => (
            <tr key={policy.id} className={policy.active ? undefined : 'is-inactive'}>
              <td className="col-position">{policy.position}</td>
              <td>
                <a className="row-link" href={hrefTo(`/settings/sla-policies/${policy.id}`)}>
                  {policy.name}
                </a>
              </td>
              <td>{matchSummary(policy.match, teams)}</td>
              <td>{policy.calendarName}</td>
              <td className="col-target">{target(policy.firstResponseMinutes)}</td>
              <td className="col-target">{target(policy.nextResponseMinutes)}</td>
              <td className="col-target">{target(policy.resolutionMinutes)}</td>
              <td>{policy.active ? <span className="badge badge-in-effect">Active</span> : <span className="badge">Inactive</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="list-footer" aria-live="polite">
        {policies.loading && !policies.data && <span>Loading SLA policies…</span>}
        {policies.data?.items.length === 0 && <span>No SLA policies yet: no case has a target.</span>}
      </div>
    </section>
  );
}
