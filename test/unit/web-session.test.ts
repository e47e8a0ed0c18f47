/** Session pieces that need no server: CSRF tokens, cookie names, return paths, token lifetimes. */
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, cookieNames, csrfMatches, csrfToken, newSecret, safeNext, secondsLeft } from '../../shared/web/session.ts';

describe('CSRF tokens (signed double submit)', () => {
  it('match only for the same browser secret and the same person', () => {
    const secret = newSecret();
    const token = csrfToken(secret, 'coord-pe');
    expect(csrfMatches(secret, 'coord-pe', token)).toBe(true);
    expect(csrfMatches(secret, 'coord-ar', token)).toBe(false);
    expect(csrfMatches(newSecret(), 'coord-pe', token)).toBe(false);
    expect(csrfMatches(secret, ANONYMOUS, token)).toBe(false);
  });

  it('refuse a missing secret or a missing, empty or non-text token', () => {
    const secret = newSecret();
    expect(csrfMatches(undefined, 'coord-pe', csrfToken(secret, 'coord-pe'))).toBe(false);
    expect(csrfMatches(secret, 'coord-pe', undefined)).toBe(false);
    expect(csrfMatches(secret, 'coord-pe', '')).toBe(false);
    expect(csrfMatches(secret, 'coord-pe', ['x'])).toBe(false);
  });
});

describe('cookies', () => {
  it('take the __Host- prefix over https only', () => {
    expect(cookieNames(true)).toEqual({ session: '__Host-session', refresh: '__Host-refresh', csrf: '__Host-csrf', oauth: '__Host-oauth', lang: '__Host-lang' });
    expect(cookieNames(false).session).toBe('session');
  });

  it('last as long as the token in them', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const payload = Buffer.from(JSON.stringify({ exp: now.getTime() / 1000 + 3600 })).toString('base64url');
    expect(secondsLeft(`h.${payload}.s`, now)).toBe(3600);
    expect(secondsLeft('not-a-jwt', now)).toBe(0);
  });
});

describe('where to go after signing in', () => {
  it('keeps local paths with their query', () => {
    expect(safeNext('/plans/ams-rm-current')).toBe('/plans/ams-rm-current');
    expect(safeNext('/digests?administration=PE&digest=2026-11')).toBe('/digests?administration=PE&digest=2026-11');
  });

  it('never leaves the site or loops back to signing in', () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', undefined, 42, '/sign-in?next=/', '/auth/callback', '/x\u0000y']) {
      expect(safeNext(bad), String(bad)).toBe('/');
    }
  });

  it('lets the language switch return to the sign-in page it was used on', () => {
    expect(safeNext('/sign-in?next=%2Fplans%2Fx', { signInPages: true })).toBe('/sign-in?next=%2Fplans%2Fx');
    expect(safeNext('//evil.example', { signInPages: true })).toBe('/');
  });
});
