import { WEBHOOK_EVENT_LABELS } from '../../../src/shared/index.js';
import { managesWebhooks, readsWebhooks, webhooksApi } from '../api/webhooks-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { useFlash } from './settings-flash.js';
import { WebhooksNotice } from './webhook-notices.js';
import './settings.css';
import './webhooks.css';

export function WebhooksPage() {
  const role = useWorkspace().session.user.role;
  const endpoints = useResource(readsWebhooks(role) ? 'webhooks' : null, (signal) => webhooksApi.list(signal));
  const manages = managesWebhooks(role);
  const [flash] = useFlash();
  useDocumentTitle('Webhooks');

  return (
    <section className="page settings-page" aria-labelledby="webhooks-title">
      <div className="page-header">
        <div>
          <h1 id="webhooks-title">Webhooks</h1>
          <p className="muted">
            Aftercare posts events (a case opened or moved, a follow-up scheduled, sent, completed or failed) as signed JSON to the
            systems listed here. A delivery that fails for a while is tried again with growing pauses; each one shows on its
            endpoint’s page.
          </p>
        </div>
        {manages && (
          <a className="button button-primary" href={hrefTo('/settings/webhooks/new')}>
            New endpoint
          </a>
        )}
      </div>
      {flash && (
        <p className="settings-confirmation" role="status">
          {flash}
        </p>
      )}
      <WebhooksNotice role={role} />
      <ErrorNotice error={endpoints.error} onRetry={endpoints.reload} />
      {readsWebhooks(role) && (
        <>
          <table className="data-table webhook-table" aria-labelledby="webhooks-title">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.data?.items.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td>
                    <a className="row-link webhook-url" href={hrefTo(`/settings/webhooks/${endpoint.id}`)}>
                      {endpoint.url}
                    </a>
                    {endpoint.description && <span className="cell-secondary">{endpoint.description}</span>}
                  </td>
                  <td>
                    <ul className="plain-list webhook-event-list">
                      {endpoint.events.map((event) => (
                        <li key={event} title={WEBHOOK_EVENT_LABELS[event]}>
                          <code>{event}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <span className={`badge ${endpoint.active ? 'webhook-active' : 'webhook-inactive'}`}>{endpoint.active ? 'Active' : 'Inactive'}</span>
                  </td>
                  <td>
                    <time dateTime={endpoint.updatedAt} title={formatDateTime(endpoint.updatedAt)}>
                      {formatDate(endpoint.updatedAt)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="list-footer" aria-live="polite">
            {endpoints.loading && !endpoints.data && <span>Loading endpoints…</span>}
            {endpoints.data?.items.length === 0 && <span>No endpoints yet.{manages && ' Add one to send events to another system.'}</span>}
          </div>
        </>
      )}
    </section>
  );
}
