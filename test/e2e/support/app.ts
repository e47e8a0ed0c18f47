/**
 * The app for the browser tests: the real createApp on @hono/node-server at a free port, over a
 * fresh DynamoDB Local table seeded with the demo world, with the local development sign-in.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { seedDemo } from '../../../local/seed.ts';
import { createApp } from '../../../shared/app.ts';
import { devSessions, devVerifier, generateDevKeys } from '../../../shared/api/identity.ts';
import { createStore, type Store } from '../../../shared/store/index.ts';
import type { MailLinks } from '../../../shared/mail/links.ts';
import type { Uploads } from '../../../shared/sheets/uploads.ts';
import { testTables, type TestTables } from '../../support/dynamo.ts';

export interface RunningApp {
  baseUrl: string;
  store: Store;
  tables: TestTables;
  close(): Promise<void>;
}

export async function startApp(now: () => Date = () => new Date(), options: { seed?: boolean; mailLinks?: (baseUrl: string) => MailLinks; uploads?: Uploads } = {}): Promise<RunningApp> {
  const tables = await testTables();
  const store = createStore(tables.doc, tables.tableName, now);
  if (options.seed ?? true) await seedDemo(store, now());
  const keys = generateDevKeys();
  let fetchApp: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = serve({ fetch: (request) => fetchApp(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    store,
    verifier: devVerifier(keys),
    now,
    config: { corsOrigins: [], publicUrl: baseUrl },
    signIn: { dev: devSessions(keys, (id) => store.people.get(id)) },
    ...(options.mailLinks ? { mailLinks: options.mailLinks(baseUrl) } : {}),
    ...(options.uploads ? { uploads: options.uploads } : {}),
  });
  fetchApp = app.fetch;
  return {
    baseUrl,
    store,
    tables,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        tables.client.destroy();
      }),
  };
}
