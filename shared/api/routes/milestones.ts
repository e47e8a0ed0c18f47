/** Milestones: the unit of work focal points report on. */
import { Routes } from '../route.ts';
import type { Context } from 'hono';
import { can } from '../../domain/policy.ts';
import { CreateMilestone, FOCAL_POINT_MILESTONE_FIELDS, HistoryEvent, Milestone, PatchMilestone } from '../../domain/resources.ts';
import { presentMilestone, type StoredMilestone } from '../../store/index.ts';
import {
  IdParam, IfMatch, PageQuery, actor, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody, pageOf,
  principal, requireSomeField, v1Route, type AppDeps, type Env,
} from '../http.ts';
import { problems } from '../problems.ts';

const PlanParams = IdParam('id', 'ams-rm-2026');
const Params = IdParam('id', 'ams-rm-2026.m01');
const tags = ['milestones'];

export function milestones(deps: AppDeps) {
  const { store } = deps;
  const app = new Routes();

  async function ownerZone(administrationId: string): Promise<string> {
    const administration = await store.administrations.get(administrationId);
    if (!administration) throw problems.validation([{ field: 'ownerAdministrationId', message: `names no known administration (${administrationId})` }]);
    return administration.timeZone;
  }

  async function load(c: Context<Env>, id: string) {
    const found = await store.milestones.get(id);
    if (!found) throw problems.notFound(`milestone ${id} was not found`);
    const scope = { ...found.plan.scope, ownerAdministrationId: found.milestone.ownerAdministrationId };
    authorize(c, 'milestone:read', scope, `milestone ${id}`);
    return { ...found, scope };
  }

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/milestones', tags, summary: 'Milestones of a plan',
      request: { params: PlanParams, query: PageQuery },
      responses: { 200: json(pageOf(Milestone, 'MilestonePage'), 'A page of milestones'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // The plan (for permissions) and the page are read in parallel: one GetItem, one Query.
      const [record, page] = await Promise.all([store.plans.get(id), store.milestones.ofPlan(id, c.req.valid('query'))]);
      if (!record) throw problems.notFound(`plan ${id} was not found`);
      authorize(c, 'milestone:read', record.scope, `milestones of plan ${id}`);
      const now = deps.now();
      return c.json({ items: page.items.map((m) => presentMilestone(m, now)), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/plans/{id}/milestones', tags, summary: 'Add a milestone to a plan',
      request: { params: PlanParams, body: jsonBody(CreateMilestone) },
      responses: { 201: { ...json(Milestone, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const [record, zone] = await Promise.all([store.plans.require(id), ownerZone(body.ownerAdministrationId)]);
      authorize(c, 'milestone:create', record.scope, `milestones of plan ${id}`);
      const created = await store.milestones.create(
        record,
        { ...body, baselineDueDate: body.baselineDueDate ?? body.dueDate, progress: body.status === 'done' ? 100 : body.progress, ownerTimeZone: zone },
        actor(c),
      );
      return sendVersioned(c, presentMilestone(created, deps.now()), created.version, `/api/v1/milestones/${created.id}`);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/milestones/{id}', tags, summary: 'Read a milestone (with its computed health)',
      request: { params: Params },
      responses: { 200: { ...json(Milestone, 'The milestone'), headers: etagHeader }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { milestone } = await load(c, c.req.valid('param').id);
      return sendVersioned(c, presentMilestone(milestone, deps.now()), milestone.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: '/milestones/{id}', tags, summary: 'Update a milestone',
      description: 'Focal points of the owning administration may change status, progress, note and evidence; co-coordinators and admins any field. Needs If-Match.',
      request: { params: Params, headers: IfMatch, body: jsonBody(PatchMilestone) },
      responses: { 200: { ...json(Milestone, 'Updated'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      requireSomeField(body);
      const version = expectedVersion(c);
      const { milestone, scope } = await load(c, id);
      const p = principal(c);
      if (!can(p, 'milestone:update', scope)) {
        authorize(c, 'milestone:report', scope, `milestone ${id}`);
        const others = Object.keys(body).filter((f) => !(FOCAL_POINT_MILESTONE_FIELDS as readonly string[]).includes(f));
        if (others.length > 0) {
          throw problems.forbidden(`Only the plan's co-coordinators may change ${others.join(', ')}; you may change ${FOCAL_POINT_MILESTONE_FIELDS.join(', ')}.`);
        }
      }
      const patch: Partial<StoredMilestone> = { ...body };
      if (body.status === 'done' && body.progress === undefined) patch.progress = 100;
      if (body.ownerAdministrationId && body.ownerAdministrationId !== milestone.ownerAdministrationId) {
        patch.ownerTimeZone = await ownerZone(body.ownerAdministrationId);
      }
      const merged = { ...milestone, ...patch };
      if (merged.status === 'done' && merged.progress !== 100) {
        throw problems.validation([{ field: 'progress', message: 'must be 100 when status is done' }]);
      }
      const updated = await store.milestones.update(milestone, patch, version, actor(c));
      return sendVersioned(c, presentMilestone(updated, deps.now()), updated.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'delete', path: '/milestones/{id}', tags, summary: 'Delete a milestone (its history stays)',
      request: { params: Params, headers: IfMatch },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const version = expectedVersion(c);
      const { milestone, scope } = await load(c, id);
      authorize(c, 'milestone:delete', scope, `milestone ${id}`);
      await store.milestones.delete(milestone, version, actor(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/milestones/{id}/history', tags, summary: 'Who changed what and when, newest first',
      request: { params: Params, query: PageQuery },
      responses: { 200: json(pageOf(HistoryEvent, 'HistoryPage'), 'A page of history events'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const planId = id.split('.')[0] ?? '';
      // Permissions come from the plan; the history survives the milestone's deletion.
      const [record, page] = await Promise.all([store.plans.get(planId), store.history.list(`milestone/${id}`, c.req.valid('query'))]);
      if (!record || (page.items.length === 0 && !c.req.valid('query').cursor)) throw problems.notFound(`milestone ${id} was not found`);
      authorize(c, 'milestone:read', record.scope, `milestone ${id}`);
      return c.json(page, 200);
    },
  );

  return app;
}
