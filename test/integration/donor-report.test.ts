/**
 * The donor's report (issue 13) through the API against DynamoDB Local, in the demo world on a fixed
 * day. JICA funds the current plan (USD committed, JPY disbursed: converted at the recorded rate of
 * the disbursement date) and the 2014 plan (in kind). Here the secretariat adds JICA contributions
 * whose stage dates fall on the first and last day of a period and the day after it, an internal
 * JICA contribution, and a JICA contribution naming the internal milestone m10; Guatemala's m03 is
 * reported done today. The report holds JICA's rows only, nothing internal, the edges as they fall.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { donorReport as donorReportWords } from '../../shared/i18n/donor-report.ts';
import { LANGUAGES } from '../../shared/i18n/index.ts';
import { readSpreadsheet } from '../../shared/sheets/read.ts';
import { XLSX_TYPE } from '../../shared/sheets/port.ts';
import { demoApp } from '../support/api.ts';

const NOW = new Date('2026-05-15T12:00:00Z');
const TODAY = '2026-05-15';
const PLAN = 'ams-rm-current';
const REPORT = '/api/v1/donors/jica/report';

let t: Awaited<ReturnType<typeof demoApp>>;
/** The ids of the contributions added here (the store names them). */
const ids = {} as Record<'edges' | 'secret' | 'named' | 'other' | 'nochf' | 'formula', string>;

async function bytes(person: string, path: string, headers: Record<string, string> = {}) {
  // The test client reads bodies as text: ask the app for the bytes with the same signed token.
  const res = await t.app.request(path, { headers: { Authorization: t.authorization(person), ...headers } });
  return { status: res.status, type: res.headers.get('Content-Type') ?? '', disposition: res.headers.get('Content-Disposition') ?? '', body: new Uint8Array(await res.arrayBuffer()) };
}

