import {
  FOLLOW_UP_CHANNELS,
  type ConsentEvent,
  type ContactPlan,
  type ContactPreferences,
  type ContactPreferencesView,
  type ContactPurpose,
  type FollowUpChannel,
  type PreferenceField,
  type RecordConsentEvent,
  type SaveContactPreferences,
} from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Queryable } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { ConsentEventRow, ContactPreferencesRow, CustomerRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, invalidField } from '../../platform/http/errors.js';
import { newId, nowInstant, toInstant } from '../../platform/ids.js';
import { customerRowOrThrow } from '../customers/customers.store.js';
import { consentStateFrom } from './consent.js';
import { channelRefusal, planContact, type Refusal } from './contact-plan.js';

const DAY = 24 * 3_600_000;

/** Follow-ups that are, or will be, a contact: they count toward the customer's frequency cap. */
export const CONTACT_STATUSES = ['scheduled', 'due', 'sent', 'done', 'answered'] as const;

/** The order a preferred channel is defaulted in: email when there is an address, else a call. */
const DEFAULT_PREFERENCE_ORDER: readonly FollowUpChannel[] = ['email', 'phone', 'sms'];
const DEFAULT_QUIET_HOURS = { start: '21:00', end: '08:00' };
const DEFAULT_CAP = { count: 3, days: 7 };

function reachableChannels(customer: CustomerRow): Record<FollowUpChannel, boolean> {
  return { email: customer.email !== null, sms: customer.phone !== null, phone: customer.phone !== null };
}

/**
 * The preferences in force: what was saved, and the default for every field that was not. A saved
 * preferred channel the allowed channels no longer include (contact details removed since) gives
 * way to the default too.
 */
function preferencesInForce(customer: CustomerRow, row: ContactPreferencesRow | undefined): { preferences: ContactPreferences; defaults: PreferenceField[] } {
  const reachable = reachableChannels(customer);
  const savedAllowed = row ? (JSON.parse(row.allowed_channels_json) as FollowUpChannel[] | null) : null;
  const allowedChannels = savedAllowed ?? FOLLOW_UP_CHANNELS.filter((channel) => reachable[channel]);
  const savedPreferred = row?.preferred_channel && allowedChannels.includes(row.preferred_channel as FollowUpChannel) ? (row.preferred_channel as FollowUpChannel) : null;
  const quietSaved = row?.quiet_start != null && row.quiet_end != null;
  const capSaved = row?.cap_count != null && row.cap_days != null;
  const preferences: ContactPreferences = {
    preferredChannel: savedPreferred ?? DEFAULT_PREFERENCE_ORDER.find((channel) => allowedChannels.includes(channel)) ?? null,
    allowedChannels,
    quietHours: quietSaved ? { start: row!.quiet_start!, end: row!.quiet_end! } : DEFAULT_QUIET_HOURS,
    language: row?.language ?? customer.language,
    cap: capSaved ? { count: Number(row!.cap_count), days: Number(row!.cap_days) } : DEFAULT_CAP,
  };
  const set: Record<PreferenceField, boolean> = {
    preferredChannel: savedPreferred !== null,
    allowedChannels: savedAllowed !== null,
    quietHours: quietSaved,
    language: row?.language != null,
    cap: capSaved,
  };
  return { preferences, defaults: (Object.keys(set) as PreferenceField[]).filter((field) => !set[field]) };
}

function toConsentEvent(row: ConsentEventRow): ConsentEvent {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel as ConsentEvent['channel'],
    purpose: row.purpose as ConsentEvent['purpose'],
    action: row.action as ConsentEvent['action'],
    source: row.source,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
  };
}

// Asked for every follow-up planned, falling due and sent: compiled once.
const preferencesRows = compiledOnce((db, customerId: string) => db.selectFrom('contact_preferences').selectAll().where('customer_id', '=', customerId));
const consentEventRows = compiledOnce((db, customerId: string) =>
  db.selectFrom('consent_events').selectAll().where('customer_id', '=', customerId).orderBy('occurred_at', 'desc').orderBy('id', 'desc'),
);

async function preferencesRowOf(db: Queryable, customerId: string): Promise<ContactPreferencesRow | undefined> {
  return (await preferencesRows(db, customerId))[0];
}

/** What every decision about contacting a customer starts from: the customer, their saved preferences and their consent history. */
export interface ContactFacts {
  customer: CustomerRow;
  preferencesRow: ContactPreferencesRow | undefined;
  consentEvents: ConsentEventRow[];
}

/** The customer's contact facts, read once for a caller that decides several things from them. */
export async function contactFactsOf(db: Queryable, customerId: string): Promise<ContactFacts> {
  const customer = await customerRowOrThrow(db, customerId);
  const [preferencesRow, consentEvents] = await Promise.all([preferencesRowOf(db, customerId), consentEventRows(db, customerId)]);
  return { customer, preferencesRow, consentEvents };
}

/** The customer's consent history, newest first (by when it happened, then as recorded). */
export async function consentEventsOf(db: Queryable, customerId: string): Promise<ConsentEvent[]> {
  await customerRowOrThrow(db, customerId);
  return (await consentEventRows(db, customerId)).map(toConsentEvent);
}

