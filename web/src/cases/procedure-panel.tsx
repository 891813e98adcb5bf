import { type FormEvent, type KeyboardEvent, useEffect, useState } from 'react';
import type { CaseDetail, ProcedureStep, RootCause, UpdateProcedure } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { procedureApi } from '../api/aftercare-api.js';
import { useWritesRecords } from '../app/permissions.js';
import { announceCasesChanged } from '../app/workspace-context.js';
import { ChoiceOptions } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField, SelectField } from '../ui/form-field.js';
import { formatDateTime } from '../ui/format.js';
import { KIND_LABELS, labelFor } from '../ui/labels.js';
import { ROOT_CAUSE_LABELS, STEP_LABELS, capitalise } from './procedure-labels.js';
import './procedure.css';

type TextField = 'concern' | 'restatement' | 'cause';
type ProcedureField = TextField | 'rootCause';

const FIELD_NAMES: Record<ProcedureField, string> = {
  concern: 'concern',
  restatement: 'restatement',
  cause: 'cause',
  rootCause: 'root-cause category',
};

/**
 * The LATER checklist (Listen, Apologise, Thank, Explain, Resolve): what each step still needs, with the
 * concern, restatement, cause and root cause recorded where the step asks for them. It guards the
 * lifecycle of a complaint and guides every other case.
 */
export function ProcedurePanel(props: { detail: CaseDetail; onChanged: () => void }) {
  const { detail } = props;
  const { procedure } = detail;
  const writes = useWritesRecords();
  const [editing, setEditing] = useState<TextField>();
  const [failure, setFailure] = useState<{ field: ProcedureField; error: ApiError }>();
  const [saving, setSaving] = useState<ProcedureField>();
  const [status, setStatus] = useState('');
  // The category picked shows at once; the case reloads with the stored one after the save.
  const [pickedRootCause, setPickedRootCause] = useState<RootCause>();
  useEffect(() => setPickedRootCause(undefined), [procedure.rootCause]);
  const done = procedure.steps.filter((step) => step.done).length;

  async function save(field: ProcedureField, value: string): Promise<void> {
    setSaving(field);
    setFailure(undefined);
    setStatus(`Saving the ${FIELD_NAMES[field]}…`);
    try {
      await procedureApi.update(detail.id, { [field]: value } as UpdateProcedure);
      // The agent may have opened another text while this one was saving: that one stays open.
      setEditing((current) => (current === field ? undefined : current));
      setStatus(`${capitalise(FIELD_NAMES[field])} saved.`);
      announceCasesChanged();
      props.onChanged();
    } catch (error) {
      setFailure({ field, error: toApiError(error) });
      setStatus('');
      if (field === 'rootCause') setPickedRootCause(undefined);
    } finally {
      setSaving(undefined);
    }
  }

  function textField(field: TextField, label: string, hint: string) {
    return (
      <ProcedureText
        field={field}
        label={label}
        hint={hint}
        value={procedure[field]}
        writes={writes}
        editing={editing === field}
        saving={saving === field}
        error={failure?.field === field ? failure.error : undefined}
        onEdit={() => {
          setFailure(undefined);
          setEditing(field);
        }}
        onCancel={() => {
          setFailure(undefined);
          setEditing(undefined);
        }}
        onSave={(value) => void save(field, value)}
      />
    );
  }

  function stepDetails(step: ProcedureStep) {
    switch (step.step) {
      case 'listen':
        return (
          <>
            {textField('concern', 'Concern, in the customer’s own words', 'Quote them; do not summarise yet.')}
            {textField(
              'restatement',
              'Your restatement',
              'Read it back to them, then tick “Customer confirmed my restatement” on that contact. Changing it needs a new confirmation.',
            )}
            {procedure.restatementAt && (
              <p className="procedure-meta muted">Restatement recorded {formatDateTime(procedure.restatementAt)}</p>
            )}
          </>
        );
      case 'explain':
        return (
          <>
            {textField('cause', 'Cause', 'What went wrong, as you explain it to the customer.')}
            {writes ? (
              <div className="procedure-field">
                <SelectField
                  label="Root-cause category"
                  value={pickedRootCause ?? procedure.rootCause ?? ''}
                  error={failure?.field === 'rootCause' ? (failure.error.reasonFor('rootCause') ?? failure.error.message) : undefined}
                  onChange={(value) => {
                    if (!value) return;
                    setPickedRootCause(value as RootCause);
                    void save('rootCause', value);
                  }}
                >
                  {procedure.rootCause === null && !pickedRootCause && <option value="">Not yet known</option>}
                  <ChoiceOptions labels={ROOT_CAUSE_LABELS} />
                </SelectField>
              </div>
            ) : (
              <div className="procedure-field">
                <span className="procedure-label">Root-cause category</span>
                <p className={`procedure-value${procedure.rootCause ? '' : ' muted'}`}>
                  {procedure.rootCause ? labelFor(ROOT_CAUSE_LABELS, procedure.rootCause) : 'Not yet known.'}
                </p>
              </div>
            )}
          </>
        );
      case 'resolve':
        return detail.status === 'awaiting_customer' ? (
          <p className="procedure-meta">
            Failed attempts to reach the customer since asking them to confirm: {procedure.failedAttempts} of{' '}
            {procedure.unreachableAttempts} before it may be resolved without their confirmation.
          </p>
        ) : null;
      default:
        return null;
    }
  }

  return (
    <section className="panel-section procedure" aria-labelledby="panel-procedure">
      <div className="procedure-heading">
        <h2 id="panel-procedure">LATER checklist</h2>
        {procedure.required ? (
          <span className="badge badge-required">Required</span>
        ) : (
          <span className="badge badge-guidance">Guidance</span>
        )}
        <span className="procedure-progress muted">
          {done} of {procedure.steps.length} done
        </span>
      </div>
      {!procedure.required && (
        <p className="procedure-note muted">
          Not required for a {labelFor(KIND_LABELS, detail.kind).toLowerCase()}; it guards the lifecycle of complaints.
        </p>
      )}
      <ol className="checklist" aria-label="LATER steps">
        {procedure.steps.map((step) => (
          <li key={step.step} className={`checklist-step ${step.done ? 'step-done' : 'step-open'}`}>
            <div className="step-head">
              <span className="step-mark" aria-hidden="true">
                {step.done ? '✓' : ''}
              </span>
              <span className="step-name">{labelFor(STEP_LABELS, step.step)}</span>
              <span className="step-state">{step.done ? 'Done' : 'To do'}</span>
            </div>
            {step.missing.length > 0 && (
              <ul className="step-missing" aria-label={`Missing for ${labelFor(STEP_LABELS, step.step)}`}>
                {step.missing.map((item) => (
                  <li key={item}>{capitalise(item)}</li>
                ))}
              </ul>
            )}
            {stepDetails(step)}
          </li>
        ))}
      </ol>
      <p className="save-status" role="status">
        {status}
      </p>
    </section>
  );
}

