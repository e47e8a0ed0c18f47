/** Thin helpers over the DocumentClient: reads, paged queries with opaque cursors, guarded transactions. */
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { Cursors } from './cursors.ts';
import { InvalidCursor } from './errors.ts';
import { trackerTable } from './tables.ts';

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/**
 * A ProjectionExpression and its attribute names for a list of attributes, each a name or a
 * document path (`translations.title`: only that part of the map). Every name is a placeholder
 * (`#<prefix><n>`), so reserved words need no care.
 */
export function projection(fields: readonly string[], prefix: string): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  const paths = fields.map((f) => f.split('.'));
  const names = [...new Set(paths.flat())];
  return {
    ProjectionExpression: paths.map((path) => path.map((name) => `#${prefix}${names.indexOf(name)}`).join('.')).join(', '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#${prefix}${i}`, name])),
  };
}

/** Every item of a paged list, 100 a page, up to `max` (lists kept small: strategies, a strategy's plans, a plan's milestones). */
export async function everyPage<T>(list: (page: PageRequest) => Promise<Page<T>>, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out;
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** One write in a transaction, and the error to raise if its condition fails. */
export interface WriteOp {
  op: TransactItem;
  onConditionFailed?: () => Error;
}

export class Db {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    /** Seals and opens page cursors (a random key, good for this process only, unless given). */
    readonly cursors: Cursors = Cursors.ephemeral(),
  ) {}

  async get(key: Key): Promise<Item | undefined> {
    if (!fits(key)) return undefined;
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  /** Up to 100 keys in one request (retries unprocessed keys, which DynamoDB may return under load). */
  async batchGet(all: Key[]): Promise<Item[]> {
    const keys = all.filter(fits);
    if (keys.length === 0) return [];
    let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
      [this.tableName]: { Keys: keys, ConsistentRead: true },
    };
    const found: Item[] = [];
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 25));
      const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[this.tableName] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
    return found;
  }

  /**
   * Puts up to 25 new items per BatchWriteItem request (unconditional: for records no one else
   * writes, such as an import's preview), retrying what DynamoDB leaves unprocessed.
   */
  async batchPut(items: Item[]): Promise<void> {
    for (let start = 0; start < items.length; start += 25) {
      let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = {
        [this.tableName]: items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: withoutUndefined(item) } })),
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 25));
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  }

  /**
   * One page of a query. Unfiltered, that is one Query request. With a filter (a donor's or a
   * Director General's view), DynamoDB's Limit counts the items read before the filter, so Query
   * is sent again until the page holds `limit` items the caller may see or the list ends: a
   * caller never gets an empty page with a cursor. The cursor names the last item the caller was
   * given, sealed and bound to this list (`Cursors`), never an item the filter hid.
   */
  /**
   * `filteredOut` counts the items a FilterExpression left out of what was read. A cursor names a
   * position in one list (the query as written, or `sameList` when the filter only hides what some
   * readers may not see, so that a cursor goes on under either form).
   */
  async queryPage(
    input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
    page: PageRequest,
    partition: { name: string; value: string },
    sameList?: string,
  ): Promise<Page<Item> & { filteredOut: number }> {
    if (Buffer.byteLength(partition.value) > 2048) return { items: [], nextCursor: null, filteredOut: 0 };
    const list = sameList === undefined ? listOf(this.tableName, input) : JSON.stringify([this.tableName, sameList]);
    let from = page.cursor ? await this.cursors.open(page.cursor, list) : undefined;
    if (from && from[partition.name] !== partition.value) throw new InvalidCursor();
    const filtered = input.FilterExpression !== undefined;
    const items: Item[] = [];
    let more = false;
    let filteredOut = 0;
    try {
      do {
        const out = await this.doc.send(
          new QueryCommand({ ...input, TableName: this.tableName, Limit: filtered ? Math.max(page.limit, FILTERED_READ) : page.limit, ExclusiveStartKey: from }),
        );
        items.push(...(out.Items ?? []));
        filteredOut += (out.ScannedCount ?? 0) - (out.Count ?? 0);
        from = out.LastEvaluatedKey;
        more = from !== undefined;
      } while (filtered && more && items.length < page.limit);
    } catch (error) {
      if (page.cursor && (error as Error).name === 'ValidationException') throw new InvalidCursor();
      throw error;
    }
    const shown = items.slice(0, page.limit);
    const last = shown.at(-1);
    if (!last || (!more && items.length <= page.limit)) return { items: shown, nextCursor: null, filteredOut };
    const start = Object.fromEntries(keyAttributes(input.IndexName).map((name) => [name, last[name]]));
    return { items: shown, nextCursor: await this.cursors.seal(start, list), filteredOut };
  }

  /** The first item of a query (one request, no cursor), for "is there any" and "the latest". */
  async first(input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>, partition: { name: string; value: string }): Promise<Item | undefined> {
    if (Buffer.byteLength(partition.value) > 2048) return undefined;
    const out = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, Limit: 1 }));
    return out.Items?.[0];
  }

  /** Every item of a query, following DynamoDB's own pages (for roll-ups over one item collection). */
  async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }));
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** One TransactWriteItems; a failed condition raises the error its op names. */
  async transact(ops: WriteOp[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: ops.map((o) => o.op) }));
        return;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
        if ((error as Error).name === 'TransactionCanceledException' && reasons) {
          const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
          const onFail = failed >= 0 ? ops[failed]?.onConditionFailed : undefined;
          if (onFail) throw onFail();
          // Another transaction held one of the items (e.g. two milestones of one plan saved at
          // once, both moving the plan's revision): nothing was written, so sending it again is safe.
          if (reasons.some((r) => r.Code === 'TransactionConflict') && attempt < 5) {
            await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
            continue;
          }
        }
        throw error;
      }
    }
  }

  /** Put `item` if its version is still `expectedVersion` (or if it does not exist yet, for null). */
  guardedPut(item: Item, expectedVersion: number | null, onConditionFailed: () => Error): WriteOp {
    return {
      op: {
        Put: {
          TableName: this.tableName,
          Item: withoutUndefined(item),
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        },
      },
      onConditionFailed,
    };
  }

  guardedDelete(key: Key, expectedVersion: number, onConditionFailed: () => Error): WriteOp {
    return {
      op: {
        Delete: {
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      onConditionFailed,
    };
  }

  /** Append-only: an event key is never written twice. */
  append(item: Item): WriteOp {
    return {
      op: { Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    };
  }

  update(input: Omit<NonNullable<TransactItem['Update']>, 'TableName'>, onConditionFailed?: () => Error): WriteOp {
    return { op: { Update: { ...input, TableName: this.tableName } }, onConditionFailed };
  }

  conditionCheck(key: Key, condition: string, onConditionFailed: () => Error, values?: Record<string, unknown>): WriteOp {
    return {
      op: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: key,
          ConditionExpression: condition,
          ...(values ? { ExpressionAttributeValues: values } : {}),
        },
      },
      onConditionFailed,
    };
  }
}

