import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { CaseAction, CaseDetail, CaseStatus, ManualCaseEvent } from '../../../src/shared/index.js';
import { CASE_EVENT_LABELS, isManualCaseEvent } from '../../../src/shared/case-lifecycle.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { procedureApi } from '../api/aftercare-api.js';
import { useWritesRecords } from '../app/permissions.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { STATUS_LABELS, labelFor } from '../ui/labels.js';
import { LIFECYCLE_STAGES, capitalise, stageIndex } from './procedure-labels.js';
import { RESOLUTIONS_HEADING_ID } from './resolutions-panel.js';
import './procedure.css';

/** Where the case stands in its lifecycle, and the next steps an agent may take by hand (none for a reader). */
export function CaseLifecycleBar(props: { detail: CaseDetail; onChanged: () => void }) {
  const { detail } = props;
  const section = useRef<HTMLElement>(null);
  const moved = useRef(false);
  // The button of a step just taken is gone once the case reloads; the focus goes to the bar, not the page.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    if (document.activeElement === document.body || document.activeElement === null) section.current?.focus();
  }, [detail]);
  return (
    <section ref={section} className="lifecycle" aria-label="Lifecycle" tabIndex={-1}>
      <StatusStepper status={detail.status} />
      <LifecycleActions
        key={detail.id}
        detail={detail}
        onChanged={() => {
          moved.current = true;
          props.onChanged();
        }}
      />
    </section>
  );
}

function StatusStepper({ status }: { status: CaseStatus }) {
  const current = stageIndex(status);
  return (
    <ol className="stepper" aria-label="Case status">
      {LIFECYCLE_STAGES.map((stage, index) => {
        const state = index < current ? 'past' : index === current ? 'current' : 'future';
        const label = stage.label(status);
        return (
          <li key={label} className={`stepper-stage stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="stepper-dot" aria-hidden="true" />
            <span className="stepper-label">{label}</span>
            {state === 'past' && <span className="visually-hidden"> (passed)</span>}
            {state === 'current' && <span className="visually-hidden"> (current status)</span>}
          </li>
        );
      })}
    </ol>
  );
}

type ManualAction = CaseAction & { event: ManualCaseEvent };

// What a case moves on with when no step is for the agent to take.
const WAITING_FOR: Partial<Record<CaseStatus, { text: string; go: string }>> = {
  resolution_proposed: { text: 'Waiting for the customer’s answer to the proposed resolution.', go: 'Record their answer' },
  awaiting_approval: { text: 'Waiting for an approver whose authority covers the resolution.', go: 'See the resolution' },
};

/** Brings the side panel's resolutions into view, with the focus on their heading. */
function showResolutions(): void {
  const heading = document.getElementById(RESOLUTIONS_HEADING_ID);
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

function LifecycleActions(props: { detail: CaseDetail; onChanged: () => void }) {
  const { detail } = props;
  const writes = useWritesRecords();
  const [busy, setBusy] = useState<ManualCaseEvent>();
  const [error, setError] = useState<ApiError>();
  const [askingReason, setAskingReason] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const reasonIdBase = useId();

  const manual = detail.actions.filter((action): action is ManualAction => isManualCaseEvent(action.event) && action.manual);
  // The first step open to the agent is the one they most likely want next.
  const primary = manual.find((action) => action.blockedBy === null)?.event;

  async function request(event: ManualCaseEvent, reason?: string): Promise<void> {
    if (busy) return;
    setBusy(event);
    setError(undefined);
    setAnnouncement('');
    try {
      const updated = await procedureApi.transition(detail.id, reason ? { event, reason } : { event });
      setAskingReason(false);
      setAnnouncement(`${CASE_EVENT_LABELS[event]}: the case is now ${labelFor(STATUS_LABELS, updated.status).toLowerCase()}.`);
      props.onChanged();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(undefined);
    }
  }

  if (!writes || manual.length === 0) {
    const waiting = WAITING_FOR[detail.status];
    // A reader takes no steps: only what the case waits for is news to them.
    if (!writes && !waiting) return null;
    return (
      <p className="lifecycle-note">
        <span className="muted">{waiting?.text ?? 'No step to take by hand from here.'}</span>
        {waiting && writes && (
          <button type="button" className="link-button" onClick={showResolutions}>
            {waiting.go}
          </button>
        )}
        <span className="visually-hidden" role="status">
          {announcement}
        </span>
      </p>
    );
  }

  return (
    <div className="lifecycle-actions">
      <ul className="action-list" aria-label="Next steps">
        {manual.map((action) => {
          const reasonId = `${reasonIdBase}-${action.event}`;
          const blocked = action.blockedBy !== null;
          return (
            <li key={action.event} className={blocked ? 'action-blocked' : undefined}>
              <button
                type="button"
                className={`button button-small ${action.event === primary ? 'button-primary' : ''}`}
                // aria-disabled keeps a blocked step focusable, so its reason is read out with it.
                aria-disabled={blocked || busy !== undefined ? true : undefined}
                aria-describedby={blocked ? reasonId : undefined}
                aria-expanded={action.event === 'reopen' ? askingReason : undefined}
                onClick={() => {
                  if (blocked || busy) return;
                  if (action.event === 'reopen') setAskingReason((open) => !open);
                  else void request(action.event);
                }}
              >
                {busy === action.event ? 'Saving…' : CASE_EVENT_LABELS[action.event]}
              </button>
              {blocked && (
                <span id={reasonId} className="action-reason">
                  {capitalise(action.blockedBy ?? '')}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {askingReason && (
        <ReopenForm busy={busy === 'reopen'} onCancel={() => setAskingReason(false)} onReopen={(reason) => void request('reopen', reason)} />
      )}
      <ErrorNotice error={error} />
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}

function ReopenForm(props: { busy: boolean; onCancel: () => void; onReopen: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    props.onReopen(reason.trim());
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Reopen the case">
      <FormField label="Why reopen it?" error={missing ? 'Say why the case is reopened.' : undefined} className="inline-form-grow">
        {(control) => (
          // The agent asked for this field a moment ago: it takes the focus.
          <input {...control} autoFocus value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} />
        )}
      </FormField>
      <button type="submit" className="button button-small button-primary" disabled={props.busy}>
        Reopen case
      </button>
      <button type="button" className="button button-small" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
