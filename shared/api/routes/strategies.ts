/** Strategies, their co-coordinators, their plans and their progress. */
import * as z from 'zod/mini';
import { Routes } from '../route.ts';
import { localDate } from '../../domain/dates.ts';
import { budgetsOf, rollUp } from '../../domain/progress.ts';
import {
  AddCoordinator, Coordinator, CreatePlan, CreateStrategy, PatchStrategy, Plan, Strategy,
} from '../../domain/resources.ts';
import { CountryCode, built, lazy } from '../../domain/common.ts';
import { presentMilestone } from '../../store/index.ts';
import { createPlan } from '../../commands/plans.ts';
import { addCoordinator, createStrategy, removeCoordinator, updateStrategy } from '../../commands/strategies.ts';
import {
  IdParam, IfMatch, PageQuery, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody, pageOf,
  principal, v1Route, type AppDeps,
} from '../http.ts';
import { recordsFor } from '../../domain/internal.ts';
import { problems } from '../problems.ts';
import { ProgressSchema } from './shared.ts';
import { planScopeFilter } from '../../domain/policy.ts';
import { LanguagesQuery, ListQuery, shownPlan, shownStrategy, writerLanguagesOf } from '../languages.ts';

const Params = IdParam('id', 'ams-rm');
const tags = ['strategies'];

