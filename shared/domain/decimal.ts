/**
 * Exact decimal arithmetic for indicator values ("12", "37.5", "0.25"): a value is a bigint of
 * units scaled by 10^scale, never a binary float, so sums of reported figures are exact.
 * Division (a mean) rounds half away from zero to a stated number of decimals.
 */

export const DECIMAL_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,4})?$/;
/** Decimals a reported value may have (DECIMAL_PATTERN) and a mean is rounded to. */
export const VALUE_DECIMALS = 4;
export const MEAN_DECIMALS = 2;

export interface Decimal {
  units: bigint;
  scale: number;
}

export function isDecimal(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

export function parseDecimal(value: string): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) throw new Error(`not a decimal: ${value}`);
  const fraction = m[3] ?? '';
  const units = BigInt(m[2]! + fraction);
  return { units: m[1] ? -units : units, scale: fraction.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Both at the larger scale. */
function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [rescale(a, scale), rescale(b, scale), scale];
}

/** The shortest text: trailing zeros of the fraction dropped ("12.50" -> "12.5", "3.0" -> "3"). */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = d.scale === 0 ? digits : digits.slice(0, -d.scale);
  const fraction = d.scale === 0 ? '' : digits.slice(-d.scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function sumDecimals(values: readonly string[]): string {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const v of values) {
    const [a, b, scale] = aligned(total, parseDecimal(v));
    total = { units: a + b, scale };
  }
  return formatDecimal(total);
}

/** -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const [x, y] = aligned(parseDecimal(a), parseDecimal(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function subtractDecimals(a: string, b: string): string {
  const [x, y, scale] = aligned(parseDecimal(a), parseDecimal(b));
  return formatDecimal({ units: x - y, scale });
}

/** numerator / denominator rounded half away from zero to `decimals` places. */
export function divideDecimal(numerator: string, denominator: bigint, decimals: number): string {
  if (denominator === 0n) throw new Error('division by zero');
  const n = parseDecimal(numerator);
  // n.units / 10^n.scale / denominator, as units of 10^-decimals, with one extra digit to round on.
  const scaled = n.units * 10n ** BigInt(decimals + 1);
  const divisor = denominator * 10n ** BigInt(n.scale);
  const q = scaled / divisor; // truncated towards zero, one digit more than wanted
  const rounded = (q + (q >= 0n ? 5n : -5n)) / 10n;
  return formatDecimal({ units: rounded, scale: decimals });
}

export function meanDecimals(values: readonly string[], decimals = MEAN_DECIMALS): string {
  return divideDecimal(sumDecimals(values), BigInt(values.length), decimals);
}

/**
 * Whether (value - from) / (to - from) >= numerator / denominator, exactly (no division):
 * how far a figure has come from the baseline towards the target.
 */
export function reachedShare(value: string, from: string, to: string, numerator: bigint, denominator: bigint): boolean {
  const scale = Math.max(...[value, from, to].map((v) => parseDecimal(v).scale));
  const [v, f, t] = [value, from, to].map((x) => rescale(parseDecimal(x), scale)) as [bigint, bigint, bigint];
  const gained = v - f;
  const needed = t - f;
  if (needed === 0n) return gained >= 0n;
  // Dividing by a negative span flips the comparison.
  return needed > 0n ? gained * denominator >= needed * numerator : gained * denominator <= needed * numerator;
}
