import { useMemo } from 'react';
import type { AuditEvent, Interaction } from '../../../src/shared/index.js';
import { formatDateTime, formatDuration, formatTime } from '../ui/format.js';
import { ChannelIcon, DirectionIcon } from '../ui/icons.js';
import { CHANNEL_LABELS, DIRECTION_LABELS, labelFor } from '../ui/labels.js';
import { type AuditNames, type AuditStory, auditStory } from './audit-story.js';

type TimelineEntry =
  | { kind: 'interaction'; at: number; interaction: Interaction }
  | { kind: 'change'; at: number; event: AuditEvent; story: AuditStory };

// Logging within this long of the contact counts as "at the time"; later, the lag is worth showing.
const PROMPT_LOGGING_MS = 5 * 60_000;

/**
 * Interactions placed at the moment they happened (a call logged an hour later still sits where the
 * call was), with the case's changes between them when history is shown.
 */
export function CaseTimeline(props: {
  interactions: Interaction[];
  events: AuditEvent[];
  showHistory: boolean;
  names: AuditNames;
  customerName: string;
}) {
  const { interactions, events, showHistory, names } = props;
  const entries = useMemo(() => {
    const list: TimelineEntry[] = interactions.map((interaction) => ({
      kind: 'interaction',
      at: Date.parse(interaction.occurredAt),
      interaction,
    }));
    if (showHistory) {
      for (const event of events) {
        const story = auditStory(event, names);
        if (story) list.push({ kind: 'change', at: Date.parse(event.occurredAt), event, story });
      }
    }
    // Array.prototype.sort is stable, so entries at the same instant keep the server's order.
    return list.sort((a, b) => a.at - b.at);
  }, [interactions, events, showHistory, names]);

  if (entries.length === 0) return <p className="timeline-empty">Nothing has happened on this case yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry) =>
        entry.kind === 'interaction' ? (
          <InteractionEntry key={entry.interaction.id} interaction={entry.interaction} customerName={props.customerName} />
        ) : (
          <ChangeEntry key={`audit-${entry.event.seq}`} event={entry.event} story={entry.story} />
        ),
      )}
    </ol>
  );
}

function InteractionEntry({ interaction, customerName }: { interaction: Interaction; customerName: string }) {
  const lag = Date.parse(interaction.loggedAt) - Date.parse(interaction.occurredAt);
  const who =
    interaction.direction === 'inbound'
      ? interaction.authorType === 'customer'
        ? customerName
        : `${customerName}, logged by ${interaction.authorName ?? 'an agent'}`
      : (interaction.authorName ?? 'Aftercare');
  return (
    <li className={`entry entry-interaction entry-${interaction.direction}`} id={`interaction-${interaction.id}`}>
      <div className="entry-meta">
        <span className="badge badge-channel">
          <ChannelIcon channel={interaction.channel} />
          {labelFor(CHANNEL_LABELS, interaction.channel)}
        </span>
        <span className={`badge badge-direction direction-${interaction.direction}`}>
          <DirectionIcon direction={interaction.direction} />
          {labelFor(DIRECTION_LABELS, interaction.direction)}
        </span>
        <span className="entry-author">{who}</span>
        <span className="entry-times">
          <time dateTime={interaction.occurredAt} title="When it happened">
            {formatDateTime(interaction.occurredAt)}
          </time>
          <span className="logged">
            {' · logged '}
            <time dateTime={interaction.loggedAt} title="When it was logged in Aftercare">
              {formatLoggedAt(interaction)}
            </time>
            {lag > PROMPT_LOGGING_MS && <span className="logged-late"> ({formatDuration(lag)} later)</span>}
          </span>
        </span>
      </div>
      <div className="entry-body">{interaction.body}</div>
    </li>
  );
}

/** The log time in full only when it falls on another day than the contact. */
function formatLoggedAt(interaction: Interaction): string {
  const sameDay = new Date(interaction.occurredAt).toDateString() === new Date(interaction.loggedAt).toDateString();
  return sameDay ? formatTime(interaction.loggedAt) : formatDateTime(interaction.loggedAt);
}

function ChangeEntry({ event, story }: { event: AuditEvent; story: AuditStory }) {
  return (
    <li className="entry entry-change">
      <span className="change-dot" aria-hidden="true" />
      <span className="change-text">
        {story.lines.join('; ')} <span className="muted">by {story.actor}</span>
      </span>
      <time className="change-time" dateTime={event.occurredAt}>
        {formatDateTime(event.occurredAt)}
      </time>
    </li>
  );
}
