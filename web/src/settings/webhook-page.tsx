import { type FormEvent, useState } from 'react';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEndpoint, type WebhookEventType } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { usePagedList, useResource } from '../api/use-resource.js';
import { managesWebhooks, readsWebhooks, webhooksApi } from '../api/webhooks-api.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { formatDateTime } from '../ui/format.js';
import { PagedTable } from '../ui/paged-table.js';
import { SaveActions } from './save-actions.js';
import { flashOnNextPage, useFlash } from './settings-flash.js';
import { CheckboxGroup } from './sla-fields.js';
import { SecretPanel, takeSecretShownOnce, showSecretOnNextPage } from './webhook-secret.js';
import { WebhooksNotice } from './webhook-notices.js';
import './settings.css';
import './sla-settings.css';
import './webhooks.css';

const EVENT_OPTIONS = WEBHOOK_EVENTS.map((value) => ({ value, label: `${WEBHOOK_EVENT_LABELS[value]} (${value})` }));

/** One endpoint: its editor and secret for admins, what it receives for those who may read it, and its deliveries. */
export function WebhookPage({ endpointId }: { endpointId: string | null }) {
  const role = useWorkspace().session.user.role;
  const endpoints = useResource(endpointId && readsWebhooks(role) ? 'webhooks' : null, (signal) => webhooksApi.list(signal));
  const endpoint = endpoints.data?.items.find((item) => item.id === endpointId);
  const missing = endpointId !== null && endpoints.data !== undefined && !endpoint;
  const manages = managesWebhooks(role);
  // A test queues a delivery: the log is read again to show it.
  const [deliveriesRead, setDeliveriesRead] = useState(0);
  const readDeliveriesAgain = () => setDeliveriesRead((count) => count + 1);
  const title = endpointId === null ? 'New webhook endpoint' : missing ? 'Endpoint not found' : (endpoint ? (endpoint.description ?? new URL(endpoint.url).host) : 'Webhook endpoint');
  useDocumentTitle(title);

  return (
    <section className="page settings-page webhook-page" aria-labelledby="webhook-title">
      <a className="back-link" href={hrefTo('/settings/webhooks')}>
        ← Webhooks
      </a>
      <h1 id="webhook-title">{title}</h1>
      {endpoint && <p className="webhook-url muted">{endpoint.url}</p>}
      <WebhooksNotice role={role} />
      <ErrorNotice error={endpoints.error} onRetry={endpoints.reload} />
      {endpointId !== null && endpoints.loading && !endpoints.data && <p className="muted">Loading the endpoint…</p>}
      {missing && <p>No endpoint has this address. It may have been deleted.</p>}
      {manages && endpointId === null && <EndpointEditor endpoint={null} onSaved={endpoints.reload} />}
      {endpoint && (
        <>
          <div className={manages ? 'webhook-layout' : undefined}>
            {manages ? <EndpointEditor key={endpoint.updatedAt} endpoint={endpoint} onSaved={endpoints.reload} /> : <EndpointView endpoint={endpoint} />}
            {manages && <EndpointActions endpoint={endpoint} onTestQueued={readDeliveriesAgain} />}
          </div>
          <Deliveries endpoint={endpoint} manages={manages} readCount={deliveriesRead} onRefresh={readDeliveriesAgain} />
        </>
      )}
    </section>
  );
}

function EndpointView({ endpoint }: { endpoint: WebhookEndpoint }) {
  return (
    <div className="card">
      <dl className="facts">
        <dt>URL</dt>
        <dd className="webhook-url">{endpoint.url}</dd>
        <dt>State</dt>
        <dd>{endpoint.active ? 'Active' : 'Inactive: receives nothing'}</dd>
        <dt>Events</dt>
        <dd>{endpoint.events.map((event) => WEBHOOK_EVENT_LABELS[event]).join(', ')}</dd>
        <dt>Changed</dt>
        <dd>{formatDateTime(endpoint.updatedAt)}</dd>
      </dl>
    </div>
  );
}

interface Draft {
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
}

