/**
 * The typed errors a command ends with. Each door turns them into its own output: the API into
 * problem details (shared/api/problems.ts), the web pages into field messages and error pages, the
 * mail links into their small pages. Store errors (not found, version conflict, ...) pass through as
 * they are.
 */
import type { $ZodError } from 'zod/v4/core';

export { AlreadyExists, Conflict, NotFound, VersionConflict } from '../store/errors.ts';

/** One thing wrong with one field of the input. */
export interface FieldError {
  /** Dotted path of the field, e.g. `evidence.0.url`; `body` for the input as a whole. */
  field: string;
  /** English sentence (the API's words). */
  message: string;
  /**
   * Machine-readable kind, for doors that speak other languages: zod's issue code (`too_big`,
   * `invalid_format`, ...), `required`, `unknown_field`, or a rule's own name (`unknown_reference`).
   */
  code: string;
  /** The limit a too_big / too_small error refers to (characters, items or value). */
  limit?: number;
}

/** The input breaks one or more rules; nothing was written. */
export class Invalid extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`${errors.length} problem(s): ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
}

/** The principal may not do this to this object (the policy table said no). */
export class Forbidden extends Error {}

/** Field errors from a zod error, in the shape every door reads. */
export function fieldErrors(error: Pick<$ZodError, 'issues'>): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // One error per unknown field: `{ "a": 1, "b": 2 }` names a and b, not a path "a.b".
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field', code: 'unknown_field' }));
    }
    // A missing text that may be a string or a map of languages fails as a union: still "required".
    const missing = ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) ||
      (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1);
    const limit = issue.code === 'too_big' ? Number(issue.maximum) : issue.code === 'too_small' ? Number(issue.minimum) : undefined;
    // A rule of ours names its own kind of error (`params.code`), so doors need not read the English.
    const own = issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : undefined;
    return [{
      field: path.join('.') || 'body',
      message: missing && (issue.code === 'invalid_type' || issue.code === 'invalid_union') ? 'is required' : issue.message,
      code: missing ? 'required' : (own ?? issue.code),
      ...(limit !== undefined && Number.isFinite(limit) ? { limit } : {}),
    }];
  });
}

export const invalid = (field: string, message: string, code = 'custom') => new Invalid([{ field, message, code }]);
