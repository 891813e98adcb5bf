import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../shared/index.js';
import { quantile } from '../sla/sla-report.js';
import {
  bucketScopes,
  type FollowUpFact,
  followUpOutcome,
  loggingLagMinutes,
  minutesBucket,
  periodParts,
  placeOfRank,
  quantileRanks,
  type ResolvedCaseFact,
  resolvedAtFirstContact,
  scopeOfFilters,
  slaTargetOutcomes,
  valueAtOffset,
  wasReopened,
  WHOLE_DESK,
  ZERO_BUCKET,
} from './kpi-facts.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();
const after = (instant: string, ms: number) => at(Date.parse(instant) + ms);

/** Fixed seeds: the random samples are the same on every run, so a failure is never a fluke. */
const SEED = 0x6b7069;

const resolved = (firstResolvedAt: string, rest: Partial<ResolvedCaseFact> = {}): ResolvedCaseFact => ({
  firstResolvedAt,
  reopenedAt: [],
  inboundContacts: 1,
  handlingContacts: 1,
  nextCaseOpenedAt: null,
  ...rest,
});

describe('first contact resolution and reopens', () => {
  const RESOLVED = '2026-03-07T10:00:00.000Z';

  it('counts one inbound and one handling contact, never reopened, with no new case after', () => {
    expect(resolvedAtFirstContact(resolved(RESOLVED))).toBe(true);
    expect(wasReopened(resolved(RESOLVED))).toBe(false);
  });

  it('needs exactly one inbound and one handling contact', () => {
    expect(resolvedAtFirstContact(resolved(RESOLVED, { inboundContacts: 2 }))).toBe(false);
    expect(resolvedAtFirstContact(resolved(RESOLVED, { inboundContacts: 0 }))).toBe(false);
    // No reply by a person.
    expect(resolvedAtFirstContact(resolved(RESOLVED, { handlingContacts: 0 }))).toBe(false);
    expect(resolvedAtFirstContact(resolved(RESOLVED, { handlingContacts: 2 }))).toBe(false);
  });

  it('is reopened once reopened after the first resolution, however many times', () => {
    const once = resolved(RESOLVED, { reopenedAt: [after(RESOLVED, DAY_MS)] });
    const twice = resolved(RESOLVED, { reopenedAt: [after(RESOLVED, DAY_MS), after(RESOLVED, 3 * DAY_MS)] });
    for (const fact of [once, twice]) {
      expect(wasReopened(fact)).toBe(true);
      expect(resolvedAtFirstContact(fact)).toBe(false);
    }
  });

  it('does not count a reopen before the first resolution', () => {
    // Reopened from closed-without-resolution, then resolved at first contact.
    const fact = resolved(RESOLVED, { reopenedAt: [after(RESOLVED, -DAY_MS), after(RESOLVED, -1)] });
    expect(wasReopened(fact)).toBe(false);
    expect(resolvedAtFirstContact(fact)).toBe(true);
  });

  it('is undone by a new case on the same order up to exactly 7 days after the first resolution', () => {
    const nextCaseAfter = (ms: number) => resolvedAtFirstContact(resolved(RESOLVED, { nextCaseOpenedAt: after(RESOLVED, ms) }));
    expect(nextCaseAfter(0)).toBe(false);
    expect(nextCaseAfter(6 * DAY_MS)).toBe(false);
    expect(nextCaseAfter(7 * DAY_MS)).toBe(false);
    expect(nextCaseAfter(7 * DAY_MS + 1)).toBe(true);
    expect(nextCaseAfter(8 * DAY_MS)).toBe(true);
  });

  it('is not undone by a new case opened before the first resolution', () => {
    expect(resolvedAtFirstContact(resolved(RESOLVED, { nextCaseOpenedAt: after(RESOLVED, -1) }))).toBe(true);
    expect(resolvedAtFirstContact(resolved(RESOLVED, { nextCaseOpenedAt: after(RESOLVED, -DAY_MS) }))).toBe(true);
  });

  it('gives 2 of 6 at first contact and 1 of 6 reopened for the dashboard’s cohort', () => {
    const cohort = [
      resolved('2026-03-02T10:00:00Z'),
      // Reopened after its first resolution, resolved again later.
      resolved('2026-03-03T10:00:00Z', { reopenedAt: ['2026-03-04T10:00:00Z'] }),
      resolved('2026-03-05T10:00:00Z', { inboundContacts: 2 }),
      resolved('2026-03-06T10:00:00Z', { handlingContacts: 0 }),
      // A new case on the same order 6 days later, then one 8 days later.
      resolved('2026-03-07T10:00:00Z', { nextCaseOpenedAt: '2026-03-13T10:00:00Z' }),
      resolved('2026-03-08T10:00:00Z', { nextCaseOpenedAt: '2026-03-16T10:00:00Z' }),
    ];
    expect(cohort.map(resolvedAtFirstContact)).toEqual([true, false, false, false, false, true]);
    expect(cohort.map(wasReopened)).toEqual([false, true, false, false, false, false]);
  });
});

