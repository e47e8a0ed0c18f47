/** Object-level permissions from the one policy table, as each demo person meets them. */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id).sort();

describe('who is calling', () => {
  it('refuses calls without a token, with a bad one, or with one signed by another key (401)', async () => {
    expect((await t.as(null).get('/api/v1/strategies')).status).toBe(401);
    const bad = await t.as(null).get('/api/v1/strategies', { Authorization: 'Bearer not.a.token' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('Content-Type')).toBe('application/problem+json');
    const { generateDevKeys, signDevToken } = await import('../../shared/api/identity.ts');
    const forged = signDevToken(generateDevKeys(), { id: 'admin', role: 'admin' });
    expect((await t.as(null).get('/api/v1/strategies', { Authorization: `Bearer ${forged}` })).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const { signDevToken } = await import('../../shared/api/identity.ts');
    const old = signDevToken(t.keys, { id: 'admin', role: 'admin' }, new Date(Date.now() - 48 * 3600_000));
    expect((await t.as(null).get('/api/v1/strategies', { Authorization: `Bearer ${old}` })).status).toBe(401);
  });

  it('/me says who the caller is and what they may do', async () => {
    const me = await t.as('focal-gt').get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: 'focal-gt', role: 'focal_point', administrationId: 'GT' });
    expect(me.body.can['milestone:report']).toBe('own');
    expect(me.body.can['milestone:update']).toBeUndefined();
    expect(me.body.can['plan:read']).toBe('always');
    expect(me.body.coordinatorOf).toEqual([]);
  });

  it('/me names the strategies a coordinator acts in: those their administration co-coordinates', async () => {
    const pe = await t.as('coord-pe').get('/api/v1/me');
    expect(pe.body.coordinatorOf).toContain('ams-rm');
    expect(pe.body.can['person:change-role']).toBeUndefined();
    const admin = await t.as('admin').get('/api/v1/me');
    expect(admin.body.can['person:change-role']).toBe('always');
    expect(admin.body.can['person:deactivate']).toBe('always');
    expect(admin.body.coordinatorOf).toEqual([]);
  });

  it('serves /health and the OpenAPI document without a token', async () => {
    expect((await t.as(null).get('/health')).body).toEqual({ status: 'ok', database: 'ok' });
    const doc = await t.as(null).get('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/milestones/{id}', '/api/v1/plans/{id}/progress', '/api/v1/strategies/{id}/coordinators']));
    // The same zod schema that validates requests describes them.
    expect(doc.body.components.schemas.PatchMilestone.properties.progress).toMatchObject({ minimum: 0, maximum: 100 });
    const docs = await t.as(null).get('/api/docs');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('/api/v1/milestones/{id}');
  });
});

