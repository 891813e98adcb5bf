import { type FormEvent, useMemo, useState } from 'react';
import type { BusinessCalendar } from '../../../src/shared/index.js';
import { ApiError, toApiError } from '../api/api-client.js';
import { slaApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { hrefTo, navigate } from '../app/hash-router.js';
import { useManagesRules } from '../app/permissions.js';
import { useDocumentTitle } from '../app/workspace-context.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FormField } from '../ui/form-field.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import {
  type CalendarDraft,
  type Opening,
  WEEKDAYS,
  WEEKDAY_LABELS,
  type Weekday,
  calendarDraftOf,
  calendarDraftProblems,
  calendarPayload,
  emptyCalendarDraft,
  plainReason,
  problemsOfList,
  problemsUnder,
  zonedWallTime,
} from './calendar-form.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import { SaveActions } from './save-actions.js';
import { flashOnNextPage, useFlash } from './settings-flash.js';
import './settings.css';
import './sla-settings.css';

/** One business calendar: an editor for those who set the rules, its hours and closures for everyone else. */
export function BusinessCalendarPage({ calendarId }: { calendarId: string | null }) {
  const calendars = useResource(calendarId && 'sla-calendars', (signal) => slaApi.calendars(signal));
  const managesRules = useManagesRules();
  const calendar = calendars.data?.items.find((item) => item.id === calendarId);
  const missing = calendarId !== null && calendars.data !== undefined && !calendar;
  const title = calendarId === null ? 'New calendar' : (calendar?.name ?? (missing ? 'Calendar not found' : 'Calendar'));
  useDocumentTitle(title);

  return (
    <section className="page settings-page" aria-labelledby="calendar-title">
      <a className="back-link" href={hrefTo('/settings/calendars')}>
        ← Business calendars
      </a>
      <h1 id="calendar-title">{title}</h1>
      <ErrorNotice error={calendars.error} onRetry={calendars.reload} />
      {calendarId !== null && calendars.loading && !calendars.data && <p className="muted">Loading the calendar…</p>}
      {missing && <p>No calendar has this address. It may have been mistyped.</p>}
      {!managesRules && <ReadOnlyNotice />}
      {!managesRules && calendar && <CalendarView calendar={calendar} />}
      {managesRules && (calendarId === null || calendar) && <CalendarEditor key={calendar?.updatedAt ?? 'new'} calendar={calendar ?? null} />}
    </section>
  );
}

function CalendarView({ calendar }: { calendar: BusinessCalendar }) {
  return (
    <div className="card calendar-view">
      <dl className="facts">
        <dt>Time zone</dt>
        <dd>{calendar.timezone}</dd>
        <dt>Changed</dt>
        <dd>{formatDateTime(calendar.updatedAt)}</dd>
      </dl>
      <h2>Opening hours</h2>
      <table className="hours-view">
        <tbody>
          {WEEKDAYS.map((day) => (
            <tr key={day}>
              <th scope="row">{WEEKDAY_LABELS[day]}</th>
              <td>
                {(calendar.weeklyHours[day] ?? []).length === 0 ? (
                  <span className="muted">Closed</span>
                ) : (
                  (calendar.weeklyHours[day] ?? []).map(([start, end]) => `${start}–${end}`).join(', ')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Holidays</h2>
      {calendar.holidays.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain-list holiday-dates">
          {calendar.holidays.map((day) => (
            <li key={day}>
              <time dateTime={day}>{formatDate(`${day}T12:00:00Z`)}</time>
            </li>
          ))}
        </ul>
      )}
      <h2>Closures</h2>
      {calendar.closures.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain-list">
          {calendar.closures.map((closure) => (
            <li key={`${closure.from}${closure.to}`}>
              {zonedWallTime(closure.from, calendar.timezone).replace('T', ' ')} to {zonedWallTime(closure.to, calendar.timezone).replace('T', ' ')}{' '}
              <span className="muted">({calendar.timezone})</span>
              {closure.reason && <> · {closure.reason}</>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

function CalendarEditor({ calendar }: { calendar: BusinessCalendar | null }) {
  const [draft, setDraft] = useState<CalendarDraft>(() => (calendar ? calendarDraftOf(calendar) : emptyCalendarDraft()));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useFlash();
  const zones = useMemo(timeZones, []);
  const zoneListId = 'calendar-time-zones';

  const details = error?.details;
  const fieldProblem = (field: string) => problemsUnder(details, field)[0];
  const dayKeys = WEEKDAYS.map((day) => `weeklyHours.${day}`);
  const hoursProblems = problemsOfList(details, 'weeklyHours', dayKeys);
  const holidayProblems = problemsOfList(details, 'holidays', draft.holidays.map((_, index) => `holidays.${index}`));
  const closureProblems = problemsOfList(details, 'closures', draft.closures.map((_, index) => `closures.${index}`));
  // A refusal with its problems by field says so at the top; they are shown where they are.
  const placed = error?.status === 400 && (details?.length ?? 0) > 0;

  function change(update: Partial<CalendarDraft>): void {
    setDraft((current) => ({ ...current, ...update }));
    setConfirmation('');
  }

  function setOpenings(day: Weekday, openings: Opening[]): void {
    change({ hours: { ...draft.hours, [day]: openings } });
  }

  function copyMondayToWeekdays(): void {
    const monday = draft.hours.mon.map((opening) => ({ ...opening }));
    change({ hours: { ...draft.hours, tue: monday, wed: monday.map((o) => ({ ...o })), thu: monday.map((o) => ({ ...o })), fri: monday.map((o) => ({ ...o })) } });
  }

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setConfirmation('');
    // What the form can tell shows the way the server's refusal would, all of it at once.
    const problems = calendarDraftProblems(draft);
    if (problems.length > 0) {
      setError(new ApiError(400, 'invalid_request', 'The calendar needs changes', problems));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const payload = calendarPayload(draft);
      if (calendar === null) {
        const created = await slaApi.createCalendar(payload);
        flashOnNextPage(`Calendar “${created.name}” created. SLA policies can count in it now.`);
        navigate(hrefTo(`/settings/calendars/${created.id}`));
        return;
      }
      const saved = await slaApi.updateCalendar(calendar.id, payload);
      setDraft(calendarDraftOf(saved));
      setConfirmation('Saved. The clocks of open cases on this calendar are worked out again.');
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card calendar-form" onSubmit={save} noValidate>
      {placed ? (
        <p className="error-notice" role="alert">
          The calendar was not saved: {details!.length === 1 ? 'one field needs' : `${details!.length} fields need`} changing, marked below.
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
      <div className="form-grid">
        <FormField label="Name" error={fieldProblem('name')}>
          {(control) => <input {...control} required maxLength={200} value={draft.name} onChange={(event) => change({ name: event.target.value })} />}
        </FormField>
        <FormField label="Time zone" error={fieldProblem('timezone')} hint="An IANA name such as Europe/London. Hours and closures are in its local time.">
          {(control) => (
            <input
              {...control}
              required
              list={zoneListId}
              autoComplete="off"
              spellCheck={false}
              value={draft.timezone}
              onChange={(event) => change({ timezone: event.target.value })}
            />
          )}
        </FormField>
        <datalist id={zoneListId}>
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </div>

      <fieldset className="form-fieldset">
        <legend>Opening hours</legend>
        <p className="section-note muted">
          Several openings a day make split shifts. A day without openings is closed. For midnight at the end of a day, enter 00:00.
        </p>
        {hoursProblems.map((problem) => (
          <p key={problem} className="field-error">
            {problem}
          </p>
        ))}
        <table className="hours-editor">
          <tbody>
            {WEEKDAYS.map((day) => (
              <DayHours
                key={day}
                day={day}
                openings={draft.hours[day]}
                problems={problemsUnder(details, `weeklyHours.${day}`)}
                onChange={(openings) => setOpenings(day, openings)}
              />
            ))}
          </tbody>
        </table>
        <button type="button" className="button button-small" onClick={copyMondayToWeekdays}>
          Copy Monday’s hours to Tuesday–Friday
        </button>
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>Holidays</legend>
        <p className="section-note muted">Whole days closed, in the calendar’s time zone.</p>
        {holidayProblems.map((problem) => (
          <p key={problem} className="field-error">
            {problem}
          </p>
        ))}
        <ul className="holiday-list" aria-label="Holidays">
          {draft.holidays.map((day, index) => {
            const problem = problemsUnder(details, `holidays.${index}`)[0];
            const errorId = `holiday-${index}-error`;
            return (
              <li key={index} className="holiday">
                <span className="holiday-inputs">
                  <input
                    type="date"
                    aria-label={`Holiday ${index + 1}`}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? errorId : undefined}
                    required
                    value={day}
                    onChange={(event) => change({ holidays: draft.holidays.map((d, i) => (i === index ? event.target.value : d)) })}
                  />
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove holiday ${index + 1}`}
                    title="Remove"
                    onClick={() => change({ holidays: draft.holidays.filter((_, i) => i !== index) })}
                  >
                    ×
                  </button>
                </span>
                {problem && (
                  <span id={errorId} className="field-error">
                    {problem}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        <button type="button" className="button button-small" onClick={() => change({ holidays: [...draft.holidays, ''] })}>
          Add a holiday
        </button>
      </fieldset>

      <fieldset className="form-fieldset">
        <legend>Closures</legend>
        <p className="section-note muted">One-off closures, such as a team event or a system outage: from and to in {draft.timezone || 'the calendar’s'} time.</p>
        {closureProblems.map((problem) => (
          <p key={problem} className="field-error">
            {plainReason(problem)}
          </p>
        ))}
        <ul className="entry-list" aria-label="Closures">
          {draft.closures.map((closure, index) => {
            const update = (patch: Partial<typeof closure>) =>
              change({ closures: draft.closures.map((c, i) => (i === index ? { ...c, ...patch } : c)) });
            const problems = problemsUnder(details, `closures.${index}`);
            return (
              <li key={index} className="entry-row closure-row">
                <FormField label={`Closure ${index + 1} from`} error={problemsUnder(details, `closures.${index}.from`)[0]}>
                  {(control) => <input {...control} type="datetime-local" required value={closure.from} onChange={(event) => update({ from: event.target.value })} />}
                </FormField>
                <FormField label="to" error={problemsUnder(details, `closures.${index}.to`)[0]}>
                  {(control) => (
                    <input
                      {...control}
                      aria-label={`Closure ${index + 1} to`}
                      type="datetime-local"
                      required
                      value={closure.to}
                      onChange={(event) => update({ to: event.target.value })}
                    />
                  )}
                </FormField>
                <FormField label="Reason" error={problemsUnder(details, `closures.${index}.reason`)[0]}>
                  {(control) => (
                    <input
                      {...control}
                      aria-label={`Closure ${index + 1} reason`}
                      maxLength={200}
                      value={closure.reason}
                      onChange={(event) => update({ reason: event.target.value })}
                    />
                  )}
                </FormField>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Remove closure ${index + 1}`}
                  onClick={() => change({ closures: draft.closures.filter((_, i) => i !== index) })}
                >
                  Remove
                </button>
                {problems
                  .filter((problem) => !['from', 'to', 'reason'].some((part) => problemsUnder(details, `closures.${index}.${part}`).includes(problem)))
                  .map((problem) => (
                    <p key={problem} className="field-error closure-problem">
                      {problem}
                    </p>
                  ))}
              </li>
            );
          })}
        </ul>
        <button type="button" className="button button-small" onClick={() => change({ closures: [...draft.closures, { from: '', to: '', reason: '' }] })}>
          Add a closure
        </button>
      </fieldset>

      <SaveActions confirmation={confirmation} backHref={hrefTo('/settings/calendars')} existing={Boolean(calendar)} busy={busy} noun="calendar" />
    </form>
  );
}

function DayHours(props: { day: Weekday; openings: Opening[]; problems: string[]; onChange: (openings: Opening[]) => void }) {
  const { day, openings } = props;
  const name = WEEKDAY_LABELS[day];
  const update = (index: number, patch: Partial<Opening>) => props.onChange(openings.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  const last = openings[openings.length - 1];
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>
        <div className="openings">
          {openings.length === 0 && <span className="muted closed-day">Closed</span>}
          {openings.map((opening, index) => (
            <span key={index} className="opening">
              <input
                type="time"
                aria-label={`${name} opening ${index + 1} starts`}
                aria-invalid={props.problems.length > 0 ? true : undefined}
                required
                value={opening.start}
                onChange={(event) => update(index, { start: event.target.value })}
              />
              <span aria-hidden="true">–</span>
              <input
                type="time"
                aria-label={`${name} opening ${index + 1} ends`}
                aria-invalid={props.problems.length > 0 ? true : undefined}
                required
                value={opening.end}
                onChange={(event) => update(index, { end: event.target.value })}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${name} opening ${index + 1}`}
                title="Remove"
                onClick={() => props.onChange(openings.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </span>
          ))}
        </div>
        {props.problems.map((problem) => (
          <p key={problem} className="field-error">
            {problem}
          </p>
        ))}
      </td>
      <td className="day-actions">
        <button
          type="button"
          className="button button-small"
          aria-label={`Add opening hours on ${name}`}
          onClick={() => props.onChange([...openings, nextOpening(last)])}
        >
          Add hours
        </button>
      </td>
    </tr>
  );
}

/** A new opening: 09:00–17:00 on a closed day, else the four hours after the day's last one. */
function nextOpening(last: Opening | undefined): Opening {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  if (!last || !/^\d{2}:\d{2}$/.test(last.end) || last.end === '00:00') return { start: '09:00', end: '17:00' };
  const start = minutes(last.end) + 60;
  const end = Math.min(start + 4 * 60, 24 * 60);
  if (start >= 24 * 60) return { start: '09:00', end: '17:00' };
  const text = (value: number) => `${String(Math.floor(value / 60) % 24).padStart(2, '0')}:${String(value % 60).padStart(2, '0')}`;
  return { start: text(start), end: text(end) };
}
