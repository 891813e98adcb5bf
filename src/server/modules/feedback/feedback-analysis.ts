import type { FeedbackTheme, ImprovementSuggestion, RootCause, ScoreComparison } from '../../../shared/index.js';
import { extractThemes, type ThemeOptions } from './text-analysis.js';

/** A survey response (its comment may be empty: its scores still count for the rest) or a complaint's concern. */
export interface FeedbackText {
  id: string;
  source: 'survey' | 'complaint';
  text: string;
  language: string;
  csat: number | null;
  nps: number | null;
  sentiment: number | null;
  rootCause: RootCause | null;
  /** Products of the order the case is about, e.g. "Oak chair (CH-01)". */
  products: readonly string[];
}

export interface FeedbackAnalysisOptions extends ThemeOptions {
  /** Answers needed on each side (mentioning the theme, and not) for a score comparison; default 5. */
  minScored?: number;
}

export const DEFAULT_MIN_SCORED = 5;
const EXAMPLES = 3;
// Fewer words than this is rarely a comment a manager can act on ("late!").
const CLEAR_EXAMPLE_WORDS = 3;

const csatScore = (answers: readonly number[]) => (100 * answers.filter((score) => score >= 4).length) / answers.length;
const npsScore = (answers: readonly number[]) =>
  (100 * (answers.filter((score) => score >= 9).length - answers.filter((score) => score <= 6).length)) / answers.length;

const round1 = (value: number) => Math.round(value * 10) / 10;

function compare(withAnswers: readonly number[], withoutAnswers: readonly number[], score: (answers: readonly number[]) => number, minScored: number): ScoreComparison {
  const withScore = withAnswers.length >= minScored ? round1(score(withAnswers)) : null;
  const withoutScore = withoutAnswers.length >= minScored ? round1(score(withoutAnswers)) : null;
  const share = withAnswers.length / (withAnswers.length + withoutAnswers.length);
  return {
    with: withScore,
    withCount: withAnswers.length,
    without: withoutScore,
    withoutCount: withoutAnswers.length,
    // Unrounded scores: the lift should not carry the rounding of both.
    lift: withScore !== null && withoutScore !== null ? round1(share * (score(withoutAnswers) - score(withAnswers))) : null,
  };
}

function tally(values: Iterable<string>): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

export interface AnalysedTheme extends FeedbackTheme {
  /** Texts mentioning it, in the order given. */
  texts: FeedbackText[];
}

/**
 * Themes of the texts with, for each, where it was heard, how the responses mentioning it scored
 * against the rest, the root causes of its complaints and the products of its cases. Ranked by
 * volume, or by effect: the CSAT lift, then the NPS lift, themes without either last.
 */
export function analyseFeedback(texts: readonly FeedbackText[], rankBy: 'volume' | 'effect', options: FeedbackAnalysisOptions = {}): AnalysedTheme[] {
  const minScored = options.minScored ?? DEFAULT_MIN_SCORED;
  const commented = texts.filter((text) => text.text.trim() !== '');
  const responses = texts.filter((text) => text.source === 'survey');
  const themes = extractThemes(commented, options).map((theme): AnalysedTheme => {
    const ids = new Set(theme.textIds);
    const mentioning = commented.filter((text) => ids.has(text.id));
    const scored = (pick: (text: FeedbackText) => number | null, among: (text: FeedbackText) => boolean) =>
      responses.filter(among).flatMap((text) => {
        const value = pick(text);
        return value === null ? [] : [value];
      });
    const mentions = (text: FeedbackText) => ids.has(text.id);
    const others = (text: FeedbackText) => !ids.has(text.id);
    const sentiments = mentioning.flatMap((text) => (text.sentiment === null ? [] : [text.sentiment]));
    return {
      theme: theme.label,
      phrases: theme.phrases.map((phrase) => phrase.label),
      mentions: mentioning.length,
      fromSurveys: mentioning.filter((text) => text.source === 'survey').length,
      fromComplaints: mentioning.filter((text) => text.source === 'complaint').length,
      sentiment: sentiments.length ? Math.round((sentiments.reduce((sum, value) => sum + value, 0) / sentiments.length) * 1000) / 1000 : null,
      csat: compare(scored((text) => text.csat, mentions), scored((text) => text.csat, others), csatScore, minScored),
      nps: compare(scored((text) => text.nps, mentions), scored((text) => text.nps, others), npsScore, minScored),
      rootCauses: tally(mentioning.flatMap((text) => (text.source === 'complaint' && text.rootCause ? [text.rootCause] : []))).map(({ value, count }) => ({ rootCause: value as RootCause, count })),
      products: tally(mentioning.flatMap((text) => [...new Set(text.products)])).map(({ value, count }) => ({ product: value, count })),
      texts: mentioning,
    };
  });
  if (rankBy === 'volume') return themes;
  const effect = (lift: number | null) => lift ?? Number.NEGATIVE_INFINITY;
  return [...themes].sort((a, b) => effect(b.csat.lift) - effect(a.csat.lift) || effect(b.nps.lift) - effect(a.nps.lift) || b.mentions - a.mentions);
}

