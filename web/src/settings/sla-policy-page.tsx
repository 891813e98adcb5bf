import { type FormEvent, useState } from 'react';
import type { BusinessCalendar, SlaPolicy } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { slaApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle, useWorkspace } from '../app/workspace-context.js';
import { capitalise } from '../cases/procedure-labels.js';
import { formatTargetMinutes } from '../sla/sla-time.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField, SelectField } from '../ui/form-field.js';
import { formatDateTime } from '../ui/format.js';
import { CHANNEL_LABELS, KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS, TIER_LABELS, labelFor } from '../ui/labels.js';
import { problemsUnder } from './calendar-form.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import { SaveActions } from './save-actions.js';
import { flashOnNextPage, useFlash } from './settings-flash.js';
import { CheckboxGroup, DurationField, optionsOf } from './sla-fields.js';
import {
  type ActionsDraft,
  type DurationField as DurationFieldName,
  PAUSABLE_STATUS_LABELS,
  type PolicyDraft,
  actionsSummary,
  emptyPolicyDraft,
  matchSummary,
  policyDraftOf,
  policyPayload,
} from './sla-policy-form.js';
import './settings.css';
import './sla-settings.css';

/** One SLA policy: an editor for those who set the rules, its terms in words for everyone else. */
export function SlaPolicyPage({ policyId }: { policyId: string | null }) {
  const policies = useResource('sla-policies', (signal) => slaApi.policies(signal));
  const calendars = useResource('sla-calendars', (signal) => slaApi.calendars(signal));
  const managesRules = useManagesRules();
  const policy = policies.data?.items.find((item) => item.id === policyId);
  const missing = policyId !== null && policies.data !== undefined && !policy;
  const title = policyId === null ? 'New SLA policy' : (policy?.name ?? (missing ? 'SLA policy not found' : 'SLA policy'));
  useDocumentTitle(title);
  const ready = calendars.data !== undefined && policies.data !== undefined;

  return (
    <section className="page settings-page" aria-labelledby="sla-policy-title">
      <a className="back-link" href={hrefTo('/settings/sla-policies')}>
        ← SLA policies
      </a>
      <h1 id="sla-policy-title">{title}</h1>
      <ErrorNotice error={policies.error ?? calendars.error} onRetry={policies.error ? policies.reload : calendars.reload} />
      {!ready && !policies.error && !calendars.error && <p className="muted">Loading…</p>}
      {missing && <p>No SLA policy has this address. It may have been mistyped.</p>}
      {!managesRules && <ReadOnlyNotice />}
      {!managesRules && policy && <PolicyView policy={policy} />}
      {managesRules && ready && (policyId === null || policy) && (
        <PolicyEditor key={policy?.updatedAt ?? 'new'} policy={policy ?? null} calendars={calendars.data?.items ?? []} count={policies.data?.items.length ?? 0} />
      )}
    </section>
  );
}

function PolicyView({ policy }: { policy: SlaPolicy }) {
  const { teams } = useWorkspace();
  const target = (minutes: number | null) => (minutes === null ? 'None' : `${formatTargetMinutes(minutes)} in business hours`);
  const warning = [
    policy.warnPercent !== null && `When ${policy.warnPercent}% of a target is used`,
    policy.warnBeforeMinutes !== null && `${policy.warnPercent === null ? '' : 'or '}${formatTargetMinutes(policy.warnBeforeMinutes)} before it is due`,
  ].filter(Boolean);
  return (
    <div className="card sla-policy-view">
      <dl className="facts">
        <dt>Order</dt>
        <dd>{policy.position}</dd>
        <dt>Status</dt>
        <dd>{policy.active ? 'Active' : 'Inactive: never applies'}</dd>
        <dt>Calendar</dt>
        <dd>{policy.calendarName}</dd>
        <dt>Applies to</dt>
        <dd>{matchSummary(policy.match, teams)}</dd>
        <dt>First response</dt>
        <dd>{target(policy.firstResponseMinutes)}</dd>
        <dt>Next response</dt>
        <dd>{target(policy.nextResponseMinutes)}</dd>
        <dt>Resolution</dt>
        <dd>{target(policy.resolutionMinutes)}</dd>
        <dt>Paused while</dt>
        <dd>{policy.pauseStatuses.length ? policy.pauseStatuses.map((status) => labelFor(STATUS_LABELS, status)).join(', ') : 'Never'}</dd>
        <dt>Warning</dt>
        <dd>{warning.length === 0 ? 'None' : warning.length === 1 ? capitalise(String(warning[0])) : `${warning.join(' ')}, whichever comes first`}</dd>
        <dt>When warned</dt>
        <dd>{actionsSummary(policy.warningActions, teams)}</dd>
        <dt>On breach</dt>
        <dd>{actionsSummary(policy.breachActions, teams)}</dd>
        <dt>Changed</dt>
        <dd>{formatDateTime(policy.updatedAt)}</dd>
      </dl>
    </div>
  );
}

