import { describe, expect, it } from 'vitest';
import type { AuthorityLimit, Resolution } from '../../../src/shared/index.js';
import { describeLimits, forecastApproval } from './authority-forecast.js';

function aLimit(overrides: Partial<AuthorityLimit>): AuthorityLimit {
  return {
    id: 'lim_1',
    role: 'agent',
    userId: null,
    userName: null,
    resolutionType: 'goodwill',
    currency: null,
    maxAmountMinor: 2000,
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

type OnCase = Pick<Resolution, 'type' | 'currency' | 'amountMinor' | 'status'>;
const goodwill = (amountMinor: number, status: OnCase['status'] = 'proposed'): OnCase => ({
  type: 'goodwill',
  currency: 'EUR',
  amountMinor,
  status,
});

const draft = { type: 'goodwill' as const, currency: 'EUR', policyCited: true };

describe('forecastApproval', () => {
  const limits = [aLimit({})];

  it('offers at once within the cap, and asks for approval above it', () => {
    expect(forecastApproval(limits, { ...draft, amountMinor: 2000 }, []).kind).toBe('within_limit');
    const above = forecastApproval(limits, { ...draft, amountMinor: 2500 }, []);
    expect(above.kind).toBe('needs_approval');
    expect(above.text).toMatch(/25\.00.*above your limit of .*20\.00/);
  });

  it('counts the live resolutions of the same type and currency already on the case', () => {
    expect(forecastApproval(limits, { ...draft, amountMinor: 1000 }, [goodwill(1500)]).kind).toBe('needs_approval');
    // Rejected and declined ones no longer stand; another currency is another total.
    const gone = [goodwill(1500, 'rejected'), goodwill(1500, 'declined'), { ...goodwill(1500), currency: 'GBP' }];
    expect(forecastApproval(limits, { ...draft, amountMinor: 1000 }, gone).kind).toBe('within_limit');
  });

  it('always needs approval without a policy, or without authority for the type or currency', () => {
    expect(forecastApproval(limits, { ...draft, amountMinor: 100, policyCited: false }, []).kind).toBe('needs_approval');
    expect(forecastApproval(limits, { ...draft, type: 'refund_partial', amountMinor: 100 }, []).kind).toBe('needs_approval');
    const gbpOnly = [aLimit({ currency: 'GBP' })];
    expect(forecastApproval(gbpOnly, { ...draft, amountMinor: 100 }, []).text).toContain('in EUR');
  });

  it('prefers a limit in the resolution’s currency to one for any currency', () => {
    const both = [aLimit({ currency: null, maxAmountMinor: 10_000 }), aLimit({ currency: 'EUR', maxAmountMinor: 500 })];
    expect(forecastApproval(both, { ...draft, amountMinor: 1000 }, []).kind).toBe('needs_approval');
  });

  it('waits for an amount it can read, and needs none for a type without one', () => {
    expect(forecastApproval(limits, { ...draft, amountMinor: undefined }, []).kind).toBe('unknown');
    const explain = [aLimit({ resolutionType: 'explanation_only', maxAmountMinor: null })];
    expect(
      forecastApproval(explain, { type: 'explanation_only', amountMinor: null, currency: null, policyCited: true }, []).kind,
    ).toBe('within_limit');
  });
});

describe('describeLimits', () => {
  it('says the cap, no cap, or no authority', () => {
    expect(describeLimits([aLimit({})], 'goodwill', 'EUR')).toMatch(/goodwill: up to .*20\.00 per case/);
    expect(describeLimits([aLimit({ resolutionType: 'repair', maxAmountMinor: null })], 'repair', 'EUR')).toContain('no cap');
    expect(describeLimits([], 'goodwill', 'EUR')).toContain('no authority');
  });
});
