/**
 * What a plan's item collection holds and the pieces every repository of it shares: the plan's
 * record with its permission facts, the stored milestone shape, reading a child with its plan, and
 * the update that moves the plan's revision. Plans, milestones and contributions import this module,
 * not each other.
 */
import type { Scope } from '../domain/policy.ts';
import type { Milestone, Plan } from '../domain/resources.ts';
import type { Db, Item, Key } from './db.ts';
import { NotFound } from './errors.ts';
import { strip } from './history.ts';
import { key, planIdOf } from './keys.ts';

/** Attributes of the plan item that are permission facts and bookkeeping, not the plan resource. */
export const INTERNAL_PLAN_FIELDS = ['donorIds', 'participantIds', 'rev', 'milestoneRefs'] as const;

export interface PlanRecord {
  plan: Plan;
  /** Revision of the whole item collection: moves with every change to the plan or its children. */
  rev: number;
  /** The last milestone number (ref) given in this plan; 0 before the first. */
  lastRef: number;
  scope: Required<Pick<Scope, 'coordinatorIds' | 'donorIds' | 'participantIds'>>;
}

/** A stored milestone: the resource without its computed health, plus the owner's time zone. */
export type StoredMilestone = Omit<Milestone, 'health'> & { ownerTimeZone: string };

export interface MilestoneRecord {
  milestone: StoredMilestone;
}

export function toMilestoneRecord(item: Item): MilestoneRecord {
  return { milestone: strip<StoredMilestone>(item) };
}

const asList = (v: unknown): string[] => (v instanceof Set ? [...v] : Array.isArray(v) ? v : []).map(String).sort();

export function toPlanRecord(item: Item): PlanRecord {
  const plan = strip<Plan>(item, INTERNAL_PLAN_FIELDS);
  plan.coordinatorIds = asList(item.coordinatorIds);
  return {
    plan,
    rev: Number(item.rev ?? 0),
    lastRef: Number(item.milestoneRefs ?? 0),
    scope: { coordinatorIds: plan.coordinatorIds, donorIds: asList(item.donorIds), participantIds: asList(item.participantIds) },
  };
}

/**
 * The update that moves a plan's revision, to put in the same transaction as any change to the plan's
 * item collection; `also` adds set updates (e.g. `ADD donorIds :d`).
 */
export function bumpPlan(db: Db, planId: string, also?: { expression: string; values: Record<string, unknown> }) {
  return db.update(
    {
      Key: key.plan(planId),
      UpdateExpression: `ADD rev :one${also ? `, ${also.expression}` : ''}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1, ...also?.values },
    },
    () => new NotFound('plan', planId),
  );
}

/**
 * A child of a plan (milestone or contribution) and its plan, for permissions, in one BatchGetItem:
 * the child's id carries the plan's id.
 */
export async function withPlan(db: Db, childId: string, childKey: (planId: string) => Key): Promise<{ child: Item; plan: PlanRecord } | undefined> {
  const planId = planIdOf(childId);
  if (!planId) return undefined;
  const wanted = childKey(planId);
  const items = await db.batchGet([wanted, key.plan(planId)]);
  const child = items.find((i) => i.sk === wanted.sk);
  const plan = items.find((i) => i.sk === '#PLAN');
  return child && plan ? { child, plan: toPlanRecord(plan) } : undefined;
}


/**
 * Milestones in the order their plan lists them: first those the plan's chosen order names (see
 * `Plans.reorder`), then the others by ref (new ones go last), then those without a ref (stored
 * before numbering) by due date.
 */
export function inPlanOrder<M extends { id: string; ref?: number; dueDate: string }>(milestones: readonly M[], order: readonly string[] = []): M[] {
  const position = new Map(order.map((id, i) => [id, i]));
  const rank = (m: M) => position.get(m.id) ?? Number.MAX_SAFE_INTEGER;
  return [...milestones].sort((a, b) =>
    rank(a) - rank(b) ||
    (a.ref ?? Number.MAX_SAFE_INTEGER) - (b.ref ?? Number.MAX_SAFE_INTEGER) ||
    a.dueDate.localeCompare(b.dueDate) ||
    a.id.localeCompare(b.id));
}
