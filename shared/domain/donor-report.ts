/**
 * The donor's report (issue 13): for one donor and a period, its contributions by stage (amounts in
 * their currency and in each plan's budget currency, converted as the funding summary converts
 * them), the milestones and indicators they fund with their status, and what changed in the period.
 * Pure: the command reads the plans (as a publication: nothing internal, domain/internal.ts), the
 * rates and the milestones' history, and this module puts the report together.
 *
 * Days are calendar days in UTC: an event belongs to the period when its day, in UTC, lies between
 * `from` and `to`, both included. A contribution's stage is dated by its stage date (the day the
 * money was pledged, committed, disbursed or spent, as recorded), not by the day someone typed it;
 * a milestone's status change by its history event; an indicator value by its approval.
 */
import { addDays, daysBetween, isCalendarDate } from './dates.ts';
import type { IndicatorStatus, MilestoneStatus, Stage, Health } from './constants.ts';
import { STAGES } from './constants.ts';
import { toBudgetCurrency, type RateUsed, type RecordedRate } from './exchange.ts';
import { fromMinor, toMinor } from './money.ts';
import { rollUpIndicator, type RollUpIndicator, type RollUpPeriod, type RollUpSubmission } from './results.ts';

export interface ReportPeriod {
  from: string;
  to: string;
}

export type QuickPeriod = 'last-quarter' | 'last-half' | 'last-year' | 'year-to-date';
export const QUICK_PERIODS: readonly QuickPeriod[] = ['last-quarter', 'last-half', 'last-year', 'year-to-date'];

/** The longest period a report covers: ten years (a plan rarely runs longer; a typo of the year should not read everything). */
export const MAX_REPORT_DAYS = 3660;

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);

/** The quick choices of a report's period, for a day: the last full quarter, half-year and year, and this year so far. */
export function quickPeriod(choice: QuickPeriod, today: string): ReportPeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1;
  switch (choice) {
    case 'last-quarter': {
      const start = Math.floor(month / 3) * 3 - 3;
      return { from: monthStart(year, start), to: addDays(monthStart(year, start + 3), -1) };
    }
    case 'last-half': {
      const start = Math.floor(month / 6) * 6 - 6;
      return { from: monthStart(year, start), to: addDays(monthStart(year, start + 6), -1) };
    }
    case 'last-year':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    case 'year-to-date':
      return { from: `${year}-01-01`, to: today };
  }
}

/** A report's period when none is asked for: the last full quarter. */
export const defaultPeriod = (today: string): ReportPeriod => quickPeriod('last-quarter', today);

/** What is wrong with an asked period, per field (`from`, `to`), as machine codes; empty when it is fine. */
export function periodProblems(from: string | undefined, to: string | undefined): { field: 'from' | 'to'; code: string; message: string }[] {
  const out: { field: 'from' | 'to'; code: string; message: string }[] = [];
  if (from !== undefined && !isCalendarDate(from)) out.push({ field: 'from', code: 'invalid_date', message: 'must be a calendar date YYYY-MM-DD' });
  if (to !== undefined && !isCalendarDate(to)) out.push({ field: 'to', code: 'invalid_date', message: 'must be a calendar date YYYY-MM-DD' });
  if (out.length === 0 && from !== undefined && to !== undefined) {
    if (to < from) out.push({ field: 'to', code: 'before_from', message: 'must not be before from' });
    else if (daysBetween(from, to) > MAX_REPORT_DAYS) out.push({ field: 'to', code: 'period_too_long', message: `must be at most ${MAX_REPORT_DAYS} days after from` });
  }
  return out;
}

/** Whether an event's day (a calendar date, or an instant read in UTC) lies in the period, both ends included. */
export const inPeriod = (period: ReportPeriod, dayOrInstant: string) => {
  const day = dayOrInstant.slice(0, 10);
  return day >= period.from && day <= period.to;
};

// ---------------------------------------------------------------- what the command hands in

export interface ReportContribution {
  id: string;
  planId: string;
  milestoneId?: string | undefined;
  kind: 'financial' | 'in_kind';
  description: string;
  amount?: string | undefined;
  currency?: string | undefined;
  stage: Stage;
  stageDates: Partial<Record<Stage, string>>;
  agreedRate?: { rate: string; currency: string } | undefined;
}

export interface ReportMilestone {
  id: string;
  ref?: number | undefined;
  title: string;
  ownerAdministrationId: string;
  baselineDueDate: string;
  dueDate: string;
  status: MilestoneStatus;
  progress: number;
  health: Health;
}

