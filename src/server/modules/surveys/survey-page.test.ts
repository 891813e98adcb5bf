import { describe, expect, it } from 'vitest';
import { answerProblems, escapeHtml, renderSurveyPage } from './survey-page.js';
import { DEFAULT_SURVEY_SETTINGS, surveyTextsFor } from './survey-settings.store.js';

const ALL = ['csat', 'nps', 'ces'] as const;
const english = DEFAULT_SURVEY_SETTINGS.texts.en!;

describe('answerProblems', () => {
  it('accepts any score within its range, or a comment alone', () => {
    expect(answerProblems({ csat: '1', nps: '0', ces: '7' }, ALL)).toEqual([]);
    expect(answerProblems({ csat: '5', nps: '10', ces: '1', comment: 'Fine' }, ALL)).toEqual([]);
    expect(answerProblems({ comment: 'Only words' }, ALL)).toEqual([]);
    expect(answerProblems({ nps: '9', csat: '', ces: '' }, ALL)).toEqual([]);
  });

  it('names each field out of its range or not a whole number', () => {
    expect(answerProblems({ csat: '0', nps: '11', ces: '3.5' }, ALL).map((p) => p.field)).toEqual(['csat', 'nps', 'ces']);
    expect(answerProblems({ csat: 'six' }, ALL)[0]).toEqual({ field: 'csat', reason: 'must be a whole number from 1 to 5' });
    expect(answerProblems({ nps: '-1' }, ALL)[0]!.field).toBe('nps');
  });

  it('asks for at least one answer, and keeps comments to 2,000 characters', () => {
    expect(answerProblems({ csat: '', comment: '   ' }, ALL)).toEqual([{ field: 'form', reason: 'answer at least one question or write a comment' }]);
    expect(answerProblems({ csat: '4', comment: 'x'.repeat(2001) }, ALL).map((p) => p.field)).toEqual(['comment']);
    expect(answerProblems({ csat: '4', comment: 'x'.repeat(2000) }, ALL)).toEqual([]);
  });

  it('reads only the questions asked', () => {
    expect(answerProblems({ csat: '4', nps: '99' }, ['csat'])).toEqual([]);
    expect(answerProblems({ nps: '9' }, ['csat'])).toEqual([{ field: 'form', reason: 'answer at least one question or write a comment' }]);
  });
});

describe('renderSurveyPage', () => {
  it('escapes everything it shows: texts, the values sent back and the form address', () => {
    const hostile = '<script>alert("x")</script>&\'';
    const html = renderSurveyPage(
      { kind: 'open', texts: { ...english, title: hostile }, language: 'en', questions: ['csat'], problems: [{ field: 'comment', reason: hostile }], values: { comment: `</textarea>${hostile}` } },
      '/survey/a"b',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('</textarea><script');
    expect(html).toContain(escapeHtml(hostile));
    expect(html).toContain('action="/survey/a&quot;b"');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });

  it('labels each score group with its question, puts a problem beside its field, and keeps what was chosen', () => {
    const html = renderSurveyPage({ kind: 'open', texts: english, language: 'en', questions: ['csat', 'nps'], problems: [{ field: 'nps', reason: 'must be a whole number from 0 to 10' }], values: { csat: '4' } }, '/survey/t');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<legend>${escapeHtml(english.csat)}</legend>`);
    expect(html).toMatch(/<fieldset id="nps" aria-describedby="nps-error nps-ends" aria-invalid="true">/);
    expect(html).toContain('<p class="error" id="nps-error">must be a whole number from 0 to 10</p>');
    expect(html).toContain('name="csat" value="4" checked');
    expect(html.match(/name="nps"/g)).toHaveLength(11);
    expect(html).not.toContain('name="ces"');
    expect(html).toContain('name="viewport"');
  });

  it('says in the customer’s language that the survey closed, was answered, or that the link is not valid', () => {
    const { texts, language } = surveyTextsFor(DEFAULT_SURVEY_SETTINGS, 'fr-CA');
    expect(language).toBe('fr');
    expect(renderSurveyPage({ kind: 'expired', texts, language }, '/')).toContain('Ce questionnaire est clos');
    expect(renderSurveyPage({ kind: 'answered', texts, language }, '/')).toContain('Vous avez déjà répondu');
    expect(renderSurveyPage({ kind: 'invalid' }, '/')).toContain('This link is not valid');
    expect(surveyTextsFor(DEFAULT_SURVEY_SETTINGS, 'de').language).toBe('en');
  });
});
