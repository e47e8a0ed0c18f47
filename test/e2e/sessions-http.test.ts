/**
 * Sessions end on the server (issue 10, item 8): the session cookie holds a short ID token
 * (SESSION_SECONDS.idToken), renewed with a refresh token. Signing out revokes the refresh token and
 * records the session as ended, so cookies kept from before (copied, or replayed by whoever took
 * them) stop working at once; deactivating a person, or changing their role, ends the tokens issued
 * before at once too (a changed person's browser renews into the new role). Against DynamoDB Local with
 * the development issuer; only `Date` is faked, to move past the ID token's expiry.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { devSessions, generateDevKeys, signDevToken } from '../../shared/api/identity.ts';
import { SESSION_SECONDS } from '../../shared/domain/constants.ts';
import { Visitor } from './support/visitor.ts';
import { webWorld, type WebWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
let world: WebWorld;
beforeAll(async () => void (world = await webWorld(SITE)), 60_000);
afterAll(() => world?.tables.client.destroy());
afterEach(() => vi.useRealTimers());

/** The clock after the ID tokens issued now have expired. */
function afterIdTokenExpiry() {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + (SESSION_SECONDS.idToken + 5) * 1000);
}

/** Another browser holding a copy of these cookies (as one who took them would). */
function copyOf(visitor: Visitor): Visitor {
  const copy = new Visitor(world.app, SITE);
  for (const [name, value] of visitor.cookies) copy.cookies.set(name, value);
  return copy;
}

const PLAN = '/plans/ams-rm-current';

