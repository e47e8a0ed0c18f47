/**
 * A spreadsheet import, timed: `npm run bench:import`.
 *
 * Over DynamoDB Local (in memory), with the demo world: an XLSX of 500 rows (400 new milestones
 * and 100 contributions, BENCH_ROWS in all, a fifth of them contributions) is read
 * (shared/sheets), previewed and confirmed through the commands, as the API's two calls do. Prints
 * the time of each step, the DynamoDB write requests (the budget: at most 15 for 500
 * rows), and, measured in the same run as the baseline, the same rows added one by one through
 * the commands the API's POST /plans/{id}/milestones and /contributions call (one
 * TransactWriteItems each).
 */
import { addMilestone, confirmImport, createPlan, previewImport, recordContribution } from '../shared/commands/index.ts';
import { writeXlsx } from '../shared/sheets/write.ts';
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
  const donors = ['jica', 'idb', 'usaid', 'imf-captac-dr'];
  const contributionRows = Math.floor(ROWS / 5);
  const milestoneRows = ROWS - contributionRows;
  const milestone = (i: number) => ({ title: `Milestone ${i + 1}`, ownerAdministrationId: owners[i % owners.length]!, dueDate: `2027-${String((i % 12) + 1).padStart(2, '0')}-15`, status: 'in_progress' as const, progress: i % 100 });
  const contribution = (i: number) => ({ donorId: donors[i % donors.length]!, kind: 'financial' as const, description: `Contribution ${i + 1}`, amount: `${1000 + i}.50`, currency: 'USD', stage: 'pledged' as const, stageDates: { pledged: '2027-02-01' } });
  const text = (header: string) => ({ header, kind: 'text' as const });
  const bytes = await writeXlsx([
    {
      name: 'Milestones',
      columns: [{ header: 'Ref', kind: 'integer' }, text('Title'), text('Owner administration'), { header: 'Due date', kind: 'date' }, text('Status'), { header: 'Progress', kind: 'percent' }],
      rows: Array.from({ length: milestoneRows }, (_, i) => { const m = milestone(i); return [i + 1, m.title, m.ownerAdministrationId, m.dueDate, 'En curso', m.progress]; }),
    },
    {
      name: 'Contributions',
      columns: [text('Donor'), text('Kind'), text('Description'), { header: 'Amount', kind: 'money' }, text('Currency'), text('Stage'), { header: 'Pledged on', kind: 'date' }, { header: 'Milestone ref', kind: 'integer' }],
      rows: Array.from({ length: contributionRows }, (_, i) => { const c = contribution(i); return [c.donorId, 'Financial', c.description, { amount: c.amount, currency: 'USD' }, 'USD', 'Pledged', '2027-02-01', i + 1]; }),
    },
  ]);
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
    const preview = await previewImport(deps, caller, { planId: plan.id, fileName: 'bench.xlsx', tables, language: 'es' });
    const previewMs = ms(t);
    if (preview.errors.length > 0 || !preview.confirmable) throw new Error(`preview failed: ${JSON.stringify(preview.errors.slice(0, 3))}`);
    t = process.hrtime.bigint();
    await confirmImport(deps, caller, { planId: plan.id, importId: preview.id });
    const confirm = ms(t);
    const writes = sent.filter((n) => WRITES.has(n)).length;
    const transactions = sent.filter((n) => n === 'TransactWriteCommand').length;

    // The baseline: the same milestones added one by one through the command the API's POST calls.
    const other = await createPlan(deps, caller, { strategyId: 'ams-rm', plan: { title: `Bench one by one ${r}`, period: { start: '2027-01-01', end: '2027-12-31' } } });
    t = process.hrtime.bigint();
    for (let i = 0; i < milestoneRows; i++) await addMilestone(deps, caller, { planId: other.id, milestone: milestone(i) });
    for (let i = 0; i < contributionRows; i++) await recordContribution(deps, caller, { planId: other.id, contribution: contribution(i) });
    runs.push({ read, preview: previewMs, confirm, writes, transactions, baseline: ms(t) });
  }

  const total = (x: (typeof runs)[number]) => x.read + x.preview + x.confirm;
  console.log(`Import of ${ROWS} rows (${milestoneRows} milestones, ${contributionRows} contributions) from an XLSX over DynamoDB Local, median of ${REPEATS} runs`);
  console.log(`  read the file (SheetJS)           ${median(runs.map((x) => x.read)).toFixed(1)} ms`);
  console.log(`  preview (rules, record saved)     ${median(runs.map((x) => x.preview)).toFixed(1)} ms`);
  console.log(`  confirm (${runs[0]!.transactions} TransactWriteItems)     ${median(runs.map((x) => x.confirm)).toFixed(1)} ms`);
  console.log(`  whole import                      ${median(runs.map(total)).toFixed(1)} ms`);
  console.log(`  DynamoDB write requests           ${runs[0]!.writes} (budget: 15)`);
  console.log(`baseline: ${ROWS} POSTs' commands one by one     ${median(runs.map((x) => x.baseline)).toFixed(1)} ms (${ROWS} TransactWriteItems)`);
  console.log(`ratio import / one by one: ${(median(runs.map(total)) / median(runs.map((x) => x.baseline))).toFixed(2)}x`);
  if (runs.some((x) => x.writes > 15)) process.exitCode = 1;
} finally {
  await dynamo.stop();
}
