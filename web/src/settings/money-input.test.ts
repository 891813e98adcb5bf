import { describe, expect, it } from 'vitest';
import { minorDigits, minorUnitsAsInput, parseMinorUnits } from './money-input.js';

describe('parseMinorUnits', () => {
  it('reads whole units by the currency’s own number of decimals', () => {
    expect(parseMinorUnits('120.50', 'EUR')).toBe(12050);
    expect(parseMinorUnits('120,5', 'GBP')).toBe(12050);
    expect(parseMinorUnits('50', 'GBP')).toBe(5000);
    expect(parseMinorUnits('1500', 'JPY')).toBe(1500);
    expect(parseMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(parseMinorUnits('100', null)).toBe(10000);
  });

  it('refuses what is not an amount in that currency', () => {
    expect(parseMinorUnits('', 'EUR')).toBeUndefined();
    expect(parseMinorUnits('-5', 'EUR')).toBeUndefined();
    expect(parseMinorUnits('1.005', 'EUR')).toBeUndefined();
    expect(parseMinorUnits('15.5', 'JPY')).toBeUndefined();
    expect(parseMinorUnits('ten', 'EUR')).toBeUndefined();
  });
});

describe('minorUnitsAsInput', () => {
  it('round-trips with parseMinorUnits', () => {
    for (const [minor, currency] of [[12050, 'EUR'], [1500, 'JPY'], [1234, 'KWD'], [0, null]] as const) {
      expect(parseMinorUnits(minorUnitsAsInput(minor, currency), currency)).toBe(minor);
    }
    expect(minorDigits('not a currency')).toBe(2);
  });
});
