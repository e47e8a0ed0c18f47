/** Milestones, inside their plan's partition; open ones also sit in the `due` index for the jobs. */
import { milestoneHealth } from '../domain/health.ts';
import type { Milestone } from '../domain/resources.ts';
import type { Db, Item, Page, PageRequest } from './db.ts';
import { AlreadyExists, Conflict, NotFound, VersionConflict } from './errors.ts';
import { changes, type Actor, type History } from './history.ts';
import { key, listKey, randomSuffix } from './keys.ts';
import { bumpPlan, toMilestoneRecord, toPlanRecord, withPlan, type PlanRecord, type StoredMilestone } from './plan-collection.ts';

/** The plan's milestone counter moved since it was read (internal: create retries). */
class RefTaken extends Error {}

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

  /** The stored item of a milestone, with its index keys (also for the import's batched writes). */
  item(m: StoredMilestone): Item {
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

  /**
   * Adds a milestone with the plan's next number (`ref`). The plan item keeps the last number given
   * (`milestoneRefs`); the transaction that puts the milestone also sets the counter, on the
   * condition that it still holds the value this writer read. Two adds that read the same value
   * cannot both commit: the loser re-reads the plan (one GetItem) and tries the next number. So refs
   * are unique and gap-free without a second write or a lock, and the usual add is still one
   * TransactWriteItems.
   */
  async create(
    plan: PlanRecord,
    body: Omit<StoredMilestone, 'id' | 'planId' | 'strategyId' | 'version' | 'createdAt' | 'updatedAt' | 'updatedBy' | 'ref'> & { id?: string },
    actor: Actor,
  ): Promise<StoredMilestone> {
    const { id: suffix, ...fields } = body;
    const id = `${plan.plan.id}.${suffix ?? `m-${randomSuffix()}`}`;
    let lastRef = plan.lastRef;
    for (let attempt = 1; ; attempt++) {
      const at = this.now();
      const m: StoredMilestone = {
        ...fields,
        id,
        planId: plan.plan.id,
        strategyId: plan.plan.strategyId,
        ref: lastRef + 1,
        updatedBy: actor.userId,
        version: 1,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      try {
        await this.db.transact([
          this.db.guardedPut(this.item(m), null, () => new AlreadyExists('milestone', m.id)),
          this.db.update(
            {
              Key: key.plan(plan.plan.id),
              UpdateExpression: 'SET milestoneRefs = :ref ADD rev :one, participantIds :a',
              ConditionExpression: lastRef === 0 ? 'attribute_exists(pk) AND attribute_not_exists(milestoneRefs)' : 'milestoneRefs = :last',
              ExpressionAttributeValues: { ':ref': m.ref, ':one': 1, ':a': new Set([m.ownerAdministrationId]), ...(lastRef === 0 ? {} : { ':last': lastRef }) },
            },
            () => new RefTaken(),
          ),
          this.history.event(`milestone/${m.id}`, 'created', 1, changes(null, m, MILESTONE_FIELDS), actor, at),
        ]);
        return m;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        const contended = error instanceof RefTaken || reasons.some((r) => r.Code === 'TransactionConflict');
        if (!contended || attempt >= 25) throw error instanceof RefTaken ? new Conflict('the plan is busy: try again') : error;
        // Someone else took the number (or held the plan item): read the counter again.
        if (!(error instanceof RefTaken)) await new Promise((r) => setTimeout(r, 10 + 30 * Math.random()));
        const item = await this.db.get(key.plan(plan.plan.id));
        if (!item) throw new NotFound('plan', plan.plan.id);
        lastRef = toPlanRecord(item).lastRef;
      }
    }
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