export function strategies(deps: AppDeps) {
  const { store } = deps;
  const app = new Routes();

  app.openapi(
    v1Route({
      method: 'get', path: '/strategies', tags, summary: 'List strategies',
      request: { query: ListQuery },
      responses: { 200: json(pageOf(Strategy, 'StrategyPage'), 'A page of strategies'), ...errors(400, 401) },
    }),
    async (c) => {
      authorize(c, 'strategy:read');
      const { languages: _, ...query } = c.req.valid('query');
      const page = await store.strategies.list(query);
      return c.json({ items: page.items.map((s) => shownStrategy(c, s)), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/strategies', tags, summary: 'Create a strategy',
      request: { body: jsonBody(CreateStrategy) },
      responses: { 201: { ...json(Strategy, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      const created = await createStrategy(deps, principal(c), { strategy: c.req.valid('json'), ...writerLanguagesOf(c) });
      return sendVersioned(c, shownStrategy(c, created), created.version, `/api/v1/strategies/${created.id}`);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}', tags, summary: 'Read a strategy',
      request: { params: Params, query: LanguagesQuery },
      responses: { 200: { ...json(Strategy, 'The strategy'), headers: etagHeader }, ...errors(400, 401, 404) },
    }),
    async (c) => {
      authorize(c, 'strategy:read');
      const { id } = c.req.valid('param');
      const strategy = await store.strategies.get(id);
      if (!strategy) throw problems.notFound(`strategy ${id} was not found`);
      return sendVersioned(c, shownStrategy(c, strategy), strategy.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: '/strategies/{id}', tags, summary: 'Change a strategy',
      request: { params: Params, headers: IfMatch, body: jsonBody(PatchStrategy) },
      responses: { 200: { ...json(Strategy, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const updated = await updateStrategy(deps, principal(c), { id: c.req.valid('param').id, patch: c.req.valid('json'), expectedVersion: expectedVersion(c), ...writerLanguagesOf(c) });
      return sendVersioned(c, shownStrategy(c, updated), updated.version);
    },
  );

  // ---------------------------------------------------------------- co-coordinators
  const CoordinatorList = lazy(() => z.object({ strategyId: z.string(), coordinatorIds: z.array(z.string()), items: z.array(Coordinator) })).register(z.globalRegistry, { id: 'CoordinatorList' });

  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}/coordinators', tags, summary: 'Co-coordinators, current and past',
      description: 'Every term, with since/until; `coordinatorIds` lists the current ones. The ETag is the strategy\'s.',
      request: { params: Params },
      responses: { 200: { ...json(CoordinatorList, 'Co-coordinator terms'), headers: etagHeader }, ...errors(401, 404) },
    }),
    async (c) => {
      authorize(c, 'strategy:read');
      const { id } = c.req.valid('param');
      const { strategy, coordinators } = await store.strategies.withCoordinators(id);
      return sendVersioned(c, { strategyId: id, coordinatorIds: strategy.coordinatorIds, items: coordinators }, strategy.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/strategies/{id}/coordinators', tags, summary: 'Add a co-coordinating administration',
      request: { params: Params, body: jsonBody(AddCoordinator) },
      responses: { 201: { ...json(Coordinator, 'Added'), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 412, 413, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await addCoordinator(deps, principal(c), { strategyId: id, coordinator: c.req.valid('json') });
      return sendVersioned(c, result.coordinator, result.strategy.version, `/api/v1/strategies/${id}/coordinators`);
    },
  );

  app.openapi(
    v1Route({
      method: 'delete', path: '/strategies/{id}/coordinators/{administrationId}', tags,
      summary: 'End a co-coordinator term (the term stays in the history)',
      description: 'If-Match takes the strategy\'s ETag (from GET the strategy or its coordinators).',
      request: {
        params: lazy(() => z.extend(built(Params), { administrationId: CountryCode })),
        headers: IfMatch,
      },
      responses: { 200: { ...json(Strategy, 'The strategy after the change'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      const { id, administrationId } = c.req.valid('param');
      const updated = await removeCoordinator(deps, principal(c), { strategyId: id, administrationId, expectedVersion: expectedVersion(c) });
      return sendVersioned(c, shownStrategy(c, updated), updated.version);
    },
  );

  // ---------------------------------------------------------------- plans of a strategy
  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}/plans', tags: ['plans'], summary: 'Action plans of a strategy',
      description: 'Donors see the plans they fund; Directors General the plans their administration takes part in.',
      request: { params: Params, query: ListQuery },
      responses: { 200: json(pageOf(Plan, 'PlanPage'), 'A page of plans'), ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { languages: _, ...query } = c.req.valid('query');
      const [strategy, page] = await Promise.all([
        store.strategies.get(id),
        store.plans.ofStrategy(id, query, planScopeFilter(principal(c))),
      ]);
      if (!strategy) throw problems.notFound(`strategy ${id} was not found`);
      return c.json({ items: page.items.map((r) => shownPlan(c, r.plan)), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/strategies/{id}/plans', tags: ['plans'], summary: 'Create an action plan',
      request: { params: Params, body: jsonBody(CreatePlan) },
      responses: { 201: { ...json(Plan, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const plan = await createPlan(deps, principal(c), { strategyId: c.req.valid('param').id, plan: c.req.valid('json'), ...writerLanguagesOf(c) });
      return sendVersioned(c, shownPlan(c, plan), plan.version, `/api/v1/plans/${plan.id}`);
    },
  );

  // ---------------------------------------------------------------- progress
  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}/progress', tags, summary: 'Progress of a strategy across the plans the caller may see',
      request: { params: Params },
      responses: { 200: json(lazy(() => z.extend(built(ProgressSchema), { strategyId: z.string(), plans: z.array(z.object({ planId: z.string(), title: z.string(), percentComplete: z.number(), late: z.number() })) })).register(z.globalRegistry, { id: 'StrategyProgress' }), 'Roll-up'), ...errors(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const [strategy, plans] = await Promise.all([
        store.strategies.get(id),
        store.plans.ofStrategy(id, { limit: 100 }, planScopeFilter(principal(c))),
      ]);
      if (!strategy) throw problems.notFound(`strategy ${id} was not found`);
      const now = deps.now();
      const reader = principal(c);
      // Each plan as the caller may see it (domain/internal.ts): internal items count for those they involve only.
      const collections = (await Promise.all(plans.items.map((p) => store.plans.progressData(p.plan.id))))
        .map((col) => ({ ...col, ...recordsFor(reader, col.record.scope, col) }));
      const milestones = collections.flatMap((col) => col.milestones.map((m) => ({ ...presentMilestone(m.milestone, now), ownerTimeZone: m.milestone.ownerTimeZone })));
      // The totals and gaps of the plans the caller may read are the same for every reader who sees the same items.
      const contributions = collections.flatMap((col) => col.contributions);
      const budgets = budgetsOf(collections.map((col) => col.record.plan));
      // One Query per budget currency that needs recorded rates (none when all is in budget currency).
      const rates = await store.exchangeRates.forPlans(collections.map((col) => ({ plan: col.record.plan, contributions: col.contributions })));
      const perPlan = collections.map((col) => {
        const r = rollUp(col.milestones.map((m) => ({ ...presentMilestone(m.milestone, now), ownerTimeZone: m.milestone.ownerTimeZone })), [], [], now);
        return { planId: col.record.plan.id, title: col.record.plan.title, percentComplete: r.milestones.percentComplete, late: r.milestones.byHealth.late };
      });
      return c.json({ strategyId: id, asOf: now.toISOString(), ...rollUp(milestones, contributions, budgets, now, rates), plans: perPlan }, 200);
    },
  );

  return app;
}
