import { SaveBusinessCalendar, SaveSlaPolicy, type SlaActions } from '../../../shared/index.js';
import type { Work } from '../../platform/db/work.js';
import { addBusinessMinutes, businessMinutesBetween, compileCalendar, isOpenAt, type CompiledCalendar, type Weekday } from '../sla/business-time.js';
import { matchSlaPolicy } from '../sla/policy-match.js';
import { createCalendar, createSlaPolicy } from '../sla/sla-rules.store.js';
// Registers the hook that derives each case's SLA clocks before its unit of work commits: the
// demo's cases must get theirs even in a process that never loads the API's routes.
import '../sla/case-sla.store.js';

/**
 * The demo desk's SLAs: two business calendars and the policies, tried in order, that set the
 * targets its cases are measured against. They are written before any case, so the hook derives
 * every case's clocks from its history as the case is written.
 */

export type CalendarKey = 'desk' | 'internal';
export type SlaPolicyKey = 'internal' | 'urgentComplaints' | 'checkIns' | 'keyCustomers' | 'standard';

/** Bank holidays in England and Wales, with the substitute days when one falls on a weekend. */
const UK_BANK_HOLIDAYS = [
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];

const weekdays = (hours: [string, string][]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

export const DEMO_CALENDARS: Record<CalendarKey, SaveBusinessCalendar> = {
  desk: SaveBusinessCalendar.parse({
    name: 'UK support desk',
    timezone: 'Europe/London',
    weeklyHours: { ...weekdays([['08:30', '18:00']]), sat: [['09:00', '13:00']] },
    holidays: UK_BANK_HOLIDAYS,
  }),
  internal: SaveBusinessCalendar.parse({
    name: 'Internal services',
    timezone: 'Europe/London',
    weeklyHours: weekdays([
      ['09:00', '12:30'],
      ['13:30', '17:00'],
    ]),
    holidays: UK_BANK_HOLIDAYS,
  }),
};

/** A business day of each calendar, in minutes: the desk's weekday (08:30–18:00), the back office's (7 h). */
const DESK_DAY = 570;
const INTERNAL_DAY = 420;

/** The clocks stop while the customer has our proposal to consider, or is asked to confirm it worked. */
const PAUSED: SaveSlaPolicy['pauseStatuses'] = ['resolution_proposed', 'awaiting_customer'];

const WARN: SlaActions = { notifyAssignee: true, notifyTeamLead: false, raisePriority: false, reassignTeamId: null };
const BREACH: SlaActions = { notifyAssignee: true, notifyTeamLead: true, raisePriority: false, reassignTeamId: null };

/** The teams the demo has, by key; the internal SLA names the departments that raise requests. */
export type DemoTeamKey = 'care' | 'returns' | 'billing' | 'logistics';

type PolicyPlan = (teams: Record<DemoTeamKey, string>, calendars: Record<CalendarKey, string>) => SaveSlaPolicy;

/**
 * In the order they are tried. Requests between departments come first, as they are told apart by
 * who raised them; the standard SLA applies to every case, so it comes last.
 */
const POLICIES: [SlaPolicyKey, PolicyPlan][] = [
  [
    'internal',
    // The back office answers the department that asked in internal notes, which are not a
    // response to the customer: only the resolution is measured.
    (teams, calendars) => ({
      name: 'Internal requests between departments',
      active: true,
      calendarId: calendars.internal,
      match: { kinds: [], priorities: [], tiers: [], channels: [], requestingTeamIds: [teams.care, teams.returns] },
      firstResponseMinutes: null,
      nextResponseMinutes: null,
      resolutionMinutes: 3 * INTERNAL_DAY,
      pauseStatuses: PAUSED,
      warnPercent: 80,
      warnBeforeMinutes: null,
      warningActions: WARN,
      breachActions: BREACH,
    }),
  ],
  [
    'urgentComplaints',
    (_, calendars) => ({
      name: 'Urgent and high-priority complaints',
      active: true,
      calendarId: calendars.desk,
      match: { kinds: ['complaint'], priorities: ['urgent', 'high'], tiers: [], channels: [], requestingTeamIds: [] },
      firstResponseMinutes: 60,
      nextResponseMinutes: 240,
      resolutionMinutes: 2 * DESK_DAY,
      pauseStatuses: PAUSED,
      warnPercent: 80,
      warnBeforeMinutes: null,
      warningActions: { ...WARN, notifyTeamLead: true },
      breachActions: { ...BREACH, raisePriority: true },
    }),
  ],
  [
    'checkIns',
    // We write first, so there is no first response to measure: only that the customer's
    // answer is followed up within two weeks.
    (_, calendars) => ({
      name: 'Proactive check-ins',
      active: true,
      calendarId: calendars.desk,
      match: { kinds: ['check-in'], priorities: [], tiers: [], channels: [], requestingTeamIds: [] },
      firstResponseMinutes: null,
      nextResponseMinutes: null,
      resolutionMinutes: 10 * DESK_DAY,
      pauseStatuses: PAUSED,
      warnPercent: 80,
      warnBeforeMinutes: null,
      warningActions: WARN,
      breachActions: BREACH,
    }),
  ],
  [
    'keyCustomers',
    (_, calendars) => ({
      name: 'Platinum and gold customers',
      active: true,
      calendarId: calendars.desk,
      match: { kinds: [], priorities: [], tiers: ['platinum', 'gold'], channels: [], requestingTeamIds: [] },
      firstResponseMinutes: 120,
      nextResponseMinutes: 240,
      resolutionMinutes: 3 * DESK_DAY,
      pauseStatuses: PAUSED,
      warnPercent: 80,
      warnBeforeMinutes: null,
      warningActions: WARN,
      breachActions: BREACH,
    }),
  ],
  [
    'standard',
    (_, calendars) => ({
      name: 'Standard',
      active: true,
      calendarId: calendars.desk,
      match: { kinds: [], priorities: [], tiers: [], channels: [], requestingTeamIds: [] },
      firstResponseMinutes: 240,
      nextResponseMinutes: 480,
      resolutionMinutes: 5 * DESK_DAY,
      pauseStatuses: PAUSED,
      warnPercent: 80,
      warnBeforeMinutes: null,
      warningActions: WARN,
      breachActions: BREACH,
    }),
  ],
];

let compiledCalendars: Record<CalendarKey, CompiledCalendar> | null = null;

/** The demo calendars compiled, for planning cases in business time before anything is written. */
export function compiledDemoCalendars(): Record<CalendarKey, CompiledCalendar> {
  const compile = (input: SaveBusinessCalendar) =>
    compileCalendar({ timezone: input.timezone, weeklyHours: input.weeklyHours as Record<Weekday, [string, string][]>, holidays: input.holidays, closures: input.closures });
  compiledCalendars ??= { desk: compile(DEMO_CALENDARS.desk), internal: compile(DEMO_CALENDARS.internal) };
  return compiledCalendars;
}

/**
 * Staff work the desk's opening hours, the same calendar its SLAs count in: weekdays 08:30 to
 * 18:00 and Saturday mornings in London, closed on bank holidays.
 */
const deskHours = () => compiledDemoCalendars().desk;
/** Longer than the desk is ever closed in a row (a bank holiday weekend, Christmas). */
const LONGEST_CLOSURE = 14 * 24 * 3_600_000;

/**
 * The moment itself in desk hours, else `lateMinutes` after the desk next opens. The caller draws
 * `lateMinutes` every time: drawing only when needed would tie the PRNG's sequence to the clock,
 * and the same seed would give a different desk each day.
 */
export function deskTime(at: number, lateMinutes: number): number {
  if (isOpenAt(deskHours(), at)) return at;
  // The first millisecond of business time after a closed instant ends a millisecond after it opens.
  const opening = addBusinessMinutes(deskHours(), at, 1 / 60_000) - 1;
  return opening + lateMinutes * 60_000;
}

/** The moment itself in desk hours, else `earlyMinutes` before the desk last closed. */
export function deskTimeBefore(at: number, earlyMinutes: number): number {
  if (isOpenAt(deskHours(), at)) return at;
  // Counting the open time of the fortnight before lands on the last closing, after which it stayed shut.
  const from = at - LONGEST_CLOSURE;
  const closing = addBusinessMinutes(deskHours(), from, businessMinutesBetween(deskHours(), from, at));
  return closing - earlyMinutes * 60_000;
}

const TEAM_KEYS: Record<DemoTeamKey, string> = { care: 'care', returns: 'returns', billing: 'billing', logistics: 'logistics' };
const CALENDAR_KEYS: Record<CalendarKey, string> = { desk: 'desk', internal: 'internal' };
/** The policies with keys for ids, as the cases are planned before anything has an id. */
const PLANNED_POLICIES = POLICIES.map(([key, plan], position) => ({ key, position, ...plan(TEAM_KEYS, CALENDAR_KEYS) }));

/** The policy a planned case will be measured against, with its calendar: the store's own matching, on the plan. */
export function plannedSlaPolicy(facts: { kind: string; priority: string; tier: string; channel: string; requestedBy: DemoTeamKey | null }) {
  const matched = matchSlaPolicy(PLANNED_POLICIES, { ...facts, requestingTeamId: facts.requestedBy });
  if (!matched) return null;
  const { policy } = matched;
  return { key: policy.key, calendar: compiledDemoCalendars()[policy.calendarId as CalendarKey], firstResponseMinutes: policy.firstResponseMinutes };
}

/** The latest instant with `minutes` business minutes of `calendar` between it and `toMs`. */
export function businessTimeBefore(calendar: CompiledCalendar, toMs: number, minutes: number): number {
  // Business time since an instant only shrinks as the instant moves later: halve the range down
  // to the millisecond. Two months back is more than any demo target needs.
  let early = toMs - 60 * 24 * 3_600_000;
  let late = toMs;
  if (businessMinutesBetween(calendar, early, toMs) < minutes) throw new Error(`demo data: ${minutes} business minutes reach back more than two months`);
  while (late - early > 1) {
    const middle = Math.floor((early + late) / 2);
    if (businessMinutesBetween(calendar, middle, toMs) >= minutes) early = middle;
    else late = middle;
  }
  return early;
}

/** Writes the calendars and the policies, through the same validation as API input. */
export async function writeSlaRules(work: Work, teams: Record<DemoTeamKey, string>): Promise<void> {
  const calendars = {} as Record<CalendarKey, string>;
  for (const [key, input] of Object.entries(DEMO_CALENDARS) as [CalendarKey, SaveBusinessCalendar][]) {
    calendars[key] = (await createCalendar(work, input)).id;
  }
  for (const [, plan] of POLICIES) await createSlaPolicy(work, SaveSlaPolicy.parse(plan(teams, calendars)));
}
