/**
 * `npm run migrate -- --table <name> [--endpoint <url>]`: brings stored data up to what the code
 * expects. Today one step: plans stored before their permission facts were kept as per-id counts
 * (issue 10, item 3) get them, counted from their milestones and contributions, and lose the sets
 * that only grew. Safe to run while the app serves (each plan is written on the condition that it
 * did not change since it was counted) and to run again (a counted plan is left as it is).
 * `npm start` runs it on the local data; against AWS, run it once after deploying, with the
 * credentials and region of the account (AWS_REGION). A plan the migration has not reached yet
 * is read with its old sets and counted on its first change.
 */
import { pathToFileURL } from 'node:url';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../shared/store/client.ts';
import { Db, type Item } from '../shared/store/db.ts';
import { countPlanFacts } from '../shared/store/plan-collection.ts';

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
}
