import { useEffect, useState } from 'react';
import { PRIORITIES } from '../../../src/shared/enums.js';
import type { CaseDetail, Customer, Transaction, UpdateCase } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { casesApi, customersApi, transactionsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { announceCasesChanged, useWorkspace } from '../app/workspace-context.js';
import { CustomerFacts } from '../customers/customer-facts.js';
import { OrderStatusBadge, StatusBadge, TierBadge } from '../ui/badges.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { formatDate, formatDateTime, formatMoney } from '../ui/format.js';
import { CHANNEL_LABELS, KIND_LABELS, PRIORITY_LABELS, labelFor } from '../ui/labels.js';

export function CaseSidePanel(props: { detail: CaseDetail; onChanged: () => void }) {
  const { detail } = props;
  const customer = useResource(`customer:${detail.customerId}`, (signal) => customersApi.get(detail.customerId, signal));
  const purchase = useResource(detail.transactionId ? `transaction:${detail.transactionId}` : null, (signal) =>
    transactionsApi.get(detail.transactionId ?? '', signal),
  );
  return (
    <aside className="side-panel" aria-label="Case context">
      <section className="panel-section" aria-labelledby="panel-customer">
        <h2 id="panel-customer">Customer</h2>
        <ErrorNotice error={customer.error} onRetry={customer.reload} />
        {customer.data ? <CustomerCard customer={customer.data} /> : !customer.error && <p className="muted">Loading…</p>}
      </section>
      <section className="panel-section" aria-labelledby="panel-purchase">
        <h2 id="panel-purchase">Purchase</h2>
        {!detail.transactionId && <p className="muted">No purchase linked to this case.</p>}
        <ErrorNotice error={purchase.error} onRetry={purchase.reload} />
        {purchase.data && <PurchaseCard purchase={purchase.data} />}
      </section>
      <CaseFields detail={detail} onChanged={props.onChanged} />
    </aside>
  );
}

function CustomerCard({ customer }: { customer: Customer }) {
  return (
    <>
      <p className="panel-title">
        <a href={hrefTo(`/customers/${customer.id}`)}>{customer.name}</a> <TierBadge tier={customer.tier} />
      </p>
      <CustomerFacts customer={customer} />
      <a href={hrefTo(`/customers/${customer.id}`)}>Profile and journey</a>
    </>
  );
}

function PurchaseCard({ purchase }: { purchase: Transaction }) {
  return (
    <>
      <p className="panel-title">
        Order <strong>{purchase.externalId}</strong> <OrderStatusBadge status={purchase.status} />
      </p>
      <ul className="line-items" aria-label="Items">
        {purchase.lineItems.map((item) => (
          <li key={item.sku}>
            <span>
              {item.quantity} × {item.description}
            </span>
            <span className="amount">{formatMoney(item.quantity * item.unitPriceMinor, purchase.currency)}</span>
          </li>
        ))}
      </ul>
      <dl className="facts">
        <dt>Total</dt>
        <dd className="amount-total">{formatMoney(purchase.totalMinor, purchase.currency)}</dd>
        <dt>Purchased</dt>
        <dd>{formatDate(purchase.purchasedAt)}</dd>
        <dt>Delivered</dt>
        <dd>{purchase.deliveredAt ? formatDate(purchase.deliveredAt) : <span className="muted">Not yet</span>}</dd>
      </dl>
    </>
  );
}

type EditableField = 'priority' | 'teamId' | 'assigneeId' | 'transactionId';

const FIELD_NAMES: Record<EditableField, string> = {
  priority: 'Priority',
  teamId: 'Team',
  assigneeId: 'Assignee',
  transactionId: 'Purchase',
};

function CaseFields(props: { detail: CaseDetail; onChanged: () => void }) {
  const { detail } = props;
  const { session, teams, users } = useWorkspace();
  const orders = useResource(`orders:${detail.customerId}`, (signal) =>
    transactionsApi.listForCustomer(detail.customerId, signal),
  );
  // What the agent picked shows at once; the case reloads with the stored value after the save.
  const [draft, setDraft] = useState<Partial<Record<EditableField, string | null>>>({});
  const [failure, setFailure] = useState<{ field: EditableField; error: ApiError }>();
  const [status, setStatus] = useState('');
  useEffect(() => setDraft({}), [detail]);

  async function save(field: EditableField, value: string | null): Promise<void> {
    setDraft((current) => ({ ...current, [field]: value }));
    setFailure(undefined);
    setStatus(`Saving ${FIELD_NAMES[field].toLowerCase()}…`);
    try {
      await casesApi.update(detail.id, { [field]: value } as UpdateCase);
      setStatus(`${FIELD_NAMES[field]} saved.`);
      announceCasesChanged();
      props.onChanged();
    } catch (error) {
      setDraft((current) => ({ ...current, [field]: undefined }));
      setFailure({ field, error: toApiError(error) });
      setStatus('');
    }
  }

  function valueOf(field: EditableField): string {
    const drafted = draft[field];
    return (drafted !== undefined ? drafted : detail[field]) ?? '';
  }
  const errorFor = (field: EditableField) =>
    failure?.field === field ? (failure.error.reasonFor(field) ?? failure.error.message) : undefined;

  const assignees = users.filter((user) => user.active || user.id === detail.assigneeId);
  const orderList = orders.data?.items ?? [];
  return (
    <section className="panel-section" aria-labelledby="panel-case">
      <h2 id="panel-case">Case</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={detail.status} />
        </dd>
        <dt>Kind</dt>
        <dd>{labelFor(KIND_LABELS, detail.kind)}</dd>
        <dt>Came in by</dt>
        <dd>{labelFor(CHANNEL_LABELS, detail.channel)}</dd>
        <dt>Opened</dt>
        <dd>{formatDateTime(detail.openedAt)}</dd>
      </dl>
      <div className="panel-fields">
        <FormField label="Priority" error={errorFor('priority')}>
          {(control) => (
            <select {...control} value={valueOf('priority')} onChange={(event) => void save('priority', event.target.value)}>
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {PRIORITY_LABELS[priority]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Team" error={errorFor('teamId')}>
          {(control) => (
            <select {...control} value={valueOf('teamId')} onChange={(event) => void save('teamId', event.target.value || null)}>
              <option value="">No team</option>
              {detail.teamId && !teams.some((team) => team.id === detail.teamId) && (
                <option value={detail.teamId}>{detail.teamName ?? 'Current team'}</option>
              )}
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Assignee" error={errorFor('assigneeId')}>
          {(control) => (
            <select
              {...control}
              value={valueOf('assigneeId')}
              onChange={(event) => void save('assigneeId', event.target.value || null)}
            >
              <option value="">Unassigned</option>
              {detail.assigneeId && !assignees.some((user) => user.id === detail.assigneeId) && (
                <option value={detail.assigneeId}>{detail.assigneeName ?? 'Current assignee'}</option>
              )}
              {!assignees.some((user) => user.id === session.user.id) && (
                <option value={session.user.id}>{session.user.name} (me)</option>
              )}
              {assignees.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.id === session.user.id ? `${user.name} (me)` : user.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Purchase" error={errorFor('transactionId')}>
          {(control) => (
            <select
              {...control}
              value={valueOf('transactionId')}
              onChange={(event) => void save('transactionId', event.target.value || null)}
            >
              <option value="">None</option>
              {detail.transactionId && !orderList.some((order) => order.id === detail.transactionId) && (
                <option value={detail.transactionId}>Linked order</option>
              )}
              {orderList.map((order) => (
                <option key={order.id} value={order.id}>
                  {order.externalId} · {formatDate(order.purchasedAt)} · {formatMoney(order.totalMinor, order.currency)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <p className="save-status" role="status">
        {status}
      </p>
    </section>
  );
}
