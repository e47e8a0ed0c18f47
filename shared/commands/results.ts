/**
 * Results actions. Defining (results, indicators with baselines and targets, reporting periods): the
 * plan's co-coordinators and the secretariat. Reporting: an administration's own people submit a
 * value (or a qualitative answer) for an indicator and a period, and may correct it until it is
 * approved. Review: the strategy's co-coordinators approve it or return it with a reason; only the
 * secretariat reopens an approved value, with a reason. Every change is one transaction guarded on
 * the version the caller read, with its history event (store/results.ts).
 */
import { can, planScopeFilter, type Scope } from '../domain/policy.ts';
import { currentPeriod, latestByAdministration, latestRegional, rollUpIndicator, type MatrixCell } from '../domain/results.ts';
import { localDate } from '../domain/dates.ts';
import { reportState, type ReportState } from '../domain/result-reminders.ts';
import { compareDecimals } from '../domain/decimal.ts';
import {
  CreateIndicator, CreateReportingPeriod, CreateResult, CreateSubmission, INDICATOR_TEXT_FIELDS, IndicatorTargets, PatchIndicator, PatchReportingPeriod, PatchResult,
  RESULT_TEXT_FIELDS, Resubmission, ReviewReason, indicatorProblems,
  type Indicator, type ReportingPeriod, type Result, type Submission,
} from '../domain/results-schema.ts';
import { planIdOf, randomSuffix } from '../store/keys.ts';
import { Conflict, NotFound, type PlanRecord, type ResultsEntry, type ResultsFramework } from '../store/index.ts';
import type { ResultsItem, ResultsKind } from '../store/results.ts';
import { VersionConflict } from '../store/errors.ts';
import type { HistoryEvent } from '../domain/resources.ts';
import type { Translations } from '../domain/translations.ts';
import type { Caller, CommandDeps } from './context.ts';
import { actorOf, authorize, parse, requireSomeField } from './context.ts';
import { Forbidden, Invalid, type FieldError } from './errors.ts';
import { languageOf, writtenTexts, type WriterLanguages } from './texts.ts';

const today = (deps: CommandDeps) => localDate(deps.now(), 'UTC');

// ---------------------------------------------------------------- reading

/** Whether the caller sees every submission of the plan, or only approved ones and its administration's own. */
export function seesAllSubmissions(caller: Caller, scope: Scope): boolean {
  return can(caller, 'result:review', scope) || can(caller, 'result:define', scope);
}

export function visibleSubmissions(caller: Caller, scope: Scope, submissions: readonly Submission[]): Submission[] {
  if (seesAllSubmissions(caller, scope)) return [...submissions];
  return submissions.filter((s) => s.state === 'approved' || (!!caller.administrationId && s.administrationId === caller.administrationId));
}

/** A plan's results framework as the caller may see it: plan (GetItem) and framework (Query) read in parallel. */
export async function readResults(deps: CommandDeps, caller: Caller, planId: string): Promise<{ plan: PlanRecord; framework: ResultsFramework }> {
  const [plan, framework] = await Promise.all([deps.store.plans.get(planId), deps.store.results.framework(planId)]);
  if (!plan) throw new NotFound('plan', planId);
  authorize(caller, 'result:read', plan.scope, `results of plan ${planId}`);
  return { plan, framework: { ...framework, submissions: visibleSubmissions(caller, plan.scope, framework.submissions) } };
}

/** One item of a plan's framework with its plan (one BatchGetItem), if the caller may read it. */
async function readOne<K extends ResultsKind>(deps: CommandDeps, caller: Caller, kind: K, id: string) {
  const planId = planIdOf(id);
  const found = planId ? await deps.store.results.withPlan(planId, [{ kind, id }]) : undefined;
  const item = found?.items[0];
  if (!found?.plan || !item) throw new NotFound(kind, id);
  const scope: Scope = kind === 'submission' ? { ...found.plan.scope, ownerAdministrationId: (item as Submission).administrationId } : found.plan.scope;
  authorize(caller, 'result:read', scope, `${kind} ${id}`);
  if (kind === 'submission' && visibleSubmissions(caller, scope, [item as Submission]).length === 0) throw new NotFound(kind, id);
  return { plan: found.plan, item: item as NonNullable<typeof item>, scope };
}

