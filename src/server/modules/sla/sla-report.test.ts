import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../shared/index.js';
import { compileCalendar } from './business-time.js';
import { computeSlaClocks } from './sla-clock.js';
import { clockInPeriod, quantile, slaReport, weekOf, type SlaReportCase, type SlaReportPeriod } from './sla-report.js';

const MINUTE = 60_000;
/** Monday 1 June 2026, midnight UTC: minute 0 of every clock below. */
const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();
const DAY = 24 * 60;

/** The period of the first week of June, reported on the Monday after. */
const JUNE_WEEK: SlaReportPeriod = { fromMs: T0, toMs: T0 + 7 * DAY * MINUTE, nowMs: T0 + 7 * DAY * MINUTE };

const clock = (target: SlaClock['target'], state: SlaClock['state'], fields: Partial<SlaClock> = {}): SlaClock => ({
  target,
  targetMinutes: 60,
  state,
  startedAt: at(0),
  dueAt: null,
  warnAt: null,
  stoppedAt: null,
  businessMinutesUsed: 0,
  ...fields,
});
const met = (target: SlaClock['target'], stoppedMinute: number, used: number, dueMinute = stoppedMinute + 10) =>
  clock(target, 'met', { stoppedAt: at(stoppedMinute), dueAt: at(dueMinute), businessMinutesUsed: used });
const breached = (target: SlaClock['target'], dueMinute: number, stoppedMinute: number | null = null, used = 90) =>
  clock(target, 'breached', { dueAt: at(dueMinute), stoppedAt: stoppedMinute === null ? null : at(stoppedMinute), businessMinutesUsed: used });

let caseNumber = 0;
const aCase = (clocks: SlaClock[], fields: Partial<SlaReportCase> = {}): SlaReportCase => ({
  caseId: `cas_${String(++caseNumber).padStart(4, '0')}`,
  policyId: 'slp_standard',
  policyName: 'Standard',
  teamId: 'tem_support',
  teamName: 'Support',
  assigneeId: 'usr_ana',
  assigneeName: 'Ana',
  clocks,
  ...fields,
});

describe('clockInPeriod', () => {
  it('counts a met target when it stopped, from inclusive and to exclusive', () => {
    expect(clockInPeriod(met('first_response', 0, 30), JUNE_WEEK).outcome).toEqual({ kind: 'met', atMs: T0 });
    expect(clockInPeriod(met('first_response', 7 * DAY, 30), JUNE_WEEK).outcome).toBeNull();
    expect(clockInPeriod(met('first_response', -1, 30), JUNE_WEEK).outcome).toBeNull();
  });

  it('counts a breached target at its due time, whether or not it was met later', () => {
    const late = breached('resolution', 7 * DAY - 1, 7 * DAY + 100, 500);
    expect(clockInPeriod(late, JUNE_WEEK)).toEqual({ outcome: { kind: 'breached', atMs: T0 + (7 * DAY - 1) * MINUTE }, minutes: null });
    // Due before the period, answered in it: not a breach of this period, but its minutes count here.
    const answeredLate = breached('first_response', -30, 20, 110);
    expect(clockInPeriod(answeredLate, JUNE_WEEK)).toEqual({ outcome: null, minutes: { value: 110, atMs: T0 + 20 * MINUTE } });
  });

  it('takes a clock still stored as running whose due time has passed for a breach; not one still ahead, paused or idle', () => {
    const overdue = clock('first_response', 'running', { dueAt: at(100) });
    expect(clockInPeriod(overdue, JUNE_WEEK).outcome).toEqual({ kind: 'breached', atMs: T0 + 100 * MINUTE });
    expect(clockInPeriod(overdue, { ...JUNE_WEEK, nowMs: T0 + 99 * MINUTE }).outcome).toBeNull();
    expect(clockInPeriod(clock('first_response', 'paused'), JUNE_WEEK)).toEqual({ outcome: null, minutes: null });
    expect(clockInPeriod(clock('next_response', 'idle'), JUNE_WEEK)).toEqual({ outcome: null, minutes: null });
  });
});

describe('quantile', () => {
  it('is linear between the nearest ranks, so the median of an even count is the mean of the middle two', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([10, 20, 30, 40], 0.9)).toBeCloseTo(37);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });
});

describe('weekOf', () => {
  it('is the Monday (UTC) of the week', () => {
    expect(weekOf(T0)).toBe('2026-06-01');
    expect(weekOf(Date.parse('2026-06-07T23:59:59.999Z'))).toBe('2026-06-01');
    expect(weekOf(Date.parse('2026-06-08T00:00:00.000Z'))).toBe('2026-06-08');
    expect(weekOf(Date.parse('1970-01-01T12:00:00Z'))).toBe('1969-12-29');
  });
});

