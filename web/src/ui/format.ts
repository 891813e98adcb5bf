// Every date, number and amount is formatted in the browser's locale; `undefined` asks for it.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'narrow' });

export function formatDateTime(instant: string): string {
  return dateTime.format(new Date(instant));
}

export function formatTime(instant: string): string {
  return timeOnly.format(new Date(instant));
}

export function formatDate(instant: string): string {
  return dateOnly.format(new Date(instant));
}

const weekdayTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
const dayMonthTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });

/** A time close to now, as short as it stays clear: "14:30" today, "Thu 14:30" this week, "26 Nov, 14:30" beyond. */
export function formatNearTime(instant: string, now: number): string {
  const date = new Date(instant);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return timeOnly.format(date);
  if (Math.abs(date.getTime() - now) < 6 * 24 * 3600_000) return weekdayTime.format(date);
  return dayMonthTime.format(date);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "5 min. ago", "yesterday": the age of something, in the largest whole unit. */
export function formatAge(instant: string, now: number): string {
  const elapsed = now - new Date(instant).getTime();
  for (const [unit, size] of UNITS) {
    if (Math.abs(elapsed) >= size) return relative.format(-Math.trunc(elapsed / size), unit);
  }
  return relative.format(0, 'minute');
}

/** "12 min", "3 h 5 min": how long after the fact something was logged. */
export function formatDuration(milliseconds: number): string {
  const minutes = Math.round(milliseconds / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** Money is stored in minor units; the currency says how many of them make one (JPY 1, EUR 100, KWD 1000). */
export function formatMoney(minorUnits: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minorUnits / 10 ** digits);
  } catch {
    return `${(minorUnits / 100).toFixed(2)} ${currency}`;
  }
}

export function formatCount(value: number): string {
  return value.toLocaleString();
}

const languageNames = new Intl.DisplayNames(undefined, { type: 'language' });

/** "French (France)" for `fr-FR`, falling back to the tag itself. */
export function formatLanguage(tag: string): string {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The customer's own clock right now, so an agent sees whether it is a sensible time to call. */
export function formatLocalTime(timeZone: string, now: number): string {
  try {
    return new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(now);
  } catch {
    return '';
  }
}

/** The value a `datetime-local` input wants: local wall time to the minute, no zone. */
export function toDateTimeLocalValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
