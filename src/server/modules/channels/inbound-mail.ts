import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { InboundOutcome, InboundResult } from '../../../shared/index.js';
import { insertAudited } from '../../platform/db/audited-writes.js';
import type { Queryable, Store } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { CaseRow, InboundMessageRow } from '../../platform/db/schema.js';
import { inTransaction, type Actor, type Work } from '../../platform/db/work.js';
import { invalidField } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { openCase, recordInteraction } from '../cases/cases.store.js';
import { applyCaseEvent } from '../cases/lifecycle.store.js';
import { createCustomer } from '../customers/customers.store.js';
import { automaticMailReason, sanitiseMailHtml, textOfSanitisedHtml } from './inbound-rules.js';
import { replySecretOf, replyTokenIn, verifyReplyToken } from './reply-token.js';

export interface InboundThreadedEvent {
  caseId: string;
  interactionId: string;
  /** The outbound message (an `outbound_messages` id) this mail answers, when its token or headers name one. */
  repliedToMessageId: string | null;
}

/** Called in the unit of work that records a customer's mail on a case, so what it writes commits with it. */
export type InboundThreadedListener = (work: Work, event: InboundThreadedEvent) => Promise<void>;

const threadedListeners: InboundThreadedListener[] = [];

export function onInboundThreaded(listener: InboundThreadedListener): void {
  if (!threadedListeners.includes(listener)) threadedListeners.push(listener);
}

/** What the SMTP dialogue said, when the mail came that way. */
export interface Envelope {
  from?: string;
  to: string[];
}

const INBOUND_ACTOR: Actor = { type: 'system', id: null, name: 'Inbound email' };
const MAX_BODY = 100_000;
const MAX_SUBJECT = 300;
/** Mail servers retry delivery for up to a few days; a Date older than that is not believed. */
const MAX_DELIVERY_DELAY_MS = 5 * 24 * 3_600_000;

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value.map((address) => address.address ?? '').filter(Boolean));
}

/** Header lines as received, unfolded, the first of each name. */
function rawHeaders(parsed: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (!headers.has(key)) headers.set(key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return headers;
}

/** The Message-IDs a reply refers to, the one it answers first. */
function referencedIds(parsed: ParsedMail): string[] {
  const references = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : parsed.references.split(/\s+/);
  const ids = [...(parsed.inReplyTo ? parsed.inReplyTo.split(/\s+/) : []), ...references.reverse()];
  return [...new Set(ids.filter((id) => /^<[^<>\s]+>$/.test(id)))];
}

/** The body agents read: the text part, or text made from the sanitised HTML. */
function bodyOf(parsed: ParsedMail): string {
  const text = typeof parsed.text === 'string' && parsed.text.trim() ? parsed.text : parsed.html ? textOfSanitisedHtml(sanitiseMailHtml(parsed.html)) : '';
  const body = text.trim() || '(the mail had no text)';
  return body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body;
}

interface Thread {
  caseRow: CaseRow | null;
  repliedTo: string | null;
  how: string;
}

/**
 * Which case a mail belongs to: the one named by a valid reply token in any of its recipient
 * addresses; else the one whose earlier mail (in or out) it answers by In-Reply-To/References,
 * provided it comes from that case's customer, since Message-IDs are not secret; else none.
 * A token that does not verify is ignored, never trusted.
 */
async function findThread(db: Queryable, secret: string, recipients: string[], references: string[], sender: string): Promise<Thread> {
  const caseOf = (id: string | null) => (id ? db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined));
  const notes: string[] = [];
  const token = replyTokenIn(recipients);
  if (token) {
    const messageId = verifyReplyToken(secret, token);
    const answered = messageId ? await db.selectFrom('outbound_messages').select(['id', 'case_id']).where('id', '=', messageId).executeTakeFirst() : undefined;
    if (answered) {
      const caseRow = (await caseOf(answered.case_id)) ?? null;
      return { caseRow, repliedTo: answered.id, how: caseRow ? 'by its reply token' : 'it answers a message about no case' };
    }
    notes.push('its reply token did not verify and was ignored');
  }
  if (references.length > 0) {
    const [sent, received] = await Promise.all([
      db.selectFrom('outbound_messages').select(['id', 'message_id', 'case_id']).where('message_id', 'in', references).where('case_id', 'is not', null).execute(),
      db.selectFrom('inbound_messages').select(['message_id', 'case_id']).where('message_id', 'in', references).where('case_id', 'is not', null).execute(),
    ]);
    for (const reference of references) {
      const outbound = sent.find((row) => row.message_id === reference);
      const inbound = received.find((row) => row.message_id === reference);
      const caseRow = await caseOf(outbound?.case_id ?? inbound?.case_id ?? null);
      if (!caseRow) continue;
      const customer = await db.selectFrom('customers').select('email').where('id', '=', caseRow.customer_id).executeTakeFirst();
      if (customer?.email?.toLowerCase() !== sender) {
        notes.push(`it refers to mail of case ${caseRow.number} but comes from another address than its customer's`);
        break;
      }
      return { caseRow, repliedTo: outbound?.id ?? null, how: `by its ${reference === references[0] ? 'In-Reply-To' : 'References'} header` };
    }
  }
  return { caseRow: null, repliedTo: null, how: notes.join('; ') };
}

