import { type FormEvent, useState } from 'react';
import { SURVEY_QUESTIONS, type SurveyQuestion, type SurveySettings, type SurveyTexts } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { surveysApi } from '../api/surveys-api.js';
import { useResource } from '../api/use-resource.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { formatLanguage } from '../ui/format.js';
import { ReadOnlyNotice } from '../settings/read-only-notice.js';
import { CheckboxGroup } from '../settings/sla-fields.js';
import '../settings/settings.css';
import './surveys.css';

const QUESTION_LABELS: Record<SurveyQuestion, string> = {
  csat: 'CSAT: satisfaction, 1 to 5',
  nps: 'NPS: likelihood to recommend, 0 to 10',
  ces: 'CES: effort, 1 to 7 (7 = very easy)',
};

const TEXT_LABELS: Record<keyof SurveyTexts, string> = {
  title: 'Page heading',
  csat: 'CSAT question',
  csatLow: 'CSAT: what 1 means',
  csatHigh: 'CSAT: what 5 means',
  nps: 'NPS question',
  npsLow: 'NPS: what 0 means',
  npsHigh: 'NPS: what 10 means',
  ces: 'CES question',
  cesLow: 'CES: what 1 means',
  cesHigh: 'CES: what 7 means',
  comment: 'Comment prompt',
  submit: 'Send button',
  thankYou: 'Thank-you message',
};

/** The questions surveys ask, in each language, how long a link stays open, and how often a customer is asked. */
export function SurveySettingsPage() {
  const settings = useResource('survey-settings', (signal) => surveysApi.settings(signal));
  const managesRules = useManagesRules();
  useDocumentTitle('Surveys');
  return (
    <section className="page settings-page" aria-labelledby="survey-settings-title">
      <div className="page-header">
        <div>
          <h1 id="survey-settings-title">Surveys</h1>
          <p className="muted">What customers are asked by the survey link that follow-up rules with the purpose “survey” send. The customer’s language is used, else English.</p>
        </div>
      </div>
      {!managesRules && <ReadOnlyNotice />}
      <ErrorNotice error={settings.error} onRetry={settings.reload} />
      {settings.loading && !settings.data && <p className="muted">Loading settings…</p>}
      {settings.data && <SurveySettingsForm key={JSON.stringify(settings.data)} saved={settings.data} readOnly={!managesRules} />}
    </section>
  );
}

function SurveySettingsForm({ saved, readOnly }: { saved: SurveySettings; readOnly: boolean }) {
  const [questions, setQuestions] = useState<SurveyQuestion[]>(saved.questions);
  const [validity, setValidity] = useState(String(saved.validityDays));
  const [window, setWindow] = useState(String(saved.neverTwiceWithinDays));
  const [texts, setTexts] = useState(saved.texts);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState('');

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setConfirmation('');
    try {
      await surveysApi.updateSettings({ questions, validityDays: Number(validity), neverTwiceWithinDays: Number(window), texts });
      setConfirmation('Settings saved.');
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="settings-sections" onSubmit={save}>
      <ErrorNotice error={error} />
      <fieldset className="survey-settings-fields" disabled={readOnly}>
        <section className="card" aria-labelledby="survey-questions-title">
          <h2 id="survey-questions-title">Questions asked</h2>
          <CheckboxGroup
            legend="Scores asked for"
            hint="A comment box is always offered."
            options={SURVEY_QUESTIONS.map((question) => ({ value: question, label: QUESTION_LABELS[question] }))}
            checked={questions}
            onChange={setQuestions}
            error={error?.reasonFor('questions')}
          />
        </section>
        <section className="card" aria-labelledby="survey-frequency-title">
          <h2 id="survey-frequency-title">Links and frequency</h2>
          <div className="form-grid">
            <FormField label="Link open for (days)" error={error?.reasonFor('validityDays')} hint="1 to 365; then the page says the survey has closed.">
              {(control) => <input {...control} type="number" min={1} max={365} required value={validity} onChange={(event) => setValidity(event.target.value)} />}
            </FormField>
            <FormField label="Never ask a customer twice within (days)" error={error?.reasonFor('neverTwiceWithinDays')} hint="Across all survey rules; 0 for no limit.">
              {(control) => <input {...control} type="number" min={0} max={3650} required value={window} onChange={(event) => setWindow(event.target.value)} />}
            </FormField>
          </div>
        </section>
        {Object.entries(texts).map(([language, languageTexts]) => (
          <section key={language} className="card" aria-labelledby={`survey-texts-${language}`}>
            <h2 id={`survey-texts-${language}`}>Texts in {formatLanguage(language)}</h2>
            <div className="survey-texts">
              {(Object.keys(TEXT_LABELS) as (keyof SurveyTexts)[]).map((field) => (
                <FormField key={field} label={TEXT_LABELS[field]} error={error?.reasonFor(`texts.${language}.${field}`)}>
                  {(control) => (
                    <input
                      {...control}
                      maxLength={500}
                      required
                      value={languageTexts[field]}
                      onChange={(event) => setTexts({ ...texts, [language]: { ...languageTexts, [field]: event.target.value } })}
                    />
                  )}
                </FormField>
              ))}
            </div>
          </section>
        ))}
      </fieldset>
      {!readOnly && (
        <div className="form-actions settings-save">
          <span className="save-status" role="status">
            {confirmation}
          </span>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      )}
    </form>
  );
}
