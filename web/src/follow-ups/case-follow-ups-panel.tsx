import { useEffect, useState } from 'react';
import type { CaseDetail, FollowUp, FollowUpChannel, FollowUpPlan, FollowUpPurpose } from '../../../src/shared/index.js';
import { PURPOSE_CASE_STATUSES } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { followUpsApi, type NewFollowUp } from '../api/follow-ups-api.js';
import type { Resource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { useWritesRecords } from '../app/permissions.js';
import { announceCasesChanged, useWorkspace } from '../app/workspace-context.js';
import { FOLLOW_UP_CHANNEL_LABELS, PLAN_MOVE_LABELS, SKIP_REASON_LABELS } from '../customers/contact-labels.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { DateTimeField, FormField, SelectField } from '../ui/form-field.js';
import { formatDateTime, formatLocalTime, toDateTimeLocalValue } from '../ui/format.js';
import { OUTCOME_NAMES, PURPOSE_LABELS, stopReasonText } from './follow-up-labels.js';
import { FollowUpStatusBadge, OutcomeForm, takesOutcome } from './follow-up-parts.js';

const PREVIEW_DELAY_MS = 250;

const AGENT_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The purposes that make sense for the case where it stands now. */
function purposesFor(status: string): FollowUpPurpose[] {
  return (Object.keys(PURPOSE_LABELS) as FollowUpPurpose[]).filter((purpose) => {
    const fits = PURPOSE_CASE_STATUSES[purpose];
    return fits === 'any' || fits.includes(status);
  });
}

/** The case's follow-ups, with the form to schedule one; the case page loads them for its timeline too. */
export function CaseFollowUpsPanel(props: { detail: CaseDetail; followUps: Resource<{ items: FollowUp[] }>; onChanged: () => void }) {
  const { detail, followUps } = props;
  const [scheduling, setScheduling] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const items = followUps.data?.items ?? [];
  // Auditors read; the server would refuse their writes, so the panel does not offer them.
  const canWrite = useWritesRecords();

  function changed(message: string): void {
    setStatus(message);
    announceCasesChanged();
    props.onChanged();
  }

  return (
    <section className="panel-section" aria-labelledby="panel-follow-ups">
      <h2 id="panel-follow-ups">Follow-ups</h2>
      <ErrorNotice error={followUps.error} onRetry={followUps.reload} />
      {followUps.data && items.length === 0 && <p className="muted">No follow-ups on this case.</p>}
      <ul className="follow-up-list" aria-label="Follow-ups of this case">
        {items.map((followUp) => (
          <li key={followUp.id} className="follow-up-item">
            <span className="follow-up-line">
              <strong>{PURPOSE_LABELS[followUp.purpose]}</strong>
              <FollowUpStatusBadge status={followUp.status} />
              {followUp.outcome && <span className="muted">{OUTCOME_NAMES[followUp.outcome]}</span>}
              {followUp.linkedCaseId && <a href={hrefTo(`/cases/${followUp.linkedCaseId}`)}>opened {followUp.linkedCaseNumber}</a>}
            </span>
            <span className="follow-up-line muted">
              {followUp.channel ? FOLLOW_UP_CHANNEL_LABELS[followUp.channel] : 'No channel'}
              {followUp.scheduledFor && ` · ${formatDateTime(followUp.scheduledFor)}`}
              {followUp.channel === 'phone' && ` · ${followUp.assigneeName ?? 'team queue'}`}
              {followUp.attempts > 0 && ` · ${followUp.attempts} unanswered`}
            </span>
            {stopReasonText(followUp) && <span className="follow-up-reason">{stopReasonText(followUp)}</span>}
            {followUp.failureReason && <span className="follow-up-reason">Failed: {followUp.failureReason}</span>}
            {followUp.outcomeSummary && <span>“{followUp.outcomeSummary}”</span>}
            {canWrite &&
              takesOutcome(followUp) &&
              (open === followUp.id ? (
                <OutcomeForm
                  followUp={followUp}
                  onCancel={() => setOpen(null)}
                  onRecorded={(after) => {
                    setOpen(null);
                    changed(`Outcome recorded${after.linkedCaseNumber ? `; opened ${after.linkedCaseNumber}` : ''}.`);
                  }}
                />
              ) : (
                <span className="follow-up-actions">
                  <button type="button" className="button button-small" onClick={() => setOpen(followUp.id)}>
                    Record outcome
                  </button>
                </span>
              ))}
          </li>
        ))}
      </ul>
      <p className="save-status" role="status">
        {status}
      </p>
      {canWrite &&
        (scheduling ? (
          <ScheduleFollowUpForm
            detail={detail}
            onCancel={() => setScheduling(false)}
            onScheduled={(created) => {
              setScheduling(false);
              changed(created.status === 'skipped' ? `Not scheduled: ${stopReasonText(created)}` : `${PURPOSE_LABELS[created.purpose]} scheduled for ${formatDateTime(created.scheduledFor!)}.`);
            }}
          />
        ) : (
          <button type="button" className="button" onClick={() => setScheduling(true)}>
            Schedule follow-up
          </button>
        ))}
    </section>
  );
}

/** Words for a plan: where and when it would go, and why it moved; or why it would not happen. */
function PlanPreview({ plan, requestedAt, requestedChannel }: { plan: FollowUpPlan; requestedAt: string; requestedChannel: FollowUpChannel | '' }) {
  if (plan.kind === 'skip') {
    return (
      <p className="plan-preview plan-skip" role="status">
        <strong>Would be skipped.</strong> {SKIP_REASON_LABELS[plan.reason]}: {plan.detail}.
      </p>
    );
  }
  const customerTime = formatLocalTime(plan.timezone, Date.parse(plan.at));
  const moved = plan.at !== requestedAt && plan.moved.length > 0;
  // The plan falls back to another channel rather than refusing: the agent who picked one must see that.
  const otherChannel = requestedChannel !== '' && requestedChannel !== plan.channel;
  return (
    <p className="plan-preview" role="status">
      {otherChannel && (
        <>
          <strong>Not by {FOLLOW_UP_CHANNEL_LABELS[requestedChannel]}</strong>: the customer's contact preferences or details rule it out.{' '}
        </>
      )}
      Proposed: <strong>{FOLLOW_UP_CHANNEL_LABELS[plan.channel]}</strong> on <strong>{formatDateTime(plan.at)}</strong> ({customerTime} for the customer, {plan.timezone})
      {moved && <>, {plan.moved.map((move) => PLAN_MOVE_LABELS[move]).join(' and ')}</>}.
    </p>
  );
}

function ScheduleFollowUpForm(props: { detail: CaseDetail; onCancel: () => void; onScheduled: (followUp: FollowUp) => void }) {
  const { detail } = props;
  const { users } = useWorkspace();
  const purposes = purposesFor(detail.status);
  const [purpose, setPurpose] = useState<FollowUpPurpose>(purposes[0] ?? 'callback');
  const [when, setWhen] = useState(() => toDateTimeLocalValue(new Date(Date.now() + 24 * 3600_000)));
  const [channel, setChannel] = useState<FollowUpChannel | ''>('');
  const [assigneeId, setAssigneeId] = useState(detail.assigneeId ?? '');
  const [note, setNote] = useState('');
  const [plan, setPlan] = useState<FollowUpPlan>();
  const [planChannel, setPlanChannel] = useState<FollowUpChannel | ''>('');
  const [previewError, setPreviewError] = useState<ApiError>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const dueAt = when ? new Date(when).toISOString() : '';
  const body: NewFollowUp = { purpose, dueAt, channel: channel || null, assigneeId: assigneeId || null, note: note.trim() || null };

  // The proposal follows what the agent picks, a moment after they stop changing it.
  useEffect(() => {
    if (!dueAt) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      followUpsApi.preview(detail.id, { purpose, dueAt, channel: channel || null }, controller.signal).then(
        (next) => {
          setPlan(next);
          setPlanChannel(channel);
          setPreviewError(undefined);
        },
        (failure: unknown) => {
          if (controller.signal.aborted) return;
          setPlan(undefined);
          setPreviewError(toApiError(failure));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [detail.id, purpose, dueAt, channel]);

  async function submit(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onScheduled(await followUpsApi.schedule(detail.id, body));
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  const problem = error ?? previewError;
  const showsPhone = channel === 'phone' || (channel === '' && plan?.kind === 'send' && plan.channel === 'phone') || purpose === 'callback';
  return (
    <form className="schedule-form" onSubmit={submit} aria-label="Schedule a follow-up">
      <SelectField label="Purpose" value={purpose} onChange={(value) => setPurpose(value as FollowUpPurpose)} error={problem?.reasonFor('purpose')}>
        {purposes.map((value) => (
          <option key={value} value={value}>
            {PURPOSE_LABELS[value]}
          </option>
        ))}
      </SelectField>
      <DateTimeField label="Follow up on" value={when} onChange={setWhen} error={problem?.reasonFor('dueAt')} hint={`Your time (${AGENT_ZONE}); the customer's quiet hours and contact limit may move it.`} />
      <SelectField label="Channel" value={channel} onChange={(value) => setChannel(value as FollowUpChannel | '')} error={problem?.reasonFor('channel')}>
        <option value="">The customer's preference</option>
        {(Object.keys(FOLLOW_UP_CHANNEL_LABELS) as FollowUpChannel[]).map((value) => (
          <option key={value} value={value}>
            {FOLLOW_UP_CHANNEL_LABELS[value]}
          </option>
        ))}
      </SelectField>
      {showsPhone && (
        <SelectField label="Who calls" value={assigneeId} onChange={setAssigneeId} error={problem?.reasonFor('assigneeId')}>
          <option value="">The case's assignee, else the team queue</option>
          {users
            .filter((user) => user.active && user.role !== 'auditor')
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
        </SelectField>
      )}
      <FormField label="Note for whoever follows up" error={problem?.reasonFor('note')}>
        {(control) => <textarea {...control} rows={2} value={note} onChange={(event) => setNote(event.target.value)} />}
      </FormField>
      {plan && <PlanPreview plan={plan} requestedAt={dueAt} requestedChannel={planChannel} />}
      {problem && !['purpose', 'dueAt', 'channel', 'assigneeId', 'note'].some((field) => problem.reasonFor(field)) && <ErrorNotice error={problem} />}
      <div className="form-actions">
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !dueAt}>
          {busy ? 'Scheduling…' : plan?.kind === 'skip' ? 'Record as skipped' : 'Schedule'}
        </button>
      </div>
    </form>
  );
}
