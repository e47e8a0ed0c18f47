/** Strategies and their co-coordinator terms (one item collection per strategy). */
import type { Coordinator, Strategy } from '../domain/resources.ts';
import type { Db, Item, Page, PageRequest, WriteOp } from './db.ts';
import { AlreadyExists, Conflict, NotFound, VersionConflict } from './errors.ts';
import { changes, strip, type Actor, type History } from './history.ts';
import { markFeeds } from './feed-marks.ts';
import { key, listKey } from './keys.ts';

const STRATEGY_FIELDS = ['region', 'title', 'description', 'approvedOn', 'approvalForum', 'status', 'reminders', 'translations'] as const;

export class Strategies {
  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly now: () => Date,
  ) {}

  private item(s: Strategy): Item {
    return { ...key.strategy(s.id), gsi1pk: listKey.strategies, gsi1sk: s.id, entity: 'strategy', ...s };
  }

  async get(id: string): Promise<Strategy | undefined> {
    const item = await this.db.get(key.strategy(id));
    return item ? strip<Strategy>(item) : undefined;
  }

  async require(id: string): Promise<Strategy> {
    const s = await this.get(id);
    if (!s) throw new NotFound('strategy', id);
    return s;
  }

  /** The strategy and every co-coordinator term, past and present, in one Query. */
  async withCoordinators(id: string): Promise<{ strategy: Strategy; coordinators: Coordinator[] }> {
    const items = await this.db.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': key.strategy(id).pk },
    });
    const strategyItem = items.find((i) => i.sk === 'STRAT');
    if (!strategyItem) throw new NotFound('strategy', id);
    const coordinators = items
      .filter((i) => String(i.sk).startsWith('COORD#'))
      .map((i) => strip<Coordinator>(i))
      .sort((a, b) => a.since.localeCompare(b.since) || a.administrationId.localeCompare(b.administrationId));
    return { strategy: strip<Strategy>(strategyItem), coordinators };
  }

  async list(page: PageRequest): Promise<Page<Strategy>> {
    const out = await this.db.queryPage(
      { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': listKey.strategies } },
      page,
      { name: 'gsi1pk', value: listKey.strategies },
    );
    return { items: out.items.map((i) => strip<Strategy>(i)), nextCursor: out.nextCursor };
  }

  async create(body: Omit<Strategy, 'version' | 'createdAt' | 'updatedAt' | 'coordinatorIds'>, actor: Actor): Promise<Strategy> {
    const at = this.now();
    const strategy: Strategy = { ...body, coordinatorIds: [], version: 1, createdAt: at.toISOString(), updatedAt: at.toISOString() };
    await this.db.transact([
      this.db.guardedPut(this.item(strategy), null, () => new AlreadyExists('strategy', strategy.id)),
      this.history.event(`strategy/${strategy.id}`, 'created', 1, changes(null, strategy, STRATEGY_FIELDS), actor, at),
    ]);
    return strategy;
  }

  async update(current: Strategy, patch: Partial<Strategy>, expectedVersion: number, actor: Actor): Promise<Strategy> {
    if (current.version !== expectedVersion) throw new VersionConflict('strategy', current.id, current.version);
    const at = this.now();
    const next: Strategy = { ...current, ...patch, version: current.version + 1, updatedAt: at.toISOString() };
    const changed = changes(current, next, STRATEGY_FIELDS);
    if (changed.length === 0) return current;
    await this.db.transact([
      this.db.guardedPut(this.item(next), expectedVersion, () => new VersionConflict('strategy', current.id)),
      this.history.event(`strategy/${current.id}`, 'updated', next.version, changed, actor, at),
    ]);
    return next;
  }

  /**
   * Co-coordinators change the strategy (its version moves) and every plan's copy of the list, which
   * object-level permissions read, in the same transaction.
   */
  private async changeCoordinators(
    current: Strategy,
    expectedVersion: number,
    coordinatorIds: string[],
    termWrite: WriteOp,
    action: 'coordinator_added' | 'coordinator_removed',
    administrationId: string,
    actor: Actor,
  ): Promise<Strategy> {
    if (current.version !== expectedVersion) throw new VersionConflict('strategy', current.id, current.version);
    const planKeys = await this.db.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': listKey.plansOf(current.id) },
      ProjectionExpression: 'pk, sk',
    });
    if (planKeys.length > 95) throw new Conflict('this strategy has too many plans to change its co-coordinators in one step', 'tooManyPlans');
    const at = this.now();
    const next: Strategy = { ...current, coordinatorIds, version: current.version + 1, updatedAt: at.toISOString() };
    await this.db.transact([
      this.db.guardedPut(this.item(next), expectedVersion, () => new VersionConflict('strategy', current.id)),
      termWrite,
      ...planKeys.map((k) =>
        this.db.update({
          Key: { pk: k.pk as string, sk: k.sk as string },
          UpdateExpression: 'SET coordinatorIds = :c ADD rev :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':c': coordinatorIds, ':one': 1 },
        }),
      ),
      this.history.event(
        `strategy/${current.id}`,
        action,
        next.version,
        [{ field: 'coordinatorIds', before: current.coordinatorIds, after: coordinatorIds }, { field: 'administrationId', before: null, after: administrationId }],
        actor,
        at,
      ),
      // The administration's own feeds gain or lose the milestones of this strategy's plans.
      ...markFeeds(this.db, [administrationId]),
    ]);
    return next;
  }

  async addCoordinator(current: Strategy, administrationId: string, since: string, actor: Actor): Promise<{ strategy: Strategy; coordinator: Coordinator }> {
    if (current.coordinatorIds.includes(administrationId)) {
      throw new Conflict(`${administrationId} is already a co-coordinator of ${current.id}`, 'alreadyCoordinator', { administration: administrationId });
    }
    const coordinator: Coordinator = { administrationId, since, active: true, addedBy: actor.userId };
    const term = this.db.guardedPut(
      { ...key.coordinator(current.id, administrationId, since), entity: 'coordinator', ...coordinator },
      null,
      () => new Conflict(`${administrationId} already had a co-coordinator term starting ${since}; choose another date`, 'termExists', { administration: administrationId, since }),
    );
    const strategy = await this.changeCoordinators(
      current, current.version, [...current.coordinatorIds, administrationId].sort(), term, 'coordinator_added', administrationId, actor,
    );
    return { strategy, coordinator };
  }

  async removeCoordinator(current: Strategy, active: Coordinator, until: string, expectedVersion: number, actor: Actor): Promise<Strategy> {
    const ended: Coordinator = { ...active, active: false, until, removedBy: actor.userId };
    const term = this.db.guardedPut(
      { ...key.coordinator(current.id, active.administrationId, active.since), entity: 'coordinator', ...ended },
      null,
      () => new Conflict('unreachable'),
    );
    // The term item exists already: replace its guard with one on its still being active.
    const put = term.op.Put!;
    put.ConditionExpression = 'active = :true';
    put.ExpressionAttributeValues = { ':true': true };
    term.onConditionFailed = () => new VersionConflict('strategy', current.id);
    return this.changeCoordinators(
      current, expectedVersion, current.coordinatorIds.filter((c) => c !== active.administrationId), term, 'coordinator_removed', active.administrationId, actor,
    );
  }
}
