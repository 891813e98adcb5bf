import {
  LOYALTY_GROUPS,
  LOYALTY_SPLITS,
  REPEAT_WINDOWS,
  type LoyaltyGroupFigures,
  type LoyaltyGroupKey,
  type LoyaltySplit,
  type LoyaltyWindowFigures,
  type ProportionInterval,
} from '../../../shared/index.js';
import { quantile } from '../sla/sla-report.js';

/**
 * The loyalty link (DESIGN.md, Measures, "Repeat purchase rate (N days)"): of the customers whose
 * case was closed in the period, the share who bought again within N days of closing, compared
 * between groups. Pure: the store reads the facts, this counts.
 *
 * - Closed: the last time the case entered `closed`, for cases still closed. A customer with several
 *   cases closed in the period counts once, by the last of them: the experience nearest the next purchase.
 * - Followed up: a follow-up on the case was done, sent or answered.
 * - Resolution confirmed: the case was last resolved by the customer's confirmation, or an inbound
 *   contact marked `resolution_confirmed` was logged on it; otherwise (resolved as unreachable) not.
 * - CSAT band: the latest CSAT answer about the case: 4–5, 3, 1–2, or none.
 * - A customer whose N-day window has not ended by now is left out of that N ("still open").
 * - Median days to the next purchase: among the repeaters within N days.
 */

const DAY_MS = 86_400_000;
/** The 97.5th percentile of the standard normal distribution: a two-sided 95 % interval. */
const Z_95 = 1.959963984540054;

/** The Wilson score interval of `successes` out of `trials` (95 % by default); null for no trials. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): ProportionInterval | null {
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // Clamped: at p = 0 or 1 rounding can leave the bound a hair outside [0, 1].
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/** One closed case as the loyalty link reads it. */
export interface ClosedCaseFacts {
  caseId: string;
  customerId: string;
  closedAtMs: number;
  followedUp: boolean;
  resolutionConfirmed: boolean;
  /** The latest CSAT answer (1–5) about the case; null when none. */
  csat: number | null;
  /** The customer's first purchase after closing; null when none yet. */
  nextPurchaseAtMs: number | null;
}

/** Of several cases closed in the period for one customer, the last closed. */
export function lastClosedPerCustomer<T extends { customerId: string; closedAtMs: number; caseId: string }>(cases: Iterable<T>): T[] {
  const latest = new Map<string, T>();
  for (const closed of cases) {
    const kept = latest.get(closed.customerId);
    const later = !kept || closed.closedAtMs > kept.closedAtMs || (closed.closedAtMs === kept.closedAtMs && closed.caseId > kept.caseId);
    if (later) latest.set(closed.customerId, closed);
  }
  return [...latest.values()];
}

export function csatBand(csat: number | null): (typeof LOYALTY_GROUPS)['csat'][number] {
  if (csat === null) return 'csat_none';
  if (csat >= 4) return 'csat_4_5';
  if (csat === 3) return 'csat_3';
  return 'csat_1_2';
}

function groupOf(split: LoyaltySplit, facts: ClosedCaseFacts): LoyaltyGroupKey {
  switch (split) {
    case 'follow_up':
      return facts.followedUp ? 'followed_up' : 'not_followed_up';
    case 'confirmation':
      return facts.resolutionConfirmed ? 'confirmed' : 'not_confirmed';
    case 'csat':
      return csatBand(facts.csat);
  }
}

interface GroupTally {
  customers: number;
  repeaters: number;
  daysToNext: number[];
  stillOpen: number;
}

function figures(group: string, tally: GroupTally): LoyaltyGroupFigures {
  const sorted = [...tally.daysToNext].sort((a, b) => a - b);
  return {
    group,
    customers: tally.customers,
    repeaters: tally.repeaters,
    rate: tally.customers === 0 ? null : tally.repeaters / tally.customers,
    interval: wilsonInterval(tally.repeaters, tally.customers),
    medianDaysToNextPurchase: quantile(sorted, 0.5),
    stillOpen: tally.stillOpen,
  };
}

/** The repeat-purchase figures per window and group, for customers counted once each (see lastClosedPerCustomer). */
export function repeatPurchaseFigures(customers: readonly ClosedCaseFacts[], nowMs: number): LoyaltyWindowFigures[] {
  return REPEAT_WINDOWS.map((days) => {
    const empty = (): GroupTally => ({ customers: 0, repeaters: 0, daysToNext: [], stillOpen: 0 });
    const all = empty();
    const tallies = new Map<LoyaltyGroupKey, GroupTally>();
    for (const split of LOYALTY_SPLITS) for (const key of LOYALTY_GROUPS[split]) tallies.set(key, empty());
    for (const facts of customers) {
      const windowEndMs = facts.closedAtMs + days * DAY_MS;
      const groups = [all, ...LOYALTY_SPLITS.map((split) => tallies.get(groupOf(split, facts))!)];
      if (windowEndMs > nowMs) {
        for (const tally of groups) tally.stillOpen += 1;
        continue;
      }
      const next = facts.nextPurchaseAtMs;
      const repeated = next !== null && next <= windowEndMs;
      for (const tally of groups) {
        tally.customers += 1;
        if (repeated) {
          tally.repeaters += 1;
          tally.daysToNext.push((next - facts.closedAtMs) / DAY_MS);
        }
      }
    }
    const split = (name: LoyaltySplit) => LOYALTY_GROUPS[name].map((key) => figures(key, tallies.get(key)!));
    return { days, all: figures('all', all), splits: { follow_up: split('follow_up'), confirmation: split('confirmation'), csat: split('csat') } };
  });
}
