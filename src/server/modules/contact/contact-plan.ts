import { DateTime, IANAZone } from 'luxon';
import type {
  ConsentState,
  ContactCap,
  ContactPlan,
  ContactPreferences,
  ContactPurpose,
  FollowUpChannel,
  PlanMove,
  QuietHours,
  SkipReason,
} from '../../../shared/index.js';
import { consentDecision } from './consent.js';

export interface ContactPlanInput {
  requestedAt: string;
  purpose: ContactPurpose;
  /** The channels this contact may use, in the caller's order of choice. */
  channels: readonly FollowUpChannel[];
  requestedChannel?: FollowUpChannel | null;
  /** The customer's IANA timezone, in which quiet hours are read. */
  timezone: string;
  preferences: ContactPreferences;
  consent: ConsentState;
  /** Whether the customer has the contact details a channel needs (an address, a phone number). */
  reachable: Record<FollowUpChannel, boolean>;
  /** Other contacts that count toward the frequency cap, before or after requestedAt. */
  recentContacts: readonly string[];
  capExempt: boolean;
  /** After this instant the contact is skipped rather than moved. */
  latestAt?: string;
}

export interface Refusal {
  reason: SkipReason;
  detail: string;
}

const CHANNEL_NAMES: Record<FollowUpChannel, string> = { email: 'email', sms: 'SMS', phone: 'phone' };
const CONTACT_DETAIL: Record<FollowUpChannel, string> = { email: 'email address', sms: 'phone number', phone: 'phone number' };

/**
 * Why a channel may not carry a contact for a purpose, or null if it may: not among the customer's
 * allowed channels, the purpose opted out or without consent on it, or no contact details for it.
 * Quiet hours and the cap only move a contact, so they are not asked here.
 */
export function channelRefusal(
  channel: FollowUpChannel,
  purpose: ContactPurpose,
  preferences: ContactPreferences,
  consent: ConsentState,
  reachable: Record<FollowUpChannel, boolean>,
): Refusal | null {
  const name = CHANNEL_NAMES[channel];
  if (!preferences.allowedChannels.includes(channel)) {
    return { reason: 'no_allowed_channel', detail: `${name} is not among the customer's allowed channels` };
  }
  const decision = consentDecision(consent, channel, purpose);
  if (!decision.allowed) {
    const event = decision.decidedBy;
    if (event?.channel === 'any') {
      return { reason: 'opted_out', detail: `the customer opted out of ${purpose} contact on ${event.occurredAt.slice(0, 10)} (${event.source})` };
    }
    return {
      reason: 'no_consent',
      detail: event ? `the customer withdrew ${purpose} consent for ${name} on ${event.occurredAt.slice(0, 10)} (${event.source})` : `the customer has not given ${purpose} consent for ${name}`,
    };
  }
  if (!reachable[channel]) return { reason: 'unreachable', detail: `the customer has no ${CONTACT_DETAIL[channel]} for ${name}` };
  return null;
}

// How far a refused channel got: among refused channels the one that got furthest says best why.
const REFUSAL_DEPTH: Partial<Record<SkipReason, number>> = { no_allowed_channel: 0, opted_out: 1, no_consent: 1, unreachable: 2 };

/** The channel to use (asked for, else preferred, else the first allowed of `channels`), or why there is none. */
function chooseChannel(input: ContactPlanInput): { channel: FollowUpChannel } | Refusal {
  const candidates = [...new Set([input.requestedChannel, input.preferences.preferredChannel, ...input.channels])].filter(
    (channel): channel is FollowUpChannel => !!channel && input.channels.includes(channel),
  );
  if (candidates.length === 0) return { reason: 'no_allowed_channel', detail: 'no channel was offered for this contact' };
  const refusals: Refusal[] = [];
  for (const channel of candidates) {
    const refusal = channelRefusal(channel, input.purpose, input.preferences, input.consent, input.reachable);
    if (!refusal) return { channel };
    refusals.push(refusal);
  }
  const deepest = refusals.reduce((best, refusal) => (REFUSAL_DEPTH[refusal.reason]! > REFUSAL_DEPTH[best.reason]! ? refusal : best));
  // A channel the customer does not allow says nothing worth reading beside a refusal that got
  // further, and an opt-out reads the same on every channel: each reason once.
  const telling = refusals.filter((refusal) => refusal.reason !== 'no_allowed_channel' || deepest.reason === 'no_allowed_channel');
  return { reason: deepest.reason, detail: [...new Set(telling.map((refusal) => refusal.detail))].join('; ') };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function minutesOf(localTime: string): number {
  const [hours, minutes] = localTime.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/**
 * The earliest instant at or after `notBefore` when the zone's clock shows `minutes` past midnight
 * on the given local date, or, for a time the clocks skip (spring forward), the instant they jump
 * past it. A time they show twice (fall back) is the first showing not before `notBefore`.
 */
function wallClockInstant(date: DateTime, minutes: number, zone: IANAZone, notBefore: number): number {
  const asIfUtc = Date.UTC(date.year, date.month - 1, date.day, Math.floor(minutes / 60), minutes % 60);
  const offsets = [...new Set([zone.offset(asIfUtc - DAY), zone.offset(asIfUtc), zone.offset(asIfUtc + DAY)])];
  const showings = offsets.map((offset) => asIfUtc - offset * MINUTE).filter((instant) => zone.offset(instant) === (asIfUtc - instant) / MINUTE);
  const candidates = showings.filter((instant) => instant >= notBefore);
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped: the clocks jump between reading it with the offset after the change and with the one before.
  let before = asIfUtc - Math.max(...offsets) * MINUTE;
  let after = asIfUtc - Math.min(...offsets) * MINUTE;
  const offsetBefore = zone.offset(before);
  while (after - before > MINUTE) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE) * MINUTE;
    if (zone.offset(middle) === offsetBefore) before = middle;
    else after = middle;
  }
  return Math.max(after, notBefore);
}