export const readResult = (deps: CommandDeps, caller: Caller, id: string) => readOne(deps, caller, 'result', id);
export const readIndicator = (deps: CommandDeps, caller: Caller, id: string) => readOne(deps, caller, 'indicator', id);
export const readPeriod = (deps: CommandDeps, caller: Caller, id: string) => readOne(deps, caller, 'period', id);
export const readSubmission = (deps: CommandDeps, caller: Caller, id: string) => readOne(deps, caller, 'submission', id);

// ---------------------------------------------------------------- defining

const childIdOf = (planId: string, suffix: string | undefined, prefix: string) => `${planId}.${suffix ?? `${prefix}-${randomSuffix()}`}`;

export async function defineResult(deps: CommandDeps, caller: Caller, input: { planId: string; result: unknown } & WriterLanguages): Promise<Result> {
  const { id, ...parsed } = parse(CreateResult, input.result);
  const body = { ...parsed, ...writtenTexts(RESULT_TEXT_FIELDS, undefined, parsed, input.language ?? languageOf(caller), input.contentLanguage) } as Omit<Result, 'id' | 'planId' | 'strategyId' | 'version' | 'createdAt' | 'updatedAt'>;
  const plan = await deps.store.plans.require(input.planId);
  authorize(caller, 'result:define', plan.scope, `results of plan ${input.planId}`);
  const item = { ...body, id: childIdOf(input.planId, id, 'r'), planId: input.planId, strategyId: plan.plan.strategyId };
  return deps.store.results.write('result', item, null, actorOf(caller));
}

export async function updateResult(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number } & WriterLanguages): Promise<Result> {
  const body = parse(PatchResult, input.patch);
  requireSomeField(body);
  const { plan, item } = await readResult(deps, caller, input.id);
  authorize(caller, 'result:define', plan.scope, `result ${input.id}`);
  const texts = writtenTexts(RESULT_TEXT_FIELDS, item, body, input.language ?? languageOf(caller), input.contentLanguage);
  return writeVersioned(deps, caller, 'result', item, { ...item, ...body, ...texts }, input.expectedVersion);
}

/** The version the caller read must be the stored one (the transaction checks it again). */
function checkVersion(kind: string, current: { id: string; version: number }, expectedVersion: number) {
  if (current.version !== expectedVersion) throw new VersionConflict(kind, current.id, current.version);
}

/** The next version of an item the caller read at `expectedVersion`. */
function writeVersioned<K extends ResultsKind>(
  deps: CommandDeps, caller: Caller, kind: K, current: ResultsItem<K>, next: ResultsItem<K> | Record<string, unknown>, expectedVersion: number, action?: HistoryEvent['action'],
): Promise<ResultsItem<K>> {
  checkVersion(kind, current, expectedVersion);
  const { version: _v, createdAt: _c, updatedAt: _u, ...fields } = next as ResultsItem<K>;
  return deps.store.results.write(kind, fields as never, current, actorOf(caller), action);
}

/** Periods named by targets must be the plan's; the result must be the plan's. */
function referenceProblems(framework: ResultsFramework, indicator: { resultId?: string; targets?: Record<string, unknown> }): FieldError[] {
  const out: FieldError[] = [];
  if (indicator.resultId !== undefined && !framework.results.some((r) => r.id === indicator.resultId)) {
    out.push({ field: 'resultId', message: `names no result of this plan (${indicator.resultId})`, code: 'unknown_reference' });
  }
  const periods = new Set(framework.periods.map((p) => p.id));
  for (const periodId of Object.keys(indicator.targets ?? {})) {
    if (!periods.has(periodId)) out.push({ field: `targets.${periodId}`, message: `names no reporting period of this plan (${periodId})`, code: 'unknown_reference' });
  }
  return out;
}

export async function defineIndicator(deps: CommandDeps, caller: Caller, input: { planId: string; indicator: unknown } & WriterLanguages): Promise<Indicator> {
  const { id, ...parsed } = parse(CreateIndicator, input.indicator);
  const body = { ...parsed, ...writtenTexts(INDICATOR_TEXT_FIELDS, undefined, parsed, input.language ?? languageOf(caller), input.contentLanguage) } as typeof parsed & Pick<Indicator, 'title' | 'definition' | 'translations'>;
  const [plan, framework] = await Promise.all([deps.store.plans.require(input.planId), deps.store.results.framework(input.planId)]);
  authorize(caller, 'result:define', plan.scope, `indicators of plan ${input.planId}`);
  const problems = referenceProblems(framework, body);
  if (problems.length > 0) throw new Invalid(problems);
  const item = { ...body, id: childIdOf(input.planId, id, 'i'), planId: input.planId, strategyId: plan.plan.strategyId };
  return deps.store.results.write('indicator', item, null, actorOf(caller));
}

