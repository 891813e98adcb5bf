import { insertAudited } from '../../src/server/platform/db/audited-writes.js';
import type { Work } from '../../src/server/platform/db/work.js';
import { newId } from '../../src/server/platform/ids.js';
import { insertFollowUp, insertSurveyAnswer } from './store-rows.js';

export const DAY = 86_400_000;
const NOW = Date.now();
/** An instant `days` before the test run started. */
export const ago = (days: number) => new Date(NOW - days * DAY).toISOString();
export const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

/**
 * Writes the data set straight through a unit of work, back-dated: a closed case's history, its
 * follow-ups and survey answers, and the customer's orders before and after it.
 */
export class DataSet {
  private caseCount = 0;
  constructor(private readonly work: Work) {}

  async customer(name: string) {
    const id = newId('cus');
    const at = ago(400);
    await insertAudited(this.work, 'customers', { id, name, email: null, phone: null, timezone: 'UTC', language: 'en', tier: 'standard', external_ref: null, created_at: at, updated_at: at });
    return id;
  }

  async order(customerId: string, purchasedAt: string, fields: { deliveredAt?: string; status?: string } = {}) {
    const id = newId('txn');
    await insertAudited(this.work, 'transactions', {
      id,
      external_id: id,
      customer_id: customerId,
      line_items_json: '[]',
      total_minor: 1000,
      currency: 'EUR',
      status: fields.status ?? (fields.deliveredAt ? 'delivered' : 'paid'),
      purchased_at: purchasedAt,
      delivered_at: fields.deliveredAt ?? null,
      created_at: purchasedAt,
      updated_at: purchasedAt,
    });
    return id;
  }

  /** A case opened at `openedAt` that went through `steps` (event, status reached, when). */
  async case(customerId: string, openedAt: string, steps: [event: string, to: string, at: string][], fields: { kind?: string; rootCause?: string } = {}) {
    const id = newId('cas');
    this.caseCount += 1;
    let status = 'new';
    await insertAudited(this.work, 'cases', {
      id,
      number: `L-${this.caseCount}`,
      customer_id: customerId,
      transaction_id: null,
      kind: fields.kind ?? 'complaint',
      subject: 'Loyalty data set',
      priority: 'normal',
      channel: 'email',
      status: steps.at(-1)?.[1] ?? status,
      team_id: null,
      assignee_id: null,
      opened_at: openedAt,
      created_at: openedAt,
      updated_at: openedAt,
      concern: null,
      restatement: null,
      restatement_at: null,
      cause: null,
      root_cause: fields.rootCause ?? null,
      requesting_team_id: null,
      sla_policy_id: null,
      sla_json: null,
      sla_due_at: null,
    });
    for (const [event, to, at] of steps) {
      await insertAudited(this.work, 'case_transitions', { id: newId('ctr'), case_id: id, event, from_status: status, to_status: to, reason: '', actor_type: 'system', actor_id: null, actor_name: null, at });
      status = to;
    }
    return id;
  }

  async resolutionConfirmedContact(caseId: string, customerId: string, at: string) {
    await insertAudited(this.work, 'interactions', {
      id: newId('int'),
      case_id: caseId,
      customer_id: customerId,
      channel: 'email',
      direction: 'inbound',
      author_type: 'customer',
      author_id: null,
      author_name: null,
      body: 'Yes, all sorted now.',
      occurred_at: at,
      logged_at: at,
      marks_json: JSON.stringify(['resolution_confirmed']),
    });
  }

  async followUp(customerId: string, caseId: string | null, status: string, at: string) {
    await insertFollowUp(this.work, { customerId, caseId, purpose: 'satisfaction_check', status, channel: 'email', dueAt: at, attempts: 1, doneAt: status === 'done' ? at : null });
  }

  async answer(customerId: string, caseId: string | null, at: string, scores: { csat?: number; nps?: number }) {
    await insertSurveyAnswer(this.work, { customerId, caseId, at, ...scores, handled: { channel: 'email', kind: 'complaint' } });
  }
}

/** Resolved by the customer's confirmation, then closed, at `closedAt`. */
export const confirmedThenClosed = (closedAt: string): [string, string, string][] => [
  ['await_customer', 'awaiting_customer', plus(closedAt, -3)],
  ['customer_confirmed', 'resolved', plus(closedAt, -2)],
  ['close', 'closed', closedAt],
];
export const unreachableThenClosed = (closedAt: string): [string, string, string][] => [
  ['await_customer', 'awaiting_customer', plus(closedAt, -3)],
  ['customer_unreachable', 'resolved', plus(closedAt, -2)],
  ['close', 'closed', closedAt],
];

