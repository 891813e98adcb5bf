import { describe, expect, it } from 'vitest';
import { RESOLUTION_STATUSES, type ProposeResolution } from '../../../shared/index.js';
import { isLive, settleAmount } from './resolution-rules.js';

const ORDER = { totalMinor: 5_699, currency: 'EUR' };
const proposal = (input: Partial<ProposeResolution> & Pick<ProposeResolution, 'type'>): ProposeResolution => ({ summary: 'What we offer', ...input });
const refused = (field: string) => ({ ok: false, problem: { field, reason: expect.any(String) } });

describe('settleAmount', () => {
  it('makes a full refund the order total, in the order currency', () => {
    expect(settleAmount(proposal({ type: 'refund_full' }), ORDER, 0)).toEqual({ ok: true, amountMinor: 5_699, currency: 'EUR' });
    expect(settleAmount(proposal({ type: 'refund_full', amountMinor: 5_699 }), ORDER, 0)).toMatchObject({ ok: true, amountMinor: 5_699 });
    expect(settleAmount(proposal({ type: 'refund_full', amountMinor: 5_000 }), ORDER, 0)).toEqual(refused('amountMinor'));
  });

  it('needs an amount for a full refund when the case concerns no order', () => {
    expect(settleAmount(proposal({ type: 'refund_full' }), null, 0)).toEqual(refused('amountMinor'));
    expect(settleAmount(proposal({ type: 'refund_full', amountMinor: 1_000, currency: 'GBP' }), null, 0)).toEqual({ ok: true, amountMinor: 1_000, currency: 'GBP' });
  });

  it('keeps a partial refund below the order total', () => {
    expect(settleAmount(proposal({ type: 'refund_partial', amountMinor: 5_698 }), ORDER, 0)).toMatchObject({ ok: true, amountMinor: 5_698 });
    expect(settleAmount(proposal({ type: 'refund_partial', amountMinor: 5_699 }), ORDER, 0)).toEqual(refused('amountMinor'));
  });

  it('never lets the refunds on a case add up to more than was paid', () => {
    expect(settleAmount(proposal({ type: 'refund_partial', amountMinor: 2_000 }), ORDER, 3_699)).toMatchObject({ ok: true });
    expect(settleAmount(proposal({ type: 'refund_partial', amountMinor: 2_001 }), ORDER, 3_699)).toEqual(refused('amountMinor'));
    expect(settleAmount(proposal({ type: 'refund_full' }), ORDER, 1)).toEqual(refused('amountMinor'));
  });

  it('does not count other kinds of money against the order total', () => {
    expect(settleAmount(proposal({ type: 'goodwill', amountMinor: 9_000 }), ORDER, 5_000)).toEqual({ ok: true, amountMinor: 9_000, currency: 'EUR' });
  });

  it('needs an amount above zero where the type carries one', () => {
    for (const type of ['refund_partial', 'credit_voucher', 'goodwill'] as const) {
      expect(settleAmount(proposal({ type }), ORDER, 0), type).toEqual(refused('amountMinor'));
      expect(settleAmount(proposal({ type, amountMinor: 0 }), ORDER, 0), type).toEqual(refused('amountMinor'));
    }
  });

  it('lets a replacement or repair carry a value or none', () => {
    expect(settleAmount(proposal({ type: 'replacement' }), ORDER, 0)).toEqual({ ok: true, amountMinor: null, currency: null });
    expect(settleAmount(proposal({ type: 'repair', amountMinor: 1_500 }), ORDER, 0)).toEqual({ ok: true, amountMinor: 1_500, currency: 'EUR' });
  });

  it('keeps money off an explanation or no action, and needs the reason for no action', () => {
    expect(settleAmount(proposal({ type: 'explanation_only', amountMinor: 100 }), ORDER, 0)).toEqual(refused('amountMinor'));
    expect(settleAmount(proposal({ type: 'explanation_only' }), ORDER, 0)).toEqual({ ok: true, amountMinor: null, currency: null });
    expect(settleAmount(proposal({ type: 'no_action' }), ORDER, 0)).toEqual(refused('noActionReason'));
    expect(settleAmount(proposal({ type: 'no_action', noActionReason: 'Outside the warranty' }), ORDER, 0)).toMatchObject({ ok: true });
    expect(settleAmount(proposal({ type: 'goodwill', amountMinor: 500, noActionReason: 'x' }), ORDER, 0)).toEqual(refused('noActionReason'));
  });

  it("pays in the order's currency, and needs one when there is no order", () => {
    expect(settleAmount(proposal({ type: 'goodwill', amountMinor: 500, currency: 'USD' }), ORDER, 0)).toEqual(refused('currency'));
    expect(settleAmount(proposal({ type: 'goodwill', amountMinor: 500 }), null, 0)).toEqual(refused('currency'));
    expect(settleAmount(proposal({ type: 'goodwill', amountMinor: 500, currency: 'USD' }), null, 0)).toEqual({ ok: true, amountMinor: 500, currency: 'USD' });
  });
});

describe('isLive', () => {
  it('counts every resolution except those rejected or declined', () => {
    expect(RESOLUTION_STATUSES.filter(isLive)).toEqual(['proposed', 'pending_approval', 'approved', 'accepted', 'fulfilled']);
  });
});
