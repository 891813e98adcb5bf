import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../../shared/index.js';
import { analyseFeedback, suggestImprovements, type FeedbackText } from './feedback-analysis.js';

let next = 0;
function response(text: string, csat: number | null, nps: number | null): FeedbackText {
  return { id: `r${++next}`, source: 'survey', text, language: 'en', csat, nps, sentiment: null, rootCause: null, products: [] };
}
function complaint(text: string, rootCause: RootCause | null, products: string[], sentiment: number | null = null): FeedbackText {
  return { id: `c${++next}`, source: 'complaint', text, language: 'en', csat: null, nps: null, sentiment, rootCause, products };
}

const LATE_RESPONSES = [
  response('Late delivery again', 1, 2),
  response('The delivery was late', 2, 3),
  response('Late delivery but a nice product', 4, 8),
  response('Very late delivery', 2, 0),
];
const FRIENDLY_RESPONSES = [response('Friendly helpful staff', 5, 10), response('Staff were friendly', 5, 9), response('friendly staff', 4, 9)];
const SCORE_ONLY = [response('', 5, 10), response('', 3, 6), response('', 5, 8)];
const LATE_COMPLAINTS = [
  complaint('Late delivery, parcel lost for days', 'delivery', ['Oak chair (CH-01)']),
  complaint('Delivery late by a week', 'delivery', ['Oak chair (CH-01)', 'Lamp (LA-2)']),
  complaint('Late delivery and rude courier', 'third_party', ['Lamp (LA-2)']),
];
const DAMAGED_COMPLAINTS = [
  complaint('Damaged item in the box', 'product_quality', ['Vase (VA-9)'], -0.6),
  complaint('Item damaged on arrival', 'product_quality', ['Vase (VA-9)', 'Vase (VA-9)'], -0.4),
];
const ALL = [...LATE_RESPONSES, ...FRIENDLY_RESPONSES, ...SCORE_ONLY, ...LATE_COMPLAINTS, ...DAMAGED_COMPLAINTS];
const OPTIONS = { minScored: 3 };

describe('analyseFeedback', () => {
  const themes = analyseFeedback(ALL, 'volume', OPTIONS);
  const late = themes.find((theme) => theme.theme === 'late delivery')!;

  it('ranks themes by volume, counting where each was heard', () => {
    expect(themes.map((theme) => [theme.theme, theme.mentions, theme.fromSurveys, theme.fromComplaints])).toEqual([
      ['late delivery', 7, 4, 3],
      ['friendly staff', 3, 3, 0],
      ['damaged item', 2, 0, 2],
    ]);
  });

  it('compares CSAT and NPS of responses mentioning a theme with the rest (hand-computed)', () => {
    // With: CSAT 1, 2, 4, 2 → 1 of 4 = 25%. Without: 5, 5, 4, 5, 3, 5 → 5 of 6 = 83.3%.
    // Lift: 4 of 10 responses × (83.33 − 25) = 23.3 points (overall 60% would become 83.3%).
    expect(late.csat).toEqual({ with: 25, withCount: 4, without: 83.3, withoutCount: 6, lift: 23.3 });
    // NPS with: 2, 3, 8, 0 → no promoter, 3 detractors of 4 = −75. Without: 10, 9, 9, 10, 6, 8 → 4 promoters, 1 detractor of 6 = 50.
    // Lift: 0.4 × 125 = 50.
    expect(late.nps).toEqual({ with: -75, withCount: 4, without: 50, withoutCount: 6, lift: 50 });
  });

  it('joins the root causes of its complaints and the products of its cases', () => {
    expect(late.rootCauses).toEqual([
      { rootCause: 'delivery', count: 2 },
      { rootCause: 'third_party', count: 1 },
    ]);
    expect(late.products).toEqual([
      { product: 'Lamp (LA-2)', count: 2 },
      { product: 'Oak chair (CH-01)', count: 2 },
    ]);
    // A product listed twice on one order counts once for the case.
    expect(themes.find((theme) => theme.theme === 'damaged item')!.products).toEqual([{ product: 'Vase (VA-9)', count: 2 }]);
  });

  it('gives no score figure to a theme without enough scored responses, and the mean sentiment of its texts', () => {
    const damaged = themes.find((theme) => theme.theme === 'damaged item')!;
    // The ten responses score 6 of 10 = 60%, but none mentions damaged items.
    expect(damaged.csat).toEqual({ with: null, withCount: 0, without: 60, withoutCount: 10, lift: null });
    expect(damaged.sentiment).toBe(-0.5);
    expect(late.sentiment).toBeNull();
  });

  it('ranks by effect: CSAT lift first, themes without a figure last', () => {
    // friendly staff: 100% against 3 of 7 = 42.9%, lift 0.3 × −57.1 = −17.1.
    const byEffect = analyseFeedback(ALL, 'effect', OPTIONS);
    expect(byEffect.map((theme) => [theme.theme, theme.csat.lift])).toEqual([
      ['late delivery', 23.3],
      ['friendly staff', -17.1],
      ['damaged item', null],
    ]);
  });

  it('with no responses at all, themes come from complaints alone and carry no score', () => {
    const fromComplaints = analyseFeedback([...LATE_COMPLAINTS, ...DAMAGED_COMPLAINTS], 'volume', OPTIONS);
    expect(fromComplaints.map((theme) => [theme.theme, theme.mentions, theme.fromSurveys])).toEqual([
      ['late delivery', 3, 0],
      ['damaged item', 2, 0],
    ]);
    for (const theme of fromComplaints) {
      expect(theme.csat).toEqual({ with: null, withCount: 0, without: null, withoutCount: 0, lift: null });
      expect(theme.nps.lift).toBeNull();
    }
  });

  it('finds nothing in nothing', () => {
    expect(analyseFeedback([], 'volume')).toEqual([]);
    expect(analyseFeedback(SCORE_ONLY, 'effect')).toEqual([]);
  });
});

