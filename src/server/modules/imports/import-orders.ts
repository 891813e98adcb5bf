import { z } from 'zod';
import { CreateTransaction, LineItem, type ImportMode, type ImportReport, type RowProblem } from '../../../shared/index.js';
import type { Work } from '../../platform/db/work.js';
import { upsertTransactionByExternalId } from '../transactions/transactions.store.js';
import { applyRows } from './apply-rows.js';
import { readCsv, validateRow, type CsvRow } from './csv-rows.js';

const OrderFields = CreateTransaction.omit({ customerId: true, lineItems: true }).extend({
  customerExternalRef: z.string({ error: 'is required' }).trim().min(1).max(120),
  totalMinor: z.coerce.number().int().min(0).optional(),
});
const LineFields = LineItem.extend({
  quantity: z.coerce.number().int().min(1).max(100_000),
  unitPriceMinor: z.coerce.number().int().min(0),
});

const COLUMNS: Record<string, string> = {
  externalId: 'external_id',
  customerExternalRef: 'customer_external_ref',
  purchasedAt: 'purchased_at',
  deliveredAt: 'delivered_at',
  status: 'status',
  currency: 'currency',
  totalMinor: 'total_minor',
  sku: 'sku',
  description: 'description',
  quantity: 'quantity',
  unitPriceMinor: 'unit_price_minor',
};

/**
 * Imports orders keyed by `external_id`, one line item per row: rows that share an external id
 * are the lines of one order, whose order-level columns come from its first row.
 */
export async function importOrders(work: Work, csv: string, mode: ImportMode): Promise<ImportReport> {
  const { rows, problems } = readCsv(csv, ['external_id', 'customer_external_ref', 'purchased_at', 'sku', 'description', 'quantity', 'unit_price_minor']);
  const orders = new Map<string, CsvRow[]>();
  for (const row of rows) {
    const id = row.values.externalid;
    if (!id) {
      problems.push({ line: row.line, field: 'external_id', reason: 'is required' });
      continue;
    }
    orders.set(id, [...(orders.get(id) ?? []), row]);
  }

  const customerRefs = [...new Set(rows.map((row) => row.values.customerexternalref).filter((ref): ref is string => !!ref))];
  const customerIds = new Map<string, string>();
  for (let i = 0; i < customerRefs.length; i += 500) {
    const found = await work.tx
      .selectFrom('customers')
      .select(['id', 'external_ref'])
      .where('external_ref', 'in', customerRefs.slice(i, i + 500))
      .execute();
    for (const customer of found) customerIds.set(customer.external_ref!, customer.id);
  }

  const valid: { line: number; value: z.output<typeof CreateTransaction> }[] = [];
  for (const [externalId, lines] of orders) {
    const first = lines[0]!;
    const v = first.values;
    const header = validateRow(
      OrderFields,
      first.line,
      {
        externalId,
        customerExternalRef: v.customerexternalref,
        purchasedAt: v.purchasedat,
        deliveredAt: v.deliveredat,
        status: v.status,
        currency: v.currency,
        totalMinor: v.totalminor,
      },
      COLUMNS,
    );
    const lineProblems: RowProblem[] = header.ok ? [] : header.problems;
    const items: z.output<typeof LineFields>[] = [];
    for (const row of lines) {
      const item = validateRow(
        LineFields,
        row.line,
        { sku: row.values.sku, description: row.values.description, quantity: row.values.quantity, unitPriceMinor: row.values.unitpriceminor },
        COLUMNS,
      );
      if (item.ok) items.push(item.value);
      else lineProblems.push(...item.problems);
    }
    const customerId = header.ok ? customerIds.get(header.value.customerExternalRef) : undefined;
    if (header.ok && !customerId) {
      lineProblems.push({ line: first.line, field: 'customer_external_ref', reason: `refers to no customer (${header.value.customerExternalRef})` });
    }
    if (!header.ok || !customerId || lineProblems.length > 0) {
      problems.push(...lineProblems);
      continue;
    }
    const { customerExternalRef: _ref, ...order } = header.value;
    valid.push({ line: first.line, value: { ...order, customerId, lineItems: items } });
  }
  return applyRows(rows.length, problems, mode, valid, async (value) => (await upsertTransactionByExternalId(work, value)).outcome);
}
