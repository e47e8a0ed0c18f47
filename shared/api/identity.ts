/**
 * Who is calling. In AWS: Cognito ID tokens, verified with aws-jwt-verify. Locally: a development
 * issuer whose key lives in a git-ignored file; it refuses to exist inside Lambda.
 */
import { generateKeyPairSync, createSign, randomBytes, type KeyObject } from 'node:crypto';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import * as z from 'zod/mini';
import { lazy } from '../domain/common.ts';
import { SESSION_SECONDS } from '../domain/constants.ts';
import type { Principal } from '../domain/policy.ts';
import { ROLES } from '../domain/resources.ts';

export interface IdentityVerifier {
  /** Resolves the principal, or rejects for an invalid, expired or foreign token. */
  verify(token: string): Promise<Principal>;
}

/** Built on the first token verified, not at cold start (see lazy in domain/common.ts). */
const Claims = lazy(() =>
  z.object({
    sub: z.string().check(z.minLength(1)),
    'custom:role': z.optional(z.enum(ROLES)),
    'cognito:groups': z.optional(z.array(z.string())),
    'custom:administration': z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
    'custom:donor': z.optional(z.string().check(z.minLength(1))),
    'custom:person': z.optional(z.string().check(z.minLength(1))),
    name: z.optional(z.string()),
    locale: z.optional(z.string()),
    origin_jti: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    iat: z.optional(z.number()),
  }),
);

/** The same claim names for Cognito and development tokens, so one mapping serves both. */
export function principalFromClaims(payload: unknown): Principal {
  const claims = Claims.parse(payload);
  const role = claims['custom:role'] ?? ROLES.find((r) => claims['cognito:groups']?.includes(r));
  if (!role) throw new Error('token carries no role');
  return {
    userId: claims['custom:person'] ?? claims.sub,
    role,
    ...(claims['custom:administration'] ? { administrationId: claims['custom:administration'] } : {}),
    ...(claims['custom:donor'] ? { donorId: claims['custom:donor'] } : {}),
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.locale ? { language: claims.locale } : {}),
    ...(claims.origin_jti ? { sessionId: claims.origin_jti, ...(claims.iat !== undefined ? { issuedAt: claims.iat } : {}) } : {}),
  };
}

export function cognitoVerifier(userPoolId: string, clientId: string): IdentityVerifier {
  const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'id' });
  return remembered(async (token) => principalFromClaims(await verifier.verify(strict(token))));
}

/**
 * What the signature check does not refuse by itself: a token must expire (`exp`), and a `crit`
 * header names extensions the verifier must understand, of which it understands none (RFC 7515, 4.1.11).
 */
export function strict(token: string): string {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => {
    try {
      return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  });
  if (!header || typeof header !== 'object' || 'crit' in header) throw new Error('token header is not acceptable');
  if (!payload || typeof payload.exp !== 'number') throw new Error('token has no expiry');
  return token;
}

/**
 * Remembers tokens already verified, until they expire, so a client's repeated calls skip the
 * signature check (a token is immutable: same string, same verdict until `exp`). Failures are not kept.
 */
export function remembered(verify: (token: string) => Promise<Principal>, now: () => number = () => Date.now(), size = 2000): IdentityVerifier {
  const known = new Map<string, { principal: Principal; expiresAt: number }>();
  return {
    async verify(token) {
      const hit = known.get(token);
      if (hit && hit.expiresAt > now()) return hit.principal;
      known.delete(token);
      const principal = await verify(token);
      const exp = expiryOf(token);
      if (exp) {
        if (known.size >= size) known.delete(known.keys().next().value!);
        known.set(token, { principal, expiresAt: exp * 1000 });
      }
      return principal;
    },
  };
}

function expiryOf(token: string): number | undefined {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ development issuer

export const DEV_ISSUER = 'urn:action-plan-tracker:dev-issuer';
export const DEV_AUDIENCE = 'action-plan-tracker-local';

export interface DevKeys {
  privateKeyPem: string;
  publicJwk: Record<string, unknown>;
}

function refuseInLambda() {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME || process.env.AWS_EXECUTION_ENV) {
    throw new Error('The development token issuer cannot run in AWS Lambda.');
  }
}

export function generateDevKeys(): DevKeys {
  refuseInLambda();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid: 'dev-1', alg: 'RS256', use: 'sig' },
  };
}

export function devVerifier(keys: DevKeys): IdentityVerifier {
  refuseInLambda();
  const verifier = JwtVerifier.create({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, jwksUri: 'http://localhost/unused-jwks.json' });
  verifier.cacheJwks({ keys: [keys.publicJwk as never] });
  return remembered(async (token) => principalFromClaims(await verifier.verify(strict(token))));
}

