import { DateTime, IANAZone } from 'luxon';

/**
 * Business-time arithmetic for SLA clocks: how much opening time lies between two instants, and
 * when a number of business minutes will have passed.
 *
 * Semantics, chosen so that every answer is one well-defined number:
 * - Business time is counted to the millisecond. `businessMinutesBetween` returns open
 *   milliseconds / 60 000, so it is fractional when the span is; `addBusinessMinutes` accepts
 *   fractional minutes and rounds them to the millisecond.
 * - An opening is the half-open range [opens, closes): a desk with hours 09:00–17:00 is open at
 *   09:00 and closed at 17:00.
 * - `addBusinessMinutes(from, m)` returns the earliest instant by which `m` business minutes have
 *   passed since `from`. From a closed instant the clock starts at the next opening; a deadline
 *   that uses up an opening exactly lands on its closing time (Friday 16:00 + 60 min = Friday
 *   17:00, not Monday 09:00). Adding 0 minutes never moves `from`, even when it is closed.
 *   Therefore `businessMinutesBetween(from, addBusinessMinutes(from, m)) === m` for every `from`.
 * - A local wall time names the first instant at which the calendar's clock reads that time or
 *   later on that date. When clocks go forward, a time in the skipped hour therefore means the
 *   moment of the jump (an opening at 01:30 on a night that skips 01:00–02:00 opens at 02:00 new
 *   time); when clocks go back, a time in the repeated hour means its first occurrence, and a shift
 *   that spans the repeated hour lasts an hour longer in real time.
 * - Holidays are dates in the calendar's own time zone; closures are UTC instants [from, to) cut
 *   out of whatever opening they overlap.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours as local wall times "HH:MM" (end may be "24:00"); several per day for split shifts. */
export interface BusinessCalendar {
  /** IANA time zone the hours and holidays are read in, e.g. Europe/London. */
  timezone: string;
  /** Openings per weekday, e.g. mon: [['09:00','12:30'], ['13:30','17:30']]; an empty list is a closed day. */
  weeklyHours: Record<Weekday, [string, string][]>;
  /** Local dates 'YYYY-MM-DD' when the desk is closed all day. */
  holidays: string[];
  /** One-off closures, ISO instants (UTC), closed from `from` up to `to`. */
  closures: { from: string; to: string }[];
}

/** Thrown, rather than searching forever, when a calendar has no opening within years of an instant. */
export class CalendarWithoutHoursError extends Error {
  override name = 'CalendarWithoutHoursError';
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Every UTC offset in use lies within ±15 h, so a wall time read as UTC is at most this far from its instant. */
const OFFSET_BOUND_MS = 15 * HOUR_MS;
/** Days generated per extension of the cache: a year keeps extensions rare, and each costs a few ms. */
const CHUNK_DAYS = 366;
/** With no opening this long after an instant, a deadline can never be reached: fail instead of searching on. */
const OPENING_SEARCH_LIMIT_MS = 3 * 366 * DAY_MS;
/** 1970-01-01, day 0 of the day numbers used here, was a Thursday (index 3 in WEEKDAYS). */
const WEEKDAY_OF_DAY_ZERO = 3;

const compiled = Symbol('compiled business calendar');

/** A validated calendar whose openings are worked out lazily and kept; build it with compileCalendar. */
export interface CompiledCalendar {
  readonly [compiled]: OpenIntervals;
}

/**
 * Validates a calendar and prepares it for fast arithmetic. Throws an Error naming the first problem:
 * an unknown time zone, a time that is not HH:MM, an opening that does not end after it starts,
 * overlapping openings on a day, a holiday that is not a date, or a closure that is not a range of
 * instants. A calendar without any hours is valid; adding minutes to it throws CalendarWithoutHoursError.
 * Compile once per calendar and keep the result: an equal calendar compiled again gets the same
 * compiled one back, but building the key for that look-up still costs microseconds.
 */
export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  // Callers may compile the same stored calendar for every case; sharing the result keeps the
  // generated openings, which are the expensive part, instead of rebuilding them each time.
  const key = JSON.stringify(calendar);
  const known = recentlyCompiled.get(key);
  if (known) return known;
  const result: CompiledCalendar = Object.freeze({ [compiled]: new OpenIntervals(parseCalendar(calendar)) });
  if (recentlyCompiled.size >= RECENTLY_COMPILED_LIMIT) {
    const oldest = recentlyCompiled.keys().next();
    if (!oldest.done) recentlyCompiled.delete(oldest.value);
  }
  recentlyCompiled.set(key, result);
  return result;
}

