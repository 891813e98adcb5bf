import { z } from 'zod';
import { CASE_KINDS, FOLLOW_UP_OUTCOMES, FOLLOW_UP_PURPOSES, FOLLOW_UP_STATUSES, FOLLOW_UP_TRIGGERS } from '../enums.js';
import { CurrencyCode, EntityId, Instant, MinorUnits, PageQuery } from './common.js';
import { FollowUpChannel, PLAN_MOVES, SkipReason } from './contact.js';

export const FollowUpPurpose = z.enum(FOLLOW_UP_PURPOSES);
export type FollowUpPurpose = z.infer<typeof FollowUpPurpose>;
export const FollowUpStatus = z.enum(FOLLOW_UP_STATUSES);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;
export const FollowUpOutcome = z.enum(FOLLOW_UP_OUTCOMES);
export type FollowUpOutcome = z.infer<typeof FollowUpOutcome>;
export const FollowUpTrigger = z.enum(FOLLOW_UP_TRIGGERS);
export type FollowUpTrigger = z.infer<typeof FollowUpTrigger>;

/**
 * The case statuses in which each purpose makes sense. A follow-up whose case has moved out of
 * them is cancelled; one about no case (a check-in after delivery) fits any time.
 */
export const PURPOSE_CASE_STATUSES: Record<FollowUpPurpose, readonly string[] | 'any'> = {
  confirm_resolution: ['awaiting_customer'],
  satisfaction_check: ['resolved', 'closed'],
  survey: ['resolved', 'closed'],
  post_purchase_checkin: 'any',
  callback: 'any',
};

/** The purposes each trigger may schedule: a rule for another purpose would ask the wrong question. */
export const TRIGGER_PURPOSES: Record<FollowUpTrigger, readonly FollowUpPurpose[]> = {
  case_awaiting_customer: ['confirm_resolution', 'callback'],
  case_resolved: ['satisfaction_check', 'survey'],
  order_delivered: ['post_purchase_checkin', 'survey'],
};

/**
 * Why a follow-up was cancelled rather than skipped: its case moved on to a status where the
 * question no longer makes sense, or a person withdrew it (their words are the detail).
 */
export const FOLLOW_UP_CANCEL_REASONS = ['case_moved_on', 'cancelled_by_agent'] as const;

/** A follow-up as lists and the case view show it. */
export const FollowUp = z.object({
  id: EntityId,
  customerId: EntityId,
  customerName: z.string(),
  caseId: EntityId.nullable(),
  caseNumber: z.string().nullable(),
  caseSubject: z.string().nullable(),
  transactionId: EntityId.nullable(),
  ruleId: EntityId.nullable().describe('the rule that scheduled it; null when a person did'),
  purpose: FollowUpPurpose,
  status: FollowUpStatus,
  channel: FollowUpChannel.nullable().describe('null only when it was skipped before a channel could be chosen'),
  dueAt: Instant.describe('when it was asked for'),
  scheduledFor: Instant.nullable().describe('the slot the customer’s preferences allow (quiet hours, frequency cap)'),
  assigneeId: EntityId.nullable().describe('who makes the call, for phone follow-ups'),
  assigneeName: z.string().nullable(),
  note: z.string().nullable(),
  attempts: z.number().int().describe('documented attempts that reached nobody'),
  outcome: FollowUpOutcome.nullable(),
  outcomeSummary: z.string().nullable(),
  skipReason: z.string().nullable().describe('why it was skipped or cancelled, as a code (opted_out, frequency_cap, case_moved_on, …)'),
  skipDetail: z.string().nullable().describe('the same in words'),
  failureReason: z.string().nullable().describe('why the send gave up'),
  linkedCaseId: EntityId.nullable().describe('the case opened for further needs'),
  linkedCaseNumber: z.string().nullable(),
  messageId: z.string().nullable().describe('Message-ID of the message it went out as'),
  createdAt: Instant,
  updatedAt: Instant,
  doneAt: Instant.nullable(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const ScheduleFollowUp = z.object({
  purpose: FollowUpPurpose,
  dueAt: Instant.describe('when to follow up; the customer’s quiet hours and frequency cap may move it later'),
  channel: FollowUpChannel.nullable().default(null).describe('null: the customer’s preferred channel'),
  assigneeId: EntityId.nullable().optional().describe('who calls, for a phone follow-up; defaults to the case’s assignee'),
  note: z.string().trim().max(2000).nullable().optional(),
});
export type ScheduleFollowUp = z.infer<typeof ScheduleFollowUp>;

/** What scheduling would do, answered before anything is saved. */
export const FollowUpPlan = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('send'),
    channel: FollowUpChannel,
    at: Instant.describe('the slot it would go out (or the call fall due)'),
    moved: z.array(z.enum(PLAN_MOVES)).describe('why the slot is later than asked'),
    timezone: z.string().describe('the customer’s time zone, for showing the slot in their time too'),
  }),
  z.object({
    kind: z.literal('skip'),
    reason: SkipReason,
    detail: z.string(),
  }),
]);
export type FollowUpPlan = z.infer<typeof FollowUpPlan>;

