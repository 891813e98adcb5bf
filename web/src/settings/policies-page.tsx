import { policiesApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import './settings.css';

export function PoliciesPage() {
  const policies = useResource('policies', (signal) => policiesApi.list(signal));
  const managesRules = useManagesRules();
  const now = useNow();
  useDocumentTitle('Policies');

  return (
    <section className="page settings-page" aria-labelledby="policies-title">
      <div className="page-header">
        <div>
          <h1 id="policies-title">Policies</h1>
          <p className="muted">What agents cite when they propose a resolution. A change is a new version; earlier versions stay as they were.</p>
        </div>
        {managesRules && (
          <a className="button button-primary" href={hrefTo('/settings/policies/new')}>
            New policy
          </a>
        )}
      </div>
      {!managesRules && <ReadOnlyNotice />}
      <ErrorNotice error={policies.error} onRetry={policies.reload} />
      <table className="data-table" aria-labelledby="policies-title">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Version in effect</th>
            <th scope="col">Effective from</th>
            <th scope="col">Latest version</th>
          </tr>
        </thead>
        <tbody>
          {policies.data?.items.map((policy) => (
            <tr key={policy.id}>
              <td>
                <a className="row-link" href={hrefTo(`/settings/policies/${policy.id}`)}>
                  {policy.title}
                </a>
              </td>
              <td>Version {policy.version}</td>
              <td>
                <time dateTime={policy.effectiveFrom} title={formatDateTime(policy.effectiveFrom)}>
                  {formatDate(policy.effectiveFrom)}
                </time>
                {Date.parse(policy.effectiveFrom) > now && <span className="badge badge-scheduled">Not in effect yet</span>}
              </td>
              <td>
                Version {policy.latestVersion}
                {policy.latestVersion > policy.version && <span className="badge badge-scheduled">Scheduled</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="list-footer" aria-live="polite">
        {policies.loading && !policies.data && <span>Loading policies…</span>}
        {policies.data?.items.length === 0 && (
          <span>No policies yet.{managesRules && ' Create the first one, so agents can cite it.'}</span>
        )}
      </div>
    </section>
  );
}
