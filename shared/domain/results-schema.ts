/**
 * Results as zod schemas: a plan's results (IATI result types), their indicators (IATI measure
 * codes, baselines, targets per reporting period), the plan's reporting periods, and the values
 * administrations submit for review. Strict objects: unknown fields are refused.
 */
import * as z from 'zod/mini';
import { CalendarDate, CountryCode, Instant, lazy, named, Prose, Stamp, Text, TranslatableDescription, TranslatableTitle, textsInLanguages } from './common.ts';
import {
  AGGREGATIONS, INDICATOR_MEASURES, INDICATOR_STATUSES, PERIOD_FIGURES, RESULT_TYPES, SUBMISSION_STATES,
} from './constants.ts';
import { daysBetween } from './dates.ts';
import { compareDecimals, isDecimal } from './decimal.ts';
import { Evidence, type Stored } from './resources.ts';

/** The part of a child's id after its plan's (`<planId>.<suffix>`, see store/keys.ts). */
export const ChildSlug = lazy(() =>
  z.string().check(z.regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes (1-40)')),
);
const childId = () => z.string().check(z.minLength(1), z.maxLength(200));

/** A reported figure: a non-negative decimal string ("12", "37.5"), up to 4 decimals. Never a float. */
export const Figure = lazy(() =>
  z.string().check(
    z.refine(isDecimal, { message: 'must be a non-negative decimal string such as "12" or "37.5" (at most 4 decimals)', params: { code: 'invalid_figure' } }),
    z.meta({ example: '37.5' }),
  ),
);

// ---------------------------------------------------------------- results

const resultFields = () => ({
  type: z.enum(RESULT_TYPES).check(z.meta({ description: 'IATI ResultType: 1 output, 2 outcome, 3 impact' })),
  title: Text(300),
  description: z._default(Prose(5000), ''),
});
/** A result's and an indicator's texts that can be held in several languages (translations.ts). */
export const RESULT_TEXT_FIELDS = ['title', 'description'] as const;
export const INDICATOR_TEXT_FIELDS = ['title', 'definition'] as const;
const resultTexts = () => ({
  title: TranslatableTitle('Risk-based selection in place in every member administration'),
  description: TranslatableDescription('Administrations select declarations for control by risk profiles.'),
});
const TEXTS_READ = 'Texts are in the reader\'s language (the person\'s, else Accept-Language) when held in it, else the original: textLanguages says which, per field. With ?languages=all, allTexts gives every language held.';
export const CreateResult = named(lazy(() => z.strictObject({ id: z.optional(ChildSlug), ...resultFields(), ...resultTexts(), description: z._default(resultTexts().description, '') })), 'CreateResult', {
  description: 'id: the part after the plan\'s id (the result is <planId>.<id>); made from nothing when left out. title and description take a plain string or a map of language to text.',
});
export const PatchResult = named(lazy(() => z.partial(z.strictObject({ ...resultFields(), ...resultTexts() }))), 'PatchResult');
export const Result = named(lazy(() => z.object({ id: z.string(), planId: z.string(), strategyId: z.string(), ...resultFields(), ...textsInLanguages(RESULT_TEXT_FIELDS, 'ResultTextLanguages'), ...Stamp })), 'Result', { description: TEXTS_READ });
export type Result = Stored<z.infer<typeof Result>>;

// ---------------------------------------------------------------- reporting periods

const periodFields = () => ({
  label: Text(100).check(z.meta({ example: '2026 H1' })),
  start: CalendarDate,
  end: CalendarDate,
});
function endAfterStart(p: { start?: string; end?: string }, ctx: z.core.$RefinementCtx) {
  if (p.start && p.end && daysBetween(p.start, p.end) < 0) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start', params: { code: 'end_before_start' } });
}
export const CreateReportingPeriod = named(lazy(() => z.strictObject({ id: z.optional(ChildSlug), ...periodFields() }).check(z.superRefine(endAfterStart))), 'CreateReportingPeriod');
export const PatchReportingPeriod = named(lazy(() => z.partial(z.strictObject(periodFields())).check(z.superRefine(endAfterStart))), 'PatchReportingPeriod');
export const ReportingPeriod = named(lazy(() => z.object({ id: z.string(), planId: z.string(), ...periodFields(), ...Stamp })), 'ReportingPeriod');
export type ReportingPeriod = z.infer<typeof ReportingPeriod>;

// ---------------------------------------------------------------- indicators

export const Baseline = named(lazy(() => z.strictObject({ value: Figure, date: CalendarDate })), 'Baseline');
export const PeriodTarget = named(lazy(() =>
  z.strictObject({
    region: z.optional(Figure).check(z.meta({ description: 'The region\'s target for the period' })),
    administrations: z.optional(z.record(CountryCode, Figure)).check(z.meta({ description: 'Targets of single administrations, where they apply' })),
  })),
  'PeriodTarget',
);
const baselines = () => z.record(CountryCode, Baseline).check(z.meta({ description: 'Baselines per administration, where they apply' }));
const targets = () => z.record(z.string().check(z.minLength(1), z.maxLength(200)), PeriodTarget).check(z.meta({ description: 'Targets by reporting period id' }));

const indicatorFields = () => ({
  resultId: childId(),
  title: Text(300),
  definition: z._default(Prose(5000), '').check(z.meta({ description: 'What is counted and how' })),
  measure: z.enum(INDICATOR_MEASURES).check(z.meta({ description: 'IATI IndicatorMeasure: 1 unit, 2 percentage, 5 qualitative' })),
  unit: z.optional(Text(60)).check(z.meta({ example: 'officers' })),
  ascending: z._default(z.boolean(), true).check(z.meta({ description: 'Whether higher is better' })),
  aggregation: z._default(z.enum(AGGREGATIONS), 'sum'),
  threshold: z.optional(Figure).check(z.meta({ description: 'For count_meeting_threshold: what an administration\'s figure must reach' })),
  periodFigure: z._default(z.enum(PERIOD_FIGURES), 'latest').check(z.meta({ description: 'An administration\'s figure for a period: its latest approved value or the sum of its approved values' })),
  baseline: z.optional(Baseline).check(z.meta({ description: 'The region\'s baseline' })),
  baselines: z._default(baselines(), {}),
  targets: z._default(targets(), {}),
});

type IndicatorShape = {
  measure?: string; aggregation?: string; threshold?: string | null; ascending?: boolean;
  baseline?: { value: string } | null; baselines?: Record<string, { value: string }>; targets?: Record<string, { region?: string; administrations?: Record<string, string> }>;
};
/** Cross-field rules, for a new indicator and for a stored one with a change merged in. */
export function indicatorProblems(i: IndicatorShape): { path: string; message: string; code: string }[] {
  const out: { path: string; message: string; code: string }[] = [];
  if (i.measure === '5') {
    if (i.aggregation && i.aggregation !== 'none') out.push({ path: 'aggregation', message: 'must be none for a qualitative indicator', code: 'qualitative_aggregation' });
    if (i.baseline || Object.keys(i.baselines ?? {}).length) out.push({ path: 'baseline', message: 'is not taken by a qualitative indicator', code: 'qualitative_figure' });
    if (Object.keys(i.targets ?? {}).length) out.push({ path: 'targets', message: 'are not taken by a qualitative indicator', code: 'qualitative_figure' });
  }
  if (i.aggregation === 'count_meeting_threshold' && !i.threshold) out.push({ path: 'threshold', message: 'is required to count administrations meeting it', code: 'required' });
  if (i.aggregation !== 'count_meeting_threshold' && i.threshold) out.push({ path: 'threshold', message: 'is only taken with aggregation count_meeting_threshold', code: 'threshold_unused' });
  if (i.measure === '2') {
    const over = (v: string | undefined) => v !== undefined && isDecimal(v) && compareDecimals(v, '100') > 0;
    if (over(i.baseline?.value ?? undefined)) out.push({ path: 'baseline.value', message: 'must be a percentage (0-100)', code: 'too_big' });
    for (const [adm, b] of Object.entries(i.baselines ?? {})) if (over(b.value)) out.push({ path: `baselines.${adm}.value`, message: 'must be a percentage (0-100)', code: 'too_big' });
    for (const [period, t] of Object.entries(i.targets ?? {})) {
      if (over(t.region)) out.push({ path: `targets.${period}.region`, message: 'must be a percentage (0-100)', code: 'too_big' });
      for (const [adm, v] of Object.entries(t.administrations ?? {})) if (over(v)) out.push({ path: `targets.${period}.administrations.${adm}`, message: 'must be a percentage (0-100)', code: 'too_big' });
    }
    if (i.aggregation === 'sum') out.push({ path: 'aggregation', message: 'percentages do not add up: use mean, count_meeting_threshold or none', code: 'percentage_sum' });
  }
  return out;
}
const indicatorCheck = z.superRefine<IndicatorShape>((i, ctx) => {
  for (const p of indicatorProblems(i)) ctx.addIssue({ code: 'custom', path: p.path.split('.'), message: p.message, params: { code: p.code } });
});

const indicatorTexts = () => ({
  title: TranslatableTitle('Officers trained on the WCO Risk Management Compendium'),
  definition: TranslatableDescription('Officers who completed the national course, counted once.'),
});
export const CreateIndicator = named(lazy(() => z.strictObject({ id: z.optional(ChildSlug), ...indicatorFields(), ...indicatorTexts(), definition: z._default(indicatorTexts().definition, '') }).check(indicatorCheck)), 'CreateIndicator', {
  description: 'Percentages do not add up, so a percentage indicator aggregates by mean, by counting administrations meeting a threshold, or not at all. A qualitative one takes no baseline, target or aggregation.',
});
export const PatchIndicator = named(lazy(() =>
  z.partial(z.strictObject({
    ...indicatorFields(),
    unit: z.nullable(Text(60)),
    threshold: z.nullable(Figure),
    baseline: z.nullable(Baseline),
    baselines: baselines(),
    targets: targets(),
    aggregation: z.enum(AGGREGATIONS),
    periodFigure: z.enum(PERIOD_FIGURES),
    ascending: z.boolean(),
    ...indicatorTexts(),
  }))),
  'PatchIndicator',
  { description: 'Send unit, threshold or baseline as null to remove it. baselines and targets replace the stored ones whole. The merged indicator must still be valid.' },
);
export const IndicatorTargets = named(lazy(() => z.strictObject({ targets: targets() })), 'IndicatorTargets', {
  description: 'The targets of every reporting period, replacing the stored ones.',
});
export const Indicator = named(lazy(() =>
  z.object({ id: z.string(), planId: z.string(), strategyId: z.string(), ...indicatorFields(), ...textsInLanguages(INDICATOR_TEXT_FIELDS, 'IndicatorTextLanguages'), ...Stamp })),
  'Indicator',
  { description: TEXTS_READ },
);
export type Indicator = Stored<z.infer<typeof Indicator>>;

// ---------------------------------------------------------------- submissions and review

const evidenceList = () => z.array(Evidence).check(z.maxLength(20));
const reportFields = () => ({
  value: z.optional(Figure).check(z.meta({ description: 'The figure, for a unit or percentage indicator' })),
  answer: z.optional(Prose(5000).check(z.minLength(1))).check(z.meta({ description: 'The answer, for a qualitative indicator' })),
  note: z._default(Prose(2000), ''),
  evidence: z._default(evidenceList(), []),
});
export const CreateSubmission = named(lazy(() =>
  z.strictObject({ indicatorId: childId(), periodId: childId(), administrationId: CountryCode, ...reportFields() })),
  'CreateSubmission',
  { description: 'A value (or a qualitative answer) for an indicator, a reporting period and an administration; it waits for the co-coordinators\' review.' },
);
export const Resubmission = named(lazy(() =>
  z.partial(z.strictObject({ value: Figure, answer: Prose(5000).check(z.minLength(1)), note: Prose(2000), evidence: evidenceList() }))),
  'Resubmission',
  { description: 'A returned or reopened submission, corrected and sent for review again (fields left out stay).' },
);
export const ReviewReason = named(lazy(() => z.strictObject({ reason: Prose(2000).check(z.minLength(1)) })), 'ReviewReason', {
  description: 'Why a submission is returned or an approved one reopened: kept in its history and mailed to the submitter.',
});
export const Submission = named(lazy(() =>
  z.object({
    id: z.string(),
    planId: z.string(),
    strategyId: z.string(),
    indicatorId: z.string(),
    periodId: z.string(),
    administrationId: z.string(),
    ...reportFields(),
    state: z.enum(SUBMISSION_STATES),
    reason: z.optional(z.string()).check(z.meta({ description: 'Why it was last returned or reopened' })),
    submittedBy: z.string(),
    submittedAt: Instant,
    reviewedBy: z.optional(z.string()),
    reviewedAt: z.optional(Instant),
    ...Stamp,
  })),
  'Submission',
);
export type Submission = z.infer<typeof Submission>;

export const IndicatorStatusSchema = lazy(() => z.nullable(z.enum(INDICATOR_STATUSES)).check(z.meta({ description: 'met, on_track, off_track, no_data; null without a target' })));
