import type { CaseKind, CaseStatus, Channel, Customer, Priority, SlaActions, SlaMatch, SlaPolicy, Team } from '../../../src/shared/index.js';
import type { SavePolicy } from '../api/aftercare-api.js';
import { CHANNEL_LABELS, KIND_LABELS, PRIORITY_LABELS, STATUS_LABELS, TIER_LABELS } from '../ui/labels.js';

export type DurationUnit = 'minutes' | 'hours';

/** A number of minutes as typed: an amount and its unit; an empty amount is no value. */
export interface DurationDraft {
  amount: string;
  unit: DurationUnit;
}

export const DURATION_UNIT_LABELS: Record<DurationUnit, string> = { minutes: 'minutes', hours: 'hours' };

export interface ActionsDraft {
  notifyAssignee: boolean;
  notifyTeamLead: boolean;
  raisePriority: boolean;
  reassignTeamId: string;
}

/** The statuses a policy may pause its clocks in (resolved and closed always stop them). */
export const PAUSABLE_STATUSES = ['acknowledged', 'investigating', 'resolution_proposed', 'awaiting_approval', 'awaiting_customer'] as const satisfies readonly CaseStatus[];
export type PausableStatus = (typeof PAUSABLE_STATUSES)[number];

export const PAUSABLE_STATUS_LABELS = Object.fromEntries(PAUSABLE_STATUSES.map((status) => [status, STATUS_LABELS[status]])) as Record<PausableStatus, string>;

export interface PolicyDraft {
  name: string;
  position: string;
  active: boolean;
  calendarId: string;
  kinds: CaseKind[];
  priorities: Priority[];
  tiers: Customer['tier'][];
  channels: Channel[];
  requestingTeamIds: string[];
  firstResponse: DurationDraft;
  nextResponse: DurationDraft;
  resolution: DurationDraft;
  pauseStatuses: PausableStatus[];
  warnPercent: string;
  warnBefore: DurationDraft;
  warningActions: ActionsDraft;
  breachActions: ActionsDraft;
}

const noActions = (): ActionsDraft => ({ notifyAssignee: false, notifyTeamLead: false, raisePriority: false, reassignTeamId: '' });

export function emptyPolicyDraft(calendarId = ''): PolicyDraft {
  return {
    name: '',
    position: '',
    active: true,
    calendarId,
    kinds: [],
    priorities: [],
    tiers: [],
    channels: [],
    requestingTeamIds: [],
    firstResponse: { amount: '', unit: 'hours' },
    nextResponse: { amount: '', unit: 'hours' },
    resolution: { amount: '', unit: 'hours' },
    pauseStatuses: ['awaiting_customer'],
    warnPercent: '80',
    warnBefore: { amount: '', unit: 'minutes' },
    warningActions: { ...noActions(), notifyAssignee: true },
    breachActions: { ...noActions(), notifyAssignee: true, notifyTeamLead: true },
  };
}

/** Minutes shown in hours when they make whole hours, else in minutes. */
export function durationDraftOf(minutes: number | null, emptyUnit: DurationUnit = 'hours'): DurationDraft {
  if (minutes === null) return { amount: '', unit: emptyUnit };
  return minutes % 60 === 0 ? { amount: String(minutes / 60), unit: 'hours' } : { amount: String(minutes), unit: 'minutes' };
}

/** Whole minutes from a typed duration: null when empty, undefined when it is not a duration. */
export function minutesOf(duration: DurationDraft): number | null | undefined {
  const text = duration.amount.trim().replace(',', '.');
  if (text === '') return null;
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const minutes = Number(text) * (duration.unit === 'hours' ? 60 : 1);
  if (!Number.isInteger(Math.round(minutes * 1000) / 1000) || minutes <= 0) return undefined;
  return Math.round(minutes);
}

const actionsDraftOf = (actions: SlaActions): ActionsDraft => ({ ...actions, reassignTeamId: actions.reassignTeamId ?? '' });
const actionsOf = (draft: ActionsDraft): SlaActions => ({ ...draft, reassignTeamId: draft.reassignTeamId || null });

export function policyDraftOf(policy: SlaPolicy): PolicyDraft {
  return {
    name: policy.name,
    position: String(policy.position),
    active: policy.active,
    calendarId: policy.calendarId,
    ...policy.match,
    firstResponse: durationDraftOf(policy.firstResponseMinutes),
    nextResponse: durationDraftOf(policy.nextResponseMinutes),
    resolution: durationDraftOf(policy.resolutionMinutes),
    pauseStatuses: PAUSABLE_STATUSES.filter((status) => policy.pauseStatuses.includes(status)),
    warnPercent: policy.warnPercent === null ? '' : String(policy.warnPercent),
    warnBefore: durationDraftOf(policy.warnBeforeMinutes, 'minutes'),
    warningActions: actionsDraftOf(policy.warningActions),
    breachActions: actionsDraftOf(policy.breachActions),
  };
}

