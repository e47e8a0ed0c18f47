/**
 * Administrations, donors and people: the directory the secretariat keeps. Same shape each:
 * one item per resource, listed through gsi1, changed with a version guard and a history event.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Administration, Donor, Person } from '../domain/resources.ts';
import type { Db, Item, Key, Page, PageRequest, WriteOp } from './db.ts';
import { AlreadyExists, NotFound, VersionConflict } from './errors.ts';
import { changes, strip, type Actor, type History } from './history.ts';
import { key, listKey } from './keys.ts';

interface DirectoryConfig<T> {
  resource: string;
  key: (id: string) => Key;
  listPartition: string;
  /** Extra index attributes for an item (e.g. people by administration). */
  indexes?: (resource: T) => Item;
  /** Further writes in the same transaction as every create and update (e.g. a revision marker). */
  alsoWrite?: (resource: T) => WriteOp[];
}

export class DirectoryRepository<T extends { id: string; version: number }> {
  constructor(
    protected readonly db: Db,
    protected readonly history: History,
    protected readonly now: () => Date,
    private readonly config: DirectoryConfig<T>,
  ) {}

  private item(resource: T): Item {
    return {
      ...this.config.key(resource.id),
      gsi1pk: this.config.listPartition,
      gsi1sk: resource.id,
      entity: this.config.resource,
      ...this.config.indexes?.(resource),
      ...resource,
    };
  }

  async get(id: string): Promise<T | undefined> {
    const item = await this.db.get(this.config.key(id));
    return item ? strip<T>(item) : undefined;
  }

  async require(id: string): Promise<T> {
    const found = await this.get(id);
    if (!found) throw new NotFound(this.config.resource, id);
    return found;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, T>> {
    const unique = [...new Set(ids)];
    const items = await this.db.batchGet(unique.map(this.config.key));
    return new Map(items.map((i) => [i.id as string, strip<T>(i)]));
  }

  async list(page: PageRequest): Promise<Page<T>> {
    const out = await this.db.queryPage(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': this.config.listPartition },
      },
      page,
      { name: 'gsi1pk', value: this.config.listPartition },
    );
    return { items: out.items.map((i) => strip<T>(i)), nextCursor: out.nextCursor };
  }

  async create(body: Omit<T, 'version' | 'createdAt' | 'updatedAt'>, actor: Actor): Promise<T> {
    const at = this.now().toISOString();
    const resource = { ...body, version: 1, createdAt: at, updatedAt: at } as unknown as T;
    const subject = `${this.config.resource}/${resource.id}`;
    await this.db.transact([
      this.db.guardedPut(this.item(resource), null, () => new AlreadyExists(this.config.resource, resource.id)),
      this.history.event(subject, 'created', 1, changes(null, resource as unknown as Item, Object.keys(body)), actor, new Date(at)),
      ...(this.config.alsoWrite?.(resource) ?? []),
    ]);
    return resource;
  }

  /** `patch` may be worked out from the stored item (e.g. a name's translations) without reading it twice. */
  async update(id: string, change: Partial<T> | ((current: T) => Partial<T>), expectedVersion: number, actor: Actor): Promise<T> {
    const current = await this.require(id);
    if (current.version !== expectedVersion) throw new VersionConflict(this.config.resource, id, current.version);
    const patch = typeof change === 'function' ? change(current) : change;
    const at = this.now();
    const next = { ...current, ...patch, version: current.version + 1, updatedAt: at.toISOString() } as T;
    const changed = changes(current as unknown as Item, next as unknown as Item, Object.keys(patch));
    if (changed.length === 0) return current;
    await this.db.transact([
      this.db.guardedPut(this.item(next), expectedVersion, () => new VersionConflict(this.config.resource, id)),
      this.history.event(`${this.config.resource}/${id}`, 'updated', next.version, changed, actor, at),
      ...(this.config.alsoWrite?.(next) ?? []),
    ]);
    return next;
  }
}

export type Administrations = DirectoryRepository<Administration>;
export type Donors = DirectoryRepository<Donor>;

export class People extends DirectoryRepository<Person> {
  /** People of an administration (e.g. its focal points for reminders), one Query. */
  async ofAdministration(administrationId: string): Promise<Person[]> {
    const items = await this.db.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': listKey.peopleOfAdministration(administrationId) },
    });
    return items.map((i) => strip<Person>(i));
  }

  /** The secretariat's people, one Query. */
  async secretariat(): Promise<Person[]> {
    const items = await this.db.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': listKey.secretariat },
    });
    return items.map((i) => strip<Person>(i));
  }

  /**
   * When a person last signed in: a fact about the session, not a change of the person, so neither
   * the version nor the history moves (a form someone has open stays valid).
   */
  async touchSignIn(id: string, at: Date): Promise<void> {
    try {
      await this.db.doc.send(new UpdateCommand({
        TableName: this.db.tableName,
        Key: key.person(id),
        UpdateExpression: 'SET signedInAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }));
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}

export function directory(db: Db, history: History, now: () => Date) {
  return {
    administrations: new DirectoryRepository<Administration>(db, history, now, {
      resource: 'administration',
      key: key.administration,
      listPartition: listKey.administrations,
    }),
    donors: new DirectoryRepository<Donor>(db, history, now, {
      resource: 'donor',
      key: key.donor,
      listPartition: listKey.donors,
    }),
    people: new People(db, history, now, {
      resource: 'person',
      key: key.person,
      listPartition: listKey.people,
      indexes: (p) =>
        p.administrationId
          ? { gsi2pk: listKey.peopleOfAdministration(p.administrationId), gsi2sk: `${p.role}#${p.id}` }
          : p.donorId
            ? { gsi2pk: listKey.peopleOfDonor(p.donorId), gsi2sk: `${p.role}#${p.id}` }
            : p.role === 'admin'
              ? { gsi2pk: listKey.secretariat, gsi2sk: `${p.role}#${p.id}` }
              : {},
    }),
  };
}
