import { useMemo } from 'react';
import type { AuditEvent, CaseStatus, CaseTransition, FollowUp, Interaction, Resolution } from '../../../src/shared/index.js';
import { CASE_EVENT_LABELS } from '../../../src/shared/case-lifecycle.js';
import { FOLLOW_UP_CHANNEL_LABELS } from '../customers/contact-labels.js';
import { PURPOSE_LABELS, stopReasonText } from '../follow-ups/follow-up-labels.js';
import { FollowUpStatusBadge } from '../follow-ups/follow-up-parts.js';
import { RESOLUTION_TYPE_LABELS } from '../settings/rule-labels.js';
import { StatusBadge } from '../ui/badges.js';
import { formatDateTime, formatDuration, formatMoney, formatTime } from '../ui/format.js';
import { ChannelIcon, DirectionIcon } from '../ui/icons.js';
import { CHANNEL_LABELS, DIRECTION_LABELS, labelFor } from '../ui/labels.js';
import { type AuditNames, type AuditStory, auditStory } from './audit-story.js';
import { MARK_LABELS, RESOLUTION_STATUS_LABELS } from './procedure-labels.js';
import './procedure.css';

type TimelineEntry =
  | { kind: 'interaction'; at: number; interaction: Interaction }
  | { kind: 'transition'; at: number; transition: CaseTransition }
  | { kind: 'resolution'; at: number; resolution: Resolution }
  | { kind: 'follow-up'; at: number; followUp: FollowUp }
  | { kind: 'change'; at: number; event: AuditEvent; story: AuditStory };

// A status change is written as a transition and as an update of the case, a moment apart.
const SAME_MOMENT_MS = 5_000;

// Logging within this long of the contact counts as "at the time"; later, the lag is worth showing.
const PROMPT_LOGGING_MS = 5 * 60_000;

/**
 * Interactions placed at the moment they happened (a call logged an hour later still sits where the
 * call was), resolutions when they were proposed, and, when history is shown, the status transitions
 * and the case's other changes between them.
 */
export function CaseTimeline(props: {
  interactions: Interaction[];
  transitions: CaseTransition[];
  resolutions: Resolution[];
  events: AuditEvent[];
  followUps: FollowUp[];
  showHistory: boolean;
  names: AuditNames;
  customerName: string;
}) {
  const { interactions, transitions, resolutions, events, followUps, showHistory, names } = props;
  const entries = useMemo(() => {
    const list: TimelineEntry[] = interactions.map((interaction) => ({
      kind: 'interaction',
      at: Date.parse(interaction.occurredAt),
      interaction,
    }));
    for (const resolution of resolutions) {
      list.push({ kind: 'resolution', at: Date.parse(resolution.createdAt), resolution });
    }
    // A follow-up sits where it was planned for, or where it was decided if it never got a slot.
    for (const followUp of followUps) {
      list.push({ kind: 'follow-up', at: Date.parse(followUp.scheduledFor ?? followUp.createdAt), followUp });
    }
    if (showHistory) {
      for (const transition of transitions) list.push({ kind: 'transition', at: Date.parse(transition.at), transition });
      // The case's own record of a status change is left out where a transition tells it (with its reason).
      const toldByTransition = (from: string, to: string, at: string) =>
        transitions.some(
          (t) => t.fromStatus === from && t.toStatus === to && Math.abs(Date.parse(t.at) - Date.parse(at)) < SAME_MOMENT_MS,
        );
      for (const event of events) {
        const story = auditStory(event, names, toldByTransition);
        if (story) list.push({ kind: 'change', at: Date.parse(event.occurredAt), event, story });
      }
    }
    // Array.prototype.sort is stable, so entries at the same instant keep the server's order.
    return list.sort((a, b) => a.at - b.at);
  }, [interactions, transitions, resolutions, events, followUps, showHistory, names]);

  if (entries.length === 0) return <p className="timeline-empty">Nothing has happened on this case yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry) => {
        switch (entry.kind) {
          case 'interaction':
            return (
              <InteractionEntry key={entry.interaction.id} interaction={entry.interaction} customerName={props.customerName} />
            );
          case 'transition':
            return <TransitionEntry key={entry.transition.id} transition={entry.transition} />;
          case 'resolution':
            return <ResolutionEntry key={entry.resolution.id} resolution={entry.resolution} />;
          case 'follow-up':
            return <FollowUpEntry key={entry.followUp.id} followUp={entry.followUp} />;
          case 'change':
            return <ChangeEntry key={`audit-${entry.event.seq}`} event={entry.event} story={entry.story} />;
        }
      })}
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
      {interaction.marks.length > 0 && (
        <ul className="mark-tags" aria-label="Marked as">
          {interaction.marks.map((mark) => (
            <li key={mark} className={`mark-tag mark-${mark}`}>
              {MARK_LABELS[mark]?.tag ?? mark.replaceAll('_', ' ')}
            </li>
          ))}
        </ul>
      )}
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

