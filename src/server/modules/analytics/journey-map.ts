import { JOURNEY_STAGES, type CaseKind, type JourneyCluster, type JourneyMap, type JourneyStage } from '../../../shared/index.js';

/**
 * The customer journey map: over the customers who bought in the period, how many reached each
 * stage after their first purchase in it, how many of them came from the previous stage, and where
 * complaints and low scores fall. Pure: the store reads each customer's facts, this counts.
 *
 * A customer reaches a stage when, at or after that first purchase:
 * - delivery: the order was delivered;
 * - first contact: a case of theirs was opened;
 * - complaint: a complaint case of theirs was opened;
 * - resolution: one of those cases reached `resolved`;
 * - follow-up: a follow-up to them was done, sent or answered;
 * - survey: they answered a survey;
 * - next purchase: they bought again (cancelled orders do not count).
 * A complaint or a low score (CSAT 1–2, NPS 0–6) is placed at the last stage the customer had
 * reached before it, with the kind and root cause of its case.
 */

export interface JourneyCase {
  kind: CaseKind;
  openedAtMs: number;
  rootCause: string | null;
  /** The first time it entered `resolved`; null when it never did. */
  resolvedAtMs: number | null;
}

export interface JourneyAnswer {
  submittedAtMs: number;
  csat: number | null;
  nps: number | null;
  /** The case the answer is about; null for a survey about an order alone. */
  kind: CaseKind | null;
  rootCause: string | null;
}

/** One customer's journey from their first purchase in the period; every event at or after it. */
export interface JourneyFacts {
  purchasedAtMs: number;
  deliveredAtMs: number | null;
  nextPurchaseAtMs: number | null;
  cases: readonly JourneyCase[];
  followUpsDoneAtMs: readonly number[];
  answers: readonly JourneyAnswer[];
}

const LOW_CSAT = 2;
const LOW_NPS = 6;
const CLUSTER_LIMIT = 50;

const earliest = (values: Iterable<number | null>): number | null => {
  let min: number | null = null;
  for (const value of values) if (value !== null && (min === null || value < min)) min = value;
  return min;
};

/** When the customer reached each stage; null for a stage not reached. */
export function stageTimes(facts: JourneyFacts): Record<JourneyStage, number | null> {
  return {
    purchase: facts.purchasedAtMs,
    delivery: facts.deliveredAtMs,
    first_contact: earliest(facts.cases.map((c) => c.openedAtMs)),
    complaint: earliest(facts.cases.filter((c) => c.kind === 'complaint').map((c) => c.openedAtMs)),
    resolution: earliest(facts.cases.map((c) => c.resolvedAtMs)),
    follow_up: earliest(facts.followUpsDoneAtMs),
    survey: earliest(facts.answers.map((answer) => answer.submittedAtMs)),
    next_purchase: facts.nextPurchaseAtMs,
  };
}

/** The last stage reached strictly before `atMs` (the purchase at least); of stages reached at the same instant, the later one. */
export function stageBefore(times: Record<JourneyStage, number | null>, atMs: number): JourneyStage {
  let found: JourneyStage = 'purchase';
  let foundAt = times.purchase!;
  for (const stage of JOURNEY_STAGES) {
    const at = times[stage];
    if (at !== null && at < atMs && at >= foundAt) {
      found = stage;
      foundAt = at;
    }
  }
  return found;
}

export interface JourneyTally {
  add(facts: JourneyFacts): void;
  result(): Pick<JourneyMap, 'stages' | 'clusters'>;
}

export function journeyTally(): JourneyTally {
  const reached = new Map<JourneyStage, number>(JOURNEY_STAGES.map((stage) => [stage, 0]));
  const fromPrevious = new Map<JourneyStage, number>(JOURNEY_STAGES.map((stage) => [stage, 0]));
  const clusters = new Map<string, JourneyCluster>();

  const cluster = (stage: JourneyStage, kind: CaseKind | null, rootCause: string | null) => {
    const key = JSON.stringify([stage, kind, rootCause]);
    let found = clusters.get(key);
    if (!found) {
      found = { stage, kind, rootCause, complaints: 0, lowCsat: 0, lowNps: 0 };
      clusters.set(key, found);
    }
    return found;
  };

  return {
    add(facts) {
      const times = stageTimes(facts);
      JOURNEY_STAGES.forEach((stage, index) => {
        if (times[stage] === null) return;
        reached.set(stage, reached.get(stage)! + 1);
        const previous = JOURNEY_STAGES[index - 1];
        if (previous === undefined || times[previous] !== null) fromPrevious.set(stage, fromPrevious.get(stage)! + 1);
      });
      for (const complaint of facts.cases) {
        if (complaint.kind === 'complaint') cluster(stageBefore(times, complaint.openedAtMs), complaint.kind, complaint.rootCause).complaints += 1;
      }
      for (const answer of facts.answers) {
        const lowCsat = answer.csat !== null && answer.csat <= LOW_CSAT;
        const lowNps = answer.nps !== null && answer.nps <= LOW_NPS;
        if (!lowCsat && !lowNps) continue;
        const found = cluster(stageBefore(times, answer.submittedAtMs), answer.kind, answer.rootCause);
        if (lowCsat) found.lowCsat += 1;
        if (lowNps) found.lowNps += 1;
      }
    },
    result() {
      const stages = JOURNEY_STAGES.map((stage, index) => {
        const previous = JOURNEY_STAGES[index - 1];
        const atPrevious = previous === undefined ? null : reached.get(previous)!;
        const dropOff = atPrevious === null ? 0 : atPrevious - fromPrevious.get(stage)!;
        return {
          stage,
          customers: reached.get(stage)!,
          fromPrevious: fromPrevious.get(stage)!,
          dropOff,
          dropOffRate: atPrevious ? dropOff / atPrevious : null,
        };
      });
      const weight = (c: JourneyCluster) => c.complaints + c.lowCsat + c.lowNps;
      const ranked = [...clusters.values()].sort(
        (a, b) => weight(b) - weight(a) || JOURNEY_STAGES.indexOf(a.stage) - JOURNEY_STAGES.indexOf(b.stage) || String(a.kind).localeCompare(String(b.kind)) || String(a.rootCause).localeCompare(String(b.rootCause)),
      );
      return { stages, clusters: ranked.slice(0, CLUSTER_LIMIT) };
    },
  };
}
