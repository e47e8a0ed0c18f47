/**
 * The results section of a Director General's digest, from the frameworks of the plans the
 * administration takes part in (the digests job reads them with the plan's item collection, no
 * extra request). Approved values only, under the same roll-up as the strategy matrix: per
 * indicator the region's latest figure and the administration's own line, each with its status;
 * and what moved: values approved since the previous digest, the administration's own first.
 */
import type * as z from 'zod/mini';
import type * as schema from './digest-schema.ts';
import { latestByAdministration, latestRegional, rollUpIndicator, type RollUpIndicator, type RollUpPeriod, type RollUpSubmission } from './results.ts';

export type DigestResults = z.infer<typeof schema.DigestResults>;

/** Each list of the section shows at most this many and counts the rest. */
export const DIGEST_RESULTS_LIMIT = 20;

export interface DigestResultsPlan {
  plan: { id: string; title: string };
  strategyTitle: string;
  /** The plan's results in their order (output, outcome, impact): indicators are listed result by result. */
  results?: readonly { id: string }[];
  indicators: readonly (RollUpIndicator & { title: string; unit?: string; resultId?: string })[];
  periods: readonly RollUpPeriod[];
  submissions: readonly (RollUpSubmission & { id: string; reviewedAt?: string })[];
}

export function digestResults(input: { administrationId: string; plans: readonly DigestResultsPlan[]; since: string; now: Date; today: string }): DigestResults | undefined {
  const { administrationId, today } = input;
  const withIndicators = input.plans.filter((p) => p.indicators.length > 0);
  if (withIndicators.length === 0) return undefined;
  const until = input.now.toISOString();

  const indicators = withIndicators.flatMap((p) => {
    const approved = p.submissions.filter((s) => s.state === 'approved');
    const label = new Map(p.periods.map((period) => [period.id, period.label]));
    const rank = new Map((p.results ?? []).map((r, i) => [r.id, i]));
    const ordered = [...p.indicators].sort((a, b) => (rank.get(a.resultId ?? '') ?? rank.size) - (rank.get(b.resultId ?? '') ?? rank.size));
    return ordered.map((indicator) => {
      const rollUp = rollUpIndicator(indicator, p.periods, approved, today);
      const regional = latestRegional(rollUp, today);
      const own = latestByAdministration(rollUp)[administrationId];
      const ownTarget = own ? rollUp.find((r) => r.periodId === own.periodId)?.byAdministration[administrationId]?.target : undefined;
      return {
        planId: p.plan.id,
        planTitle: p.plan.title,
        indicatorId: indicator.id,
        title: indicator.title,
        ...(indicator.unit ? { unit: indicator.unit } : {}),
        measure: indicator.measure,
        ...(regional
          ? { region: { periodId: regional.periodId, label: regional.label, ...(regional.figure !== undefined ? { figure: regional.figure } : {}), ...(regional.target !== undefined ? { target: regional.target } : {}), status: regional.status } }
          : {}),
        ...(own
          ? { own: { periodId: own.periodId, label: label.get(own.periodId) ?? own.periodId, ...(own.figure !== undefined ? { figure: own.figure } : {}), ...(own.answer !== undefined ? { answer: own.answer } : {}), ...(ownTarget !== undefined ? { target: ownTarget } : {}), status: own.status } }
          : {}),
      };
    });
  });

  const moved = withIndicators
    .flatMap((p) => {
      const title = new Map(p.indicators.map((i) => [i.id, i.title]));
      const label = new Map(p.periods.map((period) => [period.id, period.label]));
      return p.submissions
        .filter((s) => s.state === 'approved' && s.reviewedAt !== undefined && s.reviewedAt >= input.since && s.reviewedAt <= until && title.has(s.indicatorId))
        .map((s) => ({
          planId: p.plan.id,
          indicatorId: s.indicatorId,
          title: title.get(s.indicatorId)!,
          administrationId: s.administrationId,
          periodLabel: label.get(s.periodId) ?? s.periodId,
          ...(s.value !== undefined ? { value: s.value } : {}),
          ...(s.answer !== undefined ? { answer: s.answer } : {}),
          approvedAt: s.reviewedAt!,
        }));
    })
    .sort((a, b) => Number(b.administrationId === administrationId) - Number(a.administrationId === administrationId) || b.approvedAt.localeCompare(a.approvedAt) || a.indicatorId.localeCompare(b.indicatorId));

  return {
    indicators,
    moved: { items: moved.slice(0, DIGEST_RESULTS_LIMIT), more: Math.max(0, moved.length - DIGEST_RESULTS_LIMIT) },
  };
}

/** The indicators off track for the region or for the digest's administration. */
export const offTrack = (results: DigestResults) => results.indicators.filter((i) => i.region?.status === 'off_track' || i.own?.status === 'off_track');
