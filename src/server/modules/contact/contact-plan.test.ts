import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ConsentEvent, ContactPreferences, FollowUpChannel } from '../../../shared/index.js';
import { consentStateFrom } from './consent.js';
import { isQuietAt, planContact, type ContactPlanInput } from './contact-plan.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PREFERENCES: ContactPreferences = {
  preferredChannel: 'email',
  allowedChannels: ['email', 'sms', 'phone'],
  quietHours: null,
  language: 'en',
  cap: null,
};

let eventCounter = 0;
function consentEvent(channel: ConsentEvent['channel'], purpose: ConsentEvent['purpose'], action: ConsentEvent['action'], occurredAt: string): ConsentEvent {
  eventCounter++;
  return {
    id: `cev_${String(eventCounter).padStart(6, '0')}`,
    customerId: 'cus_1',
    channel,
    purpose,
    action,
    source: 'phone call',
    occurredAt,
    recordedAt: occurredAt,
    recordedBy: 'Ana Agent',
  };
}

function input(overrides: Partial<Omit<ContactPlanInput, 'preferences'>> & { preferences?: Partial<ContactPreferences>; events?: ConsentEvent[] } = {}): ContactPlanInput {
  const { preferences, events, ...rest } = overrides;
  return {
    requestedAt: '2026-06-10T12:00:00.000Z',
    purpose: 'service',
    channels: ['email', 'sms', 'phone'],
    timezone: 'Europe/London',
    preferences: { ...PREFERENCES, ...preferences },
    consent: consentStateFrom(events ?? []),
    reachable: { email: true, sms: true, phone: true },
    recentContacts: [],
    capExempt: false,
    ...rest,
  };
}

/** The instant of a local wall time, e.g. local('Europe/London', '2026-06-05T16:00'). */
function local(zone: string, wallTime: string): string {
  const parsed = DateTime.fromISO(wallTime, { zone });
  if (!parsed.isValid) throw new Error(`bad test time ${wallTime}`);
  return parsed.toUTC().toISO()!;
}

/** How an instant reads on a zone's clock, with its offset, so a reader can check it against a calendar. */
function onClock(zone: string, instant: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ");
}

function sendOf(plan: ReturnType<typeof planContact>) {
  if (plan.kind !== 'send') throw new Error(`expected a send, got ${JSON.stringify(plan)}`);
  return plan;
}

