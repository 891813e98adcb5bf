import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFENSIVE_PHRASES, findDefensivePhrases } from './reply-check.js';

const phrasesIn = (draft: string, phrases: readonly string[] = DEFAULT_DEFENSIVE_PHRASES) => findDefensivePhrases(draft, phrases).map((f) => f.phrase);

describe('findDefensivePhrases', () => {
  it('finds phrases whatever their case, punctuation or spacing, quoting them as written', () => {
    const draft = 'Dear Maria, As I  already said, YOU SHOULD HAVE descaled it.';
    expect(findDefensivePhrases(draft, DEFAULT_DEFENSIVE_PHRASES)).toEqual([
      { phrase: 'as I already said', excerpt: 'As I  already said', index: 12 },
      { phrase: 'you should have', excerpt: 'YOU SHOULD HAVE', index: 32 },
    ]);
  });

  it('matches words across line breaks and punctuation between them', () => {
    expect(phrasesIn('That is not our\nfault.')).toEqual(['not our fault']);
    expect(phrasesIn('It was not — our — fault')).toEqual(['not our fault']);
  });

  it('counts whole words only', () => {
    expect(phrasesIn('This is the default setting, not our faults list', ['fault'])).toEqual([]);
    expect(phrasesIn('A fault in the seal', ['fault'])).toEqual(['fault']);
    expect(phrasesIn('Please recalm downstairs', ['calm down'])).toEqual([]);
  });

  it('treats typographic apostrophes in the draft as plain ones', () => {
    expect(findDefensivePhrases('Well, that’s not my problem', ["that's not my problem"])).toEqual([
      { phrase: "that's not my problem", excerpt: 'that’s not my problem', index: 6 },
    ]);
    expect(phrasesIn('Sorry, it‘s not our fault', ["it's not our fault"])).toEqual(["it's not our fault"]);
  });

  it('finds a phrase saved with a typographic apostrophe in either spelling of the draft', () => {
    expect(phrasesIn("that's not my problem", ['that’s not my problem'])).toEqual(['that’s not my problem']);
    expect(phrasesIn('that’s not my problem', ['that’s not my problem'])).toEqual(['that’s not my problem']);
  });

  it('finds every occurrence, in the order of the draft', () => {
    const findings = findDefensivePhrases('Calm down. I said calm down! You must have dropped it.', DEFAULT_DEFENSIVE_PHRASES);
    expect(findings.map((f) => [f.phrase, f.index])).toEqual([
      ['calm down', 0],
      ['calm down', 18],
      ['you must have', 29],
    ]);
  });

  it('finds nothing in a courteous reply, and ignores phrases without words', () => {
    expect(phrasesIn('Thank you for telling us, and sorry for the trouble. A new kettle is on its way.')).toEqual([]);
    expect(phrasesIn('!!! ...', ['...', '!!!'])).toEqual([]);
  });

  it('takes phrases with characters that mean something in a pattern literally', () => {
    expect(phrasesIn('We cannot do (a+b) today', ['a+b'])).toEqual(['a+b']);
    expect(phrasesIn('We cannot do aab today', ['a+b'])).toEqual([]);
  });
});
