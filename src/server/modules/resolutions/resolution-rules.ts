import type { ProposeResolution, ResolutionType } from '../../../shared/index.js';
import type { FieldProblem } from '../../../shared/index.js';

const WITHOUT_AMOUNT = new Set<ResolutionType>(['explanation_only', 'no_action']);
const AMOUNT_REQUIRED = new Set<ResolutionType>(['refund_partial', 'credit_voucher', 'goodwill']);
const REFUNDS = new Set<ResolutionType>(['refund_full', 'refund_partial']);

export interface OrderValue {
  totalMinor: number;
  currency: string;
}

/** A proposal's money, settled: the amount and currency it carries, or the field that is wrong. */
export type SettledAmount = { ok: true; amountMinor: number | null; currency: string | null } | { ok: false; problem: FieldProblem };

/**
 * Checks the money of a proposal against its type and the order the case concerns: a full refund is
 * the order total, a partial one less, and refunds on one case never add up to more than was paid.
 */
export function settleAmount(input: ProposeResolution, order: OrderValue | null, refundedBefore: number): SettledAmount {
  const fail = (field: string, reason: string): SettledAmount => ({ ok: false, problem: { field, reason } });
  if (WITHOUT_AMOUNT.has(input.type)) {
    if (input.amountMinor !== undefined) return fail('amountMinor', `does not apply to ${input.type} resolutions`);
    if (input.type === 'no_action' && !input.noActionReason) return fail('noActionReason', 'is required when no action is taken');
    return { ok: true, amountMinor: null, currency: null };
  }
  if (input.noActionReason !== undefined) return fail('noActionReason', 'applies only to no_action resolutions');
  if (order && input.currency && input.currency !== order.currency) return fail('currency', `must be the order's currency, ${order.currency}`);
  let amount = input.amountMinor ?? null;
  if (input.type === 'refund_full' && order) {
    if (amount !== null && amount !== order.totalMinor) return fail('amountMinor', `a full refund is the order total, ${order.totalMinor}; use refund_partial for less`);
    amount = order.totalMinor;
  }
  if (amount === null && (AMOUNT_REQUIRED.has(input.type) || input.type === 'refund_full')) return fail('amountMinor', `is required for ${input.type} resolutions`);
  if (amount === null) return { ok: true, amountMinor: null, currency: null };
  if (amount <= 0) return fail('amountMinor', 'must be more than 0');
  const currency = input.currency ?? order?.currency ?? null;
  if (currency === null) return fail('currency', 'is required with an amount when the case concerns no order');
  if (input.type === 'refund_partial' && order && amount >= order.totalMinor) return fail('amountMinor', `a partial refund is less than the order total, ${order.totalMinor}`);
  if (REFUNDS.has(input.type) && order && refundedBefore + amount > order.totalMinor) {
    return fail('amountMinor', `refunds on this case would come to ${refundedBefore + amount}, more than the order total of ${order.totalMinor}`);
  }
  return { ok: true, amountMinor: amount, currency };
}

/** Resolutions that still stand: neither turned down by an approver nor declined by the customer. */
export function isLive(status: string): boolean {
  return status !== 'rejected' && status !== 'declined';
}
