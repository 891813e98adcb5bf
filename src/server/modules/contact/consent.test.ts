import { describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../../shared/index.js';
import { consentDecision, consentStateFrom } from './consent.js';

let counter = 0;
function event(channel: ConsentEvent['channel'], purpose: ConsentEvent['purpose'], action: ConsentEvent['action'], occurredAt: string): ConsentEvent {
  counter++;
  return { id: `cev_${String(counter).padStart(4, '0')}`, customerId: 'cus_1', channel, purpose, action, source: 'web form', occurredAt, recordedAt: occurredAt, recordedBy: null };
}

describe('consent state', () => {
  it('allows service and survey contact and refuses marketing when nothing was recorded', () => {
    const state = consentStateFrom([]);
    expect(state.decisions).toHaveLength(9);
    expect(state.decisions.filter((d) => d.allowed).map((d) => `${d.channel}/${d.purpose}`)).toEqual([
      'email/service', 'sms/service', 'phone/service', 'email/survey', 'sms/survey', 'phone/survey',
    ]);
    expect(state.decisions.every((d) => d.decidedBy === null)).toBe(true);
    expect(state.optOuts).toEqual([]);
  });

  it('lets the latest event decide by when it happened, not when it was recorded', () => {
    const given = event('email', 'marketing', 'given', '2026-05-02T10:00:00.000Z');
    // Recorded later, but it happened before the consent was given.
    const olderWithdrawal = event('email', 'marketing', 'withdrawn', '2026-05-01T10:00:00.000Z');
    const state = consentStateFrom([given, olderWithdrawal]);
    expect(consentDecision(state, 'email', 'marketing')).toEqual({ channel: 'email', purpose: 'marketing', allowed: true, decidedBy: given });
    expect(consentDecision(state, 'sms', 'marketing').allowed).toBe(false);
  });

  it('takes an event on any for every channel, until a later one on a channel', () => {
    const optOut = event('any', 'survey', 'withdrawn', '2026-05-01T10:00:00.000Z');
    const smsBack = event('sms', 'survey', 'given', '2026-05-03T10:00:00.000Z');
    const state = consentStateFrom([optOut, smsBack]);
    expect(state.optOuts).toEqual(['survey']);
    expect(consentDecision(state, 'email', 'survey')).toMatchObject({ allowed: false, decidedBy: optOut });
    expect(consentDecision(state, 'sms', 'survey')).toMatchObject({ allowed: true, decidedBy: smsBack });
    const optInAgain = event('any', 'survey', 'given', '2026-05-04T10:00:00.000Z');
    const after = consentStateFrom([optOut, smsBack, optInAgain]);
    expect(after.optOuts).toEqual([]);
    expect(consentDecision(after, 'phone', 'survey')).toMatchObject({ allowed: true, decidedBy: optInAgain });
  });

  it('orders two events of the same instant as they were recorded', () => {
    const first = event('any', 'marketing', 'given', '2026-05-01T10:00:00.000Z');
    const second = event('any', 'marketing', 'withdrawn', '2026-05-01T10:00:00.000Z');
    expect(consentStateFrom([second, first]).optOuts).toEqual(['marketing']);
  });
});
