/**
 * IATI 2.03 activity XML of the demo's plans and strategies: valid against the official schema
 * (../shared/iati/, xmllint), within the rules the schema leaves out, with what the issue lists in
 * it, and only for the readers the policy allows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/domain/dates.ts';
import { budgetPeriods, evenPercentages } from '../../shared/domain/iati.ts';
import { demoApp } from '../support/api.ts';
import { ruleBreaches, schemaErrors } from '../support/iati.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

const today = () => localDate(t.now, 'UTC');

describe('a plan as an IATI activity', () => {
  it('is valid against the 2.03 schema and the rules beyond it, and carries what donors read', async () => {
    const res = await t.as('admin').get('/api/v1/plans/ams-rm-current/iati');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/xml; charset=utf-8');
    const xml = res.body as string;
    expect(schemaErrors(xml)).toBe('');
    expect(ruleBreaches(xml, today())).toEqual([]);
    expect(xml).toContain('<iati-identifier>XM-DAC-47000-ROCB-AMS-ams-rm-current</iati-identifier>');
    expect(xml).toMatch(/<reporting-org ref="XM-DAC-47000-ROCB-AMS" type="40">/);
    expect(xml).toMatch(/<title>\s*<narrative xml:lang="en">Current action plan/);
    expect(xml).toMatch(/<participating-org ref="XM-DAC-701-8" role="1" type="10">\s*<narrative>Japan International Cooperation Agency/);
    expect(xml).toMatch(/<participating-org role="4" type="10">\s*<narrative>Peru Customs/);
    expect(xml).toContain('<activity-status code="2"/>');
    expect(xml).toMatch(/<recipient-country code="PE" percentage="\d+"\/>/);
    // The plan runs 18 months: its USD 250,000 budget comes in two periods of at most 12 months.
    expect([...xml.matchAll(/<budget /g)]).toHaveLength(2);
    // JPY 4,500,000: pledged (13), committed (11), disbursed (1), each dated.
    for (const code of ['13', '11', '1']) expect(xml).toMatch(new RegExp(`<transaction-type code="${code}"/>\\s*<transaction-date iso-date="[^"]+"/>\\s*<value currency="JPY" value-date="[^"]+">4500000</value>`));
    expect(xml).toMatch(/<transaction-type code="4"\/>\s*<transaction-date iso-date="[^"]+"\/>\s*<value currency="USD" value-date="[^"]+">40000.00<\/value>/);
    expect(xml).toMatch(/<document-link format="text\/html" url="http:\/\/localhost:3000\/plans\/ams-rm-current">/);
    // Evidence of a translated milestone: its title in every language held, each with xml:lang (issue 14).
    const evidence = xml.slice(xml.indexOf('url="https://example.org/ams-rm/risk-indicators-catalogue"'));
    const title = evidence.slice(0, evidence.indexOf('</title>'));
    expect([...title.matchAll(/<narrative xml:lang="(\w\w)">([^<]*)<\/narrative>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['en', 'Regional risk indicators catalogue published: Catalogue (PDF)'],
      ['es', 'Catálogo regional de indicadores de riesgo publicado: Catalogue (PDF)'],
      ['fr', 'Catalogue régional des indicateurs de risque publié: Catalogue (PDF)'],
      ['pt', 'Catálogo regional de indicadores de risco publicado: Catalogue (PDF)'],
    ]);
  });

  it('carries the plan\'s title and description, the results\' and indicators\' titles and the organisations\' names in every language held (issue 14)', async () => {
    const xml = (await t.as('admin').get('/api/v1/plans/ams-rm-current/iati')).body as string;
    expect(schemaErrors(xml)).toBe('');
    const narratives = (element: string) => [...element.matchAll(/<narrative(?: xml:lang="(\w\w)")?>([^<]*)<\/narrative>/g)].map((m) => [m[1] ?? '', m[2]]);
    const title = /<iati-activity[\s\S]*?<title>([\s\S]*?)<\/title>/.exec(xml)![1]!;
    expect(narratives(title).map(([lang]) => lang)).toEqual(['en', 'es', 'fr', 'pt']);
    expect(narratives(title)[1]![1]).toMatch(/^Plan de acción vigente/);
    const description = /<description type="1">([\s\S]*?)<\/description>/.exec(xml)![1]!;
    expect(narratives(description).map(([lang]) => lang)).toEqual(['en', 'es', 'fr', 'pt']);
    expect(narratives(description)[2]![1]).toMatch(/^Stratégie régionale de gestion des risques des Amériques et des Caraïbes \(Americas and Caribbean\)\. Opérations régionales/);
    // Peru's administration: its English name first (the activity's language), its Spanish original beside it.
    const peru = /<participating-org role="4" type="10">((?:(?!<\/participating-org>)[\s\S])*?SUNAT[\s\S]*?)<\/participating-org>/.exec(xml)![1]!;
    expect(narratives(peru)).toEqual([['', 'Peru Customs (SUNAT)'], ['es', 'Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)']]);
    const jica = /<participating-org ref="XM-DAC-701-8" role="1" type="10">([\s\S]*?)<\/participating-org>/.exec(xml)![1]!;
    expect(narratives(jica).map(([lang]) => lang)).toEqual(['', 'es', 'fr', 'pt']);
    // A result and an indicator: each title in the four languages.
    const capacity = /<result type="1" aggregation-status="1">\s*<title>([\s\S]*?)<\/title>/.exec(xml.slice(xml.indexOf('Officers trained and advisers certified') - 200))![1]!;
    expect(narratives(capacity)).toEqual([['', 'Officers trained and advisers certified'], ['es', 'Funcionarios capacitados y asesores certificados'], ['fr', 'Agents formés et conseillers certifiés'], ['pt', 'Servidores capacitados e assessores certificados']]);
    expect(xml).toMatch(/<indicator [^>]*>\s*<title>\s*<narrative>Technical and Operational Advisors certified<\/narrative>\s*<narrative xml:lang="es">Asesores Técnicos y Operativos certificados<\/narrative>/);
  });

  it('carries the results framework: result types, indicator measures, baselines, targets, and approved values only as actuals', async () => {
    const coord = t.as('coord-pe');
    const day = today();
    const start = `${day.slice(0, 8)}01`;
    // Written in English by a Spanish-speaking coordinator: Content-Language says so (issue 14).
    const r = await coord.post('/api/v1/plans/ams-rm-current/results', { id: 'iati-out', type: '1', title: 'Advisers certified (IATI)', description: 'Certified by the regional exam.' }, { 'Content-Language': 'en' });
    const p = await coord.post('/api/v1/plans/ams-rm-current/reporting-periods', { id: 'iati-p', label: 'IATI round', start, end: day });
    const i = await coord.post('/api/v1/plans/ams-rm-current/indicators', {
      id: 'iati-count', resultId: r.body.id, title: 'Advisers certified (IATI)', measure: '1', aggregation: 'sum',
      baseline: { value: '2', date: '2025-06-30' }, baselines: { GT: { value: '1', date: '2025-06-30' } },
      targets: { [p.body.id]: { region: '10', administrations: { GT: '4' } } },
    }, { 'Content-Language': 'en' });
    expect(i.status, JSON.stringify(i.body)).toBe(201);
    const gt = await t.as('focal-gt').post('/api/v1/submissions', { indicatorId: i.body.id, periodId: p.body.id, administrationId: 'GT', value: '3' });
    expect((await t.as('coord-ar').post(`/api/v1/submissions/${gt.body.id}/approve`, undefined, { 'If-Match': '"1"' })).status).toBe(200);
    // Peru's value waits for review: it is no actual.
    expect((await t.as('admin').post('/api/v1/submissions', { indicatorId: i.body.id, periodId: p.body.id, administrationId: 'PE', value: '77' })).status).toBe(201);

    const xml = (await t.as('donor-jica').get('/api/v1/plans/ams-rm-current/iati')).body as string;
    expect(schemaErrors(xml)).toBe('');
    expect(ruleBreaches(xml, today())).toEqual([]);
    const result = /<result type="1" aggregation-status="1">\s*<title>\s*<narrative>Advisers certified \(IATI\)[\s\S]*?<\/result>/.exec(xml)?.[0] ?? '';
    expect(result).toMatch(/<description>\s*<narrative>Certified by the regional exam./);
    expect(result).toMatch(/<indicator measure="1" ascending="1" aggregation-status="1">/);
    expect(result).toMatch(/<baseline year="2025" iso-date="2025-06-30" value="2"\/>/);
    expect(result).toMatch(/<baseline year="2025" iso-date="2025-06-30" value="1">\s*<dimension name="administration" value="GT"\/>/);
    expect(result).toMatch(new RegExp(`<period-start iso-date="${start}"/>\\s*<period-end iso-date="${day}"/>\\s*<target value="10"/>\\s*<target value="4">\\s*<dimension name="administration" value="GT"/>`));
    expect(result).toMatch(/<actual value="3"\/>\s*<actual value="3">\s*<dimension name="administration" value="GT"\/>/);
    expect(result).not.toContain('value="77"');
    expect(result).not.toContain('value="PE"');
    // The demo's framework is there too: its outputs and outcomes, each with its indicators.
    expect(new Set([...xml.matchAll(/<result type="(\d)"/g)].map((m) => m[1]))).toEqual(new Set(['1', '2']));
    expect([...xml.matchAll(/<indicator measure="(\d)"/g)].length).toBeGreaterThanOrEqual(8);
  });

  it('reports no stage dated after today: a future date leaves its transaction out', async () => {
    const path = '/api/v1/contributions/ams-rm-current.c04';
    const current = await t.as('admin').get(path);
    const future = '2099-01-01';
    expect((await t.as('admin').patch(path, { stage: 'committed', stageDates: { ...current.body.stageDates, committed: future } }, { 'If-Match': current.headers.get('ETag')! })).status).toBe(200);
    const xml = (await t.as('admin').get('/api/v1/plans/ams-rm-current/iati')).body as string;
    expect(xml).not.toContain(future);
    expect(ruleBreaches(xml, today())).toEqual([]);
    expect(schemaErrors(xml)).toBe('');
  });

  it('is for the readers the policy allows: a donor gets only its own contributions, and not a plan it does not fund', async () => {
    const jica = await t.as('donor-jica').get('/api/v1/plans/ams-rm-current/iati');
    expect(jica.status).toBe(200);
    expect(jica.body).toContain('Japan International Cooperation Agency');
    expect(jica.body).not.toContain('United States Agency for International Development');
    expect(schemaErrors(jica.body)).toBe('');
    expect((await t.as('donor-captac').get('/api/v1/plans/toa-rm-2023/iati')).status).toBe(403);
    expect((await t.as(null).get('/api/v1/plans/ams-rm-current/iati')).status).toBe(401);
    expect((await t.as('admin').get('/api/v1/plans/no-such-plan/iati')).status).toBe(404);
  });
});

describe('a strategy as one IATI file', () => {
  it('holds one iati-activity per plan the reader may see, valid and within the rules', async () => {
    const res = await t.as('admin').get('/api/v1/strategies/ams-rm/iati');
    expect(res.status).toBe(200);
    const xml = res.body as string;
    expect(schemaErrors(xml)).toBe('');
    expect(ruleBreaches(xml, today())).toEqual([]);
    const plans = (await t.as('admin').get('/api/v1/strategies/ams-rm/plans')).body.items.map((p: { id: string }) => p.id);
    expect([...xml.matchAll(/<iati-identifier>[^<]*<\/iati-identifier>/g)]).toHaveLength(plans.length);
    // A closed plan reports its actual end and the closed status.
    expect(xml).toContain('<activity-status code="4"/>');
    const captac = await t.as('donor-captac').get('/api/v1/strategies/ams-rm/iati');
    expect([...(captac.body as string).matchAll(/<iati-activity /g)].length).toBeLessThan(plans.length);
    expect((await t.as('admin').get('/api/v1/strategies/nope/iati')).status).toBe(404);
  });
});

describe('the rules beyond the schema', () => {
  it('split a budget into periods of at most 12 months whose values add up exactly', () => {
    const periods = budgetPeriods({ start: '2026-06-05', end: '2027-12-02' }, { amount: '250000.00', currency: 'USD' });
    expect(periods.map((p) => [p.start, p.end])).toEqual([['2026-06-05', '2027-06-04'], ['2027-06-05', '2027-12-02']]);
    expect(periods.reduce((s, p) => s + Math.round(Number(p.value) * 100), 0)).toBe(25_000_000);
    expect(budgetPeriods({ start: '2024-02-29', end: '2026-01-01' }, { amount: '7', currency: 'JPY' }).map((p) => [p.start, p.end, p.value]))
      .toEqual([['2024-02-29', '2025-02-27', '3'], ['2025-02-28', '2026-01-01', '4']]);
  });

  it('catch what the schema lets through', () => {
    const bad = `<iati-activities version="2.03"><iati-activity xml:lang="en"><budget type="1" status="1"><period-start iso-date="2026-01-01"/><period-end iso-date="2027-01-01"/><value currency="USD">1</value></budget><transaction><transaction-type code="99"/><transaction-date iso-date="2999-01-01"/><value currency="XXY" value-date="2026-01-01">1</value></transaction></iati-activity></iati-activities>`;
    expect(ruleBreaches(bad, '2026-06-01')).toEqual(expect.arrayContaining([
      expect.stringContaining('after today'), expect.stringContaining('over 12 months'), expect.stringContaining('without value-date'),
      'transaction-type 99 is not in TransactionType', 'currency XXY is not in Currency',
    ]));
    expect(evenPercentages(7).reduce((a, b) => a + b, 0)).toBe(100);
  });
});