describe('suggestImprovements', () => {
  const themes = analyseFeedback(ALL, 'volume', OPTIONS);
  const suggestions = suggestImprovements(themes, new Map([['damaged item', 'imp_open1']]), 3);

  it('suggests fixing what lowers scores or is complained about, not what customers praise', () => {
    expect(suggestions.map((suggestion) => suggestion.theme)).toEqual(['late delivery', 'damaged item']);
  });

  it('without score figures, suggests what complaints raise however calmly worded, and survey comments that read negative', () => {
    const calm = [complaint('Parcel lost by courier', 'delivery', [], 0.2), complaint('Courier lost the parcel', 'delivery', [], null)];
    const grumbles = [response('Slow website today', null, null), response('Website slow again', null, null)].map((text) => ({ ...text, sentiment: -0.3 }));
    const praise = [response('Lovely packaging', null, null), response('Packaging was lovely', null, null)].map((text) => ({ ...text, sentiment: 0.6 }));
    const themes = analyseFeedback([...calm, ...grumbles, ...praise], 'volume', OPTIONS);
    expect(suggestImprovements(themes, new Map(), 3).map((suggestion) => suggestion.theme).sort()).toEqual(['courier lost', 'slow website']);
  });

  it('carries the evidence, the shortest clear examples, the affected product and the effect in words', () => {
    expect(suggestions[0]).toMatchObject({
      theme: 'late delivery',
      evidenceCount: 7,
      fromSurveys: 4,
      fromComplaints: 3,
      examples: ['Very late delivery', 'Late delivery again', 'The delivery was late'],
      affectedProduct: 'Lamp (LA-2)',
      affectedProcess: 'delivery',
      affected: 'Product: Lamp (LA-2)',
      estimatedEffect:
        'CSAT of responses mentioning it 25% vs 83% for the rest: fixing it could lift overall CSAT by about 23 points; NPS of responses mentioning it -75 vs 50 for the rest: about 50 NPS points.',
      openItemId: null,
    });
  });

  it('says why there is no estimate for a theme heard only in complaints, and links the open item', () => {
    expect(suggestions[1]).toMatchObject({
      theme: 'damaged item',
      evidenceCount: 2,
      examples: ['Damaged item in the box', 'Item damaged on arrival'],
      affectedProduct: 'Vase (VA-9)',
      affectedProcess: 'product_quality',
      estimatedEffect: 'No score estimate: 0 scored responses mention it (3 needed on each side). Fixing it would answer 2 complaints.',
      openItemId: 'imp_open1',
    });
  });

  it('names the process when the cases have no products', () => {
    const noProducts = [...LATE_COMPLAINTS.map((text) => ({ ...text, products: [] }))];
    const [suggestion] = suggestImprovements(analyseFeedback(noProducts, 'volume', OPTIONS), new Map(), 3);
    expect(suggestion).toMatchObject({ affectedProduct: null, affectedProcess: 'delivery', affected: 'Process: delivery' });
  });
});