describe('web sessions', () => {
  it('are short: the session cookie lasts as long as its ID token, the refresh cookie as long as the session', async () => {
    const v = new Visitor(world.app, SITE);
    await v.get('/sign-in');
    const response = await v.post('/sign-in/dev', { person: 'coord-pe', next: '/' });
    const cookies = response.headers.getSetCookie();
    const maxAge = (name: string) => Number(/Max-Age=(\d+)/.exec(cookies.find((c) => c.startsWith(`${name}=`)) ?? '')?.[1]);
    expect(maxAge('session')).toBeGreaterThan(SESSION_SECONDS.idToken - 5);
    expect(maxAge('session')).toBeLessThanOrEqual(SESSION_SECONDS.idToken);
    expect(maxAge('refresh')).toBe(SESSION_SECONDS.refreshToken);
    expect(cookies.find((c) => c.startsWith('refresh='))).toMatch(/HttpOnly/);
  });

  it('renew themselves when the ID token has expired: the page opens and a new session cookie is set', async () => {
    const v = await Visitor.signedIn(world.app, SITE, 'coord-pe');
    const before = v.cookies.get('session');
    afterIdTokenExpiry();
    const page = await v.get(PLAN);
    expect(page.status).toBe(200);
    expect(v.cookies.get('session')).toBeDefined();
    expect(v.cookies.get('session')).not.toBe(before);
    expect(await page.text()).toContain('Diego Salazar');
  });

  it('end on sign-out at once: the old cookies, replayed on a page, a form or the API, are refused before their ID token expires', async () => {
    const v = await Visitor.signedIn(world.app, SITE, 'coord-pe');
    const kept = copyOf(v);
    const keptForForms = copyOf(v);
    const keptToken = v.cookies.get('session')!;
    const api = (token: string) => world.app.request(`${SITE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await kept.get(PLAN)).status).toBe(200);
    expect((await api(keptToken)).status).toBe(200);
    const out = await v.post('/sign-out', {});
    expect(out.status).toBe(303);
    expect(v.cookies.has('session')).toBe(false);
    expect(v.cookies.has('refresh')).toBe(false);

    // No clock moves: the ID token is still within its five minutes, and is refused all the same.
    const replayed = await kept.get(PLAN);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(PLAN)}`);
    // The copied cookies are cleared, and a form sent with the old cookies is refused as well.
    expect(kept.cookies.has('session')).toBe(false);
    expect(kept.cookies.has('refresh')).toBe(false);
    keptForForms.csrf = kept.csrf;
    expect((await keptForForms.post('/milestones/ams-rm-current-m1', { version: '1', status: 'done' })).status).toBe(401);
    const refused = await api(keptToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await refused.json()).detail).toMatch(/signed out/);

    // And once the ID token has expired, nothing renews it either.
    afterIdTokenExpiry();
    expect((await copyOf(v).get(PLAN)).status).toBe(303);
  });

  it('cost one BatchGetItem per signed-in request to know its session has not ended, and none for API tokens outside a web session', async () => {
    const v = await Visitor.signedIn(world.app, SITE, 'coord-pe');
    const commands = async (send: () => Response | Promise<Response>) => {
      world.tables.counter.reset();
      expect((await send()).status).toBe(200);
      return [...world.tables.counter.commands].sort();
    };
    // A page that reads nothing else: the one BatchGetItem is the session's (its key and the person's).
    expect(await commands(() => v.get('/signed-out'))).toEqual(['BatchGetItemCommand']);
    const me = (token: string) => () => world.app.request(`${SITE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    const plain = signDevToken(world.keys, { id: 'coord-pe', role: 'coordinator', administrationId: 'PE' });
    const outside = await commands(me(plain));
    expect(await commands(me(v.cookies.get('session')!))).toEqual([...outside, 'BatchGetItemCommand'].sort());
  });

  it('of one browser end on sign-out without ending the same person\'s session elsewhere', async () => {
    const office = await Visitor.signedIn(world.app, SITE, 'coord-pe');
    const laptop = await Visitor.signedIn(world.app, SITE, 'coord-pe');
    await laptop.post('/sign-out', {});
    expect((await office.get(PLAN)).status).toBe(200);
    afterIdTokenExpiry();
    expect((await office.get(PLAN)).status).toBe(200);
  });

  it('end at once when the person is deactivated: their browser is sent to sign in, their token refused by the API', async () => {
    const focal = await Visitor.signedIn(world.app, SITE, 'focal-gt');
    expect((await focal.get('/')).status).toBe(200);
    const token = focal.cookies.get('session')!;
    const admin = await Visitor.signedIn(world.app, SITE, 'admin');
    const person = await world.store.people.get('focal-gt');
    const done = await admin.post('/setup/people/focal-gt/deactivate', { version: String(person!.version) });
    expect(done.headers.get('Location')).toBe('/setup/people/focal-gt?deactivated#done');

    // No clock moves: the ID token has minutes left.
    const refused = await focal.get('/');
    expect(refused.status).toBe(303);
    expect(refused.headers.get('Location')).toBe('/sign-in');
    expect((await world.app.request(`${SITE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await admin.get('/setup')).status).toBe(200);
  });

  it('follow a change of role at once: the old token stops, and the browser renews into the new role', async () => {
    const person = await Visitor.signedIn(world.app, SITE, 'coord-ar');
    const oldToken = person.cookies.get('session')!;
    const api = (token: string) => world.app.request(`${SITE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await (await api(oldToken)).json()).toMatchObject({ role: 'coordinator' });
    const admin = await Visitor.signedIn(world.app, SITE, 'admin');
    const before = (await world.store.people.get('coord-ar'))!;
    const changed = await admin.post('/setup/people/coord-ar/role', { role: 'focal_point', administrationId: 'AR', donorId: '', version: String(before.version) });
    expect(changed.status).toBe(303);

    expect((await api(oldToken)).status).toBe(401);
    // Tokens say when they were issued to the second; one from the second of the change is refused
    // too, so the renewal comes a second later.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 1500);
    const page = await person.get('/');
    expect(page.status).toBe(200);
    const renewed = person.cookies.get('session')!;
    expect(renewed).not.toBe(oldToken);
    expect(await (await api(renewed)).json()).toMatchObject({ role: 'focal_point', administrationId: 'AR' });
  });

  it('are not renewed for a deactivated person even when the refresh token was never revoked', async () => {
    const keys = generateDevKeys();
    let active = true;
    const dev = devSessions(keys, async (id) => ({ id, role: 'focal_point' as const, administrationId: 'GT', active }));
    const tokens = await dev.signIn('focal-gt');
    expect(await dev.refresh(tokens!.refreshToken!)).toMatchObject({ idToken: expect.any(String) });
    active = false;
    expect(await dev.refresh(tokens!.refreshToken!)).toBeUndefined();
    active = true;
    // Refused once, forgotten: reactivation means signing in again.
    expect(await dev.refresh(tokens!.refreshToken!)).toBeUndefined();
    expect(await dev.refresh('never-issued')).toBeUndefined();
  });
});