/**
 * Changes an indicator; the merged indicator must still be valid. Its measure cannot change once
 * values were submitted (they were given in the old one).
 */
export async function updateIndicator(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number } & WriterLanguages): Promise<Indicator> {
  const body = parse(PatchIndicator, input.patch);
  requireSomeField(body);
  const planId = planIdOf(input.id) ?? '';
  const [{ plan, item }, framework] = await Promise.all([readIndicator(deps, caller, input.id), deps.store.results.framework(planId)]);
  authorize(caller, 'result:define', plan.scope, `indicator ${input.id}`);
  const merged: Record<string, unknown> = { ...item, ...body, ...writtenTexts(INDICATOR_TEXT_FIELDS, item, body, input.language ?? languageOf(caller), input.contentLanguage) };
  for (const field of ['unit', 'threshold', 'baseline'] as const) if (body[field] === null) delete merged[field];
  const problems: FieldError[] = [
    ...indicatorProblems(merged as never).map((p) => ({ field: p.path, message: p.message, code: p.code })),
    ...referenceProblems(framework, body),
  ];
  if (problems.length > 0) throw new Invalid(problems);
  if (body.measure && body.measure !== item.measure && framework.submissions.some((s) => s.indicatorId === item.id)) {
    throw new Conflict('values were submitted in the indicator\'s measure: it cannot change now (define a new indicator)', 'measureLocked');
  }
  return writeVersioned(deps, caller, 'indicator', item, merged, input.expectedVersion);
}

/** The targets of every period at once (replacing the stored ones). */
export function setIndicatorTargets(deps: CommandDeps, caller: Caller, input: { id: string; targets: unknown; expectedVersion: number }): Promise<Indicator> {
  const { targets } = parse(IndicatorTargets, { targets: input.targets });
  return updateIndicator(deps, caller, { id: input.id, patch: { targets }, expectedVersion: input.expectedVersion });
}

function periodProblems(plan: PlanRecord, period: { start: string; end: string }): FieldError[] {
  const { start, end } = plan.plan.period;
  const out: FieldError[] = [];
  if (period.start < start || period.start > end) out.push({ field: 'start', message: `must fall within the plan's period (${start} to ${end})`, code: 'outside_plan' });
  if (period.end < start || period.end > end) out.push({ field: 'end', message: `must fall within the plan's period (${start} to ${end})`, code: 'outside_plan' });
  if (period.end < period.start) out.push({ field: 'end', message: 'must not be before start', code: 'end_before_start' });
  return out;
}

export async function definePeriod(deps: CommandDeps, caller: Caller, input: { planId: string; period: unknown }): Promise<ReportingPeriod> {
  const { id, ...body } = parse(CreateReportingPeriod, input.period);
  const plan = await deps.store.plans.require(input.planId);
  authorize(caller, 'result:define', plan.scope, `reporting periods of plan ${input.planId}`);
  const problems = periodProblems(plan, body);
  if (problems.length > 0) throw new Invalid(problems);
  return deps.store.results.write('period', { ...body, id: childIdOf(input.planId, id, 'p'), planId: input.planId }, null, actorOf(caller));
}

export async function updatePeriod(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number }): Promise<ReportingPeriod> {
  const body = parse(PatchReportingPeriod, input.patch);
  requireSomeField(body);
  const { plan, item } = await readPeriod(deps, caller, input.id);
  authorize(caller, 'result:define', plan.scope, `reporting period ${input.id}`);
  const merged = { ...item, ...body };
  const problems = periodProblems(plan, merged);
  if (problems.length > 0) throw new Invalid(problems);
  return writeVersioned(deps, caller, 'period', item, merged, input.expectedVersion);
}

// ---------------------------------------------------------------- deleting

export type DefinitionKind = 'result' | 'indicator' | 'period';

/** What deleting a result, an indicator or a period takes with it. */
export interface Removal {
  /** The item, then what hangs on it: a result's indicators, and the values given for a deleted indicator or period. */
  deleted: ResultsEntry[];
  /** Indicators that keep going without the deleted period's targets. */
  rewritten: { before: Indicator; after: Indicator }[];
  /** Approved values among the deleted ones: a delete that would lose any is refused. */
  approved: number;
}

