/**
 * `npm run bench`: the API under autocannon over DynamoDB Local, beside baselines measured in the
 * same run on the same DynamoDB Local: a bare Hono route doing one GetItem, and a bare Hono route
 * doing what the milestone list does (the plan's GetItem and one Query of its milestones, in
 * parallel, answered as JSON) without our auth, validation, policy or presentation: the fair
 * baseline of the list (issue 10: at least 0.8x of it).
 *
 *   BENCH_SECONDS=4 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 npm run bench   (the defaults)
 */
import { serve } from '@hono/node-server';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../shared/api/app.ts';
import { describeRoutes } from '../shared/api/description.ts';
import { devVerifier, generateDevKeys, signDevToken } from '../shared/api/identity.ts';
import { createStore } from '../shared/store/index.ts';
import { key } from '../shared/store/keys.ts';
import { trackerTable } from '../shared/store/tables.ts';
import { createTables, dynamoClients, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { seedDemo } from '../local/seed.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const dynamo = await startDynamoDbLocal({ inMemory: true, quiet: true, heapMb: 1024 });
try {
  const names = await createTables(dynamo.endpoint, 'bench-');
  const tableName = names[trackerTable.logicalName]!;
  const { doc } = dynamoClients(dynamo.endpoint);
  const store = createStore(doc, tableName);
  await seedDemo(store);
  const keys = generateDevKeys();
  const token = signDevToken(keys, { id: 'coord-pe', role: 'coordinator', administrationId: 'PE' });
  const auth = { Authorization: `Bearer ${token}` };

  // One milestone per connection for the PATCH run, so writers do not conflict with each other; in a
  // plan of their own, so the plan whose progress is measured stays as seeded (11 milestones, 6 contributions).
  const strategy = await store.strategies.require('ams-rm');
  await store.plans.create(strategy, { id: 'bench-writes', title: 'Benchmark writes', period: { start: '2026-01-01', end: '2027-12-31' }, status: 'active' }, { userId: 'bench', role: 'admin' });
  const plan = await store.plans.require('bench-writes');
  const writable: string[] = [];
  for (let i = 0; i < connections; i++) {
    const m = await store.milestones.create(plan, { title: `Bench ${i}`, description: '', ownerAdministrationId: 'PE', baselineDueDate: '2027-06-01', dueDate: '2027-06-01', status: 'in_progress', progress: 0, note: '', evidence: [], ownerTimeZone: 'America/Lima' }, { userId: 'bench', role: 'admin' });
    writable.push(m.id);
  }

  const app = createApiApp({ store, verifier: devVerifier(keys), now: () => new Date(), config: { corsOrigins: [], publicUrl: 'http://localhost' } }, describeRoutes);
  const baseline = new Hono();
  baseline.get('/baseline/:id', async (c) => {
    const out = await doc.send(new GetCommand({ TableName: tableName, Key: key.plan(c.req.param('id')) }));
    return c.json(out.Item ?? {});
  });
  // What GET /plans/{id}/milestones asks DynamoDB, the same way (25 a page, the default limit).
  baseline.get('/baseline/:id/milestones', async (c) => {
    const id = c.req.param('id');
    const pk = key.plan(id).pk;
    const [plan, page] = await Promise.all([
      doc.send(new GetCommand({ TableName: tableName, Key: key.plan(id) })),
      doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ms)', ExpressionAttributeValues: { ':pk': pk, ':ms': 'MS#' }, Limit: 25 })),
    ]);
    if (!plan.Item) return c.json({ title: 'Not found' }, 404);
    return c.json({ items: page.Items ?? [], nextCursor: null });
  });

  const listen = (fetch: (r: Request) => Response | Promise<Response>) =>
    new Promise<{ url: string; close: () => void }>((resolve) => {
      const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
      );
    });
  const api = await listen(app.fetch);
  const base = await listen(baseline.fetch);

  type Result = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number };
  type Case = { name: string; options: autocannon.Options };
  async function once(c: Case): Promise<Result> {
    const r = await autocannon({ ...c.options, duration: seconds, connections });
    return { name: c.name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
  }
  let next = 0;
  // Versions live outside autocannon's per-run context, so each run follows the previous one's writes.
  const versions = new Map<string, number>(writable.map((id) => [id, 1]));
  const cases: Case[] = [
    { name: 'baseline: bare Hono + 1 GetItem', options: { url: `${base.url}/baseline/ams-rm-current` } },
    { name: 'GET /plans/{id}/progress', options: { url: `${api.url}/api/v1/plans/ams-rm-current/progress`, headers: auth } },
    { name: 'list baseline: bare Hono + GetItem and Query', options: { url: `${base.url}/baseline/ams-rm-current/milestones` } },
    { name: 'GET /plans/{id}/milestones', options: { url: `${api.url}/api/v1/plans/ams-rm-current/milestones`, headers: auth } },
    {
      name: 'PATCH /milestones/{id} (If-Match)',
      options: {
        url: api.url,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
              context.id ??= writable[next++ % writable.length];
              context.progress = (((context.progress as number | undefined) ?? 0) % 100) + 1;
              return {
                ...req,
                method: 'PATCH',
                path: `/api/v1/milestones/${context.id}`,
                headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': `"${versions.get(context.id as string)}"` },
                body: JSON.stringify({ progress: context.progress }),
              };
            },
            onResponse: (status: number, body: string, context: Record<string, unknown>) => {
              const reply = JSON.parse(body) as { version?: number; currentVersion?: number };
              const version = status === 200 ? reply.version : reply.currentVersion;
              if (version) versions.set(context.id as string, version);
            },
          },
        ] as never,
      },
    },
  ];

  // Warm both servers and the JVM up, then interleave the cases round by round, so a noisy
  // neighbour on the machine hits the baseline and the API alike; report medians.
  for (const c of cases) await autocannon({ ...c.options, duration: 2, connections });
  const runs = new Map<string, Result[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) runs.get(c.name)!.push(await once(c));
  }
  api.close();
  base.close();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const results = cases.map((c) => {
    const rs = runs.get(c.name)!;
    return {
      name: c.name,
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      errors: rs.reduce((t, r) => t + r.errors, 0),
      non2xx: rs.reduce((t, r) => t + r.non2xx, 0),
    };
  });
  const baselineRps = results[0]!.rps;
  console.log(`\nAPI benchmark: ${connections} connections, ${rounds} rounds of ${seconds} s per case (medians), DynamoDB Local in memory, Node ${process.version}\n`);
  console.log('| run | req/s | p50 ms | p99 ms | vs baseline req/s | errors/non-2xx |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / baselineRps).toFixed(2)}x | ${r.errors}/${r.non2xx} |`);
  }
  const rps = (name: string) => results.find((r) => r.name === name)!.rps;
  const ratio = rps('GET /plans/{id}/progress') / baselineRps;
  console.log(`\nPlan progress runs at ${ratio.toFixed(2)}x the baseline's req/s (target: at least 0.7x): ${ratio >= 0.7 ? 'met' : 'NOT met'}.`);
  const list = rps('GET /plans/{id}/milestones') / rps('list baseline: bare Hono + GetItem and Query');
  console.log(`The milestone list runs at ${list.toFixed(2)}x its fair baseline's req/s (same GetItem and Query; target: at least 0.8x): ${list >= 0.8 ? 'met' : 'NOT met'}.`);
} finally {
  await dynamo.stop();
}
