import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import type { Channel, Direction, Interaction } from '../../../src/shared/index.js';
import { ApiError, toApiError } from '../api/api-client.js';
import { casesApi } from '../api/aftercare-api.js';
import { ChoiceField } from '../ui/choice-field.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { DateTimeField, FormField } from '../ui/form-field.js';
import { toDateTimeLocalValue } from '../ui/format.js';
import { CHANNEL_LABELS, DIRECTION_LABELS } from '../ui/labels.js';

/**
 * Logs a contact on the case. "When it happened" follows the clock until the agent changes it, and
 * is then sent as given, so a call logged after the fact keeps its real time.
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
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const form = useRef<HTMLFormElement>(null);

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
      });
      setBody('');
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

  return (
    <form ref={form} className={`composer composer-${direction}`} aria-label="Add to the timeline" onSubmit={add}>
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
      <div className="composer-toolbar">
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
          onChange={setDirection}
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
        <div className="composer-submit">
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
