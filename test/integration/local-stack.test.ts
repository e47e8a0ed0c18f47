/** `npm start` as a user meets it: it comes up, answers, stops everything on Ctrl-C, and explains setup problems. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.ts';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function run(env: Record<string, string>, until?: RegExp, timeoutMs = 150_000) {
  // What `npm start` runs: node with tsx's loader, no relaying parent. (Through the tsx CLI, a Ctrl-C on
  // a busy machine could end in 130: tsx waits 30 ms for the child to acknowledge a signal, then kills it.)
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; output:\n${output}`)), timeoutMs);
    const check = () => {
      if (until && until.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      if (until && !until.test(output)) reject(new Error(`exited early:\n${output}`));
      else resolve();
    });
  });
  return { child, ready, exited, output: () => output };
}

const jvmAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let blocker: Server | undefined;
afterAll(() => blocker?.close());

describe('npm start', () => {
  it('serves the seeded API, prints how to act as each person, and stops the JVM on Ctrl-C', async () => {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'tracker-start-'));
    const stack = run({ PORT: String(port), TRACKER_DATA_DIR: dataDir }, /Press Ctrl-C/);
    await stack.ready;
    expect(stack.output()).toContain(`http://localhost:${port}`);
    expect(stack.output()).toContain('npm run --silent token -- coord-pe');
    expect(stack.output()).toContain('Loaded the demo data');

    const health = await fetch(`http://localhost:${port}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
    const token = await (await fetch(`http://localhost:${port}/dev/tokens/coord-pe`)).text();
    const strategy = await fetch(`http://localhost:${port}/api/v1/strategies/ams-rm`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await strategy.json()).coordinatorIds).toEqual(['AR', 'PE']);

    const { execSync } = await import('node:child_process');
    const jvms = execSync(`pgrep -f "^java .*-dbPath ${join(dataDir, 'dynamodb')}" || true`).toString().trim().split('\n').filter(Boolean).map(Number);
    expect(jvms.length).toBe(1);
    stack.child.kill('SIGINT');
    expect(await stack.exited).toBe(0);
    // This is what `npm start` runs.
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start).toBe('node --import tsx local/start.ts');
    await new Promise((r) => setTimeout(r, 500));
    expect(jvms.filter(jvmAlive)).toEqual([]);

    // A second start finds the data and does not seed again.
    const again = run({ PORT: String(port), TRACKER_DATA_DIR: dataDir }, /Press Ctrl-C/);
    await again.ready;
    expect(again.output()).not.toContain('Loaded the demo data');
    // npm run reset refuses to wipe the data under a running stack...
    const refused = spawnSync(tsx, ['local/reset.ts'], { cwd: root, env: { ...process.env, TRACKER_DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('stop it (Ctrl-C) first');
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(true);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
    // ...and wipes it once the stack is stopped.
    const wiped = spawnSync(tsx, ['local/reset.ts'], { cwd: root, env: { ...process.env, TRACKER_DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(wiped.status).toBe(0);
    expect(existsSync(join(dataDir, 'dynamodb'))).toBe(false);
  }, 240_000);

  it('says in one sentence when the port is taken', async () => {
    blocker = createServer().listen(0);
    await new Promise((r) => blocker!.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    const stack = run({ PORT: String(port), TRACKER_DATA_DIR: await mkdtemp(join(tmpdir(), 'tracker-port-')) });
    expect(await stack.exited).toBe(1);
    expect(stack.output().trim()).toBe(`Port ${port} is already in use (is another npm start running?): stop that program or run PORT=${port + 1} npm start.`);
  });

  it('says in one sentence when Java is missing', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'tracker-nojava-'));
    await mkdir(bin, { recursive: true });
    await symlink(process.execPath, join(bin, 'node'));
    const stack = run({ PATH: bin, PORT: String(await freePort()), TRACKER_DATA_DIR: await mkdtemp(join(tmpdir(), 'tracker-nojava-data-')) });
    expect(await stack.exited).toBe(1);
    const lines = stack.output().trim().split('\n').filter((l) => !l.startsWith('Starting'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Java 17 or newer is needed.*install it/);
  });
});