describe('SLA target outcomes', () => {
  const clock = (target: SlaClock['target'], state: SlaClock['state'], dueAt: string | null, stoppedAt: string | null, minutes: number): SlaClock => ({
    target,
    targetMinutes: 240,
    state,
    startedAt: '2026-03-02T09:00:00.000Z',
    dueAt,
    warnAt: null,
    stoppedAt,
    businessMinutesUsed: minutes,
  });

  it('counts a met target when it stopped, with the business minutes it used', () => {
    expect(slaTargetOutcomes([clock('first_response', 'met', '2026-03-02T13:00:00.000Z', '2026-03-02T09:30:00.000Z', 30)])).toEqual([
      { target: 'first_response', state: 'met', outcomeAt: '2026-03-02T09:30:00.000Z', stoppedAt: '2026-03-02T09:30:00.000Z', minutes: 30 },
    ]);
  });

  it('counts a breached target at its due time; its minutes only once it stopped', () => {
    const repliedLate = clock('first_response', 'breached', '2026-03-10T13:00:00.000Z', '2026-03-10T15:00:00.000Z', 300);
    const notYet = clock('resolution', 'breached', '2026-03-10T13:00:00.000Z', null, 250);
    expect(slaTargetOutcomes([repliedLate, notYet])).toEqual([
      { target: 'first_response', state: 'breached', outcomeAt: '2026-03-10T13:00:00.000Z', stoppedAt: '2026-03-10T15:00:00.000Z', minutes: 300 },
      { target: 'resolution', state: 'breached', outcomeAt: '2026-03-10T13:00:00.000Z', stoppedAt: null, minutes: null },
    ]);
  });

  it('keeps a running target with a due time as running at that time, without minutes', () => {
    // The reader counts it breached once its due time has passed.
    expect(slaTargetOutcomes([clock('resolution', 'running', '2026-03-20T09:00:00.000Z', null, 120)])).toEqual([
      { target: 'resolution', state: 'running', outcomeAt: '2026-03-20T09:00:00.000Z', stoppedAt: null, minutes: null },
    ]);
  });

  it('has no outcome for paused or idle targets, nor for any without a due time', () => {
    expect(
      slaTargetOutcomes([
        clock('resolution', 'paused', null, null, 90),
        clock('next_response', 'idle', null, null, 0),
        clock('resolution', 'running', null, null, 10),
        clock('first_response', 'breached', null, null, 10),
      ]),
    ).toEqual([]);
  });

  it('keeps every target of a case, in order', () => {
    const outcomes = slaTargetOutcomes([
      clock('first_response', 'met', '2026-03-02T13:00:00.000Z', '2026-03-02T09:30:00.000Z', 30),
      clock('next_response', 'idle', null, null, 0),
      clock('resolution', 'met', '2026-03-05T09:00:00.000Z', '2026-03-04T09:00:00.000Z', 600),
    ]);
    expect(outcomes.map((o) => [o.target, o.state, o.minutes])).toEqual([
      ['first_response', 'met', 30],
      ['resolution', 'met', 600],
    ]);
  });
});

