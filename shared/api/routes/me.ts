/** Who the caller is and what they may do. */
import * as z from 'zod/mini';
import { Routes } from '../route.ts';
import { can, capabilities } from '../../domain/policy.ts';
import { lazy } from '../../domain/common.ts';
import { ROLES } from '../../domain/resources.ts';
import { errors, json, principal, v1Route, type AppDeps } from '../http.ts';

async function allStrategies(deps: AppDeps) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.strategies.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const Me = lazy(() => z
  .object({
    userId: z.string(),
    role: z.enum(ROLES),
    administrationId: z.optional(z.string()),
    donorId: z.optional(z.string()),
    name: z.optional(z.string()),
    language: z.optional(z.string()),
    can: z.record(z.string(), z.enum(['always', 'own'])).check(z.meta({
      description: "Each action the caller may take: 'always', or 'own' when it depends on the object (e.g. milestones its administration owns)",
    })),
    coordinatorOf: z.array(z.string()).check(z.meta({
      description: 'Strategies in which the caller acts as co-coordinator: a person with the coordinator role whose administration co-coordinates the strategy (empty for other roles)',
    })),
  }))
  .register(z.globalRegistry, { id: 'Me' });

export function me(deps: AppDeps) {
  const app = new Routes();
  app.openapi(
    v1Route({
      method: 'get', path: '/me', tags: ['me'], summary: 'Who the caller is and what they may do',
      responses: { 200: json(Me, 'The caller'), ...errors(401) },
    }),
    async (c) => {
      const p = principal(c);
      // Only a coordinator acts within strategies: their administration's co-coordinations (one Query per 100 strategies).
      const strategies = p.role === 'coordinator' && p.administrationId ? await allStrategies(deps) : [];
      const coordinatorOf = strategies.filter((s) => can(p, 'strategy:update', { coordinatorIds: s.coordinatorIds })).map((s) => s.id);
      const { sessionId: _session, ...who } = p; // the session id is the server's business
      return c.json({ ...who, can: capabilities(p), coordinatorOf }, 200);
    },
  );
  return app;
}
