/**
 * The results reminder settings through the API (PATCH /strategies/{id} with `reminders`): the
 * co-coordinators and the secretariat set the days before a period closes and the review wait; bad
 * input gets a problem naming the field, a stale or missing If-Match changes nothing, and nobody else
 * may change them (another strategy's coordinator, a focal point, a Director General, a donor).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type Call } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
const strategy = '/api/v1/strategies/ams-rm';
const milestoneSettings = { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 };

beforeAll(async () => {
  t = await demoApp();
});

const etagOf = async (path = strategy) => (await t.as('admin').get(path)).headers.get('ETag')!;

function expectProblem(res: Call, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('results reminder settings', () => {
  it('start at the defaults (absent), and a co-coordinator sets them', async () => {
    expect((await t.as('coord-pe').get(strategy)).body.reminders).toEqual(milestoneSettings);
    const res = await t.as('coord-pe').patch(strategy, { reminders: { ...milestoneSettings, periodCloseDays: [21, 7], reviewWaitDays: 5 } }, { 'If-Match': await etagOf() });
    expect(res.status).toBe(200);
    expect(res.body.reminders).toEqual({ ...milestoneSettings, periodCloseDays: [21, 7], reviewWaitDays: 5 });
  });

  it('refuse bad input with the field, and change nothing', async () => {
    const etag = await etagOf();
    const cases: [unknown, string][] = [
      [{ ...milestoneSettings, reviewWaitDays: 0 }, 'reminders.reviewWaitDays'],
      [{ ...milestoneSettings, reviewWaitDays: 2.5 }, 'reminders.reviewWaitDays'],
      [{ ...milestoneSettings, reviewWaitDays: '7' }, 'reminders.reviewWaitDays'],
      [{ ...milestoneSettings, periodCloseDays: [] }, 'reminders.periodCloseDays'],
      [{ ...milestoneSettings, periodCloseDays: [3, 3] }, 'reminders.periodCloseDays'],
      [{ ...milestoneSettings, periodCloseDays: [400] }, 'reminders.periodCloseDays.0'],
      [{ ...milestoneSettings, periodCloseDays: [1, 2, 3, 4, 5, 6, 7] }, 'reminders.periodCloseDays'],
    ];
    for (const [reminders, field] of cases) expectProblem(await t.as('coord-pe').patch(strategy, { reminders }, { 'If-Match': etag }), 400, field);
    expect(await etagOf()).toBe(etag);
  });

  it('refuse a stale or missing version', async () => {
    const etag = await etagOf();
    const stale = `"${Number(etag.replace(/\D/g, '')) - 1}"`;
    expectProblem(await t.as('coord-pe').patch(strategy, { reminders: { ...milestoneSettings, reviewWaitDays: 9 } }, { 'If-Match': stale }), 412);
    expectProblem(await t.as('coord-pe').patch(strategy, { reminders: { ...milestoneSettings, reviewWaitDays: 9 } }), 428);
    expect((await t.as('admin').get(strategy)).body.reminders.reviewWaitDays).toBe(5);
    expect(await etagOf()).toBe(etag);
  });

  it('let only the secretariat and the strategy\'s co-coordinators change them', async () => {
    const other = '/api/v1/strategies/ca-crm';
    const otherEtag = await etagOf(other);
    expectProblem(await t.as('coord-pe').patch(other, { reminders: { ...milestoneSettings, reviewWaitDays: 3 } }, { 'If-Match': otherEtag }), 403);
    const etag = await etagOf();
    for (const person of ['focal-gt', 'dg-pe', 'donor-jica']) {
      expectProblem(await t.as(person).patch(strategy, { reminders: { ...milestoneSettings, reviewWaitDays: 3 } }, { 'If-Match': etag }), 403);
    }
    expect(await etagOf()).toBe(etag);
    expect(await etagOf(other)).toBe(otherEtag);
    const res = await t.as('admin').patch(other, { reminders: { ...milestoneSettings, reviewWaitDays: 3 } }, { 'If-Match': otherEtag });
    expect(res.status).toBe(200);
    expect(res.body.reminders.reviewWaitDays).toBe(3);
  });
});
