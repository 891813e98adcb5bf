import { type FormEvent, useRef, useState } from 'react';
import type { Channel, ReplyTemplate, TemplateKind } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { policiesApi, templateDetailApi, templatesApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ChoiceField } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField, SelectField } from '../ui/form-field.js';
import { formatDateTime, formatLanguage } from '../ui/format.js';
import { CHANNEL_LABELS, labelFor } from '../ui/labels.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import { TEMPLATE_KIND_LABELS, TEMPLATE_VARIABLE_HELP } from './rule-labels.js';
import './settings.css';

/** One template: an editor for those who set the rules, the text as agents get it for everyone else. */
export function TemplatePage({ templateId }: { templateId: string | null }) {
  const template = useResource(templateId && `template:${templateId}`, (signal) => templateDetailApi.get(templateId!, signal));
  const managesRules = useManagesRules();
  const title = templateId === null ? 'New template' : (template.data?.name ?? 'Template');
  useDocumentTitle(title);

  return (
    <section className="page settings-page" aria-labelledby="template-title">
      <a className="back-link" href={hrefTo('/settings/templates')}>
        ← Templates and scripts
      </a>
      <h1 id="template-title">{title}</h1>
      <ErrorNotice error={template.error} onRetry={template.reload} />
      {templateId !== null && !template.data && !template.error && <p className="muted">Loading the template…</p>}
      {!managesRules && <ReadOnlyNotice />}
      {!managesRules && template.data && <TemplateView template={template.data} />}
      {managesRules && (templateId === null || template.data) && (
        <TemplateEditor key={template.data?.updatedAt ?? 'new'} template={template.data ?? null} />
      )}
    </section>
  );
}

function TemplateView({ template }: { template: ReplyTemplate }) {
  return (
    <div className="card template-view">
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{labelFor(TEMPLATE_KIND_LABELS, template.kind)}</dd>
        <dt>Channel</dt>
        <dd>{labelFor(CHANNEL_LABELS, template.channel)}</dd>
        <dt>Language</dt>
        <dd>{formatLanguage(template.language)}</dd>
        <dt>Policy</dt>
        <dd>{template.policyTitle ?? 'None'}</dd>
        <dt>Status</dt>
        <dd>{template.active ? 'In use' : 'Retired'}</dd>
        <dt>Changed</dt>
        <dd>{formatDateTime(template.updatedAt)}</dd>
      </dl>
      <div className="template-body">{template.body}</div>
    </div>
  );
}

function TemplateEditor({ template }: { template: ReplyTemplate | null }) {
  const policies = useResource('policies', (signal) => policiesApi.list(signal));
  const [name, setName] = useState(template?.name ?? '');
  const [kind, setKind] = useState<TemplateKind>(template?.kind ?? 'reply');
  const [channel, setChannel] = useState<Channel>(template?.channel ?? 'email');
  const [language, setLanguage] = useState(template?.language ?? 'en');
  const [policyId, setPolicyId] = useState(template?.policyId ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<ReplyTemplate>();
  const [confirmation, setConfirmation] = useState('');
  const bodyField = useRef<HTMLTextAreaElement>(null);
  const current = saved ?? template;

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setConfirmation('');
    const fields = { name, kind, channel, language: language.trim(), body, policyId: policyId || null };
    try {
      if (current === null) {
        const created = await templatesApi.create(fields);
        navigate(hrefTo(`/settings/templates/${created.id}`));
        return;
      }
      setSaved(await templatesApi.update(current.id, fields));
      setConfirmation('Saved.');
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function setActive(active: boolean): Promise<void> {
    if (current === null) return;
    setBusy(true);
    setError(undefined);
    setConfirmation('');
    try {
      setSaved(await templatesApi.update(current.id, { active }));
      setConfirmation(active ? 'Back in use: agents can pick it again.' : 'Retired: agents no longer see it.');
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  /** Puts a variable where the cursor is in the text, and the cursor after it. */
  function insertVariable(variable: string): void {
    const field = bodyField.current;
    const text = `{{${variable}}}`;
    const start = field?.selectionStart ?? body.length;
    const end = field?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + text + body.slice(end));
    window.requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(start + text.length, start + text.length);
    });
  }

  return (
    <form className="card form-card template-form" onSubmit={save}>
      {current && !current.active && <p className="read-only-notice">Retired: agents do not see this template. Put it back in use to offer it again.</p>}
      <ErrorNotice error={error} />
      <div className="form-grid">
        <FormField label="Name" error={error?.reasonFor('name')} className="span-2">
          {(control) => <input {...control} required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />}
        </FormField>
        <ChoiceField label="Kind" error={error?.reasonFor('kind')} labels={TEMPLATE_KIND_LABELS} value={kind} onChange={setKind} />
        <ChoiceField label="Channel" error={error?.reasonFor('channel')} labels={CHANNEL_LABELS} value={channel} onChange={setChannel} />
        <FormField label="Language" error={error?.reasonFor('language')} hint="A language tag such as en or fr-FR.">
          {(control) => (
            <input {...control} required maxLength={5} value={language} onChange={(event) => setLanguage(event.target.value)} />
          )}
        </FormField>
        <SelectField label="Policy it applies" error={error?.reasonFor('policyId')} value={policyId} onChange={setPolicyId}>
          <option value="">None</option>
          {policies.data?.items.map((policy) => (
            <option key={policy.id} value={policy.id}>
              {policy.title}
            </option>
          ))}
        </SelectField>
        <FormField label={kind === 'call_script' ? 'Script' : 'Text'} error={error?.reasonFor('body')} className="span-2">
          {(control) => (
            <textarea
              {...control}
              ref={bodyField}
              required
              rows={12}
              className="template-text"
              value={body}
              onChange={(event) => setBody(event.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="variables" role="group" aria-labelledby="variables-title">
        <h2 id="variables-title" className="variables-title">
          Variables
        </h2>
        <p className="muted">Filled in from the case when an agent uses the template. Click one to put it at the cursor.</p>
        <ul className="variable-list">
          {Object.entries(TEMPLATE_VARIABLE_HELP).map(([variable, meaning]) => (
            <li key={variable}>
              <button type="button" className="variable-chip" onClick={() => insertVariable(variable)}>
                <code>{`{{${variable}}}`}</code>
              </button>
              <span className="muted">{meaning}</span>
            </li>
          ))}
        </ul>
      </div>
      <ErrorNotice error={policies.error} />
      <div className="form-actions">
        <span className="save-status" role="status">
          {confirmation}
        </span>
        {current &&
          (current.active ? (
            <button type="button" className="button" onClick={() => void setActive(false)} disabled={busy}>
              Retire
            </button>
          ) : (
            <button type="button" className="button" onClick={() => void setActive(true)} disabled={busy}>
              Put back in use
            </button>
          ))}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : current ? 'Save changes' : 'Create template'}
        </button>
      </div>
    </form>
  );
}
