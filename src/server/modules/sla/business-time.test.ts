import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  CalendarWithoutHoursError,
  compileCalendar,
  type CompiledCalendar,
  isOpenAt,
  WEEKDAYS,
  type Weekday,
} from './business-time.js';

type Hours = [string, string][];

const NINE_TO_FIVE: Hours = [['09:00', '17:00']];
const ROUND_THE_CLOCK: Hours = [['00:00', '24:00']];

function weekdaysOnly(hours: Hours): Record<Weekday, Hours> {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] };
}

function everyDay(hours: Hours): Record<Weekday, Hours> {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours };
}

function calendarIn(timezone: string, weeklyHours: Record<Weekday, Hours>, extra: Partial<BusinessCalendar> = {}): CompiledCalendar {
  return compileCalendar({ timezone, weeklyHours, holidays: [], closures: [], ...extra });
}

/** The instant of an unambiguous local wall time, e.g. local('Europe/London', '2026-06-05T16:00'). */
function local(zone: string, wallTime: string): number {
  const parsed = DateTime.fromISO(wallTime, { zone });
  if (!parsed.isValid) throw new Error(`bad test time ${wallTime}`);
  return parsed.toMillis();
}

/** How an instant reads on the zone's clock, for assertions a reader can check against a calendar. */
function wallTime(zone: string, ms: number): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Business minutes on one local date, midnight to midnight (luxon puts a skipped midnight at the jump). */
function minutesOnDate(calendar: CompiledCalendar, zone: string, date: string): number {
  const start = DateTime.fromISO(date, { zone });
  return businessMinutesBetween(calendar, start.toMillis(), start.plus({ days: 1 }).startOf('day').toMillis());
}

