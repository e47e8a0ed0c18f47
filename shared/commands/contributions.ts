/** Donor contributions: record, update, advance to the next stage with its date, delete. */
import * as z from 'zod/mini';
import type { Scope } from '../domain/policy.ts';
import { CreateContribution, PatchContribution, STAGES, addMoneyAndStageIssues, type Contribution, type Stage } from '../domain/resources.ts';
import { isCalendarDate } from '../domain/dates.ts';
import { contributionFor } from '../domain/internal.ts';
import { planIdOf } from '../store/keys.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse, requireSomeField } from './context.ts';
import { Invalid, NotFound, fieldErrors } from './errors.ts';

/** The contribution with its plan, if the caller may read it; an internal one is not found for those it does not involve. */
export async function readContribution(deps: CommandDeps, caller: Caller, id: string) {
  const found = await deps.store.contributions.get(id);
  if (!found) throw new NotFound('contribution', id);
  const scope: Scope = { ...found.plan.scope, donorId: found.contribution.donorId };
  authorize(caller, 'contribution:read', scope, `contribution ${id}`);
  if (!contributionFor(caller, found.plan.scope, found.contribution)) throw new NotFound('contribution', id);
  return { ...found, scope };
}

/** Setting or clearing what stays internal is the secretariat's and the co-coordinators' alone. */
function authorizeInternal(caller: Caller, scope: Scope, internal: boolean | undefined, was: boolean, what: string) {
  if (internal !== undefined && internal !== was) authorize(caller, 'internal:mark', scope, `internal flag of ${what}`);
}

/** An agreed rate converts into the plan's budget currency, so the plan needs a budget in that currency. */
function checkAgreedRate(plan: { plan: { budget?: { currency: string } | undefined } }, agreedRate: { currency: string } | null | undefined) {
  if (!agreedRate) return;
  const budget = plan.plan.budget?.currency;
  if (agreedRate.currency !== budget) {
    throw new Invalid([{
      field: 'agreedRate.currency',
      message: budget ? `must be the plan's budget currency (${budget})` : 'cannot be used: the plan has no budget to convert into',
      code: 'not_budget_currency',
    }]);
  }
}

async function checkMilestone(deps: CommandDeps, planId: string, milestoneId: string | null | undefined) {
  if (!milestoneId) return;
  if (planIdOf(milestoneId) !== planId || !(await deps.store.milestones.get(milestoneId))) {
    throw new Invalid([{ field: 'milestoneId', message: `names no milestone of plan ${planId}`, code: 'unknown_reference' }]);
  }
}

export async function recordContribution(deps: CommandDeps, caller: Caller, input: { planId: string; contribution: unknown }): Promise<Contribution> {
  const body = parse(CreateContribution, input.contribution);
  const [plan, donor] = await Promise.all([deps.store.plans.require(input.planId), deps.store.donors.get(body.donorId)]);
  authorize(caller, 'contribution:create', plan.scope, `contributions to plan ${input.planId}`);
  authorizeInternal(caller, plan.scope, body.internal, false, `a contribution to plan ${input.planId}`);
  if (!donor) throw new Invalid([{ field: 'donorId', message: `names no known donor (${body.donorId})`, code: 'unknown_reference' }]);
  checkAgreedRate(plan, body.agreedRate);
  await checkMilestone(deps, input.planId, body.milestoneId);
  return deps.store.contributions.create(plan, body as never, actorOf(caller));
}

/** A contribution with a patch merged onto it must satisfy the same rules as a new one (also the spreadsheet import's updates). */
export function checkMergedContribution(merged: Record<string, unknown>): void {
  const check = z.looseObject({}).check(z.superRefine((v, ctx) => addMoneyAndStageIssues(v as never, ctx))).safeParse(merged);
  if (!check.success) throw new Invalid(fieldErrors(check.error));
}

export async function updateContribution(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number }): Promise<Contribution> {
  const body = parse(PatchContribution, input.patch);
  requireSomeField(body);
  const { contribution, scope, plan } = await readContribution(deps, caller, input.id);
  authorize(caller, 'contribution:update', scope, `contribution ${input.id}`);
  authorizeInternal(caller, scope, body.internal, !!contribution.internal, `contribution ${input.id}`);
  const merged: Record<string, unknown> = { ...contribution };
  for (const [k, v] of Object.entries(body)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  checkMergedContribution(merged);
  // A new agreed rate must match the budget; one kept from before stays (the summary ignores it if the budget's currency moved).
  if (body.agreedRate) checkAgreedRate(plan, body.agreedRate);
  await checkMilestone(deps, contribution.planId, merged.milestoneId as string | undefined);
  return deps.store.contributions.update(contribution, merged as Contribution, input.expectedVersion, actorOf(caller));
}

/** Moves a contribution to a later stage (committed, disbursed, spent), dated. */
export async function advanceContributionStage(
  deps: CommandDeps,
  caller: Caller,
  input: { id: string; stage: unknown; date: unknown; expectedVersion: number },
): Promise<Contribution> {
  const { contribution } = await readContribution(deps, caller, input.id);
  const errors = [];
  const stage = STAGES.find((s) => s === input.stage);
  if (!stage || STAGES.indexOf(stage) <= STAGES.indexOf(contribution.stage as Stage)) {
    errors.push({ field: 'stage', message: `must be a stage after ${contribution.stage}`, code: 'stage_order' });
  }
  if (typeof input.date !== 'string' || !isCalendarDate(input.date)) errors.push({ field: 'date', message: 'must be a calendar date YYYY-MM-DD', code: 'invalid_format' });
  if (errors.length > 0) throw new Invalid(errors);
  return updateContribution(deps, caller, {
    id: input.id,
    expectedVersion: input.expectedVersion,
    patch: { stage, stageDates: { ...contribution.stageDates, [stage!]: input.date } },
  });
}

export async function deleteContribution(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<void> {
  const { contribution, plan, scope } = await readContribution(deps, caller, input.id);
  authorize(caller, 'contribution:delete', scope, `contribution ${input.id}`);
  await deps.store.contributions.delete(contribution, input.expectedVersion, actorOf(caller), plan);
}
