import type { SlaMatch } from '../../../shared/index.js';

/** What an SLA policy is matched on. */
export interface SlaCaseFacts {
  kind: string;
  priority: string;
  tier: string;
  channel: string;
  requestingTeamId: string | null;
}

export interface MatchablePolicy {
  name: string;
  position: number;
  active: boolean;
  match: SlaMatch;
}

const CRITERIA = [
  ['kinds', 'kind', (f: SlaCaseFacts) => f.kind],
  ['priorities', 'priority', (f: SlaCaseFacts) => f.priority],
  ['tiers', 'customer tier', (f: SlaCaseFacts) => f.tier],
  ['channels', 'channel', (f: SlaCaseFacts) => f.channel],
  ['requestingTeamIds', 'requesting department', (f: SlaCaseFacts) => f.requestingTeamId],
] as const;

/**
 * The policy that applies to a case: the first active one, in the policies' explicit order, whose
 * every criterion admits the case (an empty criterion admits any case). Says why, in words.
 */
export function matchSlaPolicy<P extends MatchablePolicy>(policies: readonly P[], facts: SlaCaseFacts): { policy: P; because: string } | null {
  const ordered = policies.filter((p) => p.active).sort((a, b) => a.position - b.position);
  for (const policy of ordered) {
    const reasons: string[] = [];
    let admits = true;
    for (const [criterion, label, valueOf] of CRITERIA) {
      const allowed = policy.match[criterion] as readonly string[];
      if (allowed.length === 0) continue;
      const value = valueOf(facts);
      if (value === null || !allowed.includes(value)) {
        admits = false;
        break;
      }
      reasons.push(criterion === 'requestingTeamIds' ? 'requesting department' : `${label} ${value.replaceAll('_', ' ')}`);
    }
    if (!admits) continue;
    const skipped = ordered.indexOf(policy);
    const order = skipped === 0 ? 'first policy in order' : `first policy in order to match (${skipped} before it did not)`;
    return { policy, because: reasons.length ? `${order}; matches ${reasons.join(', ')}` : `${order}; applies to every case` };
  }
  return null;
}
