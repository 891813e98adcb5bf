import { z } from 'zod';

// A missing field reads better as "is required" than as a type mismatch against `undefined`.
z.config({
  customError: (issue) =>
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined ? 'is required' : undefined,
});

/** An instant in UTC, ISO-8601 with an offset; stored normalised to `...Z`. */
export const Instant = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time, e.g. 2026-11-26T09:30:00Z');

/** An entity id such as `cus_01JD...`: a readable prefix and a time-sortable ULID. */
export const EntityId = z.string().min(4).max(64).describe('Entity id');

/** Money is integer minor units with an ISO-4217 currency code. */
export const MinorUnits = z.number().int().min(0).max(1_000_000_000_00);
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO-4217 code in capitals, e.g. EUR');

export const PageQuery = z.object({
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(64).optional().describe('nextCursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('page size, 1 to 200'),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('pass as `cursor` to get the next page; null on the last page'),
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What is wrong with one field of a request. */
export const FieldProblem = z.object({ field: z.string(), reason: z.string() });
export type FieldProblem = z.infer<typeof FieldProblem>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(FieldProblem).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const IdParams = z.object({ id: EntityId });
