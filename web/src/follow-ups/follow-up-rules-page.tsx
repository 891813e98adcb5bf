import { type FormEvent, useState } from 'react';
import type { CaseKind, FollowUpChannel, FollowUpPurpose, FollowUpRule, FollowUpTrigger } from '../../../src/shared/index.js';
import { TRIGGER_PURPOSES } from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { followUpRulesApi, type FollowUpRuleDraft } from '../api/follow-ups-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { FOLLOW_UP_CHANNEL_LABELS } from '../customers/contact-labels.js';
import { ReadOnlyNotice } from '../settings/read-only-notice.js';
import { SaveActions } from '../settings/save-actions.js';
import { flashOnNextPage, useFlash } from '../settings/settings-flash.js';
import { CheckboxGroup } from '../settings/sla-fields.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField, SelectField } from '../ui/form-field.js';
import { formatMoney } from '../ui/format.js';
import { KIND_LABELS } from '../ui/labels.js';
import { PURPOSE_LABELS, TRIGGER_LABELS, describeDelay } from './follow-up-labels.js';
import '../settings/settings.css';
import '../settings/sla-settings.css';
import './follow-ups.css';

const LIST_HREF = hrefTo('/settings/follow-up-rules');

/** A rule's conditions in words: which cases or orders, and how often a customer may get it. */
function conditionsSummary(rule: FollowUpRule): string {
  const { kinds, minTotalMinor, currency, notWithinDays, sampleOneIn } = rule.conditions;
  const parts: string[] = [];
  if (kinds.length > 0) parts.push(kinds.map((kind) => KIND_LABELS[kind]).join(', '));
  if (minTotalMinor !== null && currency) parts.push(`orders of ${formatMoney(minTotalMinor, currency)} or more`);
  if (notWithinDays !== null) parts.push(`not twice within ${notWithinDays} days`);
  if (sampleOneIn != null) parts.push(`1 in ${sampleOneIn}`);
  return parts.length > 0 ? parts.join('; ') : rule.trigger === 'order_delivered' ? 'every order' : 'every case';
}

