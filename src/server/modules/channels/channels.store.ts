import type { InboundMessage, InboundMessageListQuery, OutboundMessage, OutboundMessageListQuery, Page } from '../../../shared/index.js';
import { updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { InboundMessageRow, OutboundMessageRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { nowInstant } from '../../platform/ids.js';

export function toOutboundMessage(row: OutboundMessageRow): OutboundMessage {
  return {
    id: row.id,
    channel: row.channel as OutboundMessage['channel'],
    purpose: row.purpose,
    recipient: row.recipient,
    subject: row.subject,
    bodyText: row.body_text,
    customerId: row.customer_id,
    caseId: row.case_id,
    followUpId: row.follow_up_id,
    webhookEndpointId: row.webhook_endpoint_id,
    messageId: row.message_id,
    state: row.state as OutboundMessage['state'],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    providerRef: row.provider_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

export function toInboundMessage(row: InboundMessageRow): InboundMessage {
  return {
    id: row.id,
    messageId: row.message_id,
    channel: row.channel,
    receivedVia: row.received_via as InboundMessage['receivedVia'],
    sender: row.sender,
    subject: row.subject,
    outcome: row.outcome as InboundMessage['outcome'],
    caseId: row.case_id,
    interactionId: row.interaction_id,
    note: row.note,
    receivedAt: row.received_at,
  };
}

/** The outbox, newest first, paged by id. */
export async function listOutboundMessages(db: Queryable, query: OutboundMessageListQuery): Promise<Page<OutboundMessage>> {
  let select = db.selectFrom('outbound_messages').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.cursor) select = select.where('id', '<', query.cursor);
  if (query.state) select = select.where('state', '=', query.state);
  if (query.channel) select = select.where('channel', '=', query.channel);
  if (query.caseId) select = select.where('case_id', '=', query.caseId);
  if (query.customerId) select = select.where('customer_id', '=', query.customerId);
  if (query.followUpId) select = select.where('follow_up_id', '=', query.followUpId);
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toOutboundMessage);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

/** Mail received, newest first, paged by id. */
export async function listInboundMessages(db: Queryable, query: InboundMessageListQuery): Promise<Page<InboundMessage>> {
  let select = db.selectFrom('inbound_messages').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.cursor) select = select.where('id', '<', query.cursor);
  if (query.outcome) select = select.where('outcome', '=', query.outcome);
  if (query.caseId) select = select.where('case_id', '=', query.caseId);
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toInboundMessage);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

/**
 * Puts a failed message back in the outbox to be sent as soon as a dispatcher comes by, with its
 * tries counted from zero again. The send checks run again before it leaves.
 */
export async function retryOutboundMessage(work: Work, id: string): Promise<OutboundMessage> {
  const before = await work.tx.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound('outbound message', id);
  // Conditional on the state read, so two retries at once put it back once.
  const now = nowInstant();
  const taken = await work.tx.updateTable('outbound_messages').set({ state: 'failed' }).where('id', '=', id).where('state', '=', 'failed').executeTakeFirst();
  if (taken.numUpdatedRows === 0n) throw conflict('not_failed', `only a failed message can be retried; this one is ${before.state}`, 'state');
  const after = await updateAudited(work, 'outbound_messages', before, { state: 'queued', attempts: 0, next_attempt_at: now, last_error: null, locked_by: null, locked_until: null, updated_at: now });
  return toOutboundMessage(after);
}
