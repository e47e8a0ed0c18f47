/** Milestones, inside their plan's partition; open ones also sit in the `due` index for the jobs. */
import { milestoneHealth } from '../domain/health.ts';
import type { Milestone } from '../domain/resources.ts';
import type { Db, Item, Page, PageRequest } from './db.ts';
import { NotFound, VersionConflict } from './errors.ts';
import { changes, type Actor, type History } from './history.ts';
import { key, listKey, randomSuffix } from './keys.ts';
import { bumpPlan, toMilestoneRecord, withPlan, type PlanRecord, type StoredMilestone } from './plan-collection.ts';

export { toMilestoneRecord, type MilestoneRecord, type StoredMilestone } from './plan-collection.ts';

export const MILESTONE_FIELDS = [
  'title', 'description', 'ownerAdministrationId', 'baselineDueDate', 'dueDate', 'status', 'progress', 'note', 'evidence',
] as const;

/** The API shape: health computed now, in the owner's time zone. */
export function presentMilestone(m: StoredMilestone, now: Date): Milestone {
  const { ownerTimeZone, ...rest } = m;
  return { ...rest, health: milestoneHealth(m, now, ownerTimeZone) };
}

const isOpen = (status: string) => status !== 'done' && status !== 'cancelled';

export class Milestones {
  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly now: () => Date,
  ) {}

  private item(m: StoredMilestone): Item {
    return {
      ...key.milestone(m.planId, m.id),
      entity: 'milestone',
      // Open milestones only: in the due-date index (for the jobs) and under their owner (for "my milestones").
      ...(isOpen(m.status)
        ? { duePk: 'OPEN', dueSk: `${m.dueDate}#${m.id}`, gsi2pk: listKey.openMilestonesOf(m.ownerAdministrationId), gsi2sk: `${m.dueDate}#${m.id}` }
        : {}),
      ...m,
    };
  }

  /** The milestone and its plan (for permissions) in one BatchGetItem. */
  async get(id: string): Promise<{ milestone: StoredMilestone; plan: PlanRecord } | undefined> {
    const found = await withPlan(this.db, id, (planId) => key.milestone(planId, id));
    return found && { milestone: toMilestoneRecord(found.child).milestone, plan: found.plan };
  }

  async require(id: string) {
    const found = await this.get(id);
    if (!found) throw new NotFound('milestone', id);
    return found;
  }

  async ofPlan(planId: string, page: PageRequest): Promise<Page<StoredMilestone>> {
    const pk = key.plan(planId).pk;
    const out = await this.db.queryPage(
      { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ms)', ExpressionAttributeValues: { ':pk': pk, ':ms': 'MS#' } },
      page,
      { name: 'pk', value: pk },
    );
    return { items: out.items.map((i) => toMilestoneRecord(i).milestone), nextCursor: out.nextCursor };
  }

  /** Open milestones due on or before `lastDate` (overdue ones included), from the `due` index. */
  async openDueBy(lastDate: string): Promise<StoredMilestone[]> {
    const items = await this.db.queryAll({
      IndexName: 'due',
      KeyConditionExpression: 'duePk = :open AND dueSk < :end',
      ExpressionAttributeValues: { ':open': 'OPEN', ':end': `${lastDate}#\uffff` },
    });
    return items.map((i) => toMilestoneRecord(i).milestone);
  }

  /** Open milestones an administration owns, soonest due first: one Query, growing with what it owns. */
  async openOwnedBy(administrationId: string): Promise<StoredMilestone[]> {
    const items = await this.db.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': listKey.openMilestonesOf(administrationId) },
    });
    return items.map((i) => toMilestoneRecord(i).milestone);
  }

  async create(
    plan: PlanRecord,
    body: Omit<StoredMilestone, 'id' | 'planId' | 'strategyId' | 'version' | 'createdAt' | 'updatedAt' | 'updatedBy'> & { id?: string },
    actor: Actor,
  ): Promise<StoredMilestone> {
    const at = this.now();
    const { id: suffix, ...fields } = body;
    const m: StoredMilestone = {
      ...fields,
      id: `${plan.plan.id}.${suffix ?? `m-${randomSuffix()}`}`,
      planId: plan.plan.id,
      strategyId: plan.plan.strategyId,
      updatedBy: actor.userId,
      version: 1,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    await this.db.transact([
      this.db.guardedPut(this.item(m), null, () => new VersionConflict('milestone', m.id)),
      this.touchPlan(plan.plan.id, m.ownerAdministrationId),
      this.history.event(`milestone/${m.id}`, 'created', 1, changes(null, m, MILESTONE_FIELDS), actor, at),
    ]);
    return m;
  }

  /** Moves the plan's revision and records the owner among its participants (what Directors General may read). */
  private touchPlan(planId: string, ownerAdministrationId?: string) {
    return bumpPlan(this.db, planId, ownerAdministrationId ? { expression: 'participantIds :a', values: { ':a': new Set([ownerAdministrationId]) } } : undefined);
  }

  async update(
    current: StoredMilestone,
    patch: Partial<StoredMilestone>,
    expectedVersion: number,
    actor: Actor,
  ): Promise<StoredMilestone> {
    if (current.version !== expectedVersion) throw new VersionConflict('milestone', current.id, current.version);
    const at = this.now();
    const next: StoredMilestone = { ...current, ...patch, version: current.version + 1, updatedAt: at.toISOString(), updatedBy: actor.userId };
    const changed = changes(current, next, MILESTONE_FIELDS);
    if (changed.length === 0) return current;
    const ownerChanged = next.ownerAdministrationId !== current.ownerAdministrationId;
    await this.db.transact([
      this.db.guardedPut(this.item(next), expectedVersion, () => new VersionConflict('milestone', current.id)),
      this.touchPlan(current.planId, ownerChanged ? next.ownerAdministrationId : undefined),
      this.history.event(`milestone/${current.id}`, 'updated', next.version, changed, actor, at),
    ]);
    return next;
  }

  async delete(current: StoredMilestone, expectedVersion: number, actor: Actor): Promise<void> {
    if (current.version !== expectedVersion) throw new VersionConflict('milestone', current.id, current.version);
    const at = this.now();
    await this.db.transact([
      this.db.guardedDelete(key.milestone(current.planId, current.id), expectedVersion, () => new VersionConflict('milestone', current.id)),
      this.touchPlan(current.planId),
      this.history.event(`milestone/${current.id}`, 'deleted', current.version + 1, changes(current, null, MILESTONE_FIELDS), actor, at),
    ]);
  }
}
