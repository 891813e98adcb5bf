import { z } from 'zod';
import { CASE_KINDS, IMPROVEMENT_STATUSES } from '../enums.js';
import { EntityId, Instant } from './common.js';
import { RootCause } from './procedure.js';

export const FEEDBACK_RANKINGS = ['volume', 'effect'] as const;

export const FeedbackQuery = z.object({
  from: Instant.optional().describe('start of the period (inclusive); defaults to 90 days before `to`'),
  to: Instant.optional().describe('end of the period (exclusive); defaults to now'),
  team: EntityId.optional().describe('only responses and complaints of this team (as it was when the survey was asked; the case’s team for complaints)'),
  agent: EntityId.optional().describe('only responses and complaints handled by this agent'),
  kind: z.enum(CASE_KINDS).optional().describe('only cases of this kind'),
  rankBy: z
    .enum(FEEDBACK_RANKINGS)
    .default('volume')
    .describe('volume: most mentioned first; effect: largest estimated CSAT lift first, then NPS lift, themes without a figure last'),
});
export type FeedbackQuery = z.infer<typeof FeedbackQuery>;

/** A score (CSAT % or NPS) of the responses mentioning a theme against those that do not. */
export const ScoreComparison = z.object({
  with: z.number().nullable().describe('the score of responses mentioning the theme; null when fewer than the minimum answered'),
  withCount: z.number().int().describe('responses mentioning the theme that answered the question'),
  without: z.number().nullable().describe('the score of the other responses; null when fewer than the minimum answered'),
  withoutCount: z.number().int(),
  lift: z
    .number()
    .nullable()
    .describe('points the overall score would gain if these responses scored as the rest: share of responses mentioning it × (without − with); null without both scores'),
});
export type ScoreComparison = z.infer<typeof ScoreComparison>;

export const FeedbackTheme = z.object({
  theme: z.string().describe('the theme’s most representative phrase'),
  phrases: z.array(z.string()).describe('the phrases that put a text in the theme, most mentioned first'),
  mentions: z.number().int(),
  fromSurveys: z.number().int().describe('survey comments mentioning it'),
  fromComplaints: z.number().int().describe('complaint concerns mentioning it'),
  sentiment: z.number().nullable().describe('mean sentiment (−1 … 1) of its texts that have one'),
  csat: ScoreComparison.describe('CSAT: share of answers 4 or 5, in %'),
  nps: ScoreComparison.describe('NPS: % promoters (9–10) − % detractors (0–6)'),
  rootCauses: z.array(z.object({ rootCause: RootCause, count: z.number().int() })).describe('root causes recorded on its complaints, most frequent first'),
  products: z.array(z.object({ product: z.string(), count: z.number().int() })).describe('products of the orders its cases are about, most frequent first'),
});
export type FeedbackTheme = z.infer<typeof FeedbackTheme>;

export const FeedbackThemes = z.object({
  from: Instant,
  to: Instant,
  rankBy: z.enum(FEEDBACK_RANKINGS),
  surveyComments: z.number().int().describe('survey comments read'),
  scoredResponses: z.number().int().describe('survey responses read, with or without a comment'),
  complaints: z.number().int().describe('complaint concerns read'),
  truncated: z.boolean().describe('true when the period holds more than the analysis reads (the latest are read)'),
  minScored: z.number().int().describe('answers needed on each side for a score comparison'),
  themes: z.array(FeedbackTheme),
});
export type FeedbackThemes = z.infer<typeof FeedbackThemes>;

export const ImprovementSuggestion = z.object({
  theme: z.string(),
  phrases: z.array(z.string()),
  evidenceCount: z.number().int().describe('texts mentioning the theme'),
  fromSurveys: z.number().int(),
  fromComplaints: z.number().int(),
  examples: z.array(z.string()).max(3).describe('up to three of the shortest comments that say it'),
  affectedProduct: z.string().nullable().describe('the product most frequent among its cases’ orders'),
  affectedProcess: RootCause.nullable().describe('the root cause most frequent among its complaints'),
  affected: z.string().nullable().describe('the product, else the process, in words'),
  estimatedEffect: z.string().describe('the expected gain in words and figures'),
  csat: ScoreComparison,
  nps: ScoreComparison,
  openItemId: EntityId.nullable().describe('the improvement item open for this theme, if any'),
});
export type ImprovementSuggestion = z.infer<typeof ImprovementSuggestion>;

export const ImprovementSuggestions = FeedbackThemes.omit({ themes: true, rankBy: true }).extend({ suggestions: z.array(ImprovementSuggestion) });
export type ImprovementSuggestions = z.infer<typeof ImprovementSuggestions>;

export const ImprovementStatus = z.enum(IMPROVEMENT_STATUSES);
export type ImprovementStatus = z.infer<typeof ImprovementStatus>;

const LocalDate = z.iso.date('must be a date YYYY-MM-DD');

/** What a suggestion rested on when it was tracked, kept with the item. */
export const ImprovementEvidence = z.object({
  mentions: z.number().int().min(0).default(0),
  fromSurveys: z.number().int().min(0).default(0),
  fromComplaints: z.number().int().min(0).default(0),
  examples: z.array(z.string().max(2_000)).max(3).default([]),
  csat: ScoreComparison.optional(),
  nps: ScoreComparison.optional(),
  from: Instant.optional().describe('the period analysed'),
  to: Instant.optional(),
});
export type ImprovementEvidence = z.infer<typeof ImprovementEvidence>;

export const ImprovementItem = z.object({
  id: EntityId,
  title: z.string(),
  theme: z.string(),
  description: z.string().nullable(),
  affected: z.string().nullable(),
  evidence: ImprovementEvidence,
  estimatedEffect: z.string().nullable(),
  ownerId: EntityId.nullable(),
  ownerName: z.string().nullable(),
  status: ImprovementStatus,
  dueDate: z.string().nullable().describe('YYYY-MM-DD'),
  overdue: z.boolean().describe('open or in progress and due before today (UTC)'),
  createdBy: EntityId.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  closedAt: Instant.nullable().describe('when it was done or dropped'),
});
export type ImprovementItem = z.infer<typeof ImprovementItem>;

export const ImprovementItemListQuery = z.object({
  status: ImprovementStatus.optional(),
  owner: EntityId.optional(),
});
export type ImprovementItemListQuery = z.infer<typeof ImprovementItemListQuery>;

const Title = z.string().trim().min(1, 'must not be empty').max(200);
const Description = z.string().trim().max(10_000);

export const CreateImprovementItem = z.object({
  title: Title,
  theme: z.string().trim().min(1, 'must not be empty').max(200).describe('the theme it answers; one open item per theme'),
  description: Description.nullable().optional(),
  affected: z.string().trim().max(500).nullable().optional(),
  evidence: ImprovementEvidence.default({ mentions: 0, fromSurveys: 0, fromComplaints: 0, examples: [] }),
  estimatedEffect: z.string().trim().max(1_000).nullable().optional(),
  ownerId: EntityId.nullable().optional().describe('a user'),
  dueDate: LocalDate.nullable().optional(),
  force: z.boolean().default(false).describe('create it even though an item for the same theme is open'),
});
export type CreateImprovementItem = z.infer<typeof CreateImprovementItem>;

export const UpdateImprovementItem = z.object({
  title: Title.optional(),
  description: Description.nullable().optional(),
  ownerId: EntityId.nullable().optional(),
  status: ImprovementStatus.optional().describe('done and dropped set closedAt; open and in_progress clear it'),
  dueDate: LocalDate.nullable().optional(),
});
export type UpdateImprovementItem = z.infer<typeof UpdateImprovementItem>;