/**
 * The rule of deletes: a result goes with its indicators, an indicator with the values given for
 * it, a period with the values given for it and its targets on every indicator. Values still in
 * review, returned or reopened go too (the history of each keeps them); approved ones are never
 * lost: the secretariat reopens them first (with a reason) or the item stays.
 */
export function removalOf(framework: ResultsFramework, kind: DefinitionKind, id: string): Removal {
  const entries: ResultsEntry[] = [];
  const rewritten: Removal['rewritten'] = [];
  let valuesOf: (s: Submission) => boolean;
  if (kind === 'period') {
    const period = framework.periods.find((p) => p.id === id);
    if (period) entries.push({ kind, item: period });
    valuesOf = (s) => s.periodId === id;
    for (const indicator of framework.indicators) {
      if (!(id in indicator.targets)) continue;
      const { [id]: _gone, ...targets } = indicator.targets;
      rewritten.push({ before: indicator, after: { ...indicator, targets } });
    }
  } else {
    const indicators = framework.indicators.filter((i) => (kind === 'result' ? i.resultId === id : i.id === id));
    const result = kind === 'result' ? framework.results.find((r) => r.id === id) : undefined;
    if (result) entries.push({ kind: 'result', item: result });
    entries.push(...indicators.map((item) => ({ kind: 'indicator' as const, item })));
    const ids = new Set(indicators.map((i) => i.id));
    valuesOf = (s) => ids.has(s.indicatorId);
  }
  const values = framework.submissions.filter(valuesOf);
  entries.push(...values.map((item) => ({ kind: 'submission' as const, item })));
  return { deleted: entries, rewritten, approved: values.filter((s) => s.state === 'approved').length };
}

/** The whole framework of a plan being deleted, under the same rule. */
export function frameworkRemoval(framework: ResultsFramework): Removal {
  const deleted: ResultsEntry[] = [
    ...framework.results.map((item) => ({ kind: 'result' as const, item })),
    ...framework.indicators.map((item) => ({ kind: 'indicator' as const, item })),
    ...framework.periods.map((item) => ({ kind: 'period' as const, item })),
    ...framework.submissions.map((item) => ({ kind: 'submission' as const, item })),
  ];
  return { deleted, rewritten: [], approved: framework.submissions.filter((s) => s.state === 'approved').length };
}

/** A delete refused because approved values would go with it (the web says it in the reader's words). */
export class ApprovedValuesWouldBeLost extends Conflict {
  constructor(readonly approved: number, what: string) {
    super(`${approved} approved value(s) would be lost with ${what}: the secretariat reopens them first (with a reason), or ${what} stays`);
  }
}
export const lostApproved = (approved: number, what: string) => new ApprovedValuesWouldBeLost(approved, what);

/**
 * A plan's item of the framework with the whole framework and what deleting it would take (the
 * confirmation step shows it). The plan is read before the framework, so its revision guards the
 * delete against anything added since.
 */
export async function readRemoval(deps: CommandDeps, caller: Caller, kind: DefinitionKind, id: string) {
  const planId = planIdOf(id);
  const plan = planId ? await deps.store.plans.get(planId) : undefined;
  if (!planId || !plan) throw new NotFound(kind, id);
  authorize(caller, 'result:read', plan.scope, `${kind} ${id}`);
  const framework = await deps.store.results.framework(planId);
  const list: readonly { id: string; version: number }[] = kind === 'result' ? framework.results : kind === 'indicator' ? framework.indicators : framework.periods;
  const item = list.find((i) => i.id === id);
  if (!item) throw new NotFound(kind, id);
  return { plan, framework, item, removal: removalOf(framework, kind, id) };
}

/** Deletes a result, an indicator or a reporting period (see `removalOf`), guarded on the version the caller read. */
export async function deleteDefinition(deps: CommandDeps, caller: Caller, kind: DefinitionKind, input: { id: string; expectedVersion: number }): Promise<void> {
  const { plan, item, removal } = await readRemoval(deps, caller, kind, input.id);
  authorize(caller, 'result:define', plan.scope, `${kind} ${input.id}`);
  checkVersion(kind, item, input.expectedVersion);
  if (removal.approved > 0) throw lostApproved(removal.approved, `this ${kind === 'period' ? 'reporting period' : kind}`);
  await deps.store.results.remove(plan.plan.id, plan.rev, removal.deleted, removal.rewritten, actorOf(caller));
}

