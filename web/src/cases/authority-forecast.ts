import type { AuthorityLimit, Resolution, ResolutionType } from '../../../src/shared/index.js';
import { formatMoney } from '../ui/format.js';

/** A resolution as the agent is drafting it. */
export interface DraftResolution {
  type: ResolutionType;
  /** null when the type carries no amount, or none was given; undefined while the amount typed is not one. */
  amountMinor: number | null | undefined;
  currency: string | null;
  policyCited: boolean;
}

export type ApprovalForecast =
  | { kind: 'within_limit'; text: string }
  | { kind: 'needs_approval'; text: string }
  | { kind: 'unknown'; text: string };

const typeWords = (type: ResolutionType) => type.replaceAll('_', ' ');

/**
 * The agent's own limits for one resolution type, in words: "up to £20.00 per case", "no cap", or that
 * they have none. `limits` are the caller's (GET /api/authority-limits/mine): their own where set, else
 * their role's.
 */
export function describeLimits(limits: readonly AuthorityLimit[], type: ResolutionType, currency: string | null): string {
  const forType = limits.filter((limit) => limit.resolutionType === type);
  if (forType.length === 0) return `You have no authority for ${typeWords(type)} resolutions: every one needs approval.`;
  const parts = forType.map((limit) => {
    const cap =
      limit.maxAmountMinor === null
        ? 'no cap'
        : `up to ${formatMoney(limit.maxAmountMinor, limit.currency ?? currency ?? 'EUR')} per case`;
    return limit.currency ? `${cap} in ${limit.currency}` : cap;
  });
  return `Your authority for ${typeWords(type)}: ${parts.join('; ')}.`;
}

/**
 * Whether the proposal will be offered at once or wait for approval. This mirrors the server's rule
 * (authority.ts and proposeResolution): no policy cited is a deviation; otherwise the total of this
 * type and currency on the case, live resolutions included, must be within the caller's limit, where a
 * limit in the resolution's currency wins over one for any currency. The server decides; this tells
 * the agent beforehand.
 */
export function forecastApproval(
  limits: readonly AuthorityLimit[],
  draft: DraftResolution,
  onCase: readonly Pick<Resolution, 'type' | 'currency' | 'amountMinor' | 'status'>[],
): ApprovalForecast {
  if (!draft.policyCited) {
    return { kind: 'needs_approval', text: 'Needs approval: no policy cited, so it is a deviation from policy.' };
  }
  const forType = limits.filter((limit) => limit.resolutionType === draft.type);
  if (forType.length === 0) {
    return { kind: 'needs_approval', text: `Needs approval: you have no authority for ${typeWords(draft.type)} resolutions.` };
  }
  if (draft.amountMinor === undefined) return { kind: 'unknown', text: 'Enter the amount to see whether it needs approval.' };
  if (draft.amountMinor === null || draft.currency === null) {
    return { kind: 'within_limit', text: 'Within your authority: it is offered to the customer at once.' };
  }
  const limit = forType.find((l) => l.currency === draft.currency) ?? forType.find((l) => l.currency === null);
  if (!limit) {
    return {
      kind: 'needs_approval',
      text: `Needs approval: you have no authority for ${typeWords(draft.type)} resolutions in ${draft.currency}.`,
    };
  }
  const before = onCase
    .filter((r) => r.type === draft.type && r.currency === draft.currency && r.status !== 'rejected' && r.status !== 'declined')
    .reduce((sum, r) => sum + (r.amountMinor ?? 0), 0);
  const total = before + draft.amountMinor;
  if (limit.maxAmountMinor === null || total <= limit.maxAmountMinor) {
    return { kind: 'within_limit', text: 'Within your authority: it is offered to the customer at once.' };
  }
  const already = before > 0 ? ` (${formatMoney(before, draft.currency)} of it proposed before)` : '';
  return {
    kind: 'needs_approval',
    text: `Needs approval: ${formatMoney(total, draft.currency)} of ${typeWords(draft.type)} on this case${already} is above your limit of ${formatMoney(limit.maxAmountMinor, draft.currency)}.`,
  };
}
