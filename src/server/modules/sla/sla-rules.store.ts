import type { BusinessCalendar, SaveBusinessCalendar, SaveSlaPolicy, SlaActions, SlaMatch, SlaPolicy } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { BusinessCalendarRow, SlaPolicyRow } from '../../platform/db/schema.js';
import { storeCache } from '../../platform/db/store-cache.js';
import type { Work } from '../../platform/db/work.js';
import { invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { addBusinessMinutes, CalendarWithoutHoursError, compileCalendar, type BusinessCalendar as BusinessTimeCalendar, type CompiledCalendar } from './business-time.js';

export function toCalendar(row: BusinessCalendarRow): BusinessCalendar {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    weeklyHours: JSON.parse(row.hours_json) as BusinessCalendar['weeklyHours'],
    holidays: JSON.parse(row.holidays_json) as string[],
    closures: JSON.parse(row.closures_json) as BusinessCalendar['closures'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSlaPolicy(row: SlaPolicyRow, calendarName: string): SlaPolicy {
  const nullableNumber = (value: number | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    name: row.name,
    position: Number(row.position),
    active: Boolean(row.active),
    calendarId: row.calendar_id,
    calendarName,
    match: JSON.parse(row.match_json) as SlaMatch,
    firstResponseMinutes: nullableNumber(row.first_response_minutes),
    nextResponseMinutes: nullableNumber(row.next_response_minutes),
    resolutionMinutes: nullableNumber(row.resolution_minutes),
    pauseStatuses: JSON.parse(row.pause_statuses_json) as SlaPolicy['pauseStatuses'],
    warnPercent: nullableNumber(row.warn_percent),
    warnBeforeMinutes: nullableNumber(row.warn_before_minutes),
    warningActions: JSON.parse(row.warning_actions_json) as SlaActions,
    breachActions: JSON.parse(row.breach_actions_json) as SlaActions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Calendars and policies as the clocks use them, calendars compiled once. */
export interface SlaRules {
  policies: SlaPolicy[];
  calendars: Map<string, { calendar: BusinessCalendar; compiled: CompiledCalendar }>;
}

async function loadRules(db: Queryable): Promise<SlaRules> {
  const [calendarRows, policyRows] = await Promise.all([
    db.selectFrom('business_calendars').selectAll().execute(),
    db.selectFrom('sla_policies').selectAll().orderBy('position').execute(),
  ]);
  const calendars = new Map(calendarRows.map((row) => {
    const calendar = toCalendar(row);
    return [row.id, { calendar, compiled: compileCalendar(calendar) }];
  }));
  const policies = policyRows.map((row) => toSlaPolicy(row, calendars.get(row.calendar_id)?.calendar.name ?? ''));
  return { policies, calendars };
}

const cachedRules = storeCache(['business_calendars', 'sla_policies'], loadRules);

/** The SLA rules of a store, kept in memory until they change (see storeCache). */
export function slaRules(work: Work): Promise<SlaRules> {
  return cachedRules(work.store, work.tx);
}

export async function listCalendars(db: Queryable): Promise<BusinessCalendar[]> {
  return (await db.selectFrom('business_calendars').selectAll().orderBy('name').execute()).map(toCalendar);
}

async function calendarRowOrThrow(db: Queryable, id: string): Promise<BusinessCalendarRow> {
  const row = await db.selectFrom('business_calendars').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('calendar', id);
  return row;
}

function checkCalendar(input: SaveBusinessCalendar): void {
  for (const closure of input.closures) {
    if (Date.parse(closure.to) <= Date.parse(closure.from)) throw invalidField('closures', `a closure must end after it starts (${closure.from} → ${closure.to})`);
  }
  try {
    const compiled = compileCalendar({ timezone: input.timezone, weeklyHours: input.weeklyHours as BusinessTimeCalendar['weeklyHours'], holidays: input.holidays, closures: input.closures });
    // Compiling accepts a calendar that never opens; counting time on it is what fails.
    addBusinessMinutes(compiled, Date.now(), 1);
  } catch (error) {
    if (error instanceof CalendarWithoutHoursError) throw invalidField('weeklyHours', 'must open at least once a week');
    throw invalidField('weeklyHours', error instanceof Error ? error.message : String(error));
  }
}

function calendarColumns(input: SaveBusinessCalendar) {
  return {
    name: input.name,
    timezone: input.timezone,
    hours_json: JSON.stringify(input.weeklyHours),
    holidays_json: JSON.stringify([...new Set(input.holidays)].sort()),
    closures_json: JSON.stringify(input.closures),
  };
}

export async function createCalendar(work: Work, input: SaveBusinessCalendar): Promise<BusinessCalendar> {
  checkCalendar(input);
  const now = nowInstant();
  const row: BusinessCalendarRow = { id: newId('cal'), ...calendarColumns(input), created_at: now, updated_at: now };
  await insertAudited(work, 'business_calendars', row);
  return toCalendar(row);
}

export async function updateCalendar(work: Work, id: string, input: SaveBusinessCalendar): Promise<BusinessCalendar> {
  const before = await calendarRowOrThrow(work.tx, id);
  checkCalendar(input);
  return toCalendar(await updateAudited(work, 'business_calendars', before, { ...calendarColumns(input), updated_at: nowInstant() }));
}

export async function listSlaPolicies(db: Queryable): Promise<SlaPolicy[]> {
  const rows = await db
    .selectFrom('sla_policies')
    .innerJoin('business_calendars', 'business_calendars.id', 'sla_policies.calendar_id')
    .selectAll('sla_policies')
    .select('business_calendars.name as calendar_name')
    .orderBy('sla_policies.position')
    .execute();
  return rows.map((row) => toSlaPolicy(row, row.calendar_name));
}

export async function getSlaPolicy(db: Queryable, id: string): Promise<SlaPolicy> {
  const policy = (await listSlaPolicies(db)).find((p) => p.id === id);
  if (!policy) throw notFound('SLA policy', id);
  return policy;
}

async function checkPolicy(db: Queryable, input: SaveSlaPolicy): Promise<void> {
  await calendarRowOrThrow(db, input.calendarId).catch(() => {
    throw invalidField('calendarId', `refers to no calendar (${input.calendarId})`);
  });
  if (input.firstResponseMinutes === null && input.nextResponseMinutes === null && input.resolutionMinutes === null) {
    throw invalidField('resolutionMinutes', 'at least one target is required (first response, next response or resolution)');
  }
  if (input.warnPercent === null && input.warnBeforeMinutes === null && (input.warningActions.notifyAssignee || input.warningActions.notifyTeamLead || input.warningActions.raisePriority || input.warningActions.reassignTeamId)) {
    throw invalidField('warnPercent', 'warning actions need a warning: a share of the target or minutes before it');
  }
  const teams = [...input.match.requestingTeamIds, input.warningActions.reassignTeamId, input.breachActions.reassignTeamId].filter((id): id is string => id !== null);
  for (const teamId of new Set(teams)) {
    const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    if (!team) {
      const field = input.match.requestingTeamIds.includes(teamId) ? 'match.requestingTeamIds' : input.breachActions.reassignTeamId === teamId ? 'breachActions.reassignTeamId' : 'warningActions.reassignTeamId';
      throw invalidField(field, `refers to no team (${teamId})`);
    }
  }
}

function policyColumns(input: SaveSlaPolicy) {
  return {
    name: input.name,
    active: input.active ? 1 : 0,
    calendar_id: input.calendarId,
    match_json: JSON.stringify(input.match),
    first_response_minutes: input.firstResponseMinutes,
    next_response_minutes: input.nextResponseMinutes,
    resolution_minutes: input.resolutionMinutes,
    pause_statuses_json: JSON.stringify([...new Set(input.pauseStatuses)]),
    warn_percent: input.warnPercent,
    warn_before_minutes: input.warnBeforeMinutes,
    warning_actions_json: JSON.stringify(input.warningActions),
    breach_actions_json: JSON.stringify(input.breachActions),
  };
}

export async function createSlaPolicy(work: Work, input: SaveSlaPolicy): Promise<SlaPolicy> {
  await checkPolicy(work.tx, input);
  const last = await work.tx.selectFrom('sla_policies').select((eb) => eb.fn.max('position').as('position')).executeTakeFirst();
  const now = nowInstant();
  const row: SlaPolicyRow = {
    id: newId('slp'),
    position: input.position ?? (last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 10),
    ...policyColumns(input),
    created_at: now,
    updated_at: now,
  };
  await insertAudited(work, 'sla_policies', row);
  return getSlaPolicy(work.tx, row.id);
}

export async function updateSlaPolicy(work: Work, id: string, input: SaveSlaPolicy): Promise<SlaPolicy> {
  const before = await work.tx.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound('SLA policy', id);
  await checkPolicy(work.tx, input);
  await updateAudited(work, 'sla_policies', before, { ...policyColumns(input), position: input.position, updated_at: nowInstant() });
  return getSlaPolicy(work.tx, id);
}
