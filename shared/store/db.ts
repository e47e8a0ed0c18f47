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
import { InvalidCursor } from './errors.ts';

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

  /** One Query request for one page. The cursor is bound to the partition it was issued for. */
  async queryPage(input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>, page: PageRequest, partition: { name: string; value: string }): Promise<Page<Item>> {
    if (Buffer.byteLength(partition.value) > 2048) return { items: [], nextCursor: null };
    const startKey = page.cursor ? decodeCursor(page.cursor, partition) : undefined;
    try {
      const out = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.tableName, Limit: page.limit, ExclusiveStartKey: startKey }),
      );
      return { items: out.Items ?? [], nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null };
    } catch (error) {
      if (startKey && (error as Error).name === 'ValidationException') throw new InvalidCursor();
      throw error;
    }
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

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, partition: { name: string; value: string }): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length > 6 ||
    !Object.values(parsed).every((v) => typeof v === 'string' && v.length > 0 && v.length < 1024) ||
    (parsed as Record<string, string>)[partition.name] !== partition.value
  ) {
    throw new InvalidCursor();
  }
  return parsed as Record<string, string>;
}
