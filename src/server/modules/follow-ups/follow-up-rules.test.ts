import { describe, expect, it } from 'vitest';
import type { FollowUpRuleConditions } from '../../../shared/index.js';
import { FOLLOW_UP_PURPOSES, TRIGGER_PURPOSES } from '../../../shared/index.js';
import {
  channelsFor,
  decideOutcome,
  followUpsToSchedule,
  isCapExempt,
  purposeFitsCase,
  ruleProblem,
  sampledIn,
  subjectFromSummary,
  type OutcomeInput,
  type RuleForMatching,
} from './follow-up-rules.js';

const NO_CONDITIONS: FollowUpRuleConditions = { kinds: [], minTotalMinor: null, currency: null, notWithinDays: null, sampleOneIn: null };
const rule = (overrides: Partial<RuleForMatching> & Pick<RuleForMatching, 'trigger' | 'purpose'>): RuleForMatching => ({
  id: `fur_${overrides.purpose}`,
  active: true,
  delayMinutes: 0,
  channel: null,
  ...overrides,
  conditions: { ...NO_CONDITIONS, ...overrides.conditions },
});
const DAY = 24 * 60;
const AT = '2026-11-26T10:00:00.000Z';
const daysAfter = (days: number) => new Date(Date.parse(AT) + days * DAY * 60_000).toISOString();