export const deleteResult = (deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }) => deleteDefinition(deps, caller, 'result', input);
export const deleteIndicator = (deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }) => deleteDefinition(deps, caller, 'indicator', input);
export const deletePeriod = (deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }) => deleteDefinition(deps, caller, 'period', input);

// ---------------------------------------------------------------- reporting

/** A value for a unit or percentage indicator, an answer for a qualitative one; never both. */
function reportProblems(indicator: Indicator, report: { value?: string; answer?: string }): FieldError[] {
  const qualitative = indicator.measure === '5';
  const out: FieldError[] = [];
  if (qualitative && report.value !== undefined) out.push({ field: 'value', message: 'is not taken by a qualitative indicator: give an answer', code: 'qualitative_figure' });
  if (qualitative && report.answer === undefined) out.push({ field: 'answer', message: 'is required for a qualitative indicator', code: 'required' });
  if (!qualitative && report.answer !== undefined) out.push({ field: 'answer', message: 'is only taken by a qualitative indicator: give a value', code: 'answer_unused' });
  if (!qualitative && report.value === undefined) out.push({ field: 'value', message: 'is required', code: 'required' });
  if (indicator.measure === '2' && report.value !== undefined && compareDecimals(report.value, '100') > 0) {
    out.push({ field: 'value', message: 'must be a percentage (0-100)', code: 'too_big', limit: 100 });
  }
  return out;
}

/** Submits a value for an indicator, a reporting period and an administration; it waits for review. */
export async function submitValue(deps: CommandDeps, caller: Caller, input: { submission: unknown }): Promise<Submission> {
  const body = parse(CreateSubmission, input.submission);
  const planId = planIdOf(body.indicatorId);
  if (!planId || planIdOf(body.periodId) !== planId) {
    throw new Invalid([{ field: planId ? 'periodId' : 'indicatorId', message: 'must name an indicator and a reporting period of the same plan', code: 'unknown_reference' }]);
  }
  const [found, administration] = await Promise.all([
    deps.store.results.withPlan(planId, [{ kind: 'indicator', id: body.indicatorId }, { kind: 'period', id: body.periodId }]),
    deps.store.administrations.get(body.administrationId),
  ]);
  const [indicator, period] = found.items as [Indicator | undefined, ReportingPeriod | undefined];
  if (!found.plan) throw new NotFound('plan', planId);
  const scope = { ...found.plan.scope, ownerAdministrationId: body.administrationId };
  authorize(caller, 'result:read', found.plan.scope, `results of plan ${planId}`);
  authorize(caller, 'result:submit', scope, `values for administration ${body.administrationId}`);
  const problems: FieldError[] = [];
  if (!indicator) problems.push({ field: 'indicatorId', message: `names no indicator of plan ${planId}`, code: 'unknown_reference' });
  if (!period) problems.push({ field: 'periodId', message: `names no reporting period of plan ${planId}`, code: 'unknown_reference' });
  else if (period.start > today(deps)) problems.push({ field: 'periodId', message: `has not started (it starts on ${period.start})`, code: 'period_not_started' });
  if (!administration) problems.push({ field: 'administrationId', message: `names no known administration (${body.administrationId})`, code: 'unknown_reference' });
  if (indicator) problems.push(...reportProblems(indicator, body));
  if (problems.length > 0) throw new Invalid(problems);
  const at = deps.now().toISOString();
  const submission = {
    ...body,
    id: `${planId}.s-${randomSuffix()}`,
    planId,
    strategyId: found.plan.plan.strategyId,
    state: 'submitted' as const,
    submittedBy: caller.userId,
    submittedAt: at,
  };
  return deps.store.results.write('submission', submission, null, actorOf(caller), 'submitted');
}

/**
 * Corrects a submission and sends it for review again: a returned or reopened one, or one still
 * waiting. An approved value changes only after the secretariat reopens it.
 */
