/**
 * Web sessions. The session cookie holds the person's ID token (Cognito, or the development issuer
 * locally), verified on every request by the same IdentityVerifier the API uses, so a page and an
 * API call with the same token see the same principal. Cookies are HttpOnly and SameSite=Lax, and
 * Secure with the `__Host-` prefix when the app is served over https.
 *
 * CSRF: signed double submit. A random secret sits in an HttpOnly cookie (new at each sign-in);
 * forms carry HMAC(secret, person id), so a token only works for that browser and that person.
 * POSTs must also come from our own origin when the browser says where they come from.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { SignIn, Tokens } from '../deps.ts';
import { SESSION_SECONDS } from '../domain/constants.ts';
import type { Principal } from '../domain/policy.ts';
import { refresh as cognitoRefresh, revoke as cognitoRevoke } from './cognito.ts';

export type { SignIn } from '../deps.ts';

/** The refresh cookie lasts as long as the refresh token: the session's whole length. */
export const REFRESH_COOKIE_SECONDS = SESSION_SECONDS.refreshToken;

/**
 * Renewing and ending sessions, whoever issued them (Cognito deployed, the development issuer
 * locally). The session cookie holds a short-lived ID token; when it has expired, the refresh
 * token renews it; sign-out revokes the refresh token, so old cookies stop working when the ID
 * token they hold expires (SESSION_SECONDS.idToken).
 */
export interface Renewal {
  /** A new ID token, or undefined when the refresh token no longer renews anything. */
  refresh(refreshToken: string): Promise<Tokens | undefined>;
  revoke(refreshToken: string): Promise<void>;
}

export function renewalOf(signIn: SignIn | undefined): Renewal | undefined {
  const cognito = signIn?.cognito;
  if (cognito) {
    return {
      refresh: (token) => cognitoRefresh(cognito, token).catch(() => undefined),
      revoke: (token) => cognitoRevoke(cognito, token),
    };
  }
  return signIn?.dev;
}

/** Cookie names; over https they take the `__Host-` prefix (Secure, Path=/, no Domain). */
export function cookieNames(secure: boolean) {
  const p = secure ? '__Host-' : '';
  return { session: `${p}session`, refresh: `${p}refresh`, csrf: `${p}csrf`, oauth: `${p}oauth`, lang: `${p}lang` };
}
export type CookieNames = ReturnType<typeof cookieNames>;

export interface CookieJar {
  secure: boolean;
  names: CookieNames;
  get(c: Context, name: keyof CookieNames): string | undefined;
  set(c: Context, name: keyof CookieNames, value: string, maxAgeSeconds?: number): void;
  clear(c: Context, name: keyof CookieNames): void;
}

export function cookieJar(publicUrl: string): CookieJar {
  const secure = publicUrl.startsWith('https:');
  const names = cookieNames(secure);
  const base: CookieOptions = { path: '/', httpOnly: true, sameSite: 'Lax', secure };
  return {
    secure,
    names,
    get: (c, name) => getCookie(c, names[name]),
    set: (c, name, value, maxAgeSeconds) =>
      setCookie(c, names[name], value, maxAgeSeconds === undefined ? base : { ...base, maxAge: Math.max(0, Math.floor(maxAgeSeconds)) }),
    clear: (c, name) => {
      deleteCookie(c, names[name], base);
    },
  };
}

/** Seconds until a JWT's `exp` (0 when absent or unreadable). Only for cookie lifetimes: verification is the verifier's job. */
export function secondsLeft(jwt: string, now: Date): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? Math.max(0, payload.exp - Math.floor(now.getTime() / 1000)) : 0;
  } catch {
    return 0;
  }
}

// ------------------------------------------------------------------ CSRF

export const CSRF_FIELD = '_csrf';
/** Whom a token is for before anyone has signed in (the development sign-in form). */
export const ANONYMOUS = 'anonymous';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfToken(secret: string, subject: string): string {
  return createHmac('sha256', secret).update(`csrf|${subject}`).digest('base64url');
}

export function csrfMatches(secret: string | undefined, subject: string, sent: unknown): boolean {
  if (!secret || typeof sent !== 'string' || sent.length === 0) return false;
  const expected = Buffer.from(csrfToken(secret, subject));
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The CSRF secret of this browser, created (and set as a cookie) when there is none yet. */
export function csrfSecret(c: Context, jar: CookieJar): string {
  const existing = jar.get(c, 'csrf');
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const secret = newSecret();
  jar.set(c, 'csrf', secret);
  return secret;
}

/**
 * False when the browser says the request comes from another origin. `Origin` is sent with every
 * form POST by current browsers (our Referrer-Policy keeps it for same-origin requests); when it
 * is absent, the CSRF token alone decides.
 */
export function sameOrigin(c: Context, publicUrl: string): boolean {
  const origin = c.req.header('Origin');
  if (origin === undefined) return true;
  const ours = new Set([new URL(c.req.url).origin, new URL(publicUrl).origin]);
  return ours.has(origin);
}

export function checkCsrf(c: Context, jar: CookieJar, publicUrl: string, subject: string, sent: unknown): boolean {
  return sameOrigin(c, publicUrl) && csrfMatches(jar.get(c, 'csrf'), subject, sent);
}

// ------------------------------------------------------------------ where to go after signing in

/**
 * A local path to return to, or '/' (never another site: no scheme, no `//host`, no backslash
 * tricks). After signing in, never back to the sign-in pages themselves.
 */
export function safeNext(next: unknown, options: { signInPages?: boolean } = {}): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 500) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f]/.test(next)) return '/';
  if (!options.signInPages && (next.startsWith('/sign-in') || next.startsWith('/sign-out') || next.startsWith('/auth/'))) return '/';
  return next;
}

/** The subject forms are signed for. */
export const subjectOf = (p: Principal | undefined) => p?.userId ?? ANONYMOUS;