describe('follow-up outcomes', () => {
  const DUE = '2026-03-02T10:00:00.000Z';
  const GRACE_UNTIL = '2026-03-02T11:00:00.000Z';
  const followUp = (status: string, doneAt: string | null = null, skipReason: string | null = null): FollowUpFact => ({ dueAt: DUE, status, doneAt, skipReason });

  it('does not count a cancelled follow-up', () => {
    expect(followUpOutcome(followUp('cancelled'))).toBeNull();
  });

  it('keeps a skipped follow-up apart with its reason code, or "unknown" without one', () => {
    expect(followUpOutcome(followUp('skipped', null, 'opted_out'))).toEqual({ outcome: 'skipped', graceUntil: GRACE_UNTIL, skipCode: 'opted_out' });
    expect(followUpOutcome(followUp('skipped'))).toEqual({ outcome: 'skipped', graceUntil: GRACE_UNTIL, skipCode: 'unknown' });
  });

  it('lets a scheduled or due follow-up wait until an hour after its due time', () => {
    for (const status of ['scheduled', 'due']) {
      expect(followUpOutcome(followUp(status)), status).toEqual({ outcome: 'waiting', graceUntil: GRACE_UNTIL, skipCode: null });
    }
  });

  it('is on time when done up to exactly an hour after due, late a millisecond later', () => {
    for (const status of ['done', 'sent', 'answered']) {
      expect(followUpOutcome(followUp(status, after(DUE, -HOUR_MS)))?.outcome, status).toBe('on_time');
      expect(followUpOutcome(followUp(status, after(DUE, 30 * 60_000)))?.outcome, status).toBe('on_time');
      expect(followUpOutcome(followUp(status, GRACE_UNTIL))?.outcome, status).toBe('on_time');
      expect(followUpOutcome(followUp(status, after(GRACE_UNTIL, 1)))?.outcome, status).toBe('late');
    }
  });

  it('counts a failed follow-up as late', () => {
    expect(followUpOutcome(followUp('failed'))).toEqual({ outcome: 'late', graceUntil: GRACE_UNTIL, skipCode: null });
  });
});

describe('logging lag', () => {
  it('is logged − occurred in minutes, fractions and negatives included', () => {
    expect(loggingLagMinutes('2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z')).toBe(0);
    expect(loggingLagMinutes('2026-03-02T10:00:00.000Z', '2026-03-02T12:00:00.000Z')).toBe(120);
    expect(loggingLagMinutes('2026-03-02T10:00:00.000Z', '2026-03-02T10:01:30.000Z')).toBe(1.5);
    expect(loggingLagMinutes('2026-03-02T10:05:00.000Z', '2026-03-02T10:00:00.000Z')).toBe(-5);
  });
});

/** A double's neighbours, for values on either side of a bucket boundary. */
function neighbours(value: number): [number, number] {
  const bits = new BigInt64Array(new Float64Array([value]).buffer);
  const step = (delta: bigint) => new Float64Array(new BigInt64Array([bits[0]! + delta]).buffer)[0]!;
  // For positive doubles the bit patterns sort as the values do.
  return [step(-1n), step(1n)];
}

/** The least number of seconds whose bucket is at least `bucket` (≥ 1), by bisection over doubles. */
function lowestSecondsOf(bucket: number): number {
  let below = 0;
  let from = 2 ** 42;
  for (;;) {
    const mid = (below + from) / 2;
    if (mid === below || mid === from) return from;
    if (minutesBucket(mid / 60) >= bucket) from = mid;
    else below = mid;
  }
}

