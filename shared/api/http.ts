/** What every route shares: the app's types, schemas for pages and problems, ETags, authorization. */
import * as z from 'zod/mini';
import type { Context } from 'hono';
import { lazy } from '../domain/common.ts';
import { can, type Action, type Principal, type Scope } from '../domain/policy.ts';
import type { Env } from './types.ts';
import { problems } from './problems.ts';
import { CONFLICT_REASONS } from '../store/errors.ts';
import type { RouteConfig, Schema } from './route.ts';

export type { AppConfig, AppDeps } from '../deps.ts';
export type { Env } from './types.ts';

export const BODY_LIMIT = 64 * 1024;
/** The path a spreadsheet is uploaded to (a larger body limit, no JSON): the import's preview. */
export const isUploadPath = (path: string) => /^\/api\/v1\/plans\/[^/]+\/imports$/.test(path);

// ------------------------------------------------------------------ OpenAPI building blocks
export const ProblemSchema = lazy(() => z
  .object({
    type: z.string().check(z.meta({ example: '/problems/validation' })),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    reason: z.optional(z.enum(CONFLICT_REASONS).check(z.meta({ description: 'A 409\'s rule, for clients that say it in their own words (`detail` is English): busy (try again), planNotEmpty, alreadyCoordinator, measureLocked, ...' }))),
  }))
  .register(z.globalRegistry, { id: 'Problem' });

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const ERRORS = {
  400: problemResponse('Invalid input: `errors` lists each field and what is wrong with it'),
  401: problemResponse('Missing, invalid or expired bearer token'),
  403: problemResponse('Outside the caller\'s permissions'),
  404: problemResponse('No such resource'),
  409: problemResponse('Conflicts with stored state (duplicate id, non-empty plan, ...)'),
  412: problemResponse('If-Match is stale: someone else changed the resource since you read it'),
  413: problemResponse('Body over 64 KB (an uploaded spreadsheet: over 5 MB)'),
  415: problemResponse('Body is not application/json'),
  422: problemResponse('The file cannot be imported: `detail` says why in one sentence, in the caller\'s language'),
  428: problemResponse('If-Match header missing'),
} as const;

export function errors<C extends keyof typeof ERRORS>(...codes: C[]) {
  return Object.fromEntries(codes.map((code) => [code, ERRORS[code]])) as Pick<typeof ERRORS, C>;
}

export const json = <T extends Schema>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends Schema>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const etagHeader = { ETag: { schema: { type: 'string' as const }, description: 'Version of the resource, for If-Match' } };

export const IfMatch = lazy(() => z.object({
  'if-match': z.optional(z.string()).check(z.meta({ description: 'ETag from the GET you based your change on (required)' })),
}));

export const PageQuery = lazy(() => z.object({
  limit: z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25)
    .check(z.meta({ description: '1-100, default 25' })),
  cursor: z.optional(z.string().check(z.maxLength(2048))).check(z.meta({ description: 'nextCursor of the previous page' })),
}));

export const pageOf = <T extends Schema>(item: T, id: string) =>
  lazy(() => z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) })).register(z.globalRegistry, { id });

export const IdParam = <N extends string>(name: N, example: string) =>
  lazy(() => z.object({ [name]: z.string().check(z.minLength(1), z.maxLength(200), z.meta({ example })) } as Record<N, z.ZodMiniString>));

/** Common parts of every /api/v1 route. */
export function v1Route<const R extends Omit<RouteConfig, 'security'>>(route: R) {
  return { ...route, security: [{ bearer: [] }] } as R & { security: { bearer: never[] }[] };
}

// ------------------------------------------------------------------ request helpers
export function principal(c: Context<Env>): Principal {
  return c.get('principal');
}

export function authorize(c: Context<Env>, action: Action, scope: Scope = {}, what = 'this resource'): void {
  const p = principal(c);
  if (!can(p, action, scope)) {
    throw problems.forbidden(`${p.role} ${p.userId} may not ${action.split(':')[1]} ${what}.`);
  }
}

export function actor(c: Context<Env>) {
  const p = principal(c);
  return { userId: p.userId, role: p.role };
}

export const etag = (version: number) => `"${version}"`;

/**
 * A single resource with its version as ETag (200), or, with `location`, a created one (201).
 * Typed `never` so it fits every route's typed response; the route's schema stays the contract.
 */
export function sendVersioned(c: Context<Env>, body: unknown, version: number, location?: string): never {
  c.header('ETag', etag(version));
  if (location) c.header('Location', location);
  return c.json(body as object, location ? 201 : 200) as never;
}

/** The version the writer read, from If-Match (428 when missing, 400 when not one of our ETags). */
export function expectedVersion(c: Context<Env>): number {
  const header = c.req.header('If-Match');
  if (!header) throw problems.preconditionRequired();
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) throw problems.validation([{ field: 'If-Match', message: 'must be an ETag returned by a GET, such as "3"' }], 'headers');
  return Number(m[1]);
}

/** Shape of a strict PATCH body: at least one field. */
export function requireSomeField(body: Record<string, unknown>) {
  if (Object.keys(body).length === 0) {
    throw problems.validation([{ field: 'body', message: 'must change at least one field' }]);
  }
}