describe('which channel', () => {
  it('uses the preferred channel when nothing else is asked, at the time asked', () => {
    expect(planContact(input({ preferences: { preferredChannel: 'sms' } }))).toEqual({ kind: 'send', channel: 'sms', at: '2026-06-10T12:00:00.000Z', moved: [] });
  });

  it('uses the channel asked for when the customer allows it, else the preferred one', () => {
    expect(sendOf(planContact(input({ requestedChannel: 'phone' }))).channel).toBe('phone');
    expect(sendOf(planContact(input({ requestedChannel: 'phone', preferences: { allowedChannels: ['email', 'sms'], preferredChannel: 'sms' } }))).channel).toBe('sms');
  });

  it('falls back to the first allowed channel of the caller when the preferred one is not offered', () => {
    expect(sendOf(planContact(input({ channels: ['phone', 'sms'], preferences: { preferredChannel: 'email' } }))).channel).toBe('phone');
  });

  it('falls back to the next allowed channel when the customer cannot be reached on the preferred one', () => {
    const plan = planContact(input({ preferences: { preferredChannel: 'sms', allowedChannels: ['sms', 'email'] }, reachable: { email: true, sms: false, phone: false } }));
    expect(sendOf(plan).channel).toBe('email');
  });

  it('skips when no offered channel is among the allowed ones', () => {
    const plan = planContact(input({ channels: ['phone'], preferences: { allowedChannels: ['email'] } }));
    expect(plan).toEqual({ kind: 'skip', reason: 'no_allowed_channel', detail: "phone is not among the customer's allowed channels" });
    expect(planContact(input({ channels: [] }))).toMatchObject({ kind: 'skip', reason: 'no_allowed_channel' });
  });

  it('skips as unreachable when every allowed channel lacks contact details, naming what is missing', () => {
    const plan = planContact(input({ preferences: { allowedChannels: ['email', 'sms'] }, reachable: { email: false, sms: false, phone: true } }));
    expect(plan).toMatchObject({ kind: 'skip', reason: 'unreachable' });
    expect(plan.kind === 'skip' && plan.detail).toMatch(/no email address for email; the customer has no phone number for SMS/);
  });

  it('skips a purpose the customer opted out of on every channel', () => {
    const events = [consentEvent('any', 'survey', 'withdrawn', '2026-05-01T09:00:00.000Z')];
    const plan = planContact(input({ purpose: 'survey', events }));
    expect(plan).toMatchObject({ kind: 'skip', reason: 'opted_out' });
    expect(plan.kind === 'skip' && plan.detail).toContain('opted out of survey contact on 2026-05-01');
    // Another purpose is not touched by it.
    expect(sendOf(planContact(input({ purpose: 'service', events }))).channel).toBe('email');
  });

  it('says an opt-out once, without the channels the customer does not allow', () => {
    const events = [consentEvent('any', 'survey', 'withdrawn', '2026-05-01T09:00:00.000Z')];
    const plan = planContact(input({ purpose: 'survey', channels: ['email', 'sms'], preferences: { allowedChannels: ['email', 'phone'] }, events }));
    expect(plan).toEqual({ kind: 'skip', reason: 'opted_out', detail: 'the customer opted out of survey contact on 2026-05-01 (phone call)' });
    const everywhere = planContact(input({ purpose: 'survey', events }));
    expect(everywhere).toEqual({ kind: 'skip', reason: 'opted_out', detail: 'the customer opted out of survey contact on 2026-05-01 (phone call)' });
  });

  it('never sends marketing without consent, and sends it on a channel where it was given', () => {
    expect(planContact(input({ purpose: 'marketing' }))).toMatchObject({ kind: 'skip', reason: 'no_consent' });
    const events = [consentEvent('sms', 'marketing', 'given', '2026-05-01T09:00:00.000Z')];
    expect(sendOf(planContact(input({ purpose: 'marketing', events }))).channel).toBe('sms');
  });

  it('sends service contact without marketing consent, even when marketing was withdrawn everywhere', () => {
    const events = [consentEvent('any', 'marketing', 'withdrawn', '2026-05-01T09:00:00.000Z')];
    expect(sendOf(planContact(input({ purpose: 'service', events }))).channel).toBe('email');
  });

  it('lets the later event decide between a channel and any', () => {
    const optedOut = consentEvent('any', 'service', 'withdrawn', '2026-05-01T09:00:00.000Z');
    const smsAgain = consentEvent('sms', 'service', 'given', '2026-05-02T09:00:00.000Z');
    expect(sendOf(planContact(input({ events: [smsAgain, optedOut] }))).channel).toBe('sms');
    const optedOutLater = consentEvent('any', 'service', 'withdrawn', '2026-05-03T09:00:00.000Z');
    expect(planContact(input({ events: [optedOut, smsAgain, optedOutLater] }))).toMatchObject({ kind: 'skip', reason: 'opted_out' });
  });

  it('says no consent rather than not allowed when the only allowed channel was withdrawn', () => {
    const events = [consentEvent('email', 'service', 'withdrawn', '2026-05-01T09:00:00.000Z')];
    const plan = planContact(input({ preferences: { allowedChannels: ['email'] }, events }));
    expect(plan).toMatchObject({ kind: 'skip', reason: 'no_consent' });
  });
});

