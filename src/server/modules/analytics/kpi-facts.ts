import type { SlaClock } from '../../../shared/index.js';

/**
 * What each KPI counts, derived per case, SLA target, interaction and follow-up as plain functions
 * of their data. The store keeps these facts in narrow tables, updated with what they come from,
 * so the dashboard counts rows instead of re-deriving every case of the period (issue #6).
 */

const ONE_HOUR_MS = 3_600_000;
const SEVEN_DAYS_MS = 7 * 86_400_000;

/** A case that entered resolved at least once, with what FCR and the reopen rate look at. */
export interface ResolvedCaseFact {
  firstResolvedAt: string;
  /** Instants of its reopen events. */
  reopenedAt: readonly string[];
  /** Messages or calls from the customer up to the first resolution, other than their confirmation that it is resolved. */
  inboundContacts: number;
  /** Replies to the customer by a person that reached them, up to the first resolution. */
  handlingContacts: number;
  /** When the same customer next opened a case on the same order, if ever. */
  nextCaseOpenedAt: string | null;
}

/** The bucket a resolved case counts in holds these flags: resolved at first contact, reopened. */
export const RESOLVED_CASE_FLAGS = { firstContact: 2, reopened: 1 } as const;
export const resolvedCaseBucket = (firstContact: boolean, reopened: boolean): number =>
  (firstContact ? RESOLVED_CASE_FLAGS.firstContact : 0) + (reopened ? RESOLVED_CASE_FLAGS.reopened : 0);

/** The bucket a follow-up that was done, or is past its hour undone, counts in. */
export const FOLLOW_UP_BUCKETS = { on_time: 0, late: 1 } as const;

/** The bucket an SLA target that is met or breached counts in. */
export const SLA_OUTCOME_BUCKETS = { met: 0, breached: 1 } as const;

/** The dimensions every fact is counted under: the dashboard's filter names and the facts' columns. */
export const KPI_DIMENSIONS = { team: 'team_id', agent: 'assignee_id', channel: 'channel', kind: 'kind' } as const;
type KpiDimensionName = keyof typeof KPI_DIMENSIONS;

/** The whole desk's bucket counts. */
export const WHOLE_DESK = '';

/**
 * The bucket counts a fact adds to: the whole desk's, and one per dimension it has (`team:<id>`,
 * `channel:email`…), so a report filtered by one team, agent, channel or kind adds up counts as
 * the whole desk's does instead of counting that dimension's facts.
 */
export function bucketScopes(fact: Readonly<Record<(typeof KPI_DIMENSIONS)[KpiDimensionName], string | null>>): string[] {
  const scopes = [WHOLE_DESK];
  for (const [name, column] of Object.entries(KPI_DIMENSIONS)) {
    const value = fact[column];
    if (value !== null) scopes.push(`${name}:${value}`);
  }
  return scopes;
}

/** The bucket counts that answer these filters: the whole desk's, one dimension's, or none when several are set (the facts are counted then). */
export function scopeOfFilters(filters: Readonly<Partial<Record<KpiDimensionName, string | undefined>>>): string | null {
  const set = (Object.keys(KPI_DIMENSIONS) as KpiDimensionName[]).filter((name) => filters[name]);
  if (set.length === 0) return WHOLE_DESK;
  return set.length === 1 ? `${set[0]}:${filters[set[0]!]}` : null;
}

/** Reopened at least once since its first resolution. */
export const wasReopened = (fact: ResolvedCaseFact): boolean => fact.reopenedAt.some((at) => at > fact.firstResolvedAt);

/**
 * Resolved at first contact: one inbound contact and one handling contact, never reopened, and no
 * new case from the same customer on the same order within 7 days of the first resolution.
 */