type LocalProblems = Partial<Record<DurationFieldName | 'targets', string>>;

function PolicyEditor(props: { policy: SlaPolicy | null; calendars: BusinessCalendar[]; count: number }) {
  const { policy, calendars } = props;
  const { teams } = useWorkspace();
  const [draft, setDraft] = useState<PolicyDraft>(() => (policy ? policyDraftOf(policy) : emptyPolicyDraft(calendars[0]?.id ?? '')));
  const [local, setLocal] = useState<LocalProblems>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useFlash();

  const problem = (field: DurationFieldName | 'name' | 'calendarId' | 'pauseStatuses' | 'active' | `match.${string}` | `${'warning' | 'breach'}Actions`) =>
    (field in local ? local[field as keyof LocalProblems] : undefined) ?? problemsUnder(error?.details, field)[0];
  const placed = error?.status === 400 && (error.details.length ?? 0) > 0;

  function change(update: Partial<PolicyDraft>): void {
    setDraft((current) => ({ ...current, ...update }));
    setConfirmation('');
  }

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    const result = policyPayload(draft);
    setError(undefined);
    setConfirmation('');
    if (result.problems) {
      setLocal(result.problems);
      return;
    }
    setLocal({});
    setBusy(true);
    try {
      if (policy === null) {
        const created = await slaApi.createPolicy(result.payload);
        flashOnNextPage(`SLA policy “${created.name}” created. Open cases it matches get its clocks now.`);
        navigate(hrefTo(`/settings/sla-policies/${created.id}`));
        return;
      }
      const saved = await slaApi.updatePolicy(policy.id, result.payload);
      setDraft(policyDraftOf(saved));
      setConfirmation('Saved. The clocks of open cases are worked out again.');
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  const teamOptions = teams.map((team) => ({ value: team.id, label: team.name }));
  const localCount = Object.keys(local).length;
  return (
    <form className="card form-card sla-policy-form" onSubmit={save} noValidate>
      {localCount > 0 && (
        <p className="error-notice" role="alert">
          Not saved yet: {localCount === 1 ? 'one field needs' : `${localCount} fields need`} changing, marked below.
        </p>
      )}
      {placed ? (
        <p className="error-notice" role="alert">
          The policy was not saved: {error.details.length === 1 ? 'one field needs' : `${error.details.length} fields need`} changing, marked
          below.
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
      <div className="form-grid">
        <FormField label="Name" error={problem('name')} className="span-2">
          {(control) => <input {...control} required maxLength={200} value={draft.name} onChange={(event) => change({ name: event.target.value })} />}
        </FormField>
        <SelectField label="Calendar" error={problem('calendarId')} value={draft.calendarId} onChange={(calendarId) => change({ calendarId })}>
          {draft.calendarId === '' && <option value="">Choose a calendar</option>}
          {calendars.map((calendar) => (
            <option key={calendar.id} value={calendar.id}>
              {calendar.name} ({calendar.timezone})
            </option>
          ))}
        </SelectField>
        <FormField
          label="Order"
          error={problem('position')}
          hint={
            policy || props.count === 0
              ? 'Lower comes first; the first active policy that matches applies.'
              : `Lower comes first. Leave empty to put it after the ${props.count === 1 ? 'policy there is' : `${props.count} there are`}.`
          }
        >
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              className="position-input"
              value={draft.position}
              onChange={(event) => change({ position: event.target.value })}
            />
          )}
        </FormField>
        <label className="choice span-2">
          <input type="checkbox" checked={draft.active} onChange={(event) => change({ active: event.target.checked })} />
          Active: cases it matches get its targets
        </label>
      </div>

      <fieldset className="form-fieldset">
        <legend>Applies to</legend>
        <p className="section-note muted">A case must match every group with a tick in it; a group left empty matches any case.</p>
        <div className="match-grid">
          <CheckboxGroup legend="Kinds" options={optionsOf(KIND_LABELS)} checked={draft.kinds} onChange={(kinds) => change({ kinds })} error={problem('match.kinds')} />
          <CheckboxGroup
            legend="Priorities"
            options={optionsOf(PRIORITY_LABELS)}
            checked={draft.priorities}
            onChange={(priorities) => change({ priorities })}
            error={problem('match.priorities')}
          />
          <CheckboxGroup legend="Customer tiers" options={optionsOf(TIER_LABELS)} checked={draft.tiers} onChange={(tiers) => change({ tiers })} error={problem('match.tiers')} />
          <CheckboxGroup
            legend="Channels"
            options={optionsOf(CHANNEL_LABELS)}
            checked={draft.channels}
            onChange={(channels) => change({ channels })}
            error={problem('match.channels')}
          />
          <CheckboxGroup
            legend="Requesting departments"
            hint="For internal SLAs between departments."
            options={teamOptions}
            checked={draft.requestingTeamIds}
            onChange={(requestingTeamIds) => change({ requestingTeamIds })}
            error={problem('match.requestingTeamIds')}
            empty="No teams yet."
          />
        </div>
      </fieldset>

      <fieldset className="form-fieldset" aria-describedby="targets-note">
        <legend>Targets</legend>
        <p id="targets-note" className="section-note muted">
          In business hours on the calendar. Leave a target empty for none; set at least one.
        </p>
        {local.targets && <p className="field-error">{local.targets}</p>}
        <div className="target-grid">
          <DurationField
            label="First response"
            hint="From opening to the first reply by a person."
            value={draft.firstResponse}
            onChange={(firstResponse) => change({ firstResponse })}
            error={problem('firstResponseMinutes')}
          />
          <DurationField
            label="Next response"
            hint="From each later customer message to the reply."
            value={draft.nextResponse}
            onChange={(nextResponse) => change({ nextResponse })}
            error={problem('nextResponseMinutes')}
          />
          <DurationField
            label="Resolution"
            hint="From opening to resolved."
            value={draft.resolution}
            onChange={(resolution) => change({ resolution })}
            error={problem('resolutionMinutes')}
          />
        </div>
        <CheckboxGroup
          legend="Clocks pause while the case is"
          hint="Resolved and closed always stop them."
          inline
          options={optionsOf(PAUSABLE_STATUS_LABELS)}
          checked={draft.pauseStatuses}
          onChange={(pauseStatuses) => change({ pauseStatuses })}
          error={problem('pauseStatuses')}
        />
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>Warning</legend>
        <p className="section-note muted">Before a target is missed: at a share of it used, or some time before it is due, whichever comes first.</p>
        <div className="target-grid">
          <FormField label="Share of the target used" error={problem('warnPercent')} hint="1 to 99 %; empty for none.">
            {(control) => (
              <span className="percent-input">
                <input {...control} inputMode="numeric" value={draft.warnPercent} onChange={(event) => change({ warnPercent: event.target.value })} />
                <span aria-hidden="true">%</span>
              </span>
            )}
          </FormField>
          <DurationField
            label="Time before it is due"
            hint="In business time; empty for none."
            value={draft.warnBefore}
            onChange={(warnBefore) => change({ warnBefore })}
            error={problem('warnBeforeMinutes')}
          />
        </div>
        <ActionsFields
          legend="When warned"
          actions={draft.warningActions}
          onChange={(warningActions) => change({ warningActions })}
          error={problem('warningActions')}
        />
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>Breach</legend>
        <ActionsFields legend="When a target is missed" actions={draft.breachActions} onChange={(breachActions) => change({ breachActions })} error={problem('breachActions')} />
      </fieldset>

      <SaveActions confirmation={confirmation} backHref={hrefTo('/settings/sla-policies')} existing={Boolean(policy)} busy={busy} noun="policy" />
    </form>
  );
}

function ActionsFields(props: { legend: string; actions: ActionsDraft; onChange: (actions: ActionsDraft) => void; error: string | undefined }) {
  const { teams } = useWorkspace();
  const { actions } = props;
  const set = (patch: Partial<ActionsDraft>) => props.onChange({ ...actions, ...patch });
  return (
    <fieldset className="checkbox-group actions-group">
      <legend>{props.legend}</legend>
      <div className="checkbox-options">
        <label className="choice">
          <input type="checkbox" checked={actions.notifyAssignee} onChange={(event) => set({ notifyAssignee: event.target.checked })} />
          Notify the assignee
        </label>
        <label className="choice">
          <input type="checkbox" checked={actions.notifyTeamLead} onChange={(event) => set({ notifyTeamLead: event.target.checked })} />
          Notify the team lead
        </label>
        <label className="choice">
          <input type="checkbox" checked={actions.raisePriority} onChange={(event) => set({ raisePriority: event.target.checked })} />
          Raise the priority one step
        </label>
      </div>
      <div className="reassign-field">
        <SelectField label={`${props.legend}, move the case to`} value={actions.reassignTeamId} onChange={(reassignTeamId) => set({ reassignTeamId })}>
          <option value="">Keep its team</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name} (unassigned)
            </option>
          ))}
        </SelectField>
      </div>
      {props.error && <span className="field-error">{props.error}</span>}
    </fieldset>
  );
}