const RECENTLY_COMPILED_LIMIT = 256;
const recentlyCompiled = new Map<string, CompiledCalendar>();

/**
 * The instant (UTC ms) by which `minutes` business minutes have passed after `fromMs`; see the
 * module comment for closed start instants and exact closing times.
 */
export function addBusinessMinutes(calendar: CompiledCalendar, fromMs: number, minutes: number): number {
  requireInstant(fromMs, 'fromMs');
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  }
  const durationMs = Math.round(minutes * MINUTE_MS);
  if (durationMs === 0) return fromMs;
  return calendar[compiled].instantAfterOpenTime(fromMs, durationMs);
}

/** Business minutes in [fromMs, toMs), to the millisecond (so possibly fractional); 0 when toMs <= fromMs. */
export function businessMinutesBetween(calendar: CompiledCalendar, fromMs: number, toMs: number): number {
  requireInstant(fromMs, 'fromMs');
  requireInstant(toMs, 'toMs');
  if (toMs <= fromMs) return 0;
  return calendar[compiled].openTimeBetween(fromMs, toMs) / MINUTE_MS;
}

export function isOpenAt(calendar: CompiledCalendar, atMs: number): boolean {
  requireInstant(atMs, 'atMs');
  return calendar[compiled].isOpenAt(atMs);
}

/** The largest instant a Date (and so the time-zone database) can represent. */
const LAST_DATE_MS = 8.64e15;

function requireInstant(ms: number, name: string): void {
  if (!(Math.abs(ms) <= LAST_DATE_MS)) throw new RangeError(`${name} must be an instant in ms that a Date can hold, got ${ms}`);
}

/** A calendar after validation, in the units the arithmetic uses. */
interface ParsedCalendar {
  zone: IANAZone;
  /** Per WEEKDAYS index, sorted [start, end) minutes after local midnight; 1440 is "24:00". */
  hoursByWeekday: [number, number][][];
  /** Local dates as day numbers (days since 1970-01-01). */
  holidayDays: Set<number>;
  /** Sorted, merged closures in UTC ms. */
  closureStarts: number[];
  closureEnds: number[];
}

function parseCalendar(calendar: BusinessCalendar): ParsedCalendar {
  if (typeof calendar.timezone !== 'string' || !IANAZone.isValidZone(calendar.timezone)) {
    throw new Error(`timezone "${String(calendar.timezone)}" is not a known IANA time zone`);
  }
  for (const key of Object.keys(calendar.weeklyHours ?? {})) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      throw new Error(`weeklyHours.${key} is not a weekday; use one of ${WEEKDAYS.join(', ')}`);
    }
  }
  const hoursByWeekday = WEEKDAYS.map((weekday) => parseDayHours(weekday, calendar.weeklyHours?.[weekday] ?? []));

  const holidayDays = new Set<number>();
  (calendar.holidays ?? []).forEach((holiday, index) => {
    const day = dayNumberOfDate(holiday);
    if (day === null) throw new Error(`holidays[${index}]: "${holiday}" is not a date YYYY-MM-DD`);
    holidayDays.add(day);
  });

  const closures = (calendar.closures ?? []).map((closure, index) => {
    const from = instantOfIso(closure.from);
    const to = instantOfIso(closure.to);
    if (from === null) throw new Error(`closures[${index}].from: "${closure.from}" is not an ISO instant`);
    if (to === null) throw new Error(`closures[${index}].to: "${closure.to}" is not an ISO instant`);
    if (from >= to) throw new Error(`closures[${index}]: from ${closure.from} must be before to ${closure.to}`);
    return { from, to };
  });
  closures.sort((a, b) => a.from - b.from);
  const closureStarts: number[] = [];
  const closureEnds: number[] = [];
  for (const { from, to } of closures) {
    const last = closureEnds.length - 1;
    if (last >= 0 && from <= closureEnds[last]!) closureEnds[last] = Math.max(closureEnds[last]!, to);
    else {
      closureStarts.push(from);
      closureEnds.push(to);
    }
  }

  return { zone: IANAZone.create(calendar.timezone), hoursByWeekday, holidayDays, closureStarts, closureEnds };
}

