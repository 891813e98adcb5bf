import type { AuditEvent } from '../../../src/shared/index.js';
import { formatDateTime } from '../ui/format.js';
import { CHANNEL_LABELS, KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS, labelFor } from '../ui/labels.js';
import { ROOT_CAUSE_LABELS } from './procedure-labels.js';

/** Names for the ids an audit record holds, from the workspace's lists of people and teams. */
export interface AuditNames {
  userName(id: string): string | undefined;
  teamName(id: string): string | undefined;
}

/** What an audit event means to an agent reading the case, e.g. "Status changed from New to Acknowledged". */
export interface AuditStory {
  actor: string;
  lines: string[];
}

// Fields every change touches, which say nothing by themselves.
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'caseId', 'customerId', 'number', 'openedAt', 'restatementAt']);

// Records the timeline shows as themselves: a transition as the status step, a resolution as its card;
// a notification is told by the SLA event that sent it.
const SHOWN_ELSEWHERE = new Set(['case_transition', 'resolution', 'notification']);

const SLA_TARGET_WORDS: Record<string, string> = { first_response: 'first response', next_response: 'next response', resolution: 'resolution' };

/** An SLA warning or breach as it fired, with what was done about it (people notified by name). */
function slaEventStory(after: Record<string, unknown>, names: AuditNames): string[] {
  const target = SLA_TARGET_WORDS[String(after.target)] ?? String(after.target).replace(/_/g, ' ');
  const dueAt = text(after.dueAt);
  const due = dueAt ? `, due ${formatDateTime(dueAt)}` : '';
  const lines = [after.kind === 'breach' ? `SLA breached: ${target}${due}` : `SLA warning: ${target}${due}`];
  let actions: unknown = [];
  try {
    actions = JSON.parse(text(after.actionsJson) ?? '[]');
  } catch {
    // An unreadable list of actions leaves the line about the event itself.
  }
  const notified: string[] = [];
  for (const action of Array.isArray(actions) ? actions : []) {
    if (typeof action !== 'string') continue;
    const person = /^notified (\S+)$/.exec(action)?.[1];
    if (person) notified.push(names.userName(person) ?? 'a colleague');
    else if (action.startsWith('priority raised to ')) lines.push(`Priority raised to ${labelFor(PRIORITY_LABELS, action.slice('priority raised to '.length))}`);
    else if (action.startsWith('moved to team ')) {
      const team = /^moved to team (\S+?),?( |$)/.exec(action)?.[1];
      lines.push(`Moved to team ${(team && names.teamName(team)) ?? 'another team'}, unassigned`);
    } else lines.push(action.charAt(0).toUpperCase() + action.slice(1));
  }
  if (notified.length > 0) lines.splice(1, 0, `Notified ${notified.join(', ')}`);
  return lines;
}

/** Whether the timeline already tells this status change as a transition (from, to, when). */
export type StatusChangeShown = (from: string, to: string, at: string) => boolean;

/** Audit snapshots are stored rows; accept `assignee_id` as well as `assigneeId`. */
function camelKeys(record: Record<string, unknown> | null): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record ?? {})) {
    result[key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return result;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function describeChange(field: string, before: unknown, after: unknown, names: AuditNames): string {
  const was = text(before);
  const now = text(after);
  switch (field) {
    case 'status':
      return `Status changed from ${labelFor(STATUS_LABELS, was ?? '—')} to ${labelFor(STATUS_LABELS, now ?? '—')}`;
    case 'priority':
      return `Priority changed from ${labelFor(PRIORITY_LABELS, was ?? '—')} to ${labelFor(PRIORITY_LABELS, now ?? '—')}`;
    case 'kind':
      return `Kind changed from ${labelFor(KIND_LABELS, was ?? '—')} to ${labelFor(KIND_LABELS, now ?? '—')}`;
    case 'channel':
      return `Channel changed to ${labelFor(CHANNEL_LABELS, now ?? '—')}`;
    case 'assigneeId':
      if (!now) return was ? `Unassigned (was ${names.userName(was) ?? 'another agent'})` : 'Unassigned';
      return `Assigned to ${names.userName(now) ?? 'another agent'}`;
    case 'teamId':
      if (!now) return was ? `Removed from team ${names.teamName(was) ?? ''}`.trim() : 'Removed from its team';
      return `Moved to team ${names.teamName(now) ?? 'another team'}`;
    case 'subject':
      return `Subject changed to “${now ?? ''}”`;
    case 'transactionId':
      return now ? 'Linked to a purchase' : 'Purchase unlinked';
    case 'concern':
      return was ? 'Concern edited' : 'Concern recorded';
    case 'restatement':
      return was ? 'Restatement edited' : 'Restatement recorded';
    case 'cause':
      return was ? 'Cause edited' : 'Cause recorded';
    case 'rootCause':
      return `Root cause set to ${labelFor(ROOT_CAUSE_LABELS, now ?? '—')}`;
    case 'requestingTeamId':
      return now ? `Requesting department set to ${names.teamName(now) ?? 'another team'}` : 'Requesting department removed';
    default:
      return `${field.replace(/([A-Z])/g, ' $1').toLowerCase()} changed`;
  }
}

/**
 * The story of one audit event, or null when the timeline already shows it another way (an
 * interaction's creation is the interaction itself, a status change its transition).
 */
export function auditStory(
  event: AuditEvent,
  names: AuditNames,
  statusChangeShown: StatusChangeShown = () => false,
): AuditStory | null {
  const actor = event.actorName ?? (event.actorType === 'system' ? 'Aftercare' : 'Someone');
  const after = camelKeys(event.after);
  // The entity type is the table name (`cases`); read it as the thing it holds.
  const entity = event.entityType.replace(/s$/, '');

  if (entity === 'interaction') {
    return event.action === 'create' ? null : { actor, lines: ['Interaction edited'] };
  }
  if (SHOWN_ELSEWHERE.has(entity)) return null;
  if (entity === 'sla_event') return { actor, lines: slaEventStory(after, names) };
  if (entity !== 'case') {
    const name = entity.replace(/_/g, ' ');
    return { actor, lines: [`${name.charAt(0).toUpperCase()}${name.slice(1)} ${event.action === 'create' ? 'created' : 'updated'}`] };
  }
  if (event.action === 'create') {
    const channel = text(after.channel);
    return { actor, lines: [channel ? `Case opened (${labelFor(CHANNEL_LABELS, channel)})` : 'Case opened'] };
  }

  const before = camelKeys(event.before);
  const lines = Object.keys(after)
    .filter((field) => !BOOKKEEPING.has(field) && field in before)
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .filter((field) => field !== 'status' || !statusChangeShown(String(before[field]), String(after[field]), event.occurredAt))
    .map((field) => describeChange(field, before[field], after[field], names));
  return lines.length > 0 ? { actor, lines } : null;
}
