/** Progress roll-ups for a plan or a strategy: pure functions over milestones and contributions. */
import { daysOverdue } from './health.ts';
import { fromMinor, toMinor } from './money.ts';
import { HEALTHS, MILESTONE_STATUSES, STAGES, type Health, type MilestoneStatus, type Stage } from './constants.ts';
import type { Contribution, Milestone } from './resources.ts';
import type { Money } from './common.ts';

export type MilestoneWithZone = Milestone & { ownerTimeZone: string };
/** What a roll-up reads of a milestone (health already computed). */
export type RollUpMilestone = Pick<
  Milestone,
  'id' | 'planId' | 'title' | 'ownerAdministrationId' | 'dueDate' | 'baselineDueDate' | 'status' | 'progress' | 'health'
> & { ownerTimeZone: string };
/** What a roll-up reads of a contribution. */
export type FundingInput = Pick<Contribution, 'donorId' | 'kind' | 'amount' | 'currency' | 'stage'>;

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
  /** Committed, disbursed and spent: money a donor has bound itself to. */
  secured: string;
  /** Pledged only: promised but not yet committed. */
  pledged: string;
  gap: string;
}

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
  /** One line per budget currency; contributions in other currencies are not converted. */
  gap: FundingGap[];
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function rollUp(
  milestones: readonly RollUpMilestone[],
  contributions: readonly FundingInput[],
  budgets: readonly Money[],
  now: Date,
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

  const budgetByCurrency = new Map<string, bigint>();
  for (const b of budgets) budgetByCurrency.set(b.currency, (budgetByCurrency.get(b.currency) ?? 0n) + toMinor(b.amount, b.currency));
  const gap = [...budgetByCurrency]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, budget]) => {
      const line = sums.get(currency);
      const secured = line ? line.committed + line.disbursed + line.spent : 0n;
      const pledged = line ? line.pledged : 0n;
      const remaining = budget - secured;
      return {
        currency,
        budget: fromMinor(budget, currency),
        secured: fromMinor(secured, currency),
        pledged: fromMinor(pledged, currency),
        gap: fromMinor(remaining > 0n ? remaining : 0n, currency),
      };
    });

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
  };
}
