import type { FeedbackQuery, FeedbackThemes, ImprovementSuggestions, LineItem, RootCause } from '../../../shared/index.js';
import type { Queryable, Store } from '../../platform/db/database.js';
import { onCommitted } from '../../platform/db/work.js';
import { reportPeriod } from '../analytics/loyalty.store.js';
import { analyseFeedback, DEFAULT_MIN_SCORED, suggestImprovements, type AnalysedTheme, type FeedbackText } from './feedback-analysis.js';
import { openItemsByTheme } from './improvement-items.store.js';
import { sentimentScore } from './sentiment.js';

const DEFAULT_PERIOD_MS = 90 * 86_400_000;
/** Texts read per source and period, the latest first: bounds the time and memory one analysis takes. */
export const TEXTS_READ = 20_000;
/** How long an analysis is kept for the same store and query when nothing it reads changed in this process. */
const KEPT_MS = 60_000;
const KEPT_QUERIES = 32;

interface Analysis {
  from: string;
  to: string;
  surveyComments: number;
  scoredResponses: number;
  complaints: number;
  truncated: boolean;
  themes: AnalysedTheme[];
}

function productsOf(lineItemsJson: string | null): string[] {
  if (!lineItemsJson) return [];
  return (JSON.parse(lineItemsJson) as LineItem[]).map((item) => `${item.description} (${item.sku})`);
}

async function readTexts(db: Queryable, query: FeedbackQuery, from: string, to: string): Promise<{ texts: FeedbackText[]; truncated: boolean }> {
  let responses = db
    .selectFrom('survey_responses')
    .leftJoin('cases', 'cases.id', 'survey_responses.case_id')
    .leftJoin('transactions', 'transactions.id', 'cases.transaction_id')
    .select([
      'survey_responses.id',
      'survey_responses.comment',
      'survey_responses.language',
      'survey_responses.csat',
      'survey_responses.nps',
      'survey_responses.sentiment',
      'transactions.line_items_json',
    ])
    .where('survey_responses.submitted_at', '>=', from)
    .where('survey_responses.submitted_at', '<', to)
    .orderBy('survey_responses.submitted_at', 'desc')
    .orderBy('survey_responses.id', 'desc')
    .limit(TEXTS_READ + 1);
  if (query.team) responses = responses.where('survey_responses.team_id', '=', query.team);
  if (query.agent) responses = responses.where('survey_responses.agent_id', '=', query.agent);
  if (query.kind) responses = responses.where('survey_responses.case_kind', '=', query.kind);

  let concerns = db
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .leftJoin('transactions', 'transactions.id', 'cases.transaction_id')
    .select(['cases.id', 'cases.concern', 'cases.root_cause', 'customers.language', 'transactions.line_items_json'])
    .where('cases.concern', 'is not', null)
    .where('cases.opened_at', '>=', from)
    .where('cases.opened_at', '<', to)
    .orderBy('cases.opened_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(TEXTS_READ + 1);
  if (query.team) concerns = concerns.where('cases.team_id', '=', query.team);
  if (query.agent) concerns = concerns.where('cases.assignee_id', '=', query.agent);
  if (query.kind) concerns = concerns.where('cases.kind', '=', query.kind);

  const [responseRows, concernRows] = await Promise.all([responses.execute(), concerns.execute()]);
  const texts: FeedbackText[] = [
    ...responseRows.slice(0, TEXTS_READ).map((row) => ({
      id: row.id,
      source: 'survey' as const,
      text: row.comment ?? '',
      language: row.language,
      csat: row.csat,
      nps: row.nps,
      sentiment: row.sentiment,
      rootCause: null,
      products: productsOf(row.line_items_json),
    })),
    ...concernRows.slice(0, TEXTS_READ).map((row) => ({
      id: row.id,
      source: 'complaint' as const,
      text: row.concern!,
      language: row.language,
      csat: null,
      nps: null,
      sentiment: sentimentScore(row.concern!, row.language),
      rootCause: row.root_cause as RootCause | null,
      products: productsOf(row.line_items_json),
    })),
  ];
  return { texts, truncated: responseRows.length > TEXTS_READ || concernRows.length > TEXTS_READ };
}

const kept = new WeakMap<Store, Map<string, { analysis: Analysis; at: number }>>();

/** Forgets a store's analyses when this process commits a response or a case; others' writes show within KEPT_MS. */
function keptFor(store: Store): Map<string, { analysis: Analysis; at: number }> {
  let byQuery = kept.get(store);
  if (!byQuery) {
    const fresh = new Map<string, { analysis: Analysis; at: number }>();
    kept.set(store, (byQuery = fresh));
    onCommitted(store, (changes) => {
      if (changes.some((change) => change.entityType === 'survey_responses' || change.entityType === 'cases')) fresh.clear();
    });
  }
  return byQuery;
}

async function analysis(store: Store, query: FeedbackQuery, nowMs: number): Promise<Analysis> {
  const { from, to } = reportPeriod(query, nowMs, DEFAULT_PERIOD_MS);
  const key = JSON.stringify([from, to, query.team ?? null, query.agent ?? null, query.kind ?? null, query.rankBy]);
  const byQuery = keptFor(store);
  const known = byQuery.get(key);
  if (known && nowMs - known.at < KEPT_MS) return known.analysis;

  const { texts, truncated } = await readTexts(store.db, query, from, to);
  const responses = texts.filter((text) => text.source === 'survey');
  const result: Analysis = {
    from,
    to,
    surveyComments: responses.filter((text) => text.text.trim() !== '').length,
    scoredResponses: responses.length,
    complaints: texts.length - responses.length,
    truncated,
    themes: analyseFeedback(texts, query.rankBy),
  };
  if (byQuery.size >= KEPT_QUERIES) byQuery.delete(byQuery.keys().next().value!);
  byQuery.set(key, { analysis: result, at: nowMs });
  return result;
}

export async function feedbackThemes(store: Store, query: FeedbackQuery, nowMs = Date.now()): Promise<FeedbackThemes> {
  const { themes, ...figures } = await analysis(store, query, nowMs);
  return {
    ...figures,
    rankBy: query.rankBy,
    minScored: DEFAULT_MIN_SCORED,
    themes: themes.map(({ texts: _texts, ...theme }) => theme),
  };
}

export async function improvementSuggestions(store: Store, query: FeedbackQuery, nowMs = Date.now()): Promise<ImprovementSuggestions> {
  const { themes, ...figures } = await analysis(store, { ...query, rankBy: 'volume' }, nowMs);
  return { ...figures, minScored: DEFAULT_MIN_SCORED, suggestions: suggestImprovements(themes, await openItemsByTheme(store.db)) };
}
