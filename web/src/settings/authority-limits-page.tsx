import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { AuthorityLimit, ResolutionType, Role } from '../../../src/shared/index.js';
import { RESOLUTION_TYPES } from '../../../src/shared/enums.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { authorityApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { ChoiceOptions } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField, SelectField } from '../ui/form-field.js';
import { labelFor } from '../ui/labels.js';
import { formatCap, minorUnitsAsInput, parseMinorUnits } from './money-input.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import { RESOLUTION_TYPE_LABELS, ROLE_LABELS } from './rule-labels.js';
import './settings.css';

// Auditors propose and approve nothing (they cannot write), so a limit would never apply to them.
const ROLES_WITH_LIMITS: readonly Role[] = ['agent', 'supervisor', 'manager', 'admin'];

// These carry no amount (the server refuses one), so a limit only says whether they need approval.
const TYPES_WITHOUT_AMOUNT: ReadonlySet<ResolutionType> = new Set(['explanation_only', 'no_action']);

/** Whose limit a dialog sets: a role's cell of the table, or a user's own limit for a type. */
type Target = { role: Role; resolutionType: ResolutionType } | { userId: string | null; resolutionType: ResolutionType | null };

export function AuthorityLimitsPage() {
  const limits = useResource('authority-limits', (signal) => authorityApi.list({}, signal));
  const managesRules = useManagesRules();
  const [editing, setEditing] = useState<Target | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const [removeError, setRemoveError] = useState<ApiError>();
  useDocumentTitle('Authority limits');

  const all = limits.data?.items ?? [];
  const roleLimits = (role: Role, type: ResolutionType) => all.filter((limit) => limit.role === role && limit.resolutionType === type);
  const userLimits = all.filter((limit) => limit.userId !== null);

  function changed(message: string): void {
    setEditing(null);
    setConfirmation(message);
    limits.reload();
  }

  async function remove(limit: AuthorityLimit): Promise<void> {
    setRemoveError(undefined);
    try {
      await authorityApi.remove(limit.id);
      changed(`Removed ${describeSubject(limit)}’s limit for ${labelFor(RESOLUTION_TYPE_LABELS, limit.resolutionType).toLowerCase()}.`);
    } catch (failure) {
      setRemoveError(toApiError(failure));
    }
  }

  return (
    <section className="page settings-page" aria-labelledby="limits-title">
      <div className="page-header">
        <div>
          <h1 id="limits-title">Authority limits</h1>
          <p className="muted">
            How far each role may go on one case without approval: the total of a resolution type on the case. Without a limit,
            that type always needs approval.
          </p>
        </div>
      </div>
      {!managesRules && <ReadOnlyNotice />}
      <div role="status">{confirmation && <p className="settings-confirmation">{confirmation}</p>}</div>
      <ErrorNotice error={limits.error ?? removeError} onRetry={limits.error ? limits.reload : undefined} />
      {limits.loading && !limits.data && <p className="muted">Loading limits…</p>}

      <div className="table-scroll">
        <table className="data-table limits-table" aria-labelledby="limits-title">
          <thead>
            <tr>
              <th scope="col">Resolution type</th>
              {ROLES_WITH_LIMITS.map((role) => (
                <th key={role} scope="col">
                  {ROLE_LABELS[role]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {RESOLUTION_TYPES.map((type) => (
              <tr key={type}>
                <th scope="row">{RESOLUTION_TYPE_LABELS[type]}</th>
                {ROLES_WITH_LIMITS.map((role) => (
                  <td key={role}>
                    {managesRules && limits.data ? (
                      <button
                        type="button"
                        className="limit-button"
                        onClick={() => {
                          setConfirmation('');
                          setEditing({ role, resolutionType: type });
                        }}
                      >
                        <span className="visually-hidden">
                          Change {ROLE_LABELS[role].toLowerCase()} limit for {RESOLUTION_TYPE_LABELS[type].toLowerCase()}:{' '}
                        </span>
                        <LimitSummary limits={roleLimits(role, type)} type={type} />
                        <span className="limit-edit-hint" aria-hidden="true">
                          Change
                        </span>
                      </button>
                    ) : (
                      <LimitSummary limits={roleLimits(role, type)} type={type} />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="user-limits" aria-labelledby="user-limits-title">
        <div className="page-header">
          <div>
            <h2 id="user-limits-title">Limits for one person</h2>
            <p className="muted">A person’s own limits for a resolution type replace their role’s for that type.</p>
          </div>
          {managesRules && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirmation('');
                setEditing({ userId: null, resolutionType: null });
              }}
            >
              Add a limit for a person
            </button>
          )}
        </div>
        {limits.data && userLimits.length === 0 ? (
          <p className="muted">Nobody has limits of their own; everyone works within their role’s.</p>
        ) : (
          <table className="data-table" aria-labelledby="user-limits-title">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Resolution type</th>
                <th scope="col">Cap</th>
                <th scope="col">Currency</th>
                {managesRules && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {userLimits.map((limit) => (
                <tr key={limit.id}>
                  <td>{limit.userName ?? limit.userId}</td>
                  <td>{labelFor(RESOLUTION_TYPE_LABELS, limit.resolutionType)}</td>
                  <td>{capText(limit)}</td>
                  <td>{limit.currency ?? 'any'}</td>
                  {managesRules && (
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => {
                          setConfirmation('');
                          setEditing({ userId: limit.userId, resolutionType: limit.resolutionType });
                        }}
                      >
                        Change
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`Remove ${limit.userName ?? 'this person'}’s limit for ${labelFor(RESOLUTION_TYPE_LABELS, limit.resolutionType).toLowerCase()}${limit.currency ? ` in ${limit.currency}` : ''}`}
                        onClick={() => void remove(limit)}
                      >
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {editing && <LimitDialog target={editing} limits={all} onClose={() => setEditing(null)} onChanged={changed} />}
    </section>
  );
}

function LimitSummary({ limits, type }: { limits: AuthorityLimit[]; type: ResolutionType }) {
  if (limits.length === 0) return <span className="limit-summary needs-approval">Needs approval</span>;
  return (
    <span className="limit-summary">
      {limits.map((limit) => (
        <span key={limit.id} className="limit-line">
          <span className="limit-cap">{TYPES_WITHOUT_AMOUNT.has(type) ? 'Allowed' : capText(limit)}</span>
          {!TYPES_WITHOUT_AMOUNT.has(type) && <span className="limit-currency"> {limit.currency ?? 'any currency'}</span>}
        </span>
      ))}
    </span>
  );
}

function capText(limit: AuthorityLimit): string {
  if (limit.maxAmountMinor === null) return 'No cap';
  return `Up to ${formatCap(limit.maxAmountMinor, limit.currency)}`;
}

function describeSubject(limit: AuthorityLimit): string {
  if (limit.role) return `the ${ROLE_LABELS[limit.role].toLowerCase()} role`;
  return limit.userName ?? 'this person';
}

function LimitDialog(props: {
  target: Target;
  limits: AuthorityLimit[];
  onClose: () => void;
  onChanged: (message: string) => void;
}) {
  const { users } = useWorkspace();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const forRole = 'role' in props.target ? props.target.role : null;
  const [userId, setUserId] = useState('userId' in props.target ? (props.target.userId ?? '') : '');
  const [type, setType] = useState<ResolutionType | ''>(props.target.resolutionType ?? '');
  const limitsOf = (person: string, resolutionType: ResolutionType | '') =>
    props.limits.filter(
      (limit) => limit.resolutionType === resolutionType && (forRole ? limit.role === forRole : person !== '' && limit.userId === person),
    );
  const existing = limitsOf(userId, type);
  // The form starts from the limit there is (the first, when there is one per currency).
  const first = existing[0];
  const [currency, setCurrency] = useState(first?.currency ?? '');
  const [capped, setCapped] = useState(first ? first.maxAmountMinor !== null : true);
  const [amount, setAmount] = useState(first?.maxAmountMinor != null ? minorUnitsAsInput(first.maxAmountMinor, first.currency) : '');

  function choose(person: string, resolutionType: ResolutionType | ''): void {
    setUserId(person);
    setType(resolutionType);
    const found = limitsOf(person, resolutionType)[0];
    setCurrency(found?.currency ?? '');
    setCapped(found ? found.maxAmountMinor !== null : true);
    setAmount(found?.maxAmountMinor != null ? minorUnitsAsInput(found.maxAmountMinor, found.currency) : '');
  }
  const [amountProblem, setAmountProblem] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const withoutAmount = type !== '' && TYPES_WITHOUT_AMOUNT.has(type);
  // One limit per currency: a currency the cell has no limit in yet adds one beside the others.
  const addsCurrency = !withoutAmount && existing.length > 0 && !existing.some((limit) => (limit.currency ?? '') === currency.trim().toUpperCase());
  const person = users.find((user) => user.id === userId);
  const who = forRole ? ROLE_LABELS[forRole] : (person?.name ?? 'A person');
  const typeLabel = type ? RESOLUTION_TYPE_LABELS[type] : 'a resolution type';
  const candidates = users.filter((user) => user.active && user.role !== 'auditor');

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (type === '') return;
    const code = currency.trim().toUpperCase() || null;
    let maxAmountMinor: number | null = null;
    if (!withoutAmount && capped) {
      const parsed = parseMinorUnits(amount, code);
      if (parsed === undefined) {
        setAmountProblem(code ? `enter an amount in ${code}, such as 150.00` : 'enter an amount such as 150.00');
        return;
      }
      maxAmountMinor = parsed;
    }
    setAmountProblem(undefined);
    setBusy(true);
    setError(undefined);
    try {
      const subject = forRole ? { role: forRole } : { userId };
      const saved = await authorityApi.set({ ...subject, resolutionType: type, currency: withoutAmount ? null : code, maxAmountMinor });
      const cap = withoutAmount ? 'allowed without approval' : saved.maxAmountMinor === null ? 'no cap' : `up to ${formatCap(saved.maxAmountMinor, saved.currency)}`;
      props.onChanged(`${who}: ${typeLabel.toLowerCase()} ${cap}${withoutAmount || saved.currency ? '' : ' in any currency'}.`);
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  async function remove(limit: AuthorityLimit): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      await authorityApi.remove(limit.id);
      props.onChanged(`${who}: ${typeLabel.toLowerCase()}${limit.currency ? ` in ${limit.currency}` : ''} now needs approval.`);
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className="dialog limit-dialog" aria-labelledby={titleId} onClose={props.onClose}>
      <div className="dialog-header">
        <h2 id={titleId}>
          {forRole ? `${who} limit · ${typeLabel}` : 'Limit for one person'}
        </h2>
        <button type="button" className="button button-small" onClick={props.onClose}>
          Close
        </button>
      </div>
      <form className="limit-form" onSubmit={save}>
        <ErrorNotice error={error} />
        {!forRole && (
          <>
            <SelectField label="Person" error={error?.reasonFor('userId')} value={userId} onChange={(value) => choose(value, type)}>
              <option value="">Choose a person</option>
              {candidates.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name} ({ROLE_LABELS[user.role].toLowerCase()})
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Resolution type"
              error={error?.reasonFor('resolutionType')}
              value={type}
              onChange={(value) => choose(userId, RESOLUTION_TYPES.find((t) => t === value) ?? '')}
            >
              <option value="">Choose a type</option>
              <ChoiceOptions labels={RESOLUTION_TYPE_LABELS} />
            </SelectField>
          </>
        )}
        {existing.length > 0 && (
          <div>
            <h3 className="limit-existing-title">Now</h3>
            <ul className="limit-existing">
              {existing.map((limit) => (
                <li key={limit.id}>
                  <span>
                    {withoutAmount ? 'Allowed without approval' : capText(limit)}
                    {!withoutAmount && <span className="muted"> · {limit.currency ?? 'any currency'}</span>}
                  </span>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy}
                    aria-label={`Remove this limit${limit.currency ? ` in ${limit.currency}` : ''}`}
                    onClick={() => void remove(limit)}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {withoutAmount ? (
          <p className="muted">
            {typeLabel} carries no amount: with a limit it is allowed without approval, without one it always needs approval.
          </p>
        ) : (
          <>
            <FormField
              label="Currency"
              error={error?.reasonFor('currency')}
              hint="A three-letter code such as GBP. Leave empty for a cap in any currency; a cap in the case’s own currency wins."
            >
              {(control) => (
                <input
                  {...control}
                  maxLength={3}
                  autoCapitalize="characters"
                  className="currency-input"
                  value={currency}
                  onChange={(event) => setCurrency(event.target.value.toUpperCase())}
                />
              )}
            </FormField>
            <fieldset className="form-fieldset">
              <legend>Cap per case</legend>
              <label className="choice">
                <input type="radio" name="cap" checked={capped} onChange={() => setCapped(true)} />
                Capped
              </label>
              {capped && (
                <FormField label="Cap amount" error={amountProblem ?? error?.reasonFor('maxAmountMinor')}>
                  {(control) => (
                    <input
                      {...control}
                      inputMode="decimal"
                      required
                      className="amount-input"
                      value={amount}
                      onChange={(event) => setAmount(event.target.value)}
                    />
                  )}
                </FormField>
              )}
              <label className="choice">
                <input type="radio" name="cap" checked={!capped} onChange={() => setCapped(false)} />
                No cap
              </label>
            </fieldset>
          </>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || type === '' || (!forRole && userId === '')}>
            {busy ? 'Saving…' : withoutAmount ? 'Allow without approval' : addsCurrency ? 'Add limit' : 'Save limit'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
