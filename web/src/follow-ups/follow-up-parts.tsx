import { useState } from 'react';
import type { FollowUp, FollowUpOutcome } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { followUpsApi } from '../api/follow-ups-api.js';
import { ChoiceField } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { FOLLOW_UP_STATUS_LABELS, OUTCOME_LABELS } from './follow-up-labels.js';
import './follow-ups.css';

export function FollowUpStatusBadge({ status }: { status: FollowUp['status'] }) {
  return <span className={`badge follow-up-${status}`}>{FOLLOW_UP_STATUS_LABELS[status]}</span>;
}

/**
 * What came of a follow-up: the outcome and, in the customer's words as the agent heard them, a
 * summary. A call needs one before its task can close; the server names what is missing.
 */
export function OutcomeForm(props: { followUp: FollowUp; onRecorded: (followUp: FollowUp) => void; onCancel: () => void }) {
  const { followUp } = props;
  const [outcome, setOutcome] = useState<FollowUpOutcome>('satisfied');
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const isCall = followUp.channel === 'phone';

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onRecorded(await followUpsApi.recordOutcome(followUp.id, { outcome, summary: summary.trim() || undefined }));
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = error?.reasonFor('summary');
  return (
    <form className="outcome-form" onSubmit={submit} aria-label={`Outcome of the ${isCall ? 'call' : 'follow-up'} to ${followUp.customerName}`}>
      <ChoiceField label="Outcome" labels={OUTCOME_LABELS} value={outcome} onChange={setOutcome} error={error?.reasonFor('outcome')} />
      <FormField
        label={isCall ? 'Call summary' : 'Summary'}
        error={fieldError}
        hint={isCall ? 'Required: what was said, or that nobody answered.' : 'What the customer told you, if not in their reply.'}
      >
        {(control) => <textarea {...control} rows={3} value={summary} required={isCall} onChange={(event) => setSummary(event.target.value)} />}
      </FormField>
      {error && !fieldError && !error.reasonFor('outcome') && <ErrorNotice error={error} />}
      <div className="form-actions">
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Record outcome'}
        </button>
      </div>
    </form>
  );
}

/** Whether an agent can record an outcome now: a call task that is due, or a message that went out. */
export function takesOutcome(followUp: FollowUp): boolean {
  return followUp.channel === 'phone' ? followUp.status === 'due' : followUp.status === 'sent' || followUp.status === 'answered';
}
