import { formatMoney } from '../ui/format.js';

/** How many minor units make one: 2 for EUR, 0 for JPY, 3 for KWD; 2 when the currency is open ("any"). */
export function minorDigits(currency: string | null): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * An amount typed in whole units ("120.50") as minor units (12050), or undefined when it is not an
 * amount: empty, negative, or with more decimals than the currency has.
 */
export function parseMinorUnits(text: string, currency: string | null): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const digits = minorDigits(currency);
  const decimals = trimmed.split('.')[1] ?? '';
  if (decimals.length > digits) return undefined;
  const [whole = '0'] = trimmed.split('.');
  return Number(whole) * 10 ** digits + Number(decimals.padEnd(digits, '0') || '0');
}

/** Minor units back in whole units for an input, "120.5" style, no grouping. */
export function minorUnitsAsInput(minor: number, currency: string | null): string {
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

/** A cap as read: "£100.00" in its currency, or "100.00" for a cap that holds in any currency. */
export function formatCap(minor: number, currency: string | null): string {
  if (currency) return formatMoney(minor, currency);
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100);
}
