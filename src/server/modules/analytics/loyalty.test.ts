import { describe, expect, it } from 'vitest';
import type { LoyaltyGroupFigures } from '../../../shared/index.js';
import { csatBand, lastClosedPerCustomer, repeatPurchaseFigures, wilsonInterval, type ClosedCaseFacts } from './loyalty.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
/** Long after every window of a case closed at T0 has ended. */
const LATER = T0 + 400 * DAY;

let caseNumber = 0;
const closed = (fields: Partial<ClosedCaseFacts> = {}): ClosedCaseFacts => {
  caseNumber += 1;
  return {
    caseId: `cas_${String(caseNumber).padStart(3, '0')}`,
    customerId: `cus_${String(caseNumber).padStart(3, '0')}`,
    closedAtMs: T0,
    followedUp: false,
    resolutionConfirmed: false,
    csat: null,
    nextPurchaseAtMs: null,
    ...fields,
  };
};
const boughtAfter = (days: number) => T0 + days * DAY;
const group = (groups: LoyaltyGroupFigures[], key: string) => groups.find((figures) => figures.group === key)!;

describe('wilsonInterval', () => {
  // Reference values: Wilson (1927) score interval, z = 1.96, as tabulated by Newcombe (1998) and
  // computed by hand: centre (p + z²/2n)/(1 + z²/n), half-width z√(p(1−p)/n + z²/4n²)/(1 + z²/n).
  it.each([
    [5, 10, 0.2366, 0.7634],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [1, 29, 0.0061, 0.1718],
    [81, 263, 0.2553, 0.3662],
    [95, 100, 0.8883, 0.9785],
  ])('%i of %i lies in [%f, %f]', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials)!;
    expect(interval.low).toBeCloseTo(low, 3);
    expect(interval.high).toBeCloseTo(high, 3);
  });

  it('has no interval without trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('narrows as the trials grow and always holds the observed share', () => {
    let width = 1;
    for (const trials of [4, 40, 400, 4000]) {
      const interval = wilsonInterval(trials / 4, trials)!;
      expect(interval.low).toBeLessThan(0.25);
      expect(interval.high).toBeGreaterThan(0.25);
      expect(interval.high - interval.low).toBeLessThan(width);
      width = interval.high - interval.low;
    }
  });
});

describe('csatBand', () => {
  it.each([
    [5, 'csat_4_5'],
    [4, 'csat_4_5'],
    [3, 'csat_3'],
    [2, 'csat_1_2'],
    [1, 'csat_1_2'],
    [null, 'csat_none'],
  ] as const)('puts %s in %s', (csat, band) => expect(csatBand(csat)).toBe(band));
});

describe('lastClosedPerCustomer', () => {
  it('keeps each customer once, by the case closed last', () => {
    const first = closed({ customerId: 'cus_a', closedAtMs: T0 });
    const second = closed({ customerId: 'cus_a', closedAtMs: T0 + DAY });
    const other = closed({ customerId: 'cus_b', closedAtMs: T0 });
    expect(lastClosedPerCustomer([second, first, other])).toEqual([second, other]);
    expect(lastClosedPerCustomer([first, second, other])).toEqual([second, other]);
  });
});

