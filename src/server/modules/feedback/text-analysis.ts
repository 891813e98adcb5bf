import { stemmer } from 'stemmer';
import { eng, fra } from 'stopword';

/**
 * Themes in customers' own words (survey comments, complaint concerns): tokens, stop words, key
 * phrases, and the themes each text speaks of. Pure and deterministic: the same texts in the same
 * order give the same themes in the same order.
 */

export interface AnalysedText {
  id: string;
  text: string;
  /** Language tag of the text (en, fr-FR…); languages without a stop-word list are read as English. */
  language: string;
}

/** A key phrase: one word, or two words written next to each other (in either order), as folded stems. */
export interface KeyPhrase {
  /** Stems joined by a space, the two of a pair in alphabetical order, e.g. "deliv late". */
  key: string;
  /** How customers most often wrote it, e.g. "late delivery". */
  label: string;
  /** Texts that contain it. */
  mentions: number;
}

export interface Theme {
  label: string;
  /** The phrases that put a text in this theme, most mentioned first. */
  phrases: KeyPhrase[];
  /** Ids of the texts that contain at least one of the phrases, in the order they were given. */
  textIds: string[];
}

export interface ThemeOptions {
  /** A phrase needs this many texts to count (default 2). */
  minMentions?: number;
  /** At most this many themes, the most mentioned (default 12). */
  maxThemes?: number;
}

/**
 * Words of the customer-service register that name no subject: they are in nearly every comment
 * ("please", "order") or only turn a phrase around ("not"), so as themes they would say nothing.
 */
const REGISTER_WORDS: Record<string, readonly string[]> = {
  en: ['order', 'ordered', 'orders', 'arrived', 'arrive', 'arrives', 'received', 'came', 'come', 'please', 'thanks', 'thank', 'hi', 'hello', 'dear', 'one', 'even', 'just', 'really', 'not', 'no', 'got', 'im', 'ive', 'dont', 'didnt', 'wasnt', 'isnt', 'cant', 'also', 'still', 'yet', 'ok', 'okay'],
  fr: ['commande', 'commandé', 'arrivé', 'arrivée', 'reçu', 'bonjour', 'merci', 'très', 'pas', 'toujours', 'encore', 'ça', 'cela', 'rien', 'fait', 'avoir'],
};

// English stop words count in every language: comments are often written in English whatever the
// customer's language on file, and "the" says nothing in a French text either.
const STOP_WORDS: Record<string, ReadonlySet<string>> = {
  en: new Set([...eng, ...REGISTER_WORDS.en!]),
  fr: new Set([...eng, ...REGISTER_WORDS.en!, ...fra, ...REGISTER_WORDS.fr!]),
};

// Elided articles and pronouns glued to the next word in French (l'article, d'un, qu'il).
const FRENCH_ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]/u;
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\p{N}+/gu;
// A clause ends at punctuation: two words either side of a full stop or comma are no phrase.
const CLAUSE_BREAK = /[.!?;:,()\n\r]+/u;

