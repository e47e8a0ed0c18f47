/**
 * Results rules, pure: an administration's figure for a period from its approved submissions, the
 * region's figure under the indicator's aggregation, and the status of a figure against its target.
 *
 * Arithmetic is exact decimal (decimal.ts): sums are exact; a mean is rounded half away from zero
 * to 2 decimals (MEAN_DECIMALS); the "on track" share is compared exactly, without dividing.
 */
import type { Aggregation, IndicatorStatus, PeriodFigure } from './constants.ts';
import { compareDecimals, meanDecimals, reachedShare, sumDecimals } from './decimal.ts';

/**
 * A figure not yet at its target is on track while the period is open and it has come at least
 * three quarters of the way from the baseline to the target (the usual amber band of results
 * dashboards); otherwise, and always once the period has closed, it is off track.
 */
export const ON_TRACK_SHARE = { numerator: 3n, denominator: 4n } as const;

export interface IndicatorRule {
  ascending: boolean;
  aggregation: Aggregation;
  periodFigure: PeriodFigure;
  /** For count_meeting_threshold: the value an administration's figure must reach (or not exceed when descending). */
  threshold?: string;
}

/** What the figure rule reads of a submission. */
export interface FigureInput {
  value?: string;
  state: string;
  submittedAt: string;
}

/** The administration's figure for one period: only approved submissions count. */
export function administrationFigure(rule: Pick<IndicatorRule, 'periodFigure'>, submissions: readonly FigureInput[]): string | undefined {
  const approved = submissions.filter((s) => s.state === 'approved' && s.value !== undefined);
  if (approved.length === 0) return undefined;
  if (rule.periodFigure === 'sum') return sumDecimals(approved.map((s) => s.value!));
  return [...approved].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)).at(-1)!.value;
}

/** Whether a figure reaches a target: at or above it when higher is better, at or below it otherwise. */
export function meets(figure: string, target: string, ascending: boolean): boolean {
  const c = compareDecimals(figure, target);
  return ascending ? c >= 0 : c <= 0;
}

/**
 * The region's figure from the administrations' figures (those without one are left out), or
 * undefined when no administration has one or the indicator does not aggregate.
 */
export function regionalFigure(rule: IndicatorRule, figures: readonly string[]): string | undefined {
  if (figures.length === 0 || rule.aggregation === 'none') return undefined;
  switch (rule.aggregation) {
    case 'sum':
      return sumDecimals(figures);
    case 'mean':
      return meanDecimals(figures);
    case 'count_meeting_threshold':
      return rule.threshold === undefined ? undefined : String(figures.filter((f) => meets(f, rule.threshold!, rule.ascending)).length);
  }
}

export interface StatusInput {
  figure?: string;
  target?: string;
  baseline?: string;
  ascending: boolean;
  /** True once the period's last day has passed. */
  periodClosed: boolean;
}

/**
 * met, on track, off track or no data; null when there is nothing to compare with (no target).
 * No data wins over a missing target: a reader should see that nothing was reported.
 */
export function indicatorStatus(input: StatusInput): IndicatorStatus | null {
  if (input.figure === undefined) return 'no_data';
  if (input.target === undefined) return null;
  if (meets(input.figure, input.target, input.ascending)) return 'met';
  if (input.periodClosed || input.baseline === undefined) return 'off_track';
  return reachedShare(input.figure, input.baseline, input.target, ON_TRACK_SHARE.numerator, ON_TRACK_SHARE.denominator) ? 'on_track' : 'off_track';
}

/** The target an administration is held to in a period: its own, else what the region's target means for one administration. */
export function administrationTarget(
  rule: IndicatorRule,
  target: { region?: string; administrations?: Record<string, string> } | undefined,
  administrationId: string,
): string | undefined {
  const own = target?.administrations?.[administrationId];
  if (own !== undefined) return own;
  // A mean's target is every administration's; a count's threshold is what each must reach. A sum's share is not known.
  if (rule.aggregation === 'mean') return target?.region;
  if (rule.aggregation === 'count_meeting_threshold') return rule.threshold;
  return undefined;
}

// ---------------------------------------------------------------- per indicator and period

/** What the roll-up reads of an indicator, a period and a submission. */
export interface RollUpIndicator extends IndicatorRule {
  id: string;
  measure: string;
  baseline?: { value: string; date: string };
  baselines: Record<string, { value: string; date: string }>;
  targets: Record<string, { region?: string; administrations?: Record<string, string> }>;
}
export interface RollUpPeriod {
  id: string;
  label: string;
  start: string;
  end: string;
}
export interface RollUpSubmission extends FigureInput {
  indicatorId: string;
  periodId: string;
  administrationId: string;
  answer?: string;
}

