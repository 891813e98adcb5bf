import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { CaseDetail, Resolution, ResolutionType, Transaction } from '../../../src/shared/index.js';
import { RESOLUTION_TYPES } from '../../../src/shared/enums.js';
import { ApiError, toApiError } from '../api/api-client.js';
import { type NewResolution, authorityApi, policiesApi, resolutionsApi, transactionsApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { useWritesRecords } from '../app/permissions.js';
import { announceCasesChanged } from '../app/workspace-context.js';
import { RESOLUTION_TYPE_LABELS } from '../settings/rule-labels.js';
import { minorDigits, minorUnitsAsInput, parseMinorUnits } from '../settings/money-input.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField, SelectField } from '../ui/form-field.js';
import { formatDateTime, formatMoney } from '../ui/format.js';
import { labelFor } from '../ui/labels.js';
import { describeLimits, forecastApproval } from './authority-forecast.js';
import { RESOLUTION_STATUS_LABELS, capitalise } from './procedure-labels.js';
import './procedure.css';

// Types that carry no money, and those whose amount the API requires (a full refund is the order total).
const WITHOUT_AMOUNT = new Set<ResolutionType>(['explanation_only', 'no_action']);
const AMOUNT_REQUIRED = new Set<ResolutionType>(['refund_partial', 'credit_voucher', 'goodwill']);

/** The id of the resolutions' heading, which the lifecycle bar brings into view. */
export const RESOLUTIONS_HEADING_ID = 'panel-resolutions';

/** The case's resolutions, what the customer said to each, and (for those who write) the form to propose another. */
export function ResolutionsPanel(props: { detail: CaseDetail; onChanged: () => void }) {
  const { detail } = props;
  const writes = useWritesRecords();
  const [proposing, setProposing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const proposeButton = useRef<HTMLButtonElement>(null);
  const proposal = detail.actions.find((action) => action.event === 'propose_resolution');
  const blockedId = useId();

  function changed(text: string): void {
    setAnnouncement(text);
    announceCasesChanged();
    props.onChanged();
  }

  return (
    <section className="panel-section resolutions" aria-labelledby={RESOLUTIONS_HEADING_ID}>
      <h2 id={RESOLUTIONS_HEADING_ID} tabIndex={-1}>
        Resolutions
      </h2>
      {detail.resolutions.length === 0 && <p className="muted">None proposed yet.</p>}
      {detail.resolutions.length > 0 && (
        <ol className="resolution-list" aria-label="Resolutions on this case">
          {[...detail.resolutions].reverse().map((resolution) => (
            <ResolutionCard key={resolution.id} resolution={resolution} writes={writes} onChanged={changed} />
          ))}
        </ol>
      )}
      <span className="visually-hidden" role="status">
        {announcement}
      </span>

      {!writes ? null : proposing && proposal ? (
        <ProposalForm
          detail={detail}
          onCancel={() => {
            setProposing(false);
            proposeButton.current?.focus();
          }}
          onProposed={(resolution) => {
            setProposing(false);
            document.getElementById(RESOLUTIONS_HEADING_ID)?.focus();
            changed(
              resolution.status === 'pending_approval'
                ? 'Resolution proposed: it is awaiting approval.'
                : 'Resolution proposed: offer it to the customer.',
            );
          }}
        />
      ) : proposal ? (
        <div className="propose-row">
          <button
            ref={proposeButton}
            type="button"
            className="button button-small"
            aria-disabled={proposal.blockedBy ? true : undefined}
            aria-describedby={proposal.blockedBy ? blockedId : undefined}
            onClick={() => {
              if (!proposal.blockedBy) setProposing(true);
            }}
          >
            Propose a resolution
          </button>
          {proposal.blockedBy && (
            <p id={blockedId} className="action-reason">
              {capitalise(proposal.blockedBy)}.
            </p>
          )}
        </div>
      ) : detail.status === 'new' || detail.status === 'acknowledged' ? (
        <p className="procedure-note muted">A resolution is proposed once the case is under investigation.</p>
      ) : null}
    </section>
  );
}

function ResolutionCard(props: { resolution: Resolution; writes: boolean; onChanged: (announcement: string) => void }) {
  const { resolution } = props;
  const [declining, setDeclining] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  // Only those who write record the customer's answer or the fulfilment; others read the story.
  const awaitsAnswer = props.writes && (resolution.status === 'proposed' || resolution.status === 'approved');
  const awaitsFulfilment = props.writes && resolution.status === 'accepted';

  async function act(run: () => Promise<unknown>, announcement: string): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await run();
      setDeclining(false);
      props.onChanged(announcement);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`resolution-card resolution-${resolution.status}`}>
      <div className="resolution-head">
        <span className="resolution-title">
          {labelFor(RESOLUTION_TYPE_LABELS, resolution.type)}
          {resolution.amountMinor !== null && resolution.currency && (
            <span className="amount"> {formatMoney(resolution.amountMinor, resolution.currency)}</span>
          )}
        </span>
        <span className={`badge resolution-status-${resolution.status}`}>
          {labelFor(RESOLUTION_STATUS_LABELS, resolution.status)}
        </span>
      </div>
      <p className="resolution-summary">{resolution.summary}</p>
      <ResolutionFacts resolution={resolution} />
      {awaitsAnswer && !declining && (
        <div className="resolution-buttons">
          <button
            type="button"
            className="button button-small button-primary"
            disabled={busy}
            onClick={() =>
              void act(
                () => resolutionsApi.customerResponse(resolution.id, { response: 'accepted' }),
                'Customer accepted: the case awaits their confirmation that it worked.',
              )
            }
          >
            Customer accepted
          </button>
          <button type="button" className="button button-small" disabled={busy} onClick={() => setDeclining(true)}>
            Customer declined…
          </button>
        </div>
      )}
      {awaitsAnswer && declining && (
        <DeclineForm
          busy={busy}
          onCancel={() => setDeclining(false)}
          onDecline={(note) =>
            void act(
              () => resolutionsApi.customerResponse(resolution.id, { response: 'declined', note }),
              'Customer declined: the case is back under investigation.',
            )
          }
        />
      )}
      {awaitsFulfilment && (
        <div className="resolution-buttons">
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            onClick={() => void act(() => resolutionsApi.fulfil(resolution.id), 'Resolution marked as carried out.')}
          >
            Mark fulfilled
          </button>
        </div>
      )}
      <ErrorNotice error={error} />
    </li>
  );
}

