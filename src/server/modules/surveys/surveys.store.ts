import type { Page, SurveyInvitation, SurveyInvitationQuery, SurveyQuestion, SurveyResponse, SurveyResponseQuery, SurveySettings, SurveyTexts } from '../../../shared/index.js';
import { SurveyAnswer } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable, Store } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { CaseRow, FollowUpRow, SurveyInvitationRow, SurveyResponseRow } from '../../platform/db/schema.js';
import { inTransaction, type Work } from '../../platform/db/work.js';
import { invalidField } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { sentimentScore } from '../feedback/sentiment.js';
import { answerProblems, type AnswerProblem } from './survey-page.js';
import { keptSurveySettings, keptSurveySettingsOf, surveyTextsFor } from './survey-settings.store.js';
import { surveyKeyInWork, surveyKeyOf, surveyLink } from './survey-links.js';
import { signSurveyToken, verifySurveyToken } from './survey-token.js';

const DAY_MS = 24 * 60 * 60_000;

async function customerLanguageOf(db: Queryable, customerId: string): Promise<string> {
  const row = await db
    .selectFrom('customers')
    .leftJoin('contact_preferences', 'contact_preferences.customer_id', 'customers.id')
    .select(['customers.language', 'contact_preferences.language as preferred_language'])
    .where('customers.id', '=', customerId)
    .executeTakeFirstOrThrow();
  return row.preferred_language ?? row.language;
}

/**
 * A survey follow-up's slot has come: its invitation is written in the same unit of work as the
 * message that carries its link, with who handled the case, its team, channel and kind as they are
 * now. A follow-up sent again (a retry) keeps its open invitation, so the customer's first link
 * still works. Returns the link to put in the message.
 */
