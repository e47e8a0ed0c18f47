/**
 * What every command is given: the store, the clock, and the ports to the world outside the table.
 * Doors build this once (shared/deps.ts's AppDeps carries the same pieces).
 */
import type { Accounts } from '../accounts/port.ts';
import * as z from 'zod/mini';
import { can, type Action, type Principal, type Scope } from '../domain/policy.ts';
import type { Actor, Store } from '../store/index.ts';
import { Forbidden, Invalid, fieldErrors } from './errors.ts';

export interface CommandDeps {
  store: Store;
  now: () => Date;
  /** Sign-in accounts (Cognito in AWS); without it, people are kept in the directory only. */
  accounts?: Accounts;
}

/** Who acts, and through which door when it is not a signed-in session (recorded in the history). */
export type Caller = Principal & { via?: string };

export function actorOf(caller: Caller): Actor {
  return { userId: caller.userId, role: caller.role, ...(caller.via ? { via: caller.via } : {}) };
}

/** Asks the policy table; a refusal names who, what and which object. */
export function authorize(caller: Caller, action: Action, scope: Scope, what: string): void {
  if (!can(caller, action, scope)) throw new Forbidden(`${caller.role} ${caller.userId} may not ${action.split(':')[1]} ${what}.`);
}

/** The input as the domain schema reads it, or every field error at once. */
export function parse<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  // With the input on each issue, a value of the wrong type (progress "abc") is told apart from a missing one.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new Invalid(fieldErrors(result.error));
  return result.data;
}

/** A change must change something. */
export function requireSomeField(patch: Record<string, unknown>): void {
  if (Object.keys(patch).length === 0) throw new Invalid([{ field: 'body', message: 'must change at least one field', code: 'empty' }]);
}

/** The version the writer read must be a positive whole number (forms send it as text). */
export function versionOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Invalid([{ field: 'version', message: 'must be the version you read', code: 'invalid_version' }]);
  return n;
}

/** A readable id from a title when the client gives none: 'Risk Management 2026' -> 'risk-management-2026-k3v9'. */
export function slugFrom(title: string): string {
  const base = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40).replace(/-$/, '');
  const suffix = Math.random().toString(36).slice(2, 6);
  return base ? `${base}-${suffix}` : `x-${suffix}`;
}
