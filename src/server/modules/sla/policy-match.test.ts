import { describe, expect, it } from 'vitest';
import type { SlaMatch } from '../../../shared/index.js';
import { matchSlaPolicy, type MatchablePolicy, type SlaCaseFacts } from './policy-match.js';

const ANY: SlaMatch = { kinds: [], priorities: [], tiers: [], channels: [], requestingTeamIds: [] };

function policy(name: string, position: number, match: Partial<SlaMatch> = {}, active = true): MatchablePolicy {
  return { name, position, active, match: { ...ANY, ...match } };
}

const FACTS: SlaCaseFacts = { kind: 'complaint', priority: 'normal', tier: 'standard', channel: 'email', requestingTeamId: null };
const facts = (overrides: Partial<SlaCaseFacts> = {}): SlaCaseFacts => ({ ...FACTS, ...overrides });
const nameOf = (policies: MatchablePolicy[], f: SlaCaseFacts) => matchSlaPolicy(policies, f)?.policy.name ?? null;

describe('matchSlaPolicy', () => {
  it('finds nothing without policies, or when none admits the case', () => {
    expect(matchSlaPolicy([], FACTS)).toBeNull();
    expect(matchSlaPolicy([policy('Urgent', 0, { priorities: ['urgent'] })], FACTS)).toBeNull();
  });

  it('takes the first by position, not by the order it was given in', () => {
    const policies = [policy('Later', 20), policy('Catch-all first', 10), policy('Last', 30)];
    expect(nameOf(policies, FACTS)).toBe('Catch-all first');
  });

  it('skips inactive policies', () => {
    const policies = [policy('Retired', 0, {}, false), policy('Current', 10)];
    expect(matchSlaPolicy(policies, FACTS)).toMatchObject({ policy: { name: 'Current' }, because: 'first policy in order; applies to every case' });
  });

  it('tries specific policies before a catch-all placed after them', () => {
    const policies = [policy('Urgent', 0, { priorities: ['urgent'] }), policy('Gold', 10, { tiers: ['gold'] }), policy('Everything else', 20)];
    expect(nameOf(policies, facts({ priority: 'urgent', tier: 'gold' }))).toBe('Urgent');
    expect(nameOf(policies, facts({ tier: 'gold' }))).toBe('Gold');
    expect(nameOf(policies, facts())).toBe('Everything else');
  });

  describe('each criterion admits only the listed values; an empty one admits all', () => {
    const cases: [keyof SlaMatch, string[], Partial<SlaCaseFacts>, Partial<SlaCaseFacts>][] = [
      ['kinds', ['return', 'fault'], { kind: 'fault' }, { kind: 'query' }],
      ['priorities', ['high', 'urgent'], { priority: 'high' }, { priority: 'low' }],
      ['tiers', ['platinum'], { tier: 'platinum' }, { tier: 'gold' }],
      ['channels', ['phone', 'chat'], { channel: 'chat' }, { channel: 'email' }],
      ['requestingTeamIds', ['team_billing', 'team_stores'], { requestingTeamId: 'team_stores' }, { requestingTeamId: 'team_warehouse' }],
    ];
    for (const [criterion, allowed, admitted, refused] of cases) {
      it(criterion, () => {
        const policies = [policy('Specific', 0, { [criterion]: allowed })];
        expect(nameOf(policies, facts(admitted))).toBe('Specific');
        expect(nameOf(policies, facts(refused))).toBeNull();
      });
    }

    it('a case raised by no department never matches an internal SLA', () => {
      expect(nameOf([policy('Internal', 0, { requestingTeamIds: ['team_billing'] })], facts({ requestingTeamId: null }))).toBeNull();
      expect(nameOf([policy('External', 0, { channels: ['email'] })], facts({ requestingTeamId: 'team_billing' }))).toBe('External');
    });

    it('every criterion set must admit the case', () => {
      const strict = [policy('Gold phone complaints', 0, { kinds: ['complaint'], tiers: ['gold'], channels: ['phone'] })];
      expect(nameOf(strict, facts({ tier: 'gold', channel: 'phone' }))).toBe('Gold phone complaints');
      expect(nameOf(strict, facts({ tier: 'gold', channel: 'email' }))).toBeNull();
      expect(nameOf(strict, facts({ tier: 'silver', channel: 'phone' }))).toBeNull();
      expect(nameOf(strict, facts({ kind: 'query', tier: 'gold', channel: 'phone' }))).toBeNull();
    });
  });

  describe('the reason, in words', () => {
    it('says a catch-all applies to every case', () => {
      expect(matchSlaPolicy([policy('All', 0)], FACTS)?.because).toBe('first policy in order; applies to every case');
    });

    it('names each criterion with the case’s value, in words', () => {
      const everything = policy('Everything', 0, {
        kinds: ['complaint'],
        priorities: ['urgent'],
        tiers: ['gold'],
        channels: ['in_person'],
        requestingTeamIds: ['team_stores'],
      });
      expect(matchSlaPolicy([everything], facts({ priority: 'urgent', tier: 'gold', channel: 'in_person', requestingTeamId: 'team_stores' }))?.because).toBe(
        'first policy in order; matches kind complaint, priority urgent, customer tier gold, channel in person, requesting department',
      );
    });

    it('counts the active policies before it that did not match', () => {
      const policies = [
        policy('Urgent', 0, { priorities: ['urgent'] }),
        policy('Switched off', 5, {}, false),
        policy('Phone', 10, { channels: ['phone'] }),
        policy('High', 20, { priorities: ['high'] }),
      ];
      expect(matchSlaPolicy(policies, facts({ priority: 'high' }))).toMatchObject({
        policy: { name: 'High' },
        because: 'first policy in order to match (2 before it did not); matches priority high',
      });
      expect(matchSlaPolicy(policies, facts({ priority: 'urgent' }))?.because).toBe('first policy in order; matches priority urgent');
    });

    it('names the department criterion without an id', () => {
      const internal = [policy('Internal', 0, { requestingTeamIds: ['team_billing'] })];
      expect(matchSlaPolicy(internal, facts({ requestingTeamId: 'team_billing' }))?.because).toBe('first policy in order; matches requesting department');
    });
  });
});
