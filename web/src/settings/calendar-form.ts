import type { BusinessCalendar, FieldProblem } from '../../../src/shared/index.js';
import type { SaveCalendar } from '../api/aftercare-api.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const WEEKDAY_SHORT: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export interface Opening {
  start: string;
  end: string;
}

export interface Closure {
  /** Wall time in the calendar's time zone, as a `datetime-local` holds it. */
  from: string;
  to: string;
  reason: string;
}

/** A calendar as its form edits it: times as the inputs hold them, closures in the calendar's own zone. */
export interface CalendarDraft {
  name: string;
  timezone: string;
  hours: Record<Weekday, Opening[]>;
  holidays: string[];
  closures: Closure[];
}

export function emptyCalendarDraft(): CalendarDraft {
  const weekday = () => [{ start: '09:00', end: '17:00' }];
  return {
    name: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    hours: { mon: weekday(), tue: weekday(), wed: weekday(), thu: weekday(), fri: weekday(), sat: [], sun: [] },
    holidays: [],
    closures: [],
  };
}

// A time input cannot hold 24:00; midnight at the end of a day is typed as 00:00.
const endForInput = (end: string) => (end === '24:00' ? '00:00' : end);
const endForServer = (end: string) => (end === '00:00' ? '24:00' : end);

export function calendarDraftOf(calendar: BusinessCalendar): CalendarDraft {
  const hours = {} as Record<Weekday, Opening[]>;
  for (const day of WEEKDAYS) hours[day] = (calendar.weeklyHours[day] ?? []).map(([start, end]) => ({ start, end: endForInput(end) }));
  return {
    name: calendar.name,
    timezone: calendar.timezone,
    hours,
    holidays: [...calendar.holidays],
    closures: calendar.closures.map((closure) => ({
      from: zonedWallTime(closure.from, calendar.timezone),
      to: zonedWallTime(closure.to, calendar.timezone),
      reason: closure.reason ?? '',
    })),
  };
}

export function calendarPayload(draft: CalendarDraft): SaveCalendar {
  const weeklyHours = {} as Record<Weekday, [string, string][]>;
  for (const day of WEEKDAYS) weeklyHours[day] = draft.hours[day].map(({ start, end }) => [start, endForServer(end)]);
  return {
    name: draft.name,
    timezone: draft.timezone.trim(),
    weeklyHours,
    holidays: draft.holidays.filter((day) => day !== ''),
    closures: draft.closures.map((closure) => ({
      from: instantOfZonedWallTime(closure.from, draft.timezone.trim()),
      to: instantOfZonedWallTime(closure.to, draft.timezone.trim()),
      reason: closure.reason.trim() || null,
    })),
  };
}

function wallParts(instantMs: number, timeZone: string): Record<string, number> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instantMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts;
}

