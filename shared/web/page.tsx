/** What the page modules share: the router's types, sign-in checks, rendering and page errors. */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../domain/policy.ts';
import type { CookieJar } from './session.ts';
import type { View } from './view.ts';

export type WebEnv = { Variables: { principal?: Principal; view: View; requestId: string } };
export type WebContext = Context<WebEnv>;

export interface Pages {
  app: Hono<WebEnv>;
  deps: AppDeps;
  jar: CookieJar;
  /** Requires a session (redirects to sign-in for GET); sets `principal` and `view`. */
  signedIn: MiddlewareHandler<WebEnv>;
  /** Sets `view` (and `principal` when there is a valid session) without requiring one. */
  anyone: MiddlewareHandler<WebEnv>;
}

/** Pages are private and change often: never cached. */
export async function render(c: Context, node: JSX.Element, status: 200 | 400 | 401 | 403 | 404 | 409 | 500 | 503 = 200) {
  const body = `<!doctype html>${await node.toString()}`;
  return c.html(body, status, { 'Cache-Control': 'no-store' });
}

/** The signed-in principal on a route behind `signedIn`. */
export function me(c: WebContext): Principal {
  const p = c.get('principal');
  if (!p) throw new PageError(401);
  return p;
}

/** A page that cannot be shown: 401, 403 or 404 (rendered by the web app's error handler). */
export class PageError extends Error {
  constructor(readonly status: 400 | 401 | 403 | 404) {
    super(`page error ${status}`);
  }
}
export const forbidden = () => new PageError(403);
export const notFound = () => new PageError(404);
