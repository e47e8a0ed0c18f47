/**
 * The Hono app, built from injected dependencies. Lambda (functions/api.ts), the local server
 * (local/) and the tests (app.request) all host this same app. Nothing here reads process.env.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { docsPage } from './docs.ts';
import { BODY_LIMIT, type AppDeps, type Env } from './http.ts';
import { Problem, problemResponse, problems, toProblem, zodFieldErrors } from './problems.ts';
import { Routes } from './route.ts';
import { contributions } from './routes/contributions.ts';
import { digests } from './routes/digests.ts';
import { directory } from './routes/directory.ts';
import { me } from './routes/me.ts';
import { milestones } from './routes/milestones.ts';
import { plans } from './routes/plans.ts';
import { strategies } from './routes/strategies.ts';
import { reminderLinks } from '../web/reminder-links.tsx';
import { secureHeaderOptions, web, webNotFound } from '../web/index.tsx';

export type { AppDeps } from './http.ts';

export const OPENAPI_PATH = '/api/v1/openapi.json';

export function createApp(deps: AppDeps) {
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
  app.use('/api/*', bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => problemResponse(c, problems.tooLarge(BODY_LIMIT)) }));
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    if ((method === 'POST' || method === 'PATCH' || method === 'PUT') && c.req.path !== OPENAPI_PATH) {
      const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!/^application\/([\w.-]+\+)?json$/.test(type)) return problemResponse(c, problems.unsupportedMediaType());
    }
    await next();
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));

  // Every /api/v1 call is signed in, except the API description itself.
  app.use('/api/v1/*', async (c, next) => {
    if (c.req.path === OPENAPI_PATH) return next();
    const header = c.req.header('Authorization') ?? '';
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    if (!m) return problemResponse(c, problems.unauthorized('Send a bearer token in the Authorization header.'));
    try {
      c.set('principal', await deps.verifier.verify(m[1]!));
    } catch {
      return problemResponse(c, problems.unauthorized('The bearer token is invalid or expired.'));
    }
    await next();
  });

  const v1 = new Routes();
  for (const routes of [me, directory, strategies, plans, milestones, contributions, digests]) v1.route('/', routes(deps));
  app.route('/api/v1', v1.app);

  // The API description, built on the first request for it (not at cold start) and kept.
  const info = {
    title: 'Regional action plan tracker API',
    version: '1.0.0',
    description: 'Strategies, co-coordinators, action plans, milestones and donor contributions. Errors are RFC 9457 problem details; writes need If-Match.',
  };
  let document: Promise<ReturnType<typeof import('./openapi.ts').openApiDocument>> | undefined;
  const openApi = () =>
    (document ??= import('./openapi.ts').then(({ openApiDocument }) =>
      openApiDocument(v1.definitions.map((d) => ({ ...d, path: `/api/v1${d.path}` })), info, [{ url: deps.config.publicUrl }]),
    ).catch((error: unknown) => {
      document = undefined;
      throw error;
    }));
  app.get(OPENAPI_PATH, async (c) => c.json(await openApi()));
  app.get('/api/docs', async (c) => c.html(docsPage((await openApi()) as never)));
  // The pages behind the signed links in reminder and digest mail (no sign-in).
  app.route('/', reminderLinks(deps));

  // The web pages (sign-in, home, strategies, plans, milestones, donors, digests) at /.
  app.route('/', web(deps));

  app.notFound((c) =>
    c.req.path.startsWith('/api/') ? problemResponse(c, problems.notFound(`No route for ${c.req.method} ${c.req.path}`)) : webNotFound(c, deps),
  );
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem) return problemResponse(c, problem);
    const name = (error as { name?: string }).name;
    if (name === 'ZodError' || name === '$ZodError') {
      return problemResponse(c, problems.validation(zodFieldErrors(error as never)));
    }
    console.error(JSON.stringify({ level: 'ERROR', requestId: c.get('requestId'), path: c.req.path, error: String((error as Error).stack ?? error) }));
    return problemResponse(c, new Problem(500, 'internal', 'Internal error', `Something went wrong on our side (request ${c.get('requestId')}).`));
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
