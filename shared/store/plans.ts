/**
 * Action plans. A plan's partition holds the plan, its milestones and its contributions, so one
 * Query builds the plan page and its progress. The plan item also keeps the facts that object-level
 * permissions need (co-coordinators, funding donors, participating administrations).
 */
import type { Contribution, Plan } from '../domain/resources.ts';
import { projection, type Db, type Item, type Key, type Page, type PageRequest, type WriteOp } from './db.ts';
import { AlreadyExists, Conflict, NotFound, VersionConflict } from './errors.ts';
import { changes, strip, type Actor, type History } from './history.ts';
import { key, listKey, RESULTS_PREFIX } from './keys.ts';
import { markFeeds } from './feed-marks.ts';
import { MAX_TRANSACTION, toFramework, type ResultsFramework } from './results.ts';
import { INTERNAL_PLAN_FIELDS, NO_FACTS, toMilestoneRecord, toPlanRecord, type MilestoneRecord, type PlanRecord } from './plan-collection.ts';



const PLAN_FIELDS = ['title', 'description', 'period', 'budget', 'origin', 'status', 'translations'] as const;

/** Attributes roll-ups and permission checks read (see domain/progress.ts). */
const PROGRESS_FIELDS = [
  'pk', 'sk', 'id', 'planId', 'strategyId', 'title', 'status', 'progress', 'dueDate', 'baselineDueDate', 'ownerAdministrationId',
  'ownerTimeZone', 'updatedAt', 'version', 'donorId', 'kind', 'amount', 'currency', 'stage', 'stageDates', 'agreedRate', 'budget', 'coordinatorIds', 'donorIds', 'participantIds', 'participantCounts', 'donorCounts', 'rev',
  // What stays internal (domain/internal.ts): roll-ups are made for a reader.
  'internal', 'noteInternal',
  // Titles in other languages (issue 14): pages that list milestones and indicators from roll-up data
  // (the donor page, the strategy's matrix) name them in the reader's language. Only the titles'
  // translations: descriptions and notes in four languages stay unread.
  'translations.title',
];
const PROGRESS_PROJECTION = projection(PROGRESS_FIELDS, 'p');

type Collection = { record: PlanRecord; milestones: MilestoneRecord[]; contributions: Contribution[]; results: ResultsFramework };