export interface ReportPlanInput {
  id: string;
  title: string;
  budget?: { amount: string; currency: string } | undefined;
  /** The plan's milestones the contributions fund (the one each names, or all when one funds the plan), in plan order, nothing internal. */
  milestones: readonly ReportMilestone[];
  results?: {
    results: readonly { id: string; title: string }[];
    indicators: readonly (RollUpIndicator & { title: string; resultId: string; unit?: string | undefined })[];
    periods: readonly RollUpPeriod[];
    submissions: readonly (RollUpSubmission & { id: string; reviewedAt?: string | undefined })[];
  } | undefined;
}

/** A status change of a funded milestone, from its history. */
export interface MilestoneEvent {
  milestoneId: string;
  at: string;
  before: MilestoneStatus | null;
  after: MilestoneStatus;
}

// ---------------------------------------------------------------- the report

export interface ReportContributionLine extends ReportContribution {
  /** In the plan's budget currency: the amount and the rate used; `notConverted` when no rate is known; absent when nothing to convert. */
  inBudget?: { amount: string; currency: string; rate?: RateUsed } | { notConverted: true; currency: string };
}

export interface ReportIndicatorLine {
  id: string;
  title: string;
  result: string;
  unit?: string;
  measure: string;
  periodId: string;
  period: string;
  start: string;
  end: string;
  target?: string;
  figure?: string;
  status: IndicatorStatus | null;
}

export type ReportChange =
  | { day: string; planId: string; kind: 'stage'; contributionId: string; title: string; stage: Stage; amount?: string; currency?: string }
  | { day: string; planId: string; kind: 'status'; milestoneId: string; title: string; before: MilestoneStatus | null; after: MilestoneStatus }
  /** The values of an indicator approved in the period for one reporting period, together (dated by the last approval). */
  | { day: string; planId: string; kind: 'values'; indicatorId: string; title: string; period: string; values: { administrationId: string; day: string; value?: string; answer?: string }[] };

export interface ReportPlan {
  id: string;
  title: string;
  budget?: { amount: string; currency: string };
  contributions: ReportContributionLine[];
  /** The donor's financial contributions in the budget currency, by stage (exact); what has no rate is listed apart. */
  totals?: { currency: string; byStage: Record<Stage, string>; notConverted: { currency: string; amount: string; count: number }[] };
  milestones: (ReportMilestone & { slipDays: number })[];
  indicators: ReportIndicatorLine[];
}

export interface DonorReport {
  donor: { id: string; name: string };
  period: ReportPeriod;
  plans: ReportPlan[];
  /** What changed in the period, oldest first. */
  changes: ReportChange[];
}

/**
 * The report. `contributions` are the donor's, already without anything internal; `plans` those
 * they go to, as a publication sees them; `events` the funded milestones' status changes.
 * Indicator figures count the values approved by the period's last day.
 */
