import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../shared/index.js';
import { compileCalendar, type Weekday } from './business-time.js';
import { computeSlaClocks, iso, nextDue, type SlaHistory, type SlaTerms } from './sla-clock.js';

const MINUTE = 60_000;
/** Monday 1 June 2026, midnight UTC: minute 0 of every history below. */
const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();
const ms = (minutes: number) => T0 + minutes * MINUTE;

type Hours = [string, string][];
const days = (hours: Hours, weekend: Hours = hours): Record<Weekday, Hours> => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: weekend,
  sun: weekend,
});
/** Open all the time: business minutes are wall-clock minutes, so the arithmetic is plain. */
const ALWAYS = compileCalendar({ timezone: 'UTC', weeklyHours: days([['00:00', '24:00']]), holidays: [], closures: [] });
/** Weekdays 09:00–17:00 UTC. */
const OFFICE = compileCalendar({ timezone: 'UTC', weeklyHours: days([['09:00', '17:00']], []), holidays: [], closures: [] });

const TERMS: SlaTerms = {
  firstResponseMinutes: null,
  nextResponseMinutes: null,
  resolutionMinutes: null,
  pauseStatuses: ['awaiting_customer'],
  warnPercent: null,
  warnBeforeMinutes: null,
};

type Contact = SlaHistory['interactions'][number];
const inbound = (minute: number): Contact => ({ direction: 'inbound', authorType: 'customer', occurredAt: at(minute), marks: [] });
const reply = (minute: number, extra: Partial<Contact> = {}): Contact => ({ direction: 'outbound', authorType: 'user', occurredAt: at(minute), marks: [], ...extra });
const step = (minute: number, toStatus: string) => ({ toStatus, at: at(minute) });

function history(status: string, transitions: SlaHistory['transitions'] = [], interactions: Contact[] = [inbound(0)]): SlaHistory {
  return { openedAt: at(0), status, transitions, interactions };
}

function clock(target: SlaClock['target'], h: SlaHistory, terms: Partial<SlaTerms>, nowMinute: number, calendar = ALWAYS): SlaClock {
  const found = computeSlaClocks(h, { ...TERMS, ...terms }, calendar, ms(nowMinute)).find((c) => c.target === target);
  if (!found) throw new Error(`no ${target} clock`);
  return found;
}