function parseDayHours(weekday: Weekday, hours: [string, string][]): [number, number][] {
  if (!Array.isArray(hours)) throw new Error(`weeklyHours.${weekday} must be a list of [start, end] pairs`);
  const parsed = hours.map((pair, index): [number, number] => {
    const where = `weeklyHours.${weekday}[${index}]`;
    if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`${where} must be a [start, end] pair`);
    const [start, end] = pair;
    const startMinute = minuteOfWallTime(start, false);
    const endMinute = minuteOfWallTime(end, true);
    if (startMinute === null) throw new Error(`${where}: start "${start}" is not a time HH:MM from 00:00 to 23:59`);
    if (endMinute === null) throw new Error(`${where}: end "${end}" is not a time HH:MM from 00:00 to 24:00`);
    if (startMinute >= endMinute) throw new Error(`${where}: start ${start} must be before end ${end}`);
    return [startMinute, endMinute];
  });
  parsed.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < parsed.length; i++) {
    const previous = parsed[i - 1]!;
    const current = parsed[i]!;
    if (current[0] < previous[1]) {
      throw new Error(
        `weeklyHours.${weekday}: openings ${wallTimeOfMinute(previous[0])}–${wallTimeOfMinute(previous[1])} and ${wallTimeOfMinute(current[0])}–${wallTimeOfMinute(current[1])} overlap`,
      );
    }
  }
  return parsed;
}

