/**
 * Deleting a plan and adding to it at the same time (issue 10, item 1): never both. Either the plan
 * is deleted and the addition fails (404), or the addition lands and the delete is refused (409).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

describe('a plan deleted while a milestone or contribution is added', () => {
  it('never ends with children of a deleted plan (25 tries of each kind, concurrently)', async () => {
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 25; i++) {
      const id = `race-${i}`;
      const created = await t.as('admin').post('/api/v1/strategies/ams-rm/plans', { id, title: `Race ${i}`, period: { start: '2027-01-01', end: '2027-12-31' } });
      expect(created.status).toBe(201);
      const add = i % 2
        ? t.as('admin').post(`/api/v1/plans/${id}/milestones`, { title: 'Added in the race', ownerAdministrationId: 'GT', dueDate: '2027-06-01' })
        : t.as('admin').post(`/api/v1/plans/${id}/contributions`, { donorId: 'jica', kind: 'in_kind', description: 'Added in the race', stageDates: { pledged: '2026-11-01' } });
      const [deleted, added] = await Promise.all([t.as('admin').delete(`/api/v1/plans/${id}`, { 'If-Match': created.headers.get('ETag')! }), add]);
      outcomes.set(`${deleted.status}/${added.status}`, (outcomes.get(`${deleted.status}/${added.status}`) ?? 0) + 1);
      expect([deleted.status, added.status]).not.toEqual([204, 201]);
      expect([[204, 404], [409, 201], [412, 201]]).toContainEqual([deleted.status, added.status]);
      const plan = await t.store.plans.get(id);
      const children = (await t.store.db.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PLAN#${id}` }, ConsistentRead: true })).filter((item) => item.sk !== '#PLAN');
      // Children only ever under a plan that exists.
      if (!plan) expect(children).toEqual([]);
    }
    expect(outcomes.size).toBeGreaterThan(0);
  }, 120_000);
});