/** Everything the customer profile shows about contacting them. */
export async function contactPreferencesView(db: Queryable, customerId: string): Promise<ContactPreferencesView> {
  const { customer, preferencesRow, consentEvents } = await contactFactsOf(db, customerId);
  const { preferences, defaults } = preferencesInForce(customer, preferencesRow);
  return {
    customerId,
    preferences,
    defaults,
    reachable: reachableChannels(customer),
    consent: consentStateFrom(consentEvents.map(toConsentEvent)),
    updatedAt: preferencesRow?.updated_at ?? null,
  };
}

/** Replaces the customer's saved preferences; a field left out follows the default from now on. */
export async function saveContactPreferences(work: Work, customerId: string, input: SaveContactPreferences): Promise<ContactPreferencesView> {
  const customer = await customerRowOrThrow(work.tx, customerId);
  if (input.preferredChannel && !input.allowedChannels) {
    const reachable = reachableChannels(customer);
    const allowedByDefault = FOLLOW_UP_CHANNELS.filter((channel) => reachable[channel]);
    if (!allowedByDefault.includes(input.preferredChannel)) {
      throw invalidField('preferredChannel', `must be one of the allowed channels (${allowedByDefault.join(', ') || 'none: the customer has no contact details'})`);
    }
  }
  const now = nowInstant();
  const fields = {
    preferred_channel: input.preferredChannel ?? null,
    allowed_channels_json: JSON.stringify(input.allowedChannels ?? null),
    quiet_start: input.quietHours?.start ?? null,
    quiet_end: input.quietHours?.end ?? null,
    language: input.language ?? null,
    cap_count: input.cap?.count ?? null,
    cap_days: input.cap?.days ?? null,
    updated_at: now,
  };
  const existing = await preferencesRowOf(work.tx, customerId);
  if (existing) {
    await updateAudited(work, 'contact_preferences', existing, fields);
  } else {
    try {
      await insertAudited(work, 'contact_preferences', { id: newId('cpr'), customer_id: customerId, created_at: now, ...fields });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('preferences_changed', 'the preferences were saved by someone else meanwhile: reload them and try again');
      throw error;
    }
  }
  return contactPreferencesView(work.tx, customerId);
}

/** Appends one event to the customer's consent history; events are never changed or removed. */
export async function recordConsentEvent(work: Work, customerId: string, input: RecordConsentEvent): Promise<ConsentEvent> {
  await customerRowOrThrow(work.tx, customerId);
  const now = nowInstant();
  const row: ConsentEventRow = {
    id: newId('cev'),
    customer_id: customerId,
    channel: input.channel,
    purpose: input.purpose,
    action: input.action,
    source: input.source,
    occurred_at: input.occurredAt ? toInstant(input.occurredAt) : now,
    recorded_at: now,
    recorded_by: work.actor.name,
  };
  await insertAudited(work, 'consent_events', row);
  return toConsentEvent(row);
}

export interface PlanContactRequest {
  customerId: string;
  purpose: ContactPurpose;
  requestedAt: string;
  channels: readonly FollowUpChannel[];
  requestedChannel?: FollowUpChannel | null;
  capExempt: boolean;
  latestAt?: string;
  /** The follow-up being planned again, so it does not count against itself. */
  excludeFollowUpId?: string;
}

/**
 * Which channel and when to contact the customer, or why not: their preferences, consent and the
 * follow-ups that count toward their cap (planned or made within a cap window of the request).
 */
export async function planContactFor(db: Queryable, request: PlanContactRequest): Promise<ContactPlan> {
  const { customer, preferencesRow, consentEvents } = await contactFactsOf(db, request.customerId);
  const { preferences } = preferencesInForce(customer, preferencesRow);
  let recentContacts: string[] = [];
  if (preferences.cap && !request.capExempt) {
    // Earlier contacts count while they are less than a window before the contact; later ones always may.
    const since = new Date(Date.parse(request.requestedAt) - preferences.cap.days * DAY).toISOString();
    let counted = db
      .selectFrom('follow_ups')
      .select('scheduled_for')
      .where('customer_id', '=', customer.id)
      .where('status', 'in', CONTACT_STATUSES)
      .where('scheduled_for', '>', since);
    if (request.excludeFollowUpId) counted = counted.where('id', '!=', request.excludeFollowUpId);
    recentContacts = (await counted.execute()).map((contact) => contact.scheduled_for!);
  }
  return planContact({
    requestedAt: toInstant(request.requestedAt),
    purpose: request.purpose,
    channels: request.channels,
    requestedChannel: request.requestedChannel ?? null,
    timezone: customer.timezone,
    preferences,
    consent: consentStateFrom(consentEvents.map(toConsentEvent)),
    reachable: reachableChannels(customer),
    recentContacts,
    capExempt: request.capExempt,
    latestAt: request.latestAt,
  });
}

/**
 * Whether a contact about to go out is still allowed (checked again at send time): the channel
 * allowed, the purpose not opted out, consent in place, contact details present. Quiet hours and
 * the cap were settled when it was planned.
 */
export function contactRefusal({ customer, preferencesRow, consentEvents }: ContactFacts, channel: FollowUpChannel, purpose: ContactPurpose): Refusal | null {
  return channelRefusal(channel, purpose, preferencesInForce(customer, preferencesRow).preferences, consentStateFrom(consentEvents.map(toConsentEvent)), reachableChannels(customer));
}

/** The language a message to the customer is written in: theirs as saved in the preferences, else the customer's. */
export function contactLanguage({ customer, preferencesRow }: ContactFacts): string {
  return preferencesInForce(customer, preferencesRow).preferences.language;
}
