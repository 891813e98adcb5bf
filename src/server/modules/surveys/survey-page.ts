import type { SurveyQuestion, SurveyTexts } from '../../../shared/index.js';
import { SURVEY_COMMENT_MAX, SURVEY_SCALES, SurveyAnswer } from '../../../shared/index.js';
import type { SurveyVisit } from './surveys.store.js';

/** A field of the form and what is wrong with it; `form` is the form as a whole. */
export interface AnswerProblem {
  field: SurveyQuestion | 'comment' | 'form';
  reason: string;
}

/** What is wrong with a posted form, field by field; only the questions asked are read. */
export function answerProblems(form: Record<string, string | undefined>, questions: readonly SurveyQuestion[]): AnswerProblem[] {
  const asked = Object.fromEntries(questions.map((question) => [question, form[question]]));
  const parsed = SurveyAnswer.safeParse({ ...asked, comment: form.comment });
  if (parsed.success) return [];
  const problems: AnswerProblem[] = [];
  for (const issue of parsed.error.issues) {
    const field = (issue.path[0] ?? 'form') as AnswerProblem['field'];
    if (!problems.some((problem) => problem.field === field)) problems.push({ field, reason: issue.message });
  }
  return problems;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0 1.25rem}
fieldset{border:1px solid #c4c8cf;border-radius:.5rem;background:#fff;margin:0 0 1.25rem;padding:1rem}
fieldset[aria-invalid=true]{border:2px solid #b00020}
legend{font-weight:600;padding:0 .25rem}
.scale{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0 .25rem}
.scale label{position:relative;display:flex;align-items:center;justify-content:center;min-width:2.75rem;min-height:2.75rem;padding:0 .5rem;border:2px solid #5b6270;border-radius:.5rem;background:#fff;font-weight:600;cursor:pointer}
.scale input{position:absolute;opacity:0;inset:0;margin:0;cursor:pointer}
.scale input:checked+span{color:#fff}
.scale label:has(input:checked){background:#0b57d0;border-color:#0b57d0;color:#fff}
.scale label:has(input:focus-visible){outline:3px solid #1a1a1a;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;font-size:.9rem;color:#4a4f59}
label.comment{display:block;font-weight:600;margin-bottom:.5rem}
textarea{width:100%;min-height:8rem;font:inherit;padding:.625rem;border:1px solid #5b6270;border-radius:.5rem}
textarea:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.error{color:#b00020;font-weight:600;margin:.5rem 0 0}
.summary{border:2px solid #b00020;background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin-bottom:1.25rem}
button{display:block;width:100%;min-height:3rem;font:inherit;font-weight:600;color:#fff;background:#0b57d0;border:0;border-radius:.5rem;cursor:pointer}
button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.notice{background:#fff;border-radius:.5rem;padding:1rem;border:1px solid #c4c8cf}
`;

function page(language: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

// The pages that have no invitation to speak for, in the two languages we ship.
const NOT_VALID = { en: 'This link is not valid', fr: 'Ce lien n’est pas valide' };
const NOT_VALID_DETAIL = {
  en: 'Please check that the whole link was copied from the message we sent you.',
  fr: 'Vérifiez que le lien a été copié en entier depuis le message que nous vous avons envoyé.',
};
const CLOSED = { en: 'This survey has closed', fr: 'Ce questionnaire est clos' };
const CLOSED_DETAIL = { en: 'The link was valid for a limited time. Thank you all the same.', fr: 'Le lien était valable pendant une durée limitée. Merci tout de même.' };
const ALREADY = { en: 'You have already answered', fr: 'Vous avez déjà répondu' };
const inLanguage = (texts: { en: string; fr: string }, language: string) => (language.startsWith('fr') ? texts.fr : texts.en);

const QUESTION_TEXT: Record<SurveyQuestion, (texts: SurveyTexts) => { question: string; low: string; high: string }> = {
  csat: (t) => ({ question: t.csat, low: t.csatLow, high: t.csatHigh }),
  nps: (t) => ({ question: t.nps, low: t.npsLow, high: t.npsHigh }),
  ces: (t) => ({ question: t.ces, low: t.cesLow, high: t.cesHigh }),
};

function scaleFieldset(question: SurveyQuestion, texts: SurveyTexts, value: string | undefined, problem: AnswerProblem | undefined): string {
  const { min, max } = SURVEY_SCALES[question];
  const { question: legend, low, high } = QUESTION_TEXT[question](texts);
  const errorId = `${question}-error`;
  const endsId = `${question}-ends`;
  const options: string[] = [];
  for (let score = min; score <= max; score++) {
    const checked = value === String(score) ? ' checked' : '';
    const meaning = score === min ? ` (${low})` : score === max ? ` (${high})` : '';
    options.push(`<label><input type="radio" name="${question}" value="${score}"${checked} aria-label="${score}${escapeHtml(meaning)}"><span aria-hidden="true">${score}</span></label>`);
  }
  const described = problem ? `${errorId} ${endsId}` : endsId;
  return `<fieldset id="${question}" aria-describedby="${described}"${problem ? ' aria-invalid="true"' : ''}>
<legend>${escapeHtml(legend)}</legend>
<div class="scale">${options.join('')}</div>
<div class="ends" id="${endsId}"><span>${min} = ${escapeHtml(low)}</span><span>${max} = ${escapeHtml(high)}</span></div>
${problem ? `<p class="error" id="${errorId}">${escapeHtml(problem.reason)}</p>` : ''}
</fieldset>`;
}

const fieldLabel = (field: Exclude<AnswerProblem['field'], 'form'>, texts: SurveyTexts) => (field === 'comment' ? texts.comment : QUESTION_TEXT[field](texts).question);

/** The page for what the link leads to: the form (with the problems beside their fields), or a notice. */
export function renderSurveyPage(visit: SurveyVisit, action: string): string {
  if (visit.kind === 'invalid') return page('en', NOT_VALID.en, `<h1>${NOT_VALID.en}</h1><p class="notice" lang="en">${NOT_VALID_DETAIL.en}</p><p class="notice" lang="fr">${NOT_VALID.fr}. ${NOT_VALID_DETAIL.fr}</p>`);
  const { texts, language } = visit;
  if (visit.kind !== 'open') {
    if (visit.kind === 'expired') {
      const title = inLanguage(CLOSED, language);
      return page(language, title, `<h1>${escapeHtml(title)}</h1><p class="notice">${escapeHtml(inLanguage(CLOSED_DETAIL, language))}</p>`);
    }
    const title = visit.kind === 'answered' ? inLanguage(ALREADY, language) : texts.title;
    return page(language, title, `<h1>${escapeHtml(title)}</h1><p class="notice" role="status">${escapeHtml(texts.thankYou)}</p>`);
  }

  const problemOf = (field: AnswerProblem['field']) => visit.problems.find((problem) => problem.field === field);
  const summary =
    visit.problems.length > 0
      ? `<div class="summary" role="alert"><ul>${visit.problems.map((problem) => `<li>${problem.field === 'form' ? '' : `<a href="#${problem.field}">${escapeHtml(fieldLabel(problem.field, texts))}</a>: `}${escapeHtml(problem.reason)}</li>`).join('')}</ul></div>`
      : '';
  const commentProblem = problemOf('comment');
  const comment = `<fieldset>
<label class="comment" for="comment">${escapeHtml(texts.comment)}</label>
<textarea id="comment" name="comment" maxlength="${SURVEY_COMMENT_MAX}"${commentProblem ? ' aria-invalid="true" aria-describedby="comment-error"' : ''}>${escapeHtml(visit.values.comment ?? '')}</textarea>
${commentProblem ? `<p class="error" id="comment-error">${escapeHtml(commentProblem.reason)}</p>` : ''}
</fieldset>`;
  const body = `<h1>${escapeHtml(texts.title)}</h1>
${summary}
<form method="post" action="${escapeHtml(action)}" novalidate>
${visit.questions.map((question) => scaleFieldset(question, texts, visit.values[question], problemOf(question))).join('\n')}
${comment}
<button type="submit">${escapeHtml(texts.submit)}</button>
</form>`;
  return page(language, texts.title, body);
}
