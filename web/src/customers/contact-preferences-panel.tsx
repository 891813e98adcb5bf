import { type FormEvent, useState } from 'react';
import {
  CONSENT_CHANNELS,
  CONTACT_PURPOSES,
  FOLLOW_UP_CHANNELS,
  type ConsentAction,
  type ConsentChannel,
  type ConsentEvent,
  type ContactPreferencesView,
  type ContactPurpose,
  type Customer,
  type FollowUpChannel,
  type PreferenceField,
  type SaveContactPreferences,
} from '../../../src/shared/index.js';
import { type ApiError, toApiError } from '../api/api-client.js';
import { contactApi } from '../api/contact-api.js';
import { useResource } from '../api/use-resource.js';
import { useWritesRecords } from '../app/permissions.js';
import { ChoiceField } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField, SelectField } from '../ui/form-field.js';
import { formatDateTime, formatLanguage, toDateTimeLocalValue } from '../ui/format.js';
import { CONSENT_ACTION_LABELS, CONSENT_CHANNEL_LABELS, CONTACT_PURPOSE_LABELS, FOLLOW_UP_CHANNEL_LABELS } from './contact-labels.js';
import './contact-preferences.css';

const channelList = (channels: readonly FollowUpChannel[]) => channels.map((channel) => FOLLOW_UP_CHANNEL_LABELS[channel]).join(', ') || 'None';

/**
 * How to contact the customer: preferences (with what follows the default), consent per channel and
 * purpose, its history, and the forms to change them. Opting out of a purpose is a consent event, so
 * it shows in the history like any other.
 */
export function ContactPreferencesPanel({ customer }: { customer: Customer }) {
  const view = useResource(`contact-preferences:${customer.id}`, (signal) => contactApi.preferences(customer.id, signal));
  const history = useResource(`consent-events:${customer.id}`, (signal) => contactApi.consentEvents(customer.id, signal));
  // The server refuses auditors' writes; the panel only leaves out controls that would be refused.
  const canWrite = useWritesRecords();
  const [editing, setEditing] = useState(false);
  const [confirmation, setConfirmation] = useState('');

  const data = view.data;
  return (
    <section className="card contact-panel" aria-labelledby="contact-title">
      <h2 id="contact-title">Contact preferences</h2>
      <ErrorNotice error={view.error} onRetry={view.reload} />
      {!data && !view.error && <p aria-live="polite">Loading contact preferences…</p>}
      {data &&
        (editing ? (
          <PreferencesForm
            customer={customer}
            view={data}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setConfirmation('Preferences saved.');
              view.reload();
            }}
          />
        ) : (
          <>
            <PreferenceFacts view={data} timezone={customer.timezone} />
            {canWrite && (
              <>
                <button type="button" className="button button-small" onClick={() => (setConfirmation(''), setEditing(true))}>
                  Edit preferences
                </button>
                <p className="save-status" role="status">
                  {confirmation}
                </p>
              </>
            )}
          </>
        ))}

      {data && (
        <>
          <h3 id="consent-title">Consent</h3>
          <ConsentGrid view={data} />
          <p className="contact-opt-outs">
            {data.consent.optOuts.length > 0 ? (
              <>
                <strong>Opted out of:</strong> {data.consent.optOuts.map((purpose) => CONTACT_PURPOSE_LABELS[purpose]).join(', ')}
              </>
            ) : (
              <span className="muted">No opt-outs.</span>
            )}
          </p>
        </>
      )}

      <h3 id="consent-history-title">Consent history</h3>
      <ErrorNotice error={history.error} onRetry={history.reload} />
      {history.data && history.data.items.length === 0 && <p className="muted">No consent recorded: service and survey contact allowed, marketing not.</p>}
      {history.data && history.data.items.length > 0 && <ConsentHistory events={history.data.items} />}
      {canWrite && (
        <ConsentForm
          customerId={customer.id}
          onRecorded={() => {
            view.reload();
            history.reload();
          }}
        />
      )}
    </section>
  );
}

function DefaultMark({ field, defaults }: { field: PreferenceField; defaults: readonly PreferenceField[] }) {
  return defaults.includes(field) ? <span className="badge contact-default">default</span> : null;
}

