/**
 * The reply check: defensive or blaming phrases found in a draft, so the agent sees them before
 * sending. Matching ignores case, punctuation and runs of spaces, and only whole words count, so
 * "as I already said" is found in "As I  already said," but "fault" is not found in "default".
 */
export interface PhraseFinding {
  phrase: string;
  /** The words as written in the draft. */
  excerpt: string;
  index: number;
}

export const DEFAULT_DEFENSIVE_PHRASES = [
  'you should have',
  'not our fault',
  'as I already said',
  'as I said before',
  'you failed to',
  'you must have',
  'that is not my problem',
  'there is nothing we can do',
  'calm down',
  'our policy clearly states',
  'you need to understand',
  'with all due respect',
] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Typographic apostrophes count as the plain one, so "it's" and "it’s" match alike, in the draft
// and in a phrase typed into the settings.
function plainApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'");
}

function phrasePattern(phrase: string): RegExp | null {
  const words = plainApostrophes(phrase).toLowerCase().match(/[\p{L}\p{N}']+/gu);
  if (!words) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join("[^\\p{L}\\p{N}']+")}(?![\\p{L}\\p{N}])`, 'giu');
}

export function findDefensivePhrases(draft: string, phrases: readonly string[]): PhraseFinding[] {
  const findings: PhraseFinding[] = [];
  const text = plainApostrophes(draft);
  for (const phrase of phrases) {
    const pattern = phrasePattern(phrase);
    if (!pattern) continue;
    for (const match of text.matchAll(pattern)) {
      findings.push({ phrase, excerpt: draft.slice(match.index, match.index + match[0].length), index: match.index });
    }
  }
  return findings.sort((a, b) => a.index - b.index);
}