export function resolvedAtFirstContact(fact: ResolvedCaseFact): boolean {
  if (fact.inboundContacts !== 1 || fact.handlingContacts !== 1 || wasReopened(fact)) return false;
  if (fact.nextCaseOpenedAt === null) return true;
  const gap = Date.parse(fact.nextCaseOpenedAt) - Date.parse(fact.firstResolvedAt);
  return !(gap >= 0 && gap <= SEVEN_DAYS_MS);
}

/**
 * One SLA target's outcome: met when it stopped in time (counted then); breached at its due time;
 * running towards its due time (breached once that has passed, which only the reader's clock
 * knows). `minutes` is the business time used by a target that stopped, counted when it stopped.
 */
export interface SlaTargetOutcome {
  target: SlaClock['target'];
  state: 'met' | 'breached' | 'running';
  outcomeAt: string;
  stoppedAt: string | null;
  minutes: number | null;
}

export function slaTargetOutcomes(clocks: readonly SlaClock[]): SlaTargetOutcome[] {
  return clocks.flatMap((clock): SlaTargetOutcome[] => {
    if (clock.state === 'met' && clock.stoppedAt) {
      return [{ target: clock.target, state: 'met', outcomeAt: clock.stoppedAt, stoppedAt: clock.stoppedAt, minutes: clock.businessMinutesUsed }];
    }
    if ((clock.state === 'breached' || clock.state === 'running') && clock.dueAt) {
      const stoppedAt = clock.state === 'breached' ? clock.stoppedAt : null;
      return [{ target: clock.target, state: clock.state, outcomeAt: clock.dueAt, stoppedAt, minutes: stoppedAt ? clock.businessMinutesUsed : null }];
    }
    return [];
  });
}

const DONE_STATUSES = new Set(['sent', 'done', 'answered']);
const WAITING_STATUSES = new Set(['scheduled', 'due']);
/** Scheduled or due: not done yet, and counted late only once its hour has passed. */
export const isWaiting = (status: unknown): boolean => typeof status === 'string' && WAITING_STATUSES.has(status);

export interface FollowUpFact {
  dueAt: string;
  status: string;
  /** When it was done: the call recorded, or its message sent. */
  doneAt: string | null;
  /** The skip reason's code, for skipped ones. */
  skipReason: string | null;
}

/** How a follow-up counts: on time when done within an hour of its due time; `waiting` ones count as late once `graceUntil` has passed. */
export interface FollowUpOutcome {
  outcome: 'on_time' | 'late' | 'waiting' | 'skipped';
  graceUntil: string;
  skipCode: string | null;
}

/** Null for a cancelled follow-up, which is not counted. */
export function followUpOutcome(fact: FollowUpFact): FollowUpOutcome | null {
  if (fact.status === 'cancelled') return null;
  const graceEndMs = Date.parse(fact.dueAt) + ONE_HOUR_MS;
  const graceUntil = new Date(graceEndMs).toISOString();
  if (fact.status === 'skipped') return { outcome: 'skipped', graceUntil, skipCode: fact.skipReason ?? 'unknown' };
  if (isWaiting(fact.status)) return { outcome: 'waiting', graceUntil, skipCode: null };
  const onTime = DONE_STATUSES.has(fact.status) && fact.doneAt !== null && Date.parse(fact.doneAt) <= graceEndMs;
  return { outcome: onTime ? 'on_time' : 'late', graceUntil, skipCode: null };
}

/** Minutes between an interaction happening and being logged. */
export const loggingLagMinutes = (occurredAt: string, loggedAt: string): number => (Date.parse(loggedAt) - Date.parse(occurredAt)) / 60_000;

const SUB_BUCKETS = 32;

/** The bucket of exactly no time (an entry made as it happened), a value of its own. */
export const ZERO_BUCKET = 0;

/**
 * The bucket of a duration: exactly zero apart, then one per second under 32 seconds, then 32 per
 * doubling, so no bucket is wider than 1/32 of its values and buckets sort as their values do. A
 * percentile is found by adding up bucket counts, then reading single values only from the bucket
 * its rank falls in; zero has a bucket of its own because most entries are made as things happen,
 * and reading those one by one would read most of the facts.
 */
