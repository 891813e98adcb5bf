import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration, formatMoney, formatNearTime, formatTime, toDateTimeLocalValue } from './format.js';

describe('formatMoney', () => {
  it('reads minor units by the currency’s own number of decimals', () => {
    const plain = (text: string) => text.replace(/\s/g, ' ');
    expect(plain(formatMoney(123456, 'EUR'))).toBe(plain(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(1234.56)));
    expect(plain(formatMoney(1500, 'JPY'))).toBe(plain(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'JPY' }).format(1500)));
    expect(plain(formatMoney(1234, 'KWD'))).toBe(plain(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'KWD' }).format(1.234)));
  });
});

describe('formatAge', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'narrow' });

  it('uses the largest whole unit', () => {
    expect(formatAge('2026-11-26T11:15:00Z', now)).toBe(relative.format(-45, 'minute'));
    expect(formatAge('2026-11-26T09:00:00Z', now)).toBe(relative.format(-3, 'hour'));
    expect(formatAge('2026-11-23T12:00:00Z', now)).toBe(relative.format(-3, 'day'));
    expect(formatAge('2026-11-26T11:59:40Z', now)).toBe(relative.format(0, 'minute'));
  });
});

describe('formatDuration', () => {
  it('shows a logging lag in minutes, hours or days', () => {
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 3600_000)).toBe('3 h');
    expect(formatDuration(72 * 3600_000)).toBe('3 days');
  });
});

describe('toDateTimeLocalValue', () => {
  it('gives local wall time to the minute, which the Date constructor reads back as local time', () => {
    const value = toDateTimeLocalValue(new Date(2026, 0, 5, 7, 3, 59));
    expect(value).toBe('2026-01-05T07:03');
    expect(new Date(value).getTime()).toBe(new Date(2026, 0, 5, 7, 3).getTime());
  });
});

describe('formatNearTime', () => {
  const now = new Date(2026, 10, 26, 12, 0).getTime();

  it('says only the time today, the weekday this week, the date beyond', () => {
    const today = new Date(2026, 10, 26, 14, 30);
    expect(formatNearTime(today.toISOString(), now)).toBe(formatTime(today.toISOString()));
    const tomorrow = new Date(2026, 10, 27, 9, 0);
    expect(formatNearTime(tomorrow.toISOString(), now)).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(tomorrow),
    );
    const later = new Date(2026, 11, 9, 9, 0);
    expect(formatNearTime(later.toISOString(), now)).toBe(
      new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(later),
    );
  });
});
