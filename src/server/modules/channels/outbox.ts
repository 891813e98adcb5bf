import type { OutboundChannel } from '../../../shared/index.js';
import { insertAudited } from '../../platform/db/audited-writes.js';
import type { OutboundMessageRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { invalidField } from '../../platform/http/errors.js';
import { newId, nowInstant, toInstant } from '../../platform/ids.js';
import { channelsConfigOf } from './channels-config.js';

export interface OutboundMessageRequest {
  channel: OutboundChannel;
  /** Why it is sent, in the sender's terms: a follow-up purpose, `webhook`, `reply`… */
  purpose: string;
  /** An email address, a phone number, or a webhook URL. */
  recipient: string;
  bodyText: string;
  subject?: string | null;
  bodyHtml?: string | null;
  customerId?: string | null;
  caseId?: string | null;
  followUpId?: string | null;
  webhookEndpointId?: string | null;
  /** Extra headers for the channel (email headers, webhook HTTP headers). */
  headers?: Record<string, string>;
  /** Not before this instant (ISO-8601 with an offset); default now. */
  sendAfter?: string;
}

const EMAIL_ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/;
const PHONE_NUMBER = /^\+?[0-9][0-9 ().-]{4,30}$/;

function recipientProblem(channel: OutboundChannel, recipient: string): string | null {
  if (channel === 'email') return EMAIL_ADDRESS.test(recipient) ? null : 'must be an email address';
  if (channel === 'sms') return PHONE_NUMBER.test(recipient) ? null : 'must be a phone number';
  return /^https?:\/\//.test(recipient) ? null : 'must be an http(s) URL';
}

/**
 * Puts a message in the outbox, in the caller's transaction: it leaves only if the change that
 * wants it commits, and a dispatcher sends it after that. The Message-ID is fixed here, so a send
 * repeated after a crash carries the same one and the receiving side can tell it is the same mail.
 */
export async function enqueueMessage(work: Work, message: OutboundMessageRequest): Promise<{ id: string; messageId: string }> {
  const recipient = message.recipient.trim();
  const problem = recipientProblem(message.channel, recipient);
  if (problem) throw invalidField('recipient', problem);
  if (!message.bodyText.trim()) throw invalidField('bodyText', 'must not be empty');
  const now = nowInstant();
  const id = newId('msg');
  const messageId = message.channel === 'email' ? `<${id}@${channelsConfigOf(work.store).mailDomain}>` : id;
  const row: OutboundMessageRow = {
    id,
    channel: message.channel,
    purpose: message.purpose,
    customer_id: message.customerId ?? null,
    case_id: message.caseId ?? null,
    follow_up_id: message.followUpId ?? null,
    webhook_endpoint_id: message.webhookEndpointId ?? null,
    recipient: message.channel === 'email' ? recipient.toLowerCase() : recipient,
    subject: message.subject ?? null,
    body_text: message.bodyText,
    body_html: message.bodyHtml ?? null,
    headers_json: JSON.stringify(message.headers ?? {}),
    message_id: messageId,
    state: 'queued',
    attempts: 0,
    next_attempt_at: message.sendAfter ? toInstant(message.sendAfter) : now,
    locked_by: null,
    locked_until: null,
    last_error: null,
    provider_ref: null,
    created_by: work.actor.id ?? work.actor.name,
    created_at: now,
    updated_at: now,
    sent_at: null,
  };
  await insertAudited(work, 'outbound_messages', row);
  return { id, messageId };
}
