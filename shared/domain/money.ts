/**
 * Money is a decimal string plus an ISO 4217 currency. Arithmetic happens in integer minor units
 * (bigint), never in binary floats.
 */
import { CURRENCY_CODES } from './codes.ts';

export const AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d+)?$/;

export function isCurrency(code: string): boolean {
  return CURRENCY_CODES.has(code);
}

/** Digits after the decimal point for a currency: USD 2, JPY 0, BHD 3 (from ICU's ISO 4217 data). */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    // Building an Intl formatter is costly: ask once per currency.
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
const digitsByCurrency = new Map<string, number>();

/** Why an amount is not valid for its currency, or null when it is. */
export function amountProblem(amount: string, currency: string): string | null {
  if (!AMOUNT_PATTERN.test(amount)) {
    return 'must be a non-negative decimal string such as "1500" or "1500.50" (no sign, exponent or grouping)';
  }
  if (!isCurrency(currency)) return null; // the currency field reports its own problem
  const fraction = amount.split('.')[1] ?? '';
  const digits = minorDigits(currency);
  if (fraction.length > digits) {
    return digits === 0
      ? `${currency} has no minor unit: use a whole number`
      : `${currency} allows at most ${digits} decimal places`;
  }
  return null;
}

export function toMinor(amount: string, currency: string): bigint {
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(digits, '0').slice(0, digits));
}

export function fromMinor(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Sums amounts of one currency exactly. */
export function sumAmounts(amounts: readonly string[], currency: string): string {
  return fromMinor(amounts.reduce((total, a) => total + toMinor(a, currency), 0n), currency);
}
