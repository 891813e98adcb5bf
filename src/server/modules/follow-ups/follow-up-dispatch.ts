import type { FollowUpChannel, FollowUpPurpose } from '../../../shared/index.js';
import { FOLLOW_UP_CONTACT_PURPOSE } from '../../../shared/index.js';
import { updateAudited } from '../../platform/db/audited-writes.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Queryable } from '../../platform/db/database.js';
import type { CaseRow, FollowUpRow, OutboundMessageRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { AppError } from '../../platform/http/errors.js';
import { nowInstant } from '../../platform/ids.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { recordInteraction } from '../cases/cases.store.js';
import { onMessageSettled, registerSendCheck } from '../channels/dispatcher.js';
import { onInboundThreaded, type InboundThreadedEvent } from '../channels/inbound-mail.js';
import { enqueueMessage } from '../channels/outbox.js';
import { contactFactsOf, contactLanguage, contactRefusal, type ContactFacts } from '../contact/contact.store.js';
import { inviteToSurvey } from '../surveys/surveys.store.js';
import { followUpText } from './follow-up-texts.js';
import { caseMovedOn, DUE_JOB, planFollowUp, rescheduleFollowUp, stopFollowUp, type StopReason } from './follow-ups.store.js';

// A slot this close is now: the worker runs jobs on a poll, never to the millisecond.
const NOW_TOLERANCE_MS = 60_000;

// Each follow-up that falls due and each message sent reads these: compiled once.
const caseById = compiledOnce((db, id: string) => db.selectFrom('cases').selectAll().where('id', '=', id));
const followUpById = compiledOnce((db, id: string) => db.selectFrom('follow_ups').selectAll().where('id', '=', id));

async function caseOf(db: Queryable, caseId: string | null): Promise<CaseRow | undefined> {
  return caseId ? (await caseById(db, caseId))[0] : undefined;
}

async function followUpOf(db: Queryable, id: string): Promise<FollowUpRow | undefined> {
  return (await followUpById(db, id))[0];
}

/**
 * Whether a follow-up may still go out on `channel`, asked when it falls due and again just before
 * its message is sent: its case must still be where the question makes sense (cancelled if not),
 * and the customer must not have opted out or lost the channel meanwhile (skipped if so).
 */
function stopReasonNow(row: FollowUpRow, caseRow: CaseRow | undefined, contact: ContactFacts, channel: FollowUpChannel): StopReason | null {
  const movedOn = caseMovedOn(row.purpose as FollowUpPurpose, caseRow?.status ?? null);
  if (movedOn) return movedOn;
  const refusal = contactRefusal(contact, channel, FOLLOW_UP_CONTACT_PURPOSE[row.purpose as FollowUpPurpose]);
  return refusal ? { status: 'skipped', code: refusal.reason, detail: refusal.detail } : null;
}

/**
 * The follow-up's slot has come: checked again, then a message queued in this same transaction
 * (email, SMS) or a call task opened for the follow-up's assignee, else the case's, else the
 * team's queue.
 */
async function runDueFollowUp(work: Work, payload: unknown): Promise<void> {
  const { followUpId } = payload as { followUpId: string };
  let row = await followUpOf(work.tx, followUpId);
  if (!row || row.status !== 'scheduled') return;
  const caseRow = await caseOf(work.tx, row.case_id);
  // Read once for every check below: the customer, their preferences and their consent.
  const contact = await contactFactsOf(work.tx, row.customer_id);
  let channel = row.channel as FollowUpChannel;
  // The customer changed their preferences after this follow-up was planned: its slot may no longer hold.
  if (contact.preferencesRow !== undefined && contact.preferencesRow.updated_at > row.updated_at) {
    const plan = await planFollowUp(work.tx, { customerId: row.customer_id, purpose: row.purpose as FollowUpPurpose, requestedAt: nowInstant(), channel, caseStatus: caseRow?.status ?? null, excludeFollowUpId: row.id });
    if (plan.kind === 'skip') {
      await stopFollowUp(work, row, { status: 'skipped', code: plan.reason, detail: plan.detail });
      return;
    }
    if (Date.parse(plan.at) > Date.now() + NOW_TOLERANCE_MS) {
      await rescheduleFollowUp(work, row, plan);
      return;
    }
    channel = plan.channel;
  }
  const stop = stopReasonNow(row, caseRow, contact, channel);
  if (stop) {
    await stopFollowUp(work, row, stop);
    return;
  }
  const now = nowInstant();
  if (channel === 'phone') {
    await updateAudited(work, 'follow_ups', row, { status: 'due', channel, assignee_id: row.assignee_id ?? caseRow?.assignee_id ?? null, updated_at: now });
    return;
  }
  const recipient = channel === 'email' ? contact.customer.email : contact.customer.phone;
  if (!recipient) {
    await stopFollowUp(work, row, { status: 'skipped', code: 'unreachable', detail: `the customer has no ${channel === 'email' ? 'email address' : 'phone number'}` });
    return;
  }
  // A survey's invitation is written with the message that carries its link, or not at all.
  const surveyLink = row.purpose === 'survey' ? await inviteToSurvey(work, row, caseRow) : null;
  const text = await followUpText(work.tx, row, { name: contact.customer.name, language: contactLanguage(contact) }, channel, surveyLink);
  try {
    const queued = await enqueueMessage(work, {
      channel,
      purpose: row.purpose,
      recipient,
      subject: channel === 'email' ? text.subject : null,
      bodyText: text.body,
      customerId: row.customer_id,
      caseId: row.case_id,
      followUpId: row.id,
    });
    row = await updateAudited(work, 'follow_ups', row, { status: 'due', channel, message_id: queued.messageId, updated_at: now });
  } catch (error) {
    // The outbox checks the address before it writes anything: a malformed one fails the follow-up
    // (visible with its reason) instead of failing the job over and over.
    if (!(error instanceof AppError && error.status === 400)) throw error;
    await updateAudited(work, 'follow_ups', row, { status: 'failed', channel, failure_reason: error.message, updated_at: now });
  }
}

/**
 * Just before a follow-up's message leaves: only the follow-up's latest message, while it is due,
 * and only if the case and the customer's consent still allow it. The reason returned cancels the
 * message; the settled listener then closes the follow-up with it.
 */
async function checkFollowUpSend(db: Queryable, message: OutboundMessageRow): Promise<string | null> {
  if (!message.follow_up_id) return null;
  const row = await followUpOf(db, message.follow_up_id);
  if (!row) return null;
  if (row.message_id !== message.message_id) return 'superseded: a newer message of this follow-up replaced this one';
  if (row.status !== 'due') return `follow_up_${row.status}: the follow-up is ${row.status}`;
  const stop = stopReasonNow(row, await caseOf(db, row.case_id), await contactFactsOf(db, row.customer_id), message.channel as FollowUpChannel);
  return stop ? `${stop.code}: ${stop.detail}` : null;
}

const CANCEL_CODES = new Set(['case_moved_on']);

/**
 * The message's final state, in the unit of work that records it: sent → the follow-up is sent and
 * the message is logged on its case as an outbound contact; failed → failed with the reason;
 * cancelled by the send check → skipped or cancelled with that reason.
 */
async function settleFollowUpMessage(work: Work, message: OutboundMessageRow, outcome: { state: 'sent' | 'failed' | 'cancelled'; reason?: string }): Promise<void> {
  if (!message.follow_up_id) return;
  const row = await followUpOf(work.tx, message.follow_up_id);
  // Only the latest message of a follow-up that is waiting for it speaks for it.
  if (!row || row.message_id !== message.message_id || row.status !== 'due') return;
  const now = nowInstant();
  if (outcome.state === 'sent') {
    await updateAudited(work, 'follow_ups', row, { status: 'sent', updated_at: now });
    if (row.case_id) {
      await recordInteraction(work, row.case_id, {
        channel: message.channel as 'email' | 'sms',
        direction: 'outbound',
        body: message.subject ? `${message.subject}\n\n${message.body_text}` : message.body_text,
        occurredAt: message.sent_at ?? now,
        marks: [],
      });
    }
  } else if (outcome.state === 'failed') {
    await updateAudited(work, 'follow_ups', row, { status: 'failed', failure_reason: outcome.reason ?? 'the send gave up', updated_at: now });
  } else {
    const [code, ...rest] = (outcome.reason ?? 'cancelled: the message was cancelled').split(': ');
    await stopFollowUp(work, row, { status: CANCEL_CODES.has(code!) ? 'cancelled' : 'skipped', code: code!, detail: rest.join(': ') || code! });
  }
}

/**
 * The customer wrote back: the follow-up whose message they answered (by its reply token or
 * headers), else the case's latest one that went out, is answered. A reply to a check-in about no
 * case opened one: the follow-up points to it.
 */
async function answerFollowUp(work: Work, event: InboundThreadedEvent): Promise<void> {
  let row: FollowUpRow | undefined;
  if (event.repliedToMessageId) {
    const message = await work.tx.selectFrom('outbound_messages').select(['follow_up_id', 'message_id']).where('id', '=', event.repliedToMessageId).executeTakeFirst();
    if (message?.follow_up_id) {
      row = await work.tx.selectFrom('follow_ups').selectAll().where('id', '=', message.follow_up_id).where('message_id', '=', message.message_id).executeTakeFirst();
    }
  }
  row ??= await work.tx.selectFrom('follow_ups').selectAll().where('case_id', '=', event.caseId).where('status', '=', 'sent').orderBy('updated_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!row || row.status !== 'sent') return;
  await updateAudited(work, 'follow_ups', row, { status: 'answered', linked_case_id: row.case_id === null ? event.caseId : row.linked_case_id, updated_at: nowInstant() });
}

registerJobHandler(DUE_JOB, runDueFollowUp);
onInboundThreaded(answerFollowUp);
registerSendCheck(checkFollowUpSend);
onMessageSettled(settleFollowUpMessage);