describe('quiet hours', () => {
  const evenings = { quietHours: { start: '21:00', end: '08:00' } };

  it('moves a contact asked for late in the evening to the end of quiet hours the next morning', () => {
    const plan = sendOf(planContact(input({ requestedAt: local('Europe/London', '2026-06-10T22:30'), preferences: evenings })));
    expect(onClock('Europe/London', plan.at)).toBe('2026-06-11 08:00 +01:00');
    expect(plan.moved).toEqual(['quiet_hours']);
  });

  it('moves a contact asked for after midnight to the same morning', () => {
    const plan = sendOf(planContact(input({ requestedAt: local('Europe/London', '2026-06-11T03:00'), preferences: evenings })));
    expect(onClock('Europe/London', plan.at)).toBe('2026-06-11 08:00 +01:00');
  });

  it('leaves a contact at the very end of quiet hours, and moves one at their very start', () => {
    expect(sendOf(planContact(input({ requestedAt: local('Europe/London', '2026-06-11T08:00'), preferences: evenings }))).moved).toEqual([]);
    const atStart = sendOf(planContact(input({ requestedAt: local('Europe/London', '2026-06-10T21:00'), preferences: evenings })));
    expect(onClock('Europe/London', atStart.at)).toBe('2026-06-11 08:00 +01:00');
  });

  it('handles quiet hours within one day', () => {
    const lunch = { quietHours: { start: '12:00', end: '14:00' } };
    expect(onClock('Europe/London', sendOf(planContact(input({ requestedAt: local('Europe/London', '2026-06-10T12:30'), preferences: lunch }))).at)).toBe('2026-06-10 14:00 +01:00');
    expect(sendOf(planContact(input({ requestedAt: local('Europe/London', '2026-06-10T11:59'), preferences: lunch }))).moved).toEqual([]);
  });

  it('reads quiet hours on the customer’s clock far from UTC', () => {
    // 10:00 UTC is 23:00 in Auckland (UTC+13 in January): the contact waits for 08:00 there.
    const plan = sendOf(planContact(input({ timezone: 'Pacific/Auckland', requestedAt: '2026-01-15T10:00:00.000Z', preferences: evenings })));
    expect(plan.at).toBe('2026-01-15T19:00:00.000Z');
    expect(onClock('Pacific/Auckland', plan.at)).toBe('2026-01-16 08:00 +13:00');
    // And 20:00 UTC is 09:00 the next day there: no move.
    expect(sendOf(planContact(input({ timezone: 'Pacific/Auckland', requestedAt: '2026-01-15T20:00:00.000Z', preferences: evenings }))).moved).toEqual([]);
  });

  it('ends quiet hours at 08:00 local time across the spring change in London', () => {
    // Clocks go from 01:00 GMT to 02:00 BST on 29 March 2026: 08:00 that morning is 07:00 UTC.
    const plan = sendOf(planContact(input({ requestedAt: '2026-03-28T22:00:00.000Z', preferences: evenings })));
    expect(plan.at).toBe('2026-03-29T07:00:00.000Z');
  });

  it('ends quiet hours at 08:00 local time across the autumn change in London', () => {
    // Clocks go back from 02:00 BST to 01:00 GMT on 25 October 2026: 08:00 that morning is 08:00 UTC.
    const plan = sendOf(planContact(input({ requestedAt: '2026-10-24T21:30:00.000Z', preferences: evenings })));
    expect(plan.at).toBe('2026-10-25T08:00:00.000Z');
  });

  it('ends quiet hours at the jump when their end is a time the clocks skip (Paris, spring)', () => {
    // 02:30 does not exist in Paris on 29 March 2026: at 02:00 CET the clocks show 03:00 CEST (01:00 UTC).
    const plan = sendOf(planContact(input({ timezone: 'Europe/Paris', requestedAt: '2026-03-28T23:30:00.000Z', preferences: { quietHours: { start: '23:00', end: '02:30' } } })));
    expect(plan.at).toBe('2026-03-29T01:00:00.000Z');
    expect(onClock('Europe/Paris', plan.at)).toBe('2026-03-29 03:00 +02:00');
  });

  it('ends quiet hours at the right showing of a time the clocks show twice (London, autumn)', () => {
    const night = { quietHours: { start: '22:00', end: '01:30' } };
    // 00:45 BST: quiet ends at the first 01:30, still BST.
    expect(sendOf(planContact(input({ requestedAt: '2026-10-24T23:45:00.000Z', preferences: night }))).at).toBe('2026-10-25T00:30:00.000Z');
    // 01:10 GMT, in the repeated hour: the first 01:30 has passed, quiet ends at the second.
    expect(sendOf(planContact(input({ requestedAt: '2026-10-25T01:10:00.000Z', preferences: night }))).at).toBe('2026-10-25T01:30:00.000Z');
  });

  it('skips when quiet hours would move the contact past the latest allowed time', () => {
    const plan = planContact(input({ requestedAt: local('Europe/London', '2026-06-10T22:30'), latestAt: local('Europe/London', '2026-06-11T07:00'), preferences: evenings }));
    expect(plan).toMatchObject({ kind: 'skip', reason: 'quiet_hours' });
    expect(plan.kind === 'skip' && plan.detail).toContain('2026-06-11 08:00 Europe/London');
  });

  it('skips a contact asked for after its latest allowed time', () => {
    expect(planContact(input({ latestAt: '2026-06-10T11:00:00.000Z' }))).toMatchObject({ kind: 'skip', reason: 'too_late' });
  });
});

