/** Action-plan actions: create (from its strategy), update, close, delete (without milestones and contributions; its results framework goes with it). */
import { CreatePlan, MilestoneOrder, PLAN_TEXT_FIELDS, PatchPlan, type Plan } from '../domain/resources.ts';
import { inPlanOrder, type PlanRecord } from '../store/index.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse, requireSomeField, slugFrom } from './context.ts';
import { Invalid, VersionConflict } from './errors.ts';
import { frameworkRemoval, lostApproved } from './results.ts';
import { languageOf, writtenTexts, type WriterLanguages } from './texts.ts';

export async function readPlan(deps: CommandDeps, caller: Caller, id: string): Promise<PlanRecord> {
  const record = await deps.store.plans.require(id);
  authorize(caller, 'plan:read', record.scope, `plan ${id}`);
  return record;
}

export async function createPlan(deps: CommandDeps, caller: Caller, input: { strategyId: string; plan: unknown } & WriterLanguages): Promise<Plan> {
  const body = parse(CreatePlan, input.plan);
  const strategy = await deps.store.strategies.require(input.strategyId);
  authorize(caller, 'plan:create', { coordinatorIds: strategy.coordinatorIds }, `plans of strategy ${input.strategyId}`);
  const { id, ...parsed } = body;
  const fields = { ...parsed, ...writtenTexts(PLAN_TEXT_FIELDS, undefined, parsed, input.language ?? languageOf(caller), input.contentLanguage) } as Omit<Plan, 'id' | 'strategyId' | 'coordinatorIds' | 'version' | 'createdAt' | 'updatedAt'>;
  return deps.store.plans.create(strategy, { id: id ?? slugFrom(fields.title), ...fields }, actorOf(caller));
}

export async function updatePlan(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number } & WriterLanguages): Promise<Plan> {
  const body = parse(PatchPlan, input.patch);
  requireSomeField(body);
  const record = await deps.store.plans.require(input.id);
  authorize(caller, 'plan:update', record.scope, `plan ${input.id}`);
  // null removes the origin (the store takes a budget of null as removing the budget).
  const texts = writtenTexts(PLAN_TEXT_FIELDS, record.plan, body, input.language ?? languageOf(caller), input.contentLanguage);
  const patch = { ...(body.origin === null ? { ...body, origin: undefined } : body), ...texts };
  return deps.store.plans.update(record, patch as Parameters<typeof deps.store.plans.update>[1], input.expectedVersion, actorOf(caller));
}

/** Closing a plan: its status becomes closed (reopening is an update back to active). */
export function closePlan(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<Plan> {
  return updatePlan(deps, caller, { ...input, patch: { status: 'closed' } });
}

export async function deletePlan(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<void> {
  const record = await deps.store.plans.require(input.id);
  authorize(caller, 'plan:delete', record.scope, `plan ${input.id}`);
  if (record.plan.version !== input.expectedVersion) throw new VersionConflict('plan', input.id, record.plan.version);
  // Its results framework goes with it, read after the plan (the plan's revision guards the delete);
  // approved values are never lost (said after the store found no milestones or contributions).
  const removal = frameworkRemoval(await deps.store.results.framework(input.id));
  const actor = actorOf(caller);
  await deps.store.plans.delete(record, input.expectedVersion, actor, (at) => {
    if (removal.approved > 0) throw lostApproved(removal.approved, 'the plan');
    return deps.store.results.removals(removal.deleted, actor, at);
  });
}

/**
 * Chooses the order a plan lists its milestones in (the ids, first to last). Ids must be the plan's
 * milestones, each once; milestones left out (e.g. added since the caller looked) follow in their
 * current order. Guarded by the plan's version; the plan's co-coordinators and the secretariat.
 */
export async function reorderMilestones(deps: CommandDeps, caller: Caller, input: { planId: string; order: unknown; expectedVersion: number }): Promise<Plan> {
  const { order } = parse(MilestoneOrder, { order: input.order });
  const { record, milestones } = await deps.store.plans.collection(input.planId);
  authorize(caller, 'milestone:update', record.scope, `milestones of plan ${input.planId}`);
  const known = new Set(milestones.map((m) => m.milestone.id));
  const seen = new Set<string>();
  const errors = [];
  for (const [i, id] of order.entries()) {
    if (!known.has(id)) errors.push({ field: `order.${i}`, message: `names no milestone of plan ${input.planId} (${id})`, code: 'unknown_reference' });
    else if (seen.has(id)) errors.push({ field: `order.${i}`, message: `lists ${id} twice`, code: 'duplicate' });
    seen.add(id);
  }
  if (errors.length > 0) throw new Invalid(errors);
  const rest = inPlanOrder(milestones.map((m) => m.milestone), record.plan.milestoneOrder).map((m) => m.id).filter((id) => !seen.has(id));
  return deps.store.plans.reorder(record, [...order, ...rest], input.expectedVersion, actorOf(caller));
}
