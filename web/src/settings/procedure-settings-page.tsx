import { type FormEvent, useState } from 'react';
import type { ProcedureSettings } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { procedureApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import './settings.css';

export function ProcedureSettingsPage() {
  const settings = useResource('procedure-settings', (signal) => procedureApi.settings(signal));
  const managesRules = useManagesRules();
  useDocumentTitle('Complaint procedure');

  return (
    <section className="page settings-page" aria-labelledby="procedure-title">
      <div className="page-header">
        <div>
          <h1 id="procedure-title">Complaint procedure</h1>
          <p className="muted">How the guided procedure treats a complaint that cannot be confirmed, and what the reply check warns about.</p>
        </div>
      </div>
      {!managesRules && <ReadOnlyNotice />}
      <ErrorNotice error={settings.error} onRetry={settings.reload} />
      {settings.loading && !settings.data && <p className="muted">Loading settings…</p>}
      {settings.data &&
        (managesRules ? (
          <ProcedureSettingsForm key={JSON.stringify(settings.data)} saved={settings.data} />
        ) : (
          <ProcedureSettingsView settings={settings.data} />
        ))}
    </section>
  );
}

function ProcedureSettingsView({ settings }: { settings: ProcedureSettings }) {
  return (
    <div className="settings-sections">
      <section className="card" aria-labelledby="attempts-title">
        <h2 id="attempts-title">Customer unreachable</h2>
        <p>
          A case may be resolved without the customer’s confirmation after <strong>{settings.unreachableAttempts}</strong> documented
          failed attempts to reach them.
        </p>
      </section>
      <section className="card" aria-labelledby="phrases-title">
        <h2 id="phrases-title">Phrases the reply check flags</h2>
        <ul className="phrase-list">
          {settings.defensivePhrases.map((phrase) => (
            <li key={phrase}>{phrase}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ProcedureSettingsForm({ saved }: { saved: ProcedureSettings }) {
  const [current, setCurrent] = useState(saved);
  const [attempts, setAttempts] = useState(String(saved.unreachableAttempts));
  const [phrases, setPhrases] = useState<string[]>(saved.defensivePhrases);
  const [newPhrase, setNewPhrase] = useState('');
  const [phraseProblem, setPhraseProblem] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState('');

  const unsaved = attempts !== String(current.unreachableAttempts) || phrases.join('\n') !== current.defensivePhrases.join('\n');

  function addPhrase(): void {
    const phrase = newPhrase.trim().replace(/\s+/g, ' ');
    if (phrase.length < 2) {
      setPhraseProblem('must have at least 2 characters');
      return;
    }
    if (phrases.some((existing) => existing.toLowerCase() === phrase.toLowerCase())) {
      setPhraseProblem('is already in the list');
      return;
    }
    setPhraseProblem(undefined);
    // On top, right under the field it was typed in; the order of the list does not matter to the check.
    setPhrases([phrase, ...phrases]);
    setNewPhrase('');
    setConfirmation('');
  }

  function removePhrase(phrase: string): void {
    setPhrases(phrases.filter((existing) => existing !== phrase));
    setConfirmation('');
  }

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setConfirmation('');
    try {
      const next = await procedureApi.updateSettings({ unreachableAttempts: Number(attempts), defensivePhrases: phrases });
      setCurrent(next);
      setAttempts(String(next.unreachableAttempts));
      setPhrases(next.defensivePhrases);
      setConfirmation('Settings saved.');
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  // The server names a bad phrase by its place in the list: defensivePhrases.3.
  const phraseError = (index: number) => error?.reasonFor(`defensivePhrases.${index}`);
  return (
    <form className="settings-sections" onSubmit={save}>
      <ErrorNotice error={error} />
      <section className="card" aria-labelledby="attempts-title">
        <h2 id="attempts-title">Customer unreachable</h2>
        <FormField
          label="Failed attempts before a case may be resolved unconfirmed"
          error={error?.reasonFor('unreachableAttempts')}
          hint="Documented attempts to reach the customer, 1 to 10."
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={10}
              step={1}
              required
              className="attempts-input"
              value={attempts}
              onChange={(event) => setAttempts(event.target.value)}
            />
          )}
        </FormField>
      </section>

      <section className="card" aria-labelledby="phrases-title">
        <h2 id="phrases-title">Phrases the reply check flags</h2>
        <p className="section-note muted">Defensive or blaming phrases an agent is warned about before sending a reply.</p>
        <div className="phrase-add">
          <FormField label="New phrase" error={phraseProblem}>
            {(control) => (
              <input
                {...control}
                maxLength={100}
                value={newPhrase}
                onChange={(event) => setNewPhrase(event.target.value)}
                onKeyDown={(event) => {
                  // Enter adds the phrase rather than saving the whole form.
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    addPhrase();
                  }
                }}
              />
            )}
          </FormField>
          <button type="button" className="button" onClick={addPhrase}>
            Add phrase
          </button>
        </div>
        {error?.reasonFor('defensivePhrases') && <p className="field-error">{error.reasonFor('defensivePhrases')}</p>}
        <ul className="phrase-list phrase-list-editable" aria-labelledby="phrases-title">
          {phrases.map((phrase, index) => (
            <li key={phrase}>
              <span className="phrase">{phrase}</span>
              {phraseError(index) && <span className="field-error">{phraseError(index)}</span>}
              <button type="button" className="button button-small" aria-label={`Remove “${phrase}”`} onClick={() => removePhrase(phrase)}>
                Remove
              </button>
            </li>
          ))}
          {phrases.length === 0 && <li className="muted">No phrases: the reply check flags nothing.</li>}
        </ul>
      </section>

      <div className="form-actions settings-save">
        <span className="save-status" role="status">
          {confirmation || (unsaved ? 'You have unsaved changes.' : '')}
        </span>
        <button type="submit" className="button button-primary" disabled={busy || !unsaved}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
