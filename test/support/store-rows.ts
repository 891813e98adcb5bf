import { insertAudited } from '../../src/server/platform/db/audited-writes.js';
import type { Work } from '../../src/server/platform/db/work.js';
import { newId } from '../../src/server/platform/ids.js';

/*
 * Rows written straight into the store, as their modules write them, for history the API cannot
 * make: follow-ups and survey answers back-dated, or in a state reached only by time passing.
 */

const DAY_MS = 86_400_000;

/** A follow-up due at `dueAt`, written and last changed then unless told otherwise; its id. */
export async function insertFollowUp(
  work: Work,
  row: {
    customerId: string;
    caseId?: string | null;
    purpose: string;
    status: string;
    channel: string;
    dueAt: string;
    assigneeId?: string | null;
    note?: string | null;
    attempts?: number;
    skipReason?: string | null;
    createdAt?: string;
    updatedAt?: string;
    doneAt?: string | null;
  },
): Promise<string> {
  const id = newId('fup');
  const createdAt = row.createdAt ?? row.dueAt;
  await insertAudited(work, 'follow_ups', {
    id,
    customer_id: row.customerId,
    case_id: row.caseId ?? null,
    transaction_id: null,
    rule_id: null,
    purpose: row.purpose,
    status: row.status,
    channel: row.channel,
    due_at: row.dueAt,
    scheduled_for: row.dueAt,
    assignee_id: row.assigneeId ?? null,
    note: row.note ?? null,
    attempts: row.attempts ?? 0,
    outcome: null,
    outcome_summary: null,
    skip_reason: row.skipReason ?? null,
    failure_reason: null,
    linked_case_id: null,
    message_id: null,
    created_by: null,
    created_at: createdAt,
    updated_at: row.updatedAt ?? createdAt,
    done_at: row.doneAt ?? null,
  });
  return id;
}

/**
 * A survey answered at `at`, as the survey page records it: the invitation (sent then, open 14
 * days) and its response, both carrying how the case was handled when the survey went out.
 */
export async function insertSurveyAnswer(
  work: Work,
  answer: {
    customerId: string;
    caseId?: string | null;
    at: string;
    questions?: string[];
    csat?: number | null;
    nps?: number | null;
    ces?: number | null;
    comment?: string | null;
    handled?: { agentId?: string | null; teamId?: string | null; channel?: string | null; kind?: string | null };
  },
): Promise<void> {
  const invitationId = newId('inv');
  const handled = {
    agent_id: answer.handled?.agentId ?? null,
    team_id: answer.handled?.teamId ?? null,
    case_channel: answer.handled?.channel ?? null,
    case_kind: answer.handled?.kind ?? null,
  };
  await insertAudited(work, 'survey_invitations', {
    id: invitationId,
    customer_id: answer.customerId,
    case_id: answer.caseId ?? null,
    transaction_id: null,
    follow_up_id: null,
    rule_id: null,
    trigger: 'case_resolved',
    questions_json: JSON.stringify(answer.questions ?? ['csat', 'nps']),
    language: 'en',
    ...handled,
    expires_at: new Date(Date.parse(answer.at) + 14 * DAY_MS).toISOString(),
    created_at: answer.at,
    answered_at: answer.at,
  });
  await insertAudited(work, 'survey_responses', {
    id: newId('rsp'),
    invitation_id: invitationId,
    customer_id: answer.customerId,
    case_id: answer.caseId ?? null,
    csat: answer.csat ?? null,
    nps: answer.nps ?? null,
    ces: answer.ces ?? null,
    comment: answer.comment ?? null,
    sentiment: null,
    language: 'en',
    ...handled,
    submitted_at: answer.at,
  });
}