describe('minutesBucket', () => {
  it('never puts a larger value in a lower bucket, over 10,000 values from −1 year to 1 year', () => {
    const positive: number[] = [0];
    // Fractions of a second, every millisecond of the first one.
    for (let ms = 1; ms < 1000; ms++) positive.push(ms / 60_000);
    // Whole seconds around the first 32, and the milliseconds next to them.
    for (let s = 1; s <= 40; s++) positive.push(s / 60, (s * 1000 - 1) / 60_000, (s * 1000 + 1) / 60_000);
    // Powers of two seconds, where the buckets double in width, with their neighbours.
    for (let exponent = -12; exponent <= 26; exponent++) {
      const minutes = 2 ** exponent / 60;
      positive.push(minutes, ...neighbours(minutes), (2 ** exponent * 1000 - 1) / 60_000, (2 ** exponent * 1000 + 1) / 60_000);
    }
    // Business minutes, and lags logged to the millisecond, spread evenly on a log scale.
    positive.push(...fc.sample(fc.integer({ min: 0, max: 20_000 }), { seed: SEED, numRuns: 1500 }));
    positive.push(...fc.sample(fc.double({ min: -3, max: Math.log10(366 * 24 * 60), noNaN: true }), { seed: SEED + 1, numRuns: 2500 }).map((log) => Math.round(10 ** log * 60_000) / 60_000));
    const values = [...positive, ...positive.filter((minutes) => minutes > 0).map((minutes) => -minutes)].sort((a, b) => a - b);
    expect(values.length).toBeGreaterThan(10_000);

    let previous = { minutes: values[0]!, bucket: minutesBucket(values[0]!) };
    for (const minutes of values.slice(1)) {
      const bucket = minutesBucket(minutes);
      if (bucket < previous.bucket) expect.fail(`${minutes} min is in bucket ${bucket}, below ${previous.minutes} min in bucket ${previous.bucket}`);
      previous = { minutes, bucket };
    }
  });

  it('gives exactly no time a bucket of its own, then each second below 32 s one', () => {
    expect(minutesBucket(0)).toBe(ZERO_BUCKET);
    expect(minutesBucket(0.001 / 60_000)).toBe(ZERO_BUCKET + 1);
    for (let s = 0; s < 32; s++) {
      if (s > 0) expect(minutesBucket(s / 60), `${s} s`).toBe(s + 1);
      expect(minutesBucket((s * 1000 + 999) / 60_000), `${s}.999 s`).toBe(s + 1);
      if (s > 0) expect(lowestSecondsOf(s + 1)).toBeCloseTo(s, 9);
    }
    expect(minutesBucket(32 / 60)).toBe(33);
  });

  it('keeps every bucket from 32 s to over a century narrower than 1/32 of its lowest value', () => {
    let lowest = lowestSecondsOf(33);
    expect(lowest).toBeCloseTo(32, 9);
    // 2^37 s is over 4,000 years.
    for (let bucket = 33; lowest < 2 ** 37; bucket++) {
      const next = lowestSecondsOf(bucket + 1);
      // A hair of tolerance: the boundaries are found through minutes × 60, rounded.
      if (next - lowest > (lowest / 32) * (1 + 1e-12)) expect.fail(`bucket ${bucket} spans ${lowest} s to ${next} s`);
      lowest = next;
    }
  });
});

/**
 * A percentile as the store finds it: counts per bucket in bucket order, then the single values of
 * only the bucket each of the two ranks falls in, interpolated as `quantile` does.
 */
function quantileByBuckets(values: readonly number[], p: number): number | null {
  const byBucket = new Map<number, Map<number, number>>();
  for (const value of values) {
    const bucket = minutesBucket(value);
    const counts = byBucket.get(bucket) ?? new Map<number, number>();
    counts.set(value, (counts.get(value) ?? 0) + 1);
    byBucket.set(bucket, counts);
  }
  const counts = [...byBucket.entries()].map(([bucket, inIt]) => ({ bucket, n: [...inIt.values()].reduce((sum, n) => sum + n, 0) })).sort((a, b) => a.bucket - b.bucket);
  const ranks = quantileRanks(values.length, p);
  if (!ranks) return null;
  const valueAt = (rank: number) => {
    const place = placeOfRank(counts, rank);
    const inBucket = [...byBucket.get(place.bucket)!.entries()].map(([value, n]) => ({ value, n })).sort((a, b) => a.value - b.value);
    return valueAtOffset(inBucket, place.offset);
  };
  const low = valueAt(ranks.low);
  const high = valueAt(ranks.high);
  return low + ranks.weight * (high - low);
}

