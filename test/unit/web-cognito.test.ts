/**
 * Cognito managed login (authorization code + PKCE) without AWS: the pure pieces, then the whole
 * round trip through the web routes with a stand-in token endpoint and verifier. What this cannot
 * show is that a real user pool accepts these requests; the shapes follow Cognito's documented
 * /oauth2/authorize, /oauth2/token, /oauth2/revoke and /logout endpoints.
 */
import { describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../shared/api/http.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import type { Store } from '../../shared/store/index.ts';
import {
  CALLBACK_PATH, authorizeUrl, codeChallenge, codeVerifier, decodeTransaction, encodeTransaction, logoutUrl, newTransaction,
} from '../../shared/web/cognito.ts';
import { web } from '../../shared/web/index.tsx';
import { csrfToken, newSecret } from '../../shared/web/session.ts';

const cognito = { domain: 'https://tracker.auth.eu-west-1.amazoncognito.com', clientId: 'client123' };
const SITE = 'https://tracker.example.org';

describe('PKCE and the authorize request', () => {
  it('derives the S256 challenge as RFC 7636 appendix B does', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character verifiers from the unreserved alphabet, a new one each time', () => {
    const a = codeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeVerifier()).not.toBe(a);
  });

  it('asks for a code with the challenge, the state, our callback and the page language', () => {
    const t = newTransaction('/plans/ams-rm-current');
    const url = new URL(authorizeUrl(cognito, `${SITE}${CALLBACK_PATH}`, t, 'es'));
    expect(`${url.origin}${url.pathname}`).toBe(`${cognito.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code', client_id: 'client123', redirect_uri: `${SITE}/auth/callback`, scope: 'openid email profile',
      state: t.state, code_challenge: codeChallenge(t.verifier), code_challenge_method: 'S256', lang: 'es',
    });
  });

  it('keeps the transaction in a cookie value that survives the round trip, and rejects a damaged one', () => {
    const t = newTransaction('/');
    expect(decodeTransaction(encodeTransaction(t))).toEqual(t);
    expect(decodeTransaction('not-base64-json')).toBeUndefined();
    expect(decodeTransaction(Buffer.from('{"state":1}').toString('base64url'))).toBeUndefined();
  });

  it('signs out of managed login back to our signed-out page', () => {
    const url = new URL(logoutUrl(cognito, `${SITE}/signed-out`));
    expect(url.pathname).toBe('/logout');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'client123', logout_uri: `${SITE}/signed-out` });
  });
});

// ------------------------------------------------------------------ the round trip through the routes

const now = new Date('2026-11-22T12:00:00Z');
const jwt = (name: string, expiresIn: number) =>
  `h.${Buffer.from(JSON.stringify({ exp: now.getTime() / 1000 + expiresIn })).toString('base64url')}.${name}`;
const ID_TOKEN = jwt('first', 3600);
const RENEWED = jwt('renewed', 3600);
const EXPIRED = jwt('expired', -10);
const person: Principal = { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE', name: 'Diego Salazar', language: 'es' };

function setUp() {
  const calls: { url: string; body: URLSearchParams }[] = [];
  // As Cognito does: a revoked refresh token (RevokeToken, or AdminUserGlobalSignOut) renews nothing.
  const revoked = new Set<string>();
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const body = new URLSearchParams(String(init?.body));
    calls.push({ url: String(url), body });
    if (String(url).endsWith('/oauth2/revoke')) {
      revoked.add(body.get('token')!);
      return new Response(null, { status: 200 });
    }
    const grant = body.get('grant_type');
    if (grant === 'refresh_token' && revoked.has(body.get('refresh_token')!)) return Response.json({ error: 'invalid_grant' }, { status: 400 });
    const idToken = grant === 'authorization_code' ? ID_TOKEN : RENEWED;
    return Response.json({ id_token: idToken, access_token: 'a', ...(grant === 'authorization_code' ? { refresh_token: 'refresh-1' } : {}), token_type: 'Bearer', expires_in: 3600 });
  });
  const verifier = {
    verify: async (token: string) => {
      if (token === ID_TOKEN || token === RENEWED) return person;
      throw new Error('invalid or expired');
    },
  };
  // The pages these tests open read only the digest archive; signing in reads the person (a deactivated
  // one is refused) and records the sign-in.
  const signIns: string[] = [];
  const store = {
    digests: { list: async () => ({ items: [], nextCursor: null }) },
    people: { get: async (id: string) => ({ id, active: true }), touchSignIn: async (id: string) => void signIns.push(id) },
  } as unknown as Store;
  const deps: AppDeps = { store, verifier, now: () => now, config: { corsOrigins: [], publicUrl: SITE }, signIn: { cognito: { ...cognito, fetch: fetch as typeof globalThis.fetch } } };
  return { app: web(deps), calls, fetch, signIns, revoked };
}

/** name=value pairs from Set-Cookie headers, and the raw headers. */
function cookiesOf(response: Response) {
  const raw = response.headers.getSetCookie();
  return { raw, jar: Object.fromEntries(raw.map((c) => c.split(';')[0]!.split(/=(.*)/s).slice(0, 2) as [string, string])) };
}

describe('signing in with Cognito through the web routes', () => {
  it('offers managed login on the sign-in page (and no development list)', async () => {
    const { app } = setUp();
    const page = await (await app.request(`${SITE}/sign-in?next=/plans/x`)).text();
    expect(page).toContain('href="/sign-in/cognito?next=%2Fplans%2Fx"');
    expect(page).not.toContain('name="person"');
  });

  it('redirects to /oauth2/authorize and keeps state and verifier in a short-lived __Host- cookie', async () => {
    const { app } = setUp();
    const response = await app.request(`${SITE}/sign-in/cognito?next=/plans/ams-rm-current`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('Location')!);
    const { raw, jar } = cookiesOf(response);
    const oauth = raw.find((c) => c.startsWith('__Host-oauth='))!;
    expect(oauth).toMatch(/Max-Age=600/);
    expect(oauth).toMatch(/HttpOnly/);
    expect(oauth).toMatch(/Secure/);
    expect(oauth).toMatch(/SameSite=Lax/);
    const t = decodeTransaction(jar['__Host-oauth'])!;
    expect(t.next).toBe('/plans/ams-rm-current');
    expect(location.searchParams.get('state')).toBe(t.state);
    expect(location.searchParams.get('code_challenge')).toBe(codeChallenge(t.verifier));
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const { app, fetch } = setUp();
    const t = newTransaction('/');
    const response = await app.request(`${SITE}/auth/callback?code=abc&state=forged`, { headers: { Cookie: `__Host-oauth=${encodeTransaction(t)}` } });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/sign-in?failed');
    expect(fetch).not.toHaveBeenCalled();
    const noCookie = await app.request(`${SITE}/auth/callback?code=abc&state=${t.state}`);
    expect(noCookie.headers.get('Location')).toBe('/sign-in?failed');
  });

  it('trades the code with the verifier, opens an HttpOnly Secure session and returns to the page asked for', async () => {
    const { app, calls, signIns } = setUp();
    const t = newTransaction('/plans/ams-rm-current');
    const response = await app.request(`${SITE}/auth/callback?code=the-code&state=${t.state}`, { headers: { Cookie: `__Host-oauth=${encodeTransaction(t)}` } });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/plans/ams-rm-current');
    expect(signIns).toEqual([person.userId]); // the secretariat sees who has signed in
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${cognito.domain}/oauth2/token`);
    expect(Object.fromEntries(calls[0]!.body)).toEqual({
      client_id: 'client123', grant_type: 'authorization_code', code: 'the-code', redirect_uri: `${SITE}/auth/callback`, code_verifier: t.verifier,
    });
    const { raw, jar } = cookiesOf(response);
    expect(jar['__Host-session']).toBe(ID_TOKEN);
    expect(jar['__Host-refresh']).toBe('refresh-1');
    expect(jar['__Host-lang']).toBe('es');
    const session = raw.find((c) => c.startsWith('__Host-session='))!;
    expect(session).toMatch(/Max-Age=3600/);
    expect(session).toMatch(/Path=\//);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Lax/);
    // The transaction cookie is spent.
    expect(raw.find((c) => c.startsWith('__Host-oauth='))).toMatch(/Max-Age=0/);
  });

  it('renews an expired session with the refresh token instead of sending the person away', async () => {
    const { app, calls } = setUp();
    const response = await app.request(`${SITE}/digests`, { headers: { Cookie: `__Host-session=${EXPIRED}; __Host-refresh=refresh-1` } });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(calls[0]!.body)).toEqual({ client_id: 'client123', grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    expect(cookiesOf(response).jar['__Host-session']).toBe(RENEWED);
  });

  it('sends a person without a session to sign in, remembering the page', async () => {
    const { app } = setUp();
    const response = await app.request(`${SITE}/digests?administration=PE`);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/sign-in?next=%2Fdigests%3Fadministration%3DPE');
  });

  it('signs out: revokes the refresh token, clears the cookies and ends the managed-login session', async () => {
    const { app, calls } = setUp();
    const secret = newSecret();
    const cookie = `__Host-session=${ID_TOKEN}; __Host-refresh=refresh-1; __Host-csrf=${secret}`;
    const forged = await app.request(`${SITE}/sign-out`, { method: 'POST', headers: { Cookie: cookie, Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '_csrf=guess' });
    expect(forged.status).toBe(400);
    const response = await app.request(`${SITE}/sign-out`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfToken(secret, 'coord-pe') }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(logoutUrl(cognito, `${SITE}/signed-out`));
    expect(calls.map((c) => c.url)).toEqual([`${cognito.domain}/oauth2/revoke`]);
    expect(Object.fromEntries(calls[0]!.body)).toEqual({ client_id: 'client123', token: 'refresh-1' });
    const { raw } = cookiesOf(response);
    for (const name of ['__Host-session', '__Host-refresh', '__Host-csrf']) expect(raw.find((c) => c.startsWith(`${name}=`))).toMatch(/Max-Age=0/);
  });

  it('after sign-out, the old cookies replayed once the ID token has expired renew nothing: the person is sent to sign in', async () => {
    const { app, calls } = setUp();
    const secret = newSecret();
    const old = `__Host-session=${ID_TOKEN}; __Host-refresh=refresh-1; __Host-csrf=${secret}`;
    await app.request(`${SITE}/sign-out`, {
      method: 'POST',
      headers: { Cookie: old, Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfToken(secret, 'coord-pe') }).toString(),
    });
    const replayed = await app.request(`${SITE}/digests`, { headers: { Cookie: `__Host-session=${EXPIRED}; __Host-refresh=refresh-1` } });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('Location')).toBe('/sign-in?next=%2Fdigests');
    expect(calls.map((c) => c.body.get('grant_type') ?? 'revoke')).toEqual(['revoke', 'refresh_token']);
    // The dead cookies are cleared.
    const { raw } = cookiesOf(replayed);
    for (const name of ['__Host-session', '__Host-refresh']) expect(raw.find((c) => c.startsWith(`${name}=`))).toMatch(/Max-Age=0/);
  });

  it('ends the session of a person signed out everywhere (deactivation): the refresh is refused', async () => {
    const { app, revoked } = setUp();
    revoked.add('refresh-1'); // what AdminUserGlobalSignOut does to every refresh token of the user
    const response = await app.request(`${SITE}/digests`, { headers: { Cookie: `__Host-session=${EXPIRED}; __Host-refresh=refresh-1` } });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/sign-in?next=%2Fdigests');
  });
});
