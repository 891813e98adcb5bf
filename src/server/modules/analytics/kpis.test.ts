import { describe, expect, it } from 'vitest';
import { KPI_NAMES } from '../../../shared/index.js';
import { describeCounts, KPI_DEFINITIONS, type KpiAggregates, kpiValues, periodBuckets } from './kpis.js';

/** The aggregates of a period where nothing counts; each test fills in what it looks at. */
const nothing = (): KpiAggregates => ({
  answers: { csat: 0, csatGood: 0, nps: 0, promoters: 0, detractors: 0, ces: 0, cesSum: 0 },
  resolvedCases: { total: 0, firstContact: 0, reopened: 0 },
  sla: { met: 0, breached: 0 },
  firstResponseMinutes: { n: 0, p50: null, p90: null },
  resolutionMinutes: { n: 0, p50: null, p90: null },
  loggingLagMinutes: { n: 0, p50: null, p90: null },
  complaints: 0,
  orders: 0,
  followUps: { counted: 0, onTime: 0, skipped: new Map() },
});
const answers = (counts: Partial<KpiAggregates['answers']>): KpiAggregates => ({ ...nothing(), answers: { ...nothing().answers, ...counts } });

describe('KPI definitions', () => {
  it('has a label, a unit and a definition for every KPI', () => {
    for (const name of KPI_NAMES) {
      expect(KPI_DEFINITIONS[name].name).toBe(name);
      expect(KPI_DEFINITIONS[name].label).not.toBe('');
      expect(KPI_DEFINITIONS[name].unit).not.toBe('');
      expect(KPI_DEFINITIONS[name].definition.length).toBeGreaterThan(40);
    }
  });

  it('is null, never 0, for every KPI when nothing counts', () => {
    const kpis = kpiValues(nothing());
    for (const name of KPI_NAMES) {
      expect(kpis[name].value, name).toBeNull();
      expect(kpis[name].denominator, name).toBe(0);
    }
  });

  it('leaves the survey KPIs null without responses, whatever else the period holds', () => {
    const kpis = kpiValues({
      ...nothing(),
      resolvedCases: { total: 3, firstContact: 1, reopened: 1 },
      sla: { met: 1, breached: 1 },
      firstResponseMinutes: { n: 1, p50: 30, p90: 30 },
      complaints: 1,
      orders: 10,
    });
    for (const name of ['csat', 'nps', 'ces'] as const) {
      expect(kpis[name].value, name).toBeNull();
      expect(kpis[name].denominator, name).toBe(0);
    }
    expect(describeCounts('nps', kpis.nps)).toBe('0 answers: 0 promoters, 0 passives, 0 detractors');
    // Resolution times have no values although first responses do.
    expect(kpis.resolution_median).toMatchObject({ value: null, denominator: 0 });
    expect(kpis.first_contact_resolution.value).not.toBeNull();
  });
});