const sortedQuantile = (values: readonly number[], p: number) => quantile([...values].sort((a, b) => a - b), p);

describe('percentiles from bucket counts', () => {
  it('finds the ranks quantile interpolates between, and none for no values', () => {
    expect(quantileRanks(0, 0.5)).toBeNull();
    expect(quantileRanks(1, 0.9)).toEqual({ low: 0, high: 0, weight: 0 });
    expect(quantileRanks(4, 0.5)).toEqual({ low: 1, high: 2, weight: 0.5 });
    expect(quantileRanks(4, 1)).toEqual({ low: 3, high: 3, weight: 0 });
    expect(quantileRanks(4, 0)).toEqual({ low: 0, high: 1, weight: 0 });
    const p90 = quantileRanks(4, 0.9)!;
    expect([p90.low, p90.high]).toEqual([2, 3]);
    expect(p90.weight).toBeCloseTo(0.7);
  });

  it('places a rank in its bucket, and refuses one beyond the values counted', () => {
    const counts = [
      { bucket: -3, n: 2 },
      { bucket: 0, n: 1 },
      { bucket: 40, n: 3 },
    ];
    expect([0, 1, 2, 3, 5].map((rank) => placeOfRank(counts, rank))).toEqual([
      { bucket: -3, offset: 0 },
      { bucket: -3, offset: 1 },
      { bucket: 0, offset: 0 },
      { bucket: 40, offset: 0 },
      { bucket: 40, offset: 2 },
    ]);
    expect(() => placeOfRank(counts, 6)).toThrow(RangeError);
    expect(() => valueAtOffset([{ value: 1.5, n: 2 }], 2)).toThrow(RangeError);
    expect(valueAtOffset([{ value: 1.5, n: 2 }, { value: 1.51, n: 1 }], 2)).toBe(1.51);
  });

  it('gives the dashboard’s hand-computed medians and p90s', () => {
    // First responses of 30 and 300 minutes: median 165, p90 = 30 + 0.9 × 270 = 273.
    expect([quantileByBuckets([300, 30], 0.5), quantileByBuckets([300, 30], 0.9)]).toEqual([165, 273]);
    // Logging lags 0, 5, 10, 120 minutes: median 7.5; p90 rank 2.7 → 10 + 0.7 × 110 = 87.
    const lags = [120, 0, 10, 5];
    expect(quantileByBuckets(lags, 0.5)).toBe(7.5);
    expect(quantileByBuckets(lags, 0.9)).toBeCloseTo(87, 9);
    expect(quantileByBuckets([], 0.5)).toBeNull();
  });

  it('equals sorting every value and interpolating between the nearest ranks, exactly', () => {
    const minutes = fc.oneof(
      { arbitrary: fc.constant(0), weight: 3 },
      // Business minutes: few distinct values, so many ties within and across buckets.
      { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 20_000 }), weight: 2 },
      // Lags logged to the millisecond, from under a second to a month, a few logged early.
      { arbitrary: fc.integer({ min: 0, max: 60_000 }).map((ms) => ms / 60_000), weight: 3 },
      { arbitrary: fc.integer({ min: -10 * 60_000, max: 30 * DAY_MS }).map((ms) => ms / 60_000), weight: 3 },
      // Either side of a power of two seconds, where bucket widths change.
      { arbitrary: fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -2, max: 2 })).map(([exponent, ms]) => (2 ** exponent * 1000 + ms) / 60_000), weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(minutes, { minLength: 1, maxLength: 300 }), (values) => {
        for (const p of [0, 0.5, 0.9, 1]) expect(quantileByBuckets(values, p), `p = ${p}`).toBe(sortedQuantile(values, p));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('bucket scopes', () => {
  it("counts a fact for the whole desk and for each dimension it has, and nothing for one it lacks", () => {
    expect(bucketScopes({ team_id: 'team_1', assignee_id: 'usr_1', channel: 'email', kind: 'complaint' })).toEqual([WHOLE_DESK, 'team:team_1', 'agent:usr_1', 'channel:email', 'kind:complaint']);
    expect(bucketScopes({ team_id: null, assignee_id: null, channel: 'phone', kind: 'question' })).toEqual([WHOLE_DESK, 'channel:phone', 'kind:question']);
  });

  it('answers no filter from the whole desk, one filter from its own counts, and several from none (the facts are counted)', () => {
    expect(scopeOfFilters({})).toBe(WHOLE_DESK);
    expect(scopeOfFilters({ team: undefined, agent: '' })).toBe(WHOLE_DESK);
    expect(scopeOfFilters({ agent: 'usr_1' })).toBe('agent:usr_1');
    expect(scopeOfFilters({ kind: 'complaint' })).toBe('kind:complaint');
    expect(scopeOfFilters({ team: 'team_1', channel: 'email' })).toBeNull();
  });

  it('finds the counts of a single filter among those a matching fact adds to', () => {
    const fact = { team_id: 'team_1', assignee_id: 'usr_1', channel: 'email', kind: 'complaint' };
    for (const filters of [{}, { team: 'team_1' }, { agent: 'usr_1' }, { channel: 'email' }, { kind: 'complaint' }]) {
      expect(bucketScopes(fact)).toContain(scopeOfFilters(filters));
    }
    expect(bucketScopes(fact)).not.toContain(scopeOfFilters({ team: 'team_2' }));
  });
});

describe('periodParts', () => {
  const parts = (from: string, to: string) => periodParts(Date.parse(from), Date.parse(to));

  it('cuts a period into whole months, whole days around them, and part days at the ends', () => {
    expect(parts('2026-03-14T15:30:00Z', '2026-07-02T06:00:00Z')).toEqual({
      months: { from: '2026-04', to: '2026-07' },
      days: [
        { from: '2026-03-15', to: '2026-04-01' },
        { from: '2026-07-01', to: '2026-07-02' },
      ],
      instants: [
        { from: '2026-03-14T15:30:00.000Z', to: '2026-03-15T00:00:00.000Z' },
        { from: '2026-07-02T00:00:00.000Z', to: '2026-07-02T06:00:00.000Z' },
      ],
    });
  });

  it('reads a calendar quarter from its three months alone', () => {
    expect(parts('2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z')).toEqual({ months: { from: '2026-04', to: '2026-07' }, days: [], instants: [] });
  });

  it('uses days within one month, and instants within one day', () => {
    expect(parts('2026-03-02T00:00:00Z', '2026-03-09T12:00:00Z')).toEqual({
      months: null,
      days: [{ from: '2026-03-02', to: '2026-03-09' }],
      instants: [{ from: '2026-03-09T00:00:00.000Z', to: '2026-03-09T12:00:00.000Z' }],
    });
    expect(parts('2026-03-02T08:00:00Z', '2026-03-02T17:00:00Z')).toEqual({ months: null, days: [], instants: [{ from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T17:00:00.000Z' }] });
    // Across one midnight with no whole day between: read from the facts in one range.
    expect(parts('2026-03-02T20:00:00Z', '2026-03-03T04:00:00Z')).toEqual({ months: null, days: [], instants: [{ from: '2026-03-02T20:00:00.000Z', to: '2026-03-03T04:00:00.000Z' }] });
  });

  it('crosses a year end by months', () => {
    expect(parts('2025-12-01T00:00:00Z', '2026-02-01T00:00:00Z').months).toEqual({ from: '2025-12', to: '2026-02' });
  });
});
