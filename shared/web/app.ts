/**
 * The web app: the server-rendered pages (sign-in, home, strategies, plans, milestones, donors,
 * digests) and the pages behind the signed links in reminder and digest mail. In AWS it is its own
 * function (functions/web.ts) behind the HTTP API's default route; locally and in tests it is
 * hosted together with the JSON API (`shared/app.ts`). Nothing here reads process.env.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from '../deps.ts';
import type { Env } from '../api/types.ts';
import { RETRY_AFTER_SECONDS, onAppError, problemResponse, problems } from '../api/problems.ts';
import { secureHeaderOptions } from '../headers.ts';
import { web, webNotFound } from './index.tsx';
import { reminderLinks } from './reminder-links.tsx';

export function createWebApp(deps: AppDeps) {
  const app = new Hono<Env>();
  app.use(requestId());
  // The pages behind mail links and the calendar feeds carry their token in the URL: it must never
  // leave in a Referer. Registered before the security headers so that it has the last word on the way out.
  const noReferrer: MiddlewareHandler = async (c, next) => {
    await next();
    c.header('Referrer-Policy', 'no-referrer');
  };
  app.use('/mail/*', noReferrer);
  app.use('/feeds/*', noReferrer);
  app.use(secureHeaders(secureHeaderOptions(deps.signIn?.cognito, deps.uploads?.origin)));
  // Cheap enough to poll: one small read, remembered for 10 s (store.health).
  app.get('/health', async (c) =>
    (await deps.store.health())
      ? c.json({ status: 'ok', database: 'ok' })
      : c.json({ status: 'unavailable', database: 'unavailable' }, 503, { 'Retry-After': String(RETRY_AFTER_SECONDS) }));
  // Nothing here is for search engines: private pages and single-use links.
  app.get('/robots.txt', (c) => c.text('User-agent: *\nDisallow: /\n', 200, { 'Cache-Control': 'public, max-age=86400' }));
  // The pages behind the signed links in reminder and digest mail (no sign-in).
  app.route('/', reminderLinks(deps));
  app.route('/', web(deps));
  // A path under /api/ that the API does not serve still answers as the API would.
  app.notFound((c) =>
    c.req.path.startsWith('/api/') ? problemResponse(c, problems.notFound(`No route for ${c.req.method} ${c.req.path}`)) : webNotFound(c, deps),
  );
  app.onError(onAppError);
  return app;
}

export type WebApp = ReturnType<typeof createWebApp>;
