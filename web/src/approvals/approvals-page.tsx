import { type FormEvent, useId, useState } from 'react';
import type { ApprovalRequest } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { resolutionsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo } from '../app/hash-router.js';
import { announceCasesChanged, useDocumentTitle } from '../app/workspace-context.js';
import { RESOLUTION_TYPE_LABELS } from '../settings/rule-labels.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { formatAge, formatDateTime, formatMoney } from '../ui/format.js';
import { labelFor } from '../ui/labels.js';
import { useNow } from '../ui/use-now.js';
import './approvals.css';

interface Decided {
  id: string;
  text: string;
}

/** Resolutions waiting for someone with enough authority, oldest first, each decided where it stands. */
export function ApprovalsPage() {
  const queue = useResource('approvals', (signal) => resolutionsApi.approvals(signal));
  const [decided, setDecided] = useState<Decided[]>([]);
  const now = useNow();
  useDocumentTitle('Awaiting approval');

  // A decided item leaves at once, before the queue is read again.
  const gone = new Set(decided.map((entry) => entry.id));
  const items = (queue.data?.items ?? []).filter((item) => !gone.has(item.id));
  const latest = decided[decided.length - 1];

  function onDecided(item: ApprovalRequest, decision: 'approve' | 'reject'): void {
    const what = `${labelFor(RESOLUTION_TYPE_LABELS, item.type)}${item.amountMinor !== null && item.currency ? ` of ${formatMoney(item.amountMinor, item.currency)}` : ''}`;
    const text = decision === 'approve' ? `Approved: ${what} on case ${item.caseNumber}.` : `Rejected: ${what} on case ${item.caseNumber}; the proposer is told why.`;
    setDecided((previous) => [...previous, { id: item.id, text }]);
    announceCasesChanged();
    queue.reload();
  }

  return (
    <section className="page approvals-page" aria-labelledby="approvals-title">
      <div className="page-header">
        <div>
          <h1 id="approvals-title">Awaiting approval</h1>
          <p className="muted">Resolutions above the proposer’s authority or without a policy, oldest first.</p>
        </div>
        <button type="button" className="button" onClick={queue.reload} disabled={queue.loading}>
          Refresh
        </button>
      </div>
      <div className="approval-confirmation-slot" role="status" aria-live="polite">
        {latest && (
          <p className="approval-confirmation" key={latest.id}>
            <span>{latest.text}</span>
            <button type="button" className="button button-small" onClick={() => setDecided([])}>
              Dismiss
            </button>
          </p>
        )}
      </div>
      <ErrorNotice error={queue.error} onRetry={queue.reload} />
      {queue.loading && !queue.data && <p className="muted">Loading the queue…</p>}
      {queue.data && items.length === 0 && <p className="approvals-empty">Nothing is waiting for approval.</p>}
      <ol className="approval-list" aria-label="Resolutions awaiting approval">
        {items.map((item) => (
          <ApprovalItem key={item.id} item={item} now={now} onDecided={(decision) => onDecided(item, decision)} />
        ))}
      </ol>
    </section>
  );
}

function ApprovalItem(props: { item: ApprovalRequest; now: number; onDecided: (decision: 'approve' | 'reject') => void }) {
  const { item } = props;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const titleId = useId();

  async function decide(decision: 'approve' | 'reject'): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await resolutionsApi.decide(item.id, decision === 'approve' ? { decision } : { decision, reason });
      props.onDecided(decision);
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  function submitRejection(event: FormEvent): void {
    event.preventDefault();
    void decide('reject');
  }

  const typeLabel = labelFor(RESOLUTION_TYPE_LABELS, item.type);
  return (
    <li className="card approval-item" aria-labelledby={titleId}>
      <div className="approval-head">
        <div className="approval-case">
          <a className="case-number" href={hrefTo(`/cases/${item.caseId}`)}>
            {item.caseNumber}
          </a>
          <h2 id={titleId} className="approval-subject">
            {item.caseSubject}
          </h2>
          <span className="muted">{item.customerName}</span>
        </div>
        <div className="approval-amount">
          <span className="approval-type">{typeLabel}</span>
          <span className="amount-total">
            {item.amountMinor !== null && item.currency ? formatMoney(item.amountMinor, item.currency) : 'No amount'}
          </span>
        </div>
      </div>
      <p className="approval-summary">{item.summary}</p>
      <dl className="facts approval-facts">
        <dt>Policy</dt>
        <dd>
          {item.policyTitle ? (
            `${item.policyTitle}, version ${item.policyVersion ?? '?'}`
          ) : (
            <span className="deviation">No policy — deviation</span>
          )}
        </dd>
        <dt>Proposed by</dt>
        <dd>
          {item.proposedByName ?? item.proposedByType}{' '}
          <time className="muted" dateTime={item.createdAt} title={formatDateTime(item.createdAt)}>
            {formatAge(item.createdAt, props.now)}
          </time>
        </dd>
        <dt>Needs approval because</dt>
        <dd>{item.approvalReason ?? 'approval was required'}</dd>
      </dl>
      <ErrorNotice error={error && !error.reasonFor('reason') ? error : undefined} />
      {item.canDecide ? (
        rejecting ? (
          <form className="approval-reject" onSubmit={submitRejection}>
            <FormField label="Reason for rejecting" error={error?.reasonFor('reason')} hint="The proposer sees this on the case.">
              {(control) => (
                <textarea
                  {...control}
                  rows={3}
                  required
                  autoFocus
                  maxLength={2000}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              )}
            </FormField>
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setRejecting(false)} disabled={busy}>
                Cancel
              </button>
              <button type="submit" className="button approval-reject-button" disabled={busy}>
                {busy ? 'Rejecting…' : 'Reject resolution'}
              </button>
            </div>
          </form>
        ) : (
          <div className="approval-actions">
            <button type="button" className="button button-primary" onClick={() => void decide('approve')} disabled={busy}>
              {busy ? 'Approving…' : 'Approve'}
            </button>
            <button type="button" className="button" onClick={() => setRejecting(true)} disabled={busy}>
              Reject…
            </button>
          </div>
        )
      ) : (
        <p className="approval-blocked">You cannot decide this one: {item.cannotDecideBecause ?? 'it is beyond your authority'}.</p>
      )}
    </li>
  );
}