/** "Status: Investigating → Awaiting approval · why · by whom": one step of the lifecycle. */
function TransitionEntry({ transition }: { transition: CaseTransition }) {
  // A reason that only repeats the step's name ("Acknowledge") adds nothing.
  const reason = transition.reason && transition.reason !== CASE_EVENT_LABELS[transition.event] ? transition.reason : null;
  const actor = transition.actorName ?? (transition.actorType === 'system' ? 'Aftercare' : 'someone');
  return (
    <li className="entry entry-change entry-transition">
      <span className="change-dot transition-dot" aria-hidden="true" />
      <span className="change-text">
        Status: <StatusBadge status={transition.fromStatus as CaseStatus} /> →{' '}
        <StatusBadge status={transition.toStatus as CaseStatus} />
        {reason && <span className="transition-reason"> · {reason}</span>}
        <span className="muted"> · by {actor}</span>
      </span>
      <time className="change-time" dateTime={transition.at}>
        {formatDateTime(transition.at)}
      </time>
    </li>
  );
}

/** A resolution where it was proposed, with where it stands now. */
function ResolutionEntry({ resolution }: { resolution: Resolution }) {
  return (
    <li className="entry entry-resolution" id={`resolution-${resolution.id}`}>
      <div className="entry-meta">
        <span className="resolution-kicker">Resolution proposed</span>
        <strong>
          {labelFor(RESOLUTION_TYPE_LABELS, resolution.type)}
          {resolution.amountMinor !== null && resolution.currency && ` ${formatMoney(resolution.amountMinor, resolution.currency)}`}
        </strong>
        <span className={`badge resolution-status-${resolution.status}`}>
          {labelFor(RESOLUTION_STATUS_LABELS, resolution.status)}
        </span>
        <span className="entry-times">
          by {resolution.proposedByName ?? 'an integration'} ·{' '}
          <time dateTime={resolution.createdAt}>{formatDateTime(resolution.createdAt)}</time>
        </span>
      </div>
      <div className="entry-body">{resolution.summary}</div>
      <p className="resolution-policy muted">
        {resolution.policyTitle
          ? `Applies ${resolution.policyTitle}, version ${resolution.policyVersion ?? '?'}`
          : 'No policy cited'}
      </p>
    </li>
  );
}

/** A follow-up at its slot: what for, how, where it stands, and why it did not happen if it did not. */
function FollowUpEntry({ followUp }: { followUp: FollowUp }) {
  const stopped = stopReasonText(followUp);
  return (
    <li className="entry entry-resolution entry-follow-up" id={`follow-up-${followUp.id}`}>
      <div className="entry-meta">
        <span className="resolution-kicker">Follow-up</span>
        <strong>{PURPOSE_LABELS[followUp.purpose]}</strong>
        {followUp.channel && <span className="badge badge-channel">{FOLLOW_UP_CHANNEL_LABELS[followUp.channel]}</span>}
        <FollowUpStatusBadge status={followUp.status} />
        <span className="entry-times">
          {followUp.scheduledFor ? <time dateTime={followUp.scheduledFor}>{formatDateTime(followUp.scheduledFor)}</time> : 'not scheduled'}
        </span>
      </div>
      {(followUp.note || followUp.outcomeSummary || stopped || followUp.failureReason) && (
        <div className="entry-body">
          {[followUp.note, followUp.outcomeSummary && `Outcome: ${followUp.outcomeSummary}`, stopped, followUp.failureReason && `Failed: ${followUp.failureReason}`].filter(Boolean).join('\n')}
        </div>
      )}
    </li>
  );
}
