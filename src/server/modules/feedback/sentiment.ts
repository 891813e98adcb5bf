import Sentiment from 'sentiment';

/**
 * Sentiment of a customer's words, from the AFINN-165 lexicon shipped with the `sentiment` package
 * (offline: no model, no network). Only English has a lexicon there; for any other language the
 * answer is null rather than a guess made with English words.
 */
const analyser = new Sentiment();

const LEXICON_LANGUAGES = new Set(['en']);

/**
 * VADER's normalisation (Hutto & Gilbert 2014): keeps the sum's sign and order, tends to ±1 as
 * more strongly-rated words pile up, and one mildly rated word stays mild (AFINN −2 → −0.46).
 */
const NORMALISATION_ALPHA = 15;

/** −1 (very negative) … 1 (very positive); null when the language has no lexicon or no word of the text is rated. */
export function sentimentScore(text: string, language: string): number | null {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!LEXICON_LANGUAGES.has(primary)) return null;
  const result = analyser.analyze(text, { language: primary });
  if (result.words.length === 0) return null;
  const normalised = result.score / Math.sqrt(result.score * result.score + NORMALISATION_ALPHA);
  return Math.round(normalised * 1000) / 1000;
}
