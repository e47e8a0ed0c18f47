/**
 * The API's schemas are built when first used, not when the function starts (shared/domain/common.ts
 * `lazy`): building the app builds none of the resource schemas, and a request builds only what its
 * route parses. Each test file runs in its own module graph, so nothing else has touched them here.
 */
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../shared/api/app.ts';
import { describeRoutes } from '../../shared/api/description.ts';
import { PageQuery } from '../../shared/api/http.ts';
import * as digestSchemas from '../../shared/domain/digest-schema.ts';
import * as resources from '../../shared/domain/resources.ts';

/** zod builds a lazy schema's inner schema when something first asks for it, and keeps it on the definition. */
const isBuilt = (schema: unknown) => (schema as { _zod: { def: { _cachedInner?: unknown } } })._zod.def._cachedInner !== undefined;
const lazySchemas = (module: Record<string, unknown>) =>
  Object.entries(module).filter(([, v]) => (v as { _zod?: { def?: { type?: string } } })?._zod?.def?.type === 'lazy');

describe('schemas built on first use', () => {
  const app = createApiApp({
    store: {} as never,
    verifier: { verify: async () => ({ userId: 'admin-1', role: 'admin' }) },
    now: () => new Date('2026-11-22T10:00:00Z'),
    config: { corsOrigins: [], publicUrl: 'https://tracker.example.org' },
  }, describeRoutes);

  it('are all lazy, and building the app builds none of them', () => {
    const all = [...lazySchemas(resources), ...lazySchemas(digestSchemas)];
    expect(all.map(([name]) => name)).toEqual(expect.arrayContaining(['Milestone', 'CreateMilestone', 'PatchMilestone', 'Plan', 'Contribution', 'Digest']));
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter(([, schema]) => isBuilt(schema)).map(([name]) => name)).toEqual([]);
  });

  it('a request builds what its route parses and nothing else, and still answers 400 naming the field', async () => {
    const response = await app.request('/api/v1/plans/ams-rm-2026/milestones?limit=0', { headers: { Authorization: 'Bearer x' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(await response.json())).toContain('limit');
    expect(isBuilt(PageQuery)).toBe(true);
    const built = [...lazySchemas(resources), ...lazySchemas(digestSchemas)].filter(([, schema]) => isBuilt(schema));
    expect(built.map(([name]) => name)).toEqual([]);
  });

  it('the OpenAPI document builds them all, with every named resource in its components', async () => {
    const document = (await (await app.request('/api/v1/openapi.json')).json()) as { components: { schemas: Record<string, unknown> } };
    for (const [name, schema] of [...lazySchemas(resources), ...lazySchemas(digestSchemas)]) {
      expect(isBuilt(schema), name).toBe(true);
    }
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Milestone', 'CreateMilestone', 'PatchMilestone', 'Digest', 'Problem', 'PlanProgress']));
  });
});
