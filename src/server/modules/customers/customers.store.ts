import type { CreateCustomer, Customer, CustomerListQuery, Page, UpdateCustomer } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Engine, Queryable } from '../../platform/db/database.js';
import { containsIgnoringCase, isUniqueViolation } from '../../platform/db/engine.js';
import type { CustomerRow } from '../../platform/db/schema.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    timezone: row.timezone,
    language: row.language,
    tier: row.tier as Customer['tier'],
    externalRef: row.external_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// On the path of every follow-up sent (its contact checks): compiled once.
const customerById = compiledOnce((db, id: string) => db.selectFrom('customers').selectAll().where('id', '=', id));

export async function customerRowOrThrow(db: Queryable, id: string): Promise<CustomerRow> {
  const [row] = await customerById(db, id);
  if (!row) throw notFound('customer', id);
  return row;
}

export async function listCustomers(db: Queryable, engine: Engine, query: CustomerListQuery): Promise<Page<Customer>> {
  let select = db.selectFrom('customers').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.cursor) select = select.where('id', '<', query.cursor);
  if (query.tier) select = select.where('tier', '=', query.tier);
  if (query.q) {
    const q = query.q;
    select = select.where((eb) =>
      eb.or([
        containsIgnoringCase(engine, eb.ref('name'), q),
        containsIgnoringCase(engine, eb.ref('email'), q),
        containsIgnoringCase(engine, eb.ref('phone'), q),
        eb('external_ref', '=', q),
      ]),
    );
  }
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toCustomer);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

function rowFrom(input: CreateCustomer, id: string, now: string): CustomerRow {
  return {
    id,
    name: input.name,
    email: input.email?.toLowerCase() ?? null,
    phone: input.phone ?? null,
    timezone: input.timezone,
    language: input.language,
    tier: input.tier,
    external_ref: input.externalRef ?? null,
    created_at: now,
    updated_at: now,
  };
}

async function guardExternalRef<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('duplicate_customer', 'a customer with this externalRef already exists', 'externalRef');
    throw error;
  }
}

export async function createCustomer(work: Work, input: CreateCustomer): Promise<Customer> {
  const now = nowInstant();
  const row = rowFrom(input, newId('cus'), now);
  await guardExternalRef(() => insertAudited(work, 'customers', row));
  return toCustomer(row);
}

export async function updateCustomer(work: Work, id: string, change: UpdateCustomer): Promise<Customer> {
  const before = await customerRowOrThrow(work.tx, id);
  const after = await guardExternalRef(() =>
    updateAudited(work, 'customers', before, {
      name: change.name,
      email: change.email === undefined ? undefined : (change.email?.toLowerCase() ?? null),
      phone: change.phone,
      timezone: change.timezone,
      language: change.language,
      tier: change.tier,
      external_ref: change.externalRef,
      updated_at: nowInstant(),
    }),
  );
  return toCustomer(after);
}

/**
 * Creates the customer, or updates the one with the same external reference: importing the same
 * file twice changes nothing the second time.
 */
export async function upsertCustomerByExternalRef(
  work: Work,
  input: CreateCustomer & { externalRef: string },
): Promise<{ customer: Customer; outcome: 'created' | 'updated' | 'unchanged' }> {
  const existing = await work.tx.selectFrom('customers').selectAll().where('external_ref', '=', input.externalRef).executeTakeFirst();
  if (!existing) return { customer: await createCustomer(work, input), outcome: 'created' };
  const after = await updateAudited(work, 'customers', existing, {
    name: input.name,
    email: input.email?.toLowerCase() ?? existing.email,
    phone: input.phone ?? existing.phone,
    timezone: input.timezone,
    language: input.language,
    tier: input.tier,
    updated_at: nowInstant(),
  });
  return { customer: toCustomer(after), outcome: after === existing ? 'unchanged' : 'updated' };
}
