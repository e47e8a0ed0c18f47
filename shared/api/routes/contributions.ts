/** Donor contributions: money or in kind, pledged to spent. */
import * as z from 'zod/mini';
import { Routes } from '../route.ts';
import type { Context } from 'hono';
import { planIdOf } from '../../store/keys.ts';
import { Contribution, CreateContribution, PatchContribution, addMoneyAndStageIssues } from '../../domain/resources.ts';
import {
  IdParam, IfMatch, PageQuery, actor, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody, pageOf,
  principal, requireSomeField, v1Route, type AppDeps, type Env,
} from '../http.ts';
import { problems, zodFieldErrors } from '../problems.ts';

const PlanParams = IdParam('id', 'ams-rm-2026');
const DonorParams = IdParam('id', 'jica');
const Params = IdParam('id', 'ams-rm-2026.c01');
const tags = ['contributions'];

export function contributions(deps: AppDeps) {
  const { store } = deps;
  const app = new Routes();

  async function load(c: Context<Env>, id: string) {
    const found = await store.contributions.get(id);
    if (!found) throw problems.notFound(`contribution ${id} was not found`);
    const scope = { ...found.plan.scope, donorId: found.contribution.donorId };
    authorize(c, 'contribution:read', scope, `contribution ${id}`);
    return { ...found, scope };
  }

  async function checkMilestone(planId: string, milestoneId: string | null | undefined) {
    if (!milestoneId) return;
    if (planIdOf(milestoneId) !== planId || !(await store.milestones.get(milestoneId))) {
      throw problems.validation([{ field: 'milestoneId', message: `names no milestone of plan ${planId}` }]);
    }
  }

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/contributions', tags, summary: 'Contributions to a plan (a donor sees its own)',
      request: { params: PlanParams, query: PageQuery },
      responses: { 200: json(pageOf(Contribution, 'ContributionPage'), 'A page of contributions'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const p = principal(c);
      const onlyDonor = p.role === 'donor' ? (p.donorId ?? '-') : undefined;
      const [record, page] = await Promise.all([store.plans.get(id), store.contributions.ofPlan(id, c.req.valid('query'), onlyDonor)]);
      if (!record) throw problems.notFound(`plan ${id} was not found`);
      authorize(c, 'plan:read', record.scope, `plan ${id}`);
      return c.json(page, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/plans/{id}/contributions', tags, summary: 'Record a contribution to a plan',
      request: { params: PlanParams, body: jsonBody(CreateContribution) },
      responses: { 201: { ...json(Contribution, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const [record, donor] = await Promise.all([store.plans.require(id), store.donors.get(body.donorId)]);
      authorize(c, 'contribution:create', record.scope, `contributions to plan ${id}`);
      if (!donor) throw problems.validation([{ field: 'donorId', message: `names no known donor (${body.donorId})` }]);
      await checkMilestone(id, body.milestoneId);
      const created = await store.contributions.create(record, body as never, actor(c));
      return sendVersioned(c, created, created.version, `/api/v1/contributions/${created.id}`);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/donors/{id}/contributions', tags, summary: 'Everything a donor contributes, across plans',
      request: { params: DonorParams, query: PageQuery },
      responses: { 200: json(pageOf(Contribution, 'DonorContributionPage'), 'A page of contributions'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      authorize(c, 'donor-contributions:list', { donorId: id }, `contributions of donor ${id}`);
      const [donor, page] = await Promise.all([store.donors.get(id), store.contributions.ofDonor(id, c.req.valid('query'))]);
      if (!donor) throw problems.notFound(`donor ${id} was not found`);
      return c.json(page, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/contributions/{id}', tags, summary: 'Read a contribution',
      request: { params: Params },
      responses: { 200: { ...json(Contribution, 'The contribution'), headers: etagHeader }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { contribution } = await load(c, c.req.valid('param').id);
      return sendVersioned(c, contribution, contribution.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: '/contributions/{id}', tags, summary: 'Change a contribution (e.g. move it to disbursed)',
      request: { params: Params, headers: IfMatch, body: jsonBody(PatchContribution) },
      responses: { 200: { ...json(Contribution, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      requireSomeField(body);
      const version = expectedVersion(c);
      const { contribution, scope } = await load(c, id);
      authorize(c, 'contribution:update', scope, `contribution ${id}`);
      const merged: Record<string, unknown> = { ...contribution };
      for (const [k, v] of Object.entries(body)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      // The merged contribution must satisfy the same rules as a new one.
      const check = z.looseObject({}).check(z.superRefine((v, ctx) => addMoneyAndStageIssues(v as never, ctx))).safeParse(merged);
      if (!check.success) throw problems.validation(zodFieldErrors(check.error));
      await checkMilestone(contribution.planId, merged.milestoneId as string | undefined);
      const updated = await store.contributions.update(contribution, merged as Contribution, version, actor(c));
      return sendVersioned(c, updated, updated.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'delete', path: '/contributions/{id}', tags, summary: 'Delete a contribution (its history stays)',
      request: { params: Params, headers: IfMatch },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const version = expectedVersion(c);
      const { contribution, scope } = await load(c, id);
      authorize(c, 'contribution:delete', scope, `contribution ${id}`);
      await store.contributions.delete(contribution, version, actor(c));
      return c.body(null, 204);
    },
  );

  return app;
}