export function minutesBucket(minutes: number): number {
  if (minutes === 0) return ZERO_BUCKET;
  if (minutes < 0) return -minutesBucket(-minutes);
  const seconds = minutes * 60;
  if (seconds < SUB_BUCKETS) return 1 + Math.floor(seconds);
  const exponent = Math.floor(Math.log2(seconds)) - 5;
  return 1 + SUB_BUCKETS * exponent + Math.floor(seconds / 2 ** exponent);
}

/** Where the ranks a p-quantile interpolates between fall: the bucket and the offset in it. */
export interface RankPlace {
  bucket: number;
  offset: number;
}

/**
 * The two ranks (0-based, ascending) the p-quantile of `total` values lies between, as `quantile`
 * interpolates, with the weight of the higher one; null for none.
 */
export function quantileRanks(total: number, p: number): { low: number; high: number; weight: number } | null {
  if (total === 0) return null;
  const rank = (total - 1) * p;
  const low = Math.floor(rank);
  return { low, high: Math.min(low + 1, total - 1), weight: rank - low };
}

/** The bucket a rank falls in, given the counts per bucket in ascending bucket order. */
export function placeOfRank(counts: readonly { bucket: number; n: number }[], rank: number): RankPlace {
  let before = 0;
  for (const { bucket, n } of counts) {
    if (rank < before + n) return { bucket, offset: rank - before };
    before += n;
  }
  throw new RangeError(`rank ${rank} is beyond the ${before} values counted`);
}

/** The value at an offset of a bucket's values, given as distinct values with their counts in ascending order. */
export function valueAtOffset(values: readonly { value: number; n: number }[], offset: number): number {
  let before = 0;
  for (const { value, n } of values) {
    if (offset < before + n) return value;
    before += n;
  }
  throw new RangeError(`offset ${offset} is beyond the ${before} values of the bucket`);
}

/** A period cut into what the bucket counts hold and what only the facts can give. */
export interface PeriodParts {
  /** Whole UTC months, as a range of `YYYY-MM` [from, to). */
  months: { from: string; to: string } | null;
  /** Whole UTC days outside those months, as ranges of `YYYY-MM-DD` [from, to). */
  days: { from: string; to: string }[];
  /** Parts of a day at either end, as ranges of instants [from, to). */
  instants: { from: string; to: string }[];
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const monthStart = (ms: number, add = 0) => {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + add, 1);
};

/** Cuts [fromMs, toMs) into whole months, then whole days, then the part days at its ends; empty ranges are left out. */
export function periodParts(fromMs: number, toMs: number): PeriodParts {
  const firstDayMs = Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const lastDayMs = Math.floor(toMs / DAY_MS) * DAY_MS;
  if (firstDayMs >= lastDayMs) return { months: null, days: [], instants: fromMs < toMs ? [{ from: iso(fromMs), to: iso(toMs) }] : [] };
  const instants = [
    { from: iso(fromMs), to: iso(firstDayMs) },
    { from: iso(lastDayMs), to: iso(toMs) },
  ].filter((range) => range.from < range.to);
  const firstMonthMs = monthStart(firstDayMs) === firstDayMs ? firstDayMs : monthStart(firstDayMs, 1);
  const lastMonthMs = monthStart(lastDayMs);
  const day = (ms: number) => iso(ms).slice(0, 10);
  if (firstMonthMs >= lastMonthMs) return { months: null, days: [{ from: day(firstDayMs), to: day(lastDayMs) }], instants };
  const days = [
    { from: day(firstDayMs), to: day(firstMonthMs) },
    { from: day(lastMonthMs), to: day(lastDayMs) },
  ].filter((range) => range.from < range.to);
  return { months: { from: iso(firstMonthMs).slice(0, 7), to: iso(lastMonthMs).slice(0, 7) }, days, instants };
}