describe('frequency cap', () => {
  const requestedAt = '2026-06-10T12:00:00.000Z';
  const at = (offsetHours: number) => new Date(Date.parse(requestedAt) + offsetHours * HOUR).toISOString();
  const threeInSeven = { cap: { count: 3, days: 7 } };

  it('lets a contact through while the window has room', () => {
    expect(sendOf(planContact(input({ requestedAt, preferences: threeInSeven, recentContacts: [at(-6 * 24), at(-24)] }))).moved).toEqual([]);
    // Contacts older than the window do not count.
    expect(sendOf(planContact(input({ requestedAt, preferences: threeInSeven, recentContacts: [at(-8 * 24), at(-7 * 24), at(-24), at(-2)] }))).moved).toEqual([]);
  });

  it('moves a contact to when the oldest contact of a full window leaves it', () => {
    const plan = sendOf(planContact(input({ requestedAt, preferences: threeInSeven, recentContacts: [at(-24), at(-6 * 24), at(-5 * 24)] })));
    expect(plan).toEqual({ kind: 'send', channel: 'email', at: at(24), moved: ['frequency_cap'] });
  });

  it('counts contacts already planned after the request', () => {
    const plan = sendOf(planContact(input({ requestedAt, preferences: threeInSeven, recentContacts: [at(1), at(2), at(3)] })));
    expect(plan.at).toBe(at(1 + 7 * 24));
  });

  it('moves on again when the freed slot falls in quiet hours', () => {
    // The window frees at 23:00 London time on the 11th; quiet hours hold it until 08:00 on the 12th.
    const plan = sendOf(planContact(input({ requestedAt, preferences: { ...threeInSeven, quietHours: { start: '21:00', end: '08:00' } }, recentContacts: [at(-6 * 24 + 10), at(-24), at(-2)] })));
    expect(onClock('Europe/London', plan.at)).toBe('2026-06-12 08:00 +01:00');
    expect(plan.moved).toEqual(['frequency_cap', 'quiet_hours']);
  });

  it('skips when the window frees only after the latest allowed time', () => {
    const plan = planContact(input({ requestedAt, latestAt: at(12), preferences: threeInSeven, recentContacts: [at(-24), at(-6 * 24), at(-5 * 24)] }));
    expect(plan).toMatchObject({ kind: 'skip', reason: 'frequency_cap' });
    expect(plan.kind === 'skip' && plan.detail).toContain('3 contacts in 7 days');
  });

  it('does not apply to an exempt contact, nor when the customer has no cap', () => {
    const recentContacts = [at(-24), at(-6 * 24), at(-5 * 24)];
    expect(sendOf(planContact(input({ requestedAt, preferences: threeInSeven, recentContacts, capExempt: true }))).at).toBe(requestedAt);
    expect(sendOf(planContact(input({ requestedAt, recentContacts }))).at).toBe(requestedAt);
  });
});