/** Who proposed and decided, why approval was needed, what the customer said: the resolution's story. */
export function ResolutionFacts({ resolution }: { resolution: Resolution }) {
  return (
    <dl className="facts resolution-facts">
      <dt>Policy</dt>
      <dd>
        {resolution.policyTitle ? (
          `${resolution.policyTitle}, version ${resolution.policyVersion ?? '?'}`
        ) : (
          <span className="muted">None cited</span>
        )}
      </dd>
      <dt>Proposed</dt>
      <dd>
        by {resolution.proposedByName ?? 'an integration'}, {formatDateTime(resolution.createdAt)}
      </dd>
      {resolution.approval === 'required' && (
        <>
          <dt>Approval</dt>
          <dd>{capitalise(resolution.approvalReason ?? 'required')}</dd>
        </>
      )}
      {resolution.decidedByName && (
        <>
          <dt>{resolution.status === 'rejected' ? 'Rejected' : 'Approved'}</dt>
          <dd>
            by {resolution.decidedByName}
            {resolution.decidedAt && `, ${formatDateTime(resolution.decidedAt)}`}
            {resolution.decisionReason && `: ${resolution.decisionReason}`}
          </dd>
        </>
      )}
      {resolution.customerResponseAt && (
        <>
          <dt>Customer</dt>
          <dd>
            {resolution.status === 'declined' ? 'Declined' : 'Accepted'}, {formatDateTime(resolution.customerResponseAt)}
            {resolution.customerNote && `: “${resolution.customerNote}”`}
          </dd>
        </>
      )}
      {resolution.fulfilledAt && (
        <>
          <dt>Fulfilled</dt>
          <dd>{formatDateTime(resolution.fulfilledAt)}</dd>
        </>
      )}
    </dl>
  );
}