function minuteOfWallTime(text: unknown, mayBeEndOfDay: boolean): number | null {
  if (typeof text !== 'string') return null;
  if (text === '24:00') return mayBeEndOfDay ? 24 * 60 : null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

function wallTimeOfMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function dayNumberOfDate(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

function instantOfIso(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  return parsed.isValid ? parsed.toMillis() : null;
}

/**
 * The calendar's openings as sorted, disjoint UTC intervals with the open time before each, over a
 * range of local days that grows a year at a time in whichever direction a call needs. Lookups are
 * binary searches over these arrays, so luxon is only consulted while a year is being generated.
 */
class OpenIntervals {
  private starts: number[] = [];
  private ends: number[] = [];
  /** Open ms before each interval, counted from an arbitrary origin (negative after backward growth). */
  private openBefore: number[] = [];
  /** Local days [firstDay, endDay) whose openings are in the arrays; empty until the first call. */
  private firstDay = 0;
  private endDay = 0;
  /** Open ms before the first generated day and after the last, on the same origin as openBefore. */
  private openAtFirstDay = 0;
  private openAtEndDay = 0;

  constructor(private readonly calendar: ParsedCalendar) {}

  isOpenAt(atMs: number): boolean {
    this.cover(atMs);
    const index = lastIndexAtOrBefore(this.starts, atMs);
    return index >= 0 && atMs < this.ends[index]!;
  }

  openTimeBetween(fromMs: number, toMs: number): number {
    this.cover(fromMs);
    this.cover(toMs);
    return this.openTimeBefore(toMs) - this.openTimeBefore(fromMs);
  }

  instantAfterOpenTime(fromMs: number, durationMs: number): number {
    this.cover(fromMs);
    const target = this.openTimeBefore(fromMs) + durationMs;
    while (this.openAtEndDay < target) {
      const lastOpening = this.ends.length > 0 ? this.ends[this.ends.length - 1]! : -Infinity;
      if (this.coveredUntil() - Math.max(fromMs, lastOpening) > OPENING_SEARCH_LIMIT_MS) {
        throw new CalendarWithoutHoursError(
          `the business calendar has no opening hours within ${OPENING_SEARCH_LIMIT_MS / DAY_MS} days after ${new Date(Math.max(fromMs, lastOpening)).toISOString()}`,
        );
      }
      this.growForward();
    }
    // The first interval whose end reaches the target holds the instant the target is reached.
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.openBefore[middle]! + this.ends[middle]! - this.starts[middle]! >= target) high = middle;
      else low = middle + 1;
    }
    return this.starts[low]! + (target - this.openBefore[low]!);
  }

  /** Open ms from the cache's origin up to atMs, which must be covered. */
  private openTimeBefore(atMs: number): number {
    const index = lastIndexAtOrBefore(this.starts, atMs);
    if (index < 0) return this.openAtFirstDay;
    return this.openBefore[index]! + Math.min(atMs, this.ends[index]!) - this.starts[index]!;
  }

  /*
   * An opening of local day d lies between local midnights of d and d + 1, which are within
   * OFFSET_BOUND_MS of those midnights read as UTC. So the arrays hold every opening that touches
   * [coveredFrom, coveredUntil), and nothing outside the generated days can reach into it.
   */
  private coveredFrom(): number {
    return this.firstDay * DAY_MS + OFFSET_BOUND_MS;
  }

  private coveredUntil(): number {
    return this.endDay * DAY_MS - OFFSET_BOUND_MS;
  }

  private cover(atMs: number): void {
    if (this.firstDay === this.endDay) {
      // Start a little before the first instant asked about, so that nearby earlier instants
      // (a case opened a moment ago) do not immediately need a year generated backwards.
      this.firstDay = this.endDay = Math.floor(atMs / DAY_MS) - 7;
      this.growForward();
    }
    while (atMs < this.coveredFrom()) this.growBackward();
    while (atMs >= this.coveredUntil()) this.growForward();
  }

  private growForward(): void {
    const { starts, ends } = this.openingsOfDays(this.endDay, this.endDay + CHUNK_DAYS);
    let open = this.openAtEndDay;
    for (let i = 0; i < starts.length; i++) {
      this.starts.push(starts[i]!);
      this.ends.push(ends[i]!);
      this.openBefore.push(open);
      open += ends[i]! - starts[i]!;
    }
    this.openAtEndDay = open;
    this.endDay += CHUNK_DAYS;
  }

  private growBackward(): void {
    const { starts, ends } = this.openingsOfDays(this.firstDay - CHUNK_DAYS, this.firstDay);
    let total = 0;
    for (let i = 0; i < starts.length; i++) total += ends[i]! - starts[i]!;
    let open = this.openAtFirstDay - total;
    this.openAtFirstDay = open;
    const openBefore: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      openBefore.push(open);
      open += ends[i]! - starts[i]!;
    }
    this.starts = starts.concat(this.starts);
    this.ends = ends.concat(this.ends);
    this.openBefore = openBefore.concat(this.openBefore);
    this.firstDay -= CHUNK_DAYS;
  }

  /** Sorted, disjoint UTC openings of local days [firstDay, endDay), holidays and closures taken out. */
  private openingsOfDays(firstDay: number, endDay: number): { starts: number[]; ends: number[] } {
    const { hoursByWeekday, holidayDays } = this.calendar;
    const starts: number[] = [];
    const ends: number[] = [];
    for (let day = firstDay; day < endDay; day++) {
      const hours = hoursByWeekday[weekdayIndexOfDay(day)]!;
      if (hours.length === 0 || holidayDays.has(day)) continue;
      const midnightAsUtc = day * DAY_MS;
      const steadyOffset = this.steadyOffsetAround(midnightAsUtc);
      for (const [startMinute, endMinute] of hours) {
        const start = this.instantOfWallTime(midnightAsUtc + startMinute * MINUTE_MS, steadyOffset);
        const end = this.instantOfWallTime(midnightAsUtc + endMinute * MINUTE_MS, steadyOffset);
        this.addOpeningOutsideClosures(starts, ends, start, end);
      }
    }
    return { starts, ends };
  }

  /**
   * The zone's offset in ms for the whole of the day starting at this local midnight (read as UTC),
   * or null when it changes near that day; most days need only these two look-ups.
   */
  private steadyOffsetAround(midnightAsUtc: number): number | null {
    const before = this.offsetAt(midnightAsUtc - OFFSET_BOUND_MS);
    const after = this.offsetAt(midnightAsUtc + DAY_MS + OFFSET_BOUND_MS);
    return before === after ? before : null;
  }

  /** The first instant at which the zone's clock reads this wall time (given as if UTC) or later. */
  private instantOfWallTime(wallAsUtc: number, steadyOffset: number | null): number {
    if (steadyOffset !== null) return wallAsUtc - steadyOffset;
    const offsetBefore = this.offsetAt(wallAsUtc - OFFSET_BOUND_MS);
    const offsetAfter = this.offsetAt(wallAsUtc + OFFSET_BOUND_MS);
    let earliest = Infinity;
    for (const offset of [offsetBefore, this.offsetAt(wallAsUtc), offsetAfter]) {
      const candidate = wallAsUtc - offset;
      // When clocks go back, two candidates read this wall time; the first occurrence is wanted.
      if (this.offsetAt(candidate) === offset && candidate < earliest) earliest = candidate;
    }
    if (earliest !== Infinity) return earliest;
    // Clocks went forward over this wall time: it means the instant of the jump, the first one
    // whose offset is no longer the earlier one. It lies in (wall − offsetAfter, wall − offsetBefore].
    let low = wallAsUtc - offsetAfter;
    let high = wallAsUtc - offsetBefore;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetAt(middle) === offsetBefore) low = middle;
      else high = middle;
    }
    return high;
  }

  private offsetAt(instant: number): number {
    // Rounded because historical offsets in seconds come back as fractional minutes.
    return Math.round(this.calendar.zone.offset(instant) * MINUTE_MS);
  }

  private addOpeningOutsideClosures(starts: number[], ends: number[], start: number, end: number): void {
    const { closureStarts, closureEnds } = this.calendar;
    // Closures ending at or before the opening starts cannot cut it.
    let closure = lastIndexAtOrBefore(closureEnds, start) + 1;
    let from = start;
    while (from < end) {
      const closedFrom = closure < closureStarts.length ? closureStarts[closure]! : Infinity;
      const to = Math.min(end, closedFrom);
      if (from < to) appendOpening(starts, ends, from, to);
      if (closedFrom >= end) break;
      from = closureEnds[closure]!;
      closure++;
    }
  }
}

/** Appends [start, end) after the last opening, joining them when they touch (e.g. "24:00" then "00:00"). */
function appendOpening(starts: number[], ends: number[], start: number, end: number): void {
  const last = ends.length - 1;
  if (last >= 0 && ends[last] === start) ends[last] = end;
  else {
    starts.push(start);
    ends.push(end);
  }
}

function weekdayIndexOfDay(day: number): number {
  return (((day + WEEKDAY_OF_DAY_ZERO) % 7) + 7) % 7;
}

/** Index of the last element <= value in an ascending array, or -1. */
function lastIndexAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
