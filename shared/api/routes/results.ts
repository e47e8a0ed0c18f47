/**
 * Results: a plan's results, indicators and reporting periods; the values administrations submit
 * and the co-coordinators review; the strategy's matrix. Each route calls one command.
 */
import * as z from 'zod/mini';
import {
  approveSubmission, deleteDefinition, defineIndicator, definePeriod, defineResult, readIndicator, readPeriod, readResult, readResults, readSubmission,
  reopenSubmission, resubmitValue, returnSubmission, reviewQueue, setIndicatorTargets, strategyResults, submitValue, updateIndicator,
  updatePeriod, updateResult,
} from '../../commands/results.ts';
import { lazy } from '../../domain/common.ts';
import { localDate } from '../../domain/dates.ts';
import { INDICATOR_STATUSES } from '../../domain/constants.ts';
import { rollUpIndicator } from '../../domain/results.ts';
import {
  CreateIndicator, CreateReportingPeriod, CreateResult, CreateSubmission, Indicator, IndicatorTargets, PatchIndicator, PatchReportingPeriod,
  PatchResult, ReportingPeriod, Resubmission, Result, ReviewReason, Submission,
} from '../../domain/results-schema.ts';
import { HistoryEvent } from '../../domain/resources.ts';
import { Routes } from '../route.ts';
import { LanguagesQuery, shownIndicator, shownResult, writerLanguagesOf } from '../languages.ts';
import type { Context } from 'hono';
import type { Env } from '../types.ts';
import {
  IdParam, IfMatch, PageQuery, errors, etagHeader, expectedVersion, json, jsonBody, pageOf, principal, sendVersioned, v1Route, type AppDeps,
} from '../http.ts';

const tags = ['results'];
const PlanParams = IdParam('id', 'ams-rm-current');
const StrategyParams = IdParam('id', 'ams-rm');
const ResultParams = IdParam('id', 'ams-rm-current.risk-selection');
const IndicatorParams = IdParam('id', 'ams-rm-current.selected-share');
const PeriodParams = IdParam('id', 'ams-rm-current.p2');
const SubmissionParams = IdParam('id', 'ams-rm-current.s-k3v9m2pq');

const status = () => z.nullable(z.enum(INDICATOR_STATUSES)).check(z.meta({ description: 'met, on_track, off_track, no_data; null when there is no target to compare with' }));
const figure = () => z.optional(z.string());
const PeriodRollUpSchema = lazy(() => z.object({
  periodId: z.string(), label: z.string(), end: z.string(), closed: z.boolean(), target: figure(), figure: figure(), status: status(),
  reported: z.number().check(z.int(), z.meta({ description: 'Administrations with an approved value' })),
  byAdministration: z.record(z.string(), z.object({ figure: figure(), answer: figure(), target: figure(), status: status() })),
})).register(z.globalRegistry, { id: 'PeriodRollUp' });

const PlanResults = lazy(() => z.object({
  planId: z.string(),
  asOf: z.string().check(z.meta({ description: 'The day statuses are computed for' })),
  results: z.array(Result),
  indicators: z.array(Indicator),
  periods: z.array(ReportingPeriod),
  submissions: z.array(Submission).check(z.meta({ description: 'Everything for the co-coordinators and the secretariat; approved values and their own administration\'s for others' })),
  rollUps: z.array(z.object({ indicatorId: z.string(), periods: z.array(PeriodRollUpSchema) })).check(z.meta({ description: 'Per indicator and period, from approved values only' })),
})).register(z.globalRegistry, { id: 'PlanResults' });

const StrategyMatrix = lazy(() => z.object({
  asOf: z.string(),
  administrations: z.array(z.object({ id: z.string(), name: z.string() })),
  rows: z.array(z.object({
    planId: z.string(),
    result: z.optional(z.object({ id: z.string(), type: z.string(), title: z.string() })),
    indicator: z.object({ id: z.string(), title: z.string(), measure: z.string(), unit: z.optional(z.string()), ascending: z.boolean(), aggregation: z.string() }),
    regional: z.optional(z.object({ periodId: z.string(), label: z.string(), figure: figure(), target: figure(), status: status() })),
    cells: z.record(z.string(), z.object({ periodId: z.string(), figure: figure(), answer: figure(), status: status() })),
  })),
})).register(z.globalRegistry, { id: 'StrategyResults' });