export type DurationField = 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes' | 'warnBeforeMinutes' | 'warnPercent' | 'position';

/** What the server gets, or the fields that cannot be sent as typed (checked here so the reason is said in the form's terms). */
export function policyPayload(draft: PolicyDraft): { payload: SavePolicy; problems?: undefined } | { payload?: undefined; problems: Partial<Record<DurationField | 'targets', string>> } {
  const problems: Partial<Record<DurationField | 'targets', string>> = {};
  const durations = {
    firstResponseMinutes: minutesOf(draft.firstResponse),
    nextResponseMinutes: minutesOf(draft.nextResponse),
    resolutionMinutes: minutesOf(draft.resolution),
    warnBeforeMinutes: minutesOf(draft.warnBefore),
  };
  for (const [field, minutes] of Object.entries(durations)) {
    if (minutes === undefined) problems[field as DurationField] = 'must be a whole number of minutes, more than 0 (hours may have decimals: 1.5)';
  }
  if (durations.firstResponseMinutes === null && durations.nextResponseMinutes === null && durations.resolutionMinutes === null) {
    problems.targets = 'set at least one target: first response, next response or resolution';
  }
  const percent = draft.warnPercent.trim();
  if (percent !== '' && !(/^\d+$/.test(percent) && Number(percent) >= 1 && Number(percent) <= 99)) problems.warnPercent = 'must be a whole number from 1 to 99';
  const position = draft.position.trim();
  if (position !== '' && !/^\d+$/.test(position)) problems.position = 'must be a whole number, 0 or more';
  if (Object.keys(problems).length > 0) return { problems };
  return {
    payload: {
      name: draft.name,
      ...(position === '' ? {} : { position: Number(position) }),
      active: draft.active,
      calendarId: draft.calendarId,
      match: { kinds: draft.kinds, priorities: draft.priorities, tiers: draft.tiers, channels: draft.channels, requestingTeamIds: draft.requestingTeamIds },
      firstResponseMinutes: durations.firstResponseMinutes ?? null,
      nextResponseMinutes: durations.nextResponseMinutes ?? null,
      resolutionMinutes: durations.resolutionMinutes ?? null,
      pauseStatuses: draft.pauseStatuses,
      warnPercent: percent === '' ? null : Number(percent),
      warnBeforeMinutes: durations.warnBeforeMinutes ?? null,
      warningActions: actionsOf(draft.warningActions),
      breachActions: actionsOf(draft.breachActions),
    },
  };
}

/** "Complaint · High or Urgent · Gold or Platinum customers · raised by Billing", or "Every case". */
export function matchSummary(match: SlaMatch, teams: readonly Team[]): string {
  const either = (values: readonly string[]) => (values.length <= 2 ? values.join(' or ') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`);
  // In the vocabulary's order (Low before High), whatever order they were ticked in.
  const inOrder = <V extends string>(labels: Record<V, string>, values: readonly string[]) =>
    either((Object.keys(labels) as V[]).filter((value) => values.includes(value)).map((value) => labels[value]));
  const parts: string[] = [];
  if (match.kinds.length) parts.push(inOrder(KIND_LABELS, match.kinds));
  if (match.priorities.length) parts.push(`${inOrder(PRIORITY_LABELS, match.priorities)} priority`);
  if (match.tiers.length) parts.push(`${inOrder(TIER_LABELS, match.tiers)} customers`);
  if (match.channels.length) parts.push(`came in by ${inOrder(CHANNEL_LABELS, match.channels)}`);
  if (match.requestingTeamIds.length) {
    parts.push(`raised by ${either(match.requestingTeamIds.map((id) => teams.find((team) => team.id === id)?.name ?? 'a removed team'))}`);
  }
  if (parts.length === 0) return 'Every case';
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a warning or breach does, in words: "Notify the assignee and team lead, raise priority". */
export function actionsSummary(actions: SlaActions, teams: readonly Team[]): string {
  const notify = [actions.notifyAssignee && 'the assignee', actions.notifyTeamLead && 'the team lead'].filter(Boolean);
  const parts: string[] = [];
  if (notify.length) parts.push(`notify ${notify.join(' and ')}`);
  if (actions.raisePriority) parts.push('raise the priority');
  if (actions.reassignTeamId) parts.push(`move to ${teams.find((team) => team.id === actions.reassignTeamId)?.name ?? 'another team'}, unassigned`);
  if (parts.length === 0) return 'Nothing';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
