/**
 * What a plan's item collection holds and the pieces every repository of it shares: the plan's
 * record with its permission facts, the stored milestone shape, reading a child with its plan, and
 * the update that moves the plan's revision. Plans, milestones and contributions import this module,
 * not each other.
 */
import type { Scope } from '../domain/policy.ts';
import type { Translations } from '../domain/translations.ts';
import type { Milestone, Plan } from '../domain/resources.ts';
import type { Db, Item, Key, WriteOp } from './db.ts';
import { Conflict, NotFound } from './errors.ts';
import { strip } from './history.ts';
import { key, planIdOf } from './keys.ts';

/**
 * Attributes of the plan item that are permission facts and bookkeeping, not the plan resource.
 * `participantCounts` and `donorCounts` map an administration to how many of the plan's milestones
 * it owns, and a donor to how many contributions it makes: the plan's participants and donors are
 * their keys. `participantIds` and `donorIds` are the sets plans kept before (see `countPlanFacts`).
 */
export const INTERNAL_PLAN_FIELDS = ['donorIds', 'participantIds', 'participantCounts', 'donorCounts', 'rev', 'milestoneRefs'] as const;

export interface PlanRecord {
  plan: Plan;
  /** Revision of the whole item collection: moves with every change to the plan or its children. */
  rev: number;
  /** The last milestone number (ref) given in this plan; 0 before the first. */
  lastRef: number;
  scope: Required<Pick<Scope, 'coordinatorIds' | 'donorIds' | 'participantIds'>>;
  /** The per-id counts behind `scope`; absent on a plan stored before they were kept. */
  counts?: FactCounts;
}

export type Fact = 'participant' | 'donor';
export type FactCounts = Record<Fact, Record<string, number>>;


/** A stored milestone: the resource without its computed health, plus the owner's time zone. */
export type StoredMilestone = Omit<Milestone, 'health' | 'textLanguages' | 'allTexts'> & {
  ownerTimeZone: string;
  /** Translations of title, description and note beside the originals (domain/translations.ts). */
  translations?: Translations;
};

export interface MilestoneRecord {
  milestone: StoredMilestone;
}

export function toMilestoneRecord(item: Item): MilestoneRecord {
  return { milestone: strip<StoredMilestone>(item) };
}

const asList = (v: unknown): string[] => (v instanceof Set ? [...v] : Array.isArray(v) ? v : []).map(String).sort();

const asCounts = (v: unknown): Record<string, number> =>
  Object.fromEntries(Object.entries(v && typeof v === 'object' ? v : {}).map(([k, n]) => [k, Number(n)]).filter(([, n]) => (n as number) > 0));
const present = (counts: Record<string, number>) => Object.keys(counts).sort();

export function toPlanRecord(item: Item): PlanRecord {
  const plan = strip<Plan>(item, INTERNAL_PLAN_FIELDS);
  plan.coordinatorIds = asList(item.coordinatorIds);
  const counted = item.participantCounts !== undefined && item.donorCounts !== undefined;
  const counts = counted ? { participant: asCounts(item.participantCounts), donor: asCounts(item.donorCounts) } : undefined;
  return {
    plan,
    rev: Number(item.rev ?? 0),
    lastRef: Number(item.milestoneRefs ?? 0),
    scope: {
      coordinatorIds: plan.coordinatorIds,
      donorIds: counts ? present(counts.donor) : asList(item.donorIds),
      participantIds: counts ? present(counts.participant) : asList(item.participantIds),
    },
    ...(counts ? { counts } : {}),
  };
}

/** What a new plan item starts with: nobody owns a milestone in it or funds it yet. */
export const NO_FACTS = { participantCounts: {}, donorCounts: {} } as const;

const COUNT_ATTRIBUTE: Record<Fact, string> = { participant: 'participantCounts', donor: 'donorCounts' };

/**
 * Milestones more or fewer owned by an administration, or contributions more or fewer from a donor
 * (one at a time from the forms; several at once from a spreadsheet import's chunk).
 */
export interface FactChange {
  fact: Fact;
  id: string;
  /** A whole number, not 0. */
  delta: number;
}

/** The counts a change relied on moved since the plan was read (internal: the writer reads again). */
class FactsMoved extends Error {}

/**
 * The update of the plan item that goes into the same transaction as a change to its children: it
 * moves the revision and the counts. Adding is unconditional (`ADD count 1`). Taking one away is
 * conditional on what was read, so the id leaves the plan's facts exactly when its last milestone
 * or contribution goes: above one it decrements on the condition the count is still above one;
 * at one it removes the entry on the condition it is still one. A concurrent change that crossed
 * the line fails the condition, and the writer reads the plan again (`withPlanFacts`).
 * `extra` adds SET clauses and conditions of the caller's own (the milestone counter).
 */