export function buildDonorReport(input: {
  donor: { id: string; name: string };
  period: ReportPeriod;
  contributions: readonly ReportContribution[];
  plans: readonly ReportPlanInput[];
  rates: readonly RecordedRate[];
  events: readonly MilestoneEvent[];
  today: string;
}): DonorReport {
  const { period } = input;
  const changes: ReportChange[] = [];
  const plans: ReportPlan[] = [];
  for (const plan of input.plans) {
    const mine = input.contributions.filter((c) => c.planId === plan.id);
    if (mine.length === 0) continue;
    const budgetCurrency = plan.budget?.currency;
    const byStage = Object.fromEntries(STAGES.map((s) => [s, 0n])) as Record<Stage, bigint>;
    const apart = new Map<string, { minor: bigint; count: number }>();
    const contributions = mine.map((stored): ReportContributionLine => {
      // What the report says of a contribution, and nothing else it may carry.
      const c: ReportContribution = {
        id: stored.id, planId: stored.planId, ...(stored.milestoneId ? { milestoneId: stored.milestoneId } : {}), kind: stored.kind, description: stored.description,
        ...(stored.amount !== undefined ? { amount: stored.amount } : {}), ...(stored.currency !== undefined ? { currency: stored.currency } : {}),
        stage: stored.stage, stageDates: stored.stageDates, ...(stored.agreedRate ? { agreedRate: stored.agreedRate } : {}),
      };
      for (const s of STAGES) {
        const day = c.stageDates[s];
        if (day && inPeriod(period, day)) {
          changes.push({ day, planId: plan.id, kind: 'stage', contributionId: c.id, title: c.description, stage: s, ...(c.amount && c.currency ? { amount: c.amount, currency: c.currency } : {}) });
        }
      }
      if (!budgetCurrency || c.kind === 'in_kind' || !c.amount || !c.currency) return { ...c };
      const result = toBudgetCurrency(c, budgetCurrency, input.rates);
      if (!result.converted) {
        const a = apart.get(c.currency) ?? { minor: 0n, count: 0 };
        a.minor += toMinor(c.amount, c.currency);
        a.count++;
        apart.set(c.currency, a);
        return { ...c, inBudget: { notConverted: true, currency: budgetCurrency } };
      }
      byStage[c.stage] += result.minor;
      return { ...c, inBudget: { amount: result.amount, currency: result.currency, ...(result.rate ? { rate: result.rate } : {}) } };
    });
    const milestones = plan.milestones.map((m) => ({ ...m, slipDays: daysBetween(m.baselineDueDate, m.dueDate) }));
    const titleOf = new Map(milestones.map((m) => [m.id, m.title]));
    for (const e of input.events) {
      const title = titleOf.get(e.milestoneId);
      if (title !== undefined && inPeriod(period, e.at)) {
        changes.push({ day: e.at.slice(0, 10), planId: plan.id, kind: 'status', milestoneId: e.milestoneId, title, before: e.before, after: e.after });
      }
    }
    const indicators = plan.results ? indicatorLines(plan.results, period, input.today, plan.id, changes) : [];
    plans.push({
      id: plan.id,
      title: plan.title,
      ...(plan.budget ? { budget: plan.budget } : {}),
      contributions,
      ...(budgetCurrency
        ? {
            totals: {
              currency: budgetCurrency,
              byStage: Object.fromEntries(STAGES.map((s) => [s, fromMinor(byStage[s], budgetCurrency)])) as Record<Stage, string>,
              notConverted: [...apart].sort(([a], [b]) => a.localeCompare(b)).map(([currency, a]) => ({ currency, amount: fromMinor(a.minor, currency), count: a.count })),
            },
          }
        : {}),
      milestones,
      indicators,
    });
  }
  const order = { stage: 0, status: 1, values: 2 } as const;
  changes.sort((a, b) => a.day.localeCompare(b.day) || order[a.kind] - order[b.kind] || a.title.localeCompare(b.title));
  return { donor: input.donor, period, plans, changes };
}

/**
 * The plan's indicators for the reporting periods that overlap the report's period, with the
 * figures of the values approved by its last day; values approved in the period go to `changes`.
 */
function indicatorLines(results: NonNullable<ReportPlanInput['results']>, period: ReportPeriod, today: string, planId: string, changes: ReportChange[]): ReportIndicatorLine[] {
  const periods = results.periods.filter((p) => p.start <= period.to && p.end >= period.from);
  const approvedBy = results.submissions.filter((s) => s.state === 'approved' && (!s.reviewedAt || s.reviewedAt.slice(0, 10) <= period.to));
  const resultTitle = new Map(results.results.map((r) => [r.id, r.title]));
  const periodLabel = new Map(results.periods.map((p) => [p.id, p.label]));
  const out: ReportIndicatorLine[] = [];
  for (const indicator of results.indicators) {
    // A donor reads what was approved per indicator and reporting period, not a line per administration's value.
    const approvedIn = new Map<string, Extract<ReportChange, { kind: 'values' }>>();
    for (const s of approvedBy) {
      if (s.indicatorId !== indicator.id || !s.reviewedAt || !inPeriod(period, s.reviewedAt)) continue;
      const day = s.reviewedAt.slice(0, 10);
      let change = approvedIn.get(s.periodId);
      if (!change) approvedIn.set(s.periodId, (change = { day, planId, kind: 'values', indicatorId: indicator.id, title: indicator.title, period: periodLabel.get(s.periodId) ?? s.periodId, values: [] }));
      if (day > change.day) change.day = day;
      change.values.push({ administrationId: s.administrationId, day, ...(s.value !== undefined ? { value: s.value } : {}), ...(s.answer !== undefined ? { answer: s.answer } : {}) });
    }
    for (const change of approvedIn.values()) {
      change.values.sort((a, b) => a.administrationId.localeCompare(b.administrationId) || a.day.localeCompare(b.day));
      changes.push(change);
    }
    for (const r of rollUpIndicator(indicator, periods, approvedBy, today)) {
      const p = periods.find((x) => x.id === r.periodId)!;
      out.push({
        id: indicator.id, title: indicator.title, result: resultTitle.get(indicator.resultId) ?? '', ...(indicator.unit ? { unit: indicator.unit } : {}), measure: indicator.measure,
        periodId: p.id, period: p.label, start: p.start, end: p.end,
        ...(r.target !== undefined ? { target: r.target } : {}), ...(r.figure !== undefined ? { figure: r.figure } : {}), status: r.status,
      });
    }
  }
  return out;
}
