import { type FormEvent, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Channel, Direction, Interaction, InteractionMark } from '../../../src/shared/index.js';
import { DEFAULT_DEFENSIVE_PHRASES, findDefensivePhrases } from '../../../src/shared/reply-check.js';
import { MARK_DIRECTIONS, marksFor } from '../../../src/shared/interaction-marks.js';
import { ApiError, toApiError } from '../api/api-client.js';
import { casesApi, procedureApi } from '../api/aftercare-api.js';
import { useResource } from '../api/use-resource.js';
import { ChoiceField } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { DateTimeField, FormField } from '../ui/form-field.js';
import { toDateTimeLocalValue } from '../ui/format.js';
import { CHANNEL_LABELS, DIRECTION_LABELS } from '../ui/labels.js';
import { MARK_LABELS, toggleMark } from './procedure-labels.js';
import { useTemplatePicker } from './template-picker.js';
import './procedure.css';

/**
 * Logs a contact on the case. "When it happened" follows the clock until the agent changes it, and
 * is then sent as given, so a call logged after the fact keeps its real time. The agent ticks what the
 * contact shows for the complaint procedure, may start from a template, and sees the reply check's
 * warnings before sending (they never block).
 */
export function InteractionComposer(props: {
  caseId: string;
  defaultChannel: Channel;
  messageRef: RefObject<HTMLTextAreaElement | null>;
  onAdded: (interaction: Interaction) => void;
}) {
  const [channel, setChannel] = useState<Channel>(props.defaultChannel);
  const [direction, setDirection] = useState<Direction>('outbound');
  const [when, setWhen] = useState(() => toDateTimeLocalValue(new Date()));
  const [whenEdited, setWhenEdited] = useState(false);
  const [body, setBody] = useState('');
  const [marks, setMarks] = useState<InteractionMark[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const settings = useResource('procedure-settings', (signal) => procedureApi.settings(signal));
  // Until the desk's own phrases arrive (or if they cannot be read), the shipped list still checks.
  const phrases = settings.data?.defensivePhrases ?? (settings.error ? DEFAULT_DEFENSIVE_PHRASES : []);
  const findings = useMemo(
    () => (direction === 'outbound' ? findDefensivePhrases(body, phrases) : []),
    [direction, body, phrases],
  );
  const templates = useTemplatePicker({
    caseId: props.caseId,
    channel,
    onInsert: (text) => {
      setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text));
      props.messageRef.current?.focus();
    },
  });

  // A rejected field gets the focus, so its reason (linked by aria-describedby) is read out.
  useEffect(() => {
    if (error?.details.length) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  useEffect(() => {
    if (whenEdited) return;
    const timer = window.setInterval(() => setWhen(toDateTimeLocalValue(new Date())), 15_000);
    return () => window.clearInterval(timer);
  }, [whenEdited]);

  async function add(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    if (busy) return;
    const occurredAt = whenEdited ? new Date(when) : undefined;
    if (occurredAt && Number.isNaN(occurredAt.getTime())) {
      const reason = 'enter the date and time it happened';
      setError(new ApiError(0, 'invalid_input', `When it happened: ${reason}.`, [{ field: 'occurredAt', reason }]));
      return;
    }
    setBusy(true);
    setError(undefined);
    setAnnouncement('');
    try {
      const added = await casesApi.addInteraction(props.caseId, {
        channel,
        direction,
        body,
        occurredAt: occurredAt?.toISOString(),
        marks,
      });
      setBody('');
      setMarks([]);
      setWhenEdited(false);
      setWhen(toDateTimeLocalValue(new Date()));
      setAnnouncement(`${DIRECTION_LABELS[direction]} added to the timeline.`);
      props.onAdded(added);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  function changeDirection(next: Direction): void {
    setDirection(next);
    // A tick that cannot go with the new direction is dropped rather than refused on sending.
    setMarks((current) => current.filter((mark) => MARK_DIRECTIONS[mark].includes(next)));
  }

  return (
    <form ref={form} className={`composer composer-${direction}`} aria-label="Add to the timeline" onSubmit={add}>
      <div className="composer-fields">
        <ChoiceField
          label="Channel"
          error={error?.reasonFor('channel')}
          labels={CHANNEL_LABELS}
          value={channel}
          onChange={setChannel}
        />
        <ChoiceField
          label="Direction"
          error={error?.reasonFor('direction')}
          labels={DIRECTION_LABELS}
          value={direction}
          onChange={changeDirection}
        />
        <DateTimeField
          label="When it happened"
          error={error?.reasonFor('occurredAt')}
          hint={whenEdited ? undefined : 'Now, unless you change it'}
          value={when}
          onChange={(value) => {
            setWhen(value);
            setWhenEdited(true);
          }}
        />
        {templates.select}
      </div>
      {templates.panel}
      <FormField label="Message" error={error?.reasonFor('body')}>
        {(control) => (
          <textarea
            {...control}
            ref={props.messageRef}
            rows={3}
            required
            placeholder={
              direction === 'internal'
                ? 'A note for the team; the customer never sees it'
                : 'What was said, in the customer’s words where it matters'
            }
            value={body}
            onChange={(event) => setBody(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void add();
            }}
          />
        )}
      </FormField>
      <div className="reply-check" role="status">
        {findings.length > 0 && (
          <p className="reply-check-warning">
            <strong>Reply check:</strong> this may read as defensive:{' '}
            {[...new Set(findings.map((finding) => finding.excerpt))].map((excerpt, index) => (
              <span key={excerpt}>
                {index > 0 && ', '}“<mark>{excerpt}</mark>”
              </span>
            ))}
            . Consider rephrasing; you can still add it.
          </p>
        )}
      </div>
      <div className="composer-footer">
        <MarkChoices
          direction={direction}
          marks={marks}
          error={error?.reasonFor('marks')}
          onChange={setMarks}
        />
        <div className="composer-send">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add to timeline'}
          </button>
          <span className="composer-tip muted">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </span>
        </div>
      </div>
      {error && !error.details.length && <ErrorNotice error={error} />}
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </form>
  );
}

/** What the contact shows for the complaint procedure; only the ticks its direction allows. */
function MarkChoices(props: {
  direction: Direction;
  marks: InteractionMark[];
  error: string | undefined;
  onChange: (marks: InteractionMark[]) => void;
}) {
  const errorId = useId();
  const offered = marksFor(props.direction);
  if (offered.length === 0) {
    return <p className="mark-note muted">An internal note records nothing for the procedure.</p>;
  }
  return (
    <fieldset className="mark-choices" aria-describedby={props.error ? errorId : undefined}>
      <legend>This contact shows</legend>
      {offered.map((mark) => (
        <label key={mark} className="mark-choice">
          <input
            type="checkbox"
            checked={props.marks.includes(mark)}
            onChange={(event) => props.onChange(toggleMark(props.marks, mark, event.target.checked))}
          />
          {MARK_LABELS[mark].label}
        </label>
      ))}
      {props.error && (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}
