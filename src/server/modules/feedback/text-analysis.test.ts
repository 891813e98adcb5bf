import { describe, expect, it } from 'vitest';
import { eng, fra } from 'stopword';
import { extractThemes, foldWord, tokenize, type AnalysedText } from './text-analysis.js';

/** Forty comments and concerns of the kind a desk hears, in English with a few in French. */
const CORPUS: readonly [string, string][] = [
  // late delivery (8 English, 2 French)
  ['en', 'My parcel was delivered two weeks late.'],
  ['en', 'Late delivery again, I waited 10 days.'],
  ['en', 'The delivery was late and nobody told me.'],
  ['en', 'Deliveries are always late in my area.'],
  ['en', 'Very late delivery, the courier never came on the promised day.'],
  ['en', 'Order 48213 arrived late, a week after the promised date.'],
  ['en', 'Late delivery ruined the birthday present.'],
  ['en', 'Delivered late, but the product is fine.'],
  ['fr', 'Livraison en retard de deux semaines.'],
  ['fr', 'La livraison est arrivée en retard.'],
  // broken or damaged items (7)
  ['en', 'The vase arrived broken.'],
  ['en', 'Item damaged in transit, the box was crushed.'],
  ['en', 'Received a damaged item, the screen is cracked.'],
  ['en', 'The chair arrived broken, one leg snapped.'],
  ['en', 'Damaged item and the packaging was torn.'],
  ['en', 'Second time I get a damaged item.'],
  ['en', 'Lamp came broken, glass everywhere.'],
  // refund delays (7)
  ['en', 'Still waiting for my refund after three weeks.'],
  ['en', 'The refund has not arrived yet.'],
  ['en', 'Refund delayed again, nobody answers.'],
  ['en', 'I returned the item a month ago and no refund.'],
  ['en', 'Refund took far too long.'],
  ['en', 'Where is my refund? Returned it 20 days ago.'],
  ['fr', 'Toujours pas de remboursement après un mois.'],
  // rude staff (4) and friendly staff (4)
  ['en', 'The staff on the phone were rude.'],
  ['en', 'Rude staff member hung up on me.'],
  ['en', 'Your agent was rude and unhelpful.'],
  ['en', 'Rude staff at the store counter.'],
  ['en', 'Friendly staff, sorted it in minutes.'],
  ['en', 'The staff were friendly and helpful.'],
  ['en', 'Very friendly staff, thank you!'],
  ['en', 'Friendly and quick, great service.'],
  // website checkout errors (5)
  ['en', 'Checkout error when paying by card.'],
  ['en', 'The website showed an error at checkout.'],
  ['en', 'Checkout keeps failing with an error message.'],
  ['en', 'Website error, could not pay.'],
  ['en', 'Got an error on the checkout page twice.'],
  // unrelated (3)
  ['en', 'Can I change my address?'],
  ['en', 'All good.'],
  ['fr', 'Merci pour votre aide.'],
];

const TEXTS: AnalysedText[] = CORPUS.map(([language, text], i) => ({ id: `t${String(i + 1).padStart(2, '0')}`, text, language }));

