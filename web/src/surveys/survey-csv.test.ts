import { describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../../src/shared/index.js';
import { surveyResponsesCsv } from './survey-csv.js';

const response: SurveyResponse = {
  id: 'svr_1',
  invitationId: 'svi_1',
  customerId: 'cus_1',
  customerName: '=HYPERLINK("http://evil")',
  caseId: 'case_1',
  caseNumber: 'C-1001',
  csat: 4,
  nps: 9,
  ces: null,
  comment: '+1, "great" service\nthanks',
  sentiment: 0.5,
  language: 'en',
  agentId: null,
  agentName: null,
  teamId: null,
  teamName: '@team',
  caseChannel: 'email',
  caseKind: 'query',
  submittedAt: '2026-11-26T10:00:00.000Z',
};

describe('surveyResponsesCsv', () => {
  it('writes a header and one row per response, with formulas neutralised and text quoted', () => {
    const lines = surveyResponsesCsv([response]).split('\r\n');
    expect(lines[0]).toBe('Submitted at,Case,Customer,Agent,Team,Case kind,Case channel,Language,CSAT (1-5),NPS (0-10),CES (1-7),Sentiment (-1 to 1),Comment');
    expect(lines[1]).toBe(`2026-11-26T10:00:00.000Z,C-1001,"'=HYPERLINK(""http://evil"")",,'@team,query,email,en,4,9,,0.5,"'+1, ""great"" service\nthanks"`);
  });
});
