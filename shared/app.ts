/**
 * The whole app in one: the JSON API (shared/api/app.ts) and the web app (shared/web/app.ts),
 * dispatched by path exactly as the HTTP API routes them to their two functions in AWS (everything
 * under /api/ to the API, the rest to the web app). The local server, the tests and the benchmark
 * host this.
 */
import { Hono } from 'hono';
import { createApiApp, isApiPath, type AppDeps } from './api/app.ts';
import { createWebApp } from './web/app.ts';

export { OPENAPI_PATH, type AppDeps } from './api/app.ts';

export function createApp(deps: AppDeps) {
  // The description is made on the first request for it (the Lambda reads a copy made at build time).
  const api = createApiApp(deps, (definitions) => import('./api/description.ts').then(({ describeRoutes }) => describeRoutes(definitions)));
  const web = createWebApp(deps);
  const app = new Hono();
  app.all('*', (c) => (isApiPath(c.req.path) ? api : web).fetch(c.req.raw, c.env));
  return app;
}

export type App = ReturnType<typeof createApp>;
