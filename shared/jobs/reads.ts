/**
 * Batch reads for the jobs: eventually consistent (half the read capacity of the API's strongly
 * consistent reads) and projected to what a mail shows. A run acts on a snapshot anyway; the
 * ledger's conditional writes are what keep it exactly once.
 */
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { projection, type Item, type Key } from '../store/db.ts';
import type { Store } from '../store/index.ts';
import { retrying } from './retry.ts';

export async function batchGetEventually(store: Store, keys: readonly Key[], fields: readonly string[]): Promise<Item[]> {
  const { doc, tableName } = store.db;
  const { ProjectionExpression, ExpressionAttributeNames } = projection(['pk', 'sk', ...fields], 'f');
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; batch && batch.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 2 ** attempt * 25)));
      const request = { [tableName]: { Keys: batch, ConsistentRead: false, ProjectionExpression, ExpressionAttributeNames } };
      const out: BatchGetCommandOutput = await retrying(() => doc.send(new BatchGetCommand({ RequestItems: request })));
      found.push(...((out.Responses?.[tableName] ?? []) as Item[]));
      batch = out.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}
