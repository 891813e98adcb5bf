import { useEffect, useRef, useState } from 'react';
import type { Channel, RenderedTemplate, ReplyTemplate } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { templatesApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { SelectField } from '../ui/form-field.js';
import './procedure.css';

interface Preview {
  template: ReplyTemplate;
  rendered: RenderedTemplate;
}

/**
 * The active reply templates and call scripts for the channel, filled in for this case. Choosing one
 * shows it as it would read; the agent inserts it into the message or, for a call script, reads it out.
 */
export function useTemplatePicker(props: { caseId: string; channel: Channel; onInsert: (text: string) => void }) {
  const { caseId, channel } = props;
  const templates = useResource(`templates:${channel}`, (signal) => templatesApi.list({ channel, active: true }, signal));
  const [chosen, setChosen] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);
  const items = templates.data?.items ?? [];
  const scripts = items.filter((template) => template.kind === 'call_script');
  // Follow-up texts go out by themselves; the composer offers what an agent writes or says.
  const replies = items.filter((template) => template.kind === 'reply');

  async function choose(id: string): Promise<void> {
    const request = ++latest.current;
    setChosen(id);
    setError(undefined);
    setPreview(undefined);
    const template = items.find((item) => item.id === id);
    if (!template) return;
    setLoading(true);
    try {
      const rendered = await templatesApi.render(caseId, id);
      // Only the latest choice shows; an answer for an earlier one is dropped.
      if (request === latest.current) setPreview({ template, rendered });
    } catch (failure) {
      if (request === latest.current) setError(toApiError(failure));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }

  /** Drops the choice, and the answer of any render still under way. */
  function close(): void {
    latest.current += 1;
    setLoading(false);
    setChosen('');
    setPreview(undefined);
    setError(undefined);
  }

  // Another channel has other templates: what was chosen for the last one goes.
  useEffect(close, [channel]);

  const select = (
    <SelectField label="Template" value={chosen} onChange={(id) => void choose(id)}>
      <option value="">
        {templates.loading && !templates.data
          ? 'Loading…'
          : items.length === 0
            ? 'None available'
            : 'Choose…'}
      </option>
      {scripts.length > 0 && (
        <optgroup label="Call scripts">
          {scripts.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </optgroup>
      )}
      {replies.length > 0 && (
        <optgroup label="Replies">
          {replies.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </optgroup>
      )}
    </SelectField>
  );

  const isScript = preview?.template.kind === 'call_script';
  const panel =
    preview || error || loading || templates.error ? (
      <div className={`composer-template ${isScript ? 'composer-template-script' : ''}`} aria-live="polite">
        <ErrorNotice error={templates.error} onRetry={templates.reload} />
        <ErrorNotice error={error} />
        {loading && <p className="muted">Filling in the template for this case…</p>}
        {preview && (
          <>
            <p className="composer-template-head">
              <strong>{isScript ? 'Call script' : 'Template'}: {preview.template.name}</strong>
              {preview.template.policyTitle && <span className="muted"> · follows {preview.template.policyTitle}</span>}
            </p>
            <div className="composer-template-text">
              {preview.rendered.text}
            </div>
            {preview.rendered.missing.length > 0 && (
              <p className="composer-template-missing">
                Not known on this case, left in [brackets]: {preview.rendered.missing.join(', ')}.
              </p>
            )}
          </>
        )}
        <div className="composer-template-buttons">
          {preview && (
            <button
              type="button"
              className="button button-small button-primary"
              onClick={() => {
                props.onInsert(preview.rendered.text);
                close();
              }}
            >
              Insert into message
            </button>
          )}
          <button type="button" className="button button-small" onClick={close}>
            {isScript ? 'Done with script' : 'Close'}
          </button>
        </div>
      </div>
    ) : null;

  return { select, panel };
}
