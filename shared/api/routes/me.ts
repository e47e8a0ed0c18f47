/** Who the caller is and what they may do. */
import * as z from 'zod/mini';
import { Routes } from '../route.ts';
import { capabilities } from '../../domain/policy.ts';
import { lazy } from '../../domain/common.ts';
import { ROLES } from '../../domain/resources.ts';
import { errors, json, principal, v1Route, type AppDeps, type Env } from '../http.ts';

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
  }))
  .register(z.globalRegistry, { id: 'Me' });

export function me(_deps: AppDeps) {
  const app = new Routes();
  app.openapi(
    v1Route({
      method: 'get', path: '/me', tags: ['me'], summary: 'Who the caller is and what they may do',
      responses: { 200: json(Me, 'The caller'), ...errors(401) },
    }),
    (c) => {
      const p = principal(c);
      return c.json({ ...p, can: capabilities(p) }, 200);
    },
  );
  return app;
}