export interface AdministrationFigure {
  figure?: string;
  /** The latest approved answer, for a qualitative indicator. */
  answer?: string;
  target?: string;
  status: IndicatorStatus | null;
}

export interface PeriodRollUp {
  periodId: string;
  label: string;
  end: string;
  closed: boolean;
  target?: string;
  figure?: string;
  status: IndicatorStatus | null;
  /** Administrations with an approved figure (or answer) in the period. */
  reported: number;
  byAdministration: Record<string, AdministrationFigure>;
}

/** A period has closed once its last day is before today (calendar dates). */
export const isClosed = (period: Pick<RollUpPeriod, 'end'>, today: string) => period.end < today;

/** The indicator period by period (in the order given): each administration's figure and the region's, with their status. */
export function rollUpIndicator(
  indicator: RollUpIndicator,
  periods: readonly RollUpPeriod[],
  submissions: readonly RollUpSubmission[],
  today: string,
): PeriodRollUp[] {
  const mine = submissions.filter((s) => s.indicatorId === indicator.id);
  return periods.map((period) => {
    const closed = isClosed(period, today);
    const inPeriod = mine.filter((s) => s.periodId === period.id);
    const target = indicator.targets[period.id];
    const byAdministration: Record<string, AdministrationFigure> = {};
    for (const administrationId of new Set(inPeriod.map((s) => s.administrationId))) {
      const own = inPeriod.filter((s) => s.administrationId === administrationId);
      const answer = own.filter((s) => s.state === 'approved' && s.answer !== undefined).at(-1)?.answer;
      const figure = administrationFigure(indicator, own);
      if (figure === undefined && answer === undefined) continue;
      const admTarget = administrationTarget(indicator, target, administrationId);
      byAdministration[administrationId] = {
        ...(figure !== undefined ? { figure } : {}),
        ...(answer !== undefined ? { answer } : {}),
        ...(admTarget !== undefined ? { target: admTarget } : {}),
        status: indicator.measure === '5' ? null : indicatorStatus({
          figure, target: admTarget, baseline: indicator.baselines[administrationId]?.value, ascending: indicator.ascending, periodClosed: closed,
        }),
      };
    }
    const figures = Object.values(byAdministration).flatMap((a) => (a.figure !== undefined ? [a.figure] : []));
    const figure = regionalFigure(indicator, figures);
    const reported = Object.keys(byAdministration).length;
    const status = indicator.measure === '5' || indicator.aggregation === 'none'
      ? (reported === 0 ? 'no_data' : null)
      : indicatorStatus({ figure, target: target?.region, baseline: indicator.baseline?.value, ascending: indicator.ascending, periodClosed: closed });
    return {
      periodId: period.id, label: period.label, end: period.end, closed,
      ...(target?.region !== undefined ? { target: target.region } : {}),
      ...(figure !== undefined ? { figure } : {}),
      status, reported, byAdministration,
    };
  });
}

/** One cell of the strategy matrix: an administration's latest approved figure and its status then. */
export interface MatrixCell {
  periodId: string;
  figure?: string;
  answer?: string;
  status: IndicatorStatus | null;
}

/** The latest period (by end) in which each administration has an approved figure. */
export function latestByAdministration(rollUp: readonly PeriodRollUp[]): Record<string, MatrixCell> {
  const out: Record<string, MatrixCell> = {};
  for (const period of [...rollUp].sort((a, b) => a.end.localeCompare(b.end))) {
    for (const [administrationId, a] of Object.entries(period.byAdministration)) {
      out[administrationId] = {
        periodId: period.periodId,
        ...(a.figure !== undefined ? { figure: a.figure } : {}),
        ...(a.answer !== undefined ? { answer: a.answer } : {}),
        status: a.status,
      };
    }
  }
  return out;
}

/** The latest period with a regional figure, or the latest period that has closed (its status then says no data). */
export function latestRegional(rollUp: readonly PeriodRollUp[], today: string): PeriodRollUp | undefined {
  const ordered = [...rollUp].sort((a, b) => a.end.localeCompare(b.end));
  return ordered.filter((p) => p.figure !== undefined || p.reported > 0).at(-1) ?? ordered.filter((p) => p.end < today).at(-1);
}

/** The period reported on now: the one that contains today, else the latest that has closed. */
export function currentPeriod<P extends RollUpPeriod>(periods: readonly P[], today: string): P | undefined {
  return periods.find((p) => p.start <= today && today <= p.end) ?? [...periods].filter((p) => p.end < today).sort((a, b) => a.end.localeCompare(b.end)).at(-1);
}