describe('survey KPIs', () => {
  // Six answers: CSAT 5, 4, 3, 2; NPS 10, 9, 8, 6, 0; CES 7, 6, 2, 4.
  const sample = answers({ csat: 4, csatGood: 2, nps: 5, promoters: 2, detractors: 2, ces: 4, cesSum: 7 + 6 + 2 + 4 });

  it('CSAT is the share of 4–5 answers among CSAT answers', () => {
    const { csat } = kpiValues(sample);
    expect(csat).toMatchObject({ value: 0.5, numerator: 2, denominator: 4 });
    expect(describeCounts('csat', csat)).toBe('2 of 4 answers scored 4–5');
  });

  it('NPS is promoters minus detractors in percent, with the three groups', () => {
    const { nps } = kpiValues(sample);
    // 2 promoters (10, 9), 1 passive (8), 2 detractors (6, 0) → (2 − 2) / 5 = 0.
    expect(nps.value).toBe(0);
    expect(nps.denominator).toBe(5);
    expect(nps.parts.map((p) => [p.key, p.count])).toEqual([
      ['promoters', 2],
      ['passives', 1],
      ['detractors', 2],
    ]);
    expect(describeCounts('nps', nps)).toBe('5 answers: 2 promoters, 1 passives, 2 detractors');
  });

  it('NPS is −100 when all are detractors and CSAT 0 (not null) when none is satisfied', () => {
    const kpis = kpiValues(answers({ nps: 2, promoters: 0, detractors: 2, csat: 2, csatGood: 0 }));
    expect(kpis.nps.value).toBe(-100);
    expect(kpis.nps.numerator).toBe(-2);
    expect(kpis.csat).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
  });

  it('NPS is 100 when all are promoters', () => {
    expect(kpiValues(answers({ nps: 3, promoters: 3, detractors: 0 })).nps.value).toBe(100);
  });

  it('NPS rounds to two decimals: 1 promoter, 2 passives of 3 → 33.33', () => {
    expect(kpiValues(answers({ nps: 3, promoters: 1, detractors: 0 })).nps.value).toBe(33.33);
  });

  it('CES is the mean of the 1–7 answers, to two decimals', () => {
    // (7 + 6 + 2 + 4) / 4 = 4.75
    expect(kpiValues(sample).ces).toMatchObject({ value: 4.75, numerator: null, denominator: 4 });
    expect(describeCounts('ces', kpiValues(sample).ces)).toBe('4 answers');
    // 14 / 3 = 4.666…
    expect(kpiValues(answers({ ces: 3, cesSum: 14 })).ces.value).toBe(4.67);
  });
});

describe('first contact resolution and reopen rate', () => {
  // The cohort of kpi-facts.test.ts: six cases first resolved in the period, two at first contact, one reopened.
  const kpis = kpiValues({ ...nothing(), resolvedCases: { total: 6, firstContact: 2, reopened: 1 } });

  it('FCR is the share of cases first resolved in the period that were resolved at first contact', () => {
    expect(kpis.first_contact_resolution).toMatchObject({ numerator: 2, denominator: 6 });
    expect(kpis.first_contact_resolution.value).toBeCloseTo(2 / 6);
    expect(describeCounts('first_contact_resolution', kpis.first_contact_resolution)).toBe('2 of 6 resolved cases');
  });

  it('reopen rate is the share of that cohort reopened at least once', () => {
    expect(kpis.reopen_rate).toMatchObject({ numerator: 1, denominator: 6 });
    expect(kpis.reopen_rate.value).toBeCloseTo(1 / 6);
    expect(describeCounts('reopen_rate', kpis.reopen_rate)).toBe('1 of 6 resolved cases reopened');
    expect(describeCounts('reopen_rate', kpiValues({ ...nothing(), resolvedCases: { total: 1, firstContact: 0, reopened: 1 } }).reopen_rate)).toBe(
      '1 of 1 resolved case reopened',
    );
  });
});

describe('SLA compliance and business times', () => {
  it('is met / (met + breached), with both counts as parts', () => {
    const { sla_compliance } = kpiValues({ ...nothing(), sla: { met: 3, breached: 2 } });
    expect(sla_compliance).toMatchObject({ value: 0.6, numerator: 3, denominator: 5 });
    expect(sla_compliance.parts).toEqual([
      { key: 'met', label: 'met', count: 3 },
      { key: 'breached', label: 'breached', count: 2 },
    ]);
    expect(describeCounts('sla_compliance', sla_compliance)).toBe('3 of 5 targets met');
  });

  it('is 0, not null, when every target was breached', () => {
    expect(kpiValues({ ...nothing(), sla: { met: 0, breached: 4 } }).sla_compliance).toMatchObject({ value: 0, denominator: 4 });
  });

  it('gives the medians and p90s as found, rounded to two decimals, over how many values there were', () => {
    const kpis = kpiValues({
      ...nothing(),
      // Values 30, 300: median 165, p90 = 30 + 0.9 × 270 = 273 (kpi-facts.test.ts finds these from buckets).
      firstResponseMinutes: { n: 2, p50: 165, p90: 273 },
      resolutionMinutes: { n: 1, p50: 600, p90: 600 },
      loggingLagMinutes: { n: 4, p50: 7.5, p90: 87.004 },
    });
    expect(kpis.first_response_median).toEqual({ value: 165, numerator: null, denominator: 2, parts: [] });
    expect(kpis.first_response_p90).toMatchObject({ value: 273, denominator: 2 });
    expect(kpis.resolution_median).toMatchObject({ value: 600, denominator: 1 });
    expect(kpis.resolution_p90).toMatchObject({ value: 600, denominator: 1 });
    expect(kpis.logging_lag_median).toMatchObject({ value: 7.5, numerator: null, denominator: 4 });
    expect(kpis.logging_lag_p90.value).toBe(87);
    expect(describeCounts('first_response_p90', kpis.first_response_p90)).toBe('2 first responses');
    expect(describeCounts('resolution_median', kpis.resolution_median)).toBe('1 resolution');
    expect(describeCounts('logging_lag_median', kpis.logging_lag_median)).toBe('4 interactions');
  });
});

