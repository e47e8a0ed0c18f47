/**
 * The API description passes Redocly's recommended rules with nothing left unexplained (issue 10,
 * item 17): every operation has a unique operationId, tags are declared and described, the licence
 * is stated, If-Match is required where it is taken, ETag headers are required, /health is described.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../shared/app.ts';

async function document() {
  const app = createApp({ store: {} as never, verifier: { verify: async () => { throw new Error('no tokens here'); } }, now: () => new Date(), config: { corsOrigins: [], publicUrl: 'https://tracker.example.org' } });
  return (await app.request('/api/v1/openapi.json')).json() as Promise<Record<string, any>>;
}

describe('the API description', () => {
  /** Findings that are right for this API, each with its reason. */
  const EXPLAINED: Record<string, string> = {
    // A health check takes no input and so has no client error to describe.
    'operation-4xx-response #/paths/~1health/get/responses': 'GET /health takes no input',
  };

  it('has no finding under Redocly recommended but those explained above', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(await document()), absoluteRef: 'openapi.json', config });
    const found = problems.map((p) => `${p.ruleId} ${p.location?.[0]?.pointer ?? ''}`);
    expect(found.filter((f) => !(f in EXPLAINED))).toEqual([]);
    expect(found.sort()).toEqual(Object.keys(EXPLAINED).sort()); // no explanation outlives its finding
  }, 60_000);

  it('marks what the API requires as required, and names every operation once', async () => {
    const doc = await document();
    const operations = Object.values(doc.paths).flatMap((p: any) => Object.values(p)) as any[];
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z]+[A-Z]\w*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const patch = doc.paths['/api/v1/milestones/{id}'].patch;
    expect(patch.parameters.find((p: any) => p.name === 'if-match')).toMatchObject({ in: 'header', required: true });
    expect(patch.responses[200].headers.ETag.required).toBe(true);
    expect(doc.info.license).toEqual({ name: 'Apache-2.0', identifier: 'Apache-2.0' });
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/administrations'].post.summary).toBe('Create an administration');
  });
});