describe('extractThemes on a fixed corpus', () => {
  const themes = extractThemes(TEXTS);
  const summary = themes.map((theme) => [theme.label, theme.textIds.length]);

  it('finds the problems the desk hears, most mentioned first, each named by its most written phrase', () => {
    expect(summary).toEqual([
      ['late delivery', 8],
      ['refund', 6],
      ['damaged item', 5],
      ['error checkout', 5],
      ['friendly staff', 4],
      ['rude staff', 4],
      ['broken', 3],
      ['livraison retard', 2],
    ]);
  });

  it('puts a text in every theme whose phrases it contains, and in no other', () => {
    const ids = (label: string) => themes.find((theme) => theme.label === label)!.textIds;
    expect(ids('late delivery')).toEqual(['t01', 't02', 't03', 't04', 't05', 't06', 't07', 't08']);
    // "I returned the item a month ago and no refund" speaks of a refund and names an item.
    expect(ids('refund')).toEqual(['t18', 't19', 't20', 't21', 't22', 't23']);
    expect(ids('damaged item')).toEqual(['t12', 't13', 't15', 't16', 't21']);
    expect(ids('rude staff')).toEqual(['t25', 't26', 't27', 't28']);
    expect(ids('friendly staff')).toEqual(['t29', 't30', 't31', 't32']);
    expect(ids('livraison retard')).toEqual(['t09', 't10']);
    // Nothing about an address, "all good" or a thank-you makes a theme.
    const themed = new Set(themes.flatMap((theme) => theme.textIds));
    expect(['t38', 't39', 't40'].filter((id) => themed.has(id))).toEqual([]);
  });

  it('groups delivered, delivery and deliveries, and rude with rude staff', () => {
    const late = themes[0]!;
    expect(late.phrases.map((phrase) => [phrase.key, phrase.mentions])).toEqual([
      ['late', 8],
      ['deliv', 7],
      ['deliv late', 5],
      ['promis', 2],
    ]);
    expect(themes.find((theme) => theme.label === 'rude staff')!.phrases.map((phrase) => phrase.key)).toEqual(['rude', 'rude staff']);
  });

  it('keeps a word spread over several themes out of all of them ("staff" is in rude and friendly comments)', () => {
    expect(themes.flatMap((theme) => theme.phrases.map((phrase) => phrase.key))).not.toContain('staff');
  });

  it('never makes a theme or a phrase of a stop word, a number or a customer-service pleasantry', () => {
    const stopWords = new Set([...eng, ...fra, 'order', 'please', 'thank', 'not']);
    for (const theme of themes) {
      for (const phrase of theme.phrases) {
        for (const word of phrase.label.split(' ')) {
          expect(stopWords.has(word), `${word} in ${theme.label}`).toBe(false);
          expect(word).not.toMatch(/^\d+$/);
        }
      }
    }
  });

  it('gives the same themes in the same order every time', () => {
    expect(extractThemes(TEXTS)).toEqual(themes);
  });

  it('respects maxThemes and minMentions', () => {
    expect(extractThemes(TEXTS, { maxThemes: 3 }).map((theme) => theme.label)).toEqual(['late delivery', 'refund', 'damaged item']);
    // With six mentions needed, no pair of words is left: "staff" alone stands for rude and friendly staff.
    expect(extractThemes(TEXTS, { minMentions: 6 }).map((theme) => [theme.label, theme.textIds.length])).toEqual([
      ['late', 8],
      ['refund', 6],
      ['staff', 6],
    ]);
  });

  it('finds no theme in no texts, or in texts that share nothing', () => {
    expect(extractThemes([])).toEqual([]);
    expect(extractThemes(TEXTS.slice(37))).toEqual([]);
  });
});

describe('tokenize and foldWord', () => {
  it('folds delivered, delivery and deliveries onto one stem, and French plural and feminine endings', () => {
    expect(new Set(['delivered', 'delivery', 'deliveries', 'deliver'].map((word) => foldWord(word, 'en')))).toEqual(new Set(['deliv']));
    expect(new Set(['livré', 'livrée', 'livrées', 'livrés'].map((word) => foldWord(word, 'fr')))).toEqual(new Set(['livr']));
  });

  it('keeps words by clause, lower case, without stop words, numbers, single letters or French elisions', () => {
    expect(tokenize('Order 48213: the DELIVERY was late. I waited!', 'en').map((clause) => clause.map((token) => token.surface))).toEqual([['delivery', 'late'], ['waited']]);
    expect(tokenize("L'article est arrivé cassé", 'fr-FR').map((clause) => clause.map((token) => token.surface))).toEqual([['article', 'cassé']]);
    // A comment in English from a customer whose language is French.
    expect(tokenize('The box was crushed', 'fr').map((clause) => clause.map((token) => token.surface))).toEqual([['box', 'crushed']]);
  });
});
