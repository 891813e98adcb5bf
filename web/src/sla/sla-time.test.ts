import { describe, expect, it } from 'vitest';
import { SLA_TARGET_STATES, SLA_TARGETS, type CaseSla, type SlaClock } from '../../../src/shared/index.js';
import { CLOCK_STATE_LABELS, TARGET_LABELS, formatShortSpan, formatTargetMinutes, mostUrgentClock, readClock } from './sla-time.js';

const now = Date.parse('2026-11-26T12:00:00Z');
const minutes = (n: number) => new Date(now + n * 60_000).toISOString();

function aClock(overrides: Partial<SlaClock>): SlaClock {
  return {
    target: 'first_response',
    targetMinutes: 240,
    state: 'running',
    startedAt: minutes(-60),
    dueAt: minutes(180),
    warnAt: minutes(120),
    stoppedAt: null,
    businessMinutesUsed: 60,
    ...overrides,
  };
}

function anSla(clocks: SlaClock[]): CaseSla {
  return { policyId: 'slp_1', policyName: 'Standard', matchedBecause: 'first policy in order', calendarName: 'Office', computedAt: minutes(-1), clocks };
}

describe('SLA label records', () => {
  it('list their vocabulary in its own order', () => {
    expect(Object.keys(TARGET_LABELS)).toEqual(SLA_TARGETS);
    expect(Object.keys(CLOCK_STATE_LABELS)).toEqual(SLA_TARGET_STATES);
  });
});

describe('formatShortSpan', () => {
  it('uses minutes, then hours and minutes, then days and hours', () => {
    expect(formatShortSpan(35 * 60_000, 'down')).toBe('35m');
    expect(formatShortSpan(130 * 60_000, 'up')).toBe('2h 10m');
    expect(formatShortSpan(120 * 60_000, 'up')).toBe('2h');
    expect(formatShortSpan((3 * 24 + 4) * 3600_000, 'down')).toBe('3d 4h');
    expect(formatShortSpan(48 * 3600_000, 'down')).toBe('2d');
  });

  it('rounds time left up and time overdue down, so neither is shown as smaller than it is', () => {
    expect(formatShortSpan(30_000, 'up')).toBe('1m');
    expect(formatShortSpan(90_000, 'down')).toBe('1m');
  });
});

describe('formatTargetMinutes', () => {
  it('says a target in minutes or hours', () => {
    expect(formatTargetMinutes(45)).toBe('45 min');
    expect(formatTargetMinutes(240)).toBe('4 h');
    expect(formatTargetMinutes(90)).toBe('1 h 30 min');
  });
});

describe('readClock', () => {
  it('counts down to the due time, amber once the warning time has passed', () => {
    expect(readClock(aClock({}), now)).toMatchObject({ tone: 'ok', text: '3h left' });
    expect(readClock(aClock({ warnAt: minutes(-5) }), now)).toMatchObject({ tone: 'warning', text: '3h left' });
  });

  it('is overdue once the due time has passed, even if the server still said running', () => {
    expect(readClock(aClock({ dueAt: minutes(-35), warnAt: null }), now)).toMatchObject({ tone: 'overdue', text: 'Overdue 35m' });
    expect(readClock(aClock({ state: 'breached', dueAt: minutes(-125), warnAt: null }), now)).toMatchObject({ text: 'Overdue 2h 5m' });
  });

  it('says paused while paused and nothing for a clock that has stopped or is idle', () => {
    expect(readClock(aClock({ state: 'paused', dueAt: null, warnAt: null }), now)).toMatchObject({ tone: 'paused', text: 'Paused' });
    expect(readClock(aClock({ state: 'met', stoppedAt: minutes(-10) }), now)).toBeNull();
    expect(readClock(aClock({ state: 'breached', stoppedAt: minutes(-10), dueAt: minutes(-20) }), now)).toBeNull();
    expect(readClock(aClock({ target: 'next_response', state: 'idle', dueAt: null, warnAt: null, startedAt: null }), now)).toBeNull();
  });
});

describe('mostUrgentClock', () => {
  it('is nothing without an SLA or with every clock stopped', () => {
    expect(mostUrgentClock(null, now)).toBeNull();
    expect(mostUrgentClock(anSla([aClock({ state: 'met', stoppedAt: minutes(-1) })]), now)).toBeNull();
  });

  it('picks the clock due soonest, an overdue one first', () => {
    const sla = anSla([
      aClock({ target: 'resolution', dueAt: minutes(2000), warnAt: null }),
      aClock({ target: 'first_response', state: 'breached', dueAt: minutes(-35), warnAt: null }),
    ]);
    expect(mostUrgentClock(sla, now)).toMatchObject({ tone: 'overdue', clock: { target: 'first_response' } });
  });

  it('shows a paused clock only when none is running', () => {
    const paused = aClock({ target: 'resolution', state: 'paused', dueAt: null, warnAt: null });
    expect(mostUrgentClock(anSla([paused]), now)).toMatchObject({ tone: 'paused' });
    expect(mostUrgentClock(anSla([paused, aClock({})]), now)).toMatchObject({ tone: 'ok', clock: { target: 'first_response' } });
  });
});
