import { z } from 'zod';
import { EntityId, Instant, PageQuery } from './common.js';

export const AuditEvent = z.object({
  seq: z.number().int(),
  occurredAt: Instant,
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.enum(['create', 'update', 'delete']),
  entityType: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditListQuery = PageQuery.extend({
  entityType: z.string().max(40).optional(),
  entityId: EntityId.optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;
