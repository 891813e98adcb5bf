import { type FormEvent, useState } from 'react';
import { type ApiError, toApiError } from '../api/api-client.js';
import { policiesApi } from '../api/aftercare-api.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { EffectiveFromField, readEffectiveFrom } from './effective-from-field.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import './settings.css';

export function NewPolicyPage() {
  const managesRules = useManagesRules();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [dateProblem, setDateProblem] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useDocumentTitle('New policy');

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    const effective = readEffectiveFrom(effectiveFrom);
    setDateProblem(effective.problem);
    if (effective.problem) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await policiesApi.create({ title, body, effectiveFrom: effective.instant });
      navigate(hrefTo(`/settings/policies/${created.id}`));
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  return (
    <section className="page settings-page" aria-labelledby="new-policy-title">
      <a className="back-link" href={hrefTo('/settings/policies')}>
        ← Policies
      </a>
      <h1 id="new-policy-title">New policy</h1>
      {managesRules ? (
        <form className="card form-card" onSubmit={create}>
          <ErrorNotice error={error} />
          <FormField label="Title" error={error?.reasonFor('title')}>
            {(control) => (
              <input {...control} required maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />
            )}
          </FormField>
          <FormField label="Policy text" error={error?.reasonFor('body')} hint="What agents may offer, when, and up to what.">
            {(control) => (
              <textarea {...control} required rows={12} value={body} onChange={(event) => setBody(event.target.value)} />
            )}
          </FormField>
          <EffectiveFromField value={effectiveFrom} onChange={setEffectiveFrom} error={dateProblem ?? error?.reasonFor('effectiveFrom')} />
          <div className="form-actions">
            <a className="button" href={hrefTo('/settings/policies')}>
              Cancel
            </a>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create policy'}
            </button>
          </div>
        </form>
      ) : (
        <ReadOnlyNotice />
      )}
    </section>
  );
}
