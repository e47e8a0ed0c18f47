/**
 * The id of a deleted plan cannot be used again, because its history is kept: the
 * answer is a 409 that says so, never a 500 (issue 10, item 2).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

describe('re-using the id of something deleted', () => {
  it('a plan: 409 with a clear sentence, and the old history untouched', async () => {
    const body = { id: 'ams-rm-temp', title: 'Temporary plan', period: { start: '2027-01-01', end: '2027-06-30' } };
    const created = await t.as('admin').post('/api/v1/strategies/ams-rm/plans', body);
    expect(created.status).toBe(201);
    expect((await t.as('admin').delete('/api/v1/plans/ams-rm-temp', { 'If-Match': created.headers.get('ETag')! })).status).toBe(204);
    const again = await t.as('admin').post('/api/v1/strategies/ams-rm/plans', body);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('the id ams-rm-temp was used by a plan that was deleted (its history is kept): choose another id');
    expect(again.body.reason).toBe('idUsedBefore');
    expect((await t.as('admin').get('/api/v1/plans/ams-rm-temp')).status).toBe(404);
  });

  it('an id in use: 409 saying it exists', async () => {
    const again = await t.as('admin').post('/api/v1/strategies/ams-rm/plans', { id: 'ams-rm-current', title: 'Twin', period: { start: '2027-01-01', end: '2027-06-30' } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('plan ams-rm-current already exists');
    expect(again.body.reason).toBeUndefined();
  });
});