function PreferenceFacts({ view, timezone }: { view: ContactPreferencesView; timezone: string }) {
  const { preferences, defaults } = view;
  const missing = FOLLOW_UP_CHANNELS.filter((channel) => preferences.allowedChannels.includes(channel) && !view.reachable[channel]);
  return (
    <dl className="facts" aria-label="Contact preferences">
      <dt>Preferred channel</dt>
      <dd>
        {preferences.preferredChannel ? FOLLOW_UP_CHANNEL_LABELS[preferences.preferredChannel] : <span className="muted">None</span>}{' '}
        <DefaultMark field="preferredChannel" defaults={defaults} />
      </dd>
      <dt>Allowed channels</dt>
      <dd>
        {channelList(preferences.allowedChannels)} <DefaultMark field="allowedChannels" defaults={defaults} />
        {missing.length > 0 && <span className="cell-secondary">No contact details for {channelList(missing)}</span>}
      </dd>
      <dt>Quiet hours</dt>
      <dd>
        {preferences.quietHours ? `${preferences.quietHours.start}–${preferences.quietHours.end}` : 'None'} <DefaultMark field="quietHours" defaults={defaults} />
        <span className="cell-secondary">{timezone} time</span>
      </dd>
      <dt>Language</dt>
      <dd>
        {formatLanguage(preferences.language)} <DefaultMark field="language" defaults={defaults} />
      </dd>
      <dt>Contact limit</dt>
      <dd>
        {preferences.cap ? `At most ${preferences.cap.count} in ${preferences.cap.days} ${preferences.cap.days === 1 ? 'day' : 'days'}` : 'None'}{' '}
        <DefaultMark field="cap" defaults={defaults} />
      </dd>
      <dt>Last saved</dt>
      <dd>{view.updatedAt ? formatDateTime(view.updatedAt) : <span className="muted">Never: all defaults</span>}</dd>
    </dl>
  );
}

interface PreferencesDraft {
  preferredChannel: FollowUpChannel | '';
  allowedByDefault: boolean;
  allowedChannels: FollowUpChannel[];
  quietByDefault: boolean;
  quietStart: string;
  quietEnd: string;
  language: string;
  capByDefault: boolean;
  capCount: string;
  capDays: string;
}

function draftFrom(view: ContactPreferencesView): PreferencesDraft {
  const { preferences, defaults } = view;
  return {
    preferredChannel: defaults.includes('preferredChannel') ? '' : (preferences.preferredChannel ?? ''),
    allowedByDefault: defaults.includes('allowedChannels'),
    allowedChannels: preferences.allowedChannels,
    quietByDefault: defaults.includes('quietHours'),
    quietStart: preferences.quietHours?.start ?? '21:00',
    quietEnd: preferences.quietHours?.end ?? '08:00',
    language: defaults.includes('language') ? '' : preferences.language,
    capByDefault: defaults.includes('cap'),
    capCount: String(preferences.cap?.count ?? 3),
    capDays: String(preferences.cap?.days ?? 7),
  };
}

/** The body to save: what the draft sets, null where it follows the default. Numbers the server checks as typed. */
function bodyFrom(draft: PreferencesDraft): SaveContactPreferences {
  return {
    preferredChannel: draft.preferredChannel || null,
    allowedChannels: draft.allowedByDefault ? null : FOLLOW_UP_CHANNELS.filter((channel) => draft.allowedChannels.includes(channel)),
    quietHours: draft.quietByDefault ? null : { start: draft.quietStart, end: draft.quietEnd },
    language: draft.language.trim() || null,
    cap: draft.capByDefault ? null : { count: Number(draft.capCount), days: Number(draft.capDays) },
  };
}

