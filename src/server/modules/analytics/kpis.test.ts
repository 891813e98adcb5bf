import { describe, expect, it } from 'vitest';
import { KPI_NAMES, type SlaClock } from '../../../shared/index.js';
import { computeKpis, describeCounts, KPI_DEFINITIONS, type KpiFacts, periodBuckets } from './kpis.js';

const FROM = Date.parse('2026-03-01T00:00:00Z');
const TO = Date.parse('2026-04-01T00:00:00Z');
const NOW = Date.parse('2026-04-10T00:00:00Z');
const period = { fromMs: FROM, toMs: TO, nowMs: NOW };

const none: KpiFacts = { answers: [], resolvedCases: [], slaClocks: [], complaintsOpenedAt: [], ordersPlacedAt: [], followUps: [], loggedInteractions: [] };
const answer = (at: string, scores: { csat?: number; nps?: number; ces?: number }) => ({ submittedAt: at, csat: scores.csat ?? null, nps: scores.nps ?? null, ces: scores.ces ?? null });
const resolved = (firstResolvedAt: string, rest: Partial<KpiFacts['resolvedCases'][number]> = {}) => ({
  firstResolvedAt,
  reopenedAt: [],
  inboundContacts: 1,
  handlingContacts: 1,
  nextCaseOpenedAt: null,
  ...rest,
});
const clock = (target: SlaClock['target'], state: SlaClock['state'], dueAt: string | null, stoppedAt: string | null, minutes: number): SlaClock => ({
  target,
  targetMinutes: 240,
  state,
  startedAt: '2026-02-27T09:00:00Z',
  dueAt,
  warnAt: null,
  stoppedAt,
  businessMinutesUsed: minutes,
});

describe('KPI definitions', () => {
  it('has a label, a unit and a definition for every KPI', () => {
    for (const name of KPI_NAMES) {
      expect(KPI_DEFINITIONS[name].name).toBe(name);
      expect(KPI_DEFINITIONS[name].label).not.toBe('');
      expect(KPI_DEFINITIONS[name].definition.length).toBeGreaterThan(40);
    }
  });

  it('is null, never 0, for every KPI when the period holds nothing', () => {
    const kpis = computeKpis(none, period);
    for (const name of KPI_NAMES) {
      expect(kpis[name].value, name).toBeNull();
      expect(kpis[name].denominator, name).toBe(0);
    }
  });

  it('is null for a period with facts only outside it', () => {
    const outside: KpiFacts = {
      ...none,
      answers: [answer('2026-02-28T23:59:59Z', { csat: 5, nps: 10, ces: 7 }), answer('2026-04-01T00:00:00Z', { csat: 1 })],
      resolvedCases: [resolved('2026-04-02T00:00:00Z')],
      ordersPlacedAt: ['2026-02-01T00:00:00Z'],
      complaintsOpenedAt: ['2026-02-01T00:00:00Z'],
    };
    const kpis = computeKpis(outside, period);
    expect([kpis.csat.value, kpis.nps.value, kpis.ces.value, kpis.first_contact_resolution.value, kpis.complaints_per_1000_orders.value]).toEqual([null, null, null, null, null]);
  });
});

