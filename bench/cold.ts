/**
 * Cold start, measured: `npm run bench:cold [-- --runs 25]`.
 *
 * Builds every function bundle with the deployed esbuild options (infra/bundling.ts) and, in the
 * same run and the same way, a baseline: a bare Hono handler plus a DocumentClient GetCommand.
 * The bundles are split (what only `import()` reaches is a chunk beside the bundle), the baseline
 * too: the AWS SDK's own credential providers are chunks in both.
 * For each it prints the minified size its init loads (the bundle and the chunks it imports
 * statically) and the module-init cost: the median wall time of fresh
 * `node <bundle>.mjs` processes (import and top-level code, as Lambda's init phase runs them) minus
 * the median of bare `node -e 0`. Runs are interleaved so machine noise hits every bundle alike.
 * Targets: the API bundle at most 1.3x the baseline's init, the web 1.45x, the job bundles 1.3x
 * (judged on instructions with `--instructions`, else on wall time).
 *
 * Wall time on a shared 2-core VM moves by 0.1-0.2x from run to run. With `--instructions` (needs
 * valgrind), each bundle also runs once under callgrind (with V8's --predictable: one thread, fixed
 * seeds) and the table adds the instructions its init executes above bare `node -e 0`: the same
 * count on every run whatever else the machine does, so a change's effect can be told from noise.
 *
 * The API and web bundles are run alone, as Lambda's init runs them: the accounts module beside
 * them (`accounts.mjs`, infra/bundling.ts) is imported only on the first invitation or change of a
 * person. Its own row measures that file loaded by itself in a fresh process (what that first
 * change pays, at most), not part of any function's init. The message catalogs are JSON files
 * beside the bundles (infra/bundling.ts), read on a language's first use: no init reads them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ACCOUNTS_ENTRY, ACCOUNTS_FILE, buildBundles, FUNCTION_ENTRIES, SHEETS_ENTRY, SHEETS_FILE, type BundleEntry } from '../infra/bundling.ts';

const BASELINE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono();
app.get('/items/:id', async (c) => {
  const out = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: c.req.param('id'), sk: 'ITEM' } }));
  return out.Item ? c.json(out.Item) : c.notFound();
});
export const handler = handle(app);
`;

/**
 * What every job must load before any code of ours: the baseline's DynamoDB DocumentClient plus
 * the SES v2 client that sends the mail (no Hono). Measured beside the jobs so the gap between
 * this floor and the jobs' target is visible in the same run.
 */
const JOB_FLOOR = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ses = new SESv2Client({});
export const handler = async (event: { id: string }) => {
  const out = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: 'ITEM' } }));
  await ses.send(new SendEmailCommand({ FromEmailAddress: process.env.MAIL_FROM, Destination: { ToAddresses: [String(out.Item?.email)] }, Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } } } }));
};
`;

/** Bundle → target ratio of its init cost to the baseline's. */
const TARGETS: Record<string, number> = { api: 1.3, web: 1.45, reminders: 1.3, digests: 1.3 };

/** What Lambda would set, so each bundle's start-up configuration succeeds as deployed. */
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_LAMBDA_FUNCTION_NAME: 'ActionPlanTracker-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'ActionPlanTracker-bench-Tracker',
  PUBLIC_URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
  LINK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkSigning-AbCdEf',
  USER_POOL_ID: 'eu-west-1_AbCdEf123',
  USER_POOL_CLIENT_ID: '1example23456789',
  SIGN_IN_URL: 'https://tracker.auth.eu-west-1.amazoncognito.com',
  CORS_ORIGINS: '',
  MAIL_FROM: 'tracker@example.org',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_METRICS_NAMESPACE: 'Bench',
  PATH: process.env.PATH ?? '',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function timeProcess(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} failed (${code ?? signal}):\n${stderr}`));
    });
  });
}

/** Instructions a process executes (all threads), counted by valgrind's callgrind. */
function countInstructions(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    // --predictable: V8 on one thread with fixed seeds, so the count repeats to the instruction.
    const child = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--predictable', ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('--instructions needs valgrind (Debian: apt-get install valgrind).') : error),
    );
    child.on('close', (code) => {
      const m = /Collected\s*:\s*(\d+)/.exec(stderr);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`valgrind node ${args.join(' ')} failed (${code}):\n${stderr.slice(-2000)}`));
    });
  });
}

export interface ColdResult {
  name: string;
  bytes: number;
  initMs: number;
  ratio: number;
  target?: number;
  /** With --instructions: instructions above bare node, and their ratio to the baseline's. */
  instructions?: number;
  instructionRatio?: number;
}

