/** Donor contributions, inside their plan's partition and listed per donor through gsi1. */
import type { Contribution } from '../domain/resources.ts';
import type { Db, Item, Page, PageRequest } from './db.ts';
import { NotFound, VersionConflict } from './errors.ts';
import { changes, strip, type Actor, type History } from './history.ts';
import { key, listKey, randomSuffix } from './keys.ts';
import { bumpPlan, withPlan, withPlanFacts, type PlanRecord } from './plan-collection.ts';

export const CONTRIBUTION_FIELDS = ['donorId', 'milestoneId', 'kind', 'description', 'amount', 'currency', 'stage', 'stageDates', 'agreedRate', 'internal'] as const;

export class Contributions {
  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly now: () => Date,
  ) {}

  /** The stored item of a contribution (also written by a spreadsheet import's chunks, store/imports.ts). */
  item(c: Contribution): Item {
    return {
      ...key.contribution(c.planId, c.id),
      gsi1pk: listKey.contributionsOf(c.donorId),
      gsi1sk: c.id,
      entity: 'contribution',
      ...c,
    };
  }

  /** The contribution and its plan (for permissions) in one BatchGetItem. */
  async get(id: string): Promise<{ contribution: Contribution; plan: PlanRecord } | undefined> {
    const found = await withPlan(this.db, id, (planId) => key.contribution(planId, id));
    return found && { contribution: strip<Contribution>(found.child), plan: found.plan };
  }

  async require(id: string) {
    const found = await this.get(id);
    if (!found) throw new NotFound('contribution', id);
    return found;
  }

  /** One Query; a donor's own view filters to its contributions inside the same Query. */
  async ofPlan(planId: string, page: PageRequest, onlyDonorId?: string): Promise<Page<Contribution>> {
    const pk = key.plan(planId).pk;
    const out = await this.db.queryPage(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': pk, ':c': 'CONTRIB#', ...(onlyDonorId ? { ':d': onlyDonorId } : {}) },
        ...(onlyDonorId ? { FilterExpression: 'donorId = :d' } : {}),
      },
      page,
      { name: 'pk', value: pk },
    );
    return { items: out.items.map((i) => strip<Contribution>(i)), nextCursor: out.nextCursor };
  }

  async ofDonor(donorId: string, page: PageRequest): Promise<Page<Contribution>> {
    const pk = listKey.contributionsOf(donorId);
    const out = await this.db.queryPage(
      { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': pk } },
      page,
      { name: 'gsi1pk', value: pk },
    );
    return { items: out.items.map((i) => strip<Contribution>(i)), nextCursor: out.nextCursor };
  }

  async create(
    plan: PlanRecord,
    body: Omit<Contribution, 'id' | 'planId' | 'strategyId' | 'version' | 'createdAt' | 'updatedAt'> & { id?: string },
    actor: Actor,
  ): Promise<Contribution> {
    const at = this.now();
    const { id: suffix, ...fields } = body;
    const c: Contribution = {
      ...fields,
      id: `${plan.plan.id}.${suffix ?? `c-${randomSuffix()}`}`,
      planId: plan.plan.id,
      strategyId: plan.plan.strategyId,
      version: 1,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    // The donor now funds the plan: it may read it (policy `funds`).
    await withPlanFacts(this.db, c.planId, plan, [{ fact: 'donor', id: c.donorId, delta: 1 }], (touch) => [
      this.db.guardedPut(this.item(c), null, () => new VersionConflict('contribution', c.id)),
      touch,
      this.history.event(`contribution/${c.id}`, 'created', 1, changes(null, c, CONTRIBUTION_FIELDS), actor, at),
    ]);
    return c;
  }

  async update(current: Contribution, next: Contribution, expectedVersion: number, actor: Actor): Promise<Contribution> {
    if (current.version !== expectedVersion) throw new VersionConflict('contribution', current.id, current.version);
    const at = this.now();
    const stored: Contribution = { ...next, version: current.version + 1, updatedAt: at.toISOString() };
    const changed = changes(current, stored, CONTRIBUTION_FIELDS);
    if (changed.length === 0) return current;
    await this.db.transact([
      this.db.guardedPut(this.item(stored), expectedVersion, () => new VersionConflict('contribution', current.id)),
      bumpPlan(this.db, current.planId),
      this.history.event(`contribution/${current.id}`, 'updated', stored.version, changed, actor, at),
    ]);
    return stored;
  }

  /**
   * Deletes the contribution. When it was the donor's last one in the plan, the donor also stops
   * funding the plan (and so stops seeing it), in the same transaction; `plan` is the plan as the
   * caller read it (else it is read here).
   */
  async delete(current: Contribution, expectedVersion: number, actor: Actor, plan?: PlanRecord): Promise<void> {
    if (current.version !== expectedVersion) throw new VersionConflict('contribution', current.id, current.version);
    const at = this.now();
    await withPlanFacts(this.db, current.planId, plan, [{ fact: 'donor', id: current.donorId, delta: -1 }], (touch) => [
      this.db.guardedDelete(key.contribution(current.planId, current.id), expectedVersion, () => new VersionConflict('contribution', current.id)),
      touch,
      this.history.event(`contribution/${current.id}`, 'deleted', current.version + 1, changes(current, null, CONTRIBUTION_FIELDS), actor, at),
    ]);
  }
}