function PreferencesForm(props: { customer: Customer; view: ContactPreferencesView; onCancel: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState(() => draftFrom(props.view));
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const change = (patch: Partial<PreferencesDraft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const reason = (field: string) => error?.reasonFor(field);
  const defaultAllowed = FOLLOW_UP_CHANNELS.filter((channel) => props.view.reachable[channel]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await contactApi.savePreferences(props.customer.id, bodyFrom(draft));
      props.onSaved();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="contact-form" onSubmit={submit} aria-label="Edit contact preferences" noValidate>
      {error && error.details.length > 0 ? (
        <div className="error-notice" role="alert">
          The preferences were not saved: {error.details.length === 1 ? 'one field needs' : `${error.details.length} fields need`} changing, marked below.
        </div>
      ) : (
        <ErrorNotice error={error} />
      )}
      <SelectField label="Preferred channel" error={reason('preferredChannel')} value={draft.preferredChannel} onChange={(value) => change({ preferredChannel: value as FollowUpChannel | '' })}>
        <option value="">Default (email if there is an address, else phone)</option>
        {FOLLOW_UP_CHANNELS.map((channel) => (
          <option key={channel} value={channel}>
            {FOLLOW_UP_CHANNEL_LABELS[channel]}
          </option>
        ))}
      </SelectField>

      <fieldset className="form-fieldset" aria-describedby={reason('allowedChannels') ? 'allowed-channels-error' : undefined}>
        <legend>Allowed channels</legend>
        <label className="toggle">
          <input type="checkbox" checked={draft.allowedByDefault} onChange={(event) => change({ allowedByDefault: event.target.checked })} />
          Default: those with contact details ({channelList(defaultAllowed)})
        </label>
        <div className="contact-choices">
          {FOLLOW_UP_CHANNELS.map((channel) => (
            <label key={channel} className="toggle">
              <input
                type="checkbox"
                disabled={draft.allowedByDefault}
                checked={draft.allowedByDefault ? defaultAllowed.includes(channel) : draft.allowedChannels.includes(channel)}
                onChange={(event) =>
                  change({ allowedChannels: event.target.checked ? [...draft.allowedChannels, channel] : draft.allowedChannels.filter((c) => c !== channel) })
                }
              />
              {FOLLOW_UP_CHANNEL_LABELS[channel]}
            </label>
          ))}
        </div>
        {reason('allowedChannels') && (
          <span id="allowed-channels-error" className="field-error">
            {reason('allowedChannels')}
          </span>
        )}
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>Quiet hours ({props.customer.timezone} time)</legend>
        <label className="toggle">
          <input type="checkbox" checked={draft.quietByDefault} onChange={(event) => change({ quietByDefault: event.target.checked })} />
          Default: 21:00 to 08:00
        </label>
        {!draft.quietByDefault && (
          <div className="contact-pair">
            <FormField label="Quiet from" error={reason('quietHours.start')}>
              {(control) => <input {...control} type="time" value={draft.quietStart} onChange={(event) => change({ quietStart: event.target.value })} />}
            </FormField>
            <FormField label="Quiet until" error={reason('quietHours.end')}>
              {(control) => <input {...control} type="time" value={draft.quietEnd} onChange={(event) => change({ quietEnd: event.target.value })} />}
            </FormField>
          </div>
        )}
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>Contact limit</legend>
        <label className="toggle">
          <input type="checkbox" checked={draft.capByDefault} onChange={(event) => change({ capByDefault: event.target.checked })} />
          Default: at most 3 contacts in 7 days
        </label>
        {!draft.capByDefault && (
          <div className="contact-pair">
            <FormField label="At most (contacts)" error={reason('cap.count')} hint="1 to 50">
              {(control) => <input {...control} type="number" min={1} max={50} value={draft.capCount} onChange={(event) => change({ capCount: event.target.value })} />}
            </FormField>
            <FormField label="In (days)" error={reason('cap.days')} hint="1 to 90">
              {(control) => <input {...control} type="number" min={1} max={90} value={draft.capDays} onChange={(event) => change({ capDays: event.target.value })} />}
            </FormField>
          </div>
        )}
      </fieldset>

      <FormField label="Language" error={reason('language')} hint={`Leave empty for the customer's language (${formatLanguage(props.customer.language)})`}>
        {(control) => <input {...control} value={draft.language} placeholder={props.customer.language} onChange={(event) => change({ language: event.target.value })} />}
      </FormField>

      <div className="form-actions">
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save preferences'}
        </button>
      </div>
    </form>
  );
}

function ConsentGrid({ view }: { view: ContactPreferencesView }) {
  const decision = (channel: FollowUpChannel, purpose: ContactPurpose) => view.consent.decisions.find((d) => d.channel === channel && d.purpose === purpose);
  return (
    <table className="contact-consent" aria-labelledby="consent-title">
      <thead>
        <tr>
          <th scope="col">Allowed?</th>
          {FOLLOW_UP_CHANNELS.map((channel) => (
            <th key={channel} scope="col">
              {FOLLOW_UP_CHANNEL_LABELS[channel]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {CONTACT_PURPOSES.map((purpose) => (
          <tr key={purpose}>
            <th scope="row">{CONTACT_PURPOSE_LABELS[purpose]}</th>
            {FOLLOW_UP_CHANNELS.map((channel) => {
              const cell = decision(channel, purpose);
              const allowed = cell?.allowed ?? false;
              const event = cell?.decidedBy ?? null;
              return (
                <td key={channel} className={allowed ? 'consent-allowed' : 'consent-refused'} title={event ? `${CONSENT_ACTION_LABELS[event.action]} ${formatDateTime(event.occurredAt)}: ${event.source}` : 'No event recorded: the default'}>
                  {allowed ? 'Yes' : 'No'}
                  <span className="cell-secondary">{event ? `${event.action}${event.channel === 'any' ? ', all' : ''}` : 'default'}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConsentHistory({ events }: { events: ConsentEvent[] }) {
  return (
    <ol className="compact-list" aria-label="Consent history">
      {events.map((event) => (
        <li key={event.id}>
          <span>
            <span className={`badge consent-${event.action}`}>{CONSENT_ACTION_LABELS[event.action]}</span> <strong>{CONTACT_PURPOSE_LABELS[event.purpose]}</strong> ·{' '}
            {CONSENT_CHANNEL_LABELS[event.channel]}
          </span>
          <span className="compact-meta">
            <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time> · recorded by {event.recordedBy ?? 'Aftercare'}
          </span>
          <span className="cell-secondary">Source: {event.source}</span>
        </li>
      ))}
    </ol>
  );
}

function ConsentForm({ customerId, onRecorded }: { customerId: string; onRecorded: () => void }) {
  const [channel, setChannel] = useState<ConsentChannel>('any');
  const [purpose, setPurpose] = useState<ContactPurpose>('marketing');
  const [action, setAction] = useState<ConsentAction>('withdrawn');
  const [source, setSource] = useState('');
  const [when, setWhen] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState('');
  const reason = (field: string) => error?.reasonFor(field);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setConfirmation('');
    try {
      await contactApi.recordConsent(customerId, { channel, purpose, action, source, occurredAt: when ? new Date(when).toISOString() : undefined });
      setError(undefined);
      setSource('');
      setWhen('');
      setConfirmation(`${CONSENT_ACTION_LABELS[action]}: ${CONTACT_PURPOSE_LABELS[purpose]}, ${CONSENT_CHANNEL_LABELS[channel].toLowerCase()} recorded.`);
      onRecorded();
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="contact-form contact-consent-form" onSubmit={submit} aria-labelledby="record-consent-title" noValidate>
      <h3 id="record-consent-title">Record consent</h3>
      {error && !['action', 'purpose', 'channel', 'source', 'occurredAt'].some((field) => reason(field)) && <ErrorNotice error={error} />}
      <div className="contact-pair">
        <ChoiceField label="Consent" labels={CONSENT_ACTION_LABELS} value={action} onChange={setAction} error={reason('action')} />
        <ChoiceField label="Purpose" labels={CONTACT_PURPOSE_LABELS} value={purpose} onChange={setPurpose} error={reason('purpose')} />
      </div>
      <SelectField label="Channel" value={channel} onChange={(value) => setChannel(value as ConsentChannel)} error={reason('channel')} hint="Withdrawn on any channel opts the customer out of the purpose">
        {CONSENT_CHANNELS.map((value) => (
          <option key={value} value={value}>
            {CONSENT_CHANNEL_LABELS[value]}
          </option>
        ))}
      </SelectField>
      <FormField label="Source" error={reason('source')} hint="Where the customer said so: a call, a form, an email">
        {(control) => <input {...control} value={source} maxLength={500} onChange={(event) => setSource(event.target.value)} />}
      </FormField>
      <FormField label="When" error={reason('occurredAt')} hint="Leave empty for now">
        {(control) => <input {...control} type="datetime-local" value={when} max={toDateTimeLocalValue(new Date())} onChange={(event) => setWhen(event.target.value)} />}
      </FormField>
      <div className="form-actions">
        <span className="save-status" role="status">
          {confirmation}
        </span>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Recording…' : 'Record consent'}
        </button>
      </div>
    </form>
  );
}
