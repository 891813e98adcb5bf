import type { WebhookEventType } from '../../../shared/index.js';
import type { FollowUpRow } from '../../platform/db/schema.js';
import type { AuditChange } from '../audit/audit.store.js';

/** An event the changes of a unit of work produced, before its payload is built from the current row. */
export type EventFact =
  | { type: 'case.created'; entityType: 'cases'; entityId: string }
  | { type: 'case.status_changed'; entityType: 'cases'; entityId: string; from: string; to: string }
  | {
      type: 'follow_up.scheduled' | 'follow_up.sent' | 'follow_up.completed' | 'follow_up.failed';
      entityType: 'follow_ups';
      entityId: string;
      from: string | null;
      to: string;
    };

type FollowUpEvent = Extract<EventFact, { entityType: 'follow_ups' }>['type'];

// A follow-up is complete once its outcome is recorded or the customer answered; `due`, `cancelled`
// and `skipped` are bookkeeping an integrator does not act on.
const FOLLOW_UP_EVENT_OF_STATUS: Partial<Record<string, FollowUpEvent>> = {
  scheduled: 'follow_up.scheduled',
  sent: 'follow_up.sent',
  done: 'follow_up.completed',
  answered: 'follow_up.completed',
  failed: 'follow_up.failed',
};

/** The tables whose changes may produce events: a unit of work touching none of them produces none. */
export const EVENT_SOURCES: ReadonlySet<string> = new Set(['cases', 'follow_ups']);

const statusOf = (values: Record<string, unknown> | null): string | null => (typeof values?.status === 'string' ? values.status : null);

/** The events of these changes, in the order they happened, keeping only those someone subscribed to. */
export function eventsOfChanges(changes: readonly AuditChange[], subscribed: ReadonlySet<WebhookEventType>): EventFact[] {
  const facts: EventFact[] = [];
  for (const change of changes) {
    if (change.action === 'delete') continue;
    const to = statusOf(change.after);
    if (change.entityType === 'cases') {
      if (change.action === 'create') facts.push({ type: 'case.created', entityType: 'cases', entityId: change.entityId });
      else if (to !== null) facts.push({ type: 'case.status_changed', entityType: 'cases', entityId: change.entityId, from: statusOf(change.before) ?? to, to });
    } else if (change.entityType === 'follow_ups' && to !== null) {
      const type = FOLLOW_UP_EVENT_OF_STATUS[to];
      if (type) facts.push({ type, entityType: 'follow_ups', entityId: change.entityId, from: change.action === 'create' ? null : statusOf(change.before), to });
    }
  }
  return facts.filter((fact) => subscribed.has(fact.type));
}

/** What every delivery's body is: one event, with the resource as it stands when the change commits. */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType | 'ping';
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * The payload of an event: `data.case` or `data.followUp` is the resource (camelCase, as the API
 * answers it); status events add `from` and `to`, so a receiver need not remember the last status.
 */
export function webhookPayload(fact: EventFact, resource: Record<string, unknown>, meta: { id: string; occurredAt: string }): WebhookPayload {
  const key = fact.entityType === 'cases' ? 'case' : 'followUp';
  const transition = 'to' in fact ? { from: fact.from, to: fact.to } : {};
  return { id: meta.id, type: fact.type, occurredAt: meta.occurredAt, data: { [key]: resource, ...transition } };
}

/**
 * A follow-up as an event carries it: its own fields, camelCase; free text (note, outcome summary)
 * stays in Aftercare, where a receiver with an API key can read it.
 */
export function followUpResource(row: FollowUpRow): Record<string, unknown> {
  return {
    id: row.id,
    customerId: row.customer_id,
    caseId: row.case_id,
    transactionId: row.transaction_id,
    ruleId: row.rule_id,
    purpose: row.purpose,
    status: row.status,
    channel: row.channel,
    dueAt: row.due_at,
    scheduledFor: row.scheduled_for,
    assigneeId: row.assignee_id,
    attempts: Number(row.attempts),
    outcome: row.outcome,
    skipReason: row.skip_reason,
    failureReason: row.failure_reason,
    linkedCaseId: row.linked_case_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
  };
}
