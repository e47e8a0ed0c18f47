/**
 * Exchange rates through the API (record, correct, history; bad input, stale versions, the policy)
 * and the funding gap across currencies they make possible, against DynamoDB Local.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

const body = { from: 'EUR', to: 'USD', rate: '1.0812', date: '2026-01-05', source: 'ECB reference rate, 5 January 2026' };

describe('recording exchange rates', () => {
  it('the secretariat records a rate (one per pair and day), reads it with its ETag, corrects it with If-Match, and the history tells who', async () => {
    const created = await t.as('admin').post('/api/v1/exchange-rates', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'eur-usd-2026-01-05', ...body, recordedBy: 'admin', version: 1 });
    expect(created.headers.get('Location')).toBe('/api/v1/exchange-rates/eur-usd-2026-01-05');
    expect((await t.as('admin').post('/api/v1/exchange-rates', body)).status).toBe(409);

    const read = await t.as('donor-jica').get('/api/v1/exchange-rates/eur-usd-2026-01-05');
    expect(read.status).toBe(200);
    expect(read.headers.get('ETag')).toBe('"1"');
    const list = await t.as('focal-gt').get('/api/v1/exchange-rates?limit=100');
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain('eur-usd-2026-01-05');

    const changed = await t.as('admin').patch('/api/v1/exchange-rates/eur-usd-2026-01-05', { rate: '1.0813' }, { 'If-Match': '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ rate: '1.0813', version: 2 });
    const history = await t.as('admin').get('/api/v1/exchange-rates/eur-usd-2026-01-05/history');
    expect(history.body.items.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([['updated', 'admin'], ['created', 'admin']]);
    expect(history.body.items[0].changes).toEqual(expect.arrayContaining([{ field: 'rate', before: '1.0812', after: '1.0813' }]));
  });

  it('refuses bad input with the field that is wrong, and records nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...body, date: '2026-02-01', rate: '-1' }, 'rate'],
      [{ ...body, date: '2026-02-01', rate: '1e3' }, 'rate'],
      [{ ...body, date: '2026-02-01', rate: '0' }, 'rate'],
      [{ ...body, date: '2026-02-01', rate: 1.08 }, 'rate'],
      [{ ...body, date: '2026-02-01', to: 'EUR' }, 'to'],
      [{ ...body, date: '2026-02-01', from: 'XYZ' }, 'from'],
      [{ ...body, date: '2026-02-30' }, 'date'],
      [{ ...body, date: '2026-02-01', source: '' }, 'source'],
      [{ ...body, date: '2026-02-01', extra: true }, 'extra'],
    ];
    for (const [input, field] of cases) {
      const res = await t.as('admin').post('/api/v1/exchange-rates', input);
      expect(res.status, JSON.stringify(input)).toBe(400);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await t.as('admin').get('/api/v1/exchange-rates/eur-usd-2026-02-01')).status).toBe(404);
    const bad = await t.as('admin').patch('/api/v1/exchange-rates/eur-usd-2026-01-05', { rate: 'abc' }, { 'If-Match': '"2"' });
    expect(bad.status).toBe(400);
    expect((await t.as('admin').get('/api/v1/exchange-rates/eur-usd-2026-01-05')).body.rate).toBe('1.0813');
  });

  it('refuses a stale or missing If-Match and changes nothing', async () => {
    const stale = await t.as('admin').patch('/api/v1/exchange-rates/eur-usd-2026-01-05', { rate: '2' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await t.as('admin').patch('/api/v1/exchange-rates/eur-usd-2026-01-05', { rate: '2' })).status).toBe(428);
    expect((await t.as('admin').get('/api/v1/exchange-rates/eur-usd-2026-01-05')).body).toMatchObject({ rate: '1.0813', version: 2 });
  });

  it('lets only the secretariat record or correct rates', async () => {
    for (const who of ['coord-pe', 'focal-gt', 'donor-jica', 'dg-pe']) {
      expect((await t.as(who).post('/api/v1/exchange-rates', { ...body, date: '2026-03-01' })).status, who).toBe(403);
      expect((await t.as(who).patch('/api/v1/exchange-rates/eur-usd-2026-01-05', { rate: '3' }, { 'If-Match': '"2"' })).status, who).toBe(403);
    }
    expect((await t.as('admin').get('/api/v1/exchange-rates/eur-usd-2026-03-01')).status).toBe(404);
    expect((await t.as('admin').get('/api/v1/exchange-rates/eur-usd-2026-01-05')).body.version).toBe(2);
  });
});

describe('the funding gap across currencies', () => {
  it('converts the demo plan\'s JPY and ARS at the recorded rates in force on their stage dates: the gap is no longer US$90,000', async () => {
    const res = await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/progress');
    expect(res.status).toBe(200);
    // USD 120,000 committed + 40,000 spent + JPY 4,500,000 disbursed at 0.00664 = 29,880.00; pledged USD 50,000 + ARS 2,000,000 at 0.00069 = 1,380.00.
    expect(res.body.gap).toEqual([{
      currency: 'USD', budget: '250000.00', secured: '189880.00', pledged: '51380.00', gap: '60120.00',
      byStage: { pledged: '51380.00', committed: '120000.00', disbursed: '29880.00', spent: '40000.00' },
      notConverted: [],
    }]);
    expect(res.body.ratesUsed).toEqual([
      expect.objectContaining({ basis: 'recorded', from: 'ARS', to: 'USD', rate: '0.00069', contributions: 1 }),
      expect.objectContaining({ basis: 'recorded', from: 'JPY', to: 'USD', rate: '0.00664', contributions: 1 }),
    ]);
  });

  it('reads the rates with one Query into the budget currency, and none for a plan whose contributions are all in its budget currency', async () => {
    t.tables.counter.reset();
    expect((await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/progress')).status).toBe(200);
    // The plan and the revision of the rates into USD (one BatchGetItem: its collection is cached in
    // this container), and the rates into USD (one Query) until this container keeps them at that revision.
    expect([...t.tables.counter.commands].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
    t.tables.counter.reset();
    expect((await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/progress')).status).toBe(200);
    expect([...t.tables.counter.commands]).toEqual(['BatchGetItemCommand']);
    t.tables.counter.reset();
    expect((await t.as('coord-pe').get('/api/v1/plans/toa-rm-2023/progress')).status).toBe(200);
    t.tables.counter.reset();
    // JPY budget, JPY contributions: the cached collection's plan GetItem only, no rates read.
    expect((await t.as('coord-pe').get('/api/v1/plans/toa-rm-2023/progress')).status).toBe(200);
    expect([...t.tables.counter.commands]).toEqual(['GetItemCommand']);
  });

  it('uses a contribution\'s agreed rate before any recorded one; an agreed rate must be into the budget currency', async () => {
    const path = '/api/v1/contributions/ams-rm-current.c05';
    const before = await t.as('admin').get(path);
    const wrong = await t.as('admin').patch(path, { agreedRate: { rate: '0.0007', currency: 'EUR' } }, { 'If-Match': before.headers.get('ETag')! });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['agreedRate.currency']);
    const same = await t.as('admin').patch(path, { agreedRate: { rate: '1', currency: 'ARS' } }, { 'If-Match': before.headers.get('ETag')! });
    expect(same.status).toBe(400);
    const badRate = await t.as('admin').patch(path, { agreedRate: { rate: '0,0007', currency: 'USD' } }, { 'If-Match': before.headers.get('ETag')! });
    expect(badRate.body.errors.map((e: { field: string }) => e.field)).toEqual(['agreedRate.rate']);
    expect((await t.as('admin').get(path)).body.version).toBe(before.body.version);

    const agreed = await t.as('admin').patch(path, { agreedRate: { rate: '0.0007', currency: 'USD' } }, { 'If-Match': before.headers.get('ETag')! });
    expect(agreed.status).toBe(200);
    const progress = await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/progress');
    expect(progress.body.gap[0].pledged).toBe('51400.00'); // ARS 2,000,000 at the agreed 0.0007 = 1,400.00
    expect(progress.body.ratesUsed).toEqual(expect.arrayContaining([{ basis: 'agreed', from: 'ARS', to: 'USD', rate: '0.0007', contributions: 1 }]));
    // A stale write of the agreed rate changes nothing.
    expect((await t.as('admin').patch(path, { agreedRate: null }, { 'If-Match': before.headers.get('ETag')! })).status).toBe(412);
    expect((await t.as('admin').patch(path, { agreedRate: null }, { 'If-Match': agreed.headers.get('ETag')! })).status).toBe(200);
  });

  it('shows a contribution with no rate apart, not counted 1:1 and not dropped', async () => {
    const res = await t.as('admin').post('/api/v1/plans/ams-rm-current/contributions', {
      donorId: 'idb', kind: 'financial', description: 'Regional workshop venue', amount: '15000.00', currency: 'BRL', stage: 'pledged', stageDates: { pledged: '2026-01-10' },
    });
    expect(res.status).toBe(201);
    const progress = await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/progress');
    expect(progress.body.gap[0]).toMatchObject({ pledged: '51380.00', gap: '60120.00', notConverted: [{ currency: 'BRL', secured: '0.00', pledged: '15000.00', count: 1 }] });
    expect(progress.body.funding.map((f: { currency: string }) => f.currency)).toContain('BRL');
  });

  it('strategy progress converts each plan into its own budget currency', async () => {
    const res = await t.as('admin').get('/api/v1/strategies/ams-rm/progress');
    expect(res.status).toBe(200);
    const usd = res.body.gap.find((g: { currency: string }) => g.currency === 'USD');
    // The 2014 plan (USD 180,000; ARS 350,000 spent at 0.1235 = 43,225.00) and the current plan.
    expect(usd).toMatchObject({ budget: '430000.00', secured: String((189880 + 43225).toFixed(2)) });
  });
});
