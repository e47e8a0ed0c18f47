/**
 * Exchange rates and conversion into a plan's budget currency. Pure and exact: a rate is a decimal
 * string, amounts are integer minor units (bigint), and the one rounding happens per contribution,
 * half to even (banker's rounding, as IATI publishers and most ledgers use), before anything is summed.
 *
 * A rate reads "1 `from` = `rate` `to`" (JPY -> USD 0.0067). Only the recorded direction is used:
 * the secretariat records rates into the currencies budgets are kept in.
 */
import { fromMinor, minorDigits, toMinor } from './money.ts';

/** A positive decimal: up to 12 whole digits and 12 decimals, no sign, exponent or grouping. */
export const RATE_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,12})?$/;

export function rateProblem(rate: string): string | null {
  if (!RATE_PATTERN.test(rate)) return 'must be a positive decimal string such as "0.0067" or "150.25" (at most 12 decimals; no sign, exponent or grouping)';
  if (/^0(\.0*)?$/.test(rate)) return 'must be more than zero';
  return null;
}

/** What conversion reads of a recorded rate. */
export interface RecordedRate {
  id: string;
  from: string;
  to: string;
  rate: string;
  /** The day the rate applies from (YYYY-MM-DD). */
  date: string;
  source: string;
}

/** The id of the rate recorded for a pair on a day: one per pair and day (`jpy-usd-2026-03-02`). */
export function rateId(from: string, to: string, date: string): string {
  return `${from}-${to}-${date}`.toLowerCase();
}

/**
 * `minor` (integer minor units of `from`) times `rate`, in minor units of `to`, rounded half to even.
 * Exact: rate = N / 10^s, so the value is minor * N * 10^dTo / 10^(dFrom + s), one bigint division.
 */
export function convertMinor(minor: bigint, from: string, rate: string, to: string): bigint {
  const [whole = '0', fraction = ''] = rate.split('.');
  const numerator = minor * BigInt(whole + fraction) * 10n ** BigInt(minorDigits(to));
  const denominator = 10n ** BigInt(minorDigits(from) + fraction.length);
  return divideHalfEven(numerator, denominator);
}

/** a / b rounded to the nearest integer, ties to the even one (b > 0). */
export function divideHalfEven(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const n = negative ? -a : a;
  let q = n / b;
  const twice = (n % b) * 2n;
  if (twice > b || (twice === b && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** A decimal amount of `from` converted at `rate` into `to`, as a decimal string of `to`. */
export function convertAmount(amount: string, from: string, rate: string, to: string): string {
  return fromMinor(convertMinor(toMinor(amount, from), from, rate, to), to);
}

/** The rate in force for a pair on a day: the latest recorded on or before it, or undefined. */
export function rateInForce(rates: readonly RecordedRate[], from: string, to: string, day: string): RecordedRate | undefined {
  let best: RecordedRate | undefined;
  for (const r of rates) {
    if (r.from !== from || r.to !== to || r.date > day) continue;
    if (!best || r.date > best.date) best = r;
  }
  return best;
}

/** The rate a conversion used, as the summary reports it. */
export interface RateUsed {
  /** `agreed`: the contribution's own rate; `recorded`: the secretariat's rate in force on the stage date. */
  basis: 'agreed' | 'recorded';
  from: string;
  to: string;
  rate: string;
  /** Recorded rates: the day the rate applies from, its source and id. */
  date?: string;
  source?: string;
  rateId?: string;
}

/** What conversion reads of a contribution. */
export interface ConvertibleContribution {
  amount?: string | undefined;
  currency?: string | undefined;
  stage: 'pledged' | 'committed' | 'disbursed' | 'spent';
  stageDates: Partial<Record<'pledged' | 'committed' | 'disbursed' | 'spent', string>>;
  agreedRate?: { rate: string; currency: string } | undefined;
}

export type ConversionResult =
  | { converted: true; minor: bigint; amount: string; currency: string; rate?: RateUsed }
  | { converted: false; reason: 'no_rate'; currency: string; onDate: string | undefined };

/**
 * One contribution's amount in the budget currency: as it is when the currencies match; else at
 * its own agreed rate (when agreed into the budget currency); else at the recorded rate in force on
 * the date of the stage it has reached (a pledge at the pledge date, funds at the disbursement
 * date). Without either, it is not converted: the caller shows it apart.
 */
export function toBudgetCurrency(c: ConvertibleContribution, budgetCurrency: string, rates: readonly RecordedRate[]): ConversionResult {
  const from = c.currency!;
  const minor = toMinor(c.amount!, from);
  if (from === budgetCurrency) return { converted: true, minor, amount: fromMinor(minor, from), currency: from };
  const agreed = c.agreedRate && c.agreedRate.currency === budgetCurrency ? c.agreedRate : undefined;
  if (agreed) {
    const out = convertMinor(minor, from, agreed.rate, budgetCurrency);
    return { converted: true, minor: out, amount: fromMinor(out, budgetCurrency), currency: budgetCurrency, rate: { basis: 'agreed', from, to: budgetCurrency, rate: agreed.rate } };
  }
  const onDate = c.stageDates[c.stage];
  const recorded = onDate ? rateInForce(rates, from, budgetCurrency, onDate) : undefined;
  if (!recorded) return { converted: false, reason: 'no_rate', currency: budgetCurrency, onDate };
  const out = convertMinor(minor, from, recorded.rate, budgetCurrency);
  return {
    converted: true,
    minor: out,
    amount: fromMinor(out, budgetCurrency),
    currency: budgetCurrency,
    rate: { basis: 'recorded', from, to: budgetCurrency, rate: recorded.rate, date: recorded.date, source: recorded.source, rateId: recorded.id },
  };
}

/**
 * The budget currencies a set of contributions needs recorded rates into (a page reads one Query per
 * currency, and none when every contribution is in its budget's currency or carries an agreed rate).
 */
export function currenciesNeedingRates(items: readonly { contribution: ConvertibleContribution & { kind?: string }; budgetCurrency: string | undefined }[]): string[] {
  const targets = new Set<string>();
  for (const { contribution: c, budgetCurrency } of items) {
    if (!budgetCurrency || c.kind === 'in_kind' || !c.amount || !c.currency || c.currency === budgetCurrency) continue;
    if (c.agreedRate?.currency === budgetCurrency) continue;
    targets.add(budgetCurrency);
  }
  return [...targets].sort();
}
