/** The "done when" walk-through, as a new user would do it, over DynamoDB Local. */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

describe('a coordinator reads the AMS strategy and updates a milestone', () => {
  it('shows the strategy with its two co-coordinators, Peru and Argentina', async () => {
    const strategy = await t.as('coord-pe').get('/api/v1/strategies/ams-rm');
    expect(strategy.status).toBe(200);
    // In the coordinator's language (issue 14): the demo holds the strategy's title in Spanish.
    expect(strategy.body.title).toContain('Gestión de Riesgos');
    expect(strategy.body.coordinatorIds).toEqual(['AR', 'PE']);
    expect(strategy.headers.get('ETag')).toBe(`"${strategy.body.version}"`);

    const coordinators = await t.as('coord-pe').get('/api/v1/strategies/ams-rm/coordinators');
    expect(coordinators.body.items.map((c: { administrationId: string; active: boolean }) => [c.administrationId, c.active])).toEqual([
      ['AR', true],
      ['PE', true],
    ]);
  });

  it('updates a milestone with If-Match and sees the change in its history', async () => {
    const path = '/api/v1/milestones/ams-rm-current.m03';
    const before = await t.as('coord-pe').get(path);
    expect(before.status).toBe(200);
    const etag = before.headers.get('ETag')!;

    const updated = await t.as('coord-pe').patch(path, { progress: 70, note: 'Two of three courses delivered.' }, { 'If-Match': etag });
    expect(updated.status).toBe(200);
    expect(updated.body.progress).toBe(70);
    expect(updated.body.version).toBe(before.body.version + 1);
    expect(updated.headers.get('ETag')).toBe(`"${before.body.version + 1}"`);

    const history = await t.as('coord-pe').get(`${path}/history`);
    expect(history.status).toBe(200);
    const latest = history.body.items[0];
    expect(latest).toMatchObject({ actor: 'coord-pe', action: 'updated', version: before.body.version + 1 });
    expect(latest.changes).toEqual(
      expect.arrayContaining([
        { field: 'progress', before: 40, after: 70 },
        { field: 'note', before: '', after: 'Two of three courses delivered.' },
      ]),
    );
  });

  it('refuses the donor JICA (403) and a stale ETag (412), and changes nothing', async () => {
    const path = '/api/v1/milestones/ams-rm-current.m02';
    const current = await t.as('coord-ar').get(path);

    const asDonor = await t.as('donor-jica').patch(path, { progress: 99 }, { 'If-Match': current.headers.get('ETag')! });
    expect(asDonor.status).toBe(403);
    expect(asDonor.headers.get('Content-Type')).toBe('application/problem+json');
    expect(asDonor.body.type).toBe('/problems/forbidden');

    const first = await t.as('coord-ar').patch(path, { progress: 85 }, { 'If-Match': current.headers.get('ETag')! });
    expect(first.status).toBe(200);
    const stale = await t.as('coord-pe').patch(path, { progress: 10 }, { 'If-Match': current.headers.get('ETag')! });
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe('/problems/stale-version');

    const after = await t.as('coord-pe').get(path);
    expect(after.body.progress).toBe(85);
    const history = await t.as('coord-pe').get(`${path}/history`);
    expect(history.body.items.filter((e: { action: string }) => e.action === 'updated')).toHaveLength(1);
  });

  it('needs If-Match on PATCH and DELETE (428)', async () => {
    const path = '/api/v1/milestones/ams-rm-current.m04';
    const patch = await t.as('coord-pe').patch(path, { progress: 5 });
    expect(patch.status).toBe(428);
    const del = await t.as('coord-pe').delete(path);
    expect(del.status).toBe(428);
    expect((await t.as('coord-pe').get(path)).body.progress).toBe(0);
  });
});

describe('no lost updates', () => {
  it('lets exactly one of two concurrent writers with the same ETag win', async () => {
    const path = '/api/v1/milestones/ams-rm-current.m10';
    const etag = (await t.as('coord-pe').get(path)).headers.get('ETag')!;
    const results = await Promise.all([
      t.as('coord-pe').patch(path, { progress: 30, note: 'from Lima' }, { 'If-Match': etag }),
      t.as('coord-ar').patch(path, { progress: 35, note: 'from Buenos Aires' }, { 'If-Match': etag }),
      t.as('admin').patch(path, { progress: 40, note: 'from the secretariat' }, { 'If-Match': etag }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412]);
    const winner = results.find((r) => r.status === 200)!;
    const now = await t.as('coord-pe').get(path);
    expect(now.body.note).toBe(winner.body.note);
    const history = await t.as('coord-pe').get(`${path}/history`);
    expect(history.body.items.filter((e: { action: string }) => e.action === 'updated')).toHaveLength(1);
  });

  it('keeps the history of a deleted milestone', async () => {
    const created = await t.as('coord-pe').post('/api/v1/plans/ams-rm-current/milestones', { title: 'Temporary', ownerAdministrationId: 'AR', dueDate: '2027-02-01' });
    expect(created.status).toBe(201);
    const path = `/api/v1/milestones/${created.body.id}`;
    expect((await t.as('coord-pe').delete(path, { 'If-Match': created.headers.get('ETag')! })).status).toBe(204);
    expect((await t.as('coord-pe').get(path)).status).toBe(404);
    const history = await t.as('coord-pe').get(`${path}/history`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['deleted', 'created']);
  });
});
