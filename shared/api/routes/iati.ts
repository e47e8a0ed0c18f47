/** IATI 2.03 activity XML of a plan and of a strategy (one iati-activity per plan the caller may read). */
import * as z from 'zod/mini';
import { Routes } from '../route.ts';
import { lazy } from '../../domain/common.ts';
import { planIatiXml, strategyIatiXml } from '../../commands/iati.ts';
import { IdParam, errors, principal, v1Route, type AppDeps } from '../http.ts';

const IatiXml = lazy(() => z.string().check(z.meta({ description: 'An iati-activities document (IATI Standard 2.03), valid against the official schema' })));
const xml = (description: string) => ({ description, content: { 'application/xml': { schema: IatiXml } } });
const tags = ['iati'];

export function iati(deps: AppDeps) {
  const app = new Routes();
  const options = () => ({ publicUrl: deps.config.publicUrl, ...(deps.config.iatiReportingOrg ? { reportingOrg: deps.config.iatiReportingOrg } : {}) });
  const send = (body: string, name: string) =>
    new Response(body, { status: 200, headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': `inline; filename="${name}.iati.xml"` } });

  app.openapi(
    v1Route({
      method: 'get', path: '/plans/{id}/iati', tags, summary: 'The plan as an IATI 2.03 activity (XML)',
      description: 'Reporting organisation, identifier, title and description, participating organisations (donors funding, member administrations implementing), status, dates, recipient countries, budget in periods of at most 12 months, transactions from the contribution stages reached (none dated after today) and document links. A donor gets its own contributions only.',
      request: { params: IdParam('id', 'ams-rm-current') },
      responses: { 200: xml('The iati-activities file'), ...errors(401, 403, 404) },
    }),
    async (c) => send(await planIatiXml(deps, principal(c), { planId: c.req.valid('param').id, ...options() }), c.req.valid('param').id) as never,
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/strategies/{id}/iati', tags, summary: 'A strategy\'s plans as IATI 2.03 activities (one XML file)',
      request: { params: IdParam('id', 'ams-rm') },
      responses: { 200: xml('The iati-activities file, one iati-activity per plan the caller may read'), ...errors(401, 404) },
    }),
    async (c) => send(await strategyIatiXml(deps, principal(c), { strategyId: c.req.valid('param').id, ...options() }), c.req.valid('param').id) as never,
  );
  return app;
}
