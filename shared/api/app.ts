/**
 * The JSON API (`/api/v1`, its OpenAPI description and `/api/docs`), built from injected
 * dependencies. In AWS it is its own function (functions/api.ts), so an API call's cold start
 * carries none of the web pages; locally and in tests it is hosted together with the web app
 * (`shared/app.ts`). Nothing here reads process.env.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { secureHeaderOptions } from '../headers.ts';
import { badFileMessage } from '../commands/imports.ts';
import { pickLanguage } from '../i18n/index.ts';
import { BadFile, LIMITS } from '../sheets/types.ts';
import { docsPage, type Doc } from './docs.ts';
import { BODY_LIMIT, type AppDeps, type Env } from './http.ts';
import { RETRY_AFTER_SECONDS, onAppError, problemResponse, problems } from './problems.ts';
import { Routes, type RouteConfig } from './route.ts';
import { contributions } from './routes/contributions.ts';
import { digests } from './routes/digests.ts';
import { directory } from './routes/directory.ts';
import { exchangeRates } from './routes/exchange-rates.ts';
import { iati } from './routes/iati.ts';
import { me } from './routes/me.ts';
import { milestones } from './routes/milestones.ts';
import { plans } from './routes/plans.ts';
import { results } from './routes/results.ts';
import { isUploadPath, sheets } from './routes/sheets.ts';
import { strategies } from './routes/strategies.ts';

export type { AppDeps } from './http.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/api/docs';

/** Which app serves a path: the API takes everything under /api/, the web app the rest. */
export const isApiPath = (path: string) => path.startsWith('/api/');

/**
 * Where the API description comes from: given the route definitions, the OpenAPI document without
 * `servers`. Locally, `describeRoutes` (description.ts) makes it; the Lambda reads the copy made
 * when it was bundled, so the generator is not part of its cold start.
 */
export type DescribeApi = (definitions: RouteConfig[]) => Record<string, unknown> | Promise<Record<string, unknown>>;

export function createApiApp(deps: AppDeps, describe: DescribeApi) {
  const app = new Hono<Env>();

  app.use(requestId());
  app.use(secureHeaders(secureHeaderOptions(deps.signIn?.cognito)));
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (deps.config.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match'],
      exposeHeaders: ['ETag', 'Location'],
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  const jsonLimit = bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => problemResponse(c, problems.tooLarge(BODY_LIMIT)) });
  // An uploaded spreadsheet may be up to 5 MB; over that, one sentence says so (the preview route says it in the caller's language).
  const uploadLimit = bodyLimit({
    maxSize: LIMITS.bytes,
    onError: (c) => problemResponse(c, problems.badFile(badFileMessage(new BadFile('too_large'), pickLanguage(c.req.header('Accept-Language'))), 413)),
  });
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && isUploadPath(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    // A body must be JSON; an action without a body (POST /people/{id}/deactivate) needs no type.
    const hasBody = c.req.header('Content-Type') !== undefined || Number(c.req.header('Content-Length') ?? '0') > 0 || c.req.header('Transfer-Encoding') !== undefined;
    if ((method === 'POST' || method === 'PATCH' || method === 'PUT') && hasBody && c.req.path !== OPENAPI_PATH && !isUploadPath(c.req.path)) {
      const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!/^application\/([\w.-]+\+)?json$/.test(type)) return problemResponse(c, problems.unsupportedMediaType());
    }
    await next();
  });

  // Cheap enough to poll: one small read, remembered for 10 s (store.health).
  app.get('/health', async (c) =>
    (await deps.store.health())
      ? c.json({ status: 'ok', database: 'ok' })
      : c.json({ status: 'unavailable', database: 'unavailable' }, 503, { 'Retry-After': String(RETRY_AFTER_SECONDS) }));

  // Every /api/v1 call is signed in, except the API description itself.
  app.use('/api/v1/*', async (c, next) => {
    if (c.req.path === OPENAPI_PATH) return next();
    const header = c.req.header('Authorization') ?? '';
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    if (!m) return problemResponse(c, problems.unauthorized('Send a bearer token in the Authorization header.'));
    let principal;
    try {
      principal = await deps.verifier.verify(m[1]!);
    } catch {
      return problemResponse(c, problems.unauthorized('The bearer token is invalid or expired.'));
    }
    // A token of a web session that has signed out (a copied cookie) stops at once.
    if (principal.sessionId && (await deps.store.endedSessions.ended(principal))) {
      return problemResponse(c, problems.unauthorized('The bearer token belongs to a session that has signed out, or was issued before a change of the person\'s access: sign in again.'));
    }
    c.set('principal', principal);
    await next();
    // What a signed-in caller reads is theirs: no shared cache keeps it (revalidate with the ETag).
    c.header('Cache-Control', 'private, no-store');
  });

  const v1 = new Routes();
  for (const routes of [me, directory, exchangeRates, strategies, plans, milestones, contributions, results, digests, iati, sheets]) v1.route('/', routes(deps));
  app.route('/api/v1', v1.app);

  // The API description, asked for on the first request for it (not at cold start) and kept.
  let document: Promise<Record<string, unknown>> | undefined;
  const openApi = () =>
    (document ??= Promise.resolve()
      .then(() => describe(v1.definitions))
      .then((doc) => ({ ...doc, servers: [{ url: deps.config.publicUrl }] }))
      .catch((error: unknown) => {
        document = undefined;
        throw error;
      }));
  app.get(OPENAPI_PATH, async (c) => c.json(await openApi()));
  app.get(DOCS_PATH, async (c) => c.html(docsPage((await openApi()) as Doc)));

  app.notFound((c) => problemResponse(c, problems.notFound(`No route for ${c.req.method} ${c.req.path}`)));
  app.onError(onAppError);

  return app;
}

export type ApiApp = ReturnType<typeof createApiApp>;
