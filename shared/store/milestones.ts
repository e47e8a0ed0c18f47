/** Milestones, inside their plan's partition; open ones also sit in the `due` index for the jobs. */
import { milestoneHealth } from '../domain/health.ts';
import type { HistoryEvent, Milestone } from '../domain/resources.ts';
import type { Db, Item, Page, PageRequest, WriteOp } from './db.ts';
import { AlreadyExists, Conflict, NotFound, VersionConflict } from './errors.ts';
import { changes, type Actor, type History } from './history.ts';
import { key, listKey, randomSuffix } from './keys.ts';
import { markFeeds } from './feed-marks.ts';
import { bumpPlan, countPlanFacts, toMilestoneRecord, toPlanRecord, touchPlan, withPlan, withPlanFacts, type PlanRecord, type StoredMilestone } from './plan-collection.ts';

/** The plan's milestone counter moved since it was read (internal: create retries). */
class RefTaken extends Error {}

export { toMilestoneRecord, type MilestoneRecord, type StoredMilestone } from './plan-collection.ts';

export const MILESTONE_FIELDS = [
  'title', 'description', 'ownerAdministrationId', 'baselineDueDate', 'dueDate', 'status', 'progress', 'note', 'evidence', 'translations', 'internal', 'noteInternal',
] as const;

