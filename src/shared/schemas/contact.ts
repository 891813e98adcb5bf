import { z } from 'zod';
import { CONSENT_ACTIONS, CONTACT_PURPOSES, FOLLOW_UP_CHANNELS } from '../enums.js';
import { EntityId, Instant } from './common.js';

export const FollowUpChannel = z.enum(FOLLOW_UP_CHANNELS);
export type FollowUpChannel = z.infer<typeof FollowUpChannel>;

export const ContactPurpose = z.enum(CONTACT_PURPOSES);
export type ContactPurpose = z.infer<typeof ContactPurpose>;

export const ConsentAction = z.enum(CONSENT_ACTIONS);
export type ConsentAction = z.infer<typeof ConsentAction>;

/** A consent event is about one channel, or `any`: every channel at once (an opt-out of a purpose). */
export const CONSENT_CHANNELS = [...FOLLOW_UP_CHANNELS, 'any'] as const;
export const ConsentChannel = z.enum(CONSENT_CHANNELS);
export type ConsentChannel = z.infer<typeof ConsentChannel>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:mm, e.g. 21:00');

/** Local wall-clock times in the customer's timezone; a window from 21:00 to 08:00 wraps midnight. */
export const QuietHours = z
  .object({
    start: LocalTime.describe('when the quiet time begins, local time HH:mm'),
    end: LocalTime.describe('when contact may start again, local time HH:mm'),
  })
  .refine((hours) => hours.start !== hours.end, { message: 'must differ from the start', path: ['end'] });
export type QuietHours = z.infer<typeof QuietHours>;

/** At most `count` contacts in any `days`-day window. */
export const ContactCap = z.object({
  count: z.number().int().min(1).max(50).describe('contacts at most, 1 to 50'),
  days: z.number().int().min(1).max(90).describe('in any window of this many days, 1 to 90'),
});
export type ContactCap = z.infer<typeof ContactCap>;

const LanguageTag = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or fr-FR');

/** How a customer wants to be contacted, with the defaults filled in where nothing is set. */
export const ContactPreferences = z.object({
  preferredChannel: FollowUpChannel.nullable().describe('null only when no channel is allowed'),
  allowedChannels: z.array(FollowUpChannel),
  quietHours: QuietHours.nullable().describe('null: no quiet hours'),
  language: z.string(),
  cap: ContactCap.nullable().describe('null: no frequency cap'),
});
export type ContactPreferences = z.infer<typeof ContactPreferences>;

export const PREFERENCE_FIELDS = ['preferredChannel', 'allowedChannels', 'quietHours', 'language', 'cap'] as const;
export type PreferenceField = (typeof PREFERENCE_FIELDS)[number];

/**
 * A customer's own settings, replacing what was saved before. A field left out (or null) follows the
 * default: email if they have an address, else phone; the channels they have contact details for;
 * quiet from 21:00 to 08:00 in their timezone; at most 3 contacts in 7 days; their language.
 * Opting out of a purpose is not a preference but a consent event (withdrawn, on channel `any`).
 */
export const SaveContactPreferences = z
  .object({
    preferredChannel: FollowUpChannel.nullable().optional().describe('must be among the allowed channels'),
    allowedChannels: z
      .array(FollowUpChannel)
      .min(1, 'must name at least one channel; to stop contact for a purpose, record that consent is withdrawn')
      .refine((channels) => new Set(channels).size === channels.length, 'must not name a channel twice')
      .nullable()
      .optional(),
    quietHours: QuietHours.nullable().optional(),
    language: LanguageTag.nullable().optional(),
    cap: ContactCap.nullable().optional(),
  })
  .refine((body) => !body.preferredChannel || !body.allowedChannels || body.allowedChannels.includes(body.preferredChannel), {
    message: 'must be one of the allowed channels',
    path: ['preferredChannel'],
  });
export type SaveContactPreferences = z.infer<typeof SaveContactPreferences>;

/** One entry of a customer's consent history; never changed once recorded. */
export const ConsentEvent = z.object({
  id: EntityId,
  customerId: EntityId,
  channel: ConsentChannel,
  purpose: ContactPurpose,
  action: ConsentAction,
  source: z.string().describe('where the customer said so: a form, a call, an email…'),
  occurredAt: Instant.describe('when the customer gave or withdrew it'),
  recordedAt: Instant,
  recordedBy: z.string().nullable().describe('who recorded it'),
});
export type ConsentEvent = z.infer<typeof ConsentEvent>;

export const RecordConsentEvent = z.object({
  channel: ConsentChannel.describe('a follow-up channel, or any for every channel'),
  purpose: ContactPurpose,
  action: ConsentAction,
  source: z.string().trim().min(1, 'must say where the customer gave or withdrew consent').max(500),
  occurredAt: Instant.refine((at) => Date.parse(at) <= Date.now(), 'must not be in the future').optional().describe('defaults to now'),
});
export type RecordConsentEvent = z.infer<typeof RecordConsentEvent>;

/** Whether one channel may carry one purpose, and the event that decided it (null: the purpose's default). */
export const ConsentDecision = z.object({
  channel: FollowUpChannel,
  purpose: ContactPurpose,
  allowed: z.boolean(),
  decidedBy: ConsentEvent.nullable(),
});
export type ConsentDecision = z.infer<typeof ConsentDecision>;

export const ConsentState = z.object({
  decisions: z.array(ConsentDecision).describe('every follow-up channel × purpose'),
  optOuts: z.array(ContactPurpose).describe('purposes whose latest event on channel any is a withdrawal'),
});
export type ConsentState = z.infer<typeof ConsentState>;

export const ContactPreferencesView = z.object({
  customerId: EntityId,
  preferences: ContactPreferences,
  defaults: z.array(z.enum(PREFERENCE_FIELDS)).describe('the fields that follow the default, not set for this customer'),
  reachable: z.object({ email: z.boolean(), sms: z.boolean(), phone: z.boolean() }).describe('channels the customer has contact details for'),
  consent: ConsentState,
  updatedAt: Instant.nullable().describe('when the preferences were last saved; null if never'),
});
export type ContactPreferencesView = z.infer<typeof ContactPreferencesView>;

/** Why a contact is not made; a move past the latest allowed time names what moved it. */
export const SKIP_REASONS = ['opted_out', 'no_consent', 'no_allowed_channel', 'unreachable', 'quiet_hours', 'frequency_cap', 'too_late'] as const;
export const SkipReason = z.enum(SKIP_REASONS);
export type SkipReason = z.infer<typeof SkipReason>;

export const PLAN_MOVES = ['quiet_hours', 'frequency_cap'] as const;
export type PlanMove = (typeof PLAN_MOVES)[number];

export const ContactPlan = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('send'),
    channel: FollowUpChannel,
    at: Instant,
    moved: z.array(z.enum(PLAN_MOVES)).describe('what moved it later than asked, in order'),
  }),
  z.object({ kind: z.literal('skip'), reason: SkipReason, detail: z.string() }),
]);
export type ContactPlan = z.infer<typeof ContactPlan>;

export const RequestContactPlan = z.object({
  purpose: ContactPurpose,
  requestedAt: Instant.optional().describe('defaults to now'),
  channel: FollowUpChannel.optional().describe('the channel asked for; another is chosen if it is not allowed'),
  latestAt: Instant.optional().describe('skip rather than move the contact past this instant'),
});
export type RequestContactPlan = z.infer<typeof RequestContactPlan>;