describe('survey KPIs', () => {
  const answers = [
    answer('2026-03-02T10:00:00Z', { csat: 5, nps: 10, ces: 7 }),
    answer('2026-03-03T10:00:00Z', { csat: 4, nps: 9, ces: 6 }),
    answer('2026-03-04T10:00:00Z', { csat: 3, nps: 8 }),
    answer('2026-03-05T10:00:00Z', { csat: 2, nps: 6, ces: 2 }),
    answer('2026-03-06T10:00:00Z', { nps: 0 }),
    // No CSAT score: not counted in CSAT's denominator.
    answer('2026-03-07T10:00:00Z', { ces: 4 }),
  ];

  it('CSAT is the share of 4–5 answers among CSAT answers', () => {
    const { csat } = computeKpis({ ...none, answers }, period);
    expect(csat).toMatchObject({ value: 0.5, numerator: 2, denominator: 4 });
    expect(describeCounts('csat', csat)).toBe('2 of 4 answers scored 4–5');
  });

  it('NPS is promoters minus detractors in percent, with the three groups', () => {
    const { nps } = computeKpis({ ...none, answers }, period);
    // 5 answers: 2 promoters (10, 9), 1 passive (8), 2 detractors (6, 0) → (2 − 2) / 5 = 0.
    expect(nps.value).toBe(0);
    expect(nps.denominator).toBe(5);
    expect(nps.parts.map((p) => p.count)).toEqual([2, 1, 2]);
    expect(describeCounts('nps', nps)).toBe('5 answers: 2 promoters, 1 passives, 2 detractors');
  });

  it('NPS is −100 when all are detractors and CSAT 0 when none is satisfied', () => {
    const all = [answer('2026-03-02T10:00:00Z', { nps: 0, csat: 1 }), answer('2026-03-02T11:00:00Z', { nps: 6, csat: 3 })];
    const kpis = computeKpis({ ...none, answers: all }, period);
    expect(kpis.nps.value).toBe(-100);
    expect(kpis.csat).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
  });

  it('NPS rounds to two decimals: 1 promoter, 2 passives of 3 → 33.33', () => {
    const three = [answer('2026-03-02T10:00:00Z', { nps: 9 }), answer('2026-03-02T11:00:00Z', { nps: 7 }), answer('2026-03-02T12:00:00Z', { nps: 8 })];
    expect(computeKpis({ ...none, answers: three }, period).nps.value).toBe(33.33);
  });

  it('CES is the mean of the 1–7 answers', () => {
    // (7 + 6 + 2 + 4) / 4 = 4.75
    expect(computeKpis({ ...none, answers }, period).ces).toMatchObject({ value: 4.75, denominator: 4 });
  });
});

describe('first contact resolution and reopen rate', () => {
  const cases = [
    // 1: one contact each way, nothing after → FCR.
    resolved('2026-03-02T10:00:00Z'),
    // 2: reopened after its first resolution, resolved again later: counted once, not FCR, reopened.
    resolved('2026-03-03T10:00:00Z', { reopenedAt: ['2026-03-04T10:00:00Z'] }),
    // 3: two inbound contacts → not FCR.
    resolved('2026-03-05T10:00:00Z', { inboundContacts: 2 }),
    // 4: no reply by a person → not FCR.
    resolved('2026-03-06T10:00:00Z', { handlingContacts: 0 }),
    // 5: a new case on the same order 6 days later → not FCR.
    resolved('2026-03-07T10:00:00Z', { nextCaseOpenedAt: '2026-03-13T10:00:00Z' }),
    // 6: a new case on the same order 8 days later → still FCR.
    resolved('2026-03-08T10:00:00Z', { nextCaseOpenedAt: '2026-03-16T10:00:00Z' }),
    // 7: first resolved before the period, resolved again in it → not in the period's cohort.
    resolved('2026-02-20T10:00:00Z', { reopenedAt: ['2026-02-21T10:00:00Z'] }),
  ];

  it('FCR counts each case first resolved in the period once', () => {
    const kpis = computeKpis({ ...none, resolvedCases: cases }, period);
    expect(kpis.first_contact_resolution).toMatchObject({ numerator: 2, denominator: 6 });
    expect(kpis.first_contact_resolution.value).toBeCloseTo(2 / 6);
  });

  it('reopen rate is the share of that cohort reopened at least once', () => {
    const kpis = computeKpis({ ...none, resolvedCases: cases }, period);
    expect(kpis.reopen_rate).toMatchObject({ numerator: 1, denominator: 6 });
    expect(describeCounts('reopen_rate', kpis.reopen_rate)).toBe('1 of 6 resolved cases reopened');
  });

  it('a case reopened many times counts once', () => {
    const twice = [resolved('2026-03-02T10:00:00Z', { reopenedAt: ['2026-03-03T10:00:00Z', '2026-03-05T10:00:00Z'] })];
    expect(computeKpis({ ...none, resolvedCases: twice }, period).reopen_rate).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
  });
});

