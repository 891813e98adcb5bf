import type { Role } from '../../../shared/index.js';

/** One authority limit as the rules see it: currency null means any currency, cap null no cap. */
export interface LimitRule {
  subjectType: 'role' | 'user';
  subject: string;
  resolutionType: string;
  currency: string | null;
  maxAmountMinor: number | null;
}

// How the reasons an approver reads name each resolution type.
const TYPE_WORDS: Record<string, string> = {
  refund_full: 'full refund',
  refund_partial: 'partial refund',
  replacement: 'replacement',
  repair: 'repair',
  credit_voucher: 'credit or voucher',
  goodwill: 'goodwill',
  explanation_only: 'explanation-only',
  no_action: 'no-action',
};

export interface Authority {
  role: Role;
  userId: string | null;
}

export type Coverage = { covered: true } | { covered: false; reason: string };

// Building a number format is far slower than using one; a desk deals in a handful of currencies.
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) moneyFormats.set(currency, (format = new Intl.NumberFormat('en-GB', { style: 'currency', currency })));
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** The limits someone has for one resolution type: their own if they have any, else their role's. */
export function limitsFor(rules: readonly LimitRule[], who: Authority, resolutionType: string): LimitRule[] {
  const own = who.userId === null ? [] : rules.filter((r) => r.subjectType === 'user' && r.subject === who.userId && r.resolutionType === resolutionType);
  if (own.length > 0) return own;
  return rules.filter((r) => r.subjectType === 'role' && r.subject === who.role && r.resolutionType === resolutionType);
}

/**
 * Whether someone's authority covers a resolution: its type, and the total of that type on the
 * case in its currency (this one included). A limit in the resolution's own currency wins over
 * one for any currency.
 */
export function authorityCovers(
  rules: readonly LimitRule[],
  who: Authority,
  resolution: { type: string; currency: string | null; totalMinor: number | null },
): Coverage {
  const limits = limitsFor(rules, who, resolution.type);
  const label = TYPE_WORDS[resolution.type] ?? resolution.type;
  if (limits.length === 0) return { covered: false, reason: `no authority for ${label} resolutions` };
  if (resolution.totalMinor === null || resolution.currency === null) return { covered: true };
  const limit = limits.find((l) => l.currency === resolution.currency) ?? limits.find((l) => l.currency === null);
  if (!limit) return { covered: false, reason: `no authority for ${label} resolutions in ${resolution.currency}` };
  if (limit.maxAmountMinor === null || resolution.totalMinor <= limit.maxAmountMinor) return { covered: true };
  return {
    covered: false,
    reason: `${formatMoney(resolution.totalMinor, resolution.currency)} of ${label} on this case is above the limit of ${formatMoney(limit.maxAmountMinor, resolution.currency)}`,
  };
}
