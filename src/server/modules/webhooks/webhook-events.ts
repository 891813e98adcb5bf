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
    }
  | { type: 'survey.invited'; entityType: 'survey_invitations'; entityId: string; resource: Record<string, unknown> }
  | { type: 'survey.answered'; entityType: 'survey_responses'; entityId: string; resource: Record<string, unknown> };

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
export const EVENT_SOURCES: ReadonlySet<string> = new Set(['cases', 'follow_ups', 'survey_invitations', 'survey_responses']);

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
    } else if (change.action === 'create' && change.entityType === 'survey_invitations') {
      // Written once and never changed but for the answer: the row as created is the resource.
      facts.push({ type: 'survey.invited', entityType: 'survey_invitations', entityId: change.entityId, resource: surveyInvitationResource(change.after) });
    } else if (change.action === 'create' && change.entityType === 'survey_responses') {
      facts.push({ type: 'survey.answered', entityType: 'survey_responses', entityId: change.entityId, resource: surveyResponseResource(change.after) });
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

const PAYLOAD_KEY: Record<EventFact['entityType'], string> = {
  cases: 'case',
  follow_ups: 'followUp',
  survey_invitations: 'surveyInvitation',
  survey_responses: 'surveyResponse',
};

/**
 * The payload of an event: `data.case` or `data.followUp` is the resource (camelCase, as the API
 * answers it); status events add `from` and `to`, so a receiver need not remember the last status.
 */
export function webhookPayload(fact: EventFact, resource: Record<string, unknown>, meta: { id: string; occurredAt: string }): WebhookPayload {
  const key = PAYLOAD_KEY[fact.entityType];
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

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** A survey invitation as an event carries it; the link itself is the customer's and is not sent on. */
function surveyInvitationResource(row: Record<string, unknown>): Record<string, unknown> {
  return {
    id: row.id,
    customerId: row.customer_id,
    caseId: row.case_id,
    transactionId: row.transaction_id,
    followUpId: row.follow_up_id,
    ruleId: row.rule_id,
    questions: JSON.parse(String(row.questions_json)) as unknown,
    language: row.language,
    agentId: row.agent_id,
    teamId: row.team_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** A survey response as an event carries it: the scores; the comment, free text, stays in Aftercare. */
function surveyResponseResource(row: Record<string, unknown>): Record<string, unknown> {
  return {
    id: row.id,
    invitationId: row.invitation_id,
    customerId: row.customer_id,
    caseId: row.case_id,
    csat: numberOrNull(row.csat),
    nps: numberOrNull(row.nps),
    ces: numberOrNull(row.ces),
    hasComment: row.comment !== null && row.comment !== undefined,
    sentiment: numberOrNull(row.sentiment),
    language: row.language,
    agentId: row.agent_id,
    teamId: row.team_id,
    submittedAt: row.submitted_at,
  };
}
