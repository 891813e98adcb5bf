import type { SlaClock, SlaReportGroup, SlaReportGrouping, SlaTargetFigures, SlaTargetName } from '../../../shared/index.js';
import { SLA_TARGETS } from '../../../shared/index.js';

/**
 * SLA reporting from the clocks kept on each case: per group, how many targets were met and
 * breached in a period, the share met (SLA compliance), and the business minutes the stopped ones
 * took. Pure: the store reads the cases, this counts.
 *
 * Counting, one definition each (DESIGN.md, Measures):
 * - A target is met in the period when it stopped (the reply, or the resolution) within
 *   [from, to) without having been breached.
 * - A target is breached in the period when its due time falls within [from, to) and passed
 *   unmet, whether or not it was met later. A clock still stored as running whose due time has
 *   passed by `now` is breached: the durable check that marks it has not run yet.
 * - SLA compliance = met / (met + breached); null when there is neither.
 * - Minutes: the clock's business minutes (paused spans excluded) of every target that stopped in
 *   the period, met or late; median and 90th percentile, linear between the nearest ranks.
 * - Week groups are UTC weeks starting on Monday, of the instant each target is counted at.
 */

/** One case as the report reads it: its clocks and what it is grouped by. */
export interface SlaReportCase {
  caseId: string;
  policyId: string;
  policyName: string;
  teamId: string | null;
  teamName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  clocks: readonly SlaClock[];
}

export interface SlaReportPeriod {
  fromMs: number;
  toMs: number;
  /** When the report is made: a running clock due before this is breached. */
  nowMs: number;
}

export interface SlaReportResult {
  groups: SlaReportGroup[];
  /** Cases with a target breached in the period, latest breach first. */
  breached: { caseId: string; at: string }[];
}

/** How one clock counts in the period: met or breached (and when), and its minutes if it stopped in it. */
export interface ClockInPeriod {
  outcome: { kind: 'met' | 'breached'; atMs: number } | null;
  minutes: { value: number; atMs: number } | null;
}

const within = (ms: number, period: SlaReportPeriod) => ms >= period.fromMs && ms < period.toMs;
const instant = (iso: string | null) => (iso === null ? null : Date.parse(iso));

export function clockInPeriod(clock: SlaClock, period: SlaReportPeriod): ClockInPeriod {
  const dueMs = instant(clock.dueAt);
  const stoppedMs = instant(clock.stoppedAt);
  const breached = clock.state === 'breached' || (clock.state === 'running' && dueMs !== null && dueMs <= period.nowMs);
  let outcome: ClockInPeriod['outcome'] = null;
  if (breached && dueMs !== null && within(dueMs, period)) outcome = { kind: 'breached', atMs: dueMs };
  else if (clock.state === 'met' && stoppedMs !== null && within(stoppedMs, period)) outcome = { kind: 'met', atMs: stoppedMs };
  const stopped = (clock.state === 'met' || clock.state === 'breached') && stoppedMs !== null && within(stoppedMs, period);
  return { outcome, minutes: stopped ? { value: clock.businessMinutesUsed, atMs: stoppedMs } : null };
}

/** The p-quantile (0..1) of ascending values, linear between the nearest ranks; null for none. */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the week an instant is in, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  // Day 0 (1970-01-01) was a Thursday: three days after a Monday.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

const NONE = 'none';

function groupOf(item: SlaReportCase, groupBy: SlaReportGrouping, atMs: number): { key: string; label: string } {
  switch (groupBy) {
    case 'policy':
      return { key: item.policyId, label: item.policyName };
    case 'team':
      return item.teamId ? { key: item.teamId, label: item.teamName ?? item.teamId } : { key: NONE, label: 'No team' };
    case 'agent':
      return item.assigneeId ? { key: item.assigneeId, label: item.assigneeName ?? item.assigneeId } : { key: NONE, label: 'Unassigned' };
    case 'week': {
      const monday = weekOf(atMs);
      return { key: monday, label: `Week of ${monday}` };
    }
  }
}

interface Tally {
  met: number;
  breached: number;
  minutes: number[];
}

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

function figures(tally: Tally): SlaTargetFigures {
  const sorted = [...tally.minutes].sort((a, b) => a - b);
  const counted = tally.met + tally.breached;
  return {
    met: tally.met,
    breached: tally.breached,
    compliance: counted === 0 ? null : tally.met / counted,
    medianMinutes: round2(quantile(sorted, 0.5)),
    p90Minutes: round2(quantile(sorted, 0.9)),
  };
}

/**
 * Counts cases one at a time, so a store can feed them in batches without holding them all: `add`
 * each case, then `result`, which caps the list of breached cases at `breachedLimit`.
 */
export function slaReportTally(groupBy: SlaReportGrouping, period: SlaReportPeriod) {
  const groups = new Map<string, { label: string; targets: Record<SlaTargetName, Tally> }>();
  const breached: { caseId: string; atMs: number }[] = [];
  const tallyOf = (item: SlaReportCase, target: SlaTargetName, atMs: number): Tally => {
    const { key, label } = groupOf(item, groupBy, atMs);
    let group = groups.get(key);
    if (!group) {
      const empty = () => ({ met: 0, breached: 0, minutes: [] });
      group = { label, targets: { first_response: empty(), next_response: empty(), resolution: empty() } };
      groups.set(key, group);
    }
    return group.targets[target];
  };

  return {
    add(item: SlaReportCase): void {
      let lastBreachMs: number | null = null;
      for (const clock of item.clocks) {
        if (!(SLA_TARGETS as readonly string[]).includes(clock.target)) continue;
        const { outcome, minutes } = clockInPeriod(clock, period);
        if (outcome) {
          const tally = tallyOf(item, clock.target, outcome.atMs);
          if (outcome.kind === 'met') tally.met++;
          else {
            tally.breached++;
            lastBreachMs = Math.max(lastBreachMs ?? -Infinity, outcome.atMs);
          }
        }
        if (minutes) tallyOf(item, clock.target, minutes.atMs).minutes.push(minutes.value);
      }
      if (lastBreachMs !== null) breached.push({ caseId: item.caseId, atMs: lastBreachMs });
    },

    result(breachedLimit = 100): SlaReportResult {
      const ordered = [...groups.entries()].sort(([keyA, a], [keyB, b]) => {
        if (groupBy === 'week') return compare(keyA, keyB);
        if ((keyA === NONE) !== (keyB === NONE)) return keyA === NONE ? 1 : -1;
        return a.label.localeCompare(b.label) || compare(keyA, keyB);
      });
      const latest = [...breached].sort((a, b) => b.atMs - a.atMs || compare(b.caseId, a.caseId));
      return {
        groups: ordered.map(([key, group]) => ({
          key,
          label: group.label,
          targets: {
            first_response: figures(group.targets.first_response),
            next_response: figures(group.targets.next_response),
            resolution: figures(group.targets.resolution),
          },
        })),
        breached: latest.slice(0, breachedLimit).map((b) => ({ caseId: b.caseId, at: new Date(b.atMs).toISOString() })),
      };
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The report over cases' stored clocks, grouped and counted as the module comment says. */
export function slaReport(cases: Iterable<SlaReportCase>, groupBy: SlaReportGrouping, period: SlaReportPeriod, breachedLimit = 100): SlaReportResult {
  const tally = slaReportTally(groupBy, period);
  for (const item of cases) tally.add(item);
  return tally.result(breachedLimit);
}
