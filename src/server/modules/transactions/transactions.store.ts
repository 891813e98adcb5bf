import type { CreateTransaction, LineItem, Page, Transaction, TransactionListQuery, UpdateTransaction } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Engine, Queryable } from '../../platform/db/database.js';
import { containsIgnoringCase, isUniqueViolation } from '../../platform/db/engine.js';
import type { TransactionRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant, toInstant } from '../../platform/ids.js';

export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    externalId: row.external_id,
    customerId: row.customer_id,
    lineItems: JSON.parse(row.line_items_json) as LineItem[],
    totalMinor: Number(row.total_minor),
    currency: row.currency,
    status: row.status as Transaction['status'],
    purchasedAt: row.purchased_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The order total: as given, or else the sum of its lines. */
export function orderTotal(lineItems: LineItem[], given: number | undefined): number {
  return given ?? lineItems.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
}

export async function transactionRowOrThrow(db: Queryable, id: string): Promise<TransactionRow> {
  const row = await db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('transaction', id);
  return row;
}

export async function listTransactions(db: Queryable, engine: Engine, query: TransactionListQuery): Promise<Page<Transaction>> {
  let select = db.selectFrom('transactions').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.cursor) select = select.where('id', '<', query.cursor);
  if (query.customerId) select = select.where('customer_id', '=', query.customerId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.q) {
    const q = query.q;
    select = select.where((eb) => containsIgnoringCase(engine, eb.ref('external_id'), q));
  }
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toTransaction);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

function checkDates(purchasedAt: string, deliveredAt: string | null): void {
  if (deliveredAt && deliveredAt < purchasedAt) throw invalidField('deliveredAt', 'must not be before purchasedAt');
}

async function assertCustomerExists(db: Queryable, customerId: string): Promise<void> {
  const found = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!found) throw invalidField('customerId', `refers to no customer (${customerId})`);
}

/** The stored columns an order's input sets, checked for the customer and the dates. */
async function orderColumns(db: Queryable, input: CreateTransaction) {
  await assertCustomerExists(db, input.customerId);
  const purchasedAt = toInstant(input.purchasedAt);
  const deliveredAt = input.deliveredAt ? toInstant(input.deliveredAt) : null;
  checkDates(purchasedAt, deliveredAt);
  return {
    customer_id: input.customerId,
    line_items_json: JSON.stringify(input.lineItems),
    total_minor: orderTotal(input.lineItems, input.totalMinor),
    currency: input.currency,
    status: input.status,
    purchased_at: purchasedAt,
    delivered_at: deliveredAt,
  };
}

export async function createTransaction(work: Work, input: CreateTransaction): Promise<Transaction> {
  const now = nowInstant();
  const row: TransactionRow = {
    id: newId('txn'),
    external_id: input.externalId,
    ...(await orderColumns(work.tx, input)),
    created_at: now,
    updated_at: now,
  };
  try {
    await insertAudited(work, 'transactions', row);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('duplicate_transaction', 'a transaction with this externalId already exists', 'externalId');
    throw error;
  }
  return toTransaction(row);
}

export async function updateTransaction(work: Work, id: string, change: UpdateTransaction): Promise<Transaction> {
  const before = await transactionRowOrThrow(work.tx, id);
  const deliveredAt = change.deliveredAt === undefined ? undefined : change.deliveredAt && toInstant(change.deliveredAt);
  checkDates(before.purchased_at, deliveredAt === undefined ? before.delivered_at : deliveredAt);
  const after = await updateAudited(work, 'transactions', before, {
    status: change.status,
    delivered_at: deliveredAt,
    updated_at: nowInstant(),
  });
  return toTransaction(after);
}

/**
 * Creates the order, or brings the one with the same external id up to date, so a re-imported
 * file creates no duplicates.
 */
export async function upsertTransactionByExternalId(
  work: Work,
  input: CreateTransaction,
): Promise<{ transaction: Transaction; outcome: 'created' | 'updated' | 'unchanged' }> {
  const existing = await work.tx.selectFrom('transactions').selectAll().where('external_id', '=', input.externalId).executeTakeFirst();
  if (!existing) return { transaction: await createTransaction(work, input), outcome: 'created' };
  const after = await updateAudited(work, 'transactions', existing, { ...(await orderColumns(work.tx, input)), updated_at: nowInstant() });
  return { transaction: toTransaction(after), outcome: after === existing ? 'unchanged' : 'updated' };
}