describe('SLA compliance and business times', () => {
  const slaClocks = [
    // Met in the period (stopped 03-02) after 30 business minutes; resolution met in the period.
    [clock('first_response', 'met', '2026-03-02T13:00:00Z', '2026-03-02T09:30:00Z', 30), clock('resolution', 'met', '2026-03-05T09:00:00Z', '2026-03-04T09:00:00Z', 600)],
    // Breached in the period (due 03-10), replied later in the period after 300 minutes.
    [clock('first_response', 'breached', '2026-03-10T13:00:00Z', '2026-03-10T15:00:00Z', 300)],
    // Running and past due at `now`: breached at its due time (03-20) although not yet marked.
    [clock('resolution', 'running', '2026-03-20T09:00:00Z', null, 0)],
    // Running, due after the period: not counted.
    [clock('resolution', 'running', '2026-04-20T09:00:00Z', null, 0)],
    // Met before the period: not counted.
    [clock('first_response', 'met', '2026-02-10T13:00:00Z', '2026-02-10T10:00:00Z', 60)],
    // Next response met in the period: counts for compliance, not for the first response times.
    [clock('next_response', 'met', '2026-03-11T13:00:00Z', '2026-03-11T10:00:00Z', 45)],
  ];

  it('is met / (met + breached) of targets counted in the period', () => {
    const { sla_compliance } = computeKpis({ ...none, slaClocks }, period);
    // Met: case 1 ×2, next response ×1 = 3; breached: case 2, case 3 = 2.
    expect(sla_compliance).toMatchObject({ value: 0.6, numerator: 3, denominator: 5 });
    expect(sla_compliance.parts).toEqual([
      { key: 'met', label: 'met', count: 3 },
      { key: 'breached', label: 'breached', count: 2 },
    ]);
  });

  it('first response median and p90 are over the clocks that stopped in the period, met or late', () => {
    const kpis = computeKpis({ ...none, slaClocks }, period);
    // Values 30, 300: median 165, p90 = 30 + 0.9 × 270 = 273.
    expect(kpis.first_response_median).toMatchObject({ value: 165, denominator: 2 });
    expect(kpis.first_response_p90).toMatchObject({ value: 273, denominator: 2 });
    expect(kpis.resolution_median).toMatchObject({ value: 600, denominator: 1 });
  });
});

describe('complaints per 1,000 orders', () => {
  it('divides complaints opened by orders placed in the period', () => {
    const facts = { ...none, complaintsOpenedAt: ['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', '2026-02-03T00:00:00Z'], ordersPlacedAt: Array(400).fill('2026-03-10T00:00:00Z') };
    expect(computeKpis(facts, period).complaints_per_1000_orders).toMatchObject({ value: 5, numerator: 2, denominator: 400 });
  });

  it('is null without orders, even with complaints', () => {
    expect(computeKpis({ ...none, complaintsOpenedAt: ['2026-03-02T00:00:00Z'] }, period).complaints_per_1000_orders.value).toBeNull();
  });
});

