import { describe, expect, it } from 'vitest';
import type { SlaPolicy, Team } from '../../../src/shared/index.js';
import { actionsSummary, emptyPolicyDraft, matchSummary, minutesOf, policyDraftOf, policyPayload } from './sla-policy-form.js';

const teams = [{ id: 'team_billing', name: 'Billing' }, { id: 'team_it', name: 'IT' }] as Team[];

const policy: SlaPolicy = {
  id: 'slp_1',
  name: 'Gold complaints',
  position: 10,
  active: true,
  calendarId: 'cal_1',
  calendarName: 'UK desk',
  match: { kinds: ['complaint'], priorities: [], tiers: ['gold', 'platinum'], channels: [], requestingTeamIds: [] },
  firstResponseMinutes: 90,
  nextResponseMinutes: null,
  resolutionMinutes: 960,
  pauseStatuses: ['awaiting_customer'],
  warnPercent: 80,
  warnBeforeMinutes: 30,
  warningActions: { notifyAssignee: true, notifyTeamLead: false, raisePriority: false, reassignTeamId: null },
  breachActions: { notifyAssignee: true, notifyTeamLead: true, raisePriority: true, reassignTeamId: 'team_billing' },
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe('minutesOf', () => {
  it('reads minutes and hours, decimals of an hour included', () => {
    expect(minutesOf({ amount: '45', unit: 'minutes' })).toBe(45);
    expect(minutesOf({ amount: '1.5', unit: 'hours' })).toBe(90);
    expect(minutesOf({ amount: '', unit: 'hours' })).toBeNull();
    expect(minutesOf({ amount: '0', unit: 'hours' })).toBeUndefined();
    expect(minutesOf({ amount: '1.25', unit: 'minutes' })).toBeUndefined();
    expect(minutesOf({ amount: 'two', unit: 'hours' })).toBeUndefined();
  });
});

describe('the SLA policy form', () => {
  it('round-trips a policy: whole hours in hours, the rest in minutes', () => {
    const draft = policyDraftOf(policy);
    expect(draft.firstResponse).toEqual({ amount: '90', unit: 'minutes' });
    expect(draft.resolution).toEqual({ amount: '16', unit: 'hours' });
    const { payload } = policyPayload(draft);
    const { id, calendarName, createdAt, updatedAt, ...saved } = policy;
    expect(payload).toEqual(saved);
  });

  it('asks for at least one target and names a duration it cannot read', () => {
    expect(policyPayload({ ...emptyPolicyDraft('cal_1'), name: 'x' }).problems).toEqual({
      targets: 'set at least one target: first response, next response or resolution',
    });
    const problems = policyPayload({ ...emptyPolicyDraft('cal_1'), resolution: { amount: '-3', unit: 'hours' }, warnPercent: '120' }).problems;
    expect(Object.keys(problems ?? {}).sort()).toEqual(['resolutionMinutes', 'warnPercent']);
  });

  it('leaves the position out when empty, so the server puts the policy last', () => {
    const { payload } = policyPayload({ ...emptyPolicyDraft('cal_1'), resolution: { amount: '8', unit: 'hours' } });
    expect(payload).not.toHaveProperty('position');
    expect(payload?.resolutionMinutes).toBe(480);
  });
});

describe('summaries', () => {
  it('say what a policy matches and does in words', () => {
    expect(matchSummary(policy.match, teams)).toBe('Complaint · Gold or Platinum customers');
    expect(matchSummary({ kinds: [], priorities: ['high', 'low', 'normal'], tiers: [], channels: [], requestingTeamIds: ['team_it'] }, teams)).toBe(
      'Low, Normal or High priority · raised by IT',
    );
    expect(matchSummary({ kinds: [], priorities: [], tiers: [], channels: ['phone'], requestingTeamIds: ['team_it'] }, teams)).toBe('Came in by Phone · raised by IT');
    expect(matchSummary({ kinds: [], priorities: [], tiers: [], channels: [], requestingTeamIds: [] }, teams)).toBe('Every case');
    expect(actionsSummary(policy.breachActions, teams)).toBe('Notify the assignee and the team lead, raise the priority, move to Billing, unassigned');
    expect(actionsSummary(policy.warningActions, teams)).toBe('Notify the assignee');
  });
});
