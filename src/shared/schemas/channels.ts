import { z } from 'zod';
import { OUTBOUND_CHANNELS, OUTBOUND_STATES } from '../enums.js';
import { EntityId, Instant, PageQuery } from './common.js';

export const OutboundChannel = z.enum(OUTBOUND_CHANNELS);
export type OutboundChannel = z.infer<typeof OutboundChannel>;

export const OutboundState = z.enum(OUTBOUND_STATES);
export type OutboundState = z.infer<typeof OutboundState>;

/** A message in the outbox: queued until a dispatcher sends it, then sent, failed (with why) or cancelled. */
export const OutboundMessage = z.object({
  id: EntityId,
  channel: OutboundChannel,
  purpose: z.string(),
  recipient: z.string().describe('email address, phone number or webhook URL'),
  subject: z.string().nullable(),
  bodyText: z.string(),
  customerId: EntityId.nullable(),
  caseId: EntityId.nullable(),
  followUpId: EntityId.nullable(),
  webhookEndpointId: EntityId.nullable(),
  messageId: z.string().describe('the Message-ID it carries, fixed when it was queued, so a repeated send is recognisable'),
  state: OutboundState,
  attempts: z.number().int().describe('sends tried so far'),
  nextAttemptAt: Instant.describe('when a queued message is tried next'),
  lastError: z.string().nullable().describe('why the last try failed, or why it was cancelled'),
  providerRef: z.string().nullable().describe("the receiving side's reference for the accepted message"),
  createdAt: Instant,
  updatedAt: Instant,
  sentAt: Instant.nullable(),
});
export type OutboundMessage = z.infer<typeof OutboundMessage>;

export const OutboundMessageListQuery = PageQuery.extend({
  state: OutboundState.optional(),
  channel: OutboundChannel.optional(),
  caseId: EntityId.optional(),
  customerId: EntityId.optional(),
  followUpId: EntityId.optional(),
});
export type OutboundMessageListQuery = z.infer<typeof OutboundMessageListQuery>;

/**
 * What became of a mail received: added to its case (threaded), added to a resolved or closed case
 * that it reopened, opened a new case, or ignored because a machine sent it (auto-reply, bounce).
 */
export const INBOUND_OUTCOMES = ['threaded', 'reopened_case', 'opened_case', 'ignored_auto_reply'] as const;
export const InboundOutcome = z.enum(INBOUND_OUTCOMES);
export type InboundOutcome = z.infer<typeof InboundOutcome>;

export const INBOUND_VIAS = ['smtp', 'webhook'] as const;

export const InboundMessage = z.object({
  id: EntityId,
  messageId: z.string(),
  channel: z.string(),
  receivedVia: z.enum(INBOUND_VIAS),
  sender: z.string(),
  subject: z.string().nullable(),
  outcome: InboundOutcome,
  caseId: EntityId.nullable(),
  interactionId: EntityId.nullable(),
  note: z.string().nullable().describe('how it was threaded, or why it was ignored'),
  receivedAt: Instant,
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export const InboundMessageListQuery = PageQuery.extend({
  outcome: InboundOutcome.optional(),
  caseId: EntityId.optional(),
});
export type InboundMessageListQuery = z.infer<typeof InboundMessageListQuery>;

/** The answer to a mail handed in: `duplicate` when its Message-ID was taken in before (nothing else is written). */
export const InboundResult = z.object({
  outcome: z.union([InboundOutcome, z.literal('duplicate')]),
  inboundMessageId: EntityId.describe('the record of this mail (for a duplicate: of the first delivery)'),
  caseId: EntityId.nullable(),
  interactionId: EntityId.nullable(),
  note: z.string().nullable(),
});
export type InboundResult = z.infer<typeof InboundResult>;