export function touchPlan(
  db: Db,
  record: PlanRecord,
  facts: readonly FactChange[],
  extra?: { set: string; condition: string; values: Record<string, unknown>; onConditionFailed: () => Error },
): WriteOp {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':one': 1, ...extra?.values };
  const add = ['rev :one'];
  const remove: string[] = [];
  const conditions = ['attribute_exists(pk)'];
  facts.forEach((f, i) => {
    const map = f.fact === 'participant' ? '#pc' : '#dc';
    names[map] = COUNT_ATTRIBUTE[f.fact];
    names[`#k${i}`] = f.id;
    const path = `${map}.#k${i}`;
    conditions.push(`attribute_exists(${map})`);
    const read = record.counts?.[f.fact][f.id] ?? 0;
    const taken = -f.delta;
    if (f.delta > 0) {
      add.push(`${path} :d${i}`);
      values[`:d${i}`] = f.delta;
    } else if (read > taken) {
      add.push(`${path} :d${i}`);
      values[`:d${i}`] = f.delta;
      values[`:k${i}`] = taken;
      conditions.push(`${path} > :k${i}`);
    } else if (read === taken) {
      remove.push(path);
      values[`:k${i}`] = taken;
      conditions.push(`${path} = :k${i}`);
    } else {
      remove.push(path);
      conditions.push(`attribute_not_exists(${path})`);
    }
  });
  if (extra?.condition) conditions.push(`(${extra.condition})`);
  return db.update(
    {
      Key: key.plan(record.plan.id),
      UpdateExpression: [extra?.set ? `SET ${extra.set}` : '', `ADD ${add.join(', ')}`, remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean).join(' '),
      ConditionExpression: [...new Set(conditions)].join(' AND '),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
    extra ? extra.onConditionFailed : () => new FactsMoved(),
  );
}

/**
 * Commits `ops` (the child's write and its history event) with the plan update that changes the
 * plan's facts. When the counts moved under it, reads the plan again (one GetItem) and tries again;
 * a plan stored before the counts were kept is counted first (`countPlanFacts`).
 */
export async function withPlanFacts(db: Db, planId: string, read: PlanRecord | undefined, facts: readonly FactChange[], ops: (touch: WriteOp) => WriteOp[]): Promise<void> {
  let record = read;
  for (let attempt = 1; ; attempt++) {
    if (!record) {
      const item = await db.get(key.plan(planId));
      if (!item) throw new NotFound('plan', planId);
      record = toPlanRecord(item);
    }
    if (!record.counts) {
      await countPlanFacts(db, planId);
      record = undefined;
      continue;
    }
    try {
      await db.transact(ops(touchPlan(db, record, facts)));
      return;
    } catch (error) {
      if (!(error instanceof FactsMoved)) throw error;
      if (attempt >= 25) throw new Conflict('the plan is busy: try again', 'busy');
      record = undefined;
    }
  }
}

/**
 * Counts a plan's facts from its children and stores them (and drops the sets plans kept before),
 * on the condition that nothing in the plan changed since its revision was read. For plans stored
 * before the counts were kept: run over every plan by `npm run migrate`, and on a plan's first
 * change when the migration has not run yet. Says whether it counted, found the plan counted
 * already, or found no plan.
 */
export async function countPlanFacts(db: Db, planId: string): Promise<'counted' | 'current' | 'gone'> {
  for (let attempt = 1; ; attempt++) {
    const plan = await db.get(key.plan(planId));
    if (!plan) return 'gone';
    if (plan.participantCounts !== undefined && plan.donorCounts !== undefined && plan.participantIds === undefined && plan.donorIds === undefined) return 'current';
    const children = await db.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk > :plan',
      ExpressionAttributeValues: { ':pk': key.plan(planId).pk, ':plan': '#PLAN' },
      ProjectionExpression: 'sk, ownerAdministrationId, donorId',
      ConsistentRead: true,
    });
    const counts: FactCounts = { participant: {}, donor: {} };
    for (const child of children) {
      const [fact, id] = String(child.sk).startsWith('MS#') ? (['participant', child.ownerAdministrationId] as const) : (['donor', child.donorId] as const);
      if (typeof id === 'string') counts[fact][id] = (counts[fact][id] ?? 0) + 1;
    }
    try {
      await db.transact([
        db.update(
          {
            Key: key.plan(planId),
            UpdateExpression: 'SET participantCounts = :pc, donorCounts = :dc REMOVE participantIds, donorIds',
            ConditionExpression: plan.rev === undefined ? 'attribute_exists(pk) AND attribute_not_exists(rev)' : 'rev = :rev',
            ExpressionAttributeValues: { ':pc': counts.participant, ':dc': counts.donor, ...(plan.rev === undefined ? {} : { ':rev': plan.rev }) },
          },
          () => new FactsMoved(),
        ),
      ]);
      return 'counted';
    } catch (error) {
      if (!(error instanceof FactsMoved) || attempt >= 25) throw error;
    }
  }
}

/** The update that moves a plan's revision, for a change to its item collection that leaves its facts as they are. */
export function bumpPlan(db: Db, planId: string) {
  return db.update(
    {
      Key: key.plan(planId),
      UpdateExpression: 'ADD rev :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
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
