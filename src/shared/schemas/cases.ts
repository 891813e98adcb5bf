import { z } from 'zod';
import { CASE_KINDS, CASE_STATUSES, PRIORITIES, CHANNELS, DIRECTIONS, INTERACTION_MARKS } from '../enums.js';
import { EntityId, Instant, PageQuery } from './common.js';
import { CaseAction, CaseTransition, ComplaintProcedure, InteractionMark } from './procedure.js';
import { Resolution } from './resolutions.js';
import { CaseSla } from './sla.js';

export const CaseKind = z.enum(CASE_KINDS);
export type CaseKind = z.infer<typeof CaseKind>;

export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const Direction = z.enum(DIRECTIONS).describe('inbound from the customer, outbound to them, internal note');
export type Direction = z.infer<typeof Direction>;

export const Interaction = z.object({
  id: EntityId,
  caseId: EntityId,
  customerId: EntityId,
  channel: Channel,
  direction: Direction,
  authorType: z.enum(['user', 'api_key', 'customer', 'system']),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  marks: z.array(InteractionMark).describe('what it shows for the complaint procedure'),
  occurredAt: Instant.describe('when it happened'),
  loggedAt: Instant.describe('when it was recorded in Aftercare'),
});
export type Interaction = z.infer<typeof Interaction>;

export const CreateInteraction = z.object({
  channel: Channel,
  direction: Direction,
  body: z.string().trim().min(1, 'must not be empty').max(100_000),
  occurredAt: Instant.optional().describe('when it happened; defaults to now, must not be in the future'),
  marks: z
    .array(InteractionMark)
    .max(INTERACTION_MARKS.length)
    .default([])
    .describe('apology, thanks and explanation go with outbound contacts; resolution_confirmed with inbound ones'),
});
export type CreateInteraction = z.infer<typeof CreateInteraction>;

export const Case = z.object({
  id: EntityId,
  number: z.string().describe('human-readable case number, e.g. C-1042'),
  customerId: EntityId,
  transactionId: EntityId.nullable(),
  kind: CaseKind,
  subject: z.string(),
  priority: Priority,
  channel: Channel.describe('channel the case came in on'),
  status: CaseStatus,
  teamId: EntityId.nullable(),
  assigneeId: EntityId.nullable(),
  requestingTeamId: EntityId.nullable().describe('for internal cases: the department that raised it'),
  sla: CaseSla.nullable().describe('the SLA policy that applies and its clocks; null when none applies'),
  openedAt: Instant,
  createdAt: Instant,
  updatedAt: Instant,
});
export type Case = z.infer<typeof Case>;

/** A case in a list, with what the inbox shows beside it. */
export const CaseSummary = Case.extend({
  customerName: z.string(),
  assigneeName: z.string().nullable(),
  teamName: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseDetail = CaseSummary.extend({
  interactions: z.array(Interaction),
  procedure: ComplaintProcedure,
  transitions: z.array(CaseTransition).describe('lifecycle steps, oldest first'),
  resolutions: z.array(Resolution).describe('oldest first'),
  actions: z.array(CaseAction).describe('the lifecycle events possible from the current status'),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CreateCase = z.object({
  customerId: EntityId,
  kind: CaseKind,
  subject: z.string().trim().min(1, 'must not be empty').max(300),
  channel: Channel,
  transactionId: EntityId.optional().describe('the purchase this case concerns'),
  priority: Priority.default('normal'),
  teamId: EntityId.optional(),
  assigneeId: EntityId.optional(),
  requestingTeamId: EntityId.optional().describe('for internal cases: the department raising it, which selects internal SLAs'),
  interaction: CreateInteraction.optional().describe('the first interaction, stored with the case'),
});
export type CreateCase = z.infer<typeof CreateCase>;

export const UpdateCase = z.object({
  subject: CreateCase.shape.subject.optional(),
  priority: Priority.optional(),
  teamId: EntityId.nullable().optional(),
  assigneeId: EntityId.nullable().optional(),
  transactionId: EntityId.nullable().optional(),
  requestingTeamId: EntityId.nullable().optional(),
});
export type UpdateCase = z.infer<typeof UpdateCase>;

export const CaseListQuery = PageQuery.extend({
  open: z.stringbool().optional().describe('true: only cases that are not closed; false: only closed ones'),
  status: CaseStatus.optional(),
  kind: CaseKind.optional(),
  priority: Priority.optional(),
  teamId: EntityId.optional(),
  assigneeId: z
    .union([EntityId, z.literal('none')])
    .optional()
    .describe('a user id, or `none` for unassigned cases'),
  customerId: EntityId.optional(),
  transactionId: EntityId.optional(),
  q: z.string().trim().max(200).optional().describe('matches case number or subject'),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

/** Counts for the inbox views; open means not closed. */
export const CaseCounts = z.object({
  open: z.number().int(),
  mine: z.number().int(),
  unassigned: z.number().int(),
  byStatus: z.record(CaseStatus, z.number().int()),
});
export type CaseCounts = z.infer<typeof CaseCounts>;
