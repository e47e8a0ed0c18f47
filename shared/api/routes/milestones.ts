/** Milestones: the unit of work focal points report on. */
import { Routes } from '../route.ts';
import { addMilestone, deleteMilestone, readMilestone, updateMilestone } from '../../commands/milestones.ts';
import { CreateMilestone, Milestone, PatchMilestone } from '../../domain/resources.ts';
import { HistoryPage } from './shared.ts';
import { historyFor, readerView, seesAllInternalMilestones } from '../../domain/internal.ts';
import { presentMilestone } from '../../store/index.ts';
import {
  IdParam, IfMatch, PageQuery, authorize, errors, etagHeader, sendVersioned, expectedVersion, json, jsonBody, pageOf,
  principal, v1Route, type AppDeps,
} from '../http.ts';
import { problems } from '../problems.ts';
import { LanguagesQuery, ListQuery, presentTexts, writerLanguagesOf } from '../languages.ts';
import { MILESTONE_TEXT_FIELDS } from '../../domain/resources.ts';
import type { StoredMilestone } from '../../store/index.ts';
import type { Context } from 'hono';
import type { Env } from '../types.ts';


/** A milestone as the API gives it: health computed now, texts in the reader's language. */
const shown = (c: Context<Env>, m: StoredMilestone, now: Date) => presentTexts(c, presentMilestone(m, now), m.translations, MILESTONE_TEXT_FIELDS);

const PlanParams = IdParam('id', 'ams-rm-2026');
const Params = IdParam('id', 'ams-rm-2026.m01');
const tags = ['milestones'];

export function milestones(deps: AppDeps) {
  const { store } = deps;
  const app = new Routes();

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/milestones', tags, summary: 'Milestones of a plan',
      request: { params: PlanParams, query: ListQuery },
      responses: { 200: json(pageOf(Milestone, 'MilestonePage'), 'A page of milestones'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const reader = principal(c);
      // The plan (for permissions and what stays internal) and the page, in parallel: one GetItem and
      // one Query. Internal milestones a reader may not see are left out by the Query's filter, so a
      // page is never short or empty with a cursor; whether the reader sees them depends on the plan,
      // so the Query guesses from the role (the secretariat and coordinators mostly do, others mostly
      // do not) and the guess is checked once the plan is read. A wrong guess that changed the page
      // costs one more Query; a wrong guess that changed nothing costs nothing.
      const hideFor = { exceptOwner: reader.administrationId };
      const guessSees = reader.role === 'admin' || reader.role === 'coordinator';
      const [got, first] = await Promise.allSettled([store.plans.get(id), store.milestones.ofPlan(id, query, guessSees ? undefined : hideFor)]);
      if (got.status === 'rejected') throw got.reason;
      const record = got.value;
      if (!record) throw problems.notFound(`plan ${id} was not found`);
      authorize(c, 'milestone:read', record.scope, `milestones of plan ${id}`);
      if (first.status === 'rejected') throw first.reason;
      const sees = seesAllInternalMilestones(reader, record.scope);
      let page = first.value;
      if (sees && !guessSees && page.filteredOut > 0) page = await store.milestones.ofPlan(id, query);
      else if (!sees && guessSees && page.items.some((m) => m.internal && m.ownerAdministrationId !== reader.administrationId)) {
        page = await store.milestones.ofPlan(id, query, hideFor);
      }
      const now = deps.now();
      const seen = readerView(reader, record.scope, { milestones: page.items, contributions: [] }).milestones;
      return c.json({ items: seen.map((m) => shown(c, m, now)), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/plans/{id}/milestones', tags, summary: 'Add a milestone to a plan',
      request: { params: PlanParams, body: jsonBody(CreateMilestone) },
      responses: { 201: { ...json(Milestone, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const created = await addMilestone(deps, principal(c), { planId: c.req.valid('param').id, milestone: c.req.valid('json'), ...writerLanguagesOf(c) });
      return sendVersioned(c, shown(c, created, deps.now()), created.version, `/api/v1/milestones/${created.id}`);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/milestones/{id}', tags, summary: 'Read a milestone (with its computed health)',
      request: { params: Params, query: LanguagesQuery },
      responses: { 200: { ...json(Milestone, 'The milestone'), headers: etagHeader }, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { milestone } = await readMilestone(deps, principal(c), c.req.valid('param').id);
      return sendVersioned(c, shown(c, milestone, deps.now()), milestone.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: '/milestones/{id}', tags, summary: 'Update a milestone',
      description: 'Focal points of the owning administration may change status, progress, note and evidence; co-coordinators and admins any field. Needs If-Match. ' +
        'title, description and note take a plain string (it edits the text you read: your language\'s translation if there is one, else the original; Content-Language names the language explicitly) ' +
        'or a map of language to text (null removes a translation). Changing the original marks its translations outdated until they are sent again.',
      request: { params: Params, headers: IfMatch, body: jsonBody(PatchMilestone) },
      responses: { 200: { ...json(Milestone, 'Updated'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const updated = await updateMilestone(deps, principal(c), { id: c.req.valid('param').id, patch: c.req.valid('json'), expectedVersion: expectedVersion(c), ...writerLanguagesOf(c) });
      return sendVersioned(c, shown(c, updated, deps.now()), updated.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'delete', path: '/milestones/{id}', tags, summary: 'Delete a milestone (its history stays)',
      request: { params: Params, headers: IfMatch },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 412, 428) },
    }),
    async (c) => {
      await deleteMilestone(deps, principal(c), { id: c.req.valid('param').id, expectedVersion: expectedVersion(c) });
      return c.body(null, 204);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/milestones/{id}/history', tags, summary: 'Who changed what and when, newest first',
      request: { params: Params, query: PageQuery },
      responses: { 200: json(HistoryPage, 'A page of history events'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const planId = id.split('.')[0] ?? '';
      // Permissions come from the plan (read with the milestone, whose flags say what stays internal:
      // one BatchGetItem); the history survives the milestone's deletion (then the plan is read alone).
      const [found, page] = await Promise.all([store.milestones.get(id), store.history.list(`milestone/${id}`, c.req.valid('query'))]);
      const record = found?.plan ?? (await store.plans.get(planId));
      if (!record || (page.items.length === 0 && !c.req.valid('query').cursor)) throw problems.notFound(`milestone ${id} was not found`);
      authorize(c, 'milestone:read', record.scope, `milestone ${id}`);
      const items = historyFor(principal(c), record.scope, found?.milestone, page.items);
      if (!items) throw problems.notFound(`milestone ${id} was not found`);
      return c.json({ ...page, items }, 200);
    },
  );

  return app;
}
