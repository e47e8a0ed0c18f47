/**
 * `npm run bench:jobs`: what the scheduled jobs cost as the data grows, over DynamoDB Local.
 *
 *   Reminders: 1,000 and then 10,000 milestones (200 plans, 50 administrations) with the same 100
 *   due. Each size is measured on a fresh table: a first run (sends) and a repeat (all already
 *   sent), with consumed read/write capacity (ReturnConsumedCapacity TOTAL) and wall time. The
 *   read capacity of the larger size must stay within 1.5x of the smaller (the run reads through
 *   the `due` index, so it should not grow at all).
 *
 *   Digests: 50 administrations with 1, 2, 4 and 8 plans each (10 milestones, 3 contributions per
 *   plan): a first run and a repeat, per size.
 *
 *   BENCH_REPEATS=3 npm run bench:jobs     (repeats of each timed run; the median is reported)
 */
import { BatchWriteCommand, type BatchWriteCommandInput, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../shared/domain/dates.ts';
import { COUNTRY_CODES } from '../shared/domain/codes.ts';
import { CapacityMeter } from '../shared/jobs/capacity.ts';
import type { JobDeps, JobResult } from '../shared/jobs/deps.ts';
import { runDigests } from '../shared/jobs/digests.ts';
import { mapLimit } from '../shared/jobs/retry.ts';
import { runReminders } from '../shared/jobs/reminders.ts';
import { mailLinks } from '../shared/mail/links.ts';
import type { Mailer } from '../shared/mail/port.ts';
import { createStore, type Store } from '../shared/store/index.ts';
import { key } from '../shared/store/keys.ts';
import { trackerTable } from '../shared/store/tables.ts';
import { createTables, dynamoClients, startDynamoDbLocal } from '../local/dynamodb-local.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const NOW = new Date('2026-12-01T11:00:00Z');
const TODAY = '2026-12-01';
const ADMINISTRATIONS = [...COUNTRY_CODES].sort().slice(0, 50);
const STRATEGIES = 4;
const actor = { userId: 'bench', role: 'admin' as const };

/** A mailer that accepts everything at once: the bench measures the job, not a provider. */
const mailer: Mailer = { send: async () => ({ messageId: 'bench' }) };
const links = mailLinks({ publicUrl: 'https://tracker.example.org', secret: 'bench-link-signing-secret-0123456789' });

const dynamo = await startDynamoDbLocal({ inMemory: true, quiet: true, heapMb: 1024 });
let tableCount = 0;

async function freshStore() {
  const names = await createTables(dynamo.endpoint, `bench${++tableCount}-`);
  const { client, doc } = dynamoClients(dynamo.endpoint);
  const meter = new CapacityMeter().attach(client);
  return { store: createStore(doc, names[trackerTable.logicalName]!, () => new Date('2026-11-01T00:00:00Z')), meter, doc, tableName: names[trackerTable.logicalName]! };
}

async function directory(store: Store) {
  await mapLimit(ADMINISTRATIONS, 8, async (id, i) => {
    const language = (['es', 'pt', 'fr', 'en'] as const)[i % 4]!;
    await store.administrations.create({ id, name: `Customs of ${id}`, language, timeZone: ['America/Lima', 'America/Sao_Paulo', 'Asia/Tokyo', 'Europe/Paris'][i % 4]!, directorGeneral: { name: `DG ${id}`, email: `dg-${id.toLowerCase()}@example.org` }, digestFrequency: 'monthly' }, actor);
    for (const [role, n] of [['director_general', 1], ['focal_point', 2]] as const) {
      for (let k = 0; k < n; k++) {
        const pid = `${role === 'director_general' ? 'dg' : `focal${k}`}-${id.toLowerCase()}`;
        await store.people.create({ id: pid, name: pid, email: `${pid}@example.org`, role, administrationId: id, remindersOptOut: false }, actor);
      }
    }
  });
  const strategies = [];
  for (let s = 0; s < STRATEGIES; s++) {
    let strategy = await store.strategies.create({ id: `strategy-${s}`, region: 'Bench', title: `Strategy ${s}`, status: 'active', reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 } }, actor);
    for (const c of [ADMINISTRATIONS[s * 2]!, ADMINISTRATIONS[s * 2 + 1]!]) strategy = (await store.strategies.addCoordinator(strategy, c, '2026-01-01', actor)).strategy;
    strategies.push(strategy);
  }
  return strategies;
}