describe('donors', () => {
  it('see only the plans they fund', async () => {
    expect(ids(await t.as('donor-jica').get('/api/v1/strategies/ams-rm/plans'))).toEqual(['ams-rm-2014', 'ams-rm-current']);
    expect(ids(await t.as('donor-jica').get('/api/v1/strategies/ca-crm/plans'))).toEqual([]);
    expect((await t.as('donor-jica').get('/api/v1/plans/ca-crm-2017')).status).toBe(403);
    expect((await t.as('donor-jica').get('/api/v1/milestones/ca-crm-2017.m01')).status).toBe(403);
    expect((await t.as('donor-captac').get('/api/v1/plans/ca-crm-2017')).status).toBe(200);
  });

  it('see only their own contributions', async () => {
    const mine = await t.as('donor-jica').get('/api/v1/plans/ams-rm-current/contributions');
    expect(mine.body.items.map((c: { donorId: string }) => c.donorId)).toEqual(['jica', 'jica']);
    expect((await t.as('donor-jica').get('/api/v1/contributions/ams-rm-current.c04')).status).toBe(403);
    expect((await t.as('donor-jica').get('/api/v1/donors/idb/contributions')).status).toBe(403);
    expect((await t.as('donor-jica').get('/api/v1/donors/jica/contributions')).body.items).toHaveLength(3);
    // The plan's totals are the plan's: a donor sees them whole (issue 10, item 15), not only its own money.
    const progress = await t.as('donor-jica').get('/api/v1/plans/ams-rm-current/progress');
    expect(progress.body.funding.map((f: { currency: string }) => f.currency)).toEqual(['ARS', 'JPY', 'USD']);
    expect(progress.body.funding.find((f: { currency: string }) => f.currency === 'USD').total).toBe('210000.00');
  });

  it('see the same plan totals as every other reader, whoever asked first', async () => {
    const path = '/api/v1/plans/ams-rm-current/progress';
    const all = await t.as('coord-pe').get(path);
    expect(all.body.funding.map((f: { currency: string }) => f.currency)).toEqual(['ARS', 'JPY', 'USD']);
    const jica = await t.as('donor-jica').get(path);
    expect(jica.body.funding).toEqual(all.body.funding);
    const captac = await t.as('donor-captac').get(path);
    expect(captac.body.funding).toEqual(all.body.funding);
    expect(captac.body.inKindCount).toBe(all.body.inKindCount);
    const again = await t.as('coord-pe').get(path);
    expect(again.body.funding).toEqual(all.body.funding);
  });

  it('cannot change anything', async () => {
    const etag = (await t.as('donor-jica').get('/api/v1/milestones/ams-rm-current.m02')).headers.get('ETag')!;
    expect((await t.as('donor-jica').patch('/api/v1/milestones/ams-rm-current.m02', { note: 'x' }, { 'If-Match': etag })).status).toBe(403);
    expect((await t.as('donor-jica').post('/api/v1/plans/ams-rm-current/milestones', { title: 'x', ownerAdministrationId: 'PE', dueDate: '2027-01-01' })).status).toBe(403);
  });
});

describe('focal points', () => {
  it('update status, progress, note and evidence of milestones their administration owns', async () => {
    const path = '/api/v1/milestones/ams-rm-current.m03'; // owned by GT
    const etag = (await t.as('focal-gt').get(path)).headers.get('ETag')!;
    const res = await t.as('focal-gt').patch(path, { status: 'in_progress', progress: 55, evidence: [{ url: 'https://example.org/gt/training-report', label: 'Report' }] }, { 'If-Match': etag });
    expect(res.status).toBe(200);
    expect(res.body.updatedBy).toBe('focal-gt');
  });

  it('may not move a due date or edit milestones of other administrations', async () => {
    const own = '/api/v1/milestones/ams-rm-current.m08';
    const etag = (await t.as('focal-gt').get(own)).headers.get('ETag')!;
    const moved = await t.as('focal-gt').patch(own, { dueDate: '2027-06-30' }, { 'If-Match': etag });
    expect(moved.status).toBe(403);
    expect(moved.body.detail).toContain('dueDate');
    const other = '/api/v1/milestones/ams-rm-current.m05'; // HT
    const etag2 = (await t.as('focal-gt').get(other)).headers.get('ETag')!;
    expect((await t.as('focal-gt').patch(other, { progress: 70 }, { 'If-Match': etag2 })).status).toBe(403);
  });
});

