import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../../../shared/index.js';
import type { AuditChange } from '../audit/audit.store.js';
import { eventsOfChanges, webhookPayload } from './webhook-events.js';

const ALL = new Set<WebhookEventType>(WEBHOOK_EVENTS);
const created = (entityType: string, entityId: string, after: Record<string, unknown>): AuditChange => ({ action: 'create', entityType, entityId, before: null, after });
const updated = (entityType: string, entityId: string, before: Record<string, unknown>, after: Record<string, unknown>): AuditChange => ({
  action: 'update',
  entityType,
  entityId,
  before,
  after,
});

describe('eventsOfChanges', () => {
  it('turns a new case into case.created and its status change into case.status_changed, in order', () => {
    const changes = [
      created('cases', 'case_1', { id: 'case_1', status: 'new' }),
      created('interactions', 'int_1', { case_id: 'case_1' }),
      updated('cases', 'case_1', { status: 'new' }, { status: 'acknowledged' }),
    ];
    expect(eventsOfChanges(changes, ALL)).toEqual([
      { type: 'case.created', entityType: 'cases', entityId: 'case_1' },
      { type: 'case.status_changed', entityType: 'cases', entityId: 'case_1', from: 'new', to: 'acknowledged' },
    ]);
  });

  it('ignores case changes that leave the status alone', () => {
    expect(eventsOfChanges([updated('cases', 'case_1', { priority: 'normal' }, { priority: 'high' })], ALL)).toEqual([]);
  });

  it('maps follow-up statuses: scheduled, sent, done or answered as completed, failed; nothing for the rest', () => {
    const changes = [
      created('follow_ups', 'fu_1', { status: 'scheduled' }),
      created('follow_ups', 'fu_2', { status: 'skipped' }),
      updated('follow_ups', 'fu_1', { status: 'scheduled' }, { status: 'due' }),
      updated('follow_ups', 'fu_1', { status: 'due' }, { status: 'sent' }),
      updated('follow_ups', 'fu_1', { status: 'sent' }, { status: 'answered' }),
      updated('follow_ups', 'fu_3', { status: 'due' }, { status: 'done' }),
      updated('follow_ups', 'fu_4', { status: 'due' }, { status: 'failed' }),
      updated('follow_ups', 'fu_5', { status: 'scheduled' }, { status: 'cancelled' }),
      updated('follow_ups', 'fu_6', { scheduled_for: 'a' }, { scheduled_for: 'b' }),
    ];
    expect(eventsOfChanges(changes, ALL).map((e) => [e.type, e.entityId, 'from' in e ? e.from : undefined])).toEqual([
      ['follow_up.scheduled', 'fu_1', null],
      ['follow_up.sent', 'fu_1', 'due'],
      ['follow_up.completed', 'fu_1', 'sent'],
      ['follow_up.completed', 'fu_3', 'due'],
      ['follow_up.failed', 'fu_4', 'due'],
    ]);
  });

  it('keeps only the events someone subscribed to', () => {
    const changes = [created('cases', 'case_1', { status: 'new' }), updated('cases', 'case_1', { status: 'new' }, { status: 'acknowledged' })];
    expect(eventsOfChanges(changes, new Set(['case.status_changed'] as const)).map((e) => e.type)).toEqual(['case.status_changed']);
    expect(eventsOfChanges(changes, new Set())).toEqual([]);
  });

  it('produces nothing for deletions or other tables', () => {
    expect(eventsOfChanges([{ action: 'delete', entityType: 'cases', entityId: 'case_1', before: { status: 'new' }, after: {} }], ALL)).toEqual([]);
    expect(eventsOfChanges([created('customers', 'cus_1', { status: 'new' })], ALL)).toEqual([]);
  });
});

describe('webhookPayload', () => {
  const meta = { id: 'evt_1', occurredAt: '2026-11-26T09:30:00.000Z' };

  it('carries the case as data.case', () => {
    expect(webhookPayload({ type: 'case.created', entityType: 'cases', entityId: 'case_1' }, { id: 'case_1', number: 'C-1' }, meta)).toEqual({
      id: 'evt_1',
      type: 'case.created',
      occurredAt: meta.occurredAt,
      data: { case: { id: 'case_1', number: 'C-1' } },
    });
  });

  it('adds from and to to status events', () => {
    const fact = { type: 'follow_up.scheduled', entityType: 'follow_ups', entityId: 'fu_1', from: null, to: 'scheduled' } as const;
    expect(webhookPayload(fact, { id: 'fu_1' }, meta).data).toEqual({ followUp: { id: 'fu_1' }, from: null, to: 'scheduled' });
  });
});
