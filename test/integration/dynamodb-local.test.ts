/**
 * Proves the test harness: DynamoDB Local from the global setup, tables made from the shared
 * definitions, real transaction semantics, and the request counter.
 */
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { trackerTable } from '../../shared/store/tables.ts';
import { testTables, type TestTables } from '../support/dynamo.ts';

let t: TestTables;

beforeAll(async () => {
  t = await testTables();
});

afterAll(() => {
  t?.client.destroy();
});

describe('DynamoDB Local test harness', () => {
  it('creates the tracker table with its keys, three GSIs and TTL from the shared definition', async () => {
    const { Table } = await t.client.send(new DescribeTableCommand({ TableName: t.tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const indexes = (Table?.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        keys: index.KeySchema?.map((key) => `${key.AttributeName}:${key.KeyType}`),
        projection: index.Projection?.ProjectionType,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const expected = trackerTable.globalSecondaryIndexes
      .map((index) => ({
        name: index.indexName,
        keys: [`${index.partitionKey.name}:HASH`, `${index.sortKey.name}:RANGE`],
        projection: index.projection,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(indexes).toHaveLength(3);
    expect(indexes).toEqual(expected);

    const ttl = await t.client.send(new DescribeTimeToLiveCommand({ TableName: t.tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(trackerTable.timeToLiveAttribute);
  });

  it('gives each call its own table', async () => {
    const other = await testTables();
    try {
      expect(other.tableName).not.toBe(t.tableName);
      await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { pk: 'ISO#1', sk: 'X' } }));
      const seen = await other.doc.send(
        new GetCommand({ TableName: other.tableName, Key: { pk: 'ISO#1', sk: 'X' } }),
      );
      expect(seen.Item).toBeUndefined();
    } finally {
      other.client.destroy();
    }
  });

  it('cancels a whole transaction when one condition check fails, changing nothing', async () => {
    const Key = { pk: 'PLAN#tx', sk: 'MS#1' };
    await t.doc.send(
      new PutCommand({ TableName: t.tableName, Item: { ...Key, title: 'before', version: 1 } }),
    );

    const attempt = t.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: t.tableName,
              Key,
              UpdateExpression: 'SET title = :title, version = :next',
              ConditionExpression: 'version = :current',
              ExpressionAttributeValues: { ':title': 'after', ':next': 2, ':current': 1 },
            },
          },
          {
            Put: {
              TableName: t.tableName,
              Item: { pk: 'HIST#MS#1', sk: '2025-01-01T00:00:00Z#e1', kind: 'updated' },
            },
          },
          {
            ConditionCheck: {
              TableName: t.tableName,
              Key: { pk: 'PLAN#tx', sk: '#PLAN' },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ],
      }),
    );
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code);
    expect(reasons).toEqual(['None', 'None', 'ConditionalCheckFailed']);

    const after = await t.doc.send(new GetCommand({ TableName: t.tableName, Key, ConsistentRead: true }));
    expect(after.Item).toEqual({ ...Key, title: 'before', version: 1 });
    const history = await t.doc.send(
      new GetCommand({ TableName: t.tableName, Key: { pk: 'HIST#MS#1', sk: '2025-01-01T00:00:00Z#e1' } }),
    );
    expect(history.Item).toBeUndefined();
  });

  it('counts each GetItem and Query sent through the document client exactly once', async () => {
    await t.doc.send(
      new PutCommand({ TableName: t.tableName, Item: { pk: 'PLAN#count', sk: '#PLAN', name: 'p' } }),
    );
    await t.doc.send(
      new PutCommand({ TableName: t.tableName, Item: { pk: 'PLAN#count', sk: 'MS#1', name: 'm' } }),
    );
    t.counter.reset();
    expect(t.counter.total).toBe(0);

    const got = await t.doc.send(
      new GetCommand({ TableName: t.tableName, Key: { pk: 'PLAN#count', sk: '#PLAN' } }),
    );
    expect(got.Item?.name).toBe('p');
    const queried = await t.doc.send(
      new QueryCommand({
        TableName: t.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'PLAN#count' },
      }),
    );
    expect(queried.Items).toHaveLength(2);

    expect(t.counter.count('GetItemCommand')).toBe(1);
    expect(t.counter.count('QueryCommand')).toBe(1);
    expect(t.counter.count('GetCommand')).toBe(1); // document-client name, same operation
    expect(t.counter.commands).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(t.counter.total).toBe(2);
  });

  it('listens on the loopback address only, not on every interface (its command line cannot say so; our launcher binds it)', async () => {
    const port = Number(new URL(inject('dynamoEndpoint')).port);
    const portHex = port.toString(16).toUpperCase().padStart(4, '0');
    const listening: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      const text = await readFile(table, 'utf8');
      for (const line of text.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        // local_address is ADDRESS:PORT in hex; state 0A is LISTEN
        if (fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A') listening.push(fields[1].split(':')[0]!);
      }
    }
    expect(listening.length).toBeGreaterThan(0);
    // 127.0.0.1 as IPv4, as IPv4-mapped IPv6 (::ffff:127.0.0.1) or ::1; never 0.0.0.0 or ::
    const loopback = new Set(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);
    expect(listening.filter((address) => !loopback.has(address))).toEqual([]);
  });
});
