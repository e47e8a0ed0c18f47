/** Anything a client can send gets a clear 4xx problem naming the field, and nothing is written. */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type Call } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
let etag: string;
const milestone = '/api/v1/milestones/ams-rm-current.m05';

beforeAll(async () => {
  t = await demoApp();
  etag = (await t.as('coord-pe').get(milestone)).headers.get('ETag')!;
});

function expectProblem(res: Call, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  expect(res.body).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^\/problems\//) });
  if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

async function expectUnchanged() {
  const now = await t.as('coord-pe').get(milestone);
  expect(now.headers.get('ETag')).toBe(etag);
  const history = await t.as('coord-pe').get(`${milestone}/history`);
  expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['created']);
}

describe('milestone updates with bad input', () => {
  const cases: [string, unknown, string][] = [
    ['progress above 100', { progress: 101 }, 'progress'],
    ['negative progress', { progress: -1 }, 'progress'],
    ['fractional progress', { progress: 50.5 }, 'progress'],
    ['progress as a string', { progress: '50' }, 'progress'],
    ['an unknown status', { status: 'finished' }, 'status'],
    ['an impossible date', { dueDate: '2026-02-30' }, 'dueDate'],
    ['a date in another format', { dueDate: '12/01/2026' }, 'dueDate'],
    ['an unknown field', { progress: 10, colour: 'red' }, 'colour'],
    ['a non-http evidence link', { evidence: [{ url: 'javascript:alert(1)' }] }, 'evidence.0.url'],
    ['done without full progress', { status: 'done', progress: 60 }, 'progress'],
    ['an owner that is not an ISO country', { ownerAdministrationId: 'Peru' }, 'ownerAdministrationId'],
    ['an empty body', {}, 'body'],
  ];
  for (const [what, body, field] of cases) {
    it(`refuses ${what} (400, field ${field})`, async () => {
      expectProblem(await t.as('coord-pe').patch(milestone, body, { 'If-Match': etag }), 400, field);
      await expectUnchanged();
    });
  }

  it('names each unknown field apart (found by the property test: two were reported as one path "a.b")', async () => {
    const res = await t.as('coord-pe').patch(milestone, { progress: 10, colour: 'red', size: 'big' }, { 'If-Match': etag });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'size']);
    await expectUnchanged();
  });

  it('refuses malformed JSON', async () => {
    const res = await t.as('coord-pe').send('PATCH', milestone, { raw: '{"progress": 5', headers: { 'Content-Type': 'application/json', 'If-Match': etag } });
    expectProblem(res, 400, 'body');
    await expectUnchanged();
  });

  it('refuses a JSON array or null body', async () => {
    for (const raw of ['[1,2]', 'null', '"x"']) {
      const res = await t.as('coord-pe').send('PATCH', milestone, { raw, headers: { 'Content-Type': 'application/json', 'If-Match': etag } });
      expect(res.status).toBe(400);
    }
    await expectUnchanged();
  });

  it('refuses a body that is not JSON (415)', async () => {
    const res = await t.as('coord-pe').send('PATCH', milestone, { raw: 'progress=5', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'If-Match': etag } });
    expectProblem(res, 415);
    await expectUnchanged();
  });

  it('refuses bodies over 64 KB (413)', async () => {
    const res = await t.as('coord-pe').patch(milestone, { note: 'x'.repeat(70_000) }, { 'If-Match': etag });
    expectProblem(res, 413);
    await expectUnchanged();
  });

  it('refuses an If-Match that is not an ETag (400) and a stale one (412)', async () => {
    expectProblem(await t.as('coord-pe').patch(milestone, { progress: 5 }, { 'If-Match': 'yesterday' }), 400, 'If-Match');
    expectProblem(await t.as('coord-pe').patch(milestone, { progress: 5 }, { 'If-Match': '"999"' }), 412);
    await expectUnchanged();
  });

  it('answers unknown ids with 404', async () => {
    expectProblem(await t.as('coord-pe').get('/api/v1/milestones/ams-rm-current.nope'), 404);
    expectProblem(await t.as('coord-pe').get('/api/v1/milestones/not-a-milestone-id'), 404);
    expectProblem(await t.as('coord-pe').get('/api/v1/plans/no-such-plan'), 404);
    expectProblem(await t.as('coord-pe').get('/api/v1/strategies/no-such/coordinators'), 404);
    expectProblem(await t.as('coord-pe').patch('/api/v1/milestones/ams-rm-current.nope', { progress: 5 }, { 'If-Match': '"1"' }), 404);
    expectProblem(await t.as('coord-pe').get('/api/v1/no-such-route'), 404);
  });
});

