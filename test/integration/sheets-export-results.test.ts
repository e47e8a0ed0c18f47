/**
 * The results framework in the spreadsheet exports, against DynamoDB Local and the demo's framework
 * (local/demo-results.ts): the plan export's indicators sheet (XLSX) and CSV (`sheet=indicators`),
 * figures as number cells (percentages as percent cells), only approved values, headers in the
 * reader's language, formula-injection-safe text, only the plans whose results the reader may
 * read, and the DynamoDB requests an export costs.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../shared/api/identity.ts';
import { checkCatalogs } from '../../shared/i18n/index.ts';
import { sheets } from '../../shared/i18n/sheets.ts';
import { readSpreadsheet } from '../../shared/sheets/read.ts';
import type { Cell } from '../../shared/sheets/types.ts';
import { people } from '../../local/demo-data.ts';
import { PLAN_TEXTS, RESULT_TEXTS } from '../../local/demo-translations.ts';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

const PLAN = 'ams-rm-current';
const id = (suffix: string) => `${PLAN}.${suffix}`;

/** The file's bytes as the person downloads it. */
async function download(person: string, path: string): Promise<{ status: number; bytes: Uint8Array }> {
  const who = people.find((p) => p.id === person)!;
  const res = await t.app.request(path, { headers: { Authorization: `Bearer ${signDevToken(t.keys, who, new Date())}` } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The indicators sheet of an XLSX export as objects keyed by header. */
async function indicatorRows(person: string, path: string, sheetName: string) {
  const res = await download(person, path);
  expect(res.status).toBe(200);
  const table = readSpreadsheet(res.bytes).find((x) => x.name === sheetName);
  expect(table, sheetName).toBeDefined();
  const [headers, ...rows] = table!.rows;
  return { headers: headers as string[], rows: rows.map((r) => Object.fromEntries((headers as string[]).map((h, i) => [h, r[i] ?? null])) as Record<string, Cell>), bytes: res.bytes };
}

/** Administration names by id, as the directory gives them to a reader (the administrations' columns are in the export's language). */
async function names(reader = 'coord-pe'): Promise<Record<string, string>> {
  const res = await t.as(reader).get('/api/v1/administrations?limit=100');
  return Object.fromEntries((res.body.items as { id: string; name: string }[]).map((a) => [a.id, a.name]));
}

/** The plan's roll-ups as the API gives them: what the sheet must say. */
async function rollUps() {
  const res = await t.as('coord-pe').get(`/api/v1/plans/${PLAN}/results`);
  expect(res.status).toBe(200);
  return res.body as {
    indicators: { id: string; title: string; measure: string; aggregation: string }[];
    periods: { id: string; label: string }[];
    rollUps: { indicatorId: string; periods: { label: string; figure?: string; target?: string; status: string | null; byAdministration: Record<string, { figure?: string; answer?: string }> }[] }[];
  };
}

describe('the plan export\'s indicators', () => {
  it('XLSX: a fourth sheet, one row per indicator and period, headers in the reader\'s language, figures as numbers and percent cells', async () => {
    const { headers, rows, bytes } = await indicatorRows('coord-pe', `/api/v1/plans/${PLAN}/export?format=xlsx&lang=es`, 'Indicadores');
    expect(readSpreadsheet(bytes).map((x) => x.name)).toEqual(['Hitos', 'Contribuciones', 'Financiamiento', 'Indicadores']);
    expect(headers.slice(0, 17)).toEqual([
      'Resultado', 'Tipo de resultado', 'Indicador', 'Medida', 'Unidad', 'Más alto es mejor', 'Cifra regional', 'Umbral', 'Línea de base', 'Fecha de la línea de base',
      'Período de reporte', 'Inicio del período', 'Fin del período', 'Meta regional', 'Cifra regional (aprobada)', 'Estado', 'Administraciones con un valor aprobado',
    ]);
    // Then one column per administration with an approved value, by name: nine reported in round 1.
    const { PE, MX, GT, AR } = await names();
    expect(headers.slice(17)).toHaveLength(9);
    expect(headers.slice(17)).toContain(PE);
    const api = await rollUps();
    expect(rows).toHaveLength(api.indicators.length * api.periods.length);

    // Figures the demo's framework gives, by hand. The share selected by risk profiles (a percentage, lower is better,
    // the mean): round 1 from seven approved values, (33+38+24+41+40+54+46)/7 = 39.43 % against 38 %, closed: off track.
    // Titles in the export's language: the demo holds Spanish translations of the framework (issue 14).
    const share = rows.filter((r) => r.Indicador === RESULT_TEXTS['selected-share']!.title!.texts.es!.text);
    expect(share.map((r) => r['Período de reporte'])).toEqual(['Round 1', 'Round 2 (regional meeting)', 'Round 3', 'Round 4 (final review)']);
    expect(share[0]).toMatchObject({
      Resultado: RESULT_TEXTS.institutions!.title!.texts.es!.text, 'Tipo de resultado': 'Efecto', Medida: 'Porcentaje', Unidad: '%',
      'Más alto es mejor': 'No', 'Cifra regional': 'Promedio', 'Línea de base': 0.42, 'Meta regional': 0.38, 'Cifra regional (aprobada)': 39.43 / 100,
      Estado: 'Rezagado', 'Administraciones con un valor aprobado': 7, [PE!]: 0.33,
    });
    expect(share[0]!['Fecha de la línea de base']).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    // Round 2: only approved values. Mexico's 39 waits for review and Guatemala's 52 was returned: neither counts.
    expect(share[1]).toMatchObject({ 'Cifra regional (aprobada)': 26.5 / 100, 'Administraciones con un valor aprobado': 2, [PE!]: 0.31, [MX!]: null, [GT!]: null });
    // Officers trained sums a period's values: Guatemala reported 5 and 2 in round 1; the region 39 of 40.
    const trained = rows.filter((r) => r.Indicador === RESULT_TEXTS.trained!.title!.texts.es!.text);
    expect(trained[0]).toMatchObject({ 'Tipo de resultado': 'Producto', Unidad: 'officers', 'Cifra regional (aprobada)': 39, 'Meta regional': 40, [GT!]: 7, Estado: 'Rezagado' });
    // A count of administrations reaching a threshold is a count, not in the indicator's unit: 5 of 9 in round 1.
    const units = rows.filter((r) => r.Indicador === RESULT_TEXTS['rm-unit']!.title!.texts.es!.text);
    expect(units[0]).toMatchObject({ Umbral: 1, 'Línea de base': 4, 'Meta regional': 5, 'Cifra regional (aprobada)': 5, Estado: 'Cumplido', [GT!]: 0 });
    // A qualitative indicator: the answer in the administration's column, no status, no "higher is better".
    const use = rows.filter((r) => r.Medida === 'Cualitativo');
    // Argentina's and the Dominican Republic's administrations share their Spanish name: their columns add the country code.
    expect(headers).toContain(`${AR!} – DO`);
    expect(use[1]).toMatchObject({ 'Más alto es mejor': null, Estado: null, [`${AR!} – AR`]: expect.stringContaining('Two passenger profiles from Peru adopted') });

    // Every row says what the API's roll-up says.
    for (const indicator of api.indicators) {
      const mine = rows.filter((r) => r.Indicador === indicator.title);
      const percent = indicator.measure === '2' && indicator.aggregation !== 'count_meeting_threshold';
      api.rollUps.find((x) => x.indicatorId === indicator.id)!.periods.forEach((p, n) => {
        const row = mine[n]!;
        expect(row['Período de reporte']).toBe(p.label);
        expect(row['Cifra regional (aprobada)'], `${indicator.id} ${p.label}`).toBe(p.figure === undefined ? null : Number(p.figure) / (percent ? 100 : 1));
        expect(row['Administraciones con un valor aprobado']).toBe(Object.keys(p.byAdministration).length);
      });
    }

    // The percent cells carry a percent format; no cell is a formula.
    const files = unzipSync(bytes);
    expect(strFromU8(files['xl/styles.xml']!)).toContain('formatCode="0.0#%"');
    expect(strFromU8(files['xl/worksheets/sheet4.xml']!)).not.toMatch(/<f>|<f /);
  });

  it('CSV: `sheet=indicators` gives the indicators alone, figures as plain decimals (a percentage as its number)', async () => {
    const res = await t.as('coord-pe').get(`/api/v1/plans/${PLAN}/export?format=csv&sheet=indicators&lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const [headers, ...rows] = parseCsv(String(res.body).replace(/^\ufeff/, '')) as string[][];
    expect(headers!.slice(0, 4)).toEqual(['Result', 'Result type', 'Indicator', 'Measure']);
    const at = (name: string) => headers!.indexOf(name);
    const share = rows.filter((r) => r[at('Indicator')] === 'Share of import declarations selected for control by risk profiles');
    expect(share[0]![at('Regional figure (approved)')]).toBe('39.43');
    expect(share[0]![at('Regional target')]).toBe('38');
    expect(share[0]![at('Status')]).toBe('Off track');
    expect(share[0]![at((await names('admin')).PE!)]).toBe('33');
    expect(share[0]![at('Period start')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // An unknown table is refused, as any bad query.
    expect((await t.as('coord-pe').get(`/api/v1/plans/${PLAN}/export?format=csv&sheet=results`)).status).toBe(400);
  });

  it('text a spreadsheet would run is written inert in both formats', async () => {
    const plan = (await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { title: 'Injected results', period: { start: '2026-01-01', end: '2027-12-31' } })).body.id as string;
    const result = await t.as('coord-pe').post(`/api/v1/plans/${plan}/results`, { type: '1', title: '=HYPERLINK("http://evil.example.org","x")' });
    expect(result.status).toBe(201);
    const indicator = await t.as('coord-pe').post(`/api/v1/plans/${plan}/indicators`, { resultId: result.body.id, title: '@SUM(A1)', measure: '1', unit: '+1+2' });
    expect(indicator.status).toBe(201);
    const csvText = String((await t.as('coord-pe').get(`/api/v1/plans/${plan}/export?format=csv&sheet=indicators`)).body);
    expect(csvText).toContain(`"'=HYPERLINK(""http://evil.example.org"",""x"")"`);
    expect(csvText).toContain(",'@SUM(A1),");
    expect(csvText).toContain(",'+1+2,");
    const book = (await download('coord-pe', `/api/v1/plans/${plan}/export?format=xlsx&lang=en`)).bytes;
    expect(strFromU8(unzipSync(book)['xl/worksheets/sheet4.xml']!)).not.toMatch(/<f>|<f /);
    const row = readSpreadsheet(book)[3]!.rows[1]!;
    expect(row.slice(0, 5)).toEqual(["'=HYPERLINK(\"http://evil.example.org\",\"x\")", 'Output', "'@SUM(A1)", 'Unit', "'+1+2"]);
  });
});

describe('strategy and donor exports: only the results the reader may read', () => {
  it('a strategy: the indicators of every plan the reader may read, the plan first; a donor only those of plans it funds', async () => {
    // A plan of the strategy that JICA does not fund, with a framework.
    const plan = (await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { title: 'Not funded by JICA', period: { start: '2026-01-01', end: '2027-12-31' } })).body.id as string;
    const result = (await t.as('coord-pe').post(`/api/v1/plans/${plan}/results`, { type: '3', title: 'Unfunded impact' })).body.id as string;
    expect((await t.as('coord-pe').post(`/api/v1/plans/${plan}/indicators`, { resultId: result, title: 'Unfunded indicator', measure: '1' })).status).toBe(201);

    const coordinator = await indicatorRows('coord-pe', '/api/v1/strategies/ams-rm/export?lang=pt', 'Indicadores');
    expect(coordinator.headers.slice(0, 4)).toEqual(['Plano de ação', 'Resultado', 'Tipo de resultado', 'Indicador']);
    const plans = (rows: Record<string, Cell>[]) => new Set(rows.map((r) => r['Plano de ação']));
    // The plan's title in the export's language (the demo holds its Portuguese translation).
    expect(plans(coordinator.rows)).toContain(PLAN_TEXTS[PLAN]!.title!.texts.pt!.text);
    const currentTitle = (await t.as('admin').get(`/api/v1/plans/${PLAN}`)).body.title as string;
    expect(plans(coordinator.rows)).toContain('Not funded by JICA');
    expect(coordinator.rows.find((r) => r.Indicador === 'Unfunded indicator')).toMatchObject({ 'Tipo de resultado': 'Impacto', 'Período de relato': null, 'Meta regional': null });

    const donor = await indicatorRows('donor-jica', '/api/v1/strategies/ams-rm/export?lang=en', 'Indicators');
    expect(plans(donor.rows.map((r) => ({ 'Plano de ação': r['Action plan']! })))).toEqual(new Set([currentTitle]));
    const viaDonor = await indicatorRows('donor-jica', '/api/v1/donors/jica/export?lang=en', 'Indicators');
    expect(viaDonor.rows.map((r) => r['Action plan'])).toEqual(donor.rows.map((r) => r['Action plan']));
    expect(viaDonor.rows.length).toBeGreaterThan(0);
    // The strategy export's CSV names its table too.
    const csv = String((await t.as('donor-jica').get('/api/v1/strategies/ams-rm/export?format=csv&sheet=indicators&lang=en')).body);
    expect(csv.replace(/^\ufeff/, '').startsWith('Action plan,Result,Result type,Indicator')).toBe(true);
    expect(csv).not.toContain('Unfunded indicator');
  });

  it('the spreadsheets\' catalog (with the results words) has every word in en, es, fr and pt', () => {
    expect(checkCatalogs(sheets)).toEqual([]);
  });
});

describe('what an export costs in DynamoDB requests', () => {
  async function cost(person: string, path: string) {
    t.tables.counter.reset();
    expect((await download(person, path)).status).toBe(200);
    return [...t.tables.counter.commands].sort();
  }

  it('a plan: the item collection (plan, milestones, contributions and the results framework) in one Query, donors, rates, and the administrations\' names', async () => {
    // The framework shares the plan's partition, so the indicators cost only the names of the administrations (one Query).
    expect(await cost('coord-pe', `/api/v1/plans/${PLAN}/export?format=xlsx`)).toEqual(['BatchGetItemCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
  });

  it('a strategy: the strategy, its plans, one Query per plan, and the administrations\' names', async () => {
    const plans = (await t.as('coord-pe').get('/api/v1/strategies/ams-rm/plans?limit=100')).body.items.length as number;
    const commands = await cost('coord-pe', '/api/v1/strategies/ams-rm/export?format=xlsx');
    expect(commands.filter((c) => c === 'QueryCommand')).toHaveLength(1 + plans + 1);
    expect(commands.filter((c) => c !== 'QueryCommand')).toEqual(['GetItemCommand']);
  });
});
