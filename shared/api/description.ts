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
  description: 'Strategies, co-coordinators, action plans, milestones, donor contributions and results. Errors are RFC 9457 problem details; writes need If-Match.',
  license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  tags: {
    me: 'Who the caller is, what they may do, and the strategies in which they act as coordinator.',
    administrations: 'Member administrations: language, time zone, Director General and digest frequency.',
    donors: 'Donors and development partners, with their IATI organisation type and identifier.',
    people: 'People and their sign-in: inviting creates the sign-in; role changes and deactivation follow it.',
    strategies: 'Regional strategies, their co-coordinators over time, reminder settings and progress.',
    plans: 'Action plans: period, budget, status, the order of their milestones, and progress roll-ups.',
    milestones: 'Milestones: due dates, status, progress, notes, evidence and their history.',
    spreadsheets: 'Spreadsheets in and out: the import template, import previews and their confirm, plan, strategy and donor exports (XLSX, CSV).',
    contributions: 'Donor contributions, financial or in kind, from pledged to spent, with an optional rate agreed into the plan\'s budget currency.',
    results: 'Results (IATI result types), indicators with baselines and targets, reporting periods, the values administrations submit and the co-coordinators review, and the strategy\'s matrix.',
    'exchange-rates': 'Exchange rates the secretariat records (1 from = rate to, in force from a date until the next for the pair), used to convert contributions into budget currencies.',
    iati: 'IATI 2.03 activity XML of plans and strategies, for the readers the policy allows.',
    digests: "Directors General's digests, as stored and as mailed.",
  },
};

/** The description of the given /api/v1 routes, without `servers` (the app adds its own URL). */
export function describeRoutes(definitions: RouteConfig[]) {
  const document = openApiDocument(definitions.map((d) => ({ ...d, path: `/api/v1${d.path}` })), API_INFO);
  // The health check sits outside /api/v1 and needs no token; monitors read it.
  document.paths['/health'] = {
    get: {
      operationId: 'getHealth',
      tags: ['me'],
      summary: 'Whether the service and its database answer (no token)',
      security: [],
      responses: {
        200: { description: 'Up', content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' }, database: { const: 'ok' } }, required: ['status', 'database'] } } } },
        503: {
          description: 'The database does not answer: try again after Retry-After seconds',
          headers: { 'Retry-After': { required: true, schema: { type: 'string' }, description: 'Seconds to wait' } },
          content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'unavailable' }, database: { const: 'unavailable' } }, required: ['status', 'database'] } } },
        },
      },
    },
  };
  return document;
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