export const RecordOutcome = z.object({
  outcome: FollowUpOutcome,
  summary: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(10_000)
    .optional()
    .describe('what the customer said; required for a phone call, and for further needs (it becomes the new case)'),
  occurredAt: Instant.optional().describe('when the contact happened; defaults to now'),
});
export type RecordOutcome = z.infer<typeof RecordOutcome>;

export const CancelFollowUp = z.object({
  reason: z.string().trim().min(1, 'must not be empty').max(500),
});
export type CancelFollowUp = z.infer<typeof CancelFollowUp>;

export const FOLLOW_UP_VIEWS = ['due_today', 'calls', 'failed', 'scheduled'] as const;

export const FollowUpListQuery = PageQuery.extend({
  view: z
    .enum(FOLLOW_UP_VIEWS)
    .optional()
    .describe('due_today: scheduled or due by the end of the day; calls: phone follow-ups due; failed: sends that gave up; scheduled: waiting for their slot'),
  assignee: z.union([z.literal('me'), EntityId]).optional().describe('`me` or a user id'),
  caseId: EntityId.optional(),
  customerId: EntityId.optional(),
  dayEnd: Instant.optional().describe('the end of “today” in the agent’s time zone; defaults to the end of the UTC day'),
});
export type FollowUpListQuery = z.infer<typeof FollowUpListQuery>;

export const FollowUpCountsQuery = z.object({ dayEnd: Instant.optional().describe('the end of “today” in the agent’s time zone') });

/** Counts for the rail. */
export const FollowUpCounts = z.object({
  dueToday: z.number().int().describe('scheduled or due by the end of today'),
  myCalls: z.number().int().describe('call tasks due for you'),
  calls: z.number().int().describe('call tasks due for anyone'),
  failed: z.number().int().describe('sends that gave up'),
});
export type FollowUpCounts = z.infer<typeof FollowUpCounts>;

export const FollowUpRuleConditions = z.object({
  kinds: z.array(z.enum(CASE_KINDS)).max(CASE_KINDS.length).default([]).describe('case kinds it applies to; empty: every kind'),
  minTotalMinor: MinorUnits.nullable().default(null).describe('orders: only those totalling at least this, in minor units'),
  currency: CurrencyCode.nullable().default(null).describe('the currency of minTotalMinor'),
  notWithinDays: z.number().int().min(1).max(365).nullable().default(null).describe('nobody gets this purpose twice within this many days'),
  sampleOneIn: z
    .number()
    .int()
    .min(2)
    .max(1000)
    .nullable()
    .default(null)
    .describe('surveys: ask about 1 case or order in this many, chosen by its id so that running the rule again decides the same; null: every one'),
});
export type FollowUpRuleConditions = z.infer<typeof FollowUpRuleConditions>;

export const FollowUpRule = z.object({
  id: EntityId,
  name: z.string(),
  active: z.boolean(),
  trigger: FollowUpTrigger,
  purpose: FollowUpPurpose,
  delayMinutes: z.number().int().describe('after the trigger'),
  channel: FollowUpChannel.nullable().describe('null: the customer’s preferred channel'),
  conditions: FollowUpRuleConditions,
  createdAt: Instant,
  updatedAt: Instant,
});
export type FollowUpRule = z.infer<typeof FollowUpRule>;

export const SaveFollowUpRule = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  active: z.boolean().default(true),
  trigger: FollowUpTrigger,
  purpose: FollowUpPurpose,
  delayMinutes: z.number().int().min(0).max(525_600).describe('minutes after the trigger, at most a year'),
  channel: FollowUpChannel.nullable().default(null),
  conditions: FollowUpRuleConditions.default({ kinds: [], minTotalMinor: null, currency: null, notWithinDays: null, sampleOneIn: null }),
});
export type SaveFollowUpRule = z.infer<typeof SaveFollowUpRule>;