describe('follow-ups on time', () => {
  const followUps = [
    { dueAt: '2026-03-02T10:00:00Z', status: 'done', doneAt: '2026-03-02T10:30:00Z', skipReason: null }, // on time
    { dueAt: '2026-03-02T10:00:00Z', status: 'sent', doneAt: '2026-03-02T11:00:00Z', skipReason: null }, // exactly one hour: on time
    { dueAt: '2026-03-02T10:00:00Z', status: 'answered', doneAt: '2026-03-02T11:00:01Z', skipReason: null }, // late
    { dueAt: '2026-03-03T10:00:00Z', status: 'failed', doneAt: null, skipReason: null }, // not done
    { dueAt: '2026-03-04T10:00:00Z', status: 'due', doneAt: null, skipReason: null }, // overdue, not done
    { dueAt: '2026-03-05T10:00:00Z', status: 'skipped', doneAt: null, skipReason: 'opted_out' },
    { dueAt: '2026-03-05T10:00:00Z', status: 'skipped', doneAt: null, skipReason: 'opted_out' },
    { dueAt: '2026-03-06T10:00:00Z', status: 'skipped', doneAt: null, skipReason: 'no_channel' },
    { dueAt: '2026-03-07T10:00:00Z', status: 'cancelled', doneAt: null, skipReason: null }, // not counted
    { dueAt: '2026-04-02T10:00:00Z', status: 'done', doneAt: '2026-04-02T10:00:00Z', skipReason: null }, // after the period
  ];

  it('is the share done within an hour of due, skipped ones apart with their reasons', () => {
    const { follow_up_on_time } = computeKpis({ ...none, followUps }, period);
    expect(follow_up_on_time).toMatchObject({ value: 0.4, numerator: 2, denominator: 5 });
    expect(follow_up_on_time.parts).toEqual([
      { key: 'skipped', label: 'skipped', count: 3 },
      { key: 'opted_out', label: 'opted out', count: 2 },
      { key: 'no_channel', label: 'no channel', count: 1 },
    ]);
    expect(describeCounts('follow_up_on_time', follow_up_on_time)).toBe('2 of 5 follow-ups on time; 3 skipped');
  });

  it('leaves out follow-ups still within their hour', () => {
    const waiting = [{ dueAt: '2026-03-31T23:30:00Z', status: 'due', doneAt: null, skipReason: null }];
    expect(computeKpis({ ...none, followUps: waiting }, { ...period, nowMs: Date.parse('2026-04-01T00:00:00Z') }).follow_up_on_time.value).toBeNull();
    expect(computeKpis({ ...none, followUps: waiting }, period).follow_up_on_time).toMatchObject({ value: 0, denominator: 1 });
  });
});

describe('logging lag', () => {
  it('is the median and p90 of logged − occurred in minutes, by when it happened', () => {
    const lag = (occurredAt: string, minutes: number) => ({ occurredAt, loggedAt: new Date(Date.parse(occurredAt) + minutes * 60_000).toISOString() });
    const loggedInteractions = [lag('2026-03-02T10:00:00Z', 0), lag('2026-03-02T11:00:00Z', 5), lag('2026-03-03T10:00:00Z', 10), lag('2026-03-04T10:00:00Z', 120), lag('2026-02-28T10:00:00Z', 999)];
    const kpis = computeKpis({ ...none, loggedInteractions }, period);
    // 0, 5, 10, 120: median 7.5; p90 rank 2.7 → 10 + 0.7 × 110 = 87.
    expect(kpis.logging_lag_median).toMatchObject({ value: 7.5, numerator: null, denominator: 4 });
    expect(kpis.logging_lag_p90.value).toBe(87);
  });
});

describe('period buckets', () => {
  it('cuts weeks at Monday 00:00 UTC, clipped to the period', () => {
    const buckets = periodBuckets(Date.parse('2026-03-04T12:00:00Z'), Date.parse('2026-03-18T00:00:00Z'), 'week');
    expect(buckets.map((b) => [new Date(b.fromMs).toISOString(), new Date(b.toMs).toISOString()])).toEqual([
      ['2026-03-04T12:00:00.000Z', '2026-03-09T00:00:00.000Z'],
      ['2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
      ['2026-03-16T00:00:00.000Z', '2026-03-18T00:00:00.000Z'],
    ]);
  });

  it('cuts months at the first of the month', () => {
    const buckets = periodBuckets(Date.parse('2026-01-15T00:00:00Z'), Date.parse('2026-03-01T00:00:00Z'), 'month');
    expect(buckets.map((b) => new Date(b.fromMs).toISOString().slice(0, 10))).toEqual(['2026-01-15', '2026-02-01']);
  });
});