/**
 * Whether a theme is a problem: the responses mentioning it score lower than the rest (CSAT, else
 * NPS); without either figure, it was raised in complaints (a complaint is a problem however calmly
 * worded) or its comments read negative on average.
 */
function hurts(theme: FeedbackTheme): boolean {
  if (theme.csat.lift !== null) return theme.csat.lift > 0;
  if (theme.nps.lift !== null) return theme.nps.lift > 0;
  return theme.fromComplaints > 0 || (theme.sentiment !== null && theme.sentiment < 0);
}

const points = (value: number) => (Math.abs(value) >= 1 ? String(Math.round(value)) : String(round1(value)));

export function estimatedEffect(theme: FeedbackTheme, minScored: number): string {
  const parts: string[] = [];
  if (theme.csat.lift !== null) {
    parts.push(
      `CSAT of responses mentioning it ${points(theme.csat.with!)}% vs ${points(theme.csat.without!)}% for the rest: fixing it could lift overall CSAT by about ${points(theme.csat.lift)} points`,
    );
  }
  if (theme.nps.lift !== null) {
    parts.push(`NPS of responses mentioning it ${points(theme.nps.with!)} vs ${points(theme.nps.without!)} for the rest: about ${points(theme.nps.lift)} NPS points`);
  }
  if (parts.length > 0) return `${parts.join('; ')}.`;
  const heard = [theme.fromComplaints && `${theme.fromComplaints} complaint${theme.fromComplaints === 1 ? '' : 's'}`, theme.fromSurveys && `${theme.fromSurveys} survey comment${theme.fromSurveys === 1 ? '' : 's'}`]
    .filter(Boolean)
    .join(' and ');
  return `No score estimate: ${theme.csat.withCount} scored response${theme.csat.withCount === 1 ? '' : 's'} mention it (${minScored} needed on each side). Fixing it would answer ${heard}.`;
}

/** The shortest comments that still say something, shortest first. */
function examplesOf(texts: readonly FeedbackText[]): string[] {
  const clear = texts.map((text) => text.text.trim()).filter((text) => text.split(/\s+/u).length >= CLEAR_EXAMPLE_WORDS);
  const pool = clear.length > 0 ? clear : texts.map((text) => text.text.trim());
  return [...new Set(pool)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, EXAMPLES);
}

/** A suggestion for every theme that hurts, most heard first, with the open item tracking it if any. */
export function suggestImprovements(
  themes: readonly AnalysedTheme[],
  openItemByTheme: ReadonlyMap<string, string>,
  minScored = DEFAULT_MIN_SCORED,
): ImprovementSuggestion[] {
  return themes
    .filter(hurts)
    .sort((a, b) => b.mentions - a.mentions || (a.theme < b.theme ? -1 : 1))
    .map((theme) => {
      const affectedProduct = theme.products[0]?.product ?? null;
      const affectedProcess = theme.rootCauses[0]?.rootCause ?? null;
      return {
        theme: theme.theme,
        phrases: theme.phrases,
        evidenceCount: theme.mentions,
        fromSurveys: theme.fromSurveys,
        fromComplaints: theme.fromComplaints,
        examples: examplesOf(theme.texts),
        affectedProduct,
        affectedProcess,
        affected: affectedProduct ? `Product: ${affectedProduct}` : affectedProcess ? `Process: ${affectedProcess.replaceAll('_', ' ')}` : null,
        estimatedEffect: estimatedEffect(theme, minScored),
        csat: theme.csat,
        nps: theme.nps,
        openItemId: openItemByTheme.get(theme.theme) ?? null,
      };
    });
}