describe('followUpsToSchedule', () => {
  const confirm = rule({ trigger: 'case_awaiting_customer', purpose: 'confirm_resolution', delayMinutes: 2 * DAY });
  const satisfaction = rule({ trigger: 'case_resolved', purpose: 'satisfaction_check', delayMinutes: 3 * DAY, channel: 'email' });
  const checkin = rule({
    trigger: 'order_delivered',
    purpose: 'post_purchase_checkin',
    delayMinutes: 7 * DAY,
    conditions: { ...NO_CONDITIONS, minTotalMinor: 10_000, currency: 'EUR', notWithinDays: 30 },
  });
  const rules = [confirm, satisfaction, checkin];

  it('schedules the rule of the trigger, its delay after the event, with its channel', () => {
    expect(followUpsToSchedule(rules, { trigger: 'case_awaiting_customer', at: AT, subjectId: 'case_1', caseKind: 'complaint' }, [])).toEqual([
      { ruleId: confirm.id, purpose: 'confirm_resolution', channel: null, dueAt: daysAfter(2) },
    ]);
    expect(followUpsToSchedule(rules, { trigger: 'case_resolved', at: AT, subjectId: 'case_1', caseKind: 'query' }, [])).toEqual([
      { ruleId: satisfaction.id, purpose: 'satisfaction_check', channel: 'email', dueAt: daysAfter(3) },
    ]);
  });

  it('skips inactive rules and case kinds a rule does not name', () => {
    expect(followUpsToSchedule([{ ...confirm, active: false }], { trigger: 'case_awaiting_customer', at: AT, subjectId: 'case_1', caseKind: 'complaint' }, [])).toEqual([]);
    const complaintsOnly = { ...confirm, conditions: { ...NO_CONDITIONS, kinds: ['complaint' as const] } };
    expect(followUpsToSchedule([complaintsOnly], { trigger: 'case_awaiting_customer', at: AT, subjectId: 'case_1', caseKind: 'query' }, [])).toEqual([]);
    expect(followUpsToSchedule([complaintsOnly], { trigger: 'case_awaiting_customer', at: AT, subjectId: 'case_1', caseKind: 'complaint' }, [])).toHaveLength(1);
  });

  it('checks in on orders at or over the threshold in its currency only', () => {
    const delivered = (totalMinor: number, currency = 'EUR') => followUpsToSchedule(rules, { trigger: 'order_delivered', at: AT, subjectId: 'txn_1', totalMinor, currency }, []);
    expect(delivered(10_000)).toEqual([{ ruleId: checkin.id, purpose: 'post_purchase_checkin', channel: null, dueAt: daysAfter(7) }]);
    expect(delivered(25_000)).toHaveLength(1);
    expect(delivered(9_999)).toEqual([]);
    expect(delivered(25_000, 'GBP')).toEqual([]);
  });

  it('does not ask the same customer the same thing twice within the window, on either side', () => {
    const delivered = { trigger: 'order_delivered' as const, at: AT, subjectId: 'txn_1', totalMinor: 20_000, currency: 'EUR' };
    expect(followUpsToSchedule(rules, delivered, [{ purpose: 'post_purchase_checkin', at: daysAfter(-22) }])).toEqual([]);
    expect(followUpsToSchedule(rules, delivered, [{ purpose: 'post_purchase_checkin', at: daysAfter(36) }])).toEqual([]);
    expect(followUpsToSchedule(rules, delivered, [{ purpose: 'post_purchase_checkin', at: daysAfter(-23) }])).toHaveLength(1);
    expect(followUpsToSchedule(rules, delivered, [{ purpose: 'satisfaction_check', at: daysAfter(7) }])).toHaveLength(1);
  });

  it('lets the first of two rules with the same purpose and window win', () => {
    const second = { ...checkin, id: 'fur_second', delayMinutes: 8 * DAY };
    const planned = followUpsToSchedule([checkin, second], { trigger: 'order_delivered', at: AT, subjectId: 'txn_1', totalMinor: 20_000, currency: 'EUR' }, []);
    expect(planned.map((p) => p.ruleId)).toEqual([checkin.id]);
  });

  const survey = rule({ trigger: 'case_resolved', purpose: 'survey', delayMinutes: DAY });
  const resolved = (caseId: string) => ({ trigger: 'case_resolved' as const, at: AT, subjectId: caseId, caseKind: 'complaint' });

  it('keeps surveys to the desk’s window whichever rule asks, beside each rule’s own', () => {
    const windows = { survey: 30 };
    expect(followUpsToSchedule([survey], resolved('case_1'), [{ purpose: 'survey', at: daysAfter(-20) }], windows)).toEqual([]);
    expect(followUpsToSchedule([survey], resolved('case_1'), [{ purpose: 'survey', at: daysAfter(-40) }], windows)).toHaveLength(1);
    expect(followUpsToSchedule([survey], resolved('case_1'), [{ purpose: 'survey', at: daysAfter(-20) }], { survey: 0 })).toHaveLength(1);
    const second = { ...survey, id: 'fur_second_survey', delayMinutes: 2 * DAY };
    expect(followUpsToSchedule([survey, second], resolved('case_1'), [], windows).map((p) => p.ruleId)).toEqual([survey.id]);
  });

  it('samples 1 in N by the case, the same way every time it is asked', () => {
    const sampled = { ...survey, conditions: { ...survey.conditions, sampleOneIn: 4 } };
    const picked = Array.from({ length: 2000 }, (_, i) => `case_${i}`).filter((id) => followUpsToSchedule([sampled], resolved(id), []).length === 1);
    expect(picked.length).toBeGreaterThan(400);
    expect(picked.length).toBeLessThan(600);
    for (const id of picked.slice(0, 50)) expect(followUpsToSchedule([sampled], resolved(id), [])).toHaveLength(1);
    expect(Array.from({ length: 200 }, (_, i) => sampledIn('fur_a', `case_${i}`, 4))).toEqual(Array.from({ length: 200 }, (_, i) => sampledIn('fur_a', `case_${i}`, 4)));
    expect(sampledIn('fur_a', 'case_1', null)).toBe(true);
    expect(sampledIn('fur_a', 'case_1', 1)).toBe(true);
  });
});

