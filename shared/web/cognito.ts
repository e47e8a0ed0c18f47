/**
 * Cognito managed login for the web pages: OAuth 2.0 authorization code with PKCE (RFC 7636).
 *
 *   /sign-in/cognito   makes a state and a code verifier, keeps them in a short-lived HttpOnly
 *                      cookie and redirects to the user pool's /oauth2/authorize
 *   /auth/callback     checks the state, trades the code (with the verifier) at /oauth2/token,
 *                      verifies the ID token like any API token and opens the session
 *   refresh            an expired session is renewed with the refresh token (HttpOnly cookie)
 *   sign out           revokes the refresh token and ends the managed-login session (/logout)
 *
 * The pure pieces (PKCE, URLs, the transaction cookie) are exported for the unit tests; the calls
 * to Cognito take an injectable fetch.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CognitoSignIn, Tokens } from '../deps.ts';

export type { CognitoSignIn } from '../deps.ts';

export const CALLBACK_PATH = '/auth/callback';
export const SIGNED_OUT_PATH = '/signed-out';
/** How long a sign-in may take at Cognito before the transaction cookie expires. */
export const TRANSACTION_SECONDS = 600;

const base = (cfg: CognitoSignIn) => cfg.domain.replace(/\/+$/, '');

export function codeVerifier(): string {
  // 32 random bytes -> 43 characters of the unreserved alphabet (RFC 7636 section 4.1).
  return randomBytes(32).toString('base64url');
}

export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface Transaction {
  state: string;
  verifier: string;
  next: string;
}

export function newTransaction(next: string): Transaction {
  return { state: randomBytes(24).toString('base64url'), verifier: codeVerifier(), next };
}

export function encodeTransaction(t: Transaction): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

export function decodeTransaction(value: string | undefined): Transaction | undefined {
  if (!value) return undefined;
  try {
    const t = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Transaction>;
    if (typeof t.state === 'string' && typeof t.verifier === 'string' && typeof t.next === 'string') return t as Transaction;
  } catch {
    // fall through: a damaged cookie is no transaction
  }
  return undefined;
}

export function authorizeUrl(cfg: CognitoSignIn, redirectUri: string, t: Transaction, language?: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: redirectUri,
    scope: (cfg.scopes ?? ['openid', 'email', 'profile']).join(' '),
    state: t.state,
    code_challenge: codeChallenge(t.verifier),
    code_challenge_method: 'S256',
  });
  // Managed login shows its pages in this language.
  if (language) params.set('lang', language);
  return `${base(cfg)}/oauth2/authorize?${params}`;
}

export function logoutUrl(cfg: CognitoSignIn, signedOutUri: string): string {
  return `${base(cfg)}/logout?${new URLSearchParams({ client_id: cfg.clientId, logout_uri: signedOutUri })}`;
}

export type { Tokens } from '../deps.ts';

export class CognitoError extends Error {}

function tokenRequestHeaders(cfg: CognitoSignIn): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (cfg.clientSecret) headers.Authorization = `Basic ${Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString('base64')}`;
  return headers;
}

async function tokenRequest(cfg: CognitoSignIn, body: Record<string, string>): Promise<Tokens> {
  const response = await (cfg.fetch ?? fetch)(`${base(cfg)}/oauth2/token`, {
    method: 'POST',
    headers: tokenRequestHeaders(cfg),
    body: new URLSearchParams({ client_id: cfg.clientId, ...body }).toString(),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new CognitoError(`token endpoint answered ${response.status}`);
  const json = (await response.json()) as { id_token?: unknown; refresh_token?: unknown };
  if (typeof json.id_token !== 'string') throw new CognitoError('token endpoint returned no id_token');
  return { idToken: json.id_token, ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}) };
}

/** Trades an authorization code for tokens (the verifier proves this browser started the sign-in). */
export function exchangeCode(cfg: CognitoSignIn, code: string, redirectUri: string, verifier: string): Promise<Tokens> {
  return tokenRequest(cfg, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
}

/** A fresh ID token from the refresh token (Cognito does not rotate refresh tokens by default). */
export function refresh(cfg: CognitoSignIn, refreshToken: string): Promise<Tokens> {
  return tokenRequest(cfg, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/**
 * Revokes a refresh token (Cognito's RevokeToken; the app client has token revocation enabled), so
 * it renews nothing more. Best effort: sign-out goes on whatever Cognito answers, and says so in the log.
 */
export async function revoke(cfg: CognitoSignIn, refreshToken: string): Promise<void> {
  const response = await (cfg.fetch ?? fetch)(`${base(cfg)}/oauth2/revoke`, {
    method: 'POST',
    headers: tokenRequestHeaders(cfg),
    body: new URLSearchParams({ client_id: cfg.clientId, token: refreshToken }).toString(),
    signal: AbortSignal.timeout(5000),
  }).catch((error: unknown) => String(error));
  if (typeof response === 'string' || !response.ok) {
    console.warn(JSON.stringify({ level: 'WARN', message: 'refresh token not revoked', error: typeof response === 'string' ? response : `revoke answered ${response.status}` }));
  }
}

/** The form-action sources sign-out needs (its POST redirects to the managed-login domain). */
export { cognitoOrigin } from '../headers.ts';
