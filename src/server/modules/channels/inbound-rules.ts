import sanitizeHtml from 'sanitize-html';

/*
 * Pure decisions about a mail received: was it written by a machine, and what of its HTML may be kept.
 */

export interface MailFacts {
  /** Header names in lower case, values as received (the first of repeated headers). */
  headers: ReadonlyMap<string, string>;
  /** The sender's address, lower case. */
  from: string;
  /** The envelope sender (SMTP MAIL FROM); '' for the null sender of bounces; undefined when unknown. */
  envelopeFrom?: string;
  contentType: string;
}

const MACHINE_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|maildaemon)@/i;

/**
 * Why a mail was written by a machine (an auto-reply, a bounce, a list mail) and must never be
 * answered or open a case, or null for a mail from a person. Answering machines is how two
 * auto-responders end up mailing each other forever (RFC 3834).
 */
export function automaticMailReason(mail: MailFacts): string | null {
  const header = (name: string) => mail.headers.get(name)?.trim().toLowerCase();
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (header('x-autoreply') !== undefined) return 'X-Autoreply header';
  if (header('x-autorespond') !== undefined) return 'X-Autorespond header';
  const precedence = header('precedence');
  if (precedence && ['bulk', 'junk', 'auto_reply', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  if (header('list-id') !== undefined) return 'mailing-list mail (List-Id)';
  if (header('x-failed-recipients') !== undefined) return 'delivery failure report (X-Failed-Recipients)';
  if (/^multipart\/report\b/i.test(mail.contentType)) return 'delivery or read report (multipart/report)';
  if (MACHINE_SENDERS.test(mail.from)) return `sent by ${mail.from}`;
  if (mail.envelopeFrom === '') return 'null envelope sender (a bounce)';
  if (header('return-path') === '<>') return 'null Return-Path (a bounce)';
  return null;
}

/** Basic formatting and links survive; scripts, styles, event handlers, images and anything else go. */
const KEPT_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'hr'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Whole elements whose content is never text a person wrote.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
};

export function sanitiseMailHtml(html: string): string {
  return sanitizeHtml(html, KEPT_HTML);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Readable text from sanitised HTML: block ends become line breaks, tags go, entities are decoded. */
export function textOfSanitisedHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr|table)>/gi, '\n')
    .replace(/<hr\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