/** The API shape: health computed now, in the owner's time zone. */
export function presentMilestone(m: StoredMilestone, now: Date): Milestone {
  // One copy per milestone (lists present up to 100 at a time).
  const { ownerTimeZone, translations, ...rest } = m;
  (rest as Milestone).health = milestoneHealth(m, now, ownerTimeZone);
  return rest as Milestone;
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

  /** `hideInternal`: leave out internal milestones, except those of `exceptOwner` (domain/internal.ts decides who). */
  /**
   * A page of a plan's milestones in plan order. `hideInternal` leaves out, in the Query's filter,
   * the internal milestones of owners other than `exceptOwner` (so a page is never short or empty
   * with a cursor); `filteredOut` says whether the filter left anything out. Both forms are one list
   * for cursors: a cursor is a position in the plan's milestones.
   */
  async ofPlan(planId: string, page: PageRequest, hideInternal?: { exceptOwner?: string | undefined }): Promise<Page<StoredMilestone> & { filteredOut: number }> {
    const pk = key.plan(planId).pk;
    const filter = hideInternal
      ? {
          FilterExpression: `(attribute_not_exists(internal) OR internal = :no)${hideInternal.exceptOwner ? ' OR ownerAdministrationId = :own' : ''}`,
          values: { ':no': false, ...(hideInternal.exceptOwner ? { ':own': hideInternal.exceptOwner } : {}) },
        }
      : undefined;
    const out = await this.db.queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ms)',
        ExpressionAttributeValues: { ':pk': pk, ':ms': 'MS#', ...filter?.values },
        ...(filter ? { FilterExpression: filter.FilterExpression } : {}),
      },
      page,
      { name: 'pk', value: pk },
      `${pk}/MS#`,
    );
    return { items: out.items.map((i) => toMilestoneRecord(i).milestone), nextCursor: out.nextCursor, filteredOut: out.filteredOut };
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
    let record = plan;
    if (!record.counts) record = await this.countedPlan(record.plan.id);
    for (let attempt = 1; ; attempt++) {
      const at = this.now();
      const m: StoredMilestone = {
        ...fields,
        id,
        planId: record.plan.id,
        strategyId: record.plan.strategyId,
        ref: record.lastRef + 1,
        updatedBy: actor.userId,
        version: 1,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      try {
        await this.db.transact([
          this.db.guardedPut(this.item(m), null, () => new AlreadyExists('milestone', m.id)),
          // The owner takes part in the plan (what its Director General may read).
          touchPlan(this.db, record, [{ fact: 'participant', id: m.ownerAdministrationId, delta: 1 }], {
            set: 'milestoneRefs = :ref',
            condition: record.lastRef === 0 ? 'attribute_not_exists(milestoneRefs)' : 'milestoneRefs = :last',
            values: { ':ref': m.ref, ...(record.lastRef === 0 ? {} : { ':last': record.lastRef }) },
            onConditionFailed: () => new RefTaken(),
          }),
          this.history.event(`milestone/${m.id}`, 'created', 1, changes(null, m, MILESTONE_FIELDS), actor, at, sealedBy(m)),
          ...markFeeds(this.db, [m.ownerAdministrationId, ...record.scope.coordinatorIds]),
        ]);
        return m;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        const contended = error instanceof RefTaken || reasons.some((r) => r.Code === 'TransactionConflict');
        if (!contended || attempt >= 25) throw error instanceof RefTaken ? new Conflict('the plan is busy: try again', 'busy') : error;
        // Someone else took the number (or held the plan item): read the counter again.
        if (!(error instanceof RefTaken)) await new Promise((r) => setTimeout(r, 10 + 30 * Math.random()));
        record = await this.countedPlan(record.plan.id);
      }
    }
  }

  /** The plan as stored now, its facts counted (a plan stored before the counts were kept is counted first). */
  private async countedPlan(planId: string): Promise<PlanRecord> {
    for (;;) {
      const item = await this.db.get(key.plan(planId));
      if (!item) throw new NotFound('plan', planId);
      const record = toPlanRecord(item);
      if (record.counts) return record;
      await countPlanFacts(this.db, planId);
    }
  }

  /**
   * Changes a milestone. When its owner changes, the plan's participants follow in the same
   * transaction: the new owner joins, the old one leaves if this was its last milestone in the plan.
   * `plan` is the plan as the caller read it (else it is read here when the owner changes); its
   * co-coordinators' feed markers move with the owners'.
   */
  async update(
    current: StoredMilestone,
    patch: Partial<StoredMilestone>,
    expectedVersion: number,
    actor: Actor,
    plan?: PlanRecord,
  ): Promise<StoredMilestone> {
    if (current.version !== expectedVersion) throw new VersionConflict('milestone', current.id, current.version);
    const at = this.now();
    const next: StoredMilestone = { ...current, ...patch, version: current.version + 1, updatedAt: at.toISOString(), updatedBy: actor.userId };
    const changed = changes(current, next, MILESTONE_FIELDS);
    if (changed.length === 0) return current;
    const write = (touch: WriteOp) => [
      this.db.guardedPut(this.item(next), expectedVersion, () => new VersionConflict('milestone', current.id)),
      touch,
      this.history.event(`milestone/${current.id}`, 'updated', next.version, changed, actor, at, sealedBy(current, next)),
      ...markFeeds(this.db, [current.ownerAdministrationId, next.ownerAdministrationId, ...(plan?.scope.coordinatorIds ?? [])]),
    ];
    if (next.ownerAdministrationId === current.ownerAdministrationId) await this.db.transact(write(bumpPlan(this.db, current.planId)));
    else {
      await withPlanFacts(this.db, current.planId, plan, [
        { fact: 'participant', id: next.ownerAdministrationId, delta: 1 },
        { fact: 'participant', id: current.ownerAdministrationId, delta: -1 },
      ], write);
    }
    return next;
  }

  /** Deletes a milestone; its owner leaves the plan's participants if this was its last milestone there. */
  async delete(current: StoredMilestone, expectedVersion: number, actor: Actor, plan?: PlanRecord): Promise<void> {
    if (current.version !== expectedVersion) throw new VersionConflict('milestone', current.id, current.version);
    const at = this.now();
    await withPlanFacts(this.db, current.planId, plan, [{ fact: 'participant', id: current.ownerAdministrationId, delta: -1 }], (touch) => [
      this.db.guardedDelete(key.milestone(current.planId, current.id), expectedVersion, () => new VersionConflict('milestone', current.id)),
      touch,
      this.history.event(`milestone/${current.id}`, 'deleted', current.version + 1, changes(current, null, MILESTONE_FIELDS), actor, at, sealedBy(current)),
      ...markFeeds(this.db, [current.ownerAdministrationId, ...(plan?.scope.coordinatorIds ?? [])]),
    ]);
  }
}

/** What was internal before or after a change (domain/internal.ts reads it back in `historyFor`). */
function sealedBy(...states: StoredMilestone[]): HistoryEvent['sealed'] {
  return [
    ...(states.some((m) => m.internal) ? (['milestone'] as const) : []),
    ...(states.some((m) => m.noteInternal) ? (['note'] as const) : []),
  ];
}
