import type { SurveyResponse } from '../../../src/shared/index.js';
import { toCsv } from '../reports/csv.js';

/** Survey responses as CSV; comments and names are the customers' and agents' text, so formulas are neutralised. */
export function surveyResponsesCsv(responses: readonly SurveyResponse[]): string {
  return toCsv([
    ['Submitted at', 'Case', 'Customer', 'Agent', 'Team', 'Case kind', 'Case channel', 'Language', 'CSAT (1-5)', 'NPS (0-10)', 'CES (1-7)', 'Sentiment (-1 to 1)', 'Comment'],
    ...responses.map((r) => [r.submittedAt, r.caseNumber, r.customerName, r.agentName, r.teamName, r.caseKind, r.caseChannel, r.language, r.csat, r.nps, r.ces, r.sentiment, r.comment]),
  ]);
}
