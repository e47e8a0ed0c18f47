/** Action plans: read, change, delete, and their progress roll-up. */
import * as z from 'zod/mini';
import { Routes } from '../route.ts';
import { built, lazy } from '../../domain/common.ts';
import { localDate } from '../../domain/dates.ts';
import { budgetsOf, rollUp } from '../../domain/progress.ts';
import { MilestoneOrder, PatchPlan, Plan } from '../../domain/resources.ts';
import { recordsFor } from '../../domain/internal.ts';
import { presentMilestone } from '../../store/index.ts';
import { deletePlan, readPlan, reorderMilestones, updatePlan } from '../../commands/plans.ts';
import {
  IdParam, IfMatch, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody,
  principal, v1Route, type AppDeps,
} from '../http.ts';
import { ProgressSchema } from './shared.ts';
import { LanguagesQuery, shownPlan, writerLanguagesOf } from '../languages.ts';

const Params = IdParam('id', 'ams-rm-2026');
const tags = ['plans'];

export function plans(deps: AppDeps) {
  const { store } = deps;
  /** The last roll-up per plan and what it was computed from (bounded, per container). */
  const rollUps = new Map<string, { key: string; json: string }>();
  const app = new Routes();

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}', tags, summary: 'Read an action plan',
      request: { params: Params, query: LanguagesQuery },
      responses: { 200: { ...json(Plan, 'The plan'), headers: etagHeader }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const record = await readPlan(deps, principal(c), c.req.valid('param').id);
      return sendVersioned(c, shownPlan(c, record.plan), record.plan.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: '/plans/{id}', tags, summary: 'Change an action plan',
      description: 'Needs If-Match. title and description take a plain string (it edits the text you read; Content-Language names the language explicitly) or a map of language to text (null removes a translation); changing the original marks its translations outdated until they are sent again.',
      request: { params: Params, headers: IfMatch, body: jsonBody(PatchPlan) },
      responses: { 200: { ...json(Plan, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const updated = await updatePlan(deps, principal(c), { id: c.req.valid('param').id, patch: c.req.valid('json'), expectedVersion: expectedVersion(c), ...writerLanguagesOf(c) });
      return sendVersioned(c, shownPlan(c, updated), updated.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'delete', path: '/plans/{id}', tags, summary: 'Delete an empty action plan',
      request: { params: Params, headers: IfMatch },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 409, 412, 428) },
    }),
    async (c) => {
      await deletePlan(deps, principal(c), { id: c.req.valid('param').id, expectedVersion: expectedVersion(c) });
      return c.body(null, 204);
    },
  );

  app.openapi(
    v1Route({
      method: 'put', path: '/plans/{id}/milestone-order', tags, summary: 'Choose the order of the plan\'s milestones',
      description: 'The co-coordinators and the secretariat. Needs If-Match with the plan\'s ETag (the order is part of the plan); milestones not listed follow, by ref.',
      request: { params: Params, headers: IfMatch, body: jsonBody(MilestoneOrder) },
      responses: { 200: { ...json(Plan, 'The plan with its new milestone order'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const plan = await reorderMilestones(deps, principal(c), { planId: c.req.valid('param').id, order: c.req.valid('json').order, expectedVersion: expectedVersion(c) });
      return sendVersioned(c, shownPlan(c, plan), plan.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/progress', tags, summary: 'Progress of a plan: milestones by status and health, overdue list, funding and gap',
      request: { params: Params },
      responses: { 200: json(lazy(() => z.extend(built(ProgressSchema), { planId: z.string() })).register(z.globalRegistry, { id: 'PlanProgress' }), 'Roll-up'), ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // One request when this container's copy of the item collection is current, else also one Query:
      // a GetItem of the plan, or, when its contributions convert at recorded rates, a BatchGetItem of
      // the plan and the revision of the rates into its budget currency (kept rates stand while it holds).
      const data = await store.plans.progressData(id, (before) => store.exchangeRates.revisionToRead(before.record.plan, before.contributions));
      const { record } = data;
      authorize(c, 'plan:read', record.scope, `plan ${id}`);
      // Made from what the caller may see (domain/internal.ts): an internal contribution's amount
      // does not reach a donor through the totals.
      const { milestones, contributions, hidden } = recordsFor(principal(c), record.scope, data);
      // The recorded rates the gap needs: one Query into the budget currency, none when every
      // contribution is in it or carries its own agreed rate.
      const rates = await store.exchangeRates.forPlans([{ plan: record.plan, contributions }], store.exchangeRates.revisionsFrom(data.also));
      const now = deps.now();
      // A roll-up changes only with the plan's revision and the calendar day in the owners' time
      // zones (health and days overdue are counted in days). Every reader who sees the same items sees
      // the same totals (the roll-up names no donor); those who see fewer (what stays internal) get their own.
      const days = [...new Set(milestones.map((m) => m.milestone.ownerTimeZone))].map((tz) => localDate(now, tz)).join();
      // A reader who sees less than all gets a roll-up of its own: keyed on what it sees (and the trimmed notes count for nothing here).
      const sees = hidden > 0 ? `${milestones.map((m) => m.milestone.id).join()}/${contributions.map((x) => x.id).join()}|` : '';
      const memoKey = `${record.rev}|${sees}${record.plan.budget?.amount}${record.plan.budget?.currency}|${days}|${rates.map((r) => `${r.id}:${r.version}`).join()}`;
      let json = rollUps.get(id)?.key === memoKey ? rollUps.get(id)!.json : undefined;
      if (json === undefined) {
        const result = rollUp(
          milestones.map((m) => ({ ...presentMilestone(m.milestone, now), ownerTimeZone: m.milestone.ownerTimeZone })),
          contributions,
          budgetsOf([record.plan]),
          now,
          rates,
        );
        // Kept serialized: only `asOf` differs between the answers it serves.
        json = JSON.stringify(result).slice(1);
        if (rollUps.size >= 500) rollUps.delete(rollUps.keys().next().value!);
        rollUps.set(id, { key: memoKey, json });
      }
      const head = JSON.stringify({ planId: id, asOf: now.toISOString() }).slice(0, -1);
      return c.body(`${head},${json}`, 200, { 'Content-Type': 'application/json' }) as never;
    },
  );

  return app;
}