describe('slaReport', () => {
  it('counts met and breached targets per group, with compliance met / (met + breached)', () => {
    const cases = [
      aCase([met('first_response', 30, 30), met('resolution', 2 * DAY, 600)]),
      aCase([breached('first_response', 60, 75, 75), clock('resolution', 'running', { dueAt: at(8 * DAY) })]),
      aCase([met('first_response', 45, 45), breached('resolution', 3 * DAY)]),
    ];
    const { groups } = slaReport(cases, 'policy', JUNE_WEEK);
    expect(groups).toEqual([
      {
        key: 'slp_standard',
        label: 'Standard',
        targets: {
          first_response: { met: 2, breached: 1, compliance: 2 / 3, medianMinutes: 45, p90Minutes: 69 },
          next_response: { met: 0, breached: 0, compliance: null, medianMinutes: null, p90Minutes: null },
          resolution: { met: 1, breached: 1, compliance: 0.5, medianMinutes: 600, p90Minutes: 600 },
        },
      },
    ]);
  });

  it('groups by team and by agent, cases without one last', () => {
    const cases = [
      aCase([met('first_response', 10, 10)], { teamId: null, teamName: null, assigneeId: null, assigneeName: null }),
      aCase([met('first_response', 10, 10)], { teamId: 'tem_returns', teamName: 'Returns', assigneeId: 'usr_bo', assigneeName: 'Bo' }),
      aCase([breached('first_response', 10)], { teamId: 'tem_billing', teamName: 'Billing', assigneeId: 'usr_bo', assigneeName: 'Bo' }),
    ];
    const byTeam = slaReport(cases, 'team', JUNE_WEEK).groups;
    expect(byTeam.map((g) => [g.key, g.label, g.targets.first_response.met, g.targets.first_response.breached])).toEqual([
      ['tem_billing', 'Billing', 0, 1],
      ['tem_returns', 'Returns', 1, 0],
      ['none', 'No team', 1, 0],
    ]);
    const byAgent = slaReport(cases, 'agent', JUNE_WEEK).groups;
    expect(byAgent.map((g) => [g.key, g.label, g.targets.first_response.compliance])).toEqual([
      ['usr_bo', 'Bo', 0.5],
      ['none', 'Unassigned', 1],
    ]);
  });

  it('puts each target in the UTC week of the instant it counts at', () => {
    const period: SlaReportPeriod = { fromMs: T0, toMs: T0 + 14 * DAY * MINUTE, nowMs: T0 + 14 * DAY * MINUTE };
    const cases = [
      // First response met on Sunday night, resolution breached the Monday after.
      aCase([met('first_response', 7 * DAY - 1, 120), breached('resolution', 7 * DAY)]),
      aCase([met('first_response', 8 * DAY, 30)]),
    ];
    const { groups } = slaReport(cases, 'week', period);
    expect(groups.map((g) => [g.key, g.label, g.targets.first_response.met, g.targets.resolution.breached, g.targets.first_response.medianMinutes])).toEqual([
      ['2026-06-01', 'Week of 2026-06-01', 1, 0, 120],
      ['2026-06-08', 'Week of 2026-06-08', 1, 1, 30],
    ]);
  });

  it('leaves out targets outside the period and cases with nothing in it', () => {
    const cases = [aCase([met('first_response', -10, 10), breached('resolution', 7 * DAY + 1)]), aCase([clock('first_response', 'running', { dueAt: at(8 * DAY) })])];
    expect(slaReport(cases, 'policy', JUNE_WEEK)).toEqual({ groups: [], breached: [] });
  });

  it('lists the cases breached in the period by their latest breach, newest first, up to the limit', () => {
    const early = aCase([breached('first_response', 100), breached('resolution', 5 * DAY)]);
    const middle = aCase([breached('first_response', 2 * DAY)]);
    const outside = aCase([breached('first_response', -5)]);
    const fine = aCase([met('first_response', 10, 10)]);
    const { breached: list } = slaReport([early, middle, outside, fine], 'policy', JUNE_WEEK);
    expect(list).toEqual([
      { caseId: early.caseId, at: at(5 * DAY) },
      { caseId: middle.caseId, at: at(2 * DAY) },
    ]);
    expect(slaReport([early, middle], 'policy', JUNE_WEEK, 1).breached).toEqual([{ caseId: early.caseId, at: at(5 * DAY) }]);
  });

  it('reads the clocks computeSlaClocks derives from a history', () => {
    const always = compileCalendar({
      timezone: 'UTC',
      weeklyHours: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
      holidays: [],
      closures: [],
    });
    const terms = { firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: 24 * 60, pauseStatuses: ['awaiting_customer'], warnPercent: null, warnBeforeMinutes: null };
    const contact = (minute: number, direction: string, authorType: string) => ({ direction, authorType, occurredAt: at(minute), marks: [] });
    // Answered after 90 minutes (late); waited on the customer for two hours; resolved at 20 h.
    const history = {
      openedAt: at(0),
      status: 'resolved',
      transitions: [
        { toStatus: 'investigating', at: at(90) },
        { toStatus: 'awaiting_customer', at: at(120) },
        { toStatus: 'investigating', at: at(240) },
        { toStatus: 'resolved', at: at(20 * 60) },
      ],
      interactions: [contact(0, 'inbound', 'customer'), contact(90, 'outbound', 'user')],
    };
    const clocks = computeSlaClocks(history, terms, always, JUNE_WEEK.nowMs);
    const { groups, breached: list } = slaReport([aCase(clocks, { caseId: 'cas_real' })], 'policy', JUNE_WEEK);
    expect(groups[0]!.targets.first_response).toEqual({ met: 0, breached: 1, compliance: 0, medianMinutes: 90, p90Minutes: 90 });
    expect(groups[0]!.targets.resolution).toEqual({ met: 1, breached: 0, compliance: 1, medianMinutes: 20 * 60 - 120, p90Minutes: 20 * 60 - 120 });
    expect(list).toEqual([{ caseId: 'cas_real', at: at(60) }]);
  });
});
