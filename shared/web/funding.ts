/** Funding figures for the pages: exact sums in minor units, per donor and stage. Pure. */
import { fromMinor, toMinor } from '../domain/money.ts';
import type { RollUp } from '../domain/progress.ts';
import { STAGES, type Contribution, type Stage } from '../domain/resources.ts';
import type { FundingRow } from './charts.tsx';

/**
 * The bars of a roll-up: with a budget, one per budget currency with every contribution converted
 * into it (those with no rate are listed apart by FundingSummary); without, one per currency.
 */
export function fundingRows(r: Pick<RollUp, 'funding' | 'gap'>): FundingRow[] {
  if (r.gap.length > 0) {
    return r.gap.map((g) => ({
      currency: g.currency,
      amounts: g.byStage,
      total: fromMinor(STAGES.reduce((t, s) => t + toMinor(g.byStage[s], g.currency), 0n), g.currency),
      budget: { budget: g.budget, secured: g.secured, gap: g.gap },
    }));
  }
  return r.funding.map((line) => line.currency).map((currency) => {
    const line = r.funding.find((f) => f.currency === currency);
    const zero = fromMinor(0n, currency);
    const amounts = Object.fromEntries(STAGES.map((s) => [s, line ? line[s] : zero])) as Record<Stage, string>;
    return { currency, amounts, total: line ? line.total : zero };
  });
}

export interface DonorLine {
  donorId: string;
  currency: string;
  amounts: Record<Stage, string>;
  total: string;
}

/** Financial contributions summed per donor and currency, by current stage. */
export function byDonor(contributions: readonly Contribution[]): DonorLine[] {
  const sums = new Map<string, { donorId: string; currency: string; minor: Record<Stage, bigint> }>();
  for (const c of contributions) {
    if (c.kind !== 'financial' || !c.amount || !c.currency) continue;
    const key = `${c.donorId}|${c.currency}`;
    const entry = sums.get(key) ?? { donorId: c.donorId, currency: c.currency, minor: { pledged: 0n, committed: 0n, disbursed: 0n, spent: 0n } };
    entry.minor[c.stage] += toMinor(c.amount, c.currency);
    sums.set(key, entry);
  }
  return [...sums.values()]
    .sort((a, b) => a.donorId.localeCompare(b.donorId) || a.currency.localeCompare(b.currency))
    .map(({ donorId, currency, minor }) => ({
      donorId,
      currency,
      amounts: Object.fromEntries(STAGES.map((s) => [s, fromMinor(minor[s], currency)])) as Record<Stage, string>,
      total: fromMinor(STAGES.reduce((t, s) => t + minor[s], 0n), currency),
    }));
}

/** Totals per currency across donor lines (for a donor's own page). */
export function totals(lines: readonly DonorLine[]): FundingRow[] {
  const per = new Map<string, Record<Stage, bigint>>();
  for (const l of lines) {
    const m = per.get(l.currency) ?? { pledged: 0n, committed: 0n, disbursed: 0n, spent: 0n };
    for (const s of STAGES) m[s] += toMinor(l.amounts[s], l.currency);
    per.set(l.currency, m);
  }
  return [...per].sort(([a], [b]) => a.localeCompare(b)).map(([currency, m]) => ({
    currency,
    amounts: Object.fromEntries(STAGES.map((s) => [s, fromMinor(m[s], currency)])) as Record<Stage, string>,
    total: fromMinor(STAGES.reduce((t, s) => t + m[s], 0n), currency),
  }));
}
