/**
 * `npm run job -- <reminders|digests> [--at <ISO instant>]`: runs a scheduled job once, for a
 * given instant, with the local outbox as the mailer. Uses the DynamoDB Local of a running
 * `npm start`; without one, starts DynamoDB Local on the same data folder (loading the demo data
 * on first use) and stops it afterwards. Running it twice for the same instant sends nothing new.
 */
import { join } from 'node:path';
import { runDigests } from '../shared/jobs/digests.ts';
import { runReminders } from '../shared/jobs/reminders.ts';
import { JOB_NAMES, type JobName } from '../shared/jobs/schedule.ts';
import { Cursors, createStore } from '../shared/store/index.ts';
import { printable } from './terminal.ts';
import { trackerTable } from '../shared/store/tables.ts';
import { LOCAL_DIR, claimDataFolder, runningStackPid } from './dev-keys.ts';
import { SetupError, createTables, dynamoClients, startDynamoDbLocal } from './dynamodb-local.ts';
import { OUTBOX_DIR, localLinkSecret, localMail, runningStack } from './outbox.ts';
import { summary } from './scheduler.ts';
import { seedDemo } from './seed.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const USAGE = 'Usage: npm run job -- <reminders|digests> [--at 2026-12-01T12:00:00Z]';

function parseArgs(argv: string[]): { job: JobName; at: Date } {
  const [job, ...rest] = argv;
  if (!job || !(JOB_NAMES as readonly string[]).includes(job)) throw new SetupError(`${USAGE}\n(the first argument must be reminders or digests)`);
  let at = new Date();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = arg.startsWith('--at=') ? arg.slice(5) : arg === '--at' ? rest[++i] : undefined;
    if (value === undefined) throw new SetupError(`${USAGE}\n(unknown argument ${arg})`);
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(Date.parse(value))) {
      throw new SetupError(`--at must be an ISO 8601 date or instant such as 2026-12-01T12:00:00Z (got ${value}).`);
    }
    at = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  }
  return { job: job as JobName, at };
}

async function main() {
  const { job, at } = parseArgs(process.argv.slice(2));
  const stack = runningStack();
  let stop = async () => {};
  let endpoint: string;
  let tableName: string;
  let publicUrl: string;
  if (stack) {
    ({ endpoint, tableName, publicUrl } = stack);
    console.log(`Using the running npm start (DynamoDB Local at ${endpoint}).`);
  } else {
    const other = runningStackPid();
    if (other) throw new SetupError(`An npm start (process ${other}) uses ${LOCAL_DIR} but did not say where its DynamoDB Local listens: restart it, then run the job again.`);
    // While the job runs, no npm start may open the same data folder.
    claimDataFolder();
    console.log('No npm start running: starting DynamoDB Local on the local data folder…');
    const dynamo = await startDynamoDbLocal({ dbPath: join(LOCAL_DIR, 'dynamodb'), quiet: true, heapMb: 512 });
    stop = () => dynamo.stop();
    endpoint = dynamo.endpoint;
    tableName = (await createTables(endpoint, 'local-'))[trackerTable.logicalName]!;
    publicUrl = `http://localhost:${process.env.PORT ?? 3000}`;
  }
  try {
    const store = createStore(dynamoClients(endpoint).doc, tableName, () => new Date(), new Cursors(localLinkSecret));
    if (!stack && (await seedDemo(store))) console.log('Loaded the demo data.');
    const mail = localMail(publicUrl);
    const result = await (job === 'reminders' ? runReminders : runDigests)({ ...mail, store, now: at });
    console.log(summary(result));
    for (const m of result.messages) console.log(printable(`  ${m.error ? 'FAILED' : 'sent  '} [${m.language}] ${m.to}: ${m.subject}${m.error ? ` (${m.error})` : ''}`));
    for (const w of result.warnings) console.log(printable(`  note: ${w}`));
    console.log(`Outbox: ${OUTBOX_DIR}${stack ? ` and ${publicUrl}/outbox` : ' (npm start shows it at /outbox)'}`);
    if (result.failed > 0) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error instanceof SetupError ? error.message : error);
  process.exit(error instanceof SetupError ? 2 : 1);
});

