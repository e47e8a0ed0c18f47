/** Director General digests: the latest and the past ones, as kept by the digests job. */
import * as z from 'zod/mini';
import { Routes } from '../route.ts';
import type { Context } from 'hono';
import { DIGEST_ID_PATTERN, periodFromId, type Digest as StoredDigest } from '../../domain/digest.ts';
import { built, lazy } from '../../domain/common.ts';
import { Digest, DigestSummary } from '../../domain/digest-schema.ts';
import { resourceLinks } from '../../mail/links.ts';
import { IdParam, PageQuery, authorize, errors, json, pageOf, v1Route, type AppDeps, type Env } from '../http.ts';
import { problems } from '../problems.ts';

const tags = ['digests'];
const AdministrationParams = IdParam('id', 'PE');
const DigestParams = lazy(() => z.extend(built(AdministrationParams), {
  digestId: z
    .string()
    .check(
      z.regex(DIGEST_ID_PATTERN, 'must be a digest period such as 2026-12, 2026-W49 or 2026-Q4'),
      z.refine((id) => periodFromId(id) !== null, 'must be a digest period such as 2026-12, 2026-W49 or 2026-Q4'),
      z.meta({ example: '2026-12' }),
    ),
}));
const FormatQuery = lazy(() => z.object({
  format: z
    ._default(z.enum(['json', 'html', 'text']), 'json')
    .check(z.meta({ description: 'json (default): the stored digest; html or text: the mail as it reads' })),
}));

const asMail = {
  description: 'The digest',
  content: {
    'application/json': { schema: Digest },
    'text/html': { schema: lazy(() => z.string().check(z.meta({ description: 'The HTML part of the mail' }))) },
    'text/plain': { schema: lazy(() => z.string().check(z.meta({ description: 'The plain-text part of the mail' }))) },
  },
};

export function digests(deps: AppDeps) {
  const { store } = deps;
  const app = new Routes();
  const links = resourceLinks(deps.config.publicUrl);

  /** The administration must exist, and the caller may read its digests (policy `digest:read`). */
  async function allowed(c: Context<Env>, administrationId: string) {
    authorize(c, 'digest:read', { ownerAdministrationId: administrationId }, `the digests of ${administrationId}`);
    if (!(await store.administrations.get(administrationId))) throw problems.notFound(`administration ${administrationId} was not found`);
  }

  async function present(c: Context<Env>, digest: StoredDigest, format: 'json' | 'html' | 'text') {
    if (format === 'json') return c.json(digest, 200);
    // The mail templates and their four catalogs load when a digest is first asked for as mail,
    // not at every cold start of the API.
    const { renderDigest } = await import('../../mail/templates/digest.ts');
    const rendered = renderDigest(digest, { links });
    return format === 'html'
      ? c.body(rendered.html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Language': digest.language })
      : c.body(rendered.text, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Language': digest.language });
  }

  app.openapi(
    v1Route({
      method: 'get', path: '/administrations/{id}/digests', tags, summary: "An administration's digests, newest first",
      request: { params: AdministrationParams, query: PageQuery },
      responses: { 200: json(pageOf(DigestSummary, 'DigestPage'), 'A page of digests'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await allowed(c, id);
      return c.json(await store.digests.list(id, c.req.valid('query')), 200);
    },
  );

  // Registered before /{digestId}: "latest" is not a period, but the static route should win anyway.
  app.openapi(
    v1Route({
      method: 'get', path: '/administrations/{id}/digests/latest', tags, summary: 'The latest digest',
      request: { params: AdministrationParams, query: FormatQuery },
      responses: { 200: asMail, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await allowed(c, id);
      const digest = await store.digests.latest(id);
      if (!digest) throw problems.notFound(`administration ${id} has no digest yet`);
      return present(c, digest, c.req.valid('query').format) as never;
    },
  );

  app.openapi(
    v1Route({
      method: 'get', path: '/administrations/{id}/digests/{digestId}', tags, summary: 'One digest, by its period',
      request: { params: DigestParams, query: FormatQuery },
      responses: { 200: asMail, ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id, digestId } = c.req.valid('param');
      await allowed(c, id);
      const digest = await store.digests.get(id, digestId);
      if (!digest) throw problems.notFound(`administration ${id} has no digest ${digestId}`);
      return present(c, digest, c.req.valid('query').format) as never;
    },
  );

  return app;
}
