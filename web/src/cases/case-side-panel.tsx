import { useEffect, useState } from 'react';
import type { CaseDetail, Customer, FollowUp, Transaction, UpdateCase } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { casesApi, customersApi, transactionsApi } from '../api/aftercare-api.js';
import { type Resource, useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useWritesRecords } from '../app/permissions.js';
import { announceCasesChanged, useWorkspace } from '../app/workspace-context.js';
import { CustomerFacts } from '../customers/customer-facts.js';
import { CaseFollowUpsPanel } from '../follow-ups/case-follow-ups-panel.js';
import { SlaPanel } from '../sla/sla-panel.js';
import { OrderStatusBadge, StatusBadge, TierBadge } from '../ui/badges.js';
import { ChoiceOptions } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { SelectField } from '../ui/form-field.js';
import { formatDate, formatDateTime, formatMoney } from '../ui/format.js';
import { CHANNEL_LABELS, KIND_LABELS, PRIORITY_LABELS, labelFor } from '../ui/labels.js';
import { SurveyPanel } from '../surveys/survey-panel.js';
import { ProcedurePanel } from './procedure-panel.js';
import { PurchaseOptions } from './purchase-options.js';
import { ResolutionsPanel } from './resolutions-panel.js';

export function CaseSidePanel(props: { detail: CaseDetail; followUps: Resource<{ items: FollowUp[] }>; onChanged: () => void }) {
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
      {/* Then how long is left, which decides what comes first; then a complaint's procedure (for other cases it is guidance). */}
      <SlaPanel detail={detail} />
      {detail.procedure.required && <ProcedurePanel detail={detail} onChanged={props.onChanged} />}
      {detail.procedure.required && <ResolutionsPanel detail={detail} onChanged={props.onChanged} />}
      <CaseFollowUpsPanel detail={detail} followUps={props.followUps} onChanged={props.onChanged} />
      <SurveyPanel caseId={detail.id} inSidePanel />
      <section className="panel-section" aria-labelledby="panel-purchase">
        <h2 id="panel-purchase">Purchase</h2>
        {!detail.transactionId && <p className="muted">No purchase linked to this case.</p>}
        <ErrorNotice error={purchase.error} onRetry={purchase.reload} />
        {purchase.data && <PurchaseCard purchase={purchase.data} />}
      </section>
      {!detail.procedure.required && <ResolutionsPanel detail={detail} onChanged={props.onChanged} />}
      {!detail.procedure.required && <ProcedurePanel detail={detail} onChanged={props.onChanged} />}
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

type EditableField = 'priority' | 'teamId' | 'assigneeId' | 'transactionId' | 'requestingTeamId';

const FIELD_NAMES: Record<EditableField, string> = {
  priority: 'Priority',
  teamId: 'Team',
  assigneeId: 'Assignee',
  transactionId: 'Purchase',
  requestingTeamId: 'Requesting department',
};

/** The case's own facts; those who write change its priority, team, assignee and links in place. */
function CaseFields(props: { detail: CaseDetail; onChanged: () => void }) {
  const { detail } = props;
  const { teams } = useWorkspace();
  const writes = useWritesRecords();
  const requestingTeam = teams.find((team) => team.id === detail.requestingTeamId);
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
        {!writes && (
          // The purchase has its own section above.
          <>
            <dt>Priority</dt>
            <dd>{labelFor(PRIORITY_LABELS, detail.priority)}</dd>
            <dt>Team</dt>
            <dd>{detail.teamName ?? <span className="muted">No team</span>}</dd>
            <dt>Assignee</dt>
            <dd>{detail.assigneeName ?? <span className="muted">Unassigned</span>}</dd>
            {detail.requestingTeamId && (
              // An internal case: the department that raised it.
              <>
                <dt>Requested by</dt>
                <dd>{requestingTeam?.name ?? 'A department no longer listed'}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {writes && <CaseFieldEditors detail={detail} onChanged={props.onChanged} />}
    </section>
  );
}

function CaseFieldEditors(props: { detail: CaseDetail; onChanged: () => void }) {
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

  function fieldProps(field: EditableField) {
    const drafted = draft[field];
    return {
      label: FIELD_NAMES[field],
      value: (drafted !== undefined ? drafted : detail[field]) ?? '',
      error: failure?.field === field ? (failure.error.reasonFor(field) ?? failure.error.message) : undefined,
      // The empty option ("No team", "Unassigned", "None") clears the field.
      onChange: (value: string) => void save(field, value || null),
    };
  }

  const assignees = users.filter((user) => user.active || user.id === detail.assigneeId);
  const orderList = orders.data?.items ?? [];
  return (
    <>
      <div className="panel-fields">
        <SelectField {...fieldProps('priority')}>
          <ChoiceOptions labels={PRIORITY_LABELS} />
        </SelectField>
        <SelectField {...fieldProps('teamId')}>
          <option value="">No team</option>
          <UnlistedOption value={detail.teamId} listed={teams} label={detail.teamName ?? 'Current team'} />
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
        <SelectField {...fieldProps('assigneeId')}>
          <option value="">Unassigned</option>
          <UnlistedOption
            value={detail.assigneeId}
            listed={assignees}
            label={detail.assigneeName ?? 'Current assignee'}
          />
          <UnlistedOption value={session.user.id} listed={assignees} label={`${session.user.name} (me)`} />
          {assignees.map((user) => (
            <option key={user.id} value={user.id}>
              {user.id === session.user.id ? `${user.name} (me)` : user.name}
            </option>
          ))}
        </SelectField>
        <SelectField {...fieldProps('transactionId')}>
          <option value="">None</option>
          <UnlistedOption value={detail.transactionId} listed={orderList} label="Linked order" />
          <PurchaseOptions orders={orderList} />
        </SelectField>
        <SelectField {...fieldProps('requestingTeamId')}>
          <option value="">None (a customer's case)</option>
          <UnlistedOption value={detail.requestingTeamId} listed={teams} label="Current department" />
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="save-status" role="status">
        {status}
      </p>
    </>
  );
}

/**
 * An option for a value the list lacks (a team or order it does not hold, the agent's own account when
 * inactive), so the select can still show and offer it.
 */
function UnlistedOption(props: { value: string | null; listed: ReadonlyArray<{ id: string }>; label: string }) {
  if (!props.value || props.listed.some((item) => item.id === props.value)) return null;
  return <option value={props.value}>{props.label}</option>;
}