describe('coordinators', () => {
  it('edit within strategies they co-coordinate, not elsewhere', async () => {
    const etag = (await t.as('coord-ar').get('/api/v1/milestones/ca-crm-2017.m03')).headers.get('ETag')!;
    expect((await t.as('coord-ar').patch('/api/v1/milestones/ca-crm-2017.m03', { note: 'x' }, { 'If-Match': etag })).status).toBe(403);
    const plan = await t.as('coord-ar').post('/api/v1/strategies/ams-rm/plans', { title: 'Operation plan 2027', period: { start: '2027-01-01', end: '2027-12-31' }, budget: { amount: '1000000', currency: 'JPY' } });
    expect(plan.status).toBe(201);
    expect(plan.body.coordinatorIds).toEqual(['AR', 'PE']);
    expect((await t.as('coord-ar').post('/api/v1/strategies/ca-crm/plans', { title: 'x', period: { start: '2027-01-01', end: '2027-12-31' } })).status).toBe(403);
  });

  it('are managed by the admin, with the history kept', async () => {
    const etag0 = (await t.as('admin').get('/api/v1/strategies/ca-crm')).headers.get('ETag')!;
    const added = await t.as('admin').post('/api/v1/strategies/ca-crm/coordinators', { administrationId: 'MX', since: '2026-01-15' });
    expect(added.status).toBe(201);
    expect((await t.as('admin').post('/api/v1/strategies/ca-crm/coordinators', { administrationId: 'MX' })).status).toBe(409);
    expect((await t.as('admin').post('/api/v1/strategies/ca-crm/coordinators', { administrationId: 'ZZ' })).status).toBe(400);
    expect((await t.as('coord-pe').post('/api/v1/strategies/ca-crm/coordinators', { administrationId: 'PE' })).status).toBe(403);
    // Its version moved: the old ETag is stale.
    expect((await t.as('admin').delete('/api/v1/strategies/ca-crm/coordinators/MX', { 'If-Match': etag0 })).status).toBe(412);
    const list = await t.as('admin').get('/api/v1/strategies/ca-crm/coordinators');
    expect(list.body.coordinatorIds).toEqual(['CR', 'GT', 'MX']);
    const removed = await t.as('admin').delete('/api/v1/strategies/ca-crm/coordinators/MX', { 'If-Match': list.headers.get('ETag')! });
    expect(removed.status).toBe(200);
    const after = await t.as('admin').get('/api/v1/strategies/ca-crm/coordinators');
    expect(after.body.coordinatorIds).toEqual(['CR', 'GT']);
    const mx = after.body.items.find((c: { administrationId: string }) => c.administrationId === 'MX');
    expect(mx).toMatchObject({ active: false, since: '2026-01-15', removedBy: 'admin' });
    expect(mx.until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The plans' permission copy followed: MX's coordinator no longer co-coordinates ca-crm-2017.
    expect((await t.as('admin').get('/api/v1/plans/ca-crm-2017')).body.coordinatorIds).toEqual(['CR', 'GT']);
  });
});

describe('Directors General', () => {
  it('read the plans their administration takes part in', async () => {
    expect(ids(await t.as('dg-gt').get('/api/v1/strategies/ca-crm/plans'))).toEqual(['ca-crm-2017']);
    expect(ids(await t.as('dg-gt').get('/api/v1/strategies/ams-rm/plans'))).toEqual(['ams-rm-current']);
    expect((await t.as('dg-gt').get('/api/v1/plans/ams-rm-2014')).status).toBe(403);
    expect((await t.as('dg-pe').get('/api/v1/plans/ams-rm-2014')).status).toBe(200);
  });
});

describe('pagination', () => {
  it('walks a list page by page without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.items.map((m) => m.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.length).toBeGreaterThanOrEqual(11);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('uses 25 by default', async () => {
    // The demo has 20 people: add 6 so there are more than one default page.
    for (let i = 1; i <= 6; i++) {
      const added = await t.as('admin').post('/api/v1/people', { id: `focal-pe-${i}`, name: `Focal point ${i}`, email: `focal-pe-${i}@example.org`, role: 'focal_point', administrationId: 'PE' });
      expect(added.status).toBe(201);
    }
    const res = await t.as('admin').get('/api/v1/people');
    expect(res.body.items).toHaveLength(25);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('refuses a cursor from another list', async () => {
    const other = await t.as('admin').get('/api/v1/plans/ams-rm-current/milestones?limit=2');
    const res = await t.as('admin').get(`/api/v1/plans/toa-rm-2023/milestones?cursor=${other.body.nextCursor}`);
    expect(res.status).toBe(400);
  });
});

describe('transport', () => {
  it('allows cross-origin calls only from configured origins', async () => {
    const allowed = await t.app.request('/api/v1/strategies', { method: 'OPTIONS', headers: { Origin: 'https://tracker.example.org', 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'authorization,if-match,content-type' } });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://tracker.example.org');
    expect(allowed.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('if-match');
    const refused = await t.app.request('/api/v1/strategies', { method: 'OPTIONS', headers: { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'GET' } });
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('sends security headers and a request id', async () => {
    const res = await t.as('admin').get('/api/v1/me');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age');
    expect(res.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
