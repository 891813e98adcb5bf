import { z } from 'zod';
import { TRANSACTION_STATUSES } from '../enums.js';
import { CurrencyCode, EntityId, Instant, MinorUnits, PageQuery } from './common.js';

export const TransactionStatus = z.enum(TRANSACTION_STATUSES);
export type TransactionStatus = z.infer<typeof TransactionStatus>;

export const LineItem = z.object({
  sku: z.string().trim().min(1).max(64),
  description: z.string().trim().min(1).max(500),
  quantity: z.number().int().min(1).max(100_000),
  unitPriceMinor: MinorUnits,
});
export type LineItem = z.infer<typeof LineItem>;

export const Transaction = z.object({
  id: EntityId,
  externalId: z.string(),
  customerId: EntityId,
  lineItems: z.array(LineItem),
  totalMinor: z.number().int(),
  currency: z.string(),
  status: TransactionStatus,
  purchasedAt: Instant,
  deliveredAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Transaction = z.infer<typeof Transaction>;

export const CreateTransaction = z.object({
  externalId: z.string().trim().min(1).max(120).describe('Order number in the shop; unique'),
  customerId: EntityId,
  lineItems: z.array(LineItem).max(500).default([]),
  totalMinor: MinorUnits.optional().describe('Total in minor units; defaults to the sum of the line items'),
  currency: CurrencyCode.default('EUR'),
  status: TransactionStatus.default('placed'),
  purchasedAt: Instant,
  deliveredAt: Instant.optional(),
});
export type CreateTransaction = z.infer<typeof CreateTransaction>;

export const UpdateTransaction = z.object({
  status: TransactionStatus.optional(),
  deliveredAt: Instant.nullable().optional(),
});
export type UpdateTransaction = z.infer<typeof UpdateTransaction>;

export const TransactionListQuery = PageQuery.extend({
  customerId: EntityId.optional(),
  status: TransactionStatus.optional(),
  q: z.string().trim().max(120).optional().describe('matches the external id'),
});
export type TransactionListQuery = z.infer<typeof TransactionListQuery>;
