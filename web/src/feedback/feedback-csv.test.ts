import { describe, expect, it } from 'vitest';
import type { ImprovementItem, ImprovementSuggestion } from '../../../src/shared/index.js';
import { improvementItemsCsv, suggestionsCsv } from './feedback-csv.js';

const NO_SCORE = { with: null, withCount: 0, without: null, withoutCount: 0, lift: null };

describe('feedback CSV exports', () => {
  it('neutralises comments and titles that a spreadsheet would run as formulas', () => {
    const suggestion: ImprovementSuggestion = {
      theme: 'refund',
      phrases: ['refund'],
      evidenceCount: 2,
      fromSurveys: 0,
      fromComplaints: 2,
      examples: ['=HYPERLINK("http://x")', 'still no refund'],
      affectedProduct: null,
      affectedProcess: 'billing',
      affected: 'Process: billing',
      estimatedEffect: 'No score estimate.',
      csat: NO_SCORE,
      nps: NO_SCORE,
      openItemId: null,
    };
    const csv = suggestionsCsv([suggestion]).split('\r\n');
    expect(csv[1]).toBe('refund,2,0,2,Process: billing,No score estimate.,"\'=HYPERLINK(""http://x"") | still no refund",no');

    const item: ImprovementItem = {
      id: 'imp_1',
      title: '+Refund faster',
      theme: 'refund',
      description: null,
      affected: null,
      evidence: { mentions: 2, fromSurveys: 0, fromComplaints: 2, examples: [] },
      estimatedEffect: null,
      ownerId: null,
      ownerName: '@owner',
      status: 'in_progress',
      dueDate: '2030-01-31',
      overdue: false,
      createdBy: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      closedAt: null,
    };
    expect(improvementItemsCsv([item]).split('\r\n')[1]).toBe("'+Refund faster,refund,'@owner,In progress,2030-01-31,no,,,2,2026-01-01T00:00:00.000Z,");
  });
});