describe('repeatPurchaseFigures', () => {
  it('has one window per 30, 90 and 180 days, with no customer and no rate when nobody had a case closed', () => {
    const windows = repeatPurchaseFigures([], LATER);
    expect(windows.map((window) => window.days)).toEqual([30, 90, 180]);
    for (const window of windows) {
      expect(window.all).toEqual({ group: 'all', customers: 0, repeaters: 0, rate: null, interval: null, medianDaysToNextPurchase: null, stillOpen: 0 });
      expect(window.splits.follow_up.map((figures) => figures.group)).toEqual(['followed_up', 'not_followed_up']);
      expect(window.splits.confirmation.map((figures) => figures.group)).toEqual(['confirmed', 'not_confirmed']);
      expect(window.splits.csat.map((figures) => figures.group)).toEqual(['csat_4_5', 'csat_3', 'csat_1_2', 'csat_none']);
    }
  });

  it('compares followed up with not followed up customers per window, with counts, intervals and median days', () => {
    const customers = [
      // Followed up: bought again after 10, 60 and 150 days; one never did.
      closed({ followedUp: true, resolutionConfirmed: true, csat: 5, nextPurchaseAtMs: boughtAfter(10) }),
      closed({ followedUp: true, resolutionConfirmed: true, csat: 4, nextPurchaseAtMs: boughtAfter(60) }),
      closed({ followedUp: true, resolutionConfirmed: false, csat: 3, nextPurchaseAtMs: boughtAfter(150) }),
      closed({ followedUp: true, resolutionConfirmed: true, csat: 2 }),
      // Not followed up: one bought after 20 days, one after 200 (outside every window).
      closed({ nextPurchaseAtMs: boughtAfter(20) }),
      closed({ nextPurchaseAtMs: boughtAfter(200) }),
    ];
    const [d30, d90, d180] = repeatPurchaseFigures(customers, LATER);

    expect(group(d30!.splits.follow_up, 'followed_up')).toMatchObject({ customers: 4, repeaters: 1, rate: 0.25, medianDaysToNextPurchase: 10, stillOpen: 0 });
    expect(group(d30!.splits.follow_up, 'not_followed_up')).toMatchObject({ customers: 2, repeaters: 1, rate: 0.5, medianDaysToNextPurchase: 20 });
    expect(group(d90!.splits.follow_up, 'followed_up')).toMatchObject({ repeaters: 2, rate: 0.5, medianDaysToNextPurchase: 35 });
    expect(group(d180!.splits.follow_up, 'followed_up')).toMatchObject({ repeaters: 3, rate: 0.75, medianDaysToNextPurchase: 60 });
    expect(group(d180!.splits.follow_up, 'not_followed_up')).toMatchObject({ repeaters: 1, rate: 0.5 });
    expect(d180!.all).toMatchObject({ customers: 6, repeaters: 4 });

    const interval = group(d90!.splits.follow_up, 'followed_up').interval!;
    expect(interval.low).toBeCloseTo(wilsonInterval(2, 4)!.low, 12);
    expect(interval.high).toBeCloseTo(0.85, 3);

    expect(group(d180!.splits.confirmation, 'confirmed')).toMatchObject({ customers: 3, repeaters: 2 });
    expect(group(d180!.splits.confirmation, 'not_confirmed')).toMatchObject({ customers: 3, repeaters: 2 });
    expect(d180!.splits.csat.map((figures) => [figures.group, figures.customers, figures.repeaters])).toEqual([
      ['csat_4_5', 2, 2],
      ['csat_3', 1, 1],
      ['csat_1_2', 1, 0],
      ['csat_none', 2, 1],
    ]);
  });

  it('counts a purchase on the last instant of the window, not one after it', () => {
    const [d30] = repeatPurchaseFigures([closed({ nextPurchaseAtMs: boughtAfter(30) }), closed({ nextPurchaseAtMs: boughtAfter(30) + 1 })], LATER);
    expect(d30!.all).toMatchObject({ customers: 2, repeaters: 1 });
  });

  it('leaves customers whose window has not ended out of that window, as still open', () => {
    const now = T0 + 100 * DAY;
    const [d30, d90, d180] = repeatPurchaseFigures([closed({ nextPurchaseAtMs: boughtAfter(5) }), closed({ closedAtMs: T0 + 65 * DAY })], now);
    expect(d30!.all).toMatchObject({ customers: 2, repeaters: 1, stillOpen: 0 });
    expect(d90!.all).toMatchObject({ customers: 1, repeaters: 1, rate: 1, stillOpen: 1 });
    expect(d180!.all).toMatchObject({ customers: 0, repeaters: 0, rate: null, interval: null, stillOpen: 2 });
  });

  it('gives a rate of 1 with an interval below 1 when every customer bought again', () => {
    const customers = Array.from({ length: 8 }, (_, index) => closed({ followedUp: true, nextPurchaseAtMs: boughtAfter(index + 1) }));
    const [d30] = repeatPurchaseFigures(customers, LATER);
    const followed = group(d30!.splits.follow_up, 'followed_up');
    expect(followed).toMatchObject({ customers: 8, repeaters: 8, rate: 1, medianDaysToNextPurchase: 4.5 });
    expect(followed.interval!.high).toBe(1);
    expect(followed.interval!.low).toBeCloseTo(0.6756, 4);
  });

  it('shows an empty group with no rate beside a full one', () => {
    const [d30] = repeatPurchaseFigures([closed({ followedUp: true, nextPurchaseAtMs: boughtAfter(3) })], LATER);
    expect(group(d30!.splits.follow_up, 'not_followed_up')).toEqual({
      group: 'not_followed_up',
      customers: 0,
      repeaters: 0,
      rate: null,
      interval: null,
      medianDaysToNextPurchase: null,
      stillOpen: 0,
    });
    expect(group(d30!.splits.follow_up, 'followed_up')).toMatchObject({ customers: 1, repeaters: 1, rate: 1 });
  });
});