function DeclineForm(props: { busy: boolean; onCancel: () => void; onDecline: (note: string) => void }) {
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!note.trim()) {
      setMissing(true);
      return;
    }
    props.onDecline(note.trim());
  }
  return (
    <form className="resolution-decline" onSubmit={submit} aria-label="Customer declined">
      <FormField label="What did the customer say?" error={missing ? 'Note why they declined.' : undefined}>
        {(control) => (
          // The agent has just asked to record the decline: the note takes the focus.
          <textarea
            {...control}
            autoFocus
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </FormField>
      <div className="resolution-buttons">
        <button type="submit" className="button button-small button-primary" disabled={props.busy}>
          Record decline
        </button>
        <button type="button" className="button button-small" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ProposalForm(props: { detail: CaseDetail; onCancel: () => void; onProposed: (resolution: Resolution) => void }) {
  const { detail } = props;
  const limits = useResource('authority-limits:mine', (signal) => authorityApi.mine(signal));
  const policies = useResource('policies', (signal) => policiesApi.list(signal));
  const order = useResource(detail.transactionId ? `transaction:${detail.transactionId}` : null, (signal) =>
    transactionsApi.get(detail.transactionId ?? '', signal),
  );
  const [type, setType] = useState<ResolutionType | ''>('');
  const [amount, setAmount] = useState('');
  const [ownCurrency, setOwnCurrency] = useState('');
  const [summary, setSummary] = useState('');
  const [policyId, setPolicyId] = useState('');
  const [noActionReason, setNoActionReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const purchase: Transaction | undefined = order.data;
  const linked = detail.transactionId !== null;
  // A case about an order is settled in the order's currency (the API refuses any other); without
  // an order the agent names the currency.
  const currency = linked ? (purchase?.currency ?? null) : ownCurrency.trim().toUpperCase() || null;
  const hasAmount = type !== '' && !WITHOUT_AMOUNT.has(type);
  const shownFields = new Set(['type', 'summary', 'policyId']);
  if (hasAmount) shownFields.add('amountMinor');
  if (hasAmount && !linked) shownFields.add('currency');
  if (type === 'no_action') shownFields.add('noActionReason');
  const fullRefundOfOrder = type === 'refund_full' && purchase !== undefined;

  // A full refund is the order total: fill it in rather than have the agent copy it.
  useEffect(() => {
    if (type === 'refund_full' && purchase) setAmount(minorUnitsAsInput(purchase.totalMinor, purchase.currency));
  }, [type, purchase]);

  useEffect(() => {
    if (error?.details.length) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  // null: no amount goes with it; undefined: one is needed and what is typed is not one (yet).
  const amountMinor = !hasAmount
    ? null
    : amount.trim() === ''
      ? needsAmount(type, purchase)
        ? undefined
        : null
      : parseMinorUnits(amount, currency);
  const forecast =
    type !== '' && limits.data
      ? forecastApproval(limits.data.items, { type, amountMinor, currency, policyCited: policyId !== '' }, detail.resolutions)
      : undefined;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const problem = localProblem();
    if (problem) {
      setError(new ApiError(0, 'invalid_input', problem.message, [problem]));
      return;
    }
    const body: NewResolution = {
      type: type as ResolutionType,
      summary,
      ...(hasAmount && amountMinor != null ? { amountMinor } : {}),
      ...(hasAmount && amountMinor != null && currency ? { currency } : {}),
      ...(policyId ? { policyId } : {}),
      ...(type === 'no_action' ? { noActionReason } : {}),
    };
    setBusy(true);
    setError(undefined);
    try {
      props.onProposed(await resolutionsApi.propose(detail.id, body));
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  function localProblem(): { field: string; reason: string; message: string } | null {
    if (type === '') {
      return { field: 'type', reason: 'choose the kind of resolution', message: 'Type: choose the kind of resolution.' };
    }
    if (hasAmount && amount.trim() !== '' && amountMinor === undefined) {
      const reason = `enter an amount such as ${minorUnitsAsInput(2550, currency)}, with at most ${minorDigits(currency)} decimals`;
      return { field: 'amountMinor', reason, message: `Amount: ${reason}.` };
    }
    return null;
  }

  const reason = (field: string) => error?.reasonFor(field);
  return (
    <form ref={form} className="proposal-form" aria-label="Propose a resolution" onSubmit={submit} noValidate>
      <h3 className="proposal-title">Propose a resolution</h3>
      <SelectField
        label="Type"
        value={type}
        error={reason('type')}
        onChange={(value) => {
          // The order total filled in for a full refund is no amount for another type.
          if (type === 'refund_full') setAmount('');
          setType(value as ResolutionType | '');
        }}
      >
        <option value="">Choose a type</option>
        {RESOLUTION_TYPES.map((value) => (
          <option key={value} value={value}>
            {RESOLUTION_TYPE_LABELS[value]}
          </option>
        ))}
      </SelectField>

      {hasAmount && (
        <div className="proposal-money">
          <FormField
            label={`Amount${currency ? ` (${currency})` : ''}`}
            hint={
              fullRefundOfOrder
                ? 'The order total.'
                : needsAmount(type, purchase)
                  ? 'In whole units, e.g. 25.50'
                  : 'Optional: its value, which counts against your limit.'
            }
            error={reason('amountMinor')}
            className="proposal-amount"
          >
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                autoComplete="off"
                readOnly={fullRefundOfOrder}
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
              />
            )}
          </FormField>
          {!linked && (
            <FormField label="Currency" hint="No order linked" error={reason('currency')} className="proposal-currency">
              {(control) => (
                <input
                  {...control}
                  maxLength={3}
                  autoComplete="off"
                  placeholder="EUR"
                  value={ownCurrency}
                  onChange={(event) => setOwnCurrency(event.target.value)}
                />
              )}
            </FormField>
          )}
        </div>
      )}

      <FormField label="What is offered" hint="In words the customer would recognise." error={reason('summary')}>
        {(control) => (
          <textarea {...control} rows={2} maxLength={2000} value={summary} onChange={(event) => setSummary(event.target.value)} />
        )}
      </FormField>

      {type === 'no_action' && (
        <FormField label="Why no action is taken" error={reason('noActionReason')}>
          {(control) => (
            <textarea
              {...control}
              rows={2}
              maxLength={2000}
              value={noActionReason}
              onChange={(event) => setNoActionReason(event.target.value)}
            />
          )}
        </FormField>
      )}

      <SelectField label="Policy applied" value={policyId} error={reason('policyId')} onChange={setPolicyId}>
        <option value="">None: a deviation, needs approval</option>
        {(policies.data?.items ?? []).map((policy) => (
          <option key={policy.id} value={policy.id}>
            {policy.title} (version {policy.version})
          </option>
        ))}
      </SelectField>
      <ErrorNotice error={policies.error} onRetry={policies.reload} />

      {type !== '' && (
        <div className={`authority-box authority-${forecast?.kind ?? 'unknown'}`} aria-live="polite">
          {limits.data && <p>{describeLimits(limits.data.items, type, currency)}</p>}
          {forecast && <p className="authority-forecast">{forecast.text}</p>}
          {!limits.data && !limits.error && <p className="muted">Reading your authority limits…</p>}
          <ErrorNotice error={limits.error} onRetry={limits.reload} />
        </div>
      )}

      {error && !error.details.some((problem) => shownFields.has(problem.field)) && <ErrorNotice error={error} />}
      <div className="resolution-buttons">
        <button type="submit" className="button button-small button-primary" disabled={busy}>
          {busy ? 'Proposing…' : 'Propose'}
        </button>
        <button type="button" className="button button-small" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function needsAmount(type: ResolutionType, purchase: Transaction | undefined): boolean {
  return AMOUNT_REQUIRED.has(type) || (type === 'refund_full' && purchase === undefined);
}