/** How far the zone's clocks are ahead of UTC at that instant, in ms. */
function zoneOffset(instantMs: number, timeZone: string): number {
  const p = wallParts(instantMs, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

function knownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone !== '';
  } catch {
    return false;
  }
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An instant as wall time in `timeZone`, the way a `datetime-local` input holds it ("2026-12-24T13:00"). */
export function zonedWallTime(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return '';
  const zone = knownZone(timeZone) ? timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const p = wallParts(ms, zone);
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}`;
}

/**
 * The instant a wall time in `timeZone` stands for. In the hour skipped when clocks go forward it
 * is read with the offset before the change; in the hour repeated when they go back, the first one.
 * An unknown zone (the server will refuse it) is read as the browser's; an empty time stays empty.
 */
export function instantOfZonedWallTime(wall: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wall);
  if (!match) return wall;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  if (!knownZone(timeZone)) return new Date(y, mo - 1, d, h, mi).toISOString();
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const before = zoneOffset(guess - 12 * 3600_000, timeZone);
  const after = zoneOffset(guess + 12 * 3600_000, timeZone);
  // Of the offsets around that day, the earliest instant whose wall time is the one typed.
  for (const offset of [before, after].sort((a, b) => b - a)) {
    const candidate = guess - offset;
    if (zonedWallTime(new Date(candidate).toISOString(), timeZone) === wall) return new Date(candidate).toISOString();
  }
  return new Date(guess - before).toISOString();
}

const minuteOf = (time: string, end: boolean) => {
  if (!/^\d{2}:\d{2}$/.test(time)) return null;
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  return end && minutes === 0 ? 24 * 60 : minutes;
};

/**
 * What the form can tell before sending, named as the server names its fields, so both show the
 * same way: every problem at once, where the server would stop at the first.
 */
export function calendarDraftProblems(draft: CalendarDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (draft.name.trim() === '') problems.push({ field: 'name', reason: 'must not be empty' });
  if (draft.timezone.trim() === '') problems.push({ field: 'timezone', reason: 'must be an IANA time zone such as Europe/London' });
  for (const day of WEEKDAYS) {
    const spans: Array<[number, number, number]> = [];
    draft.hours[day].forEach((opening, index) => {
      const start = minuteOf(opening.start, false);
      const end = minuteOf(opening.end, true);
      if (start === null || end === null) problems.push({ field: `weeklyHours.${day}`, reason: `Opening ${index + 1}: enter both times` });
      else if (start >= end) problems.push({ field: `weeklyHours.${day}`, reason: `Opening ${index + 1}: must start before it ends` });
      else spans.push([start, end, index]);
    });
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]![0] < spans[i - 1]![1]) {
        problems.push({ field: `weeklyHours.${day}`, reason: `Openings ${spans[i - 1]![2] + 1} and ${spans[i]![2] + 1} overlap` });
      }
    }
  }
  if (WEEKDAYS.every((day) => draft.hours[day].length === 0)) problems.push({ field: 'weeklyHours', reason: 'must open at least once a week' });
  draft.holidays.forEach((day, index) => {
    if (day === '') problems.push({ field: `holidays.${index}`, reason: 'enter a date, or remove it' });
  });
  draft.closures.forEach((closure, index) => {
    if (closure.from === '') problems.push({ field: `closures.${index}.from`, reason: 'enter a date and time' });
    if (closure.to === '') problems.push({ field: `closures.${index}.to`, reason: 'enter a date and time' });
    else if (closure.from !== '' && closure.to <= closure.from) problems.push({ field: `closures.${index}.to`, reason: 'must be after the start' });
  });
  return problems;
}

/** "Mon–Fri 09:00–12:30, 13:30–17:00 · Sat 10:00–14:00": the week in one line, days alike run together. */
export function weeklyHoursSummary(weeklyHours: BusinessCalendar['weeklyHours']): string {
  const text = (day: Weekday) => (weeklyHours[day] ?? []).map(([start, end]) => `${start}–${end}`).join(', ');
  const groups: Array<{ first: Weekday; last: Weekday; hours: string }> = [];
  for (const day of WEEKDAYS) {
    const hours = text(day);
    const previous = groups[groups.length - 1];
    if (previous && previous.hours === hours && WEEKDAYS.indexOf(previous.last) === WEEKDAYS.indexOf(day) - 1) previous.last = day;
    else groups.push({ first: day, last: day, hours });
  }
  const open = groups.filter((group) => group.hours !== '');
  if (open.length === 0) return 'Never open';
  return open
    .map((group) => {
      const days = group.first === group.last ? WEEKDAY_SHORT[group.first] : `${WEEKDAY_SHORT[group.first]}–${WEEKDAY_SHORT[group.last]}`;
      return `${days} ${group.hours}`;
    })
    .join(' · ');
}

/**
 * The server's problems with one part of the form: fields under `prefix` ("closures.2.from"), and
 * those reported on the whole list whose reason names it ("weeklyHours" with "weeklyHours.mon[0]: …").
 */
export function problemsUnder(details: readonly FieldProblem[] | undefined, prefix: string): string[] {
  const bracketed = prefix.replace(/\.(\d+)/g, '[$1]');
  return (details ?? [])
    .filter(
      (problem) =>
        problem.field === prefix ||
        problem.field.startsWith(`${prefix}.`) ||
        (prefix.startsWith(`${problem.field}.`) && (problem.reason.includes(prefix) || problem.reason.includes(bracketed))),
    )
    .map((problem) => plainReason(problem.reason));
}

/** A reason without the path the server put in front of it: "weeklyHours.mon[0]: start …" → "Opening 1: start …". */
export function plainReason(reason: string): string {
  return reason
    .replace(/^weeklyHours\.\w+\[(\d+)\]:?\s*/, (_, index: string) => `Opening ${Number(index) + 1}: `)
    .replace(/^(weeklyHours\.\w+|holidays\[\d+\]|closures\[\d+\](\.\w+)?):?\s*/, '');
}

/** The list's own problems, those that name no one entry of it ("weeklyHours must open at least once a week"). */
export function problemsOfList(details: readonly FieldProblem[] | undefined, field: string, entries: readonly string[]): string[] {
  return (details ?? [])
    .filter((problem) => problem.field === field)
    .filter((problem) => !entries.some((entry) => problem.reason.includes(entry) || problem.reason.includes(entry.replace(/\.(\d+)/g, '[$1]'))))
    .map((problem) => plainReason(problem.reason));
}