function primaryLanguage(language: string): 'en' | 'fr' {
  return language.trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * English: Porter's stemmer (the `stemmer` package), after folding nouns in -ery/-eries onto their
 * verb, since Porter alone keeps "delivery" ("deliveri") apart from "delivered" ("deliv").
 * French: a light fold of plural and feminine endings (livré, livrée, livrés → livr), enough to
 * group a few comments without a full French stemmer.
 */
export function foldWord(word: string, language: string): string {
  if (primaryLanguage(language) === 'fr') {
    return word
      .replace(/(?<=..)[sx]$/u, '')
      .replace(/(?<=...)(?:ée|é|e)$/u, '');
  }
  const noun = word.replace(/(?<=...er)(?:y|ies)$/u, '');
  return stemmer(noun);
}

interface Token {
  surface: string;
  stem: string;
}

/** Clauses of a text as lists of kept tokens: letters only, lower case, no stop words, no numbers, no single letters. */
export function tokenize(text: string, language: string): Token[][] {
  const lang = primaryLanguage(language);
  const stopWords = STOP_WORDS[lang]!;
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(CLAUSE_BREAK)
    .map((clause) => {
      const words = (clause.match(WORD) ?? [])
        .map((word) => (lang === 'fr' ? word.replace(FRENCH_ELISION, '') : word.replace(/['’]/gu, '')))
        .filter((word) => word.length > 1 && !/^\p{N}+$/u.test(word));
      return words.filter((word) => !stopWords.has(word)).map((surface) => ({ surface, stem: foldWord(surface, lang) }));
    })
    .filter((clause) => clause.length > 0);
}

/** The phrases of one text, each with how it was written there. */
function phrasesOf(text: AnalysedText): Map<string, string> {
  const found = new Map<string, string>();
  for (const clause of tokenize(text.text, text.language)) {
    clause.forEach((token, i) => {
      if (!found.has(token.stem)) found.set(token.stem, token.surface);
      const next = clause[i + 1];
      if (!next || next.stem === token.stem) return;
      const key = token.stem < next.stem ? `${token.stem} ${next.stem}` : `${next.stem} ${token.stem}`;
      if (!found.has(key)) found.set(key, `${token.surface} ${next.surface}`);
    });
  }
  return found;
}

function mostWritten(surfaces: Map<string, number>): string {
  return [...surfaces].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/** A phrase joins the theme holding at least this share of its texts… */
const JOIN_SHARE = 0.5;
/** …unless another theme holds this share too: then it is a word spread across themes ("staff" in rude and friendly staff). Below this share everywhere, it starts a theme. */
const SPREAD_SHARE = 0.25;
/** Two words written together say more than either alone ("rude staff" against "staff"). */
const PAIR_WEIGHT = 2;

/**
 * Key phrases ranked by mentions × distinctiveness (document frequency × ln((N + 1) / df), the tf-idf of a
 * phrase counted once per text, smoothed so a phrase in every text still counts; pairs weigh double), then grouped greedily in that order: a phrase
 * joins the theme that already holds half of its texts, starts a theme when no theme holds a
 * quarter of them, and is left out otherwise. A text is in a theme when it contains one of the
 * theme's phrases. A theme is named after its pair of words mentioned most, if that pair is in at
 * least a third of the theme's texts, else after its phrase mentioned most.
 */
export function extractThemes(texts: readonly AnalysedText[], options: ThemeOptions = {}): Theme[] {
  const minMentions = options.minMentions ?? 2;
  const maxThemes = options.maxThemes ?? 12;
  const textsWith = new Map<string, number[]>();
  const surfaces = new Map<string, Map<string, number>>();
  texts.forEach((text, index) => {
    for (const [key, surface] of phrasesOf(text)) {
      let holders = textsWith.get(key);
      if (!holders) textsWith.set(key, (holders = []));
      holders.push(index);
      let written = surfaces.get(key);
      if (!written) surfaces.set(key, (written = new Map()));
      written.set(surface, (written.get(surface) ?? 0) + 1);
    }
  });

  const total = texts.length;
  const candidates = [...textsWith]
    .filter(([, holders]) => holders.length >= minMentions)
    .map(([key, holders]) => ({ key, holders, score: holders.length * Math.log((total + 1) / holders.length) * (key.includes(' ') ? PAIR_WEIGHT : 1) }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const themes: { phrases: { key: string; holders: number[] }[]; members: Set<number> }[] = [];
  for (const candidate of candidates) {
    const shares = themes
      .map((theme) => ({ theme, share: candidate.holders.filter((index) => theme.members.has(index)).length / candidate.holders.length }))
      .sort((a, b) => b.share - a.share);
    const [best, second] = shares;
    if (best && best.share >= JOIN_SHARE && (second?.share ?? 0) < SPREAD_SHARE) {
      best.theme.phrases.push(candidate);
      for (const index of candidate.holders) best.theme.members.add(index);
    } else if ((best?.share ?? 0) < SPREAD_SHARE) {
      themes.push({ phrases: [candidate], members: new Set(candidate.holders) });
    }
  }

  return themes
    .map((theme) => {
      const phrases = theme.phrases
        .map(({ key, holders }) => ({ key, label: mostWritten(surfaces.get(key)!), mentions: holders.length }))
        .sort((a, b) => b.mentions - a.mentions || (a.key < b.key ? -1 : 1));
      const members = [...theme.members].sort((a, b) => a - b);
      const pair = phrases.find((phrase) => phrase.key.includes(' '));
      const named = pair && pair.mentions * 3 >= members.length ? pair : theme.phrases[0]!;
      const label = 'label' in named ? named.label : mostWritten(surfaces.get(named.key)!);
      return { label, phrases, textIds: members.map((index) => texts[index]!.id) };
    })
    .sort((a, b) => b.textIds.length - a.textIds.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .slice(0, maxThemes);
}