/** Whether `at` falls in the quiet hours on the zone's clock; quiet hours from 21:00 to 08:00 wrap midnight. */
export function isQuietAt(at: number, zoneName: string, quiet: QuietHours | null): boolean {
  return quietEndFor(at, IANAZone.create(zoneName), quiet) !== null;
}

/** When the quiet hours `at` falls in end, or null if it falls in none. */
function quietEndFor(at: number, zone: IANAZone, quiet: QuietHours | null): number | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const local = DateTime.fromMillis(at, { zone });
  const minute = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / MINUTE;
  const sameDay = start < end ? minute >= start && minute < end : start > end && minute < end;
  const endsTomorrow = start > end && minute >= start;
  if (!sameDay && !endsTomorrow) return null;
  return wallClockInstant(endsTomorrow ? local.plus({ days: 1 }) : local, end, zone, at);
}

/** The earliest instant at or after `at` outside quiet hours. */
function leaveQuietHours(at: number, zone: IANAZone, quiet: QuietHours | null): number {
  let free = at;
  // A wall time the clocks skip can land on another quiet stretch only in contrived zones; a few rounds settle it.
  for (let round = 0; round < 4; round++) {
    const end = quietEndFor(free, zone, quiet);
    if (end === null) return free;
    free = end;
  }
  return free;
}

/**
 * The earliest instant at or after `at` that keeps every window of `cap.days` days at no more than
 * `cap.count` contacts, counting this one: while `cap.count` other contacts lie less than the window
 * apart with it, it waits until the first of them leaves the window.
 */
function leaveFullWindows(at: number, contacts: readonly number[], cap: ContactCap): number {
  const window = cap.days * DAY;
  let free = at;
  for (;;) {
    let moved = false;
    for (let first = 0; first + cap.count <= contacts.length; first++) {
      const last = first + cap.count - 1;
      if (Math.max(contacts[last]!, free) - Math.min(contacts[first]!, free) < window) {
        free = contacts[first]! + window;
        moved = true;
        break;
      }
    }
    if (!moved) return free;
  }
}

function localDescription(at: number, zone: IANAZone): string {
  return `${DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone.name}`;
}

/**
 * Which channel and when to contact a customer for a purpose, or why not at all: the channel asked
 * for if allowed, else the preferred one, else the first allowed; the first instant not before the
 * request that lies outside quiet hours in the customer's timezone and within the frequency cap
 * (unless exempt); skipped when that instant would be after `latestAt`.
 */
export function planContact(input: ContactPlanInput): ContactPlan {
  const chosen = chooseChannel(input);
  if (!('channel' in chosen)) return { kind: 'skip', ...chosen };

  const zone = IANAZone.create(input.timezone);
  if (!zone.isValid) throw new Error(`unknown timezone ${input.timezone}`);
  const requested = Date.parse(input.requestedAt);
  const latest = input.latestAt === undefined ? Infinity : Date.parse(input.latestAt);
  if (requested > latest) {
    return { kind: 'skip', reason: 'too_late', detail: `requested for ${input.requestedAt}, after the latest allowed time ${input.latestAt}` };
  }
  const { quietHours, cap } = input.preferences;
  const contacts = input.recentContacts.map((instant) => Date.parse(instant)).sort((a, b) => a - b);
  const moved: PlanMove[] = [];
  const tooLate = (reason: PlanMove, at: number, why: string): ContactPlan => ({
    kind: 'skip',
    reason,
    detail: `${why} allows the contact at ${localDescription(at, zone)} at the earliest, after the latest allowed time ${localDescription(latest, zone)}`,
  });

  let at = requested;
  for (;;) {
    const outsideQuiet = leaveQuietHours(at, zone, quietHours);
    if (outsideQuiet !== at) {
      at = outsideQuiet;
      if (!moved.includes('quiet_hours')) moved.push('quiet_hours');
      if (at > latest) return tooLate('quiet_hours', at, `quiet hours from ${quietHours!.start} to ${quietHours!.end}`);
    }
    if (input.capExempt || !cap) break;
    const withinCap = leaveFullWindows(at, contacts, cap);
    if (withinCap === at) break;
    at = withinCap;
    if (!moved.includes('frequency_cap')) moved.push('frequency_cap');
    if (at > latest) return tooLate('frequency_cap', at, `the limit of ${cap.count} contacts in ${cap.days} days`);
  }
  return { kind: 'send', channel: chosen.channel, at: new Date(at).toISOString(), moved };
}
