/**
 * DynamoDB Local for the local stack and the tests: fetch the official jar once per machine
 * (it ships in the npm package `amplify-dynamodb-simulator`, folder `emulator/`), verify it,
 * cache it, and run it on Java.
 *
 * The cache lives in `${XDG_CACHE_HOME:-$HOME/.cache}/action-plan-tracker/dynamodb-local/<version>/`
 * so every clone on the machine shares one copy. It is filled by renaming a fully extracted and
 * verified temporary folder into place, so two processes may fill it at once (`npm test` while
 * `npm start` runs): one wins the rename, the other throws its copy away.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dynamoDocumentClient } from '../shared/store/client.ts';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTableInput, tables } from '../shared/store/tables.ts';

/** A problem the user must fix; the message is one sentence that says how. */
export class SetupError extends Error {
  override name = 'SetupError';
}

const PACKAGE = 'amplify-dynamodb-simulator';
const VERSION = '2.9.30';
/** npm's integrity of the package tarball (sha256 of the .tgz: 3503ffac19f1...e4b9). */
const INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';
const JAR = 'DynamoDBLocal.jar';
/** Written into the folder after a verified extraction, before it is renamed into place. */
const MARKER = '.verified';
const MIN_JAVA = 17;
const JAVA_INSTALL_HINT = 'Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless';

/**
 * DynamoDB Local's command line has no option for the address it listens on, and it listens on
 * every interface. This small launcher (compiled once per machine with the JVM's own compiler
 * module into the cache) starts it the same way and binds it to 127.0.0.1 only.
 */
const LAUNCHER = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = fileURLToPath(new URL(`./java/${LAUNCHER}.java`, import.meta.url));

/** Fake credentials: DynamoDB Local accepts any, and `-sharedDb` ignores them. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_REGION = 'us-east-1';

function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache');
  return join(base, 'action-plan-tracker', 'dynamodb-local', VERSION);
}

function isComplete(emulatorDir: string): boolean {
  return existsSync(join(emulatorDir, JAR)) && existsSync(join(emulatorDir, MARKER));
}

function run(
  file: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 0, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

function lastLines(text: string, count = 15): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

async function sha512Integrity(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

/**
 * Makes sure the verified DynamoDB Local `emulator/` folder is in the per-user cache and returns
 * its path. Does no network work when the cache is already complete.
 */
