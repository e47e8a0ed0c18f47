/** Progress roll-ups for a plan or a strategy: pure functions over milestones and contributions. */
import type { Translations } from './translations.ts';
import { daysOverdue } from './health.ts';
import { toBudgetCurrency, type RateUsed, type RecordedRate } from './exchange.ts';
import { fromMinor, toMinor } from './money.ts';
import { HEALTHS, MILESTONE_STATUSES, STAGES, type Health, type MilestoneStatus, type Stage } from './constants.ts';
import type { Contribution, Milestone } from './resources.ts';
import type { Money } from './common.ts';

export type MilestoneWithZone = Milestone & { ownerTimeZone: string; translations?: Translations };
/** What a roll-up reads of a milestone (health already computed). */
export type RollUpMilestone = Pick<
  Milestone,
  'id' | 'planId' | 'title' | 'ownerAdministrationId' | 'dueDate' | 'baselineDueDate' | 'status' | 'progress' | 'health'
> & { ownerTimeZone: string };
/** What a roll-up reads of a contribution. */
export type FundingInput = Pick<Contribution, 'planId' | 'donorId' | 'kind' | 'amount' | 'currency' | 'stage' | 'stageDates' | 'agreedRate'>;
/** A plan's budget, which its contributions are converted into. */
export interface PlanBudget {
  planId: string;
  budget: Money;
}
export const budgetsOf = (plans: readonly { id: string; budget?: Money | undefined }[]): PlanBudget[] =>
  plans.flatMap((p) => (p.budget ? [{ planId: p.id, budget: p.budget }] : []));

export interface FundingLine {
  currency: string;
  pledged: string;
  committed: string;
  disbursed: string;
  spent: string;
  total: string;
}

export interface FundingGap {
  currency: string;
  budget: string;
  /** Committed, disbursed and spent, converted into the budget currency: money a donor has bound itself to. */
  secured: string;
  /** Pledged only (converted): promised but not yet committed. */
  pledged: string;
  gap: string;
  /** The converted amounts by current stage (secured = committed + disbursed + spent). */
  byStage: Record<Stage, string>;
  /** Contributions with no rate into this budget currency: per currency and stage group, never counted. */
  notConverted: { currency: string; secured: string; pledged: string; count: number }[];
}

/** A rate the roll-up converted with, and how many contributions it converted. */
export type RateApplied = RateUsed & { contributions: number };

export interface RollUp {
  milestones: {
    total: number;
    byStatus: Record<MilestoneStatus, number>;
    byHealth: Record<Health, number>;
    percentComplete: number;
  };
  overdue: {
    id: string;
    planId: string;
    title: string;
    ownerAdministrationId: string;
    dueDate: string;
    baselineDueDate: string;
    daysOverdue: number;
    status: MilestoneStatus;
    progress: number;
  }[];
  funding: FundingLine[];
  inKindCount: number;
  /**
   * One line per budget currency. Each contribution is converted into its plan's budget currency at
   * its own agreed rate, else at the recorded rate in force on the date of the stage it reached,
   * rounded half to even per contribution, then summed; those with no rate are listed apart.
   */
  gap: FundingGap[];
  /** The rates the gap used. */
  ratesUsed: RateApplied[];
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function rollUp(
  milestones: readonly RollUpMilestone[],
  contributions: readonly FundingInput[],
  budgets: readonly PlanBudget[],
  now: Date,
  rates: readonly RecordedRate[] = [],
): RollUp {
  const byStatus = zeroes(MILESTONE_STATUSES);
  const byHealth = zeroes(HEALTHS);
  let progressSum = 0;
  let counted = 0;
  for (const m of milestones) {
    byStatus[m.status]++;
    byHealth[m.health]++;
    if (m.status !== 'cancelled') {
      progressSum += m.status === 'done' ? 100 : m.progress;
      counted++;
    }
  }
  const overdue = milestones
    .filter((m) => m.health === 'late')
    .map((m) => ({
      id: m.id,
      planId: m.planId,
      title: m.title,
      ownerAdministrationId: m.ownerAdministrationId,
      dueDate: m.dueDate,
      baselineDueDate: m.baselineDueDate,
      daysOverdue: daysOverdue(m.dueDate, now, m.ownerTimeZone),
      status: m.status,
      progress: m.progress,
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id));

  const sums = new Map<string, Record<Stage, bigint>>();
  let inKindCount = 0;
  for (const c of contributions) {
    if (c.kind === 'in_kind') {
      inKindCount++;
      continue;
    }
    if (!c.amount || !c.currency) continue;
    const line = sums.get(c.currency) ?? { pledged: 0n, committed: 0n, disbursed: 0n, spent: 0n };
    line[c.stage] += toMinor(c.amount, c.currency);
    sums.set(c.currency, line);
  }
  const funding = [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, line]) => {
      const total = STAGES.reduce((t, s) => t + line[s], 0n);
      return {
        currency,
        ...(Object.fromEntries(STAGES.map((s) => [s, fromMinor(line[s], currency)])) as Record<Stage, string>),
        total: fromMinor(total, currency),
      };
    });

