import type { FeedbackTheme, ImprovementItem, ImprovementSuggestion, ScoreComparison } from '../../../src/shared/index.js';
import { ROOT_CAUSE_LABELS } from '../cases/procedure-labels.js';
import { toCsv } from '../reports/csv.js';
import { IMPROVEMENT_STATUS_LABELS } from './feedback-labels.js';

const scoreCells = (score: ScoreComparison) => [score.with, score.withCount, score.without, score.withoutCount, score.lift];
const SCORE_HEADINGS = (name: string) => [`${name} with`, `${name} answers with`, `${name} without`, `${name} answers without`, `${name} lift (points)`];

export function themesCsv(themes: readonly FeedbackTheme[]): string {
  return toCsv([
    ['Theme', 'Phrases', 'Mentions', 'From surveys', 'From complaints', 'Sentiment', ...SCORE_HEADINGS('CSAT %'), ...SCORE_HEADINGS('NPS'), 'Root causes', 'Products'],
    ...themes.map((theme) => [
      theme.theme,
      theme.phrases.join('; '),
      theme.mentions,
      theme.fromSurveys,
      theme.fromComplaints,
      theme.sentiment,
      ...scoreCells(theme.csat),
      ...scoreCells(theme.nps),
      theme.rootCauses.map((cause) => `${ROOT_CAUSE_LABELS[cause.rootCause]} (${cause.count})`).join('; '),
      theme.products.map((product) => `${product.product} (${product.count})`).join('; '),
    ]),
  ]);
}

export function suggestionsCsv(suggestions: readonly ImprovementSuggestion[]): string {
  return toCsv([
    ['Theme', 'Evidence', 'From surveys', 'From complaints', 'Affected', 'Estimated effect', 'Examples', 'Tracked'],
    ...suggestions.map((suggestion) => [
      suggestion.theme,
      suggestion.evidenceCount,
      suggestion.fromSurveys,
      suggestion.fromComplaints,
      suggestion.affected,
      suggestion.estimatedEffect,
      suggestion.examples.join(' | '),
      suggestion.openItemId ? 'yes' : 'no',
    ]),
  ]);
}

export function improvementItemsCsv(items: readonly ImprovementItem[]): string {
  return toCsv([
    ['Title', 'Theme', 'Owner', 'Status', 'Due date', 'Overdue', 'Affected', 'Estimated effect', 'Evidence', 'Created', 'Closed'],
    ...items.map((item) => [
      item.title,
      item.theme,
      item.ownerName,
      IMPROVEMENT_STATUS_LABELS[item.status],
      item.dueDate,
      item.overdue ? 'yes' : 'no',
      item.affected,
      item.estimatedEffect,
      item.evidence.mentions,
      item.createdAt,
      item.closedAt,
    ]),
  ]);
}