beforeAll(async () => {
  t = await demoApp(NOW);

  const add = async (body: Record<string, unknown>) => {
    const res = await t.as('admin').post(`/api/v1/plans/${PLAN}/contributions`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  // Stage dates on the period's first day, its last day and the day after it (February 2026).
  ids.edges = (await add({ donorId: 'jica', kind: 'financial', description: 'Customs laboratory equipment', amount: '1000.00', currency: 'USD', stage: 'disbursed', stageDates: { pledged: '2026-02-01', committed: '2026-02-28', disbursed: '2026-03-01' } })).id;
  ids.secret = (await add({ donorId: 'jica', kind: 'financial', description: 'Informant network for the joint operation', amount: '7777.00', currency: 'USD', stage: 'committed', stageDates: { pledged: '2026-02-10', committed: '2026-02-11' }, internal: true })).id;
  ids.named = (await add({ donorId: 'jica', milestoneId: `${PLAN}.m10`, kind: 'in_kind', description: 'Japan Customs observers', stage: 'pledged', stageDates: { pledged: '2026-02-15' } })).id;
  ids.other = (await add({ donorId: 'idb', kind: 'financial', description: 'IDB scanner maintenance', amount: '3000.00', currency: 'USD', stage: 'pledged', stageDates: { pledged: '2026-02-15' } })).id;
  const m03 = await t.as('admin').get(`/api/v1/milestones/${PLAN}.m03`);
  expect((await t.as('admin').patch(`/api/v1/milestones/${PLAN}.m03`, { status: 'done', progress: 100 }, { 'If-Match': m03.headers.get('ETag')! })).status).toBe(200);
});

describe('the donor\'s report as JSON', () => {
  it('defaults to the last full quarter', async () => {
    const res = await t.as('donor-jica').get(REPORT);
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(res.body.donor).toEqual({ id: 'jica', name: expect.stringContaining('JICA') });
  });

  it('lists the donor\'s contributions by stage with their dates, converted into the budget currency with the rate used', async () => {
    const res = await t.as('donor-jica').get(`${REPORT}?from=2026-02-01&to=2026-02-28`);
    expect(res.status).toBe(200);
    const current = res.body.plans.find((p: { id: string }) => p.id === PLAN);
    const byId = new Map<string, any>(current.contributions.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(`${PLAN}.c01`)).toMatchObject({ stage: 'committed', amount: '120000.00', currency: 'USD', inBudget: { amount: '120000.00', currency: 'USD' } });
    // JPY 4,500,000 disbursed, at the rate recorded for the disbursement date: 0.00664, exactly.
    expect(byId.get(`${PLAN}.c02`)).toMatchObject({
      stage: 'disbursed', amount: '4500000', currency: 'JPY', stageDates: { disbursed: expect.any(String) },
      inBudget: { amount: '29880.00', currency: 'USD', rate: { basis: 'recorded', from: 'JPY', to: 'USD', rate: '0.00664' } },
    });
    expect(byId.get(ids.edges)).toMatchObject({ stage: 'disbursed', stageDates: { pledged: '2026-02-01', committed: '2026-02-28', disbursed: '2026-03-01' } });
    expect(current.totals).toMatchObject({ currency: 'USD', byStage: { committed: '120000.00', disbursed: '30880.00' }, notConverted: [] });
    // The 2014 plan: JICA's in-kind sponsorship of the Buenos Aires workshop.
    const older = res.body.plans.find((p: { id: string }) => p.id === 'ams-rm-2014');
    expect(older.contributions.map((c: { kind: string; stage: string }) => [c.kind, c.stage])).toEqual([['in_kind', 'spent']]);
  });

  it('shows a contribution with no rate as not converted, never counted', async () => {
    const res = await t.as('admin').post(`/api/v1/plans/${PLAN}/contributions`, {
      donorId: 'jica', kind: 'financial', description: 'Swiss franc top-up', amount: '500.00', currency: 'CHF', stage: 'pledged', stageDates: { pledged: '2026-02-20' },
    });
    expect(res.status).toBe(201);
    ids.nochf = res.body.id;
    const report = await t.as('donor-jica').get(`${REPORT}?from=2026-02-01&to=2026-02-28`);
    const current = report.body.plans.find((p: { id: string }) => p.id === PLAN);
    expect(current.contributions.find((c: { id: string }) => c.id === ids.nochf).inBudget).toEqual({ notConverted: true, currency: 'USD' });
    expect(current.totals.notConverted).toEqual([{ currency: 'CHF', amount: '500.00', count: 1 }]);
    expect(current.totals.byStage.pledged).toBe('0.00');
    const etag = (await t.as('admin').get(`/api/v1/contributions/${ids.nochf}`)).headers.get('ETag')!;
    expect((await t.as('admin').delete(`/api/v1/contributions/${ids.nochf}`, { 'If-Match': etag })).status).toBe(204);
  });

  it('counts an event on the first and the last day of the period in, the day after out', async () => {
    const res = await t.as('donor-jica').get(`${REPORT}?from=2026-02-01&to=2026-02-28`);
    const edges = res.body.changes.filter((c: { contributionId?: string }) => c.contributionId === ids.edges);
    expect(edges.map((c: { day: string; stage: string }) => [c.day, c.stage])).toEqual([['2026-02-01', 'pledged'], ['2026-02-28', 'committed']]);
    const march = await t.as('donor-jica').get(`${REPORT}?from=2026-03-01&to=2026-03-01`);
    expect(march.body.changes.filter((c: { contributionId?: string }) => c.contributionId === ids.edges).map((c: { stage: string }) => c.stage)).toEqual(['disbursed']);
  });

  it('lists the milestones the contributions fund with status, due dates, slip and health, and their status changes in the period', async () => {
    const res = await t.as('donor-jica').get(`${REPORT}?from=${TODAY}&to=${TODAY}`);
    const current = res.body.plans.find((p: { id: string }) => p.id === PLAN);
    const m05 = current.milestones.find((m: { id: string }) => m.id === `${PLAN}.m05`);
    expect(m05).toMatchObject({ status: 'in_progress', health: 'late', slipDays: 27, baselineDueDate: '2026-04-15', dueDate: '2026-05-12' });
    expect(res.body.changes).toContainEqual(expect.objectContaining({ kind: 'status', milestoneId: `${PLAN}.m03`, before: 'in_progress', after: 'done', day: TODAY }));
    // A status change outside the period is not in it.
    const before = await t.as('donor-jica').get(`${REPORT}?from=2026-05-01&to=2026-05-14`);
    expect(before.body.changes.filter((c: { kind: string }) => c.kind === 'status')).toEqual([]);
  });

  it('gives the indicators of the funded plan with their approved figures and status, and the values approved in the period', async () => {
    const res = await t.as('donor-jica').get(`${REPORT}?from=2026-03-01&to=${TODAY}`);
    const current = res.body.plans.find((p: { id: string }) => p.id === PLAN);
    expect(current.indicators.length).toBeGreaterThan(0);
    for (const i of current.indicators) expect([null, 'met', 'on_track', 'off_track', 'no_data']).toContain(i.status);
    expect(current.indicators.some((i: { figure?: string }) => i.figure !== undefined)).toBe(true);
    const values = res.body.changes.filter((c: { kind: string }) => c.kind === 'values');
    expect(values.length).toBeGreaterThan(0);
    // One line per indicator and reporting period, each value approved in the period with its day.
    expect(new Set(values.map((c: { indicatorId: string; period: string }) => `${c.indicatorId} ${c.period}`)).size).toBe(values.length);
    for (const c of values) {
      expect(c.values.length).toBeGreaterThan(0);
      for (const v of c.values) expect(v.day >= '2026-03-01' && v.day <= TODAY).toBe(true);
      expect(c.day).toBe(c.values.map((v: { day: string }) => v.day).sort().at(-1));
    }
  });

  it('never holds anything internal, nor another donor\'s contributions, whoever reads it', async () => {
    for (const person of ['donor-jica', 'admin', 'coord-pe']) {
      const res = await t.as(person).get(`${REPORT}?from=2026-01-01&to=${TODAY}`);
      expect(res.status, person).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(ids.secret!);
      expect(text).not.toContain('Informant network');
      expect(text).not.toContain('7777');
      expect(text).not.toContain(`"${PLAN}.m10"`);
      expect(text).not.toContain('Regional targeted control operation');
      expect(text).not.toContain('IDB scanner');
      for (const plan of res.body.plans) for (const c of plan.contributions) expect(c.id).not.toBe(ids.other);
      // The contribution that names m10 is JICA's and not internal: it is listed, the milestone is not.
      const current = res.body.plans.find((p: { id: string }) => p.id === PLAN);
      const named = current.contributions.find((c: { id: string }) => c.id === ids.named);
      expect(named).toBeTruthy();
      expect(named.milestoneId).toBeUndefined();
      expect(current.milestones.some((m: { id: string }) => m.id === `${PLAN}.m10`)).toBe(false);
    }
  });

  it('gives titles in the reader\'s language where translated', async () => {
    const en = await t.as('donor-jica').get(`${REPORT}?from=${TODAY}&to=${TODAY}&lang=en`);
    const es = await t.as('donor-jica').get(`${REPORT}?from=${TODAY}&to=${TODAY}&lang=es`);
    const title = (r: typeof es, id: string) => r.body.plans.find((p: { id: string }) => p.id === PLAN).milestones.find((m: { id: string }) => m.id === id).title;
    const spanish = (await t.as('coord-pe').get(`/api/v1/milestones/${PLAN}.m02?languages=all`)).body.allTexts.title.find((x: { lang: string }) => x.lang === 'es').text;
    expect(title(en, `${PLAN}.m02`)).toBe('Passenger risk targeting pilot (API/PNR) in two airports');
    expect(title(es, `${PLAN}.m02`)).toBe(spanish);
  });
});

describe('who reads a donor\'s report', () => {
  it('a donor reads its own, not another\'s; the secretariat and co-coordinators any; focal points and Directors General none', async () => {
    expect((await t.as('donor-jica').get(REPORT)).status).toBe(200);
    const other = await t.as('donor-jica').get('/api/v1/donors/idb/report');
    expect(other.status).toBe(403);
    expect(other.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await t.as('donor-captac').get(REPORT)).status).toBe(403);
    expect((await t.as('admin').get('/api/v1/donors/idb/report')).status).toBe(200);
    expect((await t.as('coord-pe').get('/api/v1/donors/idb/report')).status).toBe(200);
    expect((await t.as('focal-gt').get(REPORT)).status).toBe(403);
    expect((await t.as('dg-pe').get(REPORT)).status).toBe(403);
    expect((await t.as(null).get(REPORT)).status).toBe(401);
    expect((await t.as('admin').get('/api/v1/donors/nobody/report')).status).toBe(404);
  });
});

describe('bad periods get a 400 naming the field, and nothing else', () => {
  const cases: [string, string][] = [
    ['from=2026-02-30', 'from'],
    ['from=yesterday', 'from'],
    ['to=2026-13-01', 'to'],
    ['from=2026-03-01&to=2026-02-28', 'to'],
    ['from=2000-01-01&to=2026-01-01', 'to'],
    ['format=pdf', 'format'],
  ];
  for (const [query, field] of cases) {
    it(query, async () => {
      const res = await t.as('donor-jica').get(`${REPORT}?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  }
});

describe('the donor\'s report as XLSX', () => {
  it('by Accept or format=xlsx: four sheets, date cells, amounts as numbers, headers in each of the four languages', async () => {
    const byAccept = await bytes('donor-jica', `${REPORT}?from=2026-02-01&to=2026-02-28`, { Accept: XLSX_TYPE });
    expect(byAccept.status).toBe(200);
    expect(byAccept.type).toBe(XLSX_TYPE);
    expect(byAccept.disposition).toContain('2026-02-01-2026-02-28.xlsx');
    for (const lang of LANGUAGES) {
      const res = await bytes('donor-jica', `${REPORT}?from=2026-02-01&to=2026-02-28&format=xlsx&lang=${lang}`);
      expect(res.status).toBe(200);
      const tables = readSpreadsheet(res.body);
      const w = donorReportWords[lang];
      expect(tables.map((x) => x.name)).toEqual([w['sheet.contributions'], w['sheet.milestones'], w['sheet.indicators'], w['sheet.changes']]);
      expect(tables[0]!.rows[0]!.slice(0, 7)).toEqual([w['col.plan'], w['col.contribution'], w['col.kind'], w['col.stage'], w['col.amount'], w['col.currency'], w['col.inBudget']]);
      expect(tables[3]!.rows[0]).toEqual([w['col.date'], w['col.plan'], w['col.change']]);
    }
    const tables = readSpreadsheet((await bytes('donor-jica', `${REPORT}?from=2026-02-01&to=2026-02-28&format=xlsx&lang=en`)).body);
    const jpy = tables[0]!.rows.find((r) => r[5] === 'JPY')!;
    expect(jpy[4]).toBe(4500000);
    expect(jpy[6]).toBe(29880);
    expect(String(jpy[8])).toContain('0.00664');
    const edges = tables[0]!.rows.find((r) => r[1] === 'Customs laboratory equipment')!;
    expect(edges.slice(9)).toEqual([{ date: '2026-02-01' }, { date: '2026-02-28' }, { date: '2026-03-01' }, null].slice(0, edges.length - 9));
    expect(tables[3]!.rows.slice(1).map((r) => r[0])).toContainEqual({ date: '2026-02-01' });
    expect(JSON.stringify(tables)).not.toContain('Informant network');
  });

  it('writes a formula-like description inert', async () => {
    const res = await t.as('admin').post(`/api/v1/plans/${PLAN}/contributions`, {
      donorId: 'jica', kind: 'in_kind', description: '=HYPERLINK("https://example.org","x")', stage: 'pledged', stageDates: { pledged: '2026-02-05' },
    });
    expect(res.status).toBe(201);
    ids.formula = res.body.id;
    const tables = readSpreadsheet((await bytes('donor-jica', `${REPORT}?from=2026-02-01&to=2026-02-28&format=xlsx`)).body);
    expect(tables[0]!.rows.some((r) => r[1] === '\'=HYPERLINK("https://example.org","x")')).toBe(true);
    const etag = (await t.as('admin').get(`/api/v1/contributions/${ids.formula}`)).headers.get('ETag')!;
    expect((await t.as('admin').delete(`/api/v1/contributions/${ids.formula}`, { 'If-Match': etag })).status).toBe(204);
  });
});

describe('what a report costs', () => {
  it('the donor and its contributions, one Query per plan and per budget currency needing rates, one per funded milestone changed since the period began', async () => {
    // A past quarter: the demo's milestones were all made today, after it: no history is read.
    t.tables.counter.reset();
    expect((await t.as('donor-jica').get(`${REPORT}?from=2026-01-01&to=2026-03-31`)).status).toBe(200);
    expect(t.tables.counter.count('GetItemCommand')).toBe(1);
    // Contributions of the donor (1), the two plans funded (2), the rates into USD (1).
    expect(t.tables.counter.count('QueryCommand')).toBe(4);
    expect(t.tables.counter.count('ScanCommand')).toBe(0);
    expect(t.tables.counter.total).toBe(5);
    // Today: the current plan's ten milestones the donor may see and the 2014 plan's two were made today: one history Query each.
    t.tables.counter.reset();
    expect((await t.as('donor-jica').get(`${REPORT}?from=${TODAY}&to=${TODAY}`)).status).toBe(200);
    expect(t.tables.counter.count('QueryCommand')).toBe(4 + 10 + 2);
    expect(t.tables.counter.total).toBe(1 + 4 + 12);
  });
});