export async function measureCold(runs = 25, nodeOptions = '', instructions = false, only: readonly string[] = []): Promise<{ bareMs: number; results: ColdResult[] }> {
  const outdir = mkdtempSync(join(tmpdir(), 'tracker-bench-'));
  // No bundle reads a secret at init (test/infra/bundles.test.ts): nothing here answers for Secrets Manager.
  const env = { ...LAMBDA_ENV, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
  try {
    // `accounts` is built to the very file the API and web functions find beside their bundle.
    const all: Record<string, BundleEntry> = {
      baseline: { contents: BASELINE },
      ...FUNCTION_ENTRIES,
      [ACCOUNTS_FILE.replace(/\.mjs$/, '')]: ACCOUNTS_ENTRY,
      [SHEETS_FILE.replace(/\.mjs$/, '')]: SHEETS_ENTRY,
      'job-floor': { contents: JOB_FLOOR },
    };
    // The baseline is always measured: every figure is a ratio to it.
    const entries = only.length === 0 ? all : Object.fromEntries(Object.entries(all).filter(([name]) => name === 'baseline' || only.includes(name)));
    const bundles = await buildBundles(outdir, entries);
    const names = Object.keys(bundles);
    const samples: Record<string, number[]> = Object.fromEntries([...names, 'bare'].map((n) => [n, []]));
    // One warm-up of each (file system cache), then interleaved runs.
    for (const name of names) await timeProcess([bundles[name]!.file], env);
    for (let i = 0; i < runs; i++) {
      samples.bare!.push(await timeProcess(['-e', '0'], env));
      for (const name of names) samples[name]!.push(await timeProcess([bundles[name]!.file], env));
    }
    const bareMs = median(samples.bare!);
    const init = (name: string) => Math.max(0, median(samples[name]!) - bareMs);
    const baseline = init('baseline');
    const counted: Record<string, number> = {};
    if (instructions) {
      const bare = await countInstructions(['-e', '0'], env);
      for (const name of names) counted[name] = (await countInstructions([bundles[name]!.file], env)) - bare;
    }
    return {
      bareMs,
      results: names.map((name) => ({
        name,
        bytes: bundles[name]!.bytes,
        initMs: init(name),
        ratio: init(name) / baseline,
        target: TARGETS[name],
        ...(instructions ? { instructions: counted[name]!, instructionRatio: counted[name]! / counted.baseline! } : {}),
      })),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '25' }, 'node-options': { type: 'string', default: '' }, instructions: { type: 'boolean', default: false }, only: { type: 'string', default: '' } },
  });
  const runs = Math.max(20, Number(values.runs));
  const nodeOptions = values['node-options'] ?? '';
  console.log(`Cold start on Node ${process.version} (${process.arch}), median of ${runs} fresh processes each${nodeOptions ? `, NODE_OPTIONS=${nodeOptions}` : ''}`);
  const instructions = values.instructions ?? false;
  const only = (values.only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const { bareMs, results } = await measureCold(runs, nodeOptions, instructions, only);
  console.log(`bare \`node -e 0\`: ${bareMs.toFixed(1)} ms (subtracted below)\n`);
  const rows = results.map((r) => [
    r.name,
    `${(r.bytes / 1024).toFixed(0)} KB`,
    `${r.initMs.toFixed(1)} ms`,
    `${r.ratio.toFixed(2)}x`,
    r.target ? `<= ${r.target}x ${(r.instructionRatio ?? r.ratio) <= r.target ? 'met' : 'MISSED'}` : '',
    ...(instructions ? [`${(r.instructions! / 1e6).toFixed(0)} M`, `${r.instructionRatio!.toFixed(2)}x`] : []),
  ]);
  const header = ['bundle', 'minified', 'module init', 'vs baseline', 'target', ...(instructions ? ['instructions', 'vs baseline'] : [])];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`\n${ACCOUNTS_FILE.replace(/\.mjs$/, '')}: the Cognito adapter beside the api and web bundles, imported on the first invitation or change of a person (not in their init).`);
  console.log(`${SHEETS_FILE.replace(/\.mjs$/, '')}: the spreadsheet module (SheetJS, fflate, write-excel-file, csv-parse/csv-stringify) beside the api and web bundles, imported on the first import or export (not in their init).`);
  console.log('Message catalogs: JSON files beside the bundles (i18n/<area>.<language>.json), read on the first use of a language (not in any init).');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
