/**
 * `npm start`: DynamoDB Local (data kept in .local/), the tables, the demo data (once), and the
 * API and web app on http://localhost:3000. Ctrl-C stops everything it started.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { devIssuerAccounts } from '../shared/accounts/port.ts';
import { listenHost } from './host.ts';
import { createApp } from '../shared/app.ts';
import { devSessions, devVerifier, signDevToken } from '../shared/api/identity.ts';
import { Cursors, createStore } from '../shared/store/index.ts';
import { trackerTable } from '../shared/store/tables.ts';
import { claimDataFolder, loadDevKeys, LOCAL_DIR } from './dev-keys.ts';
import { SetupError, createTables, dynamoClients, startDynamoDbLocal } from './dynamodb-local.ts';
import { localLinkSecret, localMailStack } from './outbox.ts';
import { migratePlanFacts, migrateResultIndexes } from './migrate.ts';
import { seedDemo } from './seed.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const DEMO_PEOPLE = ['admin', 'coord-pe', 'coord-ar', 'focal-gt', 'donor-jica', 'donor-captac', 'dg-pe', 'dg-ar', 'dg-gt'];

function parsePort(): number {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SetupError(`PORT must be a whole number from 1 to 65535 (got "${raw}"): fix it and run npm start again.`);
  }
  return port;
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}


export async function start() {
  const port = parsePort();
  const { host, warning } = listenHost();
  if (warning) console.warn(warning);
  if (!(await portIsFree(port, host))) {
    throw new SetupError(`Port ${port} is already in use (is another npm start running?): stop that program or run PORT=${port + 1} npm start.`);
  }
  claimDataFolder();
  console.log('Starting DynamoDB Local…');
  const dynamo = await startDynamoDbLocal({ dbPath: join(LOCAL_DIR, 'dynamodb'), quiet: true, heapMb: 512 });
  const stopAll: (() => Promise<void>)[] = [() => dynamo.stop()];
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    for (const stop of stopAll.reverse()) await stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const names = await createTables(dynamo.endpoint, 'local-');
    const { doc } = dynamoClients(dynamo.endpoint);
    const store = createStore(doc, names[trackerTable.logicalName]!, () => new Date(), new Cursors(localLinkSecret));
    if (await seedDemo(store)) console.log('Loaded the demo data (strategies, plans, milestones, donors, people).');
    else {
      await migratePlanFacts(store.db);
      await migrateResultIndexes(store.db);
    }

    const keys = loadDevKeys();
    const publicUrl = `http://localhost:${port}`;
    const mail = localMailStack({ store, publicUrl, endpoint: dynamo.endpoint, tableName: names[trackerTable.logicalName]! });
    stopAll.push(mail.stop);
    // Local only: the web app's development sign-in page opens sessions for the people on file
    // (short ID tokens, renewed with a refresh token that sign-out and deactivation revoke).
    const dev = devSessions(keys, (id) => store.people.get(id));
    // Locally the sign-in page lists the people on file, so an invited person can sign in at once.
    const app = createApp({ store, verifier: devVerifier(keys), now: () => new Date(), config: { corsOrigins: [], publicUrl }, mailLinks: mail.links, signIn: { dev }, accounts: devIssuerAccounts(dev) });

    // Local only: tokens for any person on file, for `npm run token` and the sign-in page.
    const root = new Hono();
    root.get('/dev/tokens/:id', async (c) => {
      const person = await store.people.get(c.req.param('id'));
      if (!person || person.active === false) return c.json({ title: 'No such person' }, 404);
      return c.text(signDevToken(keys, { ...person, id: person.id }));
    });
    mail.mount(root); // /outbox (local only) and, with --schedule, the scheduler
    root.route('/', app);

    const server = serve({ fetch: root.fetch, port, hostname: host });
    stopAll.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    server.once('listening', () => {
      console.log(`\nThe tracker is running: API and web app on ${publicUrl}`);
      console.log(`  Sign in (web)    ${publicUrl}/sign-in   (choose a demo person, e.g. Diego Salazar, coord-pe)`);
      console.log(`  API reference    ${publicUrl}/api/docs   (OpenAPI: ${publicUrl}/api/v1/openapi.json)`);
      console.log(`  Outbox (mail)    ${publicUrl}/outbox   (npm run job -- reminders --at 2026-12-01T12:00:00Z${mail.schedule ? '; scheduler on' : ''})`);
      console.log('\nAct as a demo person: get a token, then call the API with it, e.g.');
      console.log(`  TOKEN=$(npm run --silent token -- coord-pe)`);
      console.log(`  curl -H "Authorization: Bearer $TOKEN" ${publicUrl}/api/v1/strategies/ams-rm/coordinators`);
      console.log(`Demo people: ${DEMO_PEOPLE.join(', ')}`);
      console.log('\nPress Ctrl-C to stop (DynamoDB Local stops too; data stays in .local/ until npm run reset).');
    });
  } catch (error) {
    await shutdown(1).catch(() => {});
    throw error;
  }
}

start().catch((error) => {
  if (error instanceof SetupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
