/** Donor contributions: money or in kind, pledged to spent. */
import { Routes } from '../route.ts';
import { deleteContribution, readContribution, recordContribution, updateContribution } from '../../commands/contributions.ts';
import { Contribution, CreateContribution, PatchContribution } from '../../domain/resources.ts';
import {
  IdParam, IfMatch, PageQuery, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody, pageOf,
  principal, v1Route, type AppDeps,
} from '../http.ts';
import { problems } from '../problems.ts';
import { contributionFor, readerView } from '../../domain/internal.ts';

const PlanParams = IdParam('id', 'ams-rm-2026');
const DonorParams = IdParam('id', 'jica');
const Params = IdParam('id', 'ams-rm-2026.c01');
const tags = ['contributions'];

export function contributions(deps: AppDeps) {
  const { store } = deps;
  const app = new Routes();

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
      return c.json({ ...page, items: readerView(p, record.scope, { milestones: [], contributions: page.items }).contributions }, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/plans/{id}/contributions', tags, summary: 'Record a contribution to a plan',
      request: { params: PlanParams, body: jsonBody(CreateContribution) },
      responses: { 201: { ...json(Contribution, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const created = await recordContribution(deps, principal(c), { planId: c.req.valid('param').id, contribution: c.req.valid('json') });
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
      // What stays internal is judged against each plan's facts: read (one BatchGetItem) only when the page holds an internal contribution.
      const internalOn = new Set(page.items.filter((x) => x.internal).map((x) => x.planId));
      const plans = internalOn.size > 0 ? await store.plans.getMany(internalOn) : new Map();
      const p = principal(c);
      const items = page.items.filter((x) => !x.internal || (plans.has(x.planId) && contributionFor(p, plans.get(x.planId)!.scope, x)));
      return c.json({ ...page, items }, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/contributions/{id}', tags, summary: 'Read a contribution',
      request: { params: Params },
      responses: { 200: { ...json(Contribution, 'The contribution'), headers: etagHeader }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { contribution } = await readContribution(deps, principal(c), c.req.valid('param').id);
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
      const updated = await updateContribution(deps, principal(c), { id: c.req.valid('param').id, patch: c.req.valid('json'), expectedVersion: expectedVersion(c) });
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
      await deleteContribution(deps, principal(c), { id: c.req.valid('param').id, expectedVersion: expectedVersion(c) });
      return c.body(null, 204);
    },
  );

  return app;
}