export async function ensureDynamoDbLocal(): Promise<string> {
  const root = cacheRoot();
  const emulatorDir = join(root, 'emulator');
  if (isComplete(emulatorDir)) return emulatorDir;

  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw new SetupError(
      `Cannot create the DynamoDB Local cache folder ${root} (${(error as Error).message}): make it writable or set XDG_CACHE_HOME to a writable folder, and run the command again.`,
    );
  }
  await removeAbandonedWork(root);
  // Each process works in its own temporary folder inside the cache (same file system, so the
  // final rename is atomic).
  const work = await mkdtemp(join(root, `.tmp-${process.pid}-`));
  try {
    process.stderr.write('Fetching DynamoDB Local (once, ~55 MB)…\n');
    try {
      await run(
        'npm',
        ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', work, '--ignore-scripts', '--loglevel=error'],
        { cwd: work, timeoutMs: 10 * 60_000 },
      );
    } catch (error) {
      const detail =
        lastLines(String((error as { stderr?: string }).stderr ?? ''), 3) ||
        ((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'npm is not on the PATH' : '');
      throw new SetupError(
        `Could not download ${PACKAGE}@${VERSION} with npm pack${detail ? ` (${detail.replace(/\s+/g, ' ')})` : ''}: check the network connection and npm registry settings, and run the command again.`,
      );
    }
    const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
    if (!tarball) {
      throw new SetupError(
        `npm pack did not produce a tarball for ${PACKAGE}@${VERSION}: check the npm registry settings and run the command again.`,
      );
    }
    const tarballPath = join(work, tarball);
    const integrity = await sha512Integrity(tarballPath);
    if (integrity !== INTEGRITY) {
      throw new SetupError(
        `The downloaded ${PACKAGE}@${VERSION} tarball does not match its pinned checksum (got ${integrity}): check the npm registry you use (npm config get registry) and run the command again.`,
      );
    }

    const extractDir = join(work, 'x');
    await mkdir(extractDir);
    try {
      await run('tar', ['-xzf', tarballPath, '-C', extractDir, '--no-same-owner', 'package/emulator']);
    } catch (error) {
      throw new SetupError(
        `Could not extract DynamoDB Local with tar (${lastLines(String((error as { stderr?: string }).stderr ?? (error as Error).message), 1)}): install tar and make sure there is free disk space, and run the command again.`,
      );
    }
    const extracted = join(extractDir, 'package', 'emulator');
    if (!existsSync(join(extracted, JAR))) {
      throw new SetupError(
        `${PACKAGE}@${VERSION} has no emulator/${JAR}: delete ${root} and run the command again.`,
      );
    }
    await writeFile(
      join(extracted, MARKER),
      `${PACKAGE}@${VERSION} ${INTEGRITY} ${new Date().toISOString()}\n`,
    );
    await rm(tarballPath, { force: true });

    try {
      await rename(extracted, emulatorDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      // Another process won the race, or a broken folder is in the way.
      if (!isComplete(emulatorDir)) {
        const trash = join(root, `.trash-${process.pid}-${randomBytes(4).toString('hex')}`);
        await rename(emulatorDir, trash).catch(() => undefined);
        await rm(trash, { recursive: true, force: true });
        await rename(extracted, emulatorDir).catch((again: NodeJS.ErrnoException) => {
          if (again.code !== 'ENOTEMPTY' && again.code !== 'EEXIST') throw again;
        });
      }
    }
    if (!isComplete(emulatorDir)) {
      throw new SetupError(
        `The DynamoDB Local cache in ${root} is incomplete: delete that folder and run the command again.`,
      );
    }
    return emulatorDir;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

let launcherWarned = false;

/**
 * The folder holding the compiled loopback launcher, compiled on first use (keyed by its source's
 * hash, renamed into place like the emulator, so concurrent starts are safe). Undefined, with a
 * warning once, when this Java has no compiler module: DynamoDB Local then listens on every interface.
 */
async function ensureLauncher(emulatorDir: string): Promise<string | undefined> {
  const source = await readFile(LAUNCHER_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const root = cacheRoot();
  const dir = join(root, `launcher-${hash}`);
  if (existsSync(join(dir, `${LAUNCHER}.class`))) return dir;
  const work = await mkdtemp(join(root, `.tmp-${process.pid}-`));
  try {
    const classPath = [join(emulatorDir, JAR), join(emulatorDir, 'DynamoDBLocal_lib', '*')].join(delimiter);
    await run('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-nowarn', '-cp', classPath, '-d', work, LAUNCHER_SOURCE], {
      timeoutMs: 120_000,
    });
    await rename(work, dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return existsSync(join(dir, `${LAUNCHER}.class`)) ? dir : undefined;
  } catch (error) {
    if (!launcherWarned) {
      launcherWarned = true;
      const detail = lastLines(String((error as { stderr?: string }).stderr ?? (error as Error).message), 1);
      process.stderr.write(
        `Warning: DynamoDB Local will listen on every network interface, because this Java cannot compile the launcher that binds it to 127.0.0.1 (${detail}). Install a full JDK (Debian: openjdk-17-jdk-headless) to keep it on this machine.\n`,
      );
    }
    return undefined;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Removes temporary folders left in the cache by processes that died mid-download. */
async function removeAbandonedWork(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(/^\.(?:tmp|trash)-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Checks that `java` is on the PATH and at least version 17; returns the major version. */
export async function checkJava(): Promise<number> {
  let output: string;
  try {
    const { stdout, stderr } = await run('java', ['-version'], { timeoutMs: 30_000 });
    output = `${stderr}\n${stdout}`;
  } catch {
    throw new SetupError(
      `Java ${MIN_JAVA} or newer is needed to run DynamoDB Local: install it (${JAVA_INSTALL_HINT}) and run the command again.`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const first = Number(match?.[1] ?? NaN);
  const major = first === 1 ? Number(match?.[2] ?? NaN) : first;
  if (!Number.isFinite(major) || major < MIN_JAVA) {
    throw new SetupError(
      `Java ${MIN_JAVA} or newer is needed to run DynamoDB Local but \`java\` is ${match ? `version ${match[1]}${match[2] ? `.${match[2]}` : ''}` : 'not a working Java'}: install a newer one (${JAVA_INSTALL_HINT}), put it first on the PATH and run the command again.`,
    );
  }
  return major;
}

/** A free TCP port on 127.0.0.1 (listen on port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port found'))));
    });
  });
}

/** Whether something already listens on the port (DynamoDB Local binds every interface). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

function portTakenError(port: number): SetupError {
  return new SetupError(
    `Port ${port} is already in use (another DynamoDB Local or program is listening there): stop that program or choose another port, and run the command again.`,
  );
}

// Children of this process (JVMs and their watchdogs), killed whenever it ends so no JVM is ever
// left behind.
const children = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killAll(signal: NodeJS.Signals): void {
  for (const child of children) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => killAll('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll('SIGKILL');
      // If nobody else handles the signal, keep its default meaning: end the process.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

/**
 * A watchdog that ends the JVM when this process dies in a way no handler sees (SIGKILL, crash):
 * it blocks reading a pipe from us, and the pipe closes when we die.
 */
function startWatchdog(pid: number): ChildProcess | undefined {
  try {
    const watchdog = spawn(
      'sh',
      ['-c', `read _ignored; kill -TERM ${pid} 2>/dev/null; sleep 3; kill -KILL ${pid} 2>/dev/null`],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    watchdog.on('error', () => undefined);
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return watchdog;
  } catch {
    return undefined;
  }
}

export interface DynamoDbLocalOptions {
  /** Keep the data in memory only (the default when no dbPath is given). */
  inMemory?: boolean;
  /** Folder for the database file (ignored when inMemory is true). */
  dbPath?: string;
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  /** JVM heap cap in MB (default 512). */
  heapMb?: number;
  /** Do not echo the JVM's output (it is still kept for error messages). */
  quiet?: boolean;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local on 127.0.0.1 and resolves once it answers requests. */
export async function startDynamoDbLocal(
  opts: DynamoDbLocalOptions = {},
): Promise<RunningDynamoDbLocal> {
  await checkJava();
  const emulatorDir = await ensureDynamoDbLocal();
  if (opts.port !== undefined) {
    if (!(await portIsFree(opts.port))) throw portTakenError(opts.port);
    return launch(emulatorDir, opts.port, opts);
  }
  // A free port can be taken by someone else before the JVM binds it: pick another and retry.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(emulatorDir, port, opts);
    } catch (error) {
      if (!(error instanceof SetupError && error.message.startsWith(`Port ${port} `)) || attempt >= 3) {
        throw error;
      }
    }
  }
}

async function launch(
  emulatorDir: string,
  port: number,
  opts: DynamoDbLocalOptions,
): Promise<RunningDynamoDbLocal> {
  const inMemory = opts.inMemory ?? opts.dbPath === undefined;
  const storage = inMemory ? ['-inMemory'] : ['-dbPath', opts.dbPath!];
  if (!inMemory) await mkdir(opts.dbPath!, { recursive: true });
  const launcher = await ensureLauncher(emulatorDir);
  const main = launcher
    ? ['-cp', [launcher, join(emulatorDir, JAR), join(emulatorDir, 'DynamoDBLocal_lib', '*')].join(delimiter), LAUNCHER]
    : ['-jar', join(emulatorDir, JAR)];
  const args = [
    `-Xmx${opts.heapMb ?? 512}m`,
    `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
    ...main,
    '-port',
    String(port),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
  ];

  installExitHooks();
  const child = spawn('java', args, { cwd: emulatorDir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const watchdog = child.pid ? startWatchdog(child.pid) : undefined;
  if (watchdog) children.add(watchdog);

  let output = '';
  const keep = (chunk: Buffer, echo: NodeJS.WriteStream) => {
    output = (output + chunk.toString()).slice(-8000);
    if (!opts.quiet) echo.write(chunk);
  };
  child.stdout!.on('data', (chunk: Buffer) => keep(chunk, process.stdout));
  child.stderr!.on('data', (chunk: Buffer) => keep(chunk, process.stderr));

  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    const done = () => {
      if (exited) return;
      exited = true;
      children.delete(child);
      if (watchdog) {
        children.delete(watchdog);
        watchdog.kill('SIGKILL');
      }
      resolve();
    };
    child.once('close', done); // after its output is fully read
    child.once('error', done);
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, 3000);
    await exitPromise;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    // A slow first answer while the JVM warms up is an error to retry, not a warning on the console.
    requestHandler: { requestTimeout: 2000, connectionTimeout: 1000, throwOnRequestTimeout: true },
  });
  // The JVM does not exit when it cannot bind the port (only its main thread dies), so read its
  // output too: an answer on the port could come from another server that holds it.
  const failure = (): Error | undefined => {
    if (/BindException|Address already in use|Failed to bind/i.test(output)) return portTakenError(port);
    if (exited || /Exception in thread "main"/.test(output)) {
      return new Error(
        `DynamoDB Local ${exited ? 'exited' : 'failed'} before it was ready${spawnError ? ` (${spawnError.message})` : ''}:\n${lastLines(output)}`,
      );
    }
    return undefined;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const deadline = Date.now() + 90_000;
  try {
    for (;;) {
      const failed = failure();
      if (failed) throw failed;
      let answered = false;
      if (output.includes('Initializing DynamoDB Local')) {
        try {
          await client.send(new ListTablesCommand({ Limit: 1 }));
          answered = true;
        } catch {
          // not listening yet
        }
      }
      if (answered && child.pid !== undefined) {
        const ours = await listensOn(child.pid, port);
        if (ours === true) break;
        if (ours === undefined) {
          // No /proc here: give a bind failure (which follows the banner) a moment to show.
          await sleep(1500);
          const late = failure();
          if (late) throw late;
          break;
        }
        // Another server answered; ours will report the port as taken.
      }
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 90 s:\n${lastLines(output)}`);
      }
      await sleep(150);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, stop };
}

/**
 * Whether process `pid` holds the listening socket on `port` (Linux, via /proc); undefined where
 * that cannot be told.
 */
async function listensOn(pid: number, port: number): Promise<boolean | undefined> {
  const inodes = new Set<string>();
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
      readable = true;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st ... inode (index 9); 0A = LISTEN
      if (fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  if (!readable) return undefined;
  if (inodes.size === 0) return false;
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) return true;
  }
  return false;
}

/** Low-level and document clients set up for DynamoDB Local. */
export function dynamoClients(endpoint: string): {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  // The deployed functions' settings (shared/store/client.ts): the same timeouts and retries.
  return dynamoDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/**
 * Creates every table of `shared/store/tables.ts` that does not exist yet, named
 * `${prefix}${logicalName}`, and returns the map of logical to physical names.
 */
export async function createTables(
  endpoint: string,
  prefix: string,
): Promise<Record<string, string>> {
  const { client } = dynamoClients(endpoint);
  const names: Record<string, string> = {};
  try {
    for (const def of tables) {
      const tableName = `${prefix}${def.logicalName}`;
      names[def.logicalName] = tableName;
      if (await tableExists(client, tableName)) continue;
      try {
        await client.send(new CreateTableCommand(createTableInput(def, tableName)));
      } catch (error) {
        if (error instanceof ResourceInUseException) continue; // created meanwhile
        throw error;
      }
      if (def.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
  return names;
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}