/** The 100 due: spread over every reminder slot (14, 7, 1 days before, on the day, 7, 14 and 30 days late). */
const DUE_OFFSETS = [14, 10, 7, 3, 1, 0, -2, -7, -14, -30];

/**
 * `total` milestones over 200 plans: 100 due (the same ones at every size); the rest not due,
 * half done in the past, half planned for 2028.
 */
async function seedReminders(total: number) {
  const { store, meter } = await freshStore();
  const strategies = await directory(store);
  const plans = await mapLimit(Array.from({ length: 200 }, (_, p) => p), 8, async (p) => {
    const strategy = strategies[p % STRATEGIES]!;
    await store.plans.create(strategy, { id: `plan-${p}`, title: `Plan ${p}`, period: { start: '2026-01-01', end: '2028-12-31' }, status: 'active' }, actor);
    return store.plans.require(`plan-${p}`);
  });
  const perPlan = total / plans.length;
  await mapLimit(plans, 8, async (plan, p) => {
    for (let i = 0; i < perPlan; i++) {
      const n = p * perPlan + i;
      // Exactly 100 due, the same at every size: the same plans, owners and due dates.
      const due = n % (total / 100) === 0;
      const dueIndex = n / (total / 100);
      const owner = ADMINISTRATIONS[(due ? dueIndex : n) % ADMINISTRATIONS.length]!;
      const dueDate = due ? addDays(TODAY, DUE_OFFSETS[dueIndex % DUE_OFFSETS.length]!) : i % 2 ? '2028-06-01' : '2026-03-01';
      const status = due ? 'in_progress' : i % 2 ? 'planned' : 'done';
      await store.milestones.create(plan, {
        id: `m${i}`, title: `Milestone ${n}`, description: 'A milestone of the benchmark, with a description of realistic length for the table.',
        ownerAdministrationId: owner, baselineDueDate: dueDate, dueDate, status, progress: status === 'done' ? 100 : 20, note: '', evidence: [],
        ownerTimeZone: 'America/Lima',
      }, actor);
    }
  });
  return { store, meter };
}

interface Measure {
  readUnits: number;
  writeUnits: number;
  readRequests: number;
  writeRequests: number;
  ms: number;
  sent: number;
}

async function measure(meter: CapacityMeter, run: () => Promise<JobResult>): Promise<Measure> {
  meter.reset();
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  return { ...meter.snapshot(), ms: Math.round(ms), sent: result.sent };
}

/** Deletes the ledger entries a run wrote, so the same first run can be timed again. */
async function forget(store: Store, result: JobResult) {
  await deleteKeys(store, result.messages.flatMap((m) => m.ledgerIds).map((id) => key.ledger(id)));
}