describe('the planned instant, for any request', () => {
  const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'UTC'];
  const wallTime = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  // 2026 and its daylight-saving changes, to the second.
  const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }).map((ms) => Math.floor(ms / 1000) * 1000);
  const scenario = fc.record({
    zone: fc.constantFrom(...ZONES),
    quiet: fc.tuple(wallTime, wallTime).filter(([start, end]) => start !== end),
    requested: instant,
    cap: fc.option(fc.record({ count: fc.integer({ min: 1, max: 5 }), days: fc.integer({ min: 1, max: 10 }) }), { nil: null }),
    recentOffsets: fc.array(fc.integer({ min: -10 * DAY, max: 10 * DAY }), { maxLength: 8 }),
  });

  it('is never before the request, never in quiet hours, and keeps every window within the cap', () => {
    fc.assert(
      fc.property(scenario, ({ zone, quiet, requested, cap, recentOffsets }) => {
        const quietHours = { start: quiet[0], end: quiet[1] };
        const contacts = recentOffsets.map((offset) => requested + offset);
        const plan = sendOf(
          planContact(input({ timezone: zone, requestedAt: new Date(requested).toISOString(), preferences: { quietHours, cap }, recentContacts: contacts.map((ms) => new Date(ms).toISOString()) })),
        );
        const at = Date.parse(plan.at);
        expect(at).toBeGreaterThanOrEqual(requested);
        expect(isQuietAt(at, zone, quietHours)).toBe(false);
        if (cap) {
          const sorted = [...contacts].sort((a, b) => a - b);
          for (let first = 0; first + cap.count <= sorted.length; first++) {
            const span = Math.max(sorted[first + cap.count - 1]!, at) - Math.min(sorted[first]!, at);
            expect(span).toBeGreaterThanOrEqual(cap.days * DAY);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is the earliest time outside quiet hours when no cap applies', () => {
    fc.assert(
      fc.property(scenario, ({ zone, quiet, requested }) => {
        const quietHours = { start: quiet[0], end: quiet[1] };
        const plan = sendOf(planContact(input({ timezone: zone, requestedAt: new Date(requested).toISOString(), preferences: { quietHours } })));
        const at = Date.parse(plan.at);
        if (at === requested) expect(plan.moved).toEqual([]);
        // Moved: the minute before was still quiet, so nothing earlier would do.
        else expect(isQuietAt(at - 60_000, zone, quietHours)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('channels offered', () => {
  it('only ever plans a channel the caller offered and the customer allows', () => {
    const channel = fc.constantFrom<FollowUpChannel>('email', 'sms', 'phone');
    fc.assert(
      fc.property(fc.uniqueArray(channel, { maxLength: 3 }), fc.uniqueArray(channel, { minLength: 1, maxLength: 3 }), fc.option(channel, { nil: null }), (offered, allowed, requested) => {
        const plan = planContact(input({ channels: offered, requestedChannel: requested, preferences: { allowedChannels: allowed, preferredChannel: allowed[0]! } }));
        if (plan.kind === 'send') {
          expect(offered).toContain(plan.channel);
          expect(allowed).toContain(plan.channel);
          if (requested && offered.includes(requested) && allowed.includes(requested)) expect(plan.channel).toBe(requested);
        } else {
          expect(plan.reason).toBe('no_allowed_channel');
          expect(offered.filter((c) => allowed.includes(c))).toEqual([]);
        }
      }),
    );
  });
});
