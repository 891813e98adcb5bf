import { type FormEvent, useEffect, useState } from 'react';
import { CUSTOMER_TIERS } from '../../../src/shared/enums.js';
import { customersApi } from '../api/aftercare-api.js';
import { usePagedList } from '../api/use-resource.js';
import { type Route, hrefTo, navigate } from '../app/hash-router.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { TierBadge } from '../ui/badges.js';
import { ChoiceOptions } from '../ui/choice-field.js';
import { FilterSelect } from '../ui/filter-select.js';
import { formatDate } from '../ui/format.js';
import { TIER_LABELS } from '../ui/labels.js';
import { PagedTable } from '../ui/paged-table.js';

export function CustomersPage({ route }: { route: Route }) {
  const q = route.query.get('q')?.trim() || undefined;
  const tier = CUSTOMER_TIERS.find((value) => value === route.query.get('tier'));
  const list = usePagedList(hrefTo('/customers', { q, tier }), (cursor, signal) =>
    customersApi.list({ q, tier }, { cursor, signal }),
  );
  const [text, setText] = useState(q ?? '');
  const [syncedQ, setSyncedQ] = useState(q ?? '');
  useDocumentTitle('Customers');

  // The rail link or the back button changes the query under the box: show what the list shows.
  if ((q ?? '') !== syncedQ) {
    setSyncedQ(q ?? '');
    if ((q ?? '') !== text.trim()) setText(q ?? '');
  }

  // Search as the agent types, without a history entry per keystroke.
  useEffect(() => {
    if (text.trim() === (q ?? '')) return;
    const timer = window.setTimeout(() => navigate(hrefTo('/customers', { q: text.trim(), tier }), { replace: true }), 300);
    return () => window.clearTimeout(timer);
  }, [text, q, tier]);

  function submit(event: FormEvent): void {
    event.preventDefault();
    navigate(hrefTo('/customers', { q: text.trim(), tier }), { replace: true });
  }

  return (
    <section className="page" aria-labelledby="customers-title">
      <div className="page-header">
        <h1 id="customers-title">Customers</h1>
      </div>
      <form className="filter-bar" role="search" aria-label="Find customers" onSubmit={submit}>
        <div className="filter filter-grow">
          <label className="filter-label" htmlFor="customer-search">
            Search customers
          </label>
          <input
            id="customer-search"
            type="search"
            placeholder="Name, email, phone or shop reference"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <FilterSelect
          label="Tier"
          value={tier}
          onChange={(value) => navigate(hrefTo('/customers', { q, tier: value }))}
        >
          <option value="">Any tier</option>
          <ChoiceOptions labels={TIER_LABELS} />
        </FilterSelect>
      </form>

      <PagedTable
        list={list}
        className="data-table"
        labelledBy="customers-title"
        loading="Loading customers…"
        empty="No customers match."
        shown={(count) => `${count} shown`}
      >
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Phone</th>
            <th scope="col">Tier</th>
            <th scope="col">Time zone</th>
            <th scope="col">Customer since</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((customer) => (
            <tr key={customer.id}>
              <td>
                <a className="row-link" href={hrefTo(`/customers/${customer.id}`)}>
                  {customer.name}
                </a>
              </td>
              <td>{customer.email ?? <span className="muted">—</span>}</td>
              <td>{customer.phone ?? <span className="muted">—</span>}</td>
              <td>
                <TierBadge tier={customer.tier} />
              </td>
              <td>{customer.timezone}</td>
              <td>{formatDate(customer.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </section>
  );
}
