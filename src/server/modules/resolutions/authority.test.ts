import { describe, expect, it } from 'vitest';
import { authorityCovers, limitsFor, type Authority, type LimitRule } from './authority.js';

const roleLimit = (subject: string, resolutionType: string, maxAmountMinor: number | null, currency: string | null = null): LimitRule => ({
  subjectType: 'role',
  subject,
  resolutionType,
  currency,
  maxAmountMinor,
});
const userLimit = (subject: string, resolutionType: string, maxAmountMinor: number | null, currency: string | null = null): LimitRule => ({
  ...roleLimit(subject, resolutionType, maxAmountMinor, currency),
  subjectType: 'user',
});

// A slice of the limits a new installation starts with, plus one agent's own.
const RULES: LimitRule[] = [
  roleLimit('agent', 'goodwill', 2_000),
  roleLimit('agent', 'refund_partial', 5_000),
  roleLimit('agent', 'repair', null),
  roleLimit('supervisor', 'goodwill', 10_000),
  userLimit('usr_senior', 'goodwill', 6_000),
];

const agent: Authority = { role: 'agent', userId: 'usr_junior' };
const seniorAgent: Authority = { role: 'agent', userId: 'usr_senior' };
const agentKey: Authority = { role: 'agent', userId: null };
const goodwill = (totalMinor: number | null, currency: string | null = 'EUR') => ({ type: 'goodwill', currency, totalMinor });

describe('limitsFor', () => {
  it("gives a user's own limits for a type instead of their role's", () => {
    expect(limitsFor(RULES, seniorAgent, 'goodwill')).toEqual([userLimit('usr_senior', 'goodwill', 6_000)]);
    expect(limitsFor(RULES, agent, 'goodwill')).toEqual([roleLimit('agent', 'goodwill', 2_000)]);
  });

  it("falls back to the role for types the user has no own limit for, and for API keys", () => {
    expect(limitsFor(RULES, seniorAgent, 'refund_partial')).toEqual([roleLimit('agent', 'refund_partial', 5_000)]);
    expect(limitsFor(RULES, agentKey, 'goodwill')).toEqual([roleLimit('agent', 'goodwill', 2_000)]);
  });

  it('finds nothing for a type the role has no limit for', () => {
    expect(limitsFor(RULES, agent, 'credit_voucher')).toEqual([]);
  });
});

describe('authorityCovers', () => {
  it('covers up to and including the cap, not a minor unit more', () => {
    expect(authorityCovers(RULES, agent, goodwill(2_000))).toEqual({ covered: true });
    const above = authorityCovers(RULES, agent, goodwill(2_001));
    expect(above).toEqual({ covered: false, reason: '€20.01 of goodwill on this case is above the limit of €20.00' });
  });

  it("judges a user by their own limit, higher or lower than their role's", () => {
    expect(authorityCovers(RULES, seniorAgent, goodwill(6_000))).toEqual({ covered: true });
    expect(authorityCovers(RULES, seniorAgent, goodwill(6_001)).covered).toBe(false);
    const strict = [...RULES, userLimit('usr_junior', 'goodwill', 500)];
    expect(authorityCovers(strict, agent, goodwill(1_000)).covered).toBe(false);
  });

  it('prefers a limit in the resolution’s currency over one for any currency', () => {
    const rules = [roleLimit('agent', 'goodwill', 2_000), roleLimit('agent', 'goodwill', 500_000, 'JPY'), roleLimit('agent', 'goodwill', 1_000, 'GBP')];
    expect(authorityCovers(rules, agent, goodwill(100_000, 'JPY'))).toEqual({ covered: true });
    expect(authorityCovers(rules, agent, goodwill(1_500, 'GBP')).covered).toBe(false);
    expect(authorityCovers(rules, agent, goodwill(1_500, 'EUR'))).toEqual({ covered: true });
  });

  it('gives no authority in a currency when only other currencies have limits', () => {
    const rules = [roleLimit('agent', 'goodwill', 1_000, 'GBP')];
    expect(authorityCovers(rules, agent, goodwill(100, 'EUR'))).toEqual({ covered: false, reason: 'no authority for goodwill resolutions in EUR' });
  });

  it('gives no authority for a type without any limit', () => {
    expect(authorityCovers(RULES, agent, { type: 'credit_voucher', currency: 'EUR', totalMinor: 1 })).toEqual({
      covered: false,
      reason: 'no authority for credit or voucher resolutions',
    });
  });

  it('covers any amount under a limit without a cap, and resolutions without money', () => {
    expect(authorityCovers(RULES, agent, { type: 'repair', currency: 'EUR', totalMinor: 1_000_000 })).toEqual({ covered: true });
    expect(authorityCovers(RULES, agent, goodwill(null, null))).toEqual({ covered: true });
  });

  it('judges the total of the type on the case, which the caller passes in', () => {
    // Two goodwill gestures of 15.00 each on one case: each alone is within 20.00, together not.
    expect(authorityCovers(RULES, agent, goodwill(1_500))).toEqual({ covered: true });
    expect(authorityCovers(RULES, agent, goodwill(1_500 + 1_500)).covered).toBe(false);
  });
});
