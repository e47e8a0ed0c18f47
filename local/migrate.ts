/**
 * `npm run migrate -- --table <name> [--endpoint <url>]`: brings stored data up to what the code
 * expects. Two steps: plans stored before their permission facts were kept as per-id counts
 * (issue 10, item 3) get them, counted from their milestones and contributions, and lose the sets
 * that only grew. Safe to run while the app serves (each plan is written on the condition that it
 * did not change since it was counted) and to run again (a counted plan is left as it is).
 * `npm start` runs it on the local data; against AWS, run it once after deploying, with the
 * credentials and region of the account (AWS_REGION). A plan the migration has not reached yet
 * is read with its old sets and counted on its first change. And reporting periods and returned
 * values stored before issue 12's reminders get their index entries (migrateResultIndexes).
 */
import { pathToFileURL } from 'node:url';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../shared/store/client.ts';
import { Db, type Item } from '../shared/store/db.ts';
import { countPlanFacts } from '../shared/store/plan-collection.ts';
import { listKey } from '../shared/store/keys.ts';

/** Counts every plan that needs it. Admin tooling: one Scan of the plan items (keys only). */
export async function migratePlanFacts(db: Db): Promise<{ plans: number; counted: number }> {
  let plans = 0;
  let counted = 0;
  let startKey: Item | undefined;
  do {
    const out = await db.doc.send(new ScanCommand({
      TableName: db.tableName,
      FilterExpression: 'entity = :plan',
      ExpressionAttributeValues: { ':plan': 'plan' },
      ProjectionExpression: 'id',
      ExclusiveStartKey: startKey,
    }));
    for (const item of out.Items ?? []) {
      plans++;
      if ((await countPlanFacts(db, String(item.id))) === 'counted') counted++;
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return { plans, counted };
}

/**
 * Issue 12's reminders read reporting periods by their last day (the `due` index) and returned values
 * by strategy (gsi2): periods and returned submissions stored before carry no such entry and get it,
 * each on the condition that its version did not change since it was read. Admin tooling: one Scan.
 */
export async function migrateResultIndexes(db: Db): Promise<{ read: number; indexed: number }> {
  let read = 0;
  let indexed = 0;
  let startKey: Item | undefined;
  do {
    const out = await db.doc.send(new ScanCommand({
      TableName: db.tableName,
      FilterExpression: '(entity = :period AND attribute_not_exists(duePk)) OR (entity = :submission AND #state = :returned AND attribute_not_exists(gsi2pk))',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':period': 'period', ':submission': 'submission', ':returned': 'returned' },
      ExclusiveStartKey: startKey,
    }));
    for (const item of out.Items ?? []) {
      read++;
      const entries = item.entity === 'period'
        ? { duePk: listKey.periodsByEnd, dueSk: `${item.end}#${item.id}` }
        : { gsi2pk: listKey.returned(String(item.strategyId)), gsi2sk: `${item.reviewedAt ?? item.updatedAt}#${item.id}` };
      const names = Object.keys(entries);
      try {
        await db.doc.send(new UpdateCommand({
          TableName: db.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: `SET ${names.map((n, i) => `#k${i} = :k${i}`).join(', ')}`,
          ConditionExpression: 'version = :version',
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#k${i}`, n])),
          ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:k${i}`, entries[n as keyof typeof entries]])), ':version': item.version },
        }));
        indexed++;
      } catch (error) {
        // Changed meanwhile: its new version was written with its index entries.
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return { read, indexed };
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const table = option(process.argv.slice(2), 'table');
  const endpoint = option(process.argv.slice(2), 'endpoint');
  if (!table) {
    console.error('Usage: npm run migrate -- --table <table name> [--endpoint <DynamoDB URL>]');
    process.exit(2);
  }
  const { doc } = dynamoDocumentClient(endpoint ? { endpoint } : {});
  const { plans, counted } = await migratePlanFacts(new Db(doc, table));
  console.log(`${plans} plans read, ${counted} counted.`);
  const results = await migrateResultIndexes(new Db(doc, table));
  console.log(`${results.read} reporting periods and returned values without their index entries, ${results.indexed} indexed.`);
}