describe('computeSlaClocks', () => {
  it('derives only the clocks the policy has targets for, in a fixed order', () => {
    const all = computeSlaClocks(history('new'), { ...TERMS, firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 600 }, ALWAYS, ms(5));
    expect(all.map((c) => c.target)).toEqual(['first_response', 'next_response', 'resolution']);
    expect(computeSlaClocks(history('new'), { ...TERMS, resolutionMinutes: 600 }, ALWAYS, ms(5)).map((c) => c.target)).toEqual(['resolution']);
  });

  describe('first response', () => {
    it('runs from the opening until a reply, due after the target', () => {
      expect(clock('first_response', history('new'), { firstResponseMinutes: 60 }, 20)).toEqual({
        target: 'first_response',
        targetMinutes: 60,
        state: 'running',
        startedAt: at(0),
        dueAt: at(60),
        warnAt: null,
        stoppedAt: null,
        businessMinutesUsed: 20,
      });
    });

    it('is met by a reply exactly at the due time, and breached a minute later', () => {
      const onTime = clock('first_response', history('acknowledged', [step(60, 'acknowledged')], [inbound(0), reply(60)]), { firstResponseMinutes: 60 }, 500);
      expect(onTime).toMatchObject({ state: 'met', stoppedAt: at(60), dueAt: at(60), businessMinutesUsed: 60 });
      const late = clock('first_response', history('acknowledged', [step(61, 'acknowledged')], [inbound(0), reply(61)]), { firstResponseMinutes: 60 }, 500);
      expect(late).toMatchObject({ state: 'breached', dueAt: at(60) });
    });

    it('is met by a reply in time', () => {
      const met = clock('first_response', history('acknowledged', [step(30, 'acknowledged')], [inbound(0), reply(30)]), { firstResponseMinutes: 60 }, 500);
      expect(met).toMatchObject({ state: 'met', stoppedAt: at(30), businessMinutesUsed: 30, warnAt: null });
    });

    it('still says when a target met in time was due', () => {
      const met = clock('first_response', history('acknowledged', [step(10, 'awaiting_customer'), step(20, 'acknowledged')], [inbound(0), reply(30)]), { firstResponseMinutes: 60 }, 500);
      expect(met).toMatchObject({ state: 'met', stoppedAt: at(30), businessMinutesUsed: 20, dueAt: at(70) });
      const onTheDot = clock('first_response', history('acknowledged', [], [inbound(0), reply(60)]), { firstResponseMinutes: 60 }, 500);
      expect(onTheDot).toMatchObject({ state: 'met', dueAt: at(60), stoppedAt: at(60) });
    });

    it('is breached by a reply after the due time: stopped late is breached, and says when it was due', () => {
      const late = clock('first_response', history('acknowledged', [step(90, 'acknowledged')], [inbound(0), reply(90)]), { firstResponseMinutes: 60 }, 500);
      expect(late).toMatchObject({ state: 'breached', dueAt: at(60), stoppedAt: at(90), businessMinutesUsed: 90 });
    });

    it('is breached, still running, once the due time passes without a reply', () => {
      const overdue = clock('first_response', history('new'), { firstResponseMinutes: 60 }, 75);
      expect(overdue).toMatchObject({ state: 'breached', dueAt: at(60), stoppedAt: null, businessMinutesUsed: 75 });
    });

    it('does not count a note, a message from the customer, an API reply or a failed attempt as a response', () => {
      const notReplies: Contact[] = [
        inbound(0),
        inbound(5),
        { direction: 'internal', authorType: 'user', occurredAt: at(10), marks: [] },
        { direction: 'outbound', authorType: 'api_key', occurredAt: at(15), marks: [] },
        { direction: 'outbound', authorType: 'system', occurredAt: at(16), marks: [] },
        reply(20, { marks: ['failed_attempt'] }),
      ];
      expect(clock('first_response', history('new', [], notReplies), { firstResponseMinutes: 60 }, 30)).toMatchObject({ state: 'running', dueAt: at(60) });
      expect(clock('first_response', history('new', [], [...notReplies, reply(40)]), { firstResponseMinutes: 60 }, 50)).toMatchObject({ state: 'met', stoppedAt: at(40) });
    });

    it('takes the earliest reply whatever order the contacts were logged in', () => {
      const loggedLate = [inbound(0), reply(50), reply(20)];
      expect(clock('first_response', history('acknowledged', [], loggedLate), { firstResponseMinutes: 60 }, 60)).toMatchObject({ state: 'met', stoppedAt: at(20) });
    });

    it('is idle while a case without a reply is resolved, and runs again on reopening', () => {
      const resolved = history('resolved', [step(10, 'investigating'), step(20, 'resolved')]);
      expect(clock('first_response', resolved, { firstResponseMinutes: 60 }, 30)).toMatchObject({ state: 'idle', dueAt: null, warnAt: null });
      const reopened = history('investigating', [step(10, 'investigating'), step(20, 'resolved'), step(50, 'investigating')]);
      // 20 minutes used before it was resolved; the 30 resolved minutes do not count.
      expect(clock('first_response', reopened, { firstResponseMinutes: 60 }, 55)).toMatchObject({ state: 'running', dueAt: at(90), businessMinutesUsed: 25 });
    });
  });

  describe('pause and resume', () => {
    const paused = history('awaiting_customer', [step(10, 'investigating'), step(20, 'awaiting_customer')]);
    const resumed = history('investigating', [step(10, 'investigating'), step(20, 'awaiting_customer'), step(50, 'investigating')]);

    it('has no due time while the case is in a pause status, and keeps the minutes used', () => {
      expect(clock('resolution', paused, { resolutionMinutes: 60, warnPercent: 50 }, 40)).toMatchObject({
        state: 'paused',
        dueAt: null,
        warnAt: null,
        stoppedAt: null,
        businessMinutesUsed: 20,
      });
    });

    it('moves the due time on by the time spent paused', () => {
      // Due at minute 60 without the pause; paused for 30 minutes.
      expect(clock('resolution', history('investigating', [step(10, 'investigating')]), { resolutionMinutes: 60 }, 55)).toMatchObject({ dueAt: at(60) });
      expect(clock('resolution', resumed, { resolutionMinutes: 60, warnPercent: 50 }, 55)).toMatchObject({
        state: 'running',
        dueAt: at(90),
        warnAt: at(50 + 10),
        businessMinutesUsed: 25,
      });
    });

    it('pauses only in the policy’s pause statuses', () => {
      const investigating = { pauseStatuses: ['investigating'], resolutionMinutes: 60 };
      expect(clock('resolution', paused, investigating, 40)).toMatchObject({ state: 'running', dueAt: at(70), businessMinutesUsed: 30 });
      expect(clock('resolution', resumed, { ...investigating, pauseStatuses: [] }, 55)).toMatchObject({ state: 'running', dueAt: at(60) });
    });

    it('pauses every clock that runs, not only resolution', () => {
      const clocks = computeSlaClocks(paused, { ...TERMS, firstResponseMinutes: 60, resolutionMinutes: 600 }, ALWAYS, ms(40));
      expect(clocks.map((c) => [c.target, c.state, c.dueAt])).toEqual([
        ['first_response', 'paused', null],
        ['resolution', 'paused', null],
      ]);
    });

    it('shifts the due time by the paused business time, not the paused wall time', () => {
      // Opened Monday 09:00 with 4 business hours to go: due Monday 13:00 if nothing pauses it.
      const monday9 = Date.parse('2026-06-01T09:00:00.000Z');
      const iso = (text: string) => new Date(Date.parse(text)).toISOString();
      const office = (status: string, transitions: SlaHistory['transitions']): SlaHistory => ({
        openedAt: iso('2026-06-01T09:00:00Z'),
        status,
        transitions,
        interactions: [{ direction: 'inbound', authorType: 'customer', occurredAt: iso('2026-06-01T09:00:00Z'), marks: [] }],
      });
      const straight = computeSlaClocks(office('investigating', [{ toStatus: 'investigating', at: iso('2026-06-01T09:30:00Z') }]), { ...TERMS, resolutionMinutes: 240 }, OFFICE, monday9 + 45 * MINUTE);
      expect(straight[0]).toMatchObject({ dueAt: iso('2026-06-01T13:00:00Z') });
      // Paused Monday 10:00 to Tuesday 10:00: a day of wall time, 8 business hours (7 on Monday, 1 on Tuesday).
      const withPause = office('investigating', [
        { toStatus: 'investigating', at: iso('2026-06-01T09:30:00Z') },
        { toStatus: 'awaiting_customer', at: iso('2026-06-01T10:00:00Z') },
        { toStatus: 'investigating', at: iso('2026-06-02T10:00:00Z') },
      ]);
      const [resolution] = computeSlaClocks(withPause, { ...TERMS, resolutionMinutes: 240 }, OFFICE, Date.parse('2026-06-02T10:30:00Z'));
      expect(resolution).toMatchObject({ state: 'running', dueAt: iso('2026-06-02T13:00:00Z'), businessMinutesUsed: 90 });
      // A pause over a night and a weekend costs nothing but the open hours in it.
      const overWeekend = office('investigating', [
        { toStatus: 'awaiting_customer', at: iso('2026-06-05T16:00:00Z') },
        { toStatus: 'investigating', at: iso('2026-06-08T10:00:00Z') },
      ]);
      const fridayOpened: SlaHistory = { ...overWeekend, openedAt: iso('2026-06-05T15:00:00Z'), interactions: [] };
      const [weekend] = computeSlaClocks(fridayOpened, { ...TERMS, resolutionMinutes: 240 }, OFFICE, Date.parse('2026-06-08T10:00:00Z'));
      // 60 minutes used on Friday; 180 to go from Monday 10:00; the pause cost Friday 16–17 and Monday 9–10.
      expect(weekend).toMatchObject({ dueAt: iso('2026-06-08T13:00:00Z'), businessMinutesUsed: 60 });
    });

    it('does not breach during a pause that outlasts the due time', () => {
      const longPause = history('investigating', [step(10, 'awaiting_customer'), step(500, 'investigating')]);
      expect(clock('resolution', longPause, { resolutionMinutes: 60 }, 510)).toMatchObject({ state: 'running', dueAt: at(550), businessMinutesUsed: 20 });
    });
  });

  describe('next response', () => {
    const terms = { nextResponseMinutes: 30 };

    it('is idle before the first response, whatever the customer writes', () => {
      expect(clock('next_response', history('new', [], [inbound(0), inbound(10)]), terms, 20)).toMatchObject({
        state: 'idle',
        startedAt: null,
        dueAt: null,
        businessMinutesUsed: 0,
      });
    });

    it('is idle once a reply answered everything', () => {
      expect(clock('next_response', history('acknowledged', [], [inbound(0), reply(10)]), terms, 20)).toMatchObject({ state: 'idle', dueAt: null });
    });

    it('starts with the first message after a response and stops at the next reply, once per cycle', () => {
      const waiting = [inbound(0), reply(10), inbound(20), inbound(25)];
      expect(clock('next_response', history('acknowledged', [], waiting), terms, 40)).toMatchObject({
        state: 'running',
        startedAt: at(20),
        dueAt: at(50),
        businessMinutesUsed: 20,
      });
      const answered = [...waiting, reply(45)];
      expect(clock('next_response', history('acknowledged', [], answered), terms, 60)).toMatchObject({
        state: 'met',
        startedAt: at(20),
        stoppedAt: at(45),
        businessMinutesUsed: 25,
      });
      const again = [...answered, inbound(100)];
      expect(clock('next_response', history('acknowledged', [], again), terms, 110)).toMatchObject({
        state: 'running',
        startedAt: at(100),
        dueAt: at(130),
        businessMinutesUsed: 10,
      });
      const lateAgain = [...again, reply(140)];
      expect(clock('next_response', history('acknowledged', [], lateAgain), terms, 150)).toMatchObject({
        state: 'breached',
        startedAt: at(100),
        dueAt: at(130),
        stoppedAt: at(140),
      });
    });

    it('is paused like the other clocks', () => {
      const h = history('awaiting_customer', [step(30, 'awaiting_customer')], [inbound(0), reply(10), inbound(20)]);
      expect(clock('next_response', h, terms, 40)).toMatchObject({ state: 'paused', dueAt: null, businessMinutesUsed: 10 });
    });
  });

  describe('resolution', () => {
    const terms = { resolutionMinutes: 300 };

    it('stops when the case is resolved, and stays stopped at that time once it is closed', () => {
      const resolved = history('resolved', [step(10, 'investigating'), step(100, 'resolved')]);
      expect(clock('resolution', resolved, terms, 1000)).toMatchObject({ state: 'met', stoppedAt: at(100), businessMinutesUsed: 100, warnAt: null });
      const closed = history('closed', [step(10, 'investigating'), step(100, 'resolved'), step(120, 'closed')]);
      expect(clock('resolution', closed, terms, 1000)).toMatchObject({ state: 'met', stoppedAt: at(100), businessMinutesUsed: 100 });
    });

    it('resumes on reopening, without counting the time it was resolved', () => {
      const reopened = history('investigating', [step(10, 'investigating'), step(100, 'resolved'), step(200, 'investigating')]);
      expect(clock('resolution', reopened, terms, 210)).toMatchObject({ state: 'running', stoppedAt: null, businessMinutesUsed: 110, dueAt: at(400) });
      const resolvedAgain = history('resolved', [step(10, 'investigating'), step(100, 'resolved'), step(200, 'investigating'), step(250, 'resolved')]);
      expect(clock('resolution', resolvedAgain, terms, 300)).toMatchObject({ state: 'met', stoppedAt: at(250), businessMinutesUsed: 150 });
    });

    it('is breached when resolved after its due time', () => {
      const late = history('resolved', [step(10, 'investigating'), step(400, 'resolved')]);
      expect(clock('resolution', late, terms, 500)).toMatchObject({ state: 'breached', dueAt: at(300), stoppedAt: at(400), businessMinutesUsed: 400 });
    });
  });

  describe('warnings', () => {
    const running = history('investigating', [step(1, 'investigating')]);

    it('warns when a share of the target is used', () => {
      expect(clock('resolution', running, { resolutionMinutes: 100, warnPercent: 80 }, 10)).toMatchObject({ warnAt: at(80), dueAt: at(100) });
    });

    it('warns a number of minutes before the due time', () => {
      expect(clock('resolution', running, { resolutionMinutes: 100, warnPercent: null, warnBeforeMinutes: 15 }, 10)).toMatchObject({ warnAt: at(85) });
    });

    it('warns at whichever of the two comes first', () => {
      expect(clock('resolution', running, { resolutionMinutes: 100, warnPercent: 80, warnBeforeMinutes: 30 }, 10)).toMatchObject({ warnAt: at(70) });
      expect(clock('resolution', running, { resolutionMinutes: 100, warnPercent: 50, warnBeforeMinutes: 30 }, 10)).toMatchObject({ warnAt: at(50) });
    });

    it('warns at once when the minutes before exceed the target, even with a share set', () => {
      expect(clock('resolution', running, { resolutionMinutes: 30, warnPercent: 80, warnBeforeMinutes: 60 }, 10)).toMatchObject({ warnAt: at(0), dueAt: at(30) });
      expect(clock('resolution', running, { resolutionMinutes: 30, warnPercent: null, warnBeforeMinutes: 30 }, 0)).toMatchObject({ warnAt: at(0) });
    });

    it('does not warn without a warning setting', () => {
      expect(clock('resolution', running, { resolutionMinutes: 100 }, 10)).toMatchObject({ warnAt: null });
    });

    it('keeps the warning time once it has passed, while the clock runs', () => {
      expect(clock('resolution', running, { resolutionMinutes: 100, warnPercent: 80 }, 90)).toMatchObject({ state: 'running', warnAt: at(80) });
    });

    it('counts the warning in business time', () => {
      // 80 % of 4 business hours is 3h12m: opened Friday 15:00, due Monday 11:00, warned Monday 10:12.
      const friday: SlaHistory = {
        openedAt: '2026-06-05T15:00:00.000Z',
        status: 'new',
        transitions: [],
        interactions: [],
      };
      const [first] = computeSlaClocks(friday, { ...TERMS, firstResponseMinutes: 240, warnPercent: 80 }, OFFICE, Date.parse('2026-06-05T15:30:00Z'));
      expect(first).toMatchObject({ dueAt: '2026-06-08T11:00:00.000Z', warnAt: '2026-06-08T10:12:00.000Z', businessMinutesUsed: 30 });
    });

    it('moves the warning with a pause', () => {
      const h = history('investigating', [step(10, 'awaiting_customer'), step(40, 'investigating')]);
      expect(clock('resolution', h, { resolutionMinutes: 100, warnPercent: 50 }, 45)).toMatchObject({ warnAt: at(80), dueAt: at(130) });
    });
  });

  it('nextDue is the earliest due time among clocks still counting, overdue ones first', () => {
    const overdue = computeSlaClocks(history('new'), { ...TERMS, firstResponseMinutes: 10, resolutionMinutes: 120 }, ALWAYS, ms(20));
    expect(overdue.map((c) => c.state)).toEqual(['breached', 'running']);
    expect(nextDue(overdue)).toBe(at(10));
    const answeredLate = computeSlaClocks(history('acknowledged', [], [inbound(0), reply(15)]), { ...TERMS, firstResponseMinutes: 10, resolutionMinutes: 120 }, ALWAYS, ms(20));
    expect(answeredLate[0]).toMatchObject({ state: 'breached', stoppedAt: at(15) });
    expect(nextDue(answeredLate)).toBe(at(120));
  });

  it('nextDue ignores clocks that are met, paused or idle', () => {
    const clocks = computeSlaClocks(
      history('acknowledged', [step(5, 'acknowledged')], [inbound(0), reply(5), inbound(10)]),
      { ...TERMS, firstResponseMinutes: 10, nextResponseMinutes: 240, resolutionMinutes: 120 },
      ALWAYS,
      ms(20),
    );
    expect(clocks.map((c) => c.state)).toEqual(['met', 'running', 'running']);
    expect(nextDue(clocks)).toBe(at(120));
    const paused = computeSlaClocks(history('awaiting_customer', [step(5, 'awaiting_customer')]), { ...TERMS, resolutionMinutes: 120 }, ALWAYS, ms(20));
    expect(nextDue(paused)).toBeNull();
  });
});

describe('iso', () => {
  it('writes an instant exactly as Date#toISOString does', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => iso(ms) === new Date(ms).toISOString()));
    expect(iso(null)).toBeNull();
  });
});
