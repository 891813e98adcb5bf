import { slaApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { weeklyHoursSummary } from './calendar-form.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import './settings.css';
import './sla-settings.css';

export function BusinessCalendarsPage() {
  const calendars = useResource('sla-calendars', (signal) => slaApi.calendars(signal));
  const policies = useResource('sla-policies', (signal) => slaApi.policies(signal));
  const managesRules = useManagesRules();
  useDocumentTitle('Business calendars');
  const today = new Date().toISOString().slice(0, 10);

  return (
    <section className="page settings-page" aria-labelledby="calendars-title">
      <div className="page-header">
        <div>
          <h1 id="calendars-title">Business calendars</h1>
          <p className="muted">
            The hours SLA clocks count in: opening hours per weekday in the calendar’s time zone, holidays and one-off closures. Each
            SLA policy names the calendar it counts in.
          </p>
        </div>
        {managesRules && (
          <a className="button button-primary" href={hrefTo('/settings/calendars/new')}>
            New calendar
          </a>
        )}
      </div>
      {!managesRules && <ReadOnlyNotice />}
      <ErrorNotice error={calendars.error} onRetry={calendars.reload} />
      <table className="data-table" aria-labelledby="calendars-title">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Time zone</th>
            <th scope="col">Opening hours</th>
            <th scope="col">Next holiday</th>
            <th scope="col">Used by</th>
            <th scope="col">Changed</th>
          </tr>
        </thead>
        <tbody>
          {calendars.data?.items.map((calendar) => {
            const nextHoliday = calendar.holidays.filter((day) => day >= today).sort()[0];
            const users = policies.data?.items.filter((policy) => policy.calendarId === calendar.id).length;
            return (
              <tr key={calendar.id}>
                <td>
                  <a className="row-link" href={hrefTo(`/settings/calendars/${calendar.id}`)}>
                    {calendar.name}
                  </a>
                </td>
                <td>{calendar.timezone}</td>
                <td className="calendar-hours-summary">{weeklyHoursSummary(calendar.weeklyHours)}</td>
                <td>
                  {nextHoliday ? formatDate(`${nextHoliday}T12:00:00Z`) : <span className="muted">None</span>}
                  {calendar.closures.length > 0 && (
                    <span className="cell-secondary">
                      {calendar.closures.length} {calendar.closures.length === 1 ? 'closure' : 'closures'}
                    </span>
                  )}
                </td>
                <td>{users === undefined ? '' : users === 0 ? <span className="muted">No policy</span> : `${users} ${users === 1 ? 'policy' : 'policies'}`}</td>
                <td>
                  <time dateTime={calendar.updatedAt} title={formatDateTime(calendar.updatedAt)}>
                    {formatDate(calendar.updatedAt)}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="list-footer" aria-live="polite">
        {calendars.loading && !calendars.data && <span>Loading calendars…</span>}
        {calendars.data?.items.length === 0 && (
          <span>No calendars yet.{managesRules && ' Create one before the first SLA policy: it says when the clocks run.'}</span>
        )}
      </div>
    </section>
  );
}