/** A result or an indicator with its texts in the reader's language; a reporting period as it is. */
const shownDefinition = <T extends { version: number }>(c: Context<Env>, kind: string, item: T): T =>
  (kind === 'result' ? shownResult(c, item as unknown as Result) : kind === 'indicator' ? shownIndicator(c, item as unknown as Indicator) : item) as T;

/** The matrix with its titles and names as originals, as it always was: translations as stored are never shown. */
function withoutTranslations(m: Awaited<ReturnType<typeof strategyResults>>) {
  const plain = <T extends { translations?: unknown }>({ translations: _, ...rest }: T) => rest;
  return { ...m, administrations: m.administrations.map(plain), rows: m.rows.map((r) => ({ ...r, result: r.result && plain(r.result), indicator: plain(r.indicator) })) };
}

export function results(deps: AppDeps) {
  const app = new Routes();

  // ------------------------------------------------------------ a plan's framework
  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/results', tags, summary: 'Results, indicators, reporting periods, submissions and roll-ups of a plan',
      request: { params: PlanParams, query: LanguagesQuery },
      responses: { 200: json(PlanResults, 'The plan\'s results framework'), ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { framework } = await readResults(deps, principal(c), id);
      const asOf = localDate(deps.now(), 'UTC');
      const approved = framework.submissions.filter((s) => s.state === 'approved');
      const rollUps = framework.indicators.map((i) => ({ indicatorId: i.id, periods: rollUpIndicator(i, framework.periods, approved, asOf) }));
      return c.json({
        planId: id, asOf, ...framework,
        results: framework.results.map((r) => shownResult(c, r)),
        indicators: framework.indicators.map((i) => shownIndicator(c, i)),
        rollUps,
      }, 200);
    },
  );

  const defining = [
    { path: '/plans/{id}/results', schema: CreateResult, out: Result, summary: 'Add a result (output, outcome or impact)', run: defineResult, key: 'result', where: 'results' },
    { path: '/plans/{id}/indicators', schema: CreateIndicator, out: Indicator, summary: 'Add an indicator to one of the plan\'s results', run: defineIndicator, key: 'indicator', where: 'indicators' },
    { path: '/plans/{id}/reporting-periods', schema: CreateReportingPeriod, out: ReportingPeriod, summary: 'Add a reporting period', run: definePeriod, key: 'period', where: 'reporting-periods' },
  ] as const;
  for (const d of defining) {
    app.openapi(
      v1Route({
        method: 'post', path: d.path, tags, summary: d.summary, description: 'The plan\'s co-coordinators and the secretariat.',
        request: { params: PlanParams, body: jsonBody(d.schema) },
        responses: { 201: { ...json(d.out, 'Created'), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 413, 415) },
      }),
      async (c) => {
        const created = await (d.run as unknown as (deps: AppDeps, caller: ReturnType<typeof principal>, input: Record<string, unknown>) => Promise<{ id: string; version: number }>)(
          deps, principal(c), { planId: c.req.valid('param').id, [d.key]: c.req.valid('json'), ...writerLanguagesOf(c) },
        );
        return sendVersioned(c, shownDefinition(c, d.key, created), created.version, `/api/v1/${d.where}/${created.id}`);
      },
    );
  }

  const items = [
    {
      path: '/results/{id}', params: ResultParams, out: Result, patch: PatchResult, read: readResult, update: updateResult, what: 'result', kind: 'result',
      deletes: 'with its indicators and the values given for them',
    },
    {
      path: '/indicators/{id}', params: IndicatorParams, out: Indicator, patch: PatchIndicator, read: readIndicator, update: updateIndicator, what: 'indicator', kind: 'indicator',
      deletes: 'with the values given for it',
    },
    {
      path: '/reporting-periods/{id}', params: PeriodParams, out: ReportingPeriod, patch: PatchReportingPeriod, read: readPeriod, update: updatePeriod, what: 'reporting period', kind: 'period',
      deletes: 'with the values given for it and every indicator\'s target for it',
    },
  ] as const;
  for (const d of items) {
    app.openapi(
      v1Route({
        method: 'get', path: d.path, tags, summary: `Read a ${d.what}`,
        request: { params: d.params, query: LanguagesQuery },
        responses: { 200: { ...json(d.out, `The ${d.what}`), headers: etagHeader }, ...errors(400, 401, 403, 404) },
      }),
      async (c) => {
        const { item } = await (d.read as typeof readResult)(deps, principal(c), c.req.valid('param').id);
        return sendVersioned(c, shownDefinition(c, d.kind, item), item.version);
      },
    );
    app.openapi(
      v1Route({
        method: 'patch', path: d.path, tags, summary: `Change a ${d.what}`, description: 'The plan\'s co-coordinators and the secretariat. Needs If-Match.',
        request: { params: d.params, headers: IfMatch, body: jsonBody(d.patch) },
        responses: { 200: { ...json(d.out, 'Changed'), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 428) },
      }),
      async (c) => {
        const updated = await (d.update as typeof updateResult)(deps, principal(c), { id: c.req.valid('param').id, patch: c.req.valid('json'), expectedVersion: expectedVersion(c), ...writerLanguagesOf(c) });
        return sendVersioned(c, shownDefinition(c, d.kind, updated), updated.version);
      },
    );
    app.openapi(
      v1Route({
        method: 'delete', path: d.path, tags, summary: `Delete a ${d.what}, ${d.deletes}`,
        description: 'The plan\'s co-coordinators and the secretariat. Needs If-Match. Refused (409) when approved values would be lost: '
          + 'the secretariat reopens them first, with a reason. Values still in review, returned or reopened are deleted with it (their history stays).',
        request: { params: d.params, headers: IfMatch },
        responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404, 409, 412, 428) },
      }),
      async (c) => {
        await deleteDefinition(deps, principal(c), d.kind, { id: c.req.valid('param').id, expectedVersion: expectedVersion(c) });
        return c.body(null, 204);
      },
    );
  }

  app.openapi(
    v1Route({
      method: 'put', path: '/indicators/{id}/targets', tags, summary: 'Set the targets of every reporting period',
      description: 'For the region and, where they apply, per administration; replaces the stored targets. Needs If-Match with the indicator\'s ETag.',
      request: { params: IndicatorParams, headers: IfMatch, body: jsonBody(IndicatorTargets) },
      responses: { 200: { ...json(Indicator, 'The indicator with its targets'), headers: etagHeader }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    async (c) => {
      const updated = await setIndicatorTargets(deps, principal(c), { id: c.req.valid('param').id, targets: c.req.valid('json').targets, expectedVersion: expectedVersion(c) });
      return sendVersioned(c, shownIndicator(c, updated), updated.version);
    },
  );

  // ------------------------------------------------------------ submissions and review
  app.openapi(
    v1Route({
      method: 'post', path: '/submissions', tags, summary: 'Submit a value for an indicator, a reporting period and an administration',
      description: 'That administration\'s people (and the secretariat). The value waits for the co-coordinators\' review; several submissions per period are kept.',
      request: { body: jsonBody(CreateSubmission) },
      responses: { 201: { ...json(Submission, 'Submitted'), headers: etagHeader }, ...errors(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const created = await submitValue(deps, principal(c), { submission: c.req.valid('json') });
      return sendVersioned(c, created, created.version, `/api/v1/submissions/${created.id}`);
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/submissions/{id}', tags, summary: 'Read a submission',
      request: { params: SubmissionParams },
      responses: { 200: { ...json(Submission, 'The submission'), headers: etagHeader }, ...errors(401, 403, 404) },
    }),
    async (c) => {
      const { item } = await readSubmission(deps, principal(c), c.req.valid('param').id);
      return sendVersioned(c, item, item.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'patch', path: '/submissions/{id}', tags, summary: 'Correct a submission and send it for review again',
      description: 'A returned or reopened submission, or one still waiting; an approved value is refused (409) until the secretariat reopens it. Needs If-Match.',
      request: { params: SubmissionParams, headers: IfMatch, body: jsonBody(Resubmission) },
      responses: { 200: { ...json(Submission, 'Sent for review'), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 428) },
    }),
    async (c) => {
      const updated = await resubmitValue(deps, principal(c), { id: c.req.valid('param').id, patch: c.req.valid('json'), expectedVersion: expectedVersion(c) });
      return sendVersioned(c, updated, updated.version);
    },
  );

  app.openapi(
    v1Route({
      method: 'post', path: '/submissions/{id}/approve', tags, summary: 'Approve a submission',
      description: 'The strategy\'s co-coordinators and the secretariat, not whoever submitted it. Needs If-Match.',
      request: { params: SubmissionParams, headers: IfMatch },
      responses: { 200: { ...json(Submission, 'Approved'), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 412, 428) },
    }),
    async (c) => {
      const updated = await approveSubmission(deps, principal(c), { id: c.req.valid('param').id, expectedVersion: expectedVersion(c) });
      return sendVersioned(c, updated, updated.version);
    },
  );

  const withReason = [
    { path: '/submissions/{id}/return', summary: 'Return a submission with a reason', description: 'The strategy\'s co-coordinators and the secretariat; the reason is kept in the history. Needs If-Match.', run: returnSubmission },
    { path: '/submissions/{id}/reopen', summary: 'Reopen an approved value, with a reason', description: 'The secretariat only; the submitter may then correct it. Needs If-Match.', run: reopenSubmission },
  ] as const;
  for (const d of withReason) {
    app.openapi(
      v1Route({
        method: 'post', path: d.path, tags, summary: d.summary, description: d.description,
        request: { params: SubmissionParams, headers: IfMatch, body: jsonBody(ReviewReason) },
        responses: { 200: { ...json(Submission, 'Done'), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 428) },
      }),
      async (c) => {
        const updated = await d.run(deps, principal(c), { id: c.req.valid('param').id, review: c.req.valid('json'), expectedVersion: expectedVersion(c) });
        return sendVersioned(c, updated, updated.version);
      },
    );
  }

  app.openapi(
    v1Route({
      method: 'get', path: '/submissions/{id}/history', tags, summary: 'Who submitted, returned (with the reason), approved or reopened it, newest first',
      request: { params: SubmissionParams, query: PageQuery },
      responses: { 200: json(pageOf(HistoryEvent, 'SubmissionHistoryPage'), 'A page of history events'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await readSubmission(deps, principal(c), id);
      return c.json(await deps.store.history.list(`submission/${id}`, c.req.valid('query')), 200);
    },
  );

  // ------------------------------------------------------------ a strategy
  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}/results', tags, summary: 'Indicators x member administrations: latest approved values and status',
      description: 'Across the active plans the caller may read; the region\'s latest figure per indicator.',
      request: { params: StrategyParams },
      responses: { 200: json(StrategyMatrix, 'The matrix'), ...errors(401, 404) },
    }),
    async (c) => c.json(withoutTranslations(await strategyResults(deps, principal(c), c.req.valid('param').id)), 200),
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}/reviews', tags, summary: 'Submissions waiting for the co-coordinators\' review, oldest first',
      request: { params: StrategyParams },
      responses: { 200: json(lazy(() => z.object({ items: z.array(Submission) })).register(z.globalRegistry, { id: 'ReviewQueue' }), 'What waits'), ...errors(401, 403, 404) },
    }),
    async (c) => c.json({ items: await reviewQueue(deps, principal(c), c.req.valid('param').id) }, 200),
  );

  return app;
}
