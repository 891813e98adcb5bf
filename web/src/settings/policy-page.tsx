import { type FormEvent, useState } from 'react';
import type { PolicyDetail, PolicyVersion } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { policiesApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { formatDateTime } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { EffectiveFromField, readEffectiveFrom } from './effective-from-field.js';
import './settings.css';

/** One policy: every version, newest first, and (for those who set the rules) a new version. */
export function PolicyPage({ policyId }: { policyId: string }) {
  const policy = useResource(`policy:${policyId}`, (signal) => policiesApi.get(policyId, signal));
  const [added, setAdded] = useState<PolicyDetail>();
  const managesRules = useManagesRules();
  const now = useNow();
  // The answer to adding a version is the whole policy again; show it without another round trip.
  const shown = added ?? policy.data;
  useDocumentTitle(shown?.title ?? 'Policy');
  const shownVersion = shown?.versions.find((version) => version.version === shown.version);
  const shownScheduled = shown && shownVersion ? versionState(shownVersion, shown, now) === 'Scheduled' : false;

  return (
    <section className="page settings-page" aria-labelledby="policy-title">
      <a className="back-link" href={hrefTo('/settings/policies')}>
        ← Policies
      </a>
      <ErrorNotice error={policy.error} onRetry={policy.reload} />
      {!shown && !policy.error && <p className="muted">Loading the policy…</p>}
      {shown && (
        <>
          <div className="page-header">
            <div>
              <h1 id="policy-title">{shown.title}</h1>
              <p className="muted">
                Version {shown.version} {shownScheduled ? 'takes effect' : 'in effect since'}{' '}
                {formatDateTime(shown.effectiveFrom)}
                {shown.latestVersion > shown.version && `; version ${shown.latestVersion} is scheduled`}.
              </p>
            </div>
          </div>
          <div className="policy-layout">
            <section aria-labelledby="versions-title" className="policy-versions">
              <h2 id="versions-title">Versions</h2>
              <ol className="version-list" aria-labelledby="versions-title">
                {shown.versions.map((version) => (
                  <VersionEntry key={version.version} version={version} state={versionState(version, shown, now)} />
                ))}
              </ol>
            </section>
            {managesRules && (
              <NewVersionForm
                policy={shown}
                onAdded={(next) => {
                  setAdded(next);
                }}
              />
            )}
          </div>
        </>
      )}
    </section>
  );
}

type VersionState = 'In effect' | 'Scheduled' | 'Superseded';

/**
 * Where a version stands. The server names the version in effect (`policy.version`): newer ones are
 * scheduled, older ones superseded. Only when none has taken effect yet does it name the first
 * version, which is then scheduled too; the browser's clock is asked nothing else.
 */
function versionState(version: PolicyVersion, policy: PolicyDetail, now: number): VersionState {
  if (version.version > policy.version) return 'Scheduled';
  if (version.version < policy.version) return 'Superseded';
  const first = version.version === policy.versions.at(-1)?.version;
  return first && Date.parse(version.effectiveFrom) > now ? 'Scheduled' : 'In effect';
}

function VersionEntry({ version, state }: { version: PolicyVersion; state: VersionState }) {
  const scheduled = state === 'Scheduled';
  return (
    <li className={`card version-entry version-${state.toLowerCase().replace(' ', '-')}`}>
      <div className="version-head">
        <h3>
          Version {version.version}
          <span className="muted"> · {version.title}</span>
        </h3>
        <span className={`badge badge-${state.toLowerCase().replace(' ', '-')}`}>{state}</span>
      </div>
      <p className="version-meta muted">
        {scheduled ? 'Takes effect' : 'Effective from'} {formatDateTime(version.effectiveFrom)}
        {version.createdByName && ` · written by ${version.createdByName}`} · added {formatDateTime(version.createdAt)}
      </p>
      <div className="version-body">{version.body}</div>
    </li>
  );
}

function NewVersionForm(props: { policy: PolicyDetail; onAdded: (policy: PolicyDetail) => void }) {
  const latest = props.policy.versions[0];
  const [title, setTitle] = useState('');
  const [body, setBody] = useState(latest?.body ?? '');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [dateProblem, setDateProblem] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState('');

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    const effective = readEffectiveFrom(effectiveFrom);
    setDateProblem(effective.problem);
    if (effective.problem) return;
    setBusy(true);
    setError(undefined);
    setConfirmation('');
    try {
      const next = await policiesApi.addVersion(props.policy.id, {
        title: title.trim() || undefined,
        body,
        effectiveFrom: effective.instant,
      });
      props.onAdded(next);
      setTitle('');
      setEffectiveFrom('');
      setConfirmation(`Version ${next.latestVersion} added.`);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card policy-version-form" onSubmit={add} aria-labelledby="new-version-title">
      <h2 id="new-version-title">Add a version</h2>
      <p className="section-note muted">Starts from the latest text. Earlier versions are kept unchanged, so resolutions that cited them still read right.</p>
      <ErrorNotice error={error} />
      <FormField label="Title (optional)" error={error?.reasonFor('title')} hint={`Leave empty to keep “${latest?.title ?? props.policy.title}”.`}>
        {(control) => <input {...control} maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />}
      </FormField>
      <FormField label="Policy text" error={error?.reasonFor('body')}>
        {(control) => <textarea {...control} required rows={10} value={body} onChange={(event) => setBody(event.target.value)} />}
      </FormField>
      <EffectiveFromField value={effectiveFrom} onChange={setEffectiveFrom} error={dateProblem ?? error?.reasonFor('effectiveFrom')} />
      <div className="form-actions">
        <span className="save-status" role="status">
          {confirmation}
        </span>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add version'}
        </button>
      </div>
    </form>
  );
}
