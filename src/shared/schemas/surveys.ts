import { z } from 'zod';
import { CASE_KINDS, SURVEY_QUESTIONS } from '../enums.js';
import { EntityId, Instant, PageQuery } from './common.js';

export const SurveyQuestion = z.enum(SURVEY_QUESTIONS);
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

/** The range of each question's score: CSAT 1–5, NPS 0–10, CES 1–7 (7 = very easy). */
export const SURVEY_SCALES: Record<SurveyQuestion, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
};

export const SURVEY_COMMENT_MAX = 2000;

const Text = z.string().trim().min(1, 'must not be empty').max(500);
const SurveyLanguage = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or fr-FR');

/** What the customer reads on the survey page, in one language. */
export const SurveyTexts = z.object({
  title: Text.describe('the heading of the page'),
  csat: Text.describe('the CSAT question, answered 1 (very dissatisfied) to 5 (very satisfied)'),
  csatLow: Text.describe('what 1 means'),
  csatHigh: Text.describe('what 5 means'),
  nps: Text.describe('the NPS question, answered 0 (not at all likely) to 10 (extremely likely)'),
  npsLow: Text,
  npsHigh: Text,
  ces: Text.describe('the CES question, answered 1 (very difficult) to 7 (very easy)'),
  cesLow: Text,
  cesHigh: Text,
  comment: Text.describe('the prompt above the free-text box'),
  submit: Text.describe('the label of the send button'),
  thankYou: Text.describe('shown once the answer is recorded'),
});
export type SurveyTexts = z.infer<typeof SurveyTexts>;

export const SurveySettings = z.object({
  questions: z.array(SurveyQuestion).min(1, 'must ask at least one question').max(SURVEY_QUESTIONS.length).describe('the questions asked, beside the comment box'),
  texts: z
    .record(SurveyLanguage, SurveyTexts)
    .refine((texts) => 'en' in texts, 'must include English, the language used when the customer’s is missing')
    .describe('per language; the customer’s language, else its base language, else English'),
  validityDays: z.number().int().min(1).max(365).describe('how long a survey link stays open'),
  neverTwiceWithinDays: z.number().int().min(0).max(3650).describe('no customer is asked to answer a survey twice within this many days, whichever rule asks; 0: no limit'),
});
export type SurveySettings = z.infer<typeof SurveySettings>;

export const UpdateSurveySettings = SurveySettings.partial();
export type UpdateSurveySettings = z.infer<typeof UpdateSurveySettings>;

/** A survey response as the workspace lists it. */
export const SurveyResponse = z.object({
  id: EntityId,
  invitationId: EntityId,
  customerId: EntityId,
  customerName: z.string(),
  caseId: EntityId.nullable(),
  caseNumber: z.string().nullable(),
  csat: z.number().int().nullable(),
  nps: z.number().int().nullable(),
  ces: z.number().int().nullable(),
  comment: z.string().nullable(),
  sentiment: z.number().nullable().describe('−1 … 1 from the comment’s words; null without a comment or a lexicon for its language'),
  language: z.string(),
  agentId: EntityId.nullable().describe('who handled the case when the survey was sent'),
  agentName: z.string().nullable(),
  teamId: EntityId.nullable(),
  teamName: z.string().nullable(),
  caseChannel: z.string().nullable(),
  caseKind: z.enum(CASE_KINDS).nullable(),
  submittedAt: Instant,
});
export type SurveyResponse = z.infer<typeof SurveyResponse>;

/** A survey invitation as the case and the customer's journey show it. */
export const SurveyInvitation = z.object({
  id: EntityId,
  customerId: EntityId,
  caseId: EntityId.nullable(),
  transactionId: EntityId.nullable(),
  followUpId: EntityId.nullable(),
  questions: z.array(SurveyQuestion),
  language: z.string(),
  createdAt: Instant,
  expiresAt: Instant,
  answeredAt: Instant.nullable(),
  response: SurveyResponse.nullable(),
});
export type SurveyInvitation = z.infer<typeof SurveyInvitation>;

export const SurveyResponseQuery = PageQuery.extend({
  from: Instant.optional().describe('submitted at or after'),
  to: Instant.optional().describe('submitted before'),
  teamId: EntityId.optional().describe('the team that handled the case when the survey was sent'),
  agentId: EntityId.optional().describe('the agent who handled the case when the survey was sent'),
  caseId: EntityId.optional(),
  customerId: EntityId.optional(),
});
export type SurveyResponseQuery = z.infer<typeof SurveyResponseQuery>;

export const SurveyInvitationQuery = z.object({
  caseId: EntityId.optional(),
  customerId: EntityId.optional(),
});
export type SurveyInvitationQuery = z.infer<typeof SurveyInvitationQuery>;

/**
 * What the survey page posts, form-encoded: each score optional but within its range, at least a
 * score or a comment. Empty fields are unanswered questions, not zeros.
 */
function scoreOf(question: SurveyQuestion) {
  const { min, max } = SURVEY_SCALES[question];
  return z.preprocess(
    (value) => (value === '' || value === undefined || value === null ? undefined : typeof value === 'string' ? Number(value) : value),
    z
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`)
      .optional(),
  );
}

export const SurveyAnswer = z
  .object({
    csat: scoreOf('csat'),
    nps: scoreOf('nps'),
    ces: scoreOf('ces'),
    comment: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim() || undefined : value),
      z.string().max(SURVEY_COMMENT_MAX, `must be at most ${SURVEY_COMMENT_MAX} characters`).optional(),
    ),
  })
  .refine((answer) => answer.csat !== undefined || answer.nps !== undefined || answer.ces !== undefined || answer.comment !== undefined, {
    message: 'answer at least one question or write a comment',
    path: ['form'],
  });
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;
