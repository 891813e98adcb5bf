import { type FormEvent, useState } from 'react';
import { CASE_KINDS, CHANNELS, DIRECTIONS, PRIORITIES } from '../../../src/shared/enums.js';
import type { CaseKind, Channel, Direction, Priority } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { casesApi, customersApi, transactionsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { announceCasesChanged, useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { formatDate, formatMoney, toDateTimeLocalValue } from '../ui/format.js';
import { CHANNEL_LABELS, DIRECTION_LABELS, KIND_LABELS, PRIORITY_LABELS } from '../ui/labels.js';


/** Opens a case for a customer, with the contact that started it as its first timeline entry. */
export function NewCasePage({ customerId }: { customerId: string }) {
  const customer = useResource(`customer:${customerId}`, (signal) => customersApi.get(customerId, signal));
  const orders = useResource(`orders:${customerId}`, (signal) => transactionsApi.listForCustomer(customerId, signal));
  const [kind, setKind] = useState<CaseKind>('query');
  const [subject, setSubject] = useState('');
  const [channel, setChannel] = useState<Channel>('email');
  const [priority, setPriority] = useState<Priority>('normal');
  const [transactionId, setTransactionId] = useState('');
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
      <form className="card form-card" onSubmit={open}>
        <ErrorNotice error={error} />
        <div className="form-grid">
          <FormField label="Subject" error={error?.reasonFor('subject')} className="span-2">
            {(control) => (
              <input {...control} required maxLength={300} value={subject} onChange={(event) => setSubject(event.target.value)} />
            )}
          </FormField>
          <FormField label="Kind" error={error?.reasonFor('kind')}>
            {(control) => (
              <select {...control} value={kind} onChange={(event) => setKind(event.target.value as CaseKind)}>
                {CASE_KINDS.map((value) => (
                  <option key={value} value={value}>
                    {KIND_LABELS[value]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Priority" error={error?.reasonFor('priority')}>
            {(control) => (
              <select {...control} value={priority} onChange={(event) => setPriority(event.target.value as Priority)}>
                {PRIORITIES.map((value) => (
                  <option key={value} value={value}>
                    {PRIORITY_LABELS[value]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Came in by" error={error?.reasonFor('channel')}>
            {(control) => (
              <select {...control} value={channel} onChange={(event) => setChannel(event.target.value as Channel)}>
                {CHANNELS.map((value) => (
                  <option key={value} value={value}>
                    {CHANNEL_LABELS[value]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Purchase" error={error?.reasonFor('transactionId')}>
            {(control) => (
              <select {...control} value={transactionId} onChange={(event) => setTransactionId(event.target.value)}>
                <option value="">None</option>
                {orders.data?.items.map((order) => (
                  <option key={order.id} value={order.id}>
                    {order.externalId} · {formatDate(order.purchasedAt)} · {formatMoney(order.totalMinor, order.currency)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>

        <fieldset className="form-fieldset">
          <legend>First contact (optional)</legend>
          <div className="form-grid">
            <FormField label="Direction" error={reason('direction')}>
              {(control) => (
                <select {...control} value={direction} onChange={(event) => setDirection(event.target.value as Direction)}>
                  {DIRECTIONS.map((value) => (
                    <option key={value} value={value}>
                      {DIRECTION_LABELS[value]}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField label="When it happened" error={reason('occurredAt')}>
              {(control) => (
                <input
                  {...control}
                  type="datetime-local"
                  required
                  value={when}
                      onChange={(event) => setWhen(event.target.value)}
                />
              )}
            </FormField>
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
    </section>
  );
}
