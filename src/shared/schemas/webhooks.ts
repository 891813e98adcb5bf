import { z } from 'zod';
import { OUTBOUND_STATES, WEBHOOK_EVENTS } from '../enums.js';
import { EntityId, Instant, PageQuery } from './common.js';

export const WebhookEventType = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** What each event means, for the settings page and the API documentation. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'case.created': 'A case is opened',
  'case.status_changed': 'A case moves to another status',
  'follow_up.scheduled': 'A follow-up is scheduled',
  'follow_up.sent': 'A follow-up message is sent',
  'follow_up.completed': 'A follow-up is done or answered',
  'follow_up.failed': 'A follow-up could not be sent',
  'survey.invited': 'A customer is sent a survey',
  'survey.answered': 'A customer answers a survey',
};

/** A system Aftercare posts events to. The secret is never part of it. */
export const WebhookEndpoint = z.object({
  id: EntityId,
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(WebhookEventType).describe('the events posted to this endpoint'),
  active: z.boolean().describe('an inactive endpoint receives nothing'),
  createdAt: Instant,
  updatedAt: Instant,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }))
  // Credentials in the URL would show wherever endpoints are listed; the signature authenticates Aftercare.
  .refine((url) => !/^https?:\/\/[^/?#]*@/i.test(url), 'must not carry a user name or password');

export const SaveWebhookEndpoint = z.object({
  url: WebhookUrl.describe('http or https URL; private and loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true'),
  events: z
    .array(WebhookEventType)
    .min(1, 'choose at least one event')
    .transform((events) => WEBHOOK_EVENTS.filter((event) => events.includes(event))),
  description: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().default(true),
});
export type SaveWebhookEndpoint = z.input<typeof SaveWebhookEndpoint>;

export const UpdateWebhookEndpoint = SaveWebhookEndpoint.extend({ active: z.boolean() }).partial();
export type UpdateWebhookEndpoint = z.input<typeof UpdateWebhookEndpoint>;

/** The signing secret, in the one answer that creates or rotates it, or to an admin who asks for it. */
export const WebhookSecret = z.object({
  secret: z.string().describe('HMAC-SHA256 key of the Aftercare-Signature header; keep it on the receiving side only'),
});
export type WebhookSecret = z.infer<typeof WebhookSecret>;

export const CreatedWebhookEndpoint = WebhookEndpoint.extend(WebhookSecret.shape);
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpoint>;

/** One event posted (or being posted) to an endpoint, from the outbox. */
export const WebhookDelivery = z.object({
  id: EntityId,
  deliveryId: z.string().describe('the Aftercare-Delivery header, the same on every attempt'),
  event: z.string().describe('an event type, or ping for a test'),
  state: z.enum(OUTBOUND_STATES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: Instant.nullable().describe('when a queued delivery is tried next'),
  createdAt: Instant,
  sentAt: Instant.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryQuery = PageQuery.extend({ state: z.enum(OUTBOUND_STATES).optional() });
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuery>;
