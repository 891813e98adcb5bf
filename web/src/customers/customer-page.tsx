import type { ReactNode } from 'react';
import type { CaseSummary, Channel, JourneyEntry, Transaction } from '../../../src/shared/index.js';
import { casesApi, customersApi, transactionsApi } from '../api/aftercare-api.js';
import { type Resource, useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useWritesRecords } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { OrderStatusBadge, StatusBadge, TierBadge } from '../ui/badges.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatDate, formatDateTime, formatMoney } from '../ui/format.js';
import { ChannelIcon, DirectionIcon, JourneyIcon } from '../ui/icons.js';
import { CHANNEL_LABELS, DIRECTION_LABELS, labelFor } from '../ui/labels.js';
import { SurveyPanel } from '../surveys/survey-panel.js';
import { ContactPreferencesPanel } from './contact-preferences-panel.js';
import { CustomerFacts } from './customer-facts.js';

const CASES_SHOWN = 50;

export function CustomerPage({ customerId }: { customerId: string }) {
  const customer = useResource(`customer:${customerId}`, (signal) => customersApi.get(customerId, signal));
  const journey = useResource(`journey:${customerId}`, (signal) => customersApi.timeline(customerId, signal));
  const orders = useResource(`orders:${customerId}`, (signal) => transactionsApi.listForCustomer(customerId, signal));
  const cases = useResource(`customer-cases:${customerId}`, (signal) =>
    casesApi.list({ customerId }, { limit: CASES_SHOWN, signal }),
  );
  const data = customer.data;
  const writes = useWritesRecords();
  useDocumentTitle(data?.name ?? (customer.error?.status === 404 ? 'Customer not found' : 'Customer'));

  if (!data) {
    return (
      <section className="page">
        <a className="back-link" href={hrefTo('/customers')}>
          ← Customers
        </a>
        {customer.error?.status === 404 ? (
          <h1>Customer not found</h1>
        ) : (
          <>
            <ErrorNotice error={customer.error} onRetry={customer.reload} />
            {!customer.error && <p aria-live="polite">Loading customer…</p>}
          </>
        )}
      </section>
    );
  }

  return (
    <section className="page customer-page" aria-labelledby="customer-title">
      <a className="back-link" href={hrefTo('/customers')}>
        ← Customers
      </a>
      <div className="page-header">
        <h1 id="customer-title">
          {data.name} <TierBadge tier={data.tier} />
        </h1>
        {writes && (
          <a className="button button-primary" href={hrefTo(`/customers/${data.id}/new-case`)}>
            Open a case
          </a>
        )}
      </div>

      <div className="customer-grid">
        <section className="card" aria-labelledby="journey-title">
          <h2 id="journey-title">Journey</h2>
          <p className="muted section-note">Purchases, deliveries, cases and every contact, newest first.</p>
          <LoadedItems resource={journey} loading="Loading journey…" empty="Nothing recorded yet.">
            {(entries) => (
              <ol className="journey" aria-label="Journey">
                {entries.map((entry, index) => (
                  <JourneyItem key={`${entry.at}-${index}`} entry={entry} />
                ))}
              </ol>
            )}
          </LoadedItems>
        </section>

        <div className="customer-aside">
          <section className="card" aria-labelledby="details-title">
            <h2 id="details-title">Details</h2>
            <CustomerFacts customer={data} full />
          </section>

          <ContactPreferencesPanel customer={data} />

          <SurveyPanel customerId={data.id} />

          <section className="card" aria-labelledby="cases-title">
            <h2 id="cases-title">Cases</h2>
            <LoadedItems resource={cases} empty="No cases.">
              {(items) => <CaseList cases={items} />}
            </LoadedItems>
            {cases.data?.nextCursor && <p className="muted">Showing the newest {CASES_SHOWN}.</p>}
          </section>

          <section className="card" aria-labelledby="orders-title">
            <h2 id="orders-title">Orders</h2>
            <LoadedItems resource={orders} empty="No orders.">
              {(items) => <OrderList orders={items} />}
            </LoadedItems>
          </section>
        </div>
      </div>
    </section>
  );
}

function JourneyItem({ entry }: { entry: JourneyEntry }) {
  const channel = entry.channel as Channel | null;
  const direction = entry.direction === 'inbound' || entry.direction === 'outbound' || entry.direction === 'internal' ? entry.direction : null;
  return (
    <li className={`journey-entry journey-${entry.type}${direction ? ` journey-${direction}` : ''}`}>
      <span className="journey-icon">
        {entry.type === 'interaction' && channel ? <ChannelIcon channel={channel} /> : entry.type !== 'interaction' && <JourneyIcon type={entry.type} />}
      </span>
      <div className="journey-content">
        <div className="journey-head">
          {entry.caseId ? <a href={hrefTo(`/cases/${entry.caseId}`)}>{entry.title}</a> : <strong>{entry.title}</strong>}
          {channel && (
            <span className="badge badge-channel">{labelFor(CHANNEL_LABELS, channel)}</span>
          )}
          {direction && (
            <span className={`badge badge-direction direction-${direction}`}>
              <DirectionIcon direction={direction} />
              {labelFor(DIRECTION_LABELS, direction)}
            </span>
          )}
          <time className="journey-time" dateTime={entry.at}>
            {formatDateTime(entry.at)}
          </time>
        </div>
        {entry.detail && <p className="journey-detail">{entry.detail}</p>}
      </div>
    </li>
  );
}

function CaseList({ cases }: { cases: CaseSummary[] }) {
  return (
    <ul className="compact-list">
      {cases.map((item) => (
        <li key={item.id}>
          <a href={hrefTo(`/cases/${item.id}`)}>
            <span className="case-number">{item.number}</span> {item.subject}
          </a>
          <span className="compact-meta">
            <StatusBadge status={item.status} /> {formatDate(item.openedAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function OrderList({ orders }: { orders: Transaction[] }) {
  return (
    <ul className="compact-list">
      {orders.map((order) => (
        <li key={order.id}>
          <span>
            <strong>{order.externalId}</strong> · {formatMoney(order.totalMinor, order.currency)}
          </span>
          <span className="compact-meta">
            <OrderStatusBadge status={order.status} /> {formatDate(order.purchasedAt)}
            {order.deliveredAt && <> · delivered {formatDate(order.deliveredAt)}</>}
          </span>
          <span className="cell-secondary">
            {order.lineItems.map((item) => `${item.quantity} × ${item.description}`).join(', ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * What a card lists once it has loaded: the failure with a retry, a note when there is nothing, else the
 * items as `children` renders them. Nothing shows while loading unless the card names it with `loading`.
 */
function LoadedItems<T>(props: {
  resource: Resource<{ items: T[] }>;
  loading?: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  const { resource } = props;
  return (
    <>
      <ErrorNotice error={resource.error} onRetry={resource.reload} />
      {props.loading && resource.loading && !resource.data && <p>{props.loading}</p>}
      {resource.data && resource.data.items.length === 0 && <p className="muted">{props.empty}</p>}
      {resource.data && resource.data.items.length > 0 && props.children(resource.data.items)}
    </>
  );
}
