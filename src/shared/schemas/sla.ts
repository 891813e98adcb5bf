import { z } from 'zod';
import { CASE_KINDS, CASE_STATUSES, CHANNELS, CUSTOMER_TIERS, PRIORITIES } from '../enums.js';
import { EntityId, Instant } from './common.js';

export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const;
export const SlaTargetName = z.enum(SLA_TARGETS);
export type SlaTargetName = z.infer<typeof SlaTargetName>;

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a local time HH:MM (24:00 for midnight at the end of a day)');
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const TimeZoneName = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');

export const WeeklyHours = z.object(
  Object.fromEntries(WEEKDAY_NAMES.map((day) => [day, z.array(z.tuple([WallTime, WallTime])).max(6).default([])])) as Record<
    (typeof WEEKDAY_NAMES)[number],
    z.ZodDefault<z.ZodArray<z.ZodTuple<[typeof WallTime, typeof WallTime]>>>
  >,
);

export const BusinessCalendar = z.object({
  id: EntityId,
  name: z.string(),
  timezone: z.string(),
  weeklyHours: z.record(z.enum(WEEKDAY_NAMES), z.array(z.tuple([z.string(), z.string()]))),
  holidays: z.array(z.string()),
  closures: z.array(z.object({ from: Instant, to: Instant, reason: z.string().nullable() })),
  createdAt: Instant,
  updatedAt: Instant,
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

export const SaveBusinessCalendar = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  timezone: TimeZoneName,
  weeklyHours: WeeklyHours.describe('opening hours per weekday as [start, end] local times; several for split shifts'),
  holidays: z.array(LocalDate).max(1000).default([]).describe('local dates closed all day'),
  closures: z
    .array(z.object({ from: Instant, to: Instant, reason: z.string().trim().max(200).nullable().default(null) }))
    .max(1000)
    .default([])
    .describe('one-off closures between two instants'),
});
export type SaveBusinessCalendar = z.infer<typeof SaveBusinessCalendar>;

export const SlaMatch = z.object({
  kinds: z.array(z.enum(CASE_KINDS)).default([]),
  priorities: z.array(z.enum(PRIORITIES)).default([]),
  tiers: z.array(z.enum(CUSTOMER_TIERS)).default([]),
  channels: z.array(z.enum(CHANNELS)).default([]),
  requestingTeamIds: z.array(EntityId).default([]).describe('internal SLAs: cases raised by these departments'),
});
export type SlaMatch = z.infer<typeof SlaMatch>;

export const SlaActions = z.object({
  notifyAssignee: z.boolean().default(false),
  notifyTeamLead: z.boolean().default(false).describe("notify the supervisors of the case's team"),
  raisePriority: z.boolean().default(false).describe('one step up, to urgent at most'),
  reassignTeamId: EntityId.nullable().default(null).describe('move the case to this team’s queue, unassigned'),
});
export type SlaActions = z.infer<typeof SlaActions>;

const Minutes = z.number().int().min(1).max(525_600);

export const SlaPolicy = z.object({
  id: EntityId,
  name: z.string(),
  position: z.number().int().describe('policies are tried in this order; the first that matches applies'),
  active: z.boolean(),
  calendarId: EntityId,
  calendarName: z.string(),
  match: SlaMatch,
  firstResponseMinutes: z.number().int().nullable(),
  nextResponseMinutes: z.number().int().nullable(),
  resolutionMinutes: z.number().int().nullable(),
  pauseStatuses: z.array(z.enum(CASE_STATUSES)),
  warnPercent: z.number().int().nullable(),
  warnBeforeMinutes: z.number().int().nullable(),
  warningActions: SlaActions,
  breachActions: SlaActions,
  createdAt: Instant,
  updatedAt: Instant,
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const SaveSlaPolicy = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  position: z.number().int().min(0).max(10_000).optional().describe('defaults to after the last policy'),
  active: z.boolean().default(true),
  calendarId: EntityId,
  match: SlaMatch.default({ kinds: [], priorities: [], tiers: [], channels: [], requestingTeamIds: [] }),
  firstResponseMinutes: Minutes.nullable().default(null).describe('business minutes'),
  nextResponseMinutes: Minutes.nullable().default(null),
  resolutionMinutes: Minutes.nullable().default(null),
  pauseStatuses: z.array(z.enum(['acknowledged', 'investigating', 'resolution_proposed', 'awaiting_approval', 'awaiting_customer'])).default(['awaiting_customer']),
  warnPercent: z.number().int().min(1).max(99).nullable().default(80).describe('warn when this share of the target is used'),
  warnBeforeMinutes: Minutes.nullable().default(null).describe('or this many business minutes before the due time, whichever comes first'),
  warningActions: SlaActions.default({ notifyAssignee: true, notifyTeamLead: false, raisePriority: false, reassignTeamId: null }),
  breachActions: SlaActions.default({ notifyAssignee: true, notifyTeamLead: true, raisePriority: false, reassignTeamId: null }),
});
export type SaveSlaPolicy = z.infer<typeof SaveSlaPolicy>;

export const SLA_TARGET_STATES = ['running', 'paused', 'met', 'breached', 'idle'] as const;

/** One target's clock on a case, as derived from the case's history. */
export const SlaClock = z.object({
  target: SlaTargetName,
  targetMinutes: z.number().int(),
  state: z.enum(SLA_TARGET_STATES).describe('idle: nothing to answer (next response); breached: due time passed, whether or not it is met since'),
  startedAt: Instant.nullable(),
  dueAt: Instant.nullable().describe('when the target is (or was) due; null while paused or idle'),
  warnAt: Instant.nullable(),
  stoppedAt: Instant.nullable().describe('when it was met (or stopped late)'),
  businessMinutesUsed: z.number().describe('business minutes counted so far (or until stopped)'),
});
export type SlaClock = z.infer<typeof SlaClock>;

export const CaseSla = z.object({
  policyId: EntityId,
  policyName: z.string(),
  matchedBecause: z.string(),
  calendarName: z.string(),
  computedAt: Instant,
  clocks: z.array(SlaClock),
});
export type CaseSla = z.infer<typeof CaseSla>;

/** A message to one person, such as an SLA warning on a case they work. */
export const Notification = z.object({
  id: EntityId,
  kind: z.string().describe('sla.warning or sla.breach'),
  caseId: EntityId.nullable(),
  title: z.string(),
  body: z.string(),
  createdAt: Instant,
  readAt: Instant.nullable(),
});
export type Notification = z.infer<typeof Notification>;