export async function inviteToSurvey(work: Work, followUp: FollowUpRow, caseRow: CaseRow | undefined): Promise<string> {
  const now = nowInstant();
  const existing = await work.tx
    .selectFrom('survey_invitations')
    .selectAll()
    .where('customer_id', '=', followUp.customer_id)
    .where('follow_up_id', '=', followUp.id)
    .where('answered_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  const key = await surveyKeyInWork(work);
  if (existing) return surveyLink(work.store, signSurveyToken(key, existing.id, existing.expires_at));

  const settings = await keptSurveySettings(work);
  const { language } = surveyTextsFor(settings, await customerLanguageOf(work.tx, followUp.customer_id));
  const row: SurveyInvitationRow = {
    id: newId('svi'),
    customer_id: followUp.customer_id,
    case_id: followUp.case_id,
    transaction_id: followUp.transaction_id ?? caseRow?.transaction_id ?? null,
    follow_up_id: followUp.id,
    rule_id: followUp.rule_id,
    trigger: followUp.rule_id ? (followUp.case_id ? 'case_resolved' : 'order_delivered') : 'manual',
    questions_json: JSON.stringify(settings.questions),
    language,
    agent_id: caseRow?.assignee_id ?? null,
    team_id: caseRow?.team_id ?? null,
    case_channel: caseRow?.channel ?? null,
    case_kind: caseRow?.kind ?? null,
    expires_at: new Date(Date.parse(now) + settings.validityDays * DAY_MS).toISOString(),
    created_at: now,
    answered_at: null,
  };
  await insertAudited(work, 'survey_invitations', row);
  return surveyLink(work.store, signSurveyToken(key, row.id, row.expires_at));
}

/** What the customer's link leads to, and the texts to say it with. */
export type SurveyVisit =
  | { kind: 'invalid' }
  | { kind: 'expired' | 'answered' | 'recorded'; texts: SurveyTexts; language: string }
  | { kind: 'open'; texts: SurveyTexts; language: string; questions: SurveyQuestion[]; problems: AnswerProblem[]; values: Record<string, string> };

async function invitationOfToken(store: Store, token: string): Promise<{ row: SurveyInvitationRow; settings: SurveySettings } | { kind: 'invalid' | 'expired'; row?: SurveyInvitationRow; settings: SurveySettings }> {
  const settings = await keptSurveySettingsOf(store);
  const check = verifySurveyToken(await surveyKeyOf(store), token);
  const row = check.invitationId ? await store.db.selectFrom('survey_invitations').selectAll().where('id', '=', check.invitationId).executeTakeFirst() : undefined;
  if (!row) return { kind: 'invalid', settings };
  if (!check.ok) return { kind: check.reason, row, settings };
  return { row, settings };
}

function visitOf(found: Awaited<ReturnType<typeof invitationOfToken>>, now: string): SurveyVisit {
  if ('kind' in found && found.kind === 'invalid') return { kind: 'invalid' };
  const row = found.row!;
  const { texts, language } = surveyTextsFor(found.settings, row.language);
  if (row.answered_at !== null) return { kind: 'answered', texts, language };
  if ('kind' in found || row.expires_at <= now) return { kind: 'expired', texts, language };
  return { kind: 'open', texts, language, questions: JSON.parse(row.questions_json) as SurveyQuestion[], problems: [], values: {} };
}

/** What opening the link shows. Reads only: mail scanners open links too. */
export async function surveyVisit(store: Store, token: string): Promise<SurveyVisit> {
  return visitOf(await invitationOfToken(store, token), nowInstant());
}

/**
 * The customer sends the form: recorded once. The unique invitation id on responses is what makes
 * the link single-use whatever the races; the loser of a race is told it was already answered.
 */
export async function answerSurvey(store: Store, token: string, form: Record<string, string>): Promise<SurveyVisit> {
  const found = await invitationOfToken(store, token);
  const visit = visitOf(found, nowInstant());
  if (visit.kind !== 'open') return visit;
  const problems = answerProblems(form, visit.questions);
  if (problems.length > 0) return { ...visit, problems, values: form };
  const answer = SurveyAnswer.parse(Object.fromEntries(visit.questions.map((q) => [q, form[q]]).concat([['comment', form.comment]])));
  const invitation = found.row!;
  try {
    return await inTransaction(store, { type: 'customer', id: invitation.customer_id, name: null }, async (work) => {
      const now = nowInstant();
      // The row read above, not read again: an answer given meanwhile makes the insert below a unique violation.
      if (invitation.expires_at <= now) return { kind: 'expired' as const, texts: visit.texts, language: visit.language };
      const comment = answer.comment ?? null;
      const response: SurveyResponseRow = {
        id: newId('svr'),
        invitation_id: invitation.id,
        customer_id: invitation.customer_id,
        case_id: invitation.case_id,
        csat: answer.csat ?? null,
        nps: answer.nps ?? null,
        ces: answer.ces ?? null,
        comment,
        sentiment: comment === null ? null : sentimentScore(comment, invitation.language),
        language: invitation.language,
        agent_id: invitation.agent_id,
        team_id: invitation.team_id,
        case_channel: invitation.case_channel,
        case_kind: invitation.case_kind,
        submitted_at: now,
      };
      await insertAudited(work, 'survey_responses', response);
      await updateAudited(work, 'survey_invitations', invitation, { answered_at: now });
      if (invitation.follow_up_id) {
        const followUp = await work.tx.selectFrom('follow_ups').selectAll().where('id', '=', invitation.follow_up_id).executeTakeFirst();
        // The survey's question is answered by the form itself: nothing is left for an agent to record.
        if (followUp && (followUp.status === 'sent' || followUp.status === 'due' || followUp.status === 'answered')) {
          await updateAudited(work, 'follow_ups', followUp, { status: 'done', done_at: now, updated_at: now });
        }
      }
      return { kind: 'recorded' as const, texts: visit.texts, language: visit.language };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'answered', texts: visit.texts, language: visit.language };
    throw error;
  }
}

type NamedResponse = SurveyResponseRow & { customer_name: string; case_number: string | null; agent_name: string | null; team_name: string | null };

function responsesWithNames(db: Queryable) {
  return db
    .selectFrom('survey_responses')
    .innerJoin('customers', 'customers.id', 'survey_responses.customer_id')
    .leftJoin('cases', 'cases.id', 'survey_responses.case_id')
    .leftJoin('users', 'users.id', 'survey_responses.agent_id')
    .leftJoin('teams', 'teams.id', 'survey_responses.team_id')
    .selectAll('survey_responses')
    .select(['customers.name as customer_name', 'cases.number as case_number', 'users.name as agent_name', 'teams.name as team_name']);
}

const scoreOf = (value: number | string | null) => (value === null ? null : Number(value));

function toSurveyResponse(row: NamedResponse): SurveyResponse {
  return {
    id: row.id,
    invitationId: row.invitation_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    caseId: row.case_id,
    caseNumber: row.case_number,
    csat: scoreOf(row.csat),
    nps: scoreOf(row.nps),
    ces: scoreOf(row.ces),
    comment: row.comment,
    sentiment: scoreOf(row.sentiment),
    language: row.language,
    agentId: row.agent_id,
    agentName: row.agent_name,
    teamId: row.team_id,
    teamName: row.team_name,
    caseChannel: row.case_channel,
    caseKind: row.case_kind as SurveyResponse['caseKind'],
    submittedAt: row.submitted_at,
  };
}

/** Responses, newest first; the cursor carries the submission time and the id. */
export async function listSurveyResponses(db: Queryable, query: SurveyResponseQuery): Promise<Page<SurveyResponse>> {
  let select = responsesWithNames(db);
  if (query.from) select = select.where('survey_responses.submitted_at', '>=', new Date(query.from).toISOString());
  if (query.to) select = select.where('survey_responses.submitted_at', '<', new Date(query.to).toISOString());
  if (query.teamId) select = select.where('survey_responses.team_id', '=', query.teamId);
  if (query.agentId) select = select.where('survey_responses.agent_id', '=', query.agentId);
  if (query.caseId) select = select.where('survey_responses.case_id', '=', query.caseId);
  if (query.customerId) select = select.where('survey_responses.customer_id', '=', query.customerId);
  if (query.cursor) {
    const [at, id] = query.cursor.split('|');
    if (!at || !id) throw invalidField('cursor', 'is not a cursor this list gave out');
    select = select.where((eb) => eb.or([eb('survey_responses.submitted_at', '<', at), eb.and([eb('survey_responses.submitted_at', '=', at), eb('survey_responses.id', '<', id)])]));
  }
  const rows = await select.orderBy('survey_responses.submitted_at', 'desc').orderBy('survey_responses.id', 'desc').limit(query.limit + 1).execute();
  const items = rows.slice(0, query.limit).map(toSurveyResponse);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? `${last.submittedAt}|${last.id}` : null };
}

/** The invitations of a case or a customer, newest first, each with its response if any. */
export async function listSurveyInvitations(db: Queryable, query: SurveyInvitationQuery): Promise<SurveyInvitation[]> {
  if (!query.caseId && !query.customerId) throw invalidField('caseId', 'or customerId is required');
  let select = db.selectFrom('survey_invitations').selectAll();
  if (query.caseId) select = select.where('case_id', '=', query.caseId);
  if (query.customerId) select = select.where('customer_id', '=', query.customerId);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
  const responses = rows.length === 0 ? [] : await responsesWithNames(db).where('survey_responses.invitation_id', 'in', rows.map((row) => row.id)).execute();
  const byInvitation = new Map(responses.map((response) => [response.invitation_id, toSurveyResponse(response)]));
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer_id,
    caseId: row.case_id,
    transactionId: row.transaction_id,
    followUpId: row.follow_up_id,
    questions: JSON.parse(row.questions_json) as SurveyQuestion[],
    language: row.language,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    answeredAt: row.answered_at,
    response: byInvitation.get(row.id) ?? null,
  }));
}
