import type { Customer } from '../../../src/shared/index.js';
import { formatDate, formatLanguage, formatLocalTime } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';

/** How to reach the customer and when: the facts an agent checks before calling or writing. */
export function CustomerFacts({ customer, full = false }: { customer: Customer; full?: boolean }) {
  const now = useNow();
  return (
    <dl className="facts">
      <dt>Email</dt>
      <dd>{customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : <span className="muted">None</span>}</dd>
      <dt>Phone</dt>
      <dd>
        {customer.phone ? (
          <a href={`tel:${customer.phone.replace(/[^+\d]/g, '')}`}>{customer.phone}</a>
        ) : (
          <span className="muted">None</span>
        )}
      </dd>
      <dt>Time zone</dt>
      <dd>
        {customer.timezone}
        <span className="cell-secondary">{formatLocalTime(customer.timezone, now)} there now</span>
      </dd>
      <dt>Language</dt>
      <dd>{formatLanguage(customer.language)}</dd>
      {full && (
        <>
          <dt>Shop reference</dt>
          <dd>{customer.externalRef ?? <span className="muted">None</span>}</dd>
          <dt>Customer since</dt>
          <dd>{formatDate(customer.createdAt)}</dd>
        </>
      )}
    </dl>
  );
}
