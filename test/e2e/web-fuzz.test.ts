/**
 * Nothing a browser (or anyone with curl) can send makes a web page answer 5xx (issue 10, item 4):
 * every route the web app registers, GET and POST, with nasty path parameters, malformed bodies,
 * garbage fields (with a valid CSRF token, so the handlers really run) and unparsable headers, as a
 * signed-in secretariat officer, a focal point and a visitor who is not signed in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../local/seed.ts';
import { createApp } from '../../shared/app.ts';
import { createWebApp } from '../../shared/web/app.ts';
import { devSessions, devVerifier, generateDevKeys } from '../../shared/api/identity.ts';
import { createStore } from '../../shared/store/index.ts';
import { testTables } from '../support/dynamo.ts';
import { Visitor } from './support/visitor.ts';

const SITE = 'http://tracker.test';
let app: ReturnType<typeof createApp>;
/** The routes the web app registers (createApp dispatches to it by path). */
let routes: { method: string; path: string }[] = [];

beforeAll(async () => {
  const tables = await testTables();
  const store = createStore(tables.doc, tables.tableName);
  await seedDemo(store);
  const keys = generateDevKeys();
  const deps = {
    store,
    verifier: devVerifier(keys),
    now: () => new Date(),
    config: { corsOrigins: [], publicUrl: SITE },
    signIn: { dev: devSessions(keys, (id) => store.people.get(id)) },
  };
  app = createApp(deps);
  routes = createWebApp(deps).routes;
}, 60_000);

const NASTY = ['x'.repeat(3000), '9999-W99', '0000-W01', '%00', '..', 'ams-rm-current.m99', 'Ñandú ☃', '<script>', 'new', 'PE', '-', 'a'.repeat(201)];
const FIELDS = { version: '1', title: '\u0000', name: 'x'.repeat(5000), id: '../x', status: 'nope', progress: '1e9', amount: '1,5', currency: 'usd', dueDate: '2027-02-30', 'period.start': 'x', role: 'admin', administrationId: 'ZZ', stage: 'spent', date: '0000-00-00', offsetsDays: '1,1,,x', frequency: 'never', person: 'nobody', next: '//evil.example' };

/** Every web route the app registers, with each parameter filled in turn by each nasty value. */
function paths(): { method: string; path: string }[] {
  const pages = routes.filter((r) => !r.path.startsWith('/api/') && (r.method === 'GET' || r.method === 'POST') && !r.path.includes('*'));
  const out = new Map<string, { method: string; path: string }>();
  for (const r of pages) {
    if (!r.path.includes(':')) out.set(`${r.method} ${r.path}`, r);
    for (const value of NASTY) {
      const path = r.path.replace(/:(\w+)(\{[^}]*\})?/g, () => encodeURIComponent(value));
      out.set(`${r.method} ${path}`, { method: r.method, path });
    }
  }
  return [...out.values()];
}

async function sweep(visitor: Visitor | null) {
  const failures: string[] = [];
  const send = async (label: string, res: Promise<Response>) => {
    const status = (await res).status;
    if (status >= 500) failures.push(`${status} ${label.length > 120 ? `${label.slice(0, 60)}…${label.slice(-50)}` : label}`);
  };
  const v = visitor ?? new Visitor(app, SITE);
  for (const { method, path } of paths()) {
    if (method === 'GET') {
      await send(`GET ${path}`, v.send(path, {}));
      await send(`GET ${path} (Referer http://[)`, v.send(path, { headers: { Referer: 'http://[' } }));
      continue;
    }
    await send(`POST ${path} fields`, v.post(path, FIELDS));
    await send(`POST ${path} malformed multipart`, v.raw(path, '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', 'multipart/form-data; boundary=y'));
    await send(`POST ${path} JSON`, v.raw(path, '{"status":', 'application/json'));
    await send(`POST ${path} unparsable Referer`, v.send(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Referer: 'http://[' }, body: 'a=b' }));
  }
  return failures;
}

describe('the web app under nasty input', () => {
  it('answers every route without a 5xx, not signed in', async () => {
    expect(paths().length).toBeGreaterThan(300);
    expect(await sweep(null)).toEqual([]);
  }, 240_000);

  it('answers every route without a 5xx, as the secretariat', async () => {
    expect(paths().length).toBeGreaterThan(300);
    expect(await sweep(await Visitor.signedIn(app, SITE, 'admin'))).toEqual([]);
  }, 240_000);

  it('answers every route without a 5xx, as a focal point', async () => {
    expect(await sweep(await Visitor.signedIn(app, SITE, 'focal-gt'))).toEqual([]);
  }, 240_000);
});
