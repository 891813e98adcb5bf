import nodemailer from 'nodemailer';
import type { Queryable } from '../../platform/db/database.js';
import type { OutboundMessageRow } from '../../platform/db/schema.js';
import { ChannelUnavailableError, registerSender, SendError, type SendContext } from './dispatcher.js';
import { replyAddress, replySecretOf, signReplyToken } from './reply-token.js';

/** How many earlier Message-IDs a mail's References keeps: enough to thread, short enough for any server. */
const MAX_REFERENCES = 20;

/** The Message-IDs of the mail on a case so far, in and out, oldest first. */
export async function caseMailIds(db: Queryable, caseId: string, exceptId?: string): Promise<string[]> {
  const [sent, received] = await Promise.all([
    db
      .selectFrom('outbound_messages')
      .select(['message_id', 'sent_at as at'])
      .where('case_id', '=', caseId)
      .where('channel', '=', 'email')
      .where('state', '=', 'sent')
      .where('id', '<>', exceptId ?? '')
      .execute(),
    db
      .selectFrom('inbound_messages')
      .select(['message_id', 'received_at as at'])
      .where('case_id', '=', caseId)
      .where('outcome', '<>', 'ignored_auto_reply')
      .execute(),
  ]);
  return [...sent, ...received]
    .sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? -1 : (a.at ?? '') > (b.at ?? '') ? 1 : 0))
    .map((mail) => mail.message_id);
}

/** The SMTP error as the dispatcher reads it: 5xx permanent, 4xx and lost connections temporary. */
export function smtpFailure(error: unknown): SendError {
  const failure = error as { responseCode?: number; response?: string; permanent?: boolean; code?: string; message?: string };
  if (typeof failure.responseCode === 'number') {
    const reason = `SMTP ${failure.responseCode}: ${(failure.response ?? failure.message ?? '').trim()}`;
    return new SendError(reason, { permanent: failure.permanent ?? (failure.responseCode >= 500 && failure.responseCode !== 503), cause: error });
  }
  // No reply from the server: a lost or refused connection, a timeout. An address nodemailer
  // itself cannot use (EENVELOPE) will not improve by waiting.
  return new SendError(failure.message ?? String(error), { permanent: failure.code === 'EENVELOPE', cause: error });
}

/**
 * Sends an outbound email over SMTP_URL with a pooled connection per dispatcher. The mail says it
 * is automatic (`Auto-Submitted`, so auto-responders stay quiet), keeps the Message-ID fixed when
 * it was queued, threads under the case's earlier mail, and asks for replies at an address
 * carrying a signed token that names this message.
 */
export async function sendEmail(message: OutboundMessageRow, context: SendContext): Promise<{ providerRef?: string }> {
  const { smtpUrl, mailFrom, mailDomain } = context.channels;
  if (!smtpUrl) throw new ChannelUnavailableError('SMTP_URL is not set: email waits in the outbox until it is');
  const transport = context.kept(
    `smtp:${smtpUrl}`,
    () =>
      nodemailer.createTransport({
        url: smtpUrl,
        pool: true,
        maxConnections: context.concurrency,
        maxMessages: Infinity,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 15_000,
      }),
    (pool) => pool.close(),
  );
  const headers = JSON.parse(message.headers_json) as Record<string, string>;
  const earlier = message.case_id ? (await caseMailIds(context.store.db, message.case_id, message.id)).slice(-MAX_REFERENCES) : [];
  const token = signReplyToken(await replySecretOf(context.store), message.id);
  const sending = transport.sendMail({
    from: mailFrom,
    to: message.recipient,
    replyTo: replyAddress(token, mailDomain),
    subject: message.subject ?? '',
    text: message.body_text,
    ...(message.body_html ? { html: message.body_html } : {}),
    messageId: message.message_id,
    ...(earlier.length > 0 ? { inReplyTo: earlier.at(-1), references: earlier } : {}),
    headers: { ...headers, 'Auto-Submitted': 'auto-generated' },
  });
  try {
    const info = await untilAborted(sending, context.signal);
    return { providerRef: info.response };
  } catch (error) {
    throw error instanceof SendError ? error : smtpFailure(error);
  }
}

/** The promise's result, or a temporary SendError once the signal aborts (nodemailer takes no signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new SendError('the SMTP server did not answer in time', { permanent: false }));
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
    if (signal.aborted) abort();
  });
}

registerSender('email', sendEmail);