describe('addBusinessMinutes and businessMinutesBetween on examples', () => {
  const zone = 'Europe/London';
  const officeHours = calendarIn(zone, weekdaysOnly(NINE_TO_FIVE));

  it('carries what is left on Friday evening over to Monday morning', () => {
    const due = addBusinessMinutes(officeHours, local(zone, '2026-06-05T16:00'), 120);
    expect(wallTime(zone, due)).toBe('2026-06-08T10:00');
    expect(businessMinutesBetween(officeHours, local(zone, '2026-06-05T16:00'), due)).toBe(120);
  });

  it('lands on the closing time when the minutes use up the day exactly', () => {
    expect(wallTime(zone, addBusinessMinutes(officeHours, local(zone, '2026-06-05T16:00'), 60))).toBe('2026-06-05T17:00');
  });

  it('starts the clock at the next opening from a closed instant, and leaves it alone for 0 minutes', () => {
    const saturday = local(zone, '2026-06-06T11:00');
    expect(wallTime(zone, addBusinessMinutes(officeHours, saturday, 30))).toBe('2026-06-08T09:30');
    expect(addBusinessMinutes(officeHours, saturday, 0)).toBe(saturday);
  });

  it('counts to the millisecond, so minutes may be fractional', () => {
    const opening = local(zone, '2026-06-08T09:00');
    expect(businessMinutesBetween(officeHours, opening, opening + 30_000)).toBe(0.5);
    expect(addBusinessMinutes(officeHours, opening, 1.5)).toBe(opening + 90_000);
    expect(businessMinutesBetween(officeHours, local(zone, '2026-06-08T08:59'), opening + 1)).toBeCloseTo(1 / 60_000, 12);
  });

  it('is open from the opening time and closed from the closing time', () => {
    expect(isOpenAt(officeHours, local(zone, '2026-06-08T09:00'))).toBe(true);
    expect(isOpenAt(officeHours, local(zone, '2026-06-08T16:59'))).toBe(true);
    expect(isOpenAt(officeHours, local(zone, '2026-06-08T17:00'))).toBe(false);
    expect(isOpenAt(officeHours, local(zone, '2026-06-06T12:00'))).toBe(false);
  });

  it('gives 0 for empty or reversed spans and counts a whole week as five days', () => {
    const monday = local(zone, '2026-06-08T00:00');
    expect(businessMinutesBetween(officeHours, monday, monday)).toBe(0);
    expect(businessMinutesBetween(officeHours, monday + 60_000, monday)).toBe(0);
    expect(businessMinutesBetween(officeHours, monday, local(zone, '2026-06-15T00:00'))).toBe(5 * 8 * 60);
  });

  it('skips the lunch break of split shifts', () => {
    const splitShifts = calendarIn(zone, weekdaysOnly([['09:00', '12:30'], ['13:30', '17:30']]));
    expect(wallTime(zone, addBusinessMinutes(splitShifts, local(zone, '2026-06-08T12:00'), 60))).toBe('2026-06-08T14:00');
    expect(wallTime(zone, addBusinessMinutes(splitShifts, local(zone, '2026-06-08T12:45'), 1))).toBe('2026-06-08T13:31');
    expect(businessMinutesBetween(splitShifts, local(zone, '2026-06-08T08:00'), local(zone, '2026-06-08T18:00'))).toBe(450);
    expect(isOpenAt(splitShifts, local(zone, '2026-06-08T13:00'))).toBe(false);
  });

  it('accepts openings in any order and treats touching ones as one', () => {
    const touching = calendarIn(zone, weekdaysOnly([['12:00', '17:00'], ['09:00', '12:00']]));
    expect(wallTime(zone, addBusinessMinutes(touching, local(zone, '2026-06-08T11:00'), 120))).toBe('2026-06-08T13:00');
    expect(isOpenAt(touching, local(zone, '2026-06-08T12:00'))).toBe(true);
  });

  it('skips holidays', () => {
    const christmas = calendarIn(zone, weekdaysOnly(NINE_TO_FIVE), { holidays: ['2026-12-25', '2026-12-28'] });
    // Thursday 24th 16:00: one hour that day, Friday 25th and Monday 28th closed, so Tuesday 29th.
    expect(wallTime(zone, addBusinessMinutes(christmas, local(zone, '2026-12-24T16:00'), 120))).toBe('2026-12-29T10:00');
    // 21 December to New Year: nine weekdays, two of them holidays.
    expect(businessMinutesBetween(christmas, local(zone, '2026-12-21T00:00'), local(zone, '2027-01-01T00:00'))).toBe(7 * 480);
  });

  it('reads holidays as dates in the calendar time zone, not in UTC', () => {
    const auckland = 'Pacific/Auckland';
    const kiwiChristmas = calendarIn(auckland, weekdaysOnly(NINE_TO_FIVE), { holidays: ['2026-12-25'] });
    // 10:00 on Christmas Day in Auckland is still the 24th in UTC.
    const christmasMorning = local(auckland, '2026-12-25T10:00');
    expect(new Date(christmasMorning).toISOString()).toBe('2026-12-24T21:00:00.000Z');
    expect(isOpenAt(kiwiChristmas, christmasMorning)).toBe(false);
    expect(isOpenAt(kiwiChristmas, local(auckland, '2026-12-24T10:00'))).toBe(true);
  });

  it('cuts closures out of the openings they overlap', () => {
    const withClosure = calendarIn(zone, weekdaysOnly(NINE_TO_FIVE), {
      // 12:00–14:30 on Wednesday 3 June, London summer time.
      closures: [{ from: '2026-06-03T11:00:00Z', to: '2026-06-03T13:30:00Z' }],
    });
    expect(minutesOnDate(withClosure, zone, '2026-06-03')).toBe(480 - 150);
    expect(wallTime(zone, addBusinessMinutes(withClosure, local(zone, '2026-06-03T11:00'), 90))).toBe('2026-06-03T15:00');
    expect(isOpenAt(withClosure, local(zone, '2026-06-03T12:00'))).toBe(false);
    expect(isOpenAt(withClosure, local(zone, '2026-06-03T14:30'))).toBe(true);
  });

  it('joins overlapping closures and lets one close several days', () => {
    const withClosures = calendarIn(zone, weekdaysOnly(NINE_TO_FIVE), {
      closures: [
        { from: '2026-06-09T08:00:00Z', to: '2026-06-10T12:00:00Z' },
        { from: '2026-06-08T15:00:00Z', to: '2026-06-09T09:00:00Z' },
      ],
    });
    // Open Monday 09:00–16:00, closed until Wednesday 13:00, open again to 17:00.
    expect(businessMinutesBetween(withClosures, local(zone, '2026-06-08T00:00'), local(zone, '2026-06-11T00:00'))).toBe(7 * 60 + 4 * 60);
    expect(wallTime(zone, addBusinessMinutes(withClosures, local(zone, '2026-06-08T15:00'), 120))).toBe('2026-06-10T14:00');
  });

  it('runs a night shift through midnight with "24:00" ends and across the year end', () => {
    const nights = calendarIn(zone, everyDay([['00:00', '04:00'], ['20:00', '24:00']]));
    expect(businessMinutesBetween(nights, local(zone, '2026-12-31T22:00'), local(zone, '2027-01-01T02:00'))).toBe(240);
    expect(wallTime(zone, addBusinessMinutes(nights, local(zone, '2026-12-31T23:30'), 60))).toBe('2027-01-01T00:30');
    expect(isOpenAt(nights, local(zone, '2027-01-01T00:00'))).toBe(true);
    expect(isOpenAt(nights, local(zone, '2027-01-01T04:00'))).toBe(false);

    const newYearOff = calendarIn(zone, everyDay([['00:00', '04:00'], ['20:00', '24:00']]), { holidays: ['2027-01-01'] });
    expect(wallTime(zone, addBusinessMinutes(newYearOff, local(zone, '2026-12-31T23:30'), 60))).toBe('2027-01-02T00:30');
  });

  it('treats a calendar open all week as plain elapsed time, also across clock changes', () => {
    const always = calendarIn(zone, everyDay(ROUND_THE_CLOCK));
    const from = local(zone, '2026-03-28T12:00');
    expect(addBusinessMinutes(always, from, 3000)).toBe(from + 3000 * 60_000);
    expect(businessMinutesBetween(always, from, from + 123_456)).toBe(123_456 / 60_000);
    expect(minutesOnDate(always, zone, '2026-03-29')).toBe(23 * 60);
    expect(minutesOnDate(always, zone, '2026-10-25')).toBe(25 * 60);
    expect(isOpenAt(always, from)).toBe(true);
  });

  it('keeps answers the same whichever direction the cache had to grow', () => {
    const hours = weekdaysOnly([['08:15', '12:00'], ['12:45', '18:10']]);
    // The holiday only makes the key differ, so each calendar gets its own cache.
    const forward = calendarIn('America/New_York', hours, { holidays: ['1901-01-01'] });
    const backward = calendarIn('America/New_York', hours, { holidays: ['1901-01-02'] });
    const instants = [2020, 2023, 2026, 2029].map((year) => local('America/New_York', `${year}-03-06T10:00`));
    const answers = (calendar: CompiledCalendar, order: number[]) =>
      order.map((from) => [addBusinessMinutes(calendar, from, 5000), businessMinutesBetween(calendar, instants[0]!, from), isOpenAt(calendar, from)]);
    expect(answers(backward, [...instants].reverse()).reverse()).toEqual(answers(forward, instants));
  });
});

