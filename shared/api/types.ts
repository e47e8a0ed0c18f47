/** The API app's Hono environment: what the auth middleware puts on every request's context. */
import type { Principal } from '../domain/policy.ts';

export type Env = { Variables: { principal: Principal; requestId: string } };