  const { gap, ratesUsed } = fundingGap(contributions, budgets, rates);
  return {
    milestones: {
      total: milestones.length,
      byStatus,
      byHealth,
      percentComplete: counted === 0 ? 0 : Math.round(progressSum / counted),
    },
    overdue,
    funding,
    inKindCount,
    gap,
    ratesUsed,
  };
}

const SECURED_STAGES: ReadonlySet<Stage> = new Set(['committed', 'disbursed', 'spent']);

/** Budgets per currency against the contributions converted into each plan's budget currency. */
export function fundingGap(
  contributions: readonly FundingInput[],
  budgets: readonly PlanBudget[],
  rates: readonly RecordedRate[],
): Pick<RollUp, 'gap' | 'ratesUsed'> {
  const budgetOf = new Map(budgets.map((b) => [b.planId, b.budget.currency]));
  type Line = { budget: bigint; stages: Record<Stage, bigint>; apart: Map<string, { secured: bigint; pledged: bigint; count: number }> };
  const lines = new Map<string, Line>();
  const line = (currency: string) => {
    let l = lines.get(currency);
    if (!l) lines.set(currency, (l = { budget: 0n, stages: { pledged: 0n, committed: 0n, disbursed: 0n, spent: 0n }, apart: new Map() }));
    return l;
  };
  for (const b of budgets) line(b.budget.currency).budget += toMinor(b.budget.amount, b.budget.currency);
  const used = new Map<string, RateApplied>();
  for (const c of contributions) {
    const to = budgetOf.get(c.planId);
    if (!to || c.kind === 'in_kind' || !c.amount || !c.currency) continue;
    const l = line(to);
    const secured = SECURED_STAGES.has(c.stage);
    const result = toBudgetCurrency(c, to, rates);
    if (!result.converted) {
      const apart = l.apart.get(c.currency) ?? { secured: 0n, pledged: 0n, count: 0 };
      apart[secured ? 'secured' : 'pledged'] += toMinor(c.amount, c.currency);
      apart.count++;
      l.apart.set(c.currency, apart);
      continue;
    }
    l.stages[c.stage] += result.minor;
    if (result.rate) {
      const key = JSON.stringify(result.rate);
      const seen = used.get(key) ?? { ...result.rate, contributions: 0 };
      seen.contributions++;
      used.set(key, seen);
    }
  }
  const gap = [...lines]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, l]) => {
      const secured = l.stages.committed + l.stages.disbursed + l.stages.spent;
      const remaining = l.budget - secured;
      return {
        currency,
        budget: fromMinor(l.budget, currency),
        secured: fromMinor(secured, currency),
        pledged: fromMinor(l.stages.pledged, currency),
        gap: fromMinor(remaining > 0n ? remaining : 0n, currency),
        byStage: Object.fromEntries(STAGES.map((s) => [s, fromMinor(l.stages[s], currency)])) as Record<Stage, string>,
        notConverted: [...l.apart]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([from, a]) => ({ currency: from, secured: fromMinor(a.secured, from), pledged: fromMinor(a.pledged, from), count: a.count })),
      };
    });
  const ratesUsed = [...used.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.basis.localeCompare(b.basis) || (a.date ?? '').localeCompare(b.date ?? '') || a.rate.localeCompare(b.rate));
  return { gap, ratesUsed };
}
