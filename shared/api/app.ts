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
import { laterRoutes } from '../later.ts';
import { pickLanguage } from '../i18n/index.ts';
import { BadFile, LIMITS } from '../sheets/types.ts';
import type { Doc } from './docs.ts';
import { BODY_LIMIT, isUploadPath, type AppDeps, type Env } from './http.ts';
import { RETRY_AFTER_SECONDS, onAppError, problemResponse, problems } from './problems.ts';
import { Routes, type RouteConfig } from './route.ts';
import { contributions } from './routes/contributions.ts';
import { directory } from './routes/directory.ts';
import { me } from './routes/me.ts';
import { milestones } from './routes/milestones.ts';
import { plans } from './routes/plans.ts';
import { strategies } from './routes/strategies.ts';

export type { AppDeps } from './http.ts';

/** A group of /api/v1 routes: registered at init (`now`), or loaded on its first call (`later`). */
type MakeRoutes = (deps: AppDeps) => Routes;
type Group = { routes: MakeRoutes } | { load: () => Promise<MakeRoutes> };
const now = (routes: MakeRoutes): Group => ({ routes });
const later = (load: () => Promise<MakeRoutes>): Group => ({ load });

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
    onError: async (c) => {
      const { badFileMessage } = await import('../commands/imports.ts');
      return problemResponse(c, problems.badFile(badFileMessage(new BadFile('too_large'), pickLanguage(c.req.header('Accept-Language'))), 413));
    },
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

  // The route groups, in the order the API description lists them. Those most calls need are
  // registered now; the others are each loaded on the first call none of these answers (a chunk of
  // the bundle of their own, which no cold start reads: shared/later.ts). A new group that few calls
  // need goes in as `later(() => import('./routes/<group>.ts').then((m) => m.<group>))`.
  const groups: Group[] = [
    now(me), now(directory), later(() => import('./routes/exchange-rates.ts').then((m) => m.exchangeRates)),
    now(strategies), now(plans), now(milestones), now(contributions),
    later(() => import('./routes/results.ts').then((m) => m.results)), later(() => import('./routes/digests.ts').then((m) => m.digests)),
    later(() => import('./routes/iati.ts').then((m) => m.iati)), later(() => import('./routes/sheets.ts').then((m) => m.sheets)),
    later(() => import('./routes/donor-report.ts').then((m) => m.donorReports)),
  ];
  const built = new Map<Group, Routes>();
  const v1 = new Routes();
  for (const group of groups) {
    if (!('routes' in group)) continue;
    built.set(group, group.routes(deps));
    v1.route('/', built.get(group)!);
  }
  app.route('/api/v1', v1.app);
  const rest = laterRoutes<Env>(async (app) => {
    const waiting = groups.filter((group) => 'load' in group);
    const loaded = await Promise.all(waiting.map((group) => group.load()));
    const v1Later = new Routes();
    waiting.forEach((group, i) => {
      built.set(group, loaded[i]!(deps));
      v1Later.route('/', built.get(group)!);
    });
    app.route('/api/v1', v1Later.app);
  });

  // The API description, asked for on the first request for it (not at cold start) and kept.
  let document: Promise<Record<string, unknown>> | undefined;
  const openApi = () =>
    (document ??= Promise.resolve()
      .then(() => rest.app())
      .then(() => describe(groups.flatMap((group) => built.get(group)!.definitions)))
      .then((doc) => ({ ...doc, servers: [{ url: deps.config.publicUrl }] }))
      .catch((error: unknown) => {
        document = undefined;
        throw error;
      }));
  app.get(OPENAPI_PATH, async (c) => c.json(await openApi()));
  app.get(DOCS_PATH, async (c) => {
    const { docsPage } = await import('./docs.ts');
    return c.html(docsPage((await openApi()) as Doc));
  });
  // Last: the groups registered later answer what nothing above did.
  app.all('/api/v1/*', rest.handler);

  app.notFound((c) => problemResponse(c, problems.notFound(`No route for ${c.req.method} ${c.req.path}`)));
  app.onError(onAppError);

  return app;
}

export type ApiApp = ReturnType<typeof createApiApp>;