export interface DevPerson {
  id: string;
  role: Principal['role'];
  administrationId?: string;
  donorId?: string;
  name?: string;
  language?: string;
}

/**
 * Signs a development ID token for a person, valid for `ttlSeconds`: by default an hour, for
 * `npm run token` and API calls by hand; web sessions take the short lifetime of `devSessions`.
 */
export function signDevToken(keys: DevKeys, person: DevPerson, now = new Date(), ttlSeconds = 3600, sessionId?: string): string {
  refuseInLambda();
  const iat = Math.floor(now.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: 'dev-1' };
  const payload = {
    iss: DEV_ISSUER,
    aud: DEV_AUDIENCE,
    sub: person.id,
    iat,
    exp: iat + ttlSeconds,
    'custom:person': person.id,
    'custom:role': person.role,
    ...(person.administrationId ? { 'custom:administration': person.administrationId } : {}),
    ...(person.donorId ? { 'custom:donor': person.donorId } : {}),
    ...(person.name ? { name: person.name } : {}),
    ...(person.language ? { locale: person.language } : {}),
    // Like Cognito's: the sign-in session this token belongs to, the same across renewals.
    ...(sessionId ? { origin_jti: sessionId, jti: randomBytes(16).toString('hex') } : {}),
  };
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const key: KeyObject | string = keys.privateKeyPem;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

/** What a sign-in or a renewal yields: a short-lived ID token and, at sign-in, the refresh token that renews it. */
export interface Tokens {
  idToken: string;
  refreshToken?: string;
}

/**
 * The development issuer's sessions (local only; `devSessions` below): the same
 * shape as Cognito's, a short ID token renewed with a refresh token that sign-out revokes.
 */
export interface DevSignIn {
  /** Tokens for a person on file (undefined when there is no such person); a deactivated person gets no refresh token. */
  signIn(personId: string): Promise<Tokens | undefined>;
  /** A new ID token; undefined when the refresh token is unknown, expired or revoked, or its person deactivated. */
  refresh(refreshToken: string): Promise<Tokens | undefined>;
  /** Ends the session the refresh token belongs to. */
  revoke(refreshToken: string): Promise<void>;
}

/** The development issuer's sessions, with what deactivation needs (local/start.ts gives it to the accounts port). */
export interface DevSessions extends DevSignIn {
  /** Ends every session of a person: their refresh tokens stop working at once. */
  revokeAll(personId: string): void;
}

/**
 * Web sessions from the development issuer, shaped as Cognito's: an ID token of
 * `SESSION_SECONDS.idToken` and an opaque refresh token of `SESSION_SECONDS.refreshToken` that this
 * issuer remembers (in memory: a restarted `npm start` asks everyone to sign in again). A renewal
 * reads the person again, so a deactivated person gets none and a changed role applies; a revoked
 * refresh token (sign-out, deactivation) renews nothing, so the session's cookies stop working when
 * its ID token expires.
 */
export function devSessions(
  keys: DevKeys,
  findPerson: (id: string) => Promise<(DevPerson & { active?: boolean }) | undefined>,
  now: () => Date = () => new Date(),
): DevSessions {
  refuseInLambda();
  const sessions = new Map<string, { personId: string; sessionId: string; expiresAt: number }>();

  const idToken = (person: DevPerson, sessionId: string) => signDevToken(keys, { ...person, id: person.id }, now(), SESSION_SECONDS.idToken, sessionId);

  return {
    async signIn(personId) {
      const person = await findPerson(personId);
      if (!person) return undefined;
      // A deactivated person gets a token (the web app's sign-in refuses them with a page saying
      // so, as it does a Cognito token) but no refresh token: nothing renews it.
      const sessionId = randomBytes(16).toString('hex');
      if (person.active === false) return { idToken: idToken(person, sessionId) };
      const refreshToken = randomBytes(32).toString('base64url');
      sessions.set(refreshToken, { personId, sessionId, expiresAt: now().getTime() + SESSION_SECONDS.refreshToken * 1000 });
      return { idToken: idToken(person, sessionId), refreshToken };
    },
    async refresh(refreshToken): Promise<Tokens | undefined> {
      const session = sessions.get(refreshToken);
      const person = session && session.expiresAt > now().getTime() ? await findPerson(session.personId) : undefined;
      if (!person || person.active === false) {
        sessions.delete(refreshToken);
        return undefined;
      }
      return { idToken: idToken(person, session!.sessionId) };
    },
    async revoke(refreshToken) {
      sessions.delete(refreshToken);
    },
    revokeAll(personId) {
      for (const [token, session] of sessions) if (session.personId === personId) sessions.delete(token);
    },
  };
}
