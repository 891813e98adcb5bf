import type { FollowUpPurpose } from '../../../shared/index.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Queryable } from '../../platform/db/database.js';
import type { FollowUpRow } from '../../platform/db/schema.js';
import { renderTemplate, type TemplateValues } from '../policies/template-render.js';

/** What the customer receives: a subject for email, and the text of the message. */
export interface FollowUpText {
  subject: string;
  body: string;
}

const SIGN_OFF = 'the customer service team';

// Written for when no template of the purpose exists in the customer's language: plain, short,
// and each asks one question the customer can answer by replying.
const BUILT_IN: Record<FollowUpPurpose, { subject: string; email: string; sms: string }> = {
  confirm_resolution: {
    subject: 'Is everything sorted? {{case.number}}',
    email:
      'Hello {{customer.name}},\n\nWe have carried out what we agreed for your case {{case.number}} ({{case.subject}}).\nCould you reply to let us know whether everything is now in order, or whether anything is still not right?\n\nThank you,\n{{agent.name}}',
    sms: 'Hello {{customer.name}}, we have carried out what we agreed for case {{case.number}}. Is everything in order now? Just reply to this message.',
  },
  satisfaction_check: {
    subject: 'How did we do? {{case.number}}',
    email:
      'Hello {{customer.name}},\n\nYour case {{case.number}} ({{case.subject}}) is resolved.\nAre you happy with how we handled it, and is there anything else we can help you with? Just reply to this message.\n\nThank you,\n{{agent.name}}',
    sms: 'Hello {{customer.name}}, your case {{case.number}} is resolved. Are you happy with how we handled it? Anything else we can do? Just reply.',
  },
  survey: {
    subject: 'How did we do? {{case.number}}',
    email:
      'Hello {{customer.name}},\n\nWe would like to know how we did with {{case.number}} ({{case.subject}}). It takes a minute: a few scores and a comment if you wish.\n\n{{survey.link}}\n\nThank you,\n{{agent.name}}',
    sms: 'Hello {{customer.name}}, how did we do with {{case.number}}? Tell us in a minute: {{survey.link}}',
  },
  post_purchase_checkin: {
    subject: 'How is your order {{order.number}}?',
    email:
      'Hello {{customer.name}},\n\nYour order {{order.number}} arrived a few days ago. Is everything as you expected?\nIf anything is not right, or you have a question about it, just reply to this message.\n\nThank you,\n{{agent.name}}',
    sms: 'Hello {{customer.name}}, your order {{order.number}} arrived a few days ago. Is everything as expected? Just reply if anything is not right.',
  },
  callback: {
    subject: 'We tried to reach you about {{case.number}}',
    email: 'Hello {{customer.name}},\n\nWe would like to speak with you about your case {{case.number}} ({{case.subject}}). Reply with a good time to call you.\n\nThank you,\n{{agent.name}}',
    sms: 'Hello {{customer.name}}, we would like to speak with you about case {{case.number}}. Reply with a good time to call.',
  },
};

// Read for every follow-up message written: compiled once. The customer's exact language first ("fr-CA" sorts after "fr"), then the template the desk wrote
// or changed last, so a new text takes over without the old one having to be retired first.
const templateFor = compiledOnce((db, kind: string, channel: string, language: string, baseLanguage: string) =>
  db
    .selectFrom('reply_templates')
    .select('body')
    .where('kind', '=', kind)
    .where('channel', '=', channel)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('language', '=', language), eb('language', '=', baseLanguage)]))
    .orderBy('language', 'desc')
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1),
);

/** {{case.subject}} and {{survey.link}} are ours alone: reply templates keep to the variables agents know. */
function fill(text: string, values: TemplateValues & { 'case.subject': string | null }, surveyLink: string | null): string {
  const subject = values['case.subject'];
  const withoutSubject = subject === null ? text.replaceAll(' ({{case.subject}})', '') : text;
  // Rendered around the subject and the link, so neither is ever read as template text.
  const rendered = withoutSubject
    .split('{{survey.link}}')
    .map((piece) =>
      piece
        .split('{{case.subject}}')
        .map((part) => renderTemplate(part, values).text)
        .join(subject ?? ''),
    )
    .join(surveyLink ?? '');
  // A survey text the desk wrote without the link would ask a question nobody can answer.
  return surveyLink !== null && !rendered.includes(surveyLink) ? `${rendered.trimEnd()}\n\n${surveyLink}` : rendered;
}

/**
 * The text of a follow-up message in the customer's language: an active reply template whose kind
 * is the follow-up's purpose, on its channel, if the desk wrote one (the latest, if several), else
 * the built-in text. `customer` is whom it is addressed to, with the language they are written to in.
 * Variables the follow-up has no value for read as a neutral phrase, never as a [placeholder]
 * nobody will fill in before it goes out. A survey's text carries its link.
 */
export async function followUpText(
  db: Queryable,
  followUp: FollowUpRow,
  customer: { name: string; language: string },
  channel: 'email' | 'sms',
  surveyLink: string | null = null,
): Promise<FollowUpText> {
  const purpose = followUp.purpose as FollowUpPurpose;
  const caseRow = followUp.case_id
    ? await db
        .selectFrom('cases')
        .leftJoin('users', 'users.id', 'cases.assignee_id')
        .select(['cases.number', 'cases.subject', 'cases.transaction_id', 'users.name as assignee_name'])
        .where('cases.id', '=', followUp.case_id)
        .executeTakeFirst()
    : undefined;
  const transactionId = followUp.transaction_id ?? caseRow?.transaction_id ?? null;
  const order = transactionId ? await db.selectFrom('transactions').select('external_id').where('id', '=', transactionId).executeTakeFirst() : undefined;
  const language = customer.language;
  const [template] = await templateFor(db, purpose, channel, language, language.split('-')[0]!);
  const values = {
    'customer.name': customer.name,
    'order.number': order?.external_id ?? 'your order',
    'case.number': caseRow?.number ?? 'your request',
    'agent.name': caseRow?.assignee_name ?? SIGN_OFF,
    'case.subject': caseRow?.subject ?? null,
  };
  const builtIn = BUILT_IN[purpose];
  const subject = fill(builtIn.subject, values, null);
  return { subject, body: fill(template?.body ?? (channel === 'sms' ? builtIn.sms : builtIn.email), values, surveyLink) };
}