/**
 * Takes in one mail (raw MIME): recorded once per Message-ID; a machine's mail (auto-reply,
 * bounce) is recorded as ignored; a customer's mail is added to its case (reopening a closed one)
 * or opens a new case for its sender, a new customer if the address is unknown. All of it in one
 * unit of work with the threaded listeners, so a failure leaves nothing behind and the sender
 * (an MTA, a mail webhook) can deliver it again.
 */
export async function ingestEmail(store: Store, raw: Buffer, via: 'smtp' | 'webhook', envelope?: Envelope): Promise<InboundResult> {
  if (raw.length === 0) throw invalidField('body', 'is empty: send the mail as raw MIME (message/rfc822)');
  // No text made from the HTML by mailparser: it keeps link and image URLs, scripts' included.
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipHtmlToText: true, skipTextToHtml: true });
  const fromHeader = parsed.from?.value[0];
  const sender = (fromHeader?.address || envelope?.from || '').toLowerCase();
  if (!sender.includes('@')) throw invalidField('from', 'the mail has no sender address');
  // A mail without a Message-ID is known by its content, so a redelivery is still recognised.
  const messageId = parsed.messageId || `<${createHash('sha256').update(raw).digest('hex')}@no-message-id.aftercare>`;

  const duplicate = async (): Promise<InboundResult | null> => {
    const first = await store.db.selectFrom('inbound_messages').selectAll().where('message_id', '=', messageId).executeTakeFirst();
    return first ? { outcome: 'duplicate', inboundMessageId: first.id, caseId: first.case_id, interactionId: first.interaction_id, note: 'this Message-ID was taken in before; nothing was changed' } : null;
  };
  const known = await duplicate();
  if (known) return known;

  const secret = await replySecretOf(store);
  const headers = rawHeaders(parsed);
  const recipients = [
    ...(envelope?.to ?? []),
    ...addressesOf(parsed.to),
    ...addressesOf(parsed.cc),
    ...['delivered-to', 'x-original-to'].flatMap((name) => headers.get(name) ?? []),
  ];
  const automatic = automaticMailReason({
    headers,
    from: sender,
    envelopeFrom: envelope?.from,
    contentType: headers.get('content-type') ?? 'text/plain',
  });
  const subject = (parsed.subject ?? '').trim();
  const receivedAt = nowInstant();
  // Dated when the customer wrote it, unless their clock is plainly wrong (in the future, or so
  // far back that the timeline would put it among older contacts than it answers).
  const written = parsed.date?.getTime() ?? Number.NaN;
  const sentAt = written <= Date.parse(receivedAt) && written >= Date.parse(receivedAt) - MAX_DELIVERY_DELAY_MS ? new Date(written).toISOString() : receivedAt;

  try {
    return await inTransaction(store, INBOUND_ACTOR, async (work) => {
      const thread = await findThread(work.tx, secret, recipients, referencedIds(parsed), sender);
      const row: InboundMessageRow = {
        id: newId('inm'),
        message_id: messageId,
        channel: 'email',
        received_via: via,
        sender,
        subject: subject || null,
        outcome: 'ignored_auto_reply',
        case_id: thread.caseRow?.id ?? null,
        interaction_id: null,
        note: null,
        received_at: receivedAt,
      };
      if (automatic) {
        await insertAudited(work, 'inbound_messages', { ...row, note: `ignored: ${automatic}` });
        return { outcome: 'ignored_auto_reply', inboundMessageId: row.id, caseId: row.case_id, interactionId: null, note: `ignored: ${automatic}` };
      }

      const interactionInput = { channel: 'email' as const, direction: 'inbound' as const, body: bodyOf(parsed), occurredAt: sentAt, marks: [] };
      let outcome: InboundOutcome;
      let caseId: string;
      let interactionId: string;
      let note: string;
      if (thread.caseRow) {
        const customerWork = await asCustomer(work, thread.caseRow.customer_id);
        let caseRow = thread.caseRow;
        outcome = 'threaded';
        if (caseRow.status === 'closed') {
          caseRow = await applyCaseEvent(customerWork, caseRow, 'reopen', 'The customer wrote again by email after the case was closed');
          outcome = 'reopened_case';
        }
        interactionId = (await recordInteraction(customerWork, caseRow.id, interactionInput)).id;
        caseId = caseRow.id;
        note = `added to case ${caseRow.number} ${thread.how}${outcome === 'reopened_case' ? ', which it reopened' : ''}`;
      } else {
        const customerId = await customerForSender(work, sender, fromHeader?.name);
        const opened = await openCase(await asCustomer(work, customerId), {
          customerId,
          kind: 'query',
          subject: subject.slice(0, MAX_SUBJECT) || '(no subject)',
          channel: 'email',
          priority: 'normal',
          interaction: interactionInput,
        });
        outcome = 'opened_case';
        caseId = opened.id;
        interactionId = opened.interactions[0]!.id;
        note = `opened case ${opened.number}${thread.how ? ` (${thread.how})` : ''}`;
      }
      await insertAudited(work, 'inbound_messages', { ...row, outcome, case_id: caseId, interaction_id: interactionId, note });
      for (const listener of threadedListeners) await listener(work, { caseId, interactionId, repliedToMessageId: thread.repliedTo });
      return { outcome, inboundMessageId: row.id, caseId, interactionId, note };
    });
  } catch (error) {
    // The same mail delivered twice at the same moment: the second loses on the Message-ID.
    if (isUniqueViolation(error)) {
      const first = await duplicate();
      if (first) return first;
    }
    throw error;
  }
}

/** The same unit of work, writing as the customer: their mail is their contact, not the system's. */
async function asCustomer(work: Work, customerId: string): Promise<Work> {
  const customer = await work.tx.selectFrom('customers').select(['id', 'name']).where('id', '=', customerId).executeTakeFirstOrThrow();
  return { ...work, actor: { type: 'customer', id: customer.id, name: customer.name } };
}

/** The oldest customer with this address, or a new one named as the mail names its sender. */
async function customerForSender(work: Work, email: string, displayName: string | undefined): Promise<string> {
  const existing = await work.tx.selectFrom('customers').select('id').where('email', '=', email).orderBy('id').limit(1).executeTakeFirst();
  if (existing) return existing.id;
  const name = (displayName?.trim() || email.split('@')[0]!).slice(0, 200);
  const created = await createCustomer(work, { name, email, timezone: 'UTC', language: 'en', tier: 'standard' });
  return created.id;
}
