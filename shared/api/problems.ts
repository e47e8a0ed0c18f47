/** RFC 9457 problem details: one shape for every error the API returns. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { $ZodError } from 'zod/v4/core';
import { Forbidden, Invalid, InvitationFailed, fieldErrors } from '../commands/index.ts';
import { isUnavailable } from '../store/client.ts';
import { AlreadyExists, Conflict, InvalidCursor, NotFound, VersionConflict } from '../store/errors.ts';

export interface FieldError {
  /** Dotted path of the field, e.g. `evidence.0.url`; `body` for the body as a whole. */
  field: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  validation: (errors: FieldError[], where = 'body') =>
    new Problem(400, 'validation', 'The request is not valid', `${errors.length} problem(s) in the ${where}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors }),
  unauthorized: (detail: string) => new Problem(401, 'unauthorized', 'Sign-in required', detail),
  forbidden: (detail: string) => new Problem(403, 'forbidden', 'Not allowed', detail),
  notFound: (what: string) => new Problem(404, 'not-found', 'Not found', what),
  conflict: (detail: string) => new Problem(409, 'conflict', 'Conflict', detail),
  preconditionRequired: () =>
    new Problem(428, 'precondition-required', 'If-Match required', 'Send the ETag of the version you read in an If-Match header, so nobody else\'s change is overwritten.'),
  stale: (detail: string, currentVersion?: number) =>
    new Problem(412, 'stale-version', 'Changed by someone else', detail, currentVersion ? { currentVersion } : {}),
  unsupportedMediaType: () => new Problem(415, 'unsupported-media-type', 'JSON expected', 'Send the body as application/json.'),
  badGateway: (detail: string) => new Problem(502, 'invitation-failed', 'Sign-in could not be set up', detail),
  unavailable: () => new Problem(503, 'unavailable', 'Try again shortly', 'The database did not answer in time. Nothing was changed by this request unless it says otherwise: try it again in a few seconds.'),
  badFile: (detail: string, status: 404 | 413 | 422 = 422) => new Problem(status, 'bad-file', 'The file cannot be imported', detail),
  tooLarge: (limit: number) => new Problem(413, 'payload-too-large', 'Body too large', `The body must be at most ${limit} bytes.`),
};

export function zodFieldErrors(error: Pick<$ZodError, 'issues'>): FieldError[] {
  return fieldErrors(error).map(({ field, message }) => ({ field, message }));
}

/** Seconds a client should wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

export function problemResponse(c: Context, p: Problem) {
  return c.body(
    JSON.stringify({ type: `/problems/${p.type}`, title: p.title, status: p.status, detail: p.detail, instance: c.req.path, ...p.extra }),
    p.status,
    { 'Content-Type': 'application/problem+json', ...(p.status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {}) },
  );
}

/** Maps anything thrown to a problem; unknown errors become a 500 without internals. */
export function toProblem(error: unknown): Problem | null {
  if (error instanceof Problem) return error;
  if (error instanceof NotFound) return problems.notFound(error.message);
  if (error instanceof AlreadyExists) return problems.conflict(error.message);
  if (error instanceof VersionConflict) return problems.stale(`${error.message} since you read it: fetch it again and reapply your change.`, error.currentVersion);
  if (error instanceof InvalidCursor) return problems.validation([{ field: 'cursor', message: error.message }], 'query');
  // `reason` names the rule (store/errors.ts ConflictReason) for clients that say it in their own words.
  if (error instanceof Conflict) return error.reason ? new Problem(409, 'conflict', 'Conflict', error.message, { reason: error.reason }) : problems.conflict(error.message);
  if (isUnavailable(error)) return problems.unavailable();
  if (error instanceof Invalid) return problems.validation(error.errors.map(({ field, message }) => ({ field, message })));
  if (error instanceof Forbidden) return problems.forbidden(error.message);
  if (error instanceof InvitationFailed) return problems.badGateway(error.message);
  if (error instanceof HTTPException) {
    if (error.status === 413) return problems.tooLarge(64 * 1024);
    if (error.status === 400) return problems.validation([{ field: 'body', message: error.message }]);
    if (error.status === 401) return problems.unauthorized(error.message);
    return new Problem(error.status as ContentfulStatusCode, 'http', error.message || 'Error');
  }
  return null;
}

/**
 * The error handler of every app (API and web): known errors become their problem, a zod error a
 * 400 naming the fields, anything else a logged 500 that shows no internals.
 */
export function onAppError(error: Error, c: Context): Response {
  const problem = toProblem(error);
  if (problem) return problemResponse(c, problem);
  const name = (error as { name?: string }).name;
  if (name === 'ZodError' || name === '$ZodError') {
    return problemResponse(c, problems.validation(zodFieldErrors(error as never)));
  }
  const requestId = c.get('requestId') as string | undefined;
  console.error(JSON.stringify({ level: 'ERROR', requestId, path: c.req.path, error: String(error.stack ?? error) }));
  return problemResponse(c, new Problem(500, 'internal', 'Internal error', `Something went wrong on our side (request ${requestId}).`));
}