/** One of the procedure's texts: shown as recorded, edited in place by those who write. */
function ProcedureText(props: {
  field: TextField;
  label: string;
  hint: string;
  value: string | null;
  writes: boolean;
  editing: boolean;
  saving: boolean;
  error: ApiError | undefined;
  onEdit: () => void;
  onCancel: () => void;
  onSave: (value: string) => void;
}) {
  const [draft, setDraft] = useState('');
  const name = FIELD_NAMES[props.field];

  function submit(event?: FormEvent): void {
    event?.preventDefault();
    if (!props.saving) props.onSave(draft);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
    if (event.key === 'Escape') props.onCancel();
  }

  if (props.editing) {
    const fieldError = props.error?.reasonFor(props.field);
    return (
      <form className="procedure-field procedure-editing" onSubmit={submit} aria-label={`Edit the ${name}`}>
        <FormField label={props.label} hint={props.hint} error={fieldError}>
          {(control) => (
            <textarea
              {...control}
              // The agent has just asked to edit this text, so it takes the focus.
              autoFocus
              rows={3}
              maxLength={10_000}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={onKeyDown}
            />
          )}
        </FormField>
        {props.error && !fieldError && <ErrorNotice error={props.error} />}
        <div className="procedure-buttons">
          <button type="submit" className="button button-small button-primary" disabled={props.saving}>
            {props.saving ? 'Saving…' : `Save ${name}`}
          </button>
          <button type="button" className="button button-small" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  return (
    <div className="procedure-field">
      <div className="procedure-field-head">
        <span className="procedure-label">{props.label}</span>
        {props.writes && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft(props.value ?? '');
              props.onEdit();
            }}
          >
            {props.value ? `Edit ${name}` : `Record ${name}`}
          </button>
        )}
      </div>
      {props.value ? (
        props.field === 'concern' ? (
          <blockquote className="procedure-value procedure-quote">{props.value}</blockquote>
        ) : (
          <p className="procedure-value">{props.value}</p>
        )
      ) : (
        <p className="procedure-value muted">Not recorded yet.</p>
      )}
    </div>
  );
}
