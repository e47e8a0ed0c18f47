/** Action-plan actions: create (from its strategy), update, close, delete (only when empty). */
import { CreatePlan, PatchPlan, type Plan } from '../domain/resources.ts';
import type { PlanRecord } from '../store/index.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse, requireSomeField, slugFrom } from './context.ts';

export async function readPlan(deps: CommandDeps, caller: Caller, id: string): Promise<PlanRecord> {
  const record = await deps.store.plans.require(id);
  authorize(caller, 'plan:read', record.scope, `plan ${id}`);
  return record;
}

export async function createPlan(deps: CommandDeps, caller: Caller, input: { strategyId: string; plan: unknown }): Promise<Plan> {
  const body = parse(CreatePlan, input.plan);
  const strategy = await deps.store.strategies.require(input.strategyId);
  authorize(caller, 'plan:create', { coordinatorIds: strategy.coordinatorIds }, `plans of strategy ${input.strategyId}`);
  const { id, ...fields } = body;
  return deps.store.plans.create(strategy, { id: id ?? slugFrom(fields.title), ...fields }, actorOf(caller));
}

export async function updatePlan(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number }): Promise<Plan> {
  const body = parse(PatchPlan, input.patch);
  requireSomeField(body);
  const record = await deps.store.plans.require(input.id);
  authorize(caller, 'plan:update', record.scope, `plan ${input.id}`);
  return deps.store.plans.update(record, body, input.expectedVersion, actorOf(caller));
}

/** Closing a plan: its status becomes closed (reopening is an update back to active). */
export function closePlan(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<Plan> {
  return updatePlan(deps, caller, { ...input, patch: { status: 'closed' } });
}

export async function deletePlan(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<void> {
  const record = await deps.store.plans.require(input.id);
  authorize(caller, 'plan:delete', record.scope, `plan ${input.id}`);
  await deps.store.plans.delete(record, input.expectedVersion, actorOf(caller));
}