describe('ruleProblem', () => {
  type Draft = Parameters<typeof ruleProblem>[0];
  const valid: Draft = { trigger: 'order_delivered', purpose: 'post_purchase_checkin', channel: null, conditions: NO_CONDITIONS };
  const problem = (overrides: Partial<Draft>) => {
    const r = { ...valid, ...overrides };
    return ruleProblem(r, TRIGGER_PURPOSES[r.trigger])?.field ?? null;
  };
  it('accepts a rule whose parts fit together', () => {
    expect(problem({})).toBeNull();
    expect(problem({ conditions: { ...NO_CONDITIONS, minTotalMinor: 100, currency: 'EUR' } })).toBeNull();
  });
  it('names the field that does not fit', () => {
    expect(problem({ purpose: 'confirm_resolution' })).toBe('purpose');
    expect(problem({ trigger: 'case_resolved', purpose: 'survey', channel: 'phone' })).toBe('channel');
    expect(problem({ conditions: { ...NO_CONDITIONS, kinds: ['complaint'] } })).toBe('conditions.kinds');
    expect(problem({ trigger: 'case_resolved', purpose: 'satisfaction_check', conditions: { ...NO_CONDITIONS, minTotalMinor: 100, currency: 'EUR' } })).toBe('conditions.minTotalMinor');
    expect(problem({ conditions: { ...NO_CONDITIONS, minTotalMinor: 100 } })).toBe('conditions.currency');
    expect(problem({ conditions: { ...NO_CONDITIONS, currency: 'EUR' } })).toBe('conditions.minTotalMinor');
    expect(problem({ conditions: { ...NO_CONDITIONS, sampleOneIn: 5 } })).toBe('conditions.sampleOneIn');
    expect(problem({ purpose: 'survey', conditions: { ...NO_CONDITIONS, sampleOneIn: 5 } })).toBeNull();
  });
});

describe('which purposes fit which case, and what the cap holds back', () => {
  it('asks for confirmation only while the customer is asked, for satisfaction only once resolved', () => {
    expect(purposeFitsCase('confirm_resolution', 'awaiting_customer')).toBe(true);
    expect(purposeFitsCase('confirm_resolution', 'investigating')).toBe(false);
    expect(purposeFitsCase('confirm_resolution', 'closed')).toBe(false);
    expect(purposeFitsCase('satisfaction_check', 'resolved')).toBe(true);
    expect(purposeFitsCase('satisfaction_check', 'investigating')).toBe(false);
    expect(purposeFitsCase('callback', 'new')).toBe(true);
    for (const purpose of FOLLOW_UP_PURPOSES) expect(purposeFitsCase(purpose, null)).toBe(true);
  });
  it('exempts service follow-ups about open cases from the cap, not check-ins or surveys', () => {
    expect(isCapExempt('confirm_resolution', 'awaiting_customer')).toBe(true);
    expect(isCapExempt('satisfaction_check', 'resolved')).toBe(true);
    expect(isCapExempt('satisfaction_check', 'closed')).toBe(false);
    expect(isCapExempt('survey', 'resolved')).toBe(false);
    expect(isCapExempt('post_purchase_checkin', null)).toBe(false);
    expect(isCapExempt('callback', null)).toBe(false);
  });
  it('calls back by phone and surveys in writing', () => {
    expect(channelsFor('callback')).toEqual(['phone']);
    expect(channelsFor('survey')).not.toContain('phone');
    expect(channelsFor('confirm_resolution')).toEqual(['email', 'sms', 'phone']);
  });
});