describe('contributions with bad money', () => {
  const plan = '/api/v1/plans/ams-rm-current/contributions';
  const valid = { donorId: 'idb', kind: 'financial', description: 'Training', amount: '1000.00', currency: 'USD', stage: 'pledged', stageDates: { pledged: '2026-11-01' } };
  const cases: [string, Record<string, unknown>, string][] = [
    ['a negative amount', { amount: '-5.00' }, 'amount'],
    ['a float-formatted amount', { amount: '1e3' }, 'amount'],
    ['an amount as a JSON number', { amount: 1000.5 }, 'amount'],
    ['grouping separators', { amount: '1,000.00' }, 'amount'],
    ['too many decimals for USD', { amount: '10.001' }, 'amount'],
    ['decimals for JPY', { amount: '100.5', currency: 'JPY' }, 'amount'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency'],
    ['a lowercase currency', { currency: 'usd' }, 'currency'],
    ['a financial contribution without amount', { amount: undefined }, 'amount'],
    ['an unknown donor', { donorId: 'nobody' }, 'donorId'],
    ['a stage without its date', { stage: 'committed' }, 'stageDates.committed'],
    ['stage dates out of order', { stage: 'committed', stageDates: { pledged: '2026-11-01', committed: '2026-10-01' } }, 'stageDates.committed'],
    ['a milestone of another plan', { milestoneId: 'ams-rm-2014.m01' }, 'milestoneId'],
    ['an unknown kind', { kind: 'loan' }, 'kind'],
  ];
  for (const [what, change, field] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await t.as('coord-pe').get(plan);
      const res = await t.as('coord-pe').post(plan, { ...valid, ...change });
      expectProblem(res, 400, field);
      const after = await t.as('coord-pe').get(plan);
      expect(after.body.items).toHaveLength(before.body.items.length);
    });
  }

  it('accepts the valid one, exact to the cent, and rolls it up without floats', async () => {
    const res = await t.as('coord-pe').post(plan, { ...valid, amount: '0.10' });
    expect(res.status).toBe(201);
    await t.as('coord-pe').post(plan, { ...valid, amount: '0.20' });
    const progress = await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/progress');
    const usd = progress.body.funding.find((f: { currency: string }) => f.currency === 'USD');
    // 50,000.00 pledged by IDB in the demo + 0.10 + 0.20 (0.1 + 0.2 would be 0.30000000000000004 in floats)
    expect(usd.pledged).toBe('50000.30');
  });
});

describe('other inputs', () => {
  it('refuses bad paging parameters', async () => {
    expectProblem(await t.as('admin').get('/api/v1/strategies?limit=0'), 400, 'limit');
    expectProblem(await t.as('admin').get('/api/v1/strategies?limit=101'), 400, 'limit');
    expectProblem(await t.as('admin').get('/api/v1/strategies?limit=ten'), 400, 'limit');
    expectProblem(await t.as('admin').get('/api/v1/strategies?cursor=not-a-cursor'), 400, 'cursor');
    const foreign = Buffer.from(JSON.stringify({ gsi1pk: 'DONORS', gsi1sk: 'jica', pk: 'DONOR#jica', sk: 'DONOR' })).toString('base64url');
    expectProblem(await t.as('admin').get(`/api/v1/strategies?cursor=${foreign}`), 400, 'cursor');
  });

  it('refuses an administration with a bad country, language or time zone', async () => {
    const body = { id: 'CL', name: 'Chile Customs', language: 'es', timeZone: 'America/Santiago', directorGeneral: { name: 'Test', email: 'dg-cl@example.org' } };
    expectProblem(await t.as('admin').post('/api/v1/administrations', { ...body, id: 'XX' }), 400, 'id');
    expectProblem(await t.as('admin').post('/api/v1/administrations', { ...body, language: 'de' }), 400, 'language');
    expectProblem(await t.as('admin').post('/api/v1/administrations', { ...body, timeZone: 'Mars/Olympus' }), 400, 'timeZone');
    expectProblem(await t.as('admin').post('/api/v1/administrations', { ...body, directorGeneral: { name: 'x', email: 'not-an-email' } }), 400, 'directorGeneral.email');
    expectProblem(await t.as('admin').post('/api/v1/administrations', { ...body, id: 'PE' }), 409);
    expect((await t.as('admin').post('/api/v1/administrations', body)).status).toBe(201);
  });

  it('refuses a plan whose period ends before it starts, or with a float budget', async () => {
    const body = { title: 'Plan', period: { start: '2027-01-01', end: '2026-01-01' } };
    expectProblem(await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', body), 400, 'period.end');
    expectProblem(await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { ...body, period: { start: '2026-01-01', end: '2027-01-01' }, budget: { amount: 100.5, currency: 'USD' } }), 400, 'budget.amount');
  });

  it('refuses a person whose affiliation does not fit the role', async () => {
    expectProblem(await t.as('admin').post('/api/v1/people', { id: 'x1', name: 'X', email: 'x1@example.org', role: 'focal_point' }), 400, 'administrationId');
    expectProblem(await t.as('admin').post('/api/v1/people', { id: 'x2', name: 'X', email: 'x2@example.org', role: 'donor', donorId: 'nobody' }), 400, 'donorId');
  });
});