export class Plans {
  /** Roll-up inputs per plan, valid while the plan's revision has not moved (bounded, per container). */
  private readonly progressCache = new Map<string, Collection>();

  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly now: () => Date,
  ) {}

  private item(plan: Plan): Item {
    return {
      ...key.plan(plan.id),
      gsi1pk: listKey.plansOf(plan.strategyId),
      gsi1sk: `${plan.createdAt}#${plan.id}`,
      entity: 'plan',
      ...plan,
    };
  }

  async get(id: string): Promise<PlanRecord | undefined> {
    const item = await this.db.get(key.plan(id));
    return item ? toPlanRecord(item) : undefined;
  }

  /** Several plans by id in one BatchGetItem per hundred; unknown ids are left out. */
  async getMany(ids: Iterable<string>): Promise<Map<string, PlanRecord>> {
    const unique = [...new Set(ids)];
    const chunks = Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) => unique.slice(i * 100, i * 100 + 100));
    const items = (await Promise.all(chunks.map((chunk) => this.db.batchGet(chunk.map(key.plan))))).flat();
    return new Map(items.map((item) => toPlanRecord(item)).map((r) => [r.plan.id, r]));
  }

  async require(id: string): Promise<PlanRecord> {
    const found = await this.get(id);
    if (!found) throw new NotFound('plan', id);
    return found;
  }

  /**
   * Plans of a strategy, one Query. Donors and Directors General see only the plans that concern
   * them; the filter runs inside the same Query.
   */
  async ofStrategy(strategyId: string, page: PageRequest, only?: { donorId?: string; administrationId?: string }): Promise<Page<PlanRecord>> {
    const pk = listKey.plansOf(strategyId);
    const values: Record<string, unknown> = { ':p': pk };
    const names: Record<string, string> = {};
    let filter: string | undefined;
    // A key of the counts (or, on a plan stored before they were kept, a member of the old set).
    if (only?.donorId) {
      filter = 'attribute_exists(donorCounts.#id) OR contains(donorIds, :id)';
      values[':id'] = names['#id'] = only.donorId;
    } else if (only?.administrationId) {
      filter = 'contains(coordinatorIds, :id) OR attribute_exists(participantCounts.#id) OR contains(participantIds, :id)';
      values[':id'] = names['#id'] = only.administrationId;
    }
    const out = await this.db.queryPage(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: values,
        ...(filter ? { FilterExpression: filter, ExpressionAttributeNames: names } : {}),
      },
      page,
      { name: 'gsi1pk', value: pk },
    );
    return { items: out.items.map(toPlanRecord), nextCursor: out.nextCursor };
  }

  /**
   * The whole item collection: plan, milestones and contributions (one Query per 1 MB).
   * `forProgress` reads only what roll-ups use, which DynamoDB serves markedly faster.
   */
  async collection(id: string, options: { forProgress?: boolean } = {}): Promise<{ record: PlanRecord; milestones: MilestoneRecord[]; contributions: Contribution[]; results: ResultsFramework }> {
    const items = await this.db.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': key.plan(id).pk },
      ConsistentRead: true,
      ...(options.forProgress ? PROGRESS_PROJECTION : {}),
    });
    const planItem = items.find((i) => i.sk === '#PLAN');
    if (!planItem) throw new NotFound('plan', id);
    return {
      record: toPlanRecord(planItem),
      milestones: items.filter((i) => String(i.sk).startsWith('MS#')).map(toMilestoneRecord),
      contributions: items.filter((i) => String(i.sk).startsWith('CONTRIB#')).map((i) => strip<Contribution>(i)),
      // The results framework shares the partition: the plan page reads it in the same Query (roll-ups of
      // milestones and funding project it away).
      results: options.forProgress ? toFramework([]) : toFramework(items),
    };
  }

  /**
   * What a progress roll-up needs. One consistent GetItem of the plan tells whether the collection this
   * container read before is still current (its revision moves with every change inside the plan);
   * only when it moved is the collection read again (one Query). `alsoRead` names one more item to
   * read in the same request (one BatchGetItem instead of the GetItem), from the collection this
   * container read before: e.g. the revision of the rates its contributions convert at.
   */
  async progressData(id: string, alsoRead?: (before: Collection) => Key | undefined): Promise<Collection & { also?: { key: Key; item: Item | undefined } }> {
    const cached = this.progressCache.get(id);
    const extra = cached && alsoRead ? alsoRead(cached) : undefined;
    const planKey = key.plan(id);
    let item: Item | undefined;
    let also: { key: Key; item: Item | undefined } | undefined;
    if (extra) {
      const items = await this.db.batchGet([planKey, extra]);
      const find = (k: Key) => items.find((i) => i.pk === k.pk && i.sk === k.sk);
      item = find(planKey);
      also = { key: extra, item: find(extra) };
    } else item = await this.db.get(planKey);
    if (!item) throw new NotFound('plan', id);
    const record = toPlanRecord(item);
    if (cached && cached.record.rev === record.rev) return { ...cached, record, ...(also ? { also } : {}) };
    const fresh = await this.collection(id, { forProgress: true });
    if (this.progressCache.size >= 500) this.progressCache.delete(this.progressCache.keys().next().value!);
    this.progressCache.set(id, fresh);
    return { ...fresh, record, ...(also ? { also } : {}) };
  }

  async create(strategy: { id: string; coordinatorIds: string[] }, body: Omit<Plan, 'strategyId' | 'coordinatorIds' | 'version' | 'createdAt' | 'updatedAt'>, actor: Actor): Promise<Plan> {
    const at = this.now();
    const plan: Plan = {
      ...body,
      strategyId: strategy.id,
      coordinatorIds: [...strategy.coordinatorIds],
      version: 1,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    await this.db.transact([
      this.db.guardedPut({ ...this.item(plan), rev: 1, ...NO_FACTS }, null, () => new AlreadyExists('plan', plan.id)),
      // The strategy must still exist when the plan lands.
      this.db.conditionCheck(key.strategy(strategy.id), 'attribute_exists(pk)', () => new NotFound('strategy', strategy.id)),
      this.history.event(`plan/${plan.id}`, 'created', 1, changes(null, plan, PLAN_FIELDS), actor, at),
    ]);
    return plan;
  }

  async update(current: PlanRecord, patch: Partial<Omit<Plan, 'budget'>> & { budget?: Plan['budget'] | null }, expectedVersion: number, actor: Actor): Promise<Plan> {
    const plan = current.plan;
    if (plan.version !== expectedVersion) throw new VersionConflict('plan', plan.id, plan.version);
    const at = this.now();
    const next: Plan = { ...plan, ...patch, budget: patch.budget === null ? undefined : (patch.budget ?? plan.budget), version: plan.version + 1, updatedAt: at.toISOString() };
    if (next.budget === undefined) delete next.budget;
    const changed = changes(plan, next, PLAN_FIELDS);
    if (changed.length === 0) return plan;
    // Update only the plan's own fields, so the permission facts kept on the item are not overwritten.
    const names: Record<string, string> = { '#v': 'version', '#u': 'updatedAt' };
    const values: Record<string, unknown> = { ':v': next.version, ':u': next.updatedAt, ':expected': expectedVersion, ':one': 1 };
    const sets = ['#v = :v', '#u = :u'];
    const removes: string[] = [];
    PLAN_FIELDS.forEach((field, i) => {
      if (!changed.some((c) => c.field === field)) return;
      names[`#f${i}`] = field;
      if (next[field] === undefined) removes.push(`#f${i}`);
      else {
        values[`:f${i}`] = next[field];
        sets.push(`#f${i} = :f${i}`);
      }
    });
    await this.db.transact([
      this.db.update(
        {
          Key: key.plan(plan.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''} ADD rev :one`,
          ConditionExpression: 'version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
        () => new VersionConflict('plan', plan.id),
      ),
      this.history.event(`plan/${plan.id}`, 'updated', next.version, changed, actor, at),
      // The feeds spanning plans name the plan in each event: a new title moves them.
      ...(changed.some((c) => c.field === 'title') ? markFeeds(this.db, [...current.scope.participantIds, ...current.scope.coordinatorIds]) : []),
    ]);
    return next;
  }

  /**
   * Sets the order the plan lists its milestones in (their ids). Guarded by the plan's version like
   * any change to the plan; the revision moves too, so cached roll-ups are read again.
   */
  async reorder(current: PlanRecord, order: string[], expectedVersion: number, actor: Actor): Promise<Plan> {
    const plan = current.plan;
    if (plan.version !== expectedVersion) throw new VersionConflict('plan', plan.id, plan.version);
    const before = plan.milestoneOrder ?? [];
    if (before.length === order.length && before.every((id, i) => id === order[i])) return plan;
    const at = this.now();
    const next: Plan = { ...plan, milestoneOrder: order, version: plan.version + 1, updatedAt: at.toISOString() };
    await this.db.transact([
      this.db.update(
        {
          Key: key.plan(plan.id),
          UpdateExpression: 'SET milestoneOrder = :o, version = :v, updatedAt = :u ADD rev :one',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':o': order, ':v': next.version, ':u': next.updatedAt, ':expected': expectedVersion, ':one': 1 },
        },
        () => new VersionConflict('plan', plan.id),
      ),
      this.history.event(`plan/${plan.id}`, 'updated', next.version, [{ field: 'milestoneOrder', before: plan.milestoneOrder ?? null, after: order }], actor, at),
    ]);
    return next;
  }

  /**
   * Only a plan without milestones and contributions can be deleted; they are never dropped silently.
   * Its results framework goes with it: `framework` are the deletes of its `R#` items (read after the
   * plan, see commands/plans.ts), in the same transaction, so no orphan is left.
   */
  async delete(current: PlanRecord, expectedVersion: number, actor: Actor, framework: (at: Date) => WriteOp[] = () => []): Promise<void> {
    const plan = current.plan;
    if (plan.version !== expectedVersion) throw new VersionConflict('plan', plan.id, plan.version);
    const pk = key.plan(plan.id).pk;
    // Read after the plan (strongly consistent): every child that existed at its revision is seen.
    // Milestones (MS#) and contributions (CONTRIB#) sort before the results framework (R#), so the
    // first child tells whether any of them is left.
    const child = await this.db.first(
      {
        KeyConditionExpression: 'pk = :pk AND sk > :plan',
        ExpressionAttributeValues: { ':pk': pk, ':plan': '#PLAN' },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
      { name: 'pk', value: pk },
    );
    if (child && !String(child.sk).startsWith(RESULTS_PREFIX)) throw new Conflict('the plan still has milestones or contributions: delete or move them first', 'planNotEmpty');
    const at = this.now();
    // Guarded on the revision too: a milestone or contribution added since the plan was read moves
    // it (in the same transaction as the child), so the delete and the addition exclude each other.
    const remove = this.db.guardedDelete(key.plan(plan.id), expectedVersion, () => new Conflict('the plan changed while it was being deleted (something was added to it): look at it again', 'changedWhileDeleting'));
    const del = remove.op.Delete!;
    del.ConditionExpression = 'version = :expected AND rev = :rev';
    del.ExpressionAttributeValues = { ...del.ExpressionAttributeValues, ':rev': current.rev };
    const ops = [
      remove,
      ...framework(at),
      this.history.event(`plan/${plan.id}`, 'deleted', plan.version + 1, changes(plan, null, PLAN_FIELDS), actor, at),
    ];
    if (ops.length > MAX_TRANSACTION) throw new Conflict('the plan\'s results framework is too large to delete with it at once: delete its results and periods first', 'resultsTooLarge');
    await this.db.transact(ops);
  }
}