export async function resubmitValue(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number }): Promise<Submission> {
  const body = parse(Resubmission, input.patch);
  const { plan, item, scope } = await readSubmission(deps, caller, input.id);
  authorize(caller, 'result:submit', scope, `submission ${input.id}`);
  if (item.state === 'approved') throw new Conflict('the value is approved: only the secretariat can reopen it, with a reason', 'valueApproved');
  const found = await deps.store.results.withPlan(plan.plan.id, [{ kind: 'indicator', id: item.indicatorId }]);
  const indicator = found.items[0] as Indicator | undefined;
  if (!indicator) throw new NotFound('indicator', item.indicatorId);
  const merged = { ...item, ...body };
  const problems = reportProblems(indicator, merged);
  if (problems.length > 0) throw new Invalid(problems);
  const { reviewedBy: _b, reviewedAt: _a, ...rest } = merged;
  const next = { ...rest, state: 'submitted' as const, submittedBy: caller.userId, submittedAt: deps.now().toISOString() };
  return writeVersioned(deps, caller, 'submission', item, next, input.expectedVersion, 'resubmitted');
}

// ---------------------------------------------------------------- review

async function reviewable(deps: CommandDeps, caller: Caller, id: string, expectedVersion: number) {
  const loaded = await readSubmission(deps, caller, id);
  authorize(caller, 'result:review', loaded.plan.scope, `submission ${id}`);
  checkVersion('submission', loaded.item, expectedVersion);
  if (loaded.item.state !== 'submitted') throw new Conflict(`the submission is ${loaded.item.state}, not waiting for review`, 'notWaitingForReview');
  return loaded;
}

