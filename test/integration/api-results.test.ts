/**
 * The results API over HTTP: a framework defined by a co-coordinator, a value submitted, returned
 * with a reason, resubmitted and approved, with ETags; every refusal and bad input a problem+json
 * with the field that was wrong; the strategy matrix and the review queue.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../shared/domain/dates.ts';
import { demoApp } from '../support/api.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const today = localDate(NOW, 'UTC');
let api: Awaited<ReturnType<typeof demoApp>>;
const PLAN = 'ams-rm-current';
let indicator: string;
let period: string;

beforeAll(async () => {
  api = await demoApp(NOW);
  const coord = api.as('coord-pe');
  const result = await coord.post(`/api/v1/plans/${PLAN}/results`, { id: 'api-outcome', type: '2', title: 'Risk-based selection in place' });
  expect(result.status).toBe(201);
  expect(result.headers.get('ETag')).toBe('"1"');
  const p = await coord.post(`/api/v1/plans/${PLAN}/reporting-periods`, { id: 'api-h2', label: 'API half-year', start: addDays(today, -30), end: addDays(today, 30) });
  expect(p.status).toBe(201);
  period = p.body.id;
  const i = await coord.post(`/api/v1/plans/${PLAN}/indicators`, {
    id: 'api-selected', resultId: result.body.id, title: 'Declarations selected for control by risk profiles', measure: '2', ascending: false, aggregation: 'mean',
    baseline: { value: '45', date: addDays(today, -365) },
  });
  expect(i.status, JSON.stringify(i.body)).toBe(201);
  indicator = i.body.id;
  const targets = await coord.send('PUT', `/api/v1/indicators/${indicator}/targets`, { body: { targets: { [period]: { region: '30' } } }, headers: { 'If-Match': '"1"' } });
  expect(targets.status).toBe(200);
  expect(targets.body.targets[period]).toEqual({ region: '30' });
});

const problem = (call: { status: number; headers: Headers; body: any }, status: number) => {
  expect(call.status, JSON.stringify(call.body)).toBe(status);
  expect(call.headers.get('Content-Type')).toBe('application/problem+json');
  return call.body;
};

describe('the results API', () => {
  it('takes a value through submit, return with a reason, resubmit and approve', async () => {
    const focal = api.as('focal-gt');
    const created = await focal.post('/api/v1/submissions', { indicatorId: indicator, periodId: period, administrationId: 'GT', value: '38.5', note: 'From the customs IT system, June to November.' });
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe(`/api/v1/submissions/${created.body.id}`);
    const id = created.body.id;

    const queue = await api.as('coord-ar').get('/api/v1/strategies/ams-rm/reviews');
    expect(queue.body.items.map((s: { id: string }) => s.id)).toContain(id);
    expect((await api.as('focal-gt').get('/api/v1/strategies/ams-rm/reviews')).status).toBe(403);

    expect(problem(await api.as('coord-ar').post(`/api/v1/submissions/${id}/return`, { reason: 'Give the months counted.' }), 428).type).toBe('/problems/precondition-required');
    expect(problem(await api.as('coord-ar').post(`/api/v1/submissions/${id}/return`, { reason: '' }, { 'If-Match': '"1"' }), 400).errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const returned = await api.as('coord-ar').post(`/api/v1/submissions/${id}/return`, { reason: 'Say which months the share covers.' }, { 'If-Match': '"1"' });
    expect(returned.status).toBe(200);
    expect(returned.headers.get('ETag')).toBe('"2"');

    expect(problem(await focal.patch(`/api/v1/submissions/${id}`, { value: '38.5', note: 'June-November.' }, { 'If-Match': '"1"' }), 412).type).toBe('/problems/stale-version');
    expect(problem(await focal.patch(`/api/v1/submissions/${id}`, { value: '138' }, { 'If-Match': '"2"' }), 400).errors[0].field).toBe('value');
    const resubmitted = await focal.patch(`/api/v1/submissions/${id}`, { note: 'June to November 2026.' }, { 'If-Match': '"2"' });
    expect(resubmitted.body).toMatchObject({ state: 'submitted', value: '38.5', version: 3 });

    expect(problem(await api.as('focal-gt').post(`/api/v1/submissions/${id}/approve`, undefined, { 'If-Match': '"3"' }), 403).type).toBe('/problems/forbidden');
    const approved = await api.as('coord-pe').post(`/api/v1/submissions/${id}/approve`, undefined, { 'If-Match': '"3"' });
    expect(approved.body.state).toBe('approved');
    expect(problem(await focal.patch(`/api/v1/submissions/${id}`, { value: '30' }, { 'If-Match': '"4"' }), 409).type).toBe('/problems/conflict');

    const history = await focal.get(`/api/v1/submissions/${id}/history`);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['approved', 'resubmitted', 'returned', 'submitted']);
    expect(history.body.items[2].changes).toContainEqual({ field: 'reason', before: null, after: 'Say which months the share covers.' });
  });

  it('refuses bad input with the field, and unknown fields, changing nothing', async () => {
    const before = (await api.store.results.framework(PLAN)).submissions.length;
    const focal = api.as('focal-gt');
    const cases: [unknown, string][] = [
      [{ indicatorId: indicator, periodId: period, administrationId: 'GT', value: 38.5 }, 'value'],
      [{ indicatorId: indicator, periodId: period, administrationId: 'GT', value: '101' }, 'value'],
      [{ indicatorId: indicator, periodId: period, administrationId: 'gt', value: '1' }, 'administrationId'],
      [{ indicatorId: indicator, periodId: period, administrationId: 'GT', value: '1', approved: true }, 'approved'],
      [{ indicatorId: 'nothing', periodId: period, administrationId: 'GT', value: '1' }, 'indicatorId'],
    ];
    for (const [body, field] of cases) {
      const p = problem(await focal.post('/api/v1/submissions', body), 400);
      expect(p.errors.map((e: { field: string }) => e.field), field).toContain(field);
    }
    expect(problem(await focal.post('/api/v1/submissions', { indicatorId: indicator, periodId: period, administrationId: 'PE', value: '1' }), 403).type).toBe('/problems/forbidden');
    expect(problem(await focal.post(`/api/v1/plans/${PLAN}/indicators`, { resultId: `${PLAN}.api-outcome`, title: 'x', measure: '1' }), 403).type).toBe('/problems/forbidden');
    expect(problem(await api.as('coord-pe').patch(`/api/v1/indicators/${indicator}`, { aggregation: 'sum' }, { 'If-Match': '"2"' }), 400).errors[0].field).toBe('aggregation');
    expect((await api.store.results.framework(PLAN)).submissions.length).toBe(before);
  });

  it('gives a donor the plan\'s indicators and approved values, and the strategy matrix', async () => {
    await api.as('focal-gt').post('/api/v1/submissions', { indicatorId: indicator, periodId: period, administrationId: 'GT', value: '20' });
    const plan = await api.as('donor-jica').get(`/api/v1/plans/${PLAN}/results`);
    expect(plan.status).toBe(200);
    expect(plan.body.indicators.map((i: { id: string }) => i.id)).toContain(indicator);
    expect(plan.body.submissions.every((s: { state: string }) => s.state === 'approved')).toBe(true);
    const rollUp = plan.body.rollUps.find((r: { indicatorId: string }) => r.indicatorId === indicator).periods.find((p: { periodId: string }) => p.periodId === period);
    // 38.5 % against a target of 30 % (lower is better), from 45 %: short of three quarters of the way.
    expect(rollUp).toMatchObject({ figure: '38.5', target: '30', status: 'off_track', reported: 1 });
    expect((await api.as('donor-captac').get('/api/v1/plans/ams-rm-2014/results')).status).toBe(403);

    const matrix = await api.as('dg-gt').get('/api/v1/strategies/ams-rm/results');
    const row = matrix.body.rows.find((r: { indicator: { id: string } }) => r.indicator.id === indicator);
    expect(row.cells.GT).toMatchObject({ figure: '38.5', status: 'off_track' });
    expect((await api.as('dg-gt').get('/api/v1/strategies/nothing/results')).status).toBe(404);
  });

  it('deletes a result, an indicator or a period only with If-Match, refusing with a problem when approved values would be lost', async () => {
    const coord = api.as('coord-pe');
    const r = await coord.post(`/api/v1/plans/${PLAN}/results`, { id: 'api-doomed', type: '1', title: 'Officers trained' });
    const i = await coord.post(`/api/v1/plans/${PLAN}/indicators`, { id: 'api-doomed-count', resultId: r.body.id, title: 'Officers trained', measure: '1' });
    expect(problem(await coord.delete(`/api/v1/indicators/${i.body.id}`), 428).type).toBe('/problems/precondition-required');
    expect(problem(await coord.delete(`/api/v1/indicators/${i.body.id}`, { 'If-Match': 'one' }), 400).errors[0].field).toBe('If-Match');
    expect(problem(await coord.delete(`/api/v1/indicators/${i.body.id}`, { 'If-Match': '"2"' }), 412).type).toBe('/problems/stale-version');
    expect(problem(await api.as('focal-gt').delete(`/api/v1/indicators/${i.body.id}`, { 'If-Match': '"1"' }), 403).type).toBe('/problems/forbidden');
    expect((await coord.get(`/api/v1/indicators/${i.body.id}`)).status).toBe(200);
    const deleted = await coord.delete(`/api/v1/results/${r.body.id}`, { 'If-Match': '"1"' });
    expect(deleted.status).toBe(204);
    expect(problem(await coord.get(`/api/v1/indicators/${i.body.id}`), 404).type).toBe('/problems/not-found');

    // The shared indicator has an approved value of Guatemala's (the first test): its period stays.
    const refused = problem(await coord.delete(`/api/v1/reporting-periods/${period}`, { 'If-Match': '"1"' }), 409);
    expect(refused.detail).toMatch(/approved value\(s\) would be lost with this reporting period/);
    expect((await coord.get(`/api/v1/reporting-periods/${period}`)).status).toBe(200);
  });

  it('describes every results operation in the OpenAPI document', async () => {
    const doc = (await api.as(null).get('/api/v1/openapi.json')).body;
    for (const path of ['/api/v1/plans/{id}/results', '/api/v1/reporting-periods/{id}', '/api/v1/submissions/{id}/return', '/api/v1/strategies/{id}/results', '/api/v1/indicators/{id}/targets']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(doc.components.schemas.CreateSubmission.additionalProperties).toBe(false);
    for (const path of ['/api/v1/results/{id}', '/api/v1/indicators/{id}', '/api/v1/reporting-periods/{id}']) {
      expect(Object.keys(doc.paths[path].delete.responses), path).toEqual(expect.arrayContaining(['204', '409', '412', '428']));
    }
  });
});

describe('the demo results framework', () => {
  it('has values for several rounds and administrations, some missing, some off track, one returned with its reason', async () => {
    const matrix = (await api.as('dg-pe').get('/api/v1/strategies/ams-rm/results')).body;
    const row = (suffix: string) => matrix.rows.find((r: { indicator: { id: string } }) => r.indicator.id === `${PLAN}.${suffix}`);
    expect(row('rm-unit').regional).toMatchObject({ periodId: `${PLAN}.round-2`, figure: '4', target: '7', status: 'off_track' });
    expect(row('trained').cells.GT).toMatchObject({ periodId: `${PLAN}.round-2`, figure: '4', status: 'off_track' }); // 4 of 10 in the round
    expect(row('selected-share').cells.HT).toBeUndefined(); // Haiti never reported it
    expect(row('selected-share').cells.GT).toMatchObject({ periodId: `${PLAN}.round-1`, figure: '54' }); // round 2 was returned
    const statuses = new Set(matrix.rows.flatMap((r: { cells: Record<string, { status: string }> }) => Object.values(r.cells).map((c) => c.status)));
    expect([...statuses]).toEqual(expect.arrayContaining(['met', 'off_track']));
    const mine = (await api.as('focal-gt').get(`/api/v1/plans/${PLAN}/results`)).body;
    expect(mine.submissions.find((s: { state: string; administrationId: string }) => s.state === 'returned' && s.administrationId === 'GT').reason).toMatch(/whole round/);
    const waiting = (await api.as('coord-pe').get('/api/v1/strategies/ams-rm/reviews')).body.items;
    expect(waiting.length).toBeGreaterThanOrEqual(4);
  });
});
