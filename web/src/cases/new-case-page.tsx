import { type FormEvent, useState } from 'react';
import type { CaseKind, Channel, Direction, Priority } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { casesApi, customersApi, transactionsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useWritesRecords } from '../app/permissions.js';
import { announceCasesChanged, useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { ChoiceField } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { DateTimeField, FormField, SelectField } from '../ui/form-field.js';
import { toDateTimeLocalValue } from '../ui/format.js';
import { CHANNEL_LABELS, DIRECTION_LABELS, KIND_LABELS, PRIORITY_LABELS } from '../ui/labels.js';
import { PurchaseOptions } from './purchase-options.js';


/** Opens a case for a customer, with the contact that started it as its first timeline entry. */
export function NewCasePage({ customerId }: { customerId: string }) {
  const { teams } = useWorkspace();
  const writes = useWritesRecords();
  const customer = useResource(`customer:${customerId}`, (signal) => customersApi.get(customerId, signal));
  const orders = useResource(`orders:${customerId}`, (signal) => transactionsApi.listForCustomer(customerId, signal));
  const [kind, setKind] = useState<CaseKind>('query');
  const [subject, setSubject] = useState('');
  const [channel, setChannel] = useState<Channel>('email');
  const [priority, setPriority] = useState<Priority>('normal');
  const [transactionId, setTransactionId] = useState('');
  const [requestingTeamId, setRequestingTeamId] = useState('');
  const [direction, setDirection] = useState<Direction>('inbound');
  const [when, setWhen] = useState(() => toDateTimeLocalValue(new Date()));
  const [body, setBody] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useDocumentTitle(customer.data ? `New case for ${customer.data.name}` : 'New case');

  async function open(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await casesApi.create({
        customerId,
        kind,
        subject,
        channel,
        priority,
        transactionId: transactionId || undefined,
        requestingTeamId: requestingTeamId || undefined,
        interaction: body.trim() ? { channel, direction, body, occurredAt: new Date(when).toISOString() } : undefined,
      });
      announceCasesChanged();
      navigate(hrefTo(`/cases/${created.id}`));
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  const reason = (field: string) => error?.reasonFor(field) ?? error?.reasonFor(`interaction.${field}`);
  return (
    <section className="page" aria-labelledby="new-case-title">
      <a className="back-link" href={hrefTo(`/customers/${customerId}`)}>
        ← {customer.data?.name ?? 'Customer'}
      </a>
      <h1 id="new-case-title">New case{customer.data && ` for ${customer.data.name}`}</h1>
      <ErrorNotice error={customer.error} />
      {writes ? (
        <form className="card form-card" onSubmit={open}>
          <ErrorNotice error={error} />
          <div className="form-grid">
            <FormField label="Subject" error={error?.reasonFor('subject')} className="span-2">
              {(control) => (
                <input {...control} required maxLength={300} value={subject} onChange={(event) => setSubject(event.target.value)} />
              )}
            </FormField>
            <ChoiceField
              label="Kind"
              error={error?.reasonFor('kind')}
              labels={KIND_LABELS}
              value={kind}
              onChange={setKind}
            />
            <ChoiceField
              label="Priority"
              error={error?.reasonFor('priority')}
              labels={PRIORITY_LABELS}
              value={priority}
              onChange={setPriority}
            />
            <ChoiceField
              label="Came in by"
              error={error?.reasonFor('channel')}
              labels={CHANNEL_LABELS}
              value={channel}
              onChange={setChannel}
            />
            <SelectField
              label="Purchase"
              error={error?.reasonFor('transactionId')}
              value={transactionId}
              onChange={setTransactionId}
            >
              <option value="">None</option>
              <PurchaseOptions orders={orders.data?.items ?? []} />
            </SelectField>
            <SelectField
              label="Requesting department"
              hint="For an internal case: the department that raised it. Internal SLAs match on it."
              error={error?.reasonFor('requestingTeamId')}
              value={requestingTeamId}
              onChange={setRequestingTeamId}
            >
              <option value="">None (a customer's case)</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </SelectField>
          </div>

          <fieldset className="form-fieldset">
            <legend>First contact (optional)</legend>
            <div className="form-grid">
              <ChoiceField
                label="Direction"
                error={reason('direction')}
                labels={DIRECTION_LABELS}
                value={direction}
                onChange={setDirection}
              />
              <DateTimeField label="When it happened" error={reason('occurredAt')} value={when} onChange={setWhen} />
              <FormField label="Message" error={reason('body')} className="span-2">
                {(control) => (
                  <textarea
                    {...control}
                    rows={5}
                    placeholder="The customer's concern, in their words"
                    value={body}
                    onChange={(event) => setBody(event.target.value)}
                  />
                )}
              </FormField>
            </div>
          </fieldset>
          <div className="form-actions">
            <a className="button" href={hrefTo(`/customers/${customerId}`)}>
              Cancel
            </a>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Opening…' : 'Open case'}
            </button>
          </div>
        </form>
      ) : (
        // Reached by its address: the server would refuse the case, so no form is offered.
        <p>You can read cases but not open them: agents, supervisors, managers and admins do.</p>
      )}
    </section>
  );
}