/** The rules that schedule follow-ups by themselves, reactive (cases) and proactive (deliveries). */
export function FollowUpRulesPage() {
  const rules = useResource('follow-up-rules', (signal) => followUpRulesApi.list(signal));
  const managesRules = useManagesRules();
  const [flash] = useFlash();
  useDocumentTitle('Follow-up rules');
  return (
    <section className="page settings-page" aria-labelledby="follow-up-rules-title">
      <div className="page-header">
        <div>
          <h1 id="follow-up-rules-title">Follow-up rules</h1>
          <p className="muted">
            What schedules follow-ups by itself: confirming a resolution when a case waits for the customer, checking satisfaction once it is
            resolved, and checking in after a delivery. Each goes out on the customer’s preferred channel unless the rule names one.
          </p>
        </div>
        {managesRules && (
          <a className="button button-primary" href={hrefTo('/settings/follow-up-rules/new')}>
            New rule
          </a>
        )}
      </div>
      {!managesRules && <ReadOnlyNotice />}
      <p className="save-status" role="status">
        {flash}
      </p>
      <ErrorNotice error={rules.error} onRetry={rules.reload} />
      <table className="data-table" aria-labelledby="follow-up-rules-title">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">When</th>
            <th scope="col">Follow-up</th>
            <th scope="col">Applies to</th>
            <th scope="col">Channel</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rules.data?.items.map((rule) => (
            <tr key={rule.id} className={rule.active ? undefined : 'is-inactive'}>
              <td>
                <a className="row-link" href={hrefTo(`/settings/follow-up-rules/${rule.id}`)}>
                  {rule.name}
                </a>
              </td>
              <td>{TRIGGER_LABELS[rule.trigger]}</td>
              <td>
                {PURPOSE_LABELS[rule.purpose]}, {describeDelay(rule.delayMinutes)}
              </td>
              <td>{conditionsSummary(rule)}</td>
              <td>{rule.channel ? FOLLOW_UP_CHANNEL_LABELS[rule.channel] : 'Customer’s preference'}</td>
              <td>{rule.active ? <span className="badge badge-in-effect">Active</span> : <span className="badge">Inactive</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rules.data?.items.length === 0 && <p className="muted">No rules yet: follow-ups are scheduled only by hand.</p>}
    </section>
  );
}

interface RuleForm {
  name: string;
  active: boolean;
  trigger: FollowUpTrigger;
  purpose: FollowUpPurpose;
  delayDays: string;
  delayHours: string;
  channel: FollowUpChannel | '';
  kinds: CaseKind[];
  minTotal: string;
  currency: string;
  notWithinDays: string;
  sampleOneIn: string;
}

function formOf(rule: FollowUpRule | null): RuleForm {
  const delay = rule?.delayMinutes ?? 2 * 24 * 60;
  return {
    name: rule?.name ?? '',
    active: rule?.active ?? true,
    trigger: rule?.trigger ?? 'case_awaiting_customer',
    purpose: rule?.purpose ?? 'confirm_resolution',
    delayDays: String(Math.floor(delay / (24 * 60))),
    delayHours: String(Math.round((delay % (24 * 60)) / 60)),
    channel: rule?.channel ?? '',
    kinds: rule?.conditions.kinds ?? [],
    minTotal: rule?.conditions.minTotalMinor != null ? (rule.conditions.minTotalMinor / 100).toFixed(2) : '',
    currency: rule?.conditions.currency ?? 'EUR',
    notWithinDays: rule?.conditions.notWithinDays != null ? String(rule.conditions.notWithinDays) : '',
    sampleOneIn: rule?.conditions.sampleOneIn != null ? String(rule.conditions.sampleOneIn) : '',
  };
}

/** The body to save; what is not a number stays as typed, so the server names the field. */
function payloadOf(form: RuleForm): FollowUpRuleDraft {
  const number = (text: string) => (text.trim() === '' ? 0 : Number(text));
  const orders = form.trigger === 'order_delivered';
  return {
    name: form.name,
    active: form.active,
    trigger: form.trigger,
    purpose: form.purpose,
    delayMinutes: Math.round(number(form.delayDays) * 24 * 60 + number(form.delayHours) * 60),
    channel: form.channel || null,
    conditions: {
      kinds: orders ? [] : form.kinds,
      minTotalMinor: orders && form.minTotal.trim() !== '' ? Math.round(Number(form.minTotal) * 100) : null,
      currency: orders && form.minTotal.trim() !== '' ? form.currency.trim().toUpperCase() : null,
      notWithinDays: form.notWithinDays.trim() === '' ? null : Number(form.notWithinDays),
      sampleOneIn: form.purpose === 'survey' && form.sampleOneIn.trim() !== '' ? Number(form.sampleOneIn) : null,
    },
  };
}

/** One rule: its editor for those who set the rules, a summary for everyone else. */
export function FollowUpRulePage({ ruleId }: { ruleId: string | null }) {
  const rule = useResource(ruleId ? `follow-up-rule:${ruleId}` : null, (signal) => followUpRulesApi.get(ruleId ?? '', signal));
  const managesRules = useManagesRules();
  const missing = rule.error?.status === 404;
  const title = ruleId === null ? 'New follow-up rule' : (rule.data?.name ?? (missing ? 'Rule not found' : 'Follow-up rule'));
  useDocumentTitle(title);
  return (
    <section className="page settings-page" aria-labelledby="follow-up-rule-title">
      <a className="back-link" href={LIST_HREF}>
        ← Follow-up rules
      </a>
      <h1 id="follow-up-rule-title">{title}</h1>
      {missing ? <p>No rule has this address. It may have been mistyped.</p> : <ErrorNotice error={rule.error} onRetry={rule.reload} />}
      {!managesRules && <ReadOnlyNotice />}
      {!managesRules && rule.data && (
        <p>
          {TRIGGER_LABELS[rule.data.trigger]}: {PURPOSE_LABELS[rule.data.purpose].toLowerCase()} {describeDelay(rule.data.delayMinutes)}, for{' '}
          {conditionsSummary(rule.data)}.
        </p>
      )}
      {managesRules && (ruleId === null || rule.data) && <RuleEditor key={rule.data?.updatedAt ?? 'new'} rule={rule.data ?? null} />}
    </section>
  );
}

function RuleEditor({ rule }: { rule: FollowUpRule | null }) {
  const [form, setForm] = useState(() => formOf(rule));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [flash, setFlash] = useFlash();
  const update = (patch: Partial<RuleForm>) => setForm((current) => ({ ...current, ...patch }));
  const purposes = TRIGGER_PURPOSES[form.trigger];
  const orders = form.trigger === 'order_delivered';
  const reason = (field: string) => error?.reasonFor(field);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (rule) {
        await followUpRulesApi.update(rule.id, payloadOf(form));
        setFlash('Rule saved.');
      } else {
        const created = await followUpRulesApi.create(payloadOf(form));
        flashOnNextPage(`Rule “${created.name}” created.`);
        navigate(LIST_HREF);
      }
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  const known = ['name', 'trigger', 'purpose', 'delayMinutes', 'channel', 'conditions.kinds', 'conditions.minTotalMinor', 'conditions.currency', 'conditions.notWithinDays', 'conditions.sampleOneIn'];
  return (
    <form className="card form-card" onSubmit={submit} aria-label={rule ? `Edit ${rule.name}` : 'New follow-up rule'}>
      <div className="form-grid">
        <FormField label="Name" error={reason('name')} className="span-2">
          {(control) => <input {...control} value={form.name} required onChange={(event) => update({ name: event.target.value })} />}
        </FormField>
        <SelectField
          label="When"
          value={form.trigger}
          error={reason('trigger')}
          onChange={(value) => {
            const trigger = value as FollowUpTrigger;
            update({ trigger, purpose: TRIGGER_PURPOSES[trigger].includes(form.purpose) ? form.purpose : TRIGGER_PURPOSES[trigger][0]! });
          }}
        >
          {(Object.keys(TRIGGER_LABELS) as FollowUpTrigger[]).map((trigger) => (
            <option key={trigger} value={trigger}>
              {TRIGGER_LABELS[trigger]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Follow-up" value={form.purpose} error={reason('purpose')} onChange={(value) => update({ purpose: value as FollowUpPurpose })}>
          {purposes.map((purpose) => (
            <option key={purpose} value={purpose}>
              {PURPOSE_LABELS[purpose]}
            </option>
          ))}
        </SelectField>
        <FormField label="After (days)" error={reason('delayMinutes')}>
          {(control) => <input {...control} type="number" min={0} max={365} value={form.delayDays} onChange={(event) => update({ delayDays: event.target.value })} />}
        </FormField>
        <FormField label="And (hours)">
          {(control) => <input {...control} type="number" min={0} max={23} value={form.delayHours} onChange={(event) => update({ delayHours: event.target.value })} />}
        </FormField>
        <SelectField label="Channel" value={form.channel} error={reason('channel')} onChange={(value) => update({ channel: value as FollowUpChannel | '' })}>
          <option value="">The customer’s preference</option>
          {(Object.keys(FOLLOW_UP_CHANNEL_LABELS) as FollowUpChannel[]).map((channel) => (
            <option key={channel} value={channel}>
              {FOLLOW_UP_CHANNEL_LABELS[channel]}
            </option>
          ))}
        </SelectField>
        <FormField label="Not twice within (days)" error={reason('conditions.notWithinDays')} hint="Per customer; empty for no limit.">
          {(control) => <input {...control} type="number" min={1} max={365} value={form.notWithinDays} onChange={(event) => update({ notWithinDays: event.target.value })} />}
        </FormField>
        {form.purpose === 'survey' && (
          <FormField label="Ask 1 in" error={reason('conditions.sampleOneIn')} hint="Surveys only: 1 case or order in this many, 2 to 1000; empty: every one.">
            {(control) => <input {...control} type="number" min={2} max={1000} value={form.sampleOneIn} onChange={(event) => update({ sampleOneIn: event.target.value })} />}
          </FormField>
        )}
        {orders ? (
          <>
            <FormField label="Orders of at least" error={reason('conditions.minTotalMinor')} hint="Empty: every order.">
              {(control) => <input {...control} inputMode="decimal" value={form.minTotal} onChange={(event) => update({ minTotal: event.target.value })} />}
            </FormField>
            <FormField label="Currency" error={reason('conditions.currency')}>
              {(control) => <input {...control} maxLength={3} value={form.currency} onChange={(event) => update({ currency: event.target.value })} />}
            </FormField>
          </>
        ) : (
          <div className="span-2">
            <CheckboxGroup
              legend="Case kinds"
              hint="None ticked: every kind."
              inline
              options={(Object.keys(KIND_LABELS) as CaseKind[]).map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))}
              checked={form.kinds}
              onChange={(kinds) => update({ kinds })}
              error={reason('conditions.kinds')}
            />
          </div>
        )}
        <label className="toggle span-2">
          <input type="checkbox" checked={form.active} onChange={(event) => update({ active: event.target.checked })} /> Active: schedules follow-ups
        </label>
      </div>
      {error && !known.some((field) => reason(field)) && <ErrorNotice error={error} />}
      <SaveActions confirmation={flash} backHref={LIST_HREF} existing={rule !== null} busy={busy} noun="rule" />
    </form>
  );
}
