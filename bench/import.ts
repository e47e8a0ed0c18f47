/**
 * A spreadsheet import, timed: `npm run bench:import`.
 *
 * Over DynamoDB Local (in memory), with the demo world: a CSV of 500 new milestones is read
 * (shared/sheets), previewed and confirmed through the commands, as the API's two calls do. Prints
 * the time of each step, the DynamoDB write requests (the budget: at most 15 for 500
 * rows), and, measured in the same run as the baseline, 500 milestones added one by one through
 * the same command the API's POST /plans/{id}/milestones calls (500 TransactWriteItems).
 */
import { addMilestone, confirmImport, createPlan, previewImport } from '../shared/commands/index.ts';
import { readSpreadsheet } from '../shared/sheets/read.ts';
import { createStore } from '../shared/store/index.ts';
import { trackerTable } from '../shared/store/tables.ts';
import { seedDemo } from '../local/seed.ts';
import { createTables, dynamoClients, startDynamoDbLocal } from '../local/dynamodb-local.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROWS = Number(process.env.BENCH_ROWS ?? 500);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const caller = { userId: 'coord-pe', role: 'coordinator' as const, administrationId: 'PE' };
const WRITES = new Set(['BatchWriteCommand', 'TransactWriteCommand', 'PutCommand', 'UpdateCommand', 'DeleteCommand']);

const dynamo = await startDynamoDbLocal({ inMemory: true, quiet: true, heapMb: 1024 });
try {
  const names = await createTables(dynamo.endpoint, 'benchimport-');
  const { doc } = dynamoClients(dynamo.endpoint);
  const sent: string[] = [];
  const send = doc.send.bind(doc);
  (doc as { send: unknown }).send = (command: object, ...rest: never[]) => {
    sent.push(command.constructor.name);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  };
  const store = createStore(doc, names[trackerTable.logicalName]!);
  await seedDemo(store, new Date());
  const deps = { store, now: () => new Date() };
  const owners = ['PE', 'AR', 'GT', 'BR', 'MX', 'CR'];
  const text = ['Title;Owner administration;Due date;Status;Progress', ...Array.from({ length: ROWS }, (_, i) => `Milestone ${i + 1};${owners[i % owners.length]};15/${String((i % 12) + 1).padStart(2, '0')}/2027;En curso;${i % 100}`)].join('\r\n');
  const bytes = new TextEncoder().encode(text);
  const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const runs: { read: number; preview: number; confirm: number; writes: number; transactions: number; baseline: number }[] = [];

  for (let r = 0; r < REPEATS; r++) {
    const plan = await createPlan(deps, caller, { strategyId: 'ams-rm', plan: { title: `Bench import ${r}`, period: { start: '2027-01-01', end: '2027-12-31' } } });
    sent.length = 0;
    let t = process.hrtime.bigint();
    const tables = readSpreadsheet(bytes);
    const read = ms(t);
    t = process.hrtime.bigint();
    const preview = await previewImport(deps, caller, { planId: plan.id, fileName: 'bench.csv', tables, language: 'es' });
    const previewMs = ms(t);
    if (preview.errors.length > 0 || !preview.id) throw new Error(`preview failed: ${JSON.stringify(preview.errors.slice(0, 3))}`);
    t = process.hrtime.bigint();
    await confirmImport(deps, caller, { planId: plan.id, importId: preview.id });
    const confirm = ms(t);
    const writes = sent.filter((n) => WRITES.has(n)).length;
    const transactions = sent.filter((n) => n === 'TransactWriteCommand').length;

    // The baseline: the same milestones added one by one through the command the API's POST calls.
    const other = await createPlan(deps, caller, { strategyId: 'ams-rm', plan: { title: `Bench one by one ${r}`, period: { start: '2027-01-01', end: '2027-12-31' } } });
    t = process.hrtime.bigint();
    for (let i = 0; i < ROWS; i++) {
      await addMilestone(deps, caller, { planId: other.id, milestone: { title: `Milestone ${i + 1}`, ownerAdministrationId: owners[i % owners.length], dueDate: `2027-${String((i % 12) + 1).padStart(2, '0')}-15`, status: 'in_progress', progress: i % 100 } });
    }
    runs.push({ read, preview: previewMs, confirm, writes, transactions, baseline: ms(t) });
  }

  const total = (x: (typeof runs)[number]) => x.read + x.preview + x.confirm;
  console.log(`Import of ${ROWS} milestones from a CSV over DynamoDB Local, median of ${REPEATS} runs`);
  console.log(`  read the file (csv-parse)         ${median(runs.map((x) => x.read)).toFixed(1)} ms`);
  console.log(`  preview (rules, record saved)     ${median(runs.map((x) => x.preview)).toFixed(1)} ms`);
  console.log(`  confirm (${runs[0]!.transactions} TransactWriteItems)     ${median(runs.map((x) => x.confirm)).toFixed(1)} ms`);
  console.log(`  whole import                      ${median(runs.map(total)).toFixed(1)} ms`);
  console.log(`  DynamoDB write requests           ${runs[0]!.writes} (budget: 15)`);
  console.log(`baseline: ${ROWS} POSTs' command one by one      ${median(runs.map((x) => x.baseline)).toFixed(1)} ms (${ROWS} TransactWriteItems)`);
  console.log(`ratio import / one by one: ${(median(runs.map(total)) / median(runs.map((x) => x.baseline))).toFixed(2)}x`);
  if (runs.some((x) => x.writes > 15)) process.exitCode = 1;
} finally {
  await dynamo.stop();
}
