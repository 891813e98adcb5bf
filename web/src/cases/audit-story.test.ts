import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/shared/index.js';
import { formatDateTime } from '../ui/format.js';
import { auditStory } from './audit-story.js';

const names = {
  userName: (id: string) => ({ usr_ana: 'Ana Agent', usr_ben: 'Ben Brown' })[id],
  teamName: (id: string) => ({ team_returns: 'Returns' })[id],
};

function anEvent(overrides: Partial<AuditEvent>): AuditEvent {
  return {
    seq: 1,
    occurredAt: '2026-11-26T09:00:00Z',
    actorType: 'user',
    actorId: 'usr_ana',
    actorName: 'Ana Agent',
    action: 'update',
    entityType: 'cases',
    entityId: 'cas_1',
    before: null,
    after: {},
    hash: 'h',
    ...overrides,
  };
}

describe('auditStory', () => {
  it('tells a status change and a hand-over in the agent’s words, from snake_case columns', () => {
    const story = auditStory(
      anEvent({ before: { status: 'new', assignee_id: 'usr_ana' }, after: { status: 'investigating', assignee_id: 'usr_ben' } }),
      names,
    );
    expect(story).toEqual({ actor: 'Ana Agent', lines: ['Status changed from New to Investigating', 'Assigned to Ben Brown'] });
  });

  it('names who a case was taken from when it is unassigned, and the team it moved to', () => {
    const story = auditStory(
      anEvent({ before: { assigneeId: 'usr_ben', teamId: null }, after: { assigneeId: null, teamId: 'team_returns' } }),
      names,
    );
    expect(story?.lines).toEqual(['Unassigned (was Ben Brown)', 'Moved to team Returns']);
  });

  it('leaves out bookkeeping columns and fields that did not change', () => {
    const story = auditStory(
      anEvent({ before: { priority: 'high', updated_at: 'a' }, after: { priority: 'high', updated_at: 'b' } }),
      names,
    );
    expect(story).toBeNull();
  });

  it('skips the creation of an interaction, which the timeline shows as the interaction itself', () => {
    expect(auditStory(anEvent({ action: 'create', entityType: 'interactions', after: { body: 'hi' } }), names)).toBeNull();
  });

  it('reads the opening of a case with its channel, and credits the system when no person acted', () => {
    const story = auditStory(
      anEvent({ action: 'create', actorType: 'system', actorName: null, after: { channel: 'in_person', status: 'new' } }),
      names,
    );
    expect(story).toEqual({ actor: 'Aftercare', lines: ['Case opened (In person)'] });
  });

  it('leaves status changes a transition already tells, and transitions and resolutions themselves, to the timeline', () => {
    const statusChange = anEvent({ before: { status: 'new' }, after: { status: 'acknowledged' } });
    const toldByTransition = (from: string, to: string) => from === 'new' && to === 'acknowledged';
    expect(auditStory(statusChange, names, toldByTransition)).toBeNull();
    expect(auditStory(statusChange, names)?.lines).toEqual(['Status changed from New to Acknowledged']);
    expect(auditStory(anEvent({ action: 'create', entityType: 'case_transitions', after: { event: 'acknowledge' } }), names)).toBeNull();
    expect(auditStory(anEvent({ entityType: 'resolutions', before: { status: 'proposed' }, after: { status: 'accepted' } }), names)).toBeNull();
  });

  it('tells an SLA breach with who was notified and what else was done, and leaves out the notifications themselves', () => {
    const story = auditStory(
      anEvent({
        action: 'create',
        actorType: 'system',
        actorName: null,
        entityType: 'sla_events',
        after: {
          target: 'first_response',
          kind: 'breach',
          due_at: '2026-11-26T10:45:00.000Z',
          actions_json: JSON.stringify(['notified usr_ana', 'notified usr_ben', 'priority raised to urgent', 'moved to team team_returns, unassigned']),
        },
      }),
      names,
    );
    expect(story).toEqual({
      actor: 'Aftercare',
      lines: [
        `SLA breached: first response, due ${formatDateTime('2026-11-26T10:45:00.000Z')}`,
        'Notified Ana Agent, Ben Brown',
        'Priority raised to Urgent',
        'Moved to team Returns, unassigned',
      ],
    });
    expect(auditStory(anEvent({ action: 'create', entityType: 'notifications', after: { title: 'SLA breached' } }), names)).toBeNull();
  });

  it('tells what was recorded for the complaint procedure', () => {
    const story = auditStory(
      anEvent({
        before: { concern: null, restatement: 'old', restatement_at: 'a', root_cause: null },
        after: { concern: 'It leaks', restatement: 'new', restatement_at: 'b', root_cause: 'product_quality' },
      }),
      names,
    );
    expect(story?.lines).toEqual(['Concern recorded', 'Restatement edited', 'Root cause set to Product quality']);
  });
});
