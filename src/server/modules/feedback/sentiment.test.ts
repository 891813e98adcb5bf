import { describe, expect, it } from 'vitest';
import { sentimentScore } from './sentiment.js';

describe('sentimentScore', () => {
  it('is negative for complaints and positive for praise, within −1 … 1', () => {
    const angry = sentimentScore('The parcel arrived broken and the staff were rude. Terrible service!', 'en');
    const happy = sentimentScore('Great service, friendly staff, thank you so much!', 'en');
    expect(angry).not.toBeNull();
    expect(happy).not.toBeNull();
    expect(angry!).toBeLessThan(-0.5);
    expect(angry!).toBeGreaterThanOrEqual(-1);
    expect(happy!).toBeGreaterThan(0.5);
    expect(happy!).toBeLessThanOrEqual(1);
  });

  it('normalises the AFINN sum as x / √(x² + 15), rounded to three places', () => {
    // "bad" is rated −3 in AFINN-165: −3 / √24.
    expect(sentimentScore('bad', 'en')).toBe(Math.round((-3 / Math.sqrt(24)) * 1000) / 1000);
    // "good" +3 and "bad" −3 cancel out.
    expect(sentimentScore('good but bad', 'en')).toBe(0);
  });

  it('reads negation the lexicon package knows ("not good" is negative)', () => {
    expect(sentimentScore('not good', 'en')!).toBeLessThan(0);
  });

  it('is null when no word of the text is rated', () => {
    expect(sentimentScore('order 1234 delivered on Tuesday', 'en')).toBeNull();
    expect(sentimentScore('', 'en')).toBeNull();
  });

  it('accepts regional tags and any case of the language code', () => {
    expect(sentimentScore('terrible', 'en-GB')).toBe(sentimentScore('terrible', 'en'));
    expect(sentimentScore('terrible', 'EN')).toBe(sentimentScore('terrible', 'en'));
  });

  it('is null for languages without a lexicon rather than scoring them with English words', () => {
    expect(sentimentScore('Livraison en retard, service horrible', 'fr')).toBeNull();
    expect(sentimentScore('terrible', 'de')).toBeNull();
    expect(sentimentScore('terrible', '')).toBeNull();
  });
});
