/**
 * The API description (OpenAPI 3.1), made from the route definitions by openapi.ts. Locally and in
 * tests it is made on the first request for it; for Lambda it is made when the function is bundled
 * (infra/bundling.ts writes `openapi.json` beside the bundle), so zod's JSON Schema generator and
 * openapi.ts stay out of the API function: they were a twelfth of its cold start.
 */
import type { RouteConfig } from './route.ts';
import { openApiDocument } from './openapi.ts';

export const API_INFO = {
  title: 'Regional action plan tracker API',
  version: '1.0.0',
  description: 'Strategies, co-coordinators, action plans, milestones and donor contributions. Errors are RFC 9457 problem details; writes need If-Match.',
};

/** The description of the given /api/v1 routes, without `servers` (the app adds its own URL). */
export function describeRoutes(definitions: RouteConfig[]) {
  return openApiDocument(definitions.map((d) => ({ ...d, path: `/api/v1${d.path}` })), API_INFO);
}

/**
 * The description as the build writes it for Lambda (infra/bundling.ts): made from the same
 * routes the app registers, without `servers`, which the deployed app adds from PUBLIC_URL.
 */
export async function builtDescription(): Promise<Record<string, unknown>> {
  const { createApiApp, OPENAPI_PATH } = await import('./app.ts');
  // Routes take their repositories when they are registered; describing them calls none.
  const unused: object = new Proxy(() => undefined, {
    get: () => unused,
    apply: () => {
      throw new Error('describing the API reads no data');
    },
  });
  const app = createApiApp(
    { store: unused as never, verifier: unused as never, now: () => new Date(0), config: { corsOrigins: [], publicUrl: 'http://localhost' } },
    describeRoutes,
  );
  const { servers: _servers, ...document } = (await (await app.request(OPENAPI_PATH)).json()) as Record<string, unknown>;
  return document;
}