describe('calendars without hours', () => {
  const closed = calendarIn('Europe/London', everyDay([]));

  it('throws CalendarWithoutHoursError instead of searching forever', () => {
    expect(() => addBusinessMinutes(closed, local('Europe/London', '2026-06-05T16:00'), 1)).toThrow(CalendarWithoutHoursError);
  });

  it('still answers what needs no opening', () => {
    const from = local('Europe/London', '2026-06-05T16:00');
    expect(addBusinessMinutes(closed, from, 0)).toBe(from);
    expect(businessMinutesBetween(closed, from, from + 86_400_000)).toBe(0);
    expect(isOpenAt(closed, from)).toBe(false);
  });

  it('gives up when holidays close every day for years', () => {
    const holidays: string[] = [];
    for (let day = DateTime.fromISO('2026-01-01', { zone: 'utc' }); day.year < 2030; day = day.plus({ days: 1 })) {
      holidays.push(day.toISODate()!);
    }
    const onHoliday = calendarIn('UTC', everyDay(NINE_TO_FIVE), { holidays });
    expect(() => addBusinessMinutes(onHoliday, Date.parse('2026-01-02T10:00:00Z'), 1)).toThrow(CalendarWithoutHoursError);
    expect(() => addBusinessMinutes(onHoliday, Date.parse('2025-12-31T16:00:00Z'), 120)).toThrow(CalendarWithoutHoursError);
  });

  it('still finds an opening that comes once a year', () => {
    const holidays: string[] = [];
    for (let day = DateTime.fromISO('2026-01-02', { zone: 'utc' }); day.year < 2027; day = day.plus({ days: 1 })) {
      holidays.push(day.toISODate()!);
    }
    const rarelyOpen = calendarIn('UTC', everyDay(NINE_TO_FIVE), { holidays });
    expect(new Date(addBusinessMinutes(rarelyOpen, Date.parse('2026-01-01T16:00:00Z'), 120)).toISOString()).toBe('2027-01-01T10:00:00.000Z');
  });
});