export async function approveSubmission(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<Submission> {
  const { item } = await reviewable(deps, caller, input.id, input.expectedVersion);
  // Four eyes: whoever submitted a value does not approve it (the other co-coordinator, or the secretariat, does).
  if (item.submittedBy === caller.userId) throw new Forbidden('You submitted this value: another co-coordinator or the secretariat approves it.');
  const { reason: _r, ...rest } = item;
  return writeVersioned(deps, caller, 'submission', item, { ...rest, state: 'approved', reviewedBy: caller.userId, reviewedAt: deps.now().toISOString() }, input.expectedVersion, 'approved');
}

export async function returnSubmission(deps: CommandDeps, caller: Caller, input: { id: string; review: unknown; expectedVersion: number }): Promise<Submission> {
  const { reason } = parse(ReviewReason, input.review);
  const { item } = await reviewable(deps, caller, input.id, input.expectedVersion);
  return writeVersioned(deps, caller, 'submission', item, { ...item, state: 'returned', reason, reviewedBy: caller.userId, reviewedAt: deps.now().toISOString() }, input.expectedVersion, 'returned');
}

export async function reopenSubmission(deps: CommandDeps, caller: Caller, input: { id: string; review: unknown; expectedVersion: number }): Promise<Submission> {
  const { reason } = parse(ReviewReason, input.review);
  const { item } = await readSubmission(deps, caller, input.id);
  authorize(caller, 'result:reopen', {}, `submission ${input.id}`);
  checkVersion('submission', item, input.expectedVersion);
  if (item.state !== 'approved') throw new Conflict(`the submission is ${item.state}: only an approved value is reopened`, 'notApproved');
  return writeVersioned(deps, caller, 'submission', item, { ...item, state: 'reopened', reason, reviewedBy: caller.userId, reviewedAt: deps.now().toISOString() }, input.expectedVersion, 'reopened');
}

// ---------------------------------------------------------------- the strategy's matrix

/** A member administration of the matrix: its name with the name's translations. */
export interface MatrixAdministration {
  id: string;
  name: string;
  translations?: Translations;
}

export interface MatrixRow {
  planId: string;
  /** With the title's translations (`translations.title` only), for the reader's language. */
  result: Pick<Result, 'id' | 'type' | 'title' | 'translations'> | undefined;
  indicator: Pick<Indicator, 'id' | 'title' | 'measure' | 'unit' | 'ascending' | 'aggregation' | 'translations'>;
  /** The region's latest figure (or the last closed period, with no data). */
  regional?: { periodId: string; label: string; figure?: string; target?: string; status: ReturnType<typeof rollUpIndicator>[number]['status'] };
  /** Per administration: its latest approved figure and the status it had then. */
  cells: Record<string, MatrixCell>;
}

/**
 * Indicators x member administrations for a strategy: each administration's latest approved value
 * and status, and the region's. Reads the strategy's plans (one Query of the index, narrowed to what
 * the caller may read), each active plan's framework (one Query, projected), and the administrations
 * (one Query): three requests for a strategy with one active plan, whatever the number of
 * administrations and indicators (test/integration/results.test.ts).
 */
export async function strategyResults(
  deps: CommandDeps, caller: Caller, strategyId: string, known?: PlanRecord[],
): Promise<{ asOf: string; administrations: MatrixAdministration[]; rows: MatrixRow[] }> {
  // A page that has read the strategy's plans already passes them (not read twice).
  const [plans, administrations] = await Promise.all([
    known ? { items: known } : deps.store.plans.ofStrategy(strategyId, { limit: 100 }, planScopeFilter(caller)),
    deps.store.administrations.list({ limit: 100 }),
  ]);
  // An unknown strategy has no plans: only then is it worth a read to tell it apart from an empty one.
  if (plans.items.length === 0 && !known) await deps.store.strategies.require(strategyId);
  const readable = plans.items.filter((p) => p.plan.status === 'active' && can(caller, 'result:read', p.scope));
  const frameworks = await Promise.all(readable.map((p) => deps.store.results.framework(p.plan.id, { forMatrix: true })));
  const day = today(deps);
  const rows = readable.flatMap((p, i) => {
    const { results, indicators, periods, submissions } = frameworks[i]!;
    const approved = submissions.filter((s) => s.state === 'approved');
    return indicators.map((indicator): MatrixRow => {
      const rollUp = rollUpIndicator(indicator, periods, approved, day);
      const regional = latestRegional(rollUp, day);
      const result = results.find((r) => r.id === indicator.resultId);
      return {
        planId: p.plan.id,
        result: result && { id: result.id, type: result.type, title: result.title, ...(result.translations ? { translations: result.translations } : {}) },
        indicator: {
          id: indicator.id, title: indicator.title, measure: indicator.measure, unit: indicator.unit, ascending: indicator.ascending, aggregation: indicator.aggregation,
          ...(indicator.translations ? { translations: indicator.translations } : {}),
        },
        ...(regional ? { regional: { periodId: regional.periodId, label: regional.label, figure: regional.figure, target: regional.target, status: regional.status } } : {}),
        cells: latestByAdministration(rollUp),
      };
    });
  });
  const named = administrations.items.map((a): MatrixAdministration => ({ id: a.id, name: a.name, ...(a.translations ? { translations: a.translations } : {}) }));
  return { asOf: day, administrations: named.sort((a, b) => a.id.localeCompare(b.id)), rows };
}

// ---------------------------------------------------------------- work lists

/** Submissions of a strategy waiting for review, oldest first, with their indicator and period (for the co-coordinators). */
export async function reviewQueue(deps: CommandDeps, caller: Caller, strategyId: string): Promise<Submission[]> {
  const [strategy, waiting] = await Promise.all([deps.store.strategies.require(strategyId), deps.store.results.awaitingReview(strategyId)]);
  authorize(caller, 'result:review', { coordinatorIds: strategy.coordinatorIds }, `submissions of strategy ${strategyId}`);
  return waiting;
}

export type { ReportState } from '../domain/result-reminders.ts';

export interface ReportTask {
  /** With its title's translations, for pages that name it in the reader's language. */
  plan: Pick<PlanRecord['plan'], 'id' | 'title' | 'strategyId' | 'translations'>;
  indicator: Indicator;
  period: ReportingPeriod;
  state: ReportState;
  /** The returned or reopened submission to correct, or the one waiting for review. */
  submission?: Submission;
}

/**
 * What an administration must report now: for every indicator of the active plans it may read, the
 * current period's state. Approved values leave the list; returned ones come back with their reason.
 */
export function reportTasks(administrationId: string, plan: PlanRecord['plan'], framework: ResultsFramework, day: string): ReportTask[] {
  const period = currentPeriod(framework.periods, day);
  if (!period || plan.status !== 'active') return [];
  return framework.indicators.flatMap((indicator): ReportTask[] => {
    const mine = framework.submissions.filter((s) => s.indicatorId === indicator.id && s.periodId === period.id && s.administrationId === administrationId);
    const task = reportState(indicator.periodFigure, mine);
    if (!task) return [];
    return [{ plan: { id: plan.id, title: plan.title, strategyId: plan.strategyId, ...(plan.translations?.title ? { translations: { title: plan.translations.title } } : {}) }, indicator, period, ...task }];
  });
}