async function deleteKeys(store: Store, keys: { pk: string; sk: string }[]) {
  for (let i = 0; i < keys.length; i += 25) {
    let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] | undefined = keys.slice(i, i + 25).map((k) => ({ DeleteRequest: { Key: k } }));
    while (requests && requests.length > 0) {
      const out: BatchWriteCommandOutput = await store.db.doc.send(new BatchWriteCommand({ RequestItems: { [store.db.tableName]: requests } }));
      requests = out.UnprocessedItems?.[store.db.tableName];
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(store: Store, meter: CapacityMeter, job: (deps: JobDeps) => Promise<JobResult>, reset: (r: JobResult) => Promise<void>) {
  const deps = { store, mailer, links, from: 'bench@example.org', now: NOW };
  const firsts: Measure[] = [];
  let last: JobResult | undefined;
  for (let r = 0; r < REPEATS; r++) {
    if (last) await reset(last);
    let result: JobResult | undefined;
    firsts.push(await measure(meter, async () => (result = await job(deps))));
    last = result;
  }
  const repeat = await measure(meter, () => job(deps));
  return { first: { ...firsts.at(-1)!, ms: median(firsts.map((f) => f.ms)) }, repeat };
}

const row = (label: string, m: Measure) =>
  `| ${label} | ${m.sent} | ${m.readUnits} | ${m.readRequests} | ${m.writeUnits} | ${m.ms} |`;

try {
  console.log(`Reminders (same 100 due; the two sizes measured in turn, median wall time of ${REPEATS} first runs):\n`);
  console.log('| milestones stored, run | mails | read units | read requests | write units | wall ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const sizes = [];
  for (const total of [1_000, 10_000]) {
    const seedStart = performance.now();
    const { store, meter } = await seedReminders(total);
    const seeded = Math.round((performance.now() - seedStart) / 1000);
    // One untimed run warms up, then its ledger is forgotten so the next run sends again.
    await forget(store, await runReminders({ store, mailer, links, from: 'bench@example.org', now: NOW }));
    sizes.push({ total, store, meter, seeded, firsts: [] as Measure[] });
  }
  // Interleaved, so a slower moment of the machine does not land on one size only.
  for (let r = 0; r < REPEATS; r++) {
    for (const size of sizes) {
      let result: JobResult | undefined;
      size.firsts.push(await measure(size.meter, async () => (result = await runReminders({ store: size.store, mailer, links, from: 'bench@example.org', now: NOW }))));
      if (r < REPEATS - 1) await forget(size.store, result!);
    }
  }
  const reminders: Record<number, { first: Measure; repeat: Measure }> = {};
  for (const size of sizes) {
    const repeat = await measure(size.meter, () => runReminders({ store: size.store, mailer, links, from: 'bench@example.org', now: NOW }));
    const first = { ...size.firsts.at(-1)!, ms: median(size.firsts.map((f) => f.ms)) };
    reminders[size.total] = { first, repeat };
    console.log(row(`${size.total.toLocaleString('en')} (seeded in ${size.seeded} s), first run`, first));
    console.log(row(`${size.total.toLocaleString('en')}, repeat (all sent)`, repeat));
  }
  const ratio = reminders[10_000]!.first.readUnits / reminders[1_000]!.first.readUnits;
  const repeatRatio = reminders[10_000]!.repeat.readUnits / reminders[1_000]!.repeat.readUnits;
  console.log(`\nRead capacity 10,000 / 1,000: first run ${ratio.toFixed(2)}x, repeat ${repeatRatio.toFixed(2)}x (bound: 1.5x) ${ratio <= 1.5 && repeatRatio <= 1.5 ? 'OK' : 'OVER'}`);

  console.log(`\nDigests, 50 administrations (10 milestones and 3 contributions per plan; median of ${REPEATS} first runs):\n`);
  console.log('| plans per administration (plans in all), run | mails | read units | read requests | write units | wall ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const perAdministration: number[] = [];
  for (const plansEach of [1, 2, 4, 8]) {
    const { store, meter } = await freshStore();
    const strategies = await directory(store);
    await mapLimit(Array.from({ length: 50 * plansEach }, (_, p) => p), 8, async (p) => {
      const owner = ADMINISTRATIONS[p % 50]!;
      await store.plans.create(strategies[p % STRATEGIES]!, { id: `plan-${p}`, title: `Plan ${p}`, period: { start: '2026-01-01', end: '2028-12-31' }, status: 'active', budget: { amount: '100000.00', currency: 'USD' } }, actor);
      let plan = await store.plans.require(`plan-${p}`);
      for (let i = 0; i < 10; i++) {
        const dueDate = addDays(TODAY, (i - 5) * 9);
        await store.milestones.create(plan, { id: `m${i}`, title: `Milestone ${i} of plan ${p}`, description: '', ownerAdministrationId: owner, baselineDueDate: dueDate, dueDate, status: i < 3 ? 'done' : 'in_progress', progress: i < 3 ? 100 : 40, note: '', evidence: [], ownerTimeZone: 'America/Lima' }, actor);
      }
      plan = await store.plans.require(`plan-${p}`);
      for (const [i, stage] of (['pledged', 'committed', 'disbursed'] as const).entries()) {
        await store.contributions.create(plan, { id: `c${i}`, donorId: `donor-${i}`, kind: 'financial', description: 'Funding', amount: '10000.00', currency: 'USD', stage, stageDates: { pledged: '2026-01-01', ...(i > 0 ? { committed: '2026-02-01' } : {}), ...(i > 1 ? { disbursed: '2026-03-01' } : {}) } }, actor);
      }
    });
    const reset = async (r: JobResult) => {
      await forget(store, r);
      await deleteKeys(store, ADMINISTRATIONS.map((id) => key.digest(id, '2026-12-01', '2026-12')));
    };
    await reset(await runDigests({ store, mailer, links, from: 'bench@example.org', now: NOW }));
    const m = await timed(store, meter, runDigests, reset);
    perAdministration.push(m.first.readUnits / 50);
    console.log(row(`${plansEach} (${50 * plansEach}), first run`, m.first));
    console.log(row(`${plansEach} (${50 * plansEach}), repeat (all sent)`, m.repeat));
  }
  console.log(`\nDigest read units per administration at 1, 2, 4, 8 plans each: ${perAdministration.map((x) => x.toFixed(1)).join(', ')}`);
} finally {
  await dynamo.stop();
}