const draftOf = (endpoint: WebhookEndpoint | null): Draft =>
  endpoint
    ? { url: endpoint.url, description: endpoint.description ?? '', events: endpoint.events, active: endpoint.active }
    : { url: 'https://', description: '', events: ['case.created', 'case.status_changed'], active: true };

function EndpointEditor({ endpoint, onSaved }: { endpoint: WebhookEndpoint | null; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(endpoint));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useFlash();
  const problem = (field: string) => error?.details.find((detail) => detail.field === field || detail.field.startsWith(`${field}.`))?.reason;
  const placed = error?.status === 400 && error.details.length > 0;

  function change(update: Partial<Draft>): void {
    setDraft((current) => ({ ...current, ...update }));
    setConfirmation('');
  }

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setConfirmation('');
    const body = { url: draft.url.trim(), description: draft.description.trim() || null, events: draft.events, active: draft.active };
    try {
      if (endpoint === null) {
        const created = await webhooksApi.create(body);
        showSecretOnNextPage(created.secret);
        flashOnNextPage('Endpoint added.');
        navigate(hrefTo(`/settings/webhooks/${created.id}`));
        return;
      }
      await webhooksApi.update(endpoint.id, body);
      setConfirmation('Saved.');
      onSaved();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card webhook-form" onSubmit={save} noValidate aria-label={endpoint ? 'Endpoint settings' : 'New endpoint'}>
      {placed ? (
        <p className="error-notice" role="alert">
          The endpoint was not saved: {error.details.length === 1 ? 'one field needs' : `${error.details.length} fields need`} changing, marked below.
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
      <FormField label="URL" error={problem('url')} hint="Where events are posted, http or https. Addresses inside your own network are refused unless the server allows them.">
        {(control) => (
          <input {...control} type="url" required spellCheck={false} autoComplete="off" value={draft.url} onChange={(event) => change({ url: event.target.value })} />
        )}
      </FormField>
      <FormField label="Description" error={problem('description')} hint="Optional: which system this is, who looks after it.">
        {(control) => <input {...control} maxLength={500} value={draft.description} onChange={(event) => change({ description: event.target.value })} />}
      </FormField>
      <CheckboxGroup legend="Events" options={EVENT_OPTIONS} checked={draft.events} onChange={(events) => change({ events })} error={problem('events')} />
      <label className="choice">
        <input type="checkbox" checked={draft.active} onChange={(event) => change({ active: event.target.checked })} />
        Active: events are posted to it
      </label>
      <SaveActions confirmation={confirmation} backHref={hrefTo('/settings/webhooks')} existing={endpoint !== null} busy={busy} noun="endpoint" />
    </form>
  );
}

/** Send a test, show or replace the secret, delete: each says what it did right under it. */
function EndpointActions({ endpoint, onTestQueued }: { endpoint: WebhookEndpoint; onTestQueued: () => void }) {
  const [secret, setSecret] = useState<{ value: string; fresh: boolean } | null>(() => {
    const shownOnce = takeSecretShownOnce();
    return shownOnce ? { value: shownOnce, fresh: true } : null;
  });
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const [said, setSaid] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function act(run: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(undefined);
    setSaid('');
    try {
      await run();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  const sendTest = () =>
    act(async () => {
      await webhooksApi.sendTest(endpoint.id);
      setSaid('A ping event is queued: refresh the deliveries to see how it went.');
      onTestQueued();
    });
  const reveal = () => act(async () => setSecret({ value: (await webhooksApi.revealSecret(endpoint.id)).secret, fresh: false }));
  const rotate = () =>
    act(async () => {
      setSecret({ value: (await webhooksApi.rotateSecret(endpoint.id)).secret, fresh: true });
      setSaid('A new secret replaces the old one now: update the receiving system.');
    });
  const remove = () =>
    act(async () => {
      await webhooksApi.remove(endpoint.id);
      flashOnNextPage('Endpoint deleted. Deliveries still waiting for it are cancelled.');
      navigate(hrefTo('/settings/webhooks'));
    });

  return (
    <aside className="card webhook-actions" aria-label="Endpoint actions">
      <h2>Test</h2>
      <p className="section-note muted">Posts a ping event signed like any other, so you can check the receiver answers.</p>
      <button type="button" className="button" disabled={busy || !endpoint.active} onClick={sendTest}>
        Send test event
      </button>
      {!endpoint.active && <p className="field-hint">Activate the endpoint to send a test.</p>}

      <h2>Signing secret</h2>
      <p className="section-note muted">
        Each delivery carries <code>Aftercare-Signature: t=…,v1=…</code>, an HMAC-SHA256 of <code>t.body</code> with this secret.
      </p>
      {secret ? (
        <SecretPanel secret={secret.value} fresh={secret.fresh} />
      ) : (
        <button type="button" className="button" disabled={busy} onClick={reveal}>
          Show secret
        </button>
      )}
      {confirming === 'rotate' ? (
        <div className="confirm-row" role="group" aria-label="Confirm new secret">
          <span>The old secret stops working at once.</span>
          <button type="button" className="button button-danger" disabled={busy} onClick={rotate}>
            Replace secret
          </button>
          <button type="button" className="button" onClick={() => setConfirming(null)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => setConfirming('rotate')}>
          Replace secret…
        </button>
      )}

      <h2>Delete</h2>
      {confirming === 'delete' ? (
        <div className="confirm-row" role="group" aria-label="Confirm deletion">
          <span>Delete this endpoint? Deliveries still waiting are cancelled; the audit log keeps what was sent.</span>
          <button type="button" className="button button-danger" disabled={busy} onClick={remove}>
            Delete endpoint
          </button>
          <button type="button" className="button" onClick={() => setConfirming(null)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => setConfirming('delete')}>
          Delete endpoint…
        </button>
      )}
      <p className="save-status" role="status">
        {said}
      </p>
      <ErrorNotice error={error} />
    </aside>
  );
}

const STATE_LABELS = { queued: 'Waiting', sent: 'Delivered', failed: 'Failed', cancelled: 'Cancelled' } as const;

function Deliveries(props: { endpoint: WebhookEndpoint; manages: boolean; readCount: number; onRefresh: () => void }) {
  const { endpoint, manages } = props;
  const list = usePagedList(`webhook-deliveries:${endpoint.id}:${endpoint.updatedAt}:${props.readCount}`, (cursor, signal) =>
    webhooksApi.deliveries(endpoint.id, cursor, signal),
  );
  return (
    <section className="webhook-deliveries" aria-labelledby="deliveries-title">
      <div className="section-header">
        <h2 id="deliveries-title">Recent deliveries</h2>
        <button type="button" className="button button-small" onClick={props.onRefresh}>
          Refresh
        </button>
      </div>
      <PagedTable
        list={list}
        className="data-table delivery-table"
        labelledBy="deliveries-title"
        loading="Loading deliveries…"
        empty={manages ? 'Nothing sent yet. Send a test event to see one.' : 'Nothing sent yet.'}
        shown={(count) => `${count} ${count === 1 ? 'delivery' : 'deliveries'} shown, newest first`}
      >
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">State</th>
            <th scope="col">Tries</th>
            <th scope="col">Queued</th>
            <th scope="col">Delivered or next try</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <code>{delivery.event}</code>
                <span className="cell-secondary delivery-id" title="Aftercare-Delivery header">
                  {delivery.deliveryId}
                </span>
              </td>
              <td>
                <span className={`badge delivery-${delivery.state}`}>{STATE_LABELS[delivery.state]}</span>
              </td>
              <td>{delivery.attempts}</td>
              <td>{formatDateTime(delivery.createdAt)}</td>
              <td>{delivery.sentAt ? formatDateTime(delivery.sentAt) : delivery.nextAttemptAt ? `next ${formatDateTime(delivery.nextAttemptAt)}` : '—'}</td>
              <td className="delivery-error">{delivery.lastError ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </section>
  );
}
