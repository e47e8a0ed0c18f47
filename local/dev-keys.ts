/** The development issuer's key pair, kept in the git-ignored .local folder so tokens survive restarts. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateDevKeys, type DevKeys } from '../shared/api/identity.ts';

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
