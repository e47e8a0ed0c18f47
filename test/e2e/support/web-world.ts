/**
 * The web app in process over a fresh DynamoDB Local table seeded with the demo world, signed in
 * through the development issuer's sessions (as `npm start` does), for the in-process page tests.
 */
import { afterAll, beforeAll } from 'vitest';
import { seedDemo } from '../../../local/seed.ts';
import { devIssuerAccounts } from '../../../shared/accounts/port.ts';
import { createApp } from '../../../shared/app.ts';
import type { AppDeps } from '../../../shared/deps.ts';
import { devSessions, devVerifier, generateDevKeys } from '../../../shared/api/identity.ts';
import { createStore, type Store } from '../../../shared/store/index.ts';
import { testTables, type TestTables } from '../../support/dynamo.ts';

export interface WebWorld {
  tables: TestTables;
  store: Store;
  app: ReturnType<typeof createApp>;
  /** The development issuer's keys, to sign API tokens outside a web session (as `npm run token` does). */
  keys: ReturnType<typeof generateDevKeys>;
}

/** `extra`: more of the app's dependencies (the uploads bucket, ...). */
export async function webWorld(site: string, extra: Partial<AppDeps> = {}): Promise<WebWorld> {
  const tables = await testTables();
  const store = createStore(tables.doc, tables.tableName);
  await seedDemo(store);
  const keys = generateDevKeys();
  const dev = devSessions(keys, (id) => store.people.get(id));
  const app = createApp({
    store,
    verifier: devVerifier(keys),
    now: () => new Date(),
    config: { corsOrigins: [], publicUrl: site },
    signIn: { dev },
    accounts: devIssuerAccounts(dev),
    ...extra,
  });
  return { tables, store, app, keys };
}

/**
 * The world of one test file: made before its tests (`beforeAll`) and let go after them. The
 * returned object is filled in once the world is made, so tests read `world.store`, `world.app`.
 */
export function useWebWorld(site: string): WebWorld {
  const world = {} as WebWorld;
  beforeAll(async () => {
    Object.assign(world, await webWorld(site));
  }, 60_000);
  afterAll(() => world.tables?.client.destroy());
  return world;
}

/** The web world of one test file, as a getter (useWebWorld's world). */
export function webWorldOfFile(site: string): () => WebWorld {
  const world = useWebWorld(site);
  return () => world;
}
