/**
 * Routes as data: each API operation is a definition (method, path, tags, request schemas,
 * responses) plus a handler, registered on a plain Hono app. The definition drives the request
 * validation here and the OpenAPI document (openapi.ts, built on first request), so the two cannot
 * drift apart. Validation uses the zod/mini schemas' own `safeParseAsync`; nothing is built at
 * module init beyond the schemas themselves.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type * as z from 'zod/mini';
import type { Env } from './types.ts';
import { problemResponse, problems, zodFieldErrors } from './problems.ts';

export type Schema = z.core.$ZodType;

export interface ResponseConfig {
  description: string;
  headers?: Record<string, { schema: { type: 'string' }; description?: string }>;
  content?: Record<string, { schema: Schema }>;
  /** Media types of a file the response is (a download: XLSX, CSV), described as binary. */
  files?: string[];
}

export interface RouteConfig {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/plans/{id}`. */
  path: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, never[]>[];
  request?: {
    params?: Schema;
    query?: Schema;
    headers?: Schema;
    body?: { required?: boolean; content: { 'application/json': { schema: Schema } } };
    /** A file sent as the raw body (an upload), in one of these media types; not parsed here. */
    file?: { mediaTypes: string[]; description: string };
  };
  responses: Record<number, ResponseConfig>;
}

type Output<S> = S extends Schema ? z.output<S> : never;
type Targets = { params: 'param'; query: 'query'; headers: 'header'; body: 'json' };
type RequestOf<R> = R extends { request: infer Q } ? Q : {};
/** What `c.req.valid(target)` returns in a route's handler: the parsed (output) values. */
export type RouteInput<R extends RouteConfig> = {
  out: {
    [K in keyof RequestOf<R> & keyof Targets as Targets[K]]: K extends 'body'
      ? RequestOf<R>[K] extends { content: { 'application/json': { schema: infer S } } } ? Output<S> : never
      : Output<RequestOf<R>[K]>;
  };
};

export type RouteHandler<R extends RouteConfig> = (c: Context<Env, string, RouteInput<R>>) => Response | Promise<Response>;

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const WHERE = { query: 'query', param: 'path', header: 'header', json: 'body' } as const;

/** Parses one part of the request; a failure answers the same 400 problem for every part. */
async function check(c: Context<Env>, target: keyof typeof WHERE, schema: Schema, value: unknown): Promise<Response | undefined> {
  // No schema here refines asynchronously: the synchronous parse spares a round of microtasks per request.
  const result = (schema as z.ZodMiniType).safeParse(value);
  if (!result.success) return problemResponse(c, problems.validation(zodFieldErrors(result.error), WHERE[target]));
  c.req.addValidatedData(target, result.data as {});
  return undefined;
}

/** The validators of a route, in the order the API has always checked them: query, path, headers, body. */
function validator(route: RouteConfig): MiddlewareHandler<Env> {
  const { params, query, headers, body } = route.request ?? {};
  const bodySchema = body?.content['application/json']?.schema;
  return async (c, next) => {
    let failed: Response | undefined;
    if (query) {
      const value = Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => (v.length === 1 ? [k, v[0]] : [k, v])));
      if ((failed = await check(c, 'query', query, value))) return failed;
    }
    if (params && (failed = await check(c, 'param', params, c.req.param()))) return failed;
    if (headers && (failed = await check(c, 'header', headers, c.req.header()))) return failed;
    if (bodySchema) {
      const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      const isJson = JSON_TYPE.test(mediaType);
      if (body?.required || isJson) {
        let value: unknown = {};
        if (isJson) {
          try {
            value = await c.req.json();
          } catch {
            throw new HTTPException(400, { message: 'Malformed JSON in request body' });
          }
        }
        if ((failed = await check(c, 'json', bodySchema, value))) return failed;
      }
    }
    await next();
  };
}

/** A group of API routes: a Hono app plus the definitions the OpenAPI document is made of. */
export class Routes {
  readonly app = new Hono<Env>();
  readonly definitions: RouteConfig[] = [];

  openapi<const R extends RouteConfig>(route: R, handler: RouteHandler<R>): this {
    this.definitions.push(route);
    const path = route.path.replace(/\{([^}]+)\}/g, ':$1');
    this.app.on(route.method.toUpperCase(), path, validator(route), handler as never);
    return this;
  }

  /** Mounts another group under `prefix` (OpenAPI style, no trailing slash; '' or '/' for none). */
  route(prefix: string, other: Routes): this {
    const base = prefix === '/' ? '' : prefix;
    this.app.route(prefix, other.app);
    for (const d of other.definitions) this.definitions.push({ ...d, path: `${base}${d.path}` });
    return this;
  }
}
