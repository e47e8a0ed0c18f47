/**
 * The local stack's data folder (git-ignored), the development issuer's key pair kept in it so tokens
 * survive restarts, and the claim that one stack at a time uses the folder.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateDevKeys, type DevKeys } from '../shared/api/identity.ts';
import { SetupError } from './dynamodb-local.ts';

/** Where the local stack keeps its data (git-ignored); TRACKER_DATA_DIR moves it (the tests do). */
export const LOCAL_DIR = process.env.TRACKER_DATA_DIR || join(import.meta.dirname, '..', '.local');
const KEY_FILE = join(LOCAL_DIR, 'dev-issuer.json');

export function loadDevKeys(): DevKeys {
  if (existsSync(KEY_FILE)) return JSON.parse(readFileSync(KEY_FILE, 'utf8')) as DevKeys;
  const keys = generateDevKeys();
  mkdirSync(dirname(KEY_FILE), { recursive: true });
  writeFileSync(KEY_FILE, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

const PID_FILE = join(LOCAL_DIR, 'stack.pid');

/** The process id of the npm start that uses the data folder now, if one does. */
export function runningStackPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** One stack per data folder: DynamoDB Local's files must not be shared by two JVMs, nor wiped under one. */
export function claimDataFolder(): void {
  const running = runningStackPid();
  if (running && running !== process.pid) {
    throw new SetupError(`Another npm start (process ${running}) is using ${LOCAL_DIR}: stop it first (Ctrl-C in its terminal).`);
  }
  mkdirSync(LOCAL_DIR, { recursive: true });
  writeFileSync(PID_FILE, String(process.pid));
  process.on('exit', () => {
    if (runningStackPid() === process.pid) rmSync(PID_FILE, { force: true });
  });
}