/**
 * DynamoDB refuses a key over 2048 bytes (partition) or 1024 bytes (sort) with an error; an id that
 * long names nothing we stored, so it is not found, without a request.
 */
function fits(key: Key): boolean {
  return Buffer.byteLength(key.pk) <= 2048 && Buffer.byteLength(key.sk) <= 1024;
}

/** Optional fields a caller left undefined are simply absent from the stored item. */
function withoutUndefined(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

/** Items a filtered page reads per Query (DynamoDB's Limit counts them before the filter). */
const FILTERED_READ = 100;

/** The attributes that position a query on the table or one of its indexes (ExclusiveStartKey). */
function keyAttributes(indexName: string | undefined): string[] {
  const names: string[] = [trackerTable.partitionKey.name, trackerTable.sortKey!.name];
  const index = trackerTable.globalSecondaryIndexes.find((i) => i.indexName === indexName);
  if (index) names.push(index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : []));
  return names;
}

/**
 * What a cursor is bound to: the table, the index, the key condition, the filter and their values
 * (the partition, and whose view a filtered list is).
 */
function listOf(tableName: string, input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>): string {
  const values = Object.entries(input.ExpressionAttributeValues ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const names = Object.entries(input.ExpressionAttributeNames ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([tableName, input.IndexName ?? null, input.KeyConditionExpression, input.FilterExpression ?? null, input.ScanIndexForward ?? true, names, values]);
}