describe('decideOutcome', () => {
  const call = (overrides: Partial<OutcomeInput> = {}, followUp: Partial<OutcomeInput['followUp']> = {}): OutcomeInput => ({
    outcome: 'satisfied',
    summary: 'Works fine now, thanks.',
    followUp: { purpose: 'confirm_resolution', channel: 'phone', status: 'due', attempts: 0, ...followUp },
    caseStatus: 'awaiting_customer',
    replyOnCase: false,
    unreachableAttempts: 3,
    ...overrides,
  });

  it('on a call, satisfied logs the answer as an inbound contact confirming the resolution, which resolves the case', () => {
    expect(decideOutcome(call())).toEqual({
      ok: true,
      contact: { kind: 'log', contact: { direction: 'inbound', marks: ['resolution_confirmed'], body: 'Works fine now, thanks.' } },
      caseEvent: 'customer_confirmed',
      linkedCaseSubject: null,
      followUp: { status: 'done', outcome: 'satisfied', attempts: 0 },
      retry: false,
    });
  });

  it('needs a summary before a call task can close', () => {
    for (const outcome of ['satisfied', 'further_needs', 'no_answer'] as const) {
      expect(decideOutcome(call({ outcome, summary: '  ' }))).toMatchObject({ ok: false, status: 400, field: 'summary' });
    }
  });

  it('a satisfied answer to another question is logged without confirming anything', () => {
    const decision = decideOutcome(call({ caseStatus: 'resolved' }, { purpose: 'satisfaction_check' }));
    expect(decision).toMatchObject({ ok: true, caseEvent: null, contact: { kind: 'log', contact: { marks: [] } }, followUp: { status: 'done' } });
  });

  it('marks the reply that came in by email rather than logging a second inbound contact', () => {
    const replied = call({ summary: null, replyOnCase: true }, { channel: 'email', status: 'answered' });
    expect(decideOutcome(replied)).toMatchObject({ ok: true, contact: { kind: 'mark_reply', marks: ['resolution_confirmed'] }, caseEvent: 'customer_confirmed' });
    const noReply = call({ summary: null }, { channel: 'email', status: 'sent' });
    expect(decideOutcome(noReply)).toMatchObject({ ok: false, status: 400, field: 'summary' });
    expect(decideOutcome({ ...noReply, summary: 'She rang to say it works.' })).toMatchObject({ ok: true, contact: { kind: 'log' }, caseEvent: 'customer_confirmed' });
  });

  it('further needs opens a linked case titled from the first line of the summary', () => {
    const decision = decideOutcome(call({ outcome: 'further_needs', summary: 'Wants the matching toaster\nAsked for a quote.' }));
    expect(decision).toMatchObject({ ok: true, linkedCaseSubject: 'Wants the matching toaster', caseEvent: null, followUp: { status: 'done', outcome: 'further_needs' } });
    expect(decideOutcome(call({ outcome: 'further_needs', summary: null, replyOnCase: true }, { channel: 'email', status: 'answered' }))).toMatchObject({ ok: false, field: 'summary' });
    expect(subjectFromSummary('x'.repeat(300))).toHaveLength(120);
  });

  it('a call nobody answered is a documented failed attempt, tried again until the last attempt, which resolves an awaiting case', () => {
    const first = decideOutcome(call({ outcome: 'no_answer', summary: 'Rang, voicemail.' }));
    expect(first).toEqual({
      ok: true,
      contact: { kind: 'log', contact: { direction: 'outbound', marks: ['failed_attempt'], body: 'Rang, voicemail.' } },
      caseEvent: null,
      linkedCaseSubject: null,
      followUp: { status: 'scheduled', outcome: null, attempts: 1 },
      retry: true,
    });
    const last = decideOutcome(call({ outcome: 'no_answer', summary: 'No answer again.' }, { attempts: 2 }));
    expect(last).toMatchObject({ ok: true, caseEvent: 'customer_unreachable', followUp: { status: 'done', outcome: 'no_answer', attempts: 3 }, retry: false });
    const checkin = decideOutcome(call({ outcome: 'no_answer', summary: 'No answer.', caseStatus: 'resolved' }, { purpose: 'satisfaction_check', attempts: 2 }));
    expect(checkin).toMatchObject({ ok: true, caseEvent: null, followUp: { status: 'done' } });
  });

  it('an unanswered message is one failed attempt, not sent again; a replied one cannot be unanswered', () => {
    const unanswered = decideOutcome(call({ outcome: 'no_answer', summary: null }, { channel: 'email', status: 'sent' }));
    expect(unanswered).toMatchObject({ ok: true, retry: false, followUp: { status: 'done', attempts: 1 }, contact: { kind: 'log', contact: { marks: ['failed_attempt'] } } });
    expect(decideOutcome(call({ outcome: 'no_answer', summary: null }, { channel: 'email', status: 'answered' }))).toMatchObject({ ok: false, status: 409, field: 'outcome' });
  });

  it('takes outcomes only when the contact has happened', () => {
    expect(decideOutcome(call({}, { status: 'scheduled' }))).toMatchObject({ ok: false, status: 409, field: 'outcome' });
    expect(decideOutcome(call({}, { channel: 'email', status: 'due' }))).toMatchObject({ ok: false, status: 409 });
    expect(decideOutcome(call({}, { status: 'done' }))).toMatchObject({ ok: false, status: 409 });
  });

  it('about no case, logs nothing on a case and keeps the summary on the follow-up', () => {
    const decision = decideOutcome(call({ caseStatus: null }, { purpose: 'post_purchase_checkin' }));
    expect(decision).toMatchObject({ ok: true, contact: { kind: 'none' }, caseEvent: null });
  });
});
