import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../../src/shared/index.js';
import {
  calendarDraftOf,
  calendarDraftProblems,
  calendarPayload,
  instantOfZonedWallTime,
  plainReason,
  problemsOfList,
  problemsUnder,
  weeklyHoursSummary,
  zonedWallTime,
} from './calendar-form.js';

const office: BusinessCalendar = {
  id: 'cal_1',
  name: 'UK desk',
  timezone: 'Europe/London',
  weeklyHours: {
    mon: [['09:00', '12:30'], ['13:30', '17:00']],
    tue: [['09:00', '12:30'], ['13:30', '17:00']],
    wed: [['09:00', '12:30'], ['13:30', '17:00']],
    thu: [['09:00', '12:30'], ['13:30', '17:00']],
    fri: [['09:00', '16:00']],
    sat: [['10:00', '24:00']],
    sun: [],
  },
  holidays: ['2026-12-25'],
  closures: [{ from: '2026-12-24T13:00:00.000Z', to: '2026-12-24T17:00:00.000Z', reason: 'Team event' }],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('zoned wall times', () => {
  it('read an instant on the calendar’s clock and back, summer and winter', () => {
    expect(zonedWallTime('2026-12-24T13:00:00.000Z', 'Europe/London')).toBe('2026-12-24T13:00');
    expect(zonedWallTime('2026-07-01T08:00:00.000Z', 'Europe/London')).toBe('2026-07-01T09:00');
    expect(instantOfZonedWallTime('2026-07-01T09:00', 'Europe/London')).toBe('2026-07-01T08:00:00.000Z');
    expect(instantOfZonedWallTime('2026-12-24T09:00', 'America/New_York')).toBe('2026-12-24T14:00:00.000Z');
    expect(instantOfZonedWallTime('2026-12-24T09:00', 'Asia/Kolkata')).toBe('2026-12-24T03:30:00.000Z');
  });

  it('take the first of the two instants of an hour that repeats when clocks go back', () => {
    // London goes back from 02:00 BST to 01:00 GMT on 25 October 2026: 01:30 happens twice.
    expect(instantOfZonedWallTime('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('leave an empty or malformed time for the server to name', () => {
    expect(instantOfZonedWallTime('', 'Europe/London')).toBe('');
  });
});

describe('the calendar form', () => {
  it('round-trips a calendar, midnight typed as 00:00 and sent as 24:00', () => {
    const draft = calendarDraftOf(office);
    expect(draft.hours.sat).toEqual([{ start: '10:00', end: '00:00' }]);
    expect(draft.closures).toEqual([{ from: '2026-12-24T13:00', to: '2026-12-24T17:00', reason: 'Team event' }]);
    const payload = calendarPayload(draft);
    expect(payload.weeklyHours).toEqual(office.weeklyHours);
    expect(payload.closures).toEqual(office.closures);
    expect(payload.holidays).toEqual(office.holidays);
  });

  it('sums the week up in one line', () => {
    expect(weeklyHoursSummary(office.weeklyHours)).toBe('Mon–Thu 09:00–12:30, 13:30–17:00 · Fri 09:00–16:00 · Sat 10:00–24:00');
    expect(weeklyHoursSummary({ ...office.weeklyHours, mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] })).toBe('Never open');
  });
});

describe('server problems by field', () => {
  const details = [
    { field: 'weeklyHours', reason: 'weeklyHours.tue[1]: start 17:00 must be before end 09:00' },
    { field: 'weeklyHours.mon.0.1', reason: 'must be a local time HH:MM' },
    { field: 'closures.0.to', reason: 'must be an instant' },
    { field: 'weeklyHours', reason: 'must open at least once a week' },
  ];

  it('go to the day or the entry they are about, without the path in front', () => {
    expect(problemsUnder(details, 'weeklyHours.tue')).toEqual(['Opening 2: start 17:00 must be before end 09:00']);
    expect(problemsUnder(details, 'weeklyHours.mon')).toEqual(['must be a local time HH:MM']);
    expect(problemsUnder(details, 'closures.0')).toEqual(['must be an instant']);
    expect(problemsUnder(details, 'weeklyHours.wed')).toEqual([]);
  });

  it('about the whole list stay with the list', () => {
    expect(problemsOfList(details, 'weeklyHours', ['weeklyHours.mon', 'weeklyHours.tue'])).toEqual(['must open at least once a week']);
    expect(plainReason('weeklyHours.fri: openings 09:00–12:00 and 11:00–13:00 overlap')).toBe('openings 09:00–12:00 and 11:00–13:00 overlap');
  });
});

describe('calendarDraftProblems', () => {
  it('finds every problem at once, named as the server names its fields', () => {
    const draft = calendarDraftOf(office);
    expect(calendarDraftProblems(draft)).toEqual([]);
    draft.hours.mon = [{ start: '17:00', end: '09:00' }];
    draft.hours.tue = [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '00:00' }];
    draft.holidays.push('');
    draft.closures[0]!.to = '2026-12-24T12:00';
    expect(calendarDraftProblems(draft)).toEqual([
      { field: 'weeklyHours.mon', reason: 'Opening 1: must start before it ends' },
      { field: 'weeklyHours.tue', reason: 'Openings 1 and 2 overlap' },
      { field: 'holidays.1', reason: 'enter a date, or remove it' },
      { field: 'closures.0.to', reason: 'must be after the start' },
    ]);
  });

  it('asks for some opening hours in the week', () => {
    const draft = calendarDraftOf(office);
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const) draft.hours[day] = [];
    expect(calendarDraftProblems(draft)).toEqual([{ field: 'weeklyHours', reason: 'must open at least once a week' }]);
  });
});