describe('compileCalendar validation', () => {
  const valid: BusinessCalendar = { timezone: 'Europe/London', weeklyHours: weekdaysOnly(NINE_TO_FIVE), holidays: [], closures: [] };
  const withHours = (day: Weekday, hours: unknown): BusinessCalendar => ({
    ...valid,
    weeklyHours: { ...valid.weeklyHours, [day]: hours as Hours },
  });

  it.each([
    ['an unknown time zone', { ...valid, timezone: 'Mars/Olympus_Mons' }, /timezone "Mars\/Olympus_Mons" is not a known IANA time zone/],
    ['an hour without its leading zero', withHours('mon', [['9:00', '17:00']]), /weeklyHours\.mon\[0\]: start "9:00" is not a time HH:MM/],
    ['an hour past 24', withHours('tue', [['09:00', '25:00']]), /weeklyHours\.tue\[0\]: end "25:00"/],
    ['minute 60', withHours('wed', [['09:60', '17:00']]), /weeklyHours\.wed\[0\]: start "09:60"/],
    ['a start at 24:00', withHours('thu', [['24:00', '24:00']]), /weeklyHours\.thu\[0\]: start "24:00"/],
    ['an opening ending before it starts', withHours('fri', [['17:00', '09:00']]), /weeklyHours\.fri\[0\]: start 17:00 must be before end 09:00/],
    ['an empty opening', withHours('sat', [['10:00', '10:00']]), /weeklyHours\.sat\[0\]: start 10:00 must be before end 10:00/],
    ['overlapping openings', withHours('mon', [['13:00', '17:00'], ['09:00', '13:30']]), /weeklyHours\.mon: openings 09:00–13:30 and 13:00–17:00 overlap/],
    ['a pair that is not a pair', withHours('sun', [['09:00']]), /weeklyHours\.sun\[0\] must be a \[start, end\] pair/],
    ['a misspelt weekday', { ...valid, weeklyHours: { ...valid.weeklyHours, monday: [] } }, /weeklyHours\.monday is not a weekday/],
    ['a holiday that is no date', { ...valid, holidays: ['2026-02-30'] }, /holidays\[0\]: "2026-02-30" is not a date YYYY-MM-DD/],
    ['a closure that is no instant', { ...valid, closures: [{ from: 'soon', to: '2026-01-01T00:00:00Z' }] }, /closures\[0\]\.from: "soon" is not an ISO instant/],
    ['a closure that ends before it starts', { ...valid, closures: [{ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }] }, /closures\[0\]: from .* must be before to/],
  ])('refuses %s, naming it', (_problem, calendar, message) => {
    expect(() => compileCalendar(calendar as BusinessCalendar)).toThrow(message);
  });

  it('refuses negative or non-finite inputs to the arithmetic', () => {
    const calendar = compileCalendar(valid);
    expect(() => addBusinessMinutes(calendar, 0, -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(calendar, Number.NaN, 1)).toThrow(RangeError);
    expect(() => businessMinutesBetween(calendar, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('clock changes', () => {
  // The Sundays of 2026 on which clocks go forward and back.
  const changes = [
    { zone: 'Europe/London', springForward: '2026-03-29', fallBack: '2026-10-25' },
    { zone: 'America/New_York', springForward: '2026-03-08', fallBack: '2026-11-01' },
  ];

  describe.each(changes)('$zone', ({ zone, springForward, fallBack }) => {
    it('gives a 09:00–17:00 calendar eight hours on both change days', () => {
      const officeHours = calendarIn(zone, everyDay(NINE_TO_FIVE));
      expect(minutesOnDate(officeHours, zone, springForward)).toBe(480);
      expect(minutesOnDate(officeHours, zone, fallBack)).toBe(480);
    });

    it('gives 00:00–03:00 the real two hours when clocks go forward and four when they go back', () => {
      const smallHours = calendarIn(zone, everyDay([['00:00', '03:00']]));
      expect(minutesOnDate(smallHours, zone, springForward)).toBe(120);
      expect(minutesOnDate(smallHours, zone, fallBack)).toBe(240);
      expect(minutesOnDate(smallHours, zone, DateTime.fromISO(springForward).minus({ days: 1 }).toISODate()!)).toBe(180);
    });

    it('counts the weeks of the changes as five full days', () => {
      const officeHours = calendarIn(zone, weekdaysOnly(NINE_TO_FIVE));
      for (const date of [springForward, fallBack]) {
        const sunday = DateTime.fromISO(date, { zone });
        expect(businessMinutesBetween(officeHours, sunday.minus({ days: 6 }).toMillis(), sunday.plus({ days: 1 }).toMillis())).toBe(2400);
      }
    });

    it('adds minutes over the change night in real time', () => {
      const always = calendarIn(zone, everyDay(ROUND_THE_CLOCK));
      const saturdayEvening = DateTime.fromISO(springForward, { zone }).minus({ hours: 1 });
      expect(saturdayEvening.hour).toBe(23);
      // Eight real hours after 23:00 the clock reads 08:00, not 07:00: the skipped hour is not worked.
      const due = addBusinessMinutes(always, saturdayEvening.toMillis(), 8 * 60);
      expect(wallTime(zone, due)).toBe(`${springForward}T08:00`);
    });
  });

  it('runs a London shift across the skipped hour for its real length', () => {
    const zone = 'Europe/London';
    // 00:30 GMT to 02:30 BST is one real hour; an opening at 01:30, which the clocks skip, opens at the jump.
    expect(minutesOnDate(calendarIn(zone, everyDay([['00:30', '02:30']])), zone, '2026-03-29')).toBe(60);
    const skippedStart = calendarIn(zone, everyDay([['01:30', '03:00']]));
    expect(minutesOnDate(skippedStart, zone, '2026-03-29')).toBe(60);
    expect(isOpenAt(skippedStart, Date.parse('2026-03-29T01:00:00Z'))).toBe(true);
    expect(isOpenAt(skippedStart, Date.parse('2026-03-29T00:59:00Z'))).toBe(false);
    // When clocks go back, 01:30 means its first occurrence, 01:30 BST, and the shift lasts 2½ real hours.
    expect(minutesOnDate(skippedStart, zone, '2026-10-25')).toBe(150);
    expect(isOpenAt(skippedStart, Date.parse('2026-10-25T01:10:00Z'))).toBe(true);
  });

  it('runs a New York shift that starts in the skipped hour from the jump', () => {
    const zone = 'America/New_York';
    expect(minutesOnDate(calendarIn(zone, everyDay([['01:00', '04:00']])), zone, '2026-03-08')).toBe(120);
    expect(minutesOnDate(calendarIn(zone, everyDay([['02:30', '03:30']])), zone, '2026-03-08')).toBe(30);
    expect(minutesOnDate(calendarIn(zone, everyDay([['01:30', '02:30']])), zone, '2026-11-01')).toBe(120);
  });

  it('closes a "24:00" opening at the jump where clocks skip midnight (Santiago)', () => {
    const zone = 'America/Santiago';
    const lateEvening = calendarIn(zone, everyDay([['22:00', '24:00']]));
    // Clocks go from Saturday 5 September 24:00 straight to Sunday 01:00.
    const saturday = local(zone, '2026-09-05T22:00');
    expect(businessMinutesBetween(lateEvening, saturday, saturday + 3 * 3_600_000)).toBe(120);
    expect(wallTime(zone, addBusinessMinutes(lateEvening, saturday, 120))).toBe('2026-09-06T01:00');
  });
});

/*
 * Property tests. Calendars are random openings per weekday (touching ones included), holidays and
 * closures, in zones with ordinary, half-hour, midnight and no clock changes. Instants are minutes
 * anywhere in two years, or within 36 hours of one of the zone's clock changes, where mistakes hide.
 */

const ZONES = ['Europe/London', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'];
const WINDOW_START = Date.parse('2025-06-01T00:00:00Z');
const WINDOW_END = Date.parse('2027-06-01T00:00:00Z');
const MINUTE = 60_000;

const clockChangesByZone = new Map<string, number[]>();
/** Instants where the zone's offset changes inside the window: found a day at a time, then to the minute. */
function clockChanges(zone: string): number[] {
  let changes = clockChangesByZone.get(zone);
  if (!changes) {
    changes = [];
    const offset = (ms: number) => IANAZone.create(zone).offset(ms);
    for (let day = WINDOW_START; day < WINDOW_END; day += 24 * 60 * MINUTE) {
      const before = offset(day);
      if (offset(day + 24 * 60 * MINUTE) === before) continue;
      let [low, high] = [day, day + 24 * 60 * MINUTE];
      while (high - low > MINUTE) {
        const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
        if (offset(middle) === before) low = middle;
        else high = middle;
      }
      changes.push(high);
    }
    clockChangesByZone.set(zone, changes);
  }
  return changes;
}

const minuteOfDay = fc.integer({ min: 0, max: 24 * 60 });
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Up to three openings a day from sorted random minutes; equal neighbours make touching openings. */
const dayHours = fc.array(minuteOfDay, { maxLength: 6 }).map((minutes): Hours => {
  const sorted = [...minutes].sort((a, b) => a - b);
  const hours: Hours = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    if (sorted[i]! < sorted[i + 1]!) hours.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
  }
  return hours;
});

const instantInWindow = fc.integer({ min: WINDOW_START / MINUTE, max: WINDOW_END / MINUTE }).map((minute) => minute * MINUTE);

function instantNearClockChanges(zone: string): fc.Arbitrary<number> {
  const changes = clockChanges(zone);
  if (changes.length === 0) return instantInWindow;
  return fc.oneof(
    { arbitrary: instantInWindow, weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...changes), fc.integer({ min: -36 * 60, max: 36 * 60 }))
        .map(([change, minutes]) => change + minutes * MINUTE),
      weight: 2,
    },
  );
}

/** Holidays and closures are drawn where the instants are, so that they actually meet. */
const calendarArbitrary = fc.constantFrom(...ZONES).chain((timezone) =>
  fc
    .record({
      weeklyHours: fc.tuple(...WEEKDAYS.map(() => dayHours)),
      holidays: fc.array(
        instantNearClockChanges(timezone).map((ms) => DateTime.fromMillis(ms, { zone: timezone }).toISODate()!),
        { maxLength: 4 },
      ),
      closures: fc.array(
        fc.tuple(instantNearClockChanges(timezone), fc.integer({ min: 1, max: 2 * 24 * 60 })).map(([from, minutes]) => ({
          from: new Date(from).toISOString(),
          to: new Date(from + minutes * MINUTE).toISOString(),
        })),
        { maxLength: 4 },
      ),
    })
    .map(({ weeklyHours, holidays, closures }): BusinessCalendar => {
      const hours = Object.fromEntries(WEEKDAYS.map((weekday, index) => [weekday, weeklyHours[index]!])) as Record<Weekday, Hours>;
      // A calendar with no hours at all only throws; that case has its own tests.
      if (WEEKDAYS.every((weekday) => hours[weekday].length === 0)) hours.wed = [['10:00', '10:30']];
      return { timezone, weeklyHours: hours, holidays, closures };
    }),
);

/** A calendar with instants drawn for it, biased towards its zone's clock changes. */
function scenario<T>(instants: (zone: string) => fc.Arbitrary<T>) {
  return calendarArbitrary.chain((source) => instants(source.timezone).map((values) => ({ source, values })));
}

const businessMinutes = fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 20_000 }));

/** The zone's clock reading at an instant, as that wall time written in UTC. */
function wallClockAsUtc(zone: string, ms: number): number {
  return ms + IANAZone.create(zone).offset(ms) * MINUTE;
}

/** Whether the wall clock reads this time only once (not in the hour repeated when clocks go back). */
function readsOnce(zone: string, ms: number): boolean {
  if (!clockChanges(zone).some((change) => Math.abs(change - ms) < 26 * 60 * MINUTE)) return true;
  const wall = wallClockAsUtc(zone, ms);
  for (const probe of [ms - 26 * 60 * MINUTE, ms + 26 * 60 * MINUTE]) {
    const other = wall - IANAZone.create(zone).offset(probe) * MINUTE;
    if (other !== ms && wallClockAsUtc(zone, other) === wall) return false;
  }
  return true;
}

/** Open or not, worked out the slow way: read the wall clock and look the time up in the source calendar. */
function openByWallClock(source: BusinessCalendar, ms: number): boolean {
  if (source.closures.some(({ from, to }) => Date.parse(from) <= ms && ms < Date.parse(to))) return false;
  const reading = new Date(wallClockAsUtc(source.timezone, ms));
  if (source.holidays.includes(reading.toISOString().slice(0, 10))) return false;
  const minute = hhmm(reading.getUTCHours() * 60 + reading.getUTCMinutes());
  const weekday = WEEKDAYS[(reading.getUTCDay() + 6) % 7]!;
  return source.weeklyHours[weekday].some(([start, end]) => start <= minute && minute < end);
}

/**
 * These properties cost milliseconds per run, so shrinking a failure could go on for many minutes;
 * past the limit fast-check stops and reports the smallest counterexample found so far.
 */
const SHRINK_LIMIT = { interruptAfterTimeLimit: 20_000 };

describe('business-time properties', () => {
  it('isOpenAt agrees with reading the wall clock, every few minutes for three days, wherever the clock reads once', () => {
    fc.assert(
      fc.property(scenario(instantNearClockChanges), ({ source, values: from }) => {
        const calendar = compileCalendar(source);
        // Seven minutes is short enough to land inside most random openings and gaps between them.
        for (let at = from - 36 * 60 * MINUTE; at < from + 36 * 60 * MINUTE; at += 7 * MINUTE) {
          if (readsOnce(source.timezone, at)) expect(isOpenAt(calendar, at), new Date(at).toISOString()).toBe(openByWallClock(source, at));
        }
      }),
      SHRINK_LIMIT,
    );
  });

  it('businessMinutesBetween counts the open minutes one by one', () => {
    fc.assert(
      fc.property(
        scenario((zone) => fc.tuple(instantNearClockChanges(zone), fc.integer({ min: 0, max: 2 * 24 * 60 }))),
        ({ source, values: [from, length] }) => {
          const calendar = compileCalendar(source);
          let open = 0;
          for (let minute = 0; minute < length; minute++) if (isOpenAt(calendar, from + minute * MINUTE)) open++;
          expect(businessMinutesBetween(calendar, from, from + length * MINUTE)).toBe(open);
        },
      ),
      { ...SHRINK_LIMIT, numRuns: 150 },
    );
  });

  it('businessMinutesBetween(from, addBusinessMinutes(from, m)) is m, from open and closed instants alike', () => {
    fc.assert(
      fc.property(
        scenario((zone) => fc.tuple(instantNearClockChanges(zone), businessMinutes, fc.integer({ min: 0, max: 59_999 }))),
        ({ source, values: [from, minutes, offsetMs] }) => {
          const calendar = compileCalendar(source);
          const start = from + offsetMs;
          const due = addBusinessMinutes(calendar, start, minutes);
          expect(businessMinutesBetween(calendar, start, due)).toBe(minutes);
          if (minutes > 0) {
            // The deadline is the earliest such instant: the last millisecond before it was open.
            expect(isOpenAt(calendar, due - 1)).toBe(true);
            expect(businessMinutesBetween(calendar, start, due - 1)).toBeLessThan(minutes);
          } else {
            expect(due).toBe(start);
          }
        },
      ),
      SHRINK_LIMIT,
    );
  });

  it('addBusinessMinutes grows with the minutes and with the start', () => {
    fc.assert(
      fc.property(
        scenario((zone) => fc.tuple(instantNearClockChanges(zone), fc.integer({ min: 0, max: 3 * 24 * 60 }), businessMinutes, businessMinutes)),
        ({ source, values: [from, later, m1, m2] }) => {
          const calendar = compileCalendar(source);
          const [fewer, more] = m1 <= m2 ? [m1, m2] : [m2, m1];
          expect(addBusinessMinutes(calendar, from, fewer)).toBeLessThanOrEqual(addBusinessMinutes(calendar, from, more));
          expect(addBusinessMinutes(calendar, from, m1)).toBeLessThanOrEqual(addBusinessMinutes(calendar, from + later * MINUTE, m1));
        },
      ),
      SHRINK_LIMIT,
    );
  });

  it('adding in two steps lands where adding at once does', () => {
    fc.assert(
      fc.property(
        scenario((zone) => fc.tuple(instantNearClockChanges(zone), businessMinutes, businessMinutes)),
        ({ source, values: [from, m1, m2] }) => {
          const calendar = compileCalendar(source);
          expect(addBusinessMinutes(calendar, addBusinessMinutes(calendar, from, m1), m2)).toBe(addBusinessMinutes(calendar, from, m1 + m2));
        },
      ),
      SHRINK_LIMIT,
    );
  });

  it('businessMinutesBetween adds up over consecutive spans and never exceeds the wall minutes', () => {
    fc.assert(
      fc.property(
        scenario((zone) => fc.tuple(instantNearClockChanges(zone), instantNearClockChanges(zone), instantNearClockChanges(zone))),
        ({ source, values }) => {
          const calendar = compileCalendar(source);
          const [a, b, c] = [...values].sort((x, y) => x - y) as [number, number, number];
          const ab = businessMinutesBetween(calendar, a, b);
          const bc = businessMinutesBetween(calendar, b, c);
          expect(ab + bc).toBe(businessMinutesBetween(calendar, a, c));
          expect(ab).toBeGreaterThanOrEqual(0);
          expect(ab).toBeLessThanOrEqual((b - a) / MINUTE);
        },
      ),
      SHRINK_LIMIT,
    );
  });
});