describe('complaints per 1,000 orders', () => {
  it('divides complaints opened by orders placed', () => {
    const { complaints_per_1000_orders } = kpiValues({ ...nothing(), complaints: 2, orders: 400 });
    expect(complaints_per_1000_orders).toMatchObject({ value: 5, numerator: 2, denominator: 400 });
    expect(describeCounts('complaints_per_1000_orders', complaints_per_1000_orders)).toBe('2 complaints, 400 orders');
  });

  it('is null without orders, even with complaints', () => {
    expect(kpiValues({ ...nothing(), complaints: 1 }).complaints_per_1000_orders).toMatchObject({ value: null, numerator: 1, denominator: 0 });
  });
});

describe('follow-ups on time', () => {
  it('is the share on time among those counted, skipped ones apart by reason', () => {
    const { follow_up_on_time } = kpiValues({
      ...nothing(),
      followUps: {
        counted: 5,
        onTime: 2,
        skipped: new Map([
          ['no_channel', 1],
          ['opted_out', 2],
        ]),
      },
    });
    expect(follow_up_on_time).toMatchObject({ value: 0.4, numerator: 2, denominator: 5 });
    expect(follow_up_on_time.parts).toEqual([
      { key: 'skipped', label: 'skipped', count: 3 },
      { key: 'opted_out', label: 'opted out', count: 2 },
      { key: 'no_channel', label: 'no channel', count: 1 },
    ]);
    expect(describeCounts('follow_up_on_time', follow_up_on_time)).toBe('2 of 5 follow-ups on time; 3 skipped');
  });

  it('orders skip reasons by count, most first, then by code, whatever order they came in', () => {
    const skipped = new Map([
      ['unknown', 1],
      ['quiet_hours', 4],
      ['no_channel', 1],
      ['opted_out', 4],
      ['bounced', 1],
    ]);
    const { parts } = kpiValues({ ...nothing(), followUps: { counted: 0, onTime: 0, skipped } }).follow_up_on_time;
    expect(parts.map((part) => [part.key, part.count])).toEqual([
      ['skipped', 11],
      ['opted_out', 4],
      ['quiet_hours', 4],
      ['bounced', 1],
      ['no_channel', 1],
      ['unknown', 1],
    ]);
  });

  it('is null with only skipped follow-ups, and still says how many were skipped', () => {
    const { follow_up_on_time } = kpiValues({ ...nothing(), followUps: { counted: 0, onTime: 0, skipped: new Map([['opted_out', 3]]) } });
    expect(follow_up_on_time).toMatchObject({ value: null, numerator: 0, denominator: 0 });
    expect(describeCounts('follow_up_on_time', follow_up_on_time)).toBe('0 of 0 follow-ups on time; 3 skipped');
  });

  it('has no parts and no skipped clause when none was skipped', () => {
    const { follow_up_on_time } = kpiValues({ ...nothing(), followUps: { counted: 1, onTime: 0, skipped: new Map() } });
    expect(follow_up_on_time).toMatchObject({ value: 0, numerator: 0, denominator: 1, parts: [] });
    expect(describeCounts('follow_up_on_time', follow_up_on_time)).toBe('0 of 1 follow-up on time');
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
