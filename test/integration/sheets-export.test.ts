/**
 * Exports through the API against DynamoDB Local: a plan as XLSX (date cells, amounts as numbers
 * in their currency's format, a frozen header row, headers in the reader's language) and CSV;
 * the round trip (an exported plan imports into an empty plan unchanged); formula injection made
 * inert; only what the reader may see; bad files over HTTP get one sentence and no 5xx.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../shared/sheets/read.ts';
import { demoApp } from '../support/api.ts';
import { csv, encryptedWorkbook, xlsx } from '../support/sheets.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

async function download(person: string, path: string): Promise<{ status: number; type: string; bytes: Uint8Array }> {
  const res = await t.as(person).send('GET', path, {});
  // The test client reads bodies as text; ask the app directly for the bytes.
  const again = await t.app.request(path, { headers: { Authorization: res.status === 200 ? authOf(person) : '' } });
  return { status: res.status, type: again.headers.get('Content-Type') ?? '', bytes: new Uint8Array(await again.arrayBuffer()) };
}

let auth: Record<string, string> = {};
function authOf(person: string) {
  return auth[person]!;
}

beforeAll(async () => {
  // The demo client signs tokens; capture the header it sends for each person used here.
  const original = t.app.request.bind(t.app);
  for (const person of ['coord-pe', 'donor-jica', 'donor-captac', 'dg-pe']) {
    (t.app as { request: typeof original }).request = ((path: string, init?: RequestInit) => {
      auth[person] = String(new Headers(init?.headers).get('Authorization'));
      return original(path, init);
    }) as typeof original;
    await t.as(person).get('/api/v1/me');
  }
  (t.app as { request: typeof original }).request = original;
});

const upload = (person: string, planId: string, file: Uint8Array, fileName: string) =>
  t.as(person).send('POST', `/api/v1/plans/${planId}/imports?fileName=${fileName}`, { raw: file, headers: { 'Content-Type': 'application/octet-stream' } });

/** A decimal string without trailing zeros after the point: "150000.50" and "150000.5" read alike. */
const sameDecimal = (amount: string) => (amount.includes('.') ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount);

describe('plan export', () => {
  it('XLSX: four sheets (the indicators: sheets-export-results.test.ts), headers in the reader\'s language, date cells, money cells with a currency format, frozen header', async () => {
    const res = await download('coord-pe', '/api/v1/plans/ams-rm-current/export?format=xlsx&lang=es');
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    const tables = readSpreadsheet(res.bytes);
    expect(tables.map((x) => x.name)).toEqual(['Hitos', 'Contribuciones', 'Financiamiento', 'Indicadores']);
    expect(tables[0]!.rows[0]!.slice(0, 6)).toEqual(['Ref.', 'Título', 'Descripción', 'Administración responsable', 'Fecha prevista inicial', 'Fecha prevista']);
    const milestones = (await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/milestones?limit=100')).body.items;
    expect(tables[0]!.rows.length - 1).toBe(milestones.length);
    // Dates are date cells, read back as calendar dates.
    expect(tables[0]!.rows[1]![5]).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const files = unzipSync(res.bytes);
    const sheet1 = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet1).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    const styles = strFromU8(files['xl/styles.xml']!);
    expect(styles).toMatch(/formatCode="#,##0\.00 &quot;USD&quot;"/);
    // Amounts are numbers.
    const amounts = tables[1]!.rows.slice(1).map((r) => r[3]).filter((v) => v !== null);
    expect(amounts.length).toBeGreaterThan(0);
    expect(amounts.every((v) => typeof v === 'number')).toBe(true);
    // The funding summary: one line per currency, totals as numbers.
    expect(tables[2]!.rows[0]![0]).toBe('Moneda');
    expect(tables[2]!.rows.slice(1).every((r) => typeof r[5] === 'number')).toBe(true);
  });

  it('CSV: one table, UTF-8 with a BOM, amounts as plain decimal strings', async () => {
    const res = await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/export?format=csv&sheet=contributions&lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const text = String(res.body);
    expect(text.startsWith('Donor,Kind,Description,Amount,Currency,Stage')).toBe(true);
    const bytes = (await download('coord-pe', '/api/v1/plans/ams-rm-current/export?format=csv')).bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toMatch(/,\d+(\.\d+)?,(USD|JPY|ARS),/);
  });

  it('round trip: an exported plan (milestones and contributions) imports into an empty plan unchanged', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const created = await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { title: `Copy (${format})`, period: { start: '2026-01-01', end: '2027-12-31' } });
      const copy = created.body.id as string;
      // XLSX: one file with both sheets. CSV: one file per table, the milestones first.
      const files = format === 'xlsx' ? ['export?format=xlsx&lang=fr'] : ['export?format=csv&lang=fr', 'export?format=csv&sheet=contributions&lang=pt'];
      for (const path of files) {
        const exported = await download('coord-pe', `/api/v1/plans/ams-rm-current/${path}`);
        const preview = await upload('coord-pe', copy, exported.bytes, `copy.${format}`);
        expect(preview.status).toBe(200);
        expect(preview.body.errors, path).toEqual([]);
        expect((await t.as('coord-pe').send('POST', `/api/v1/plans/${copy}/imports/${preview.body.id}/confirm`, {})).status).toBe(200);
      }
      const fields = (m: Record<string, unknown>) => ({
        ref: m.ref, title: m.title, description: m.description, ownerAdministrationId: m.ownerAdministrationId, baselineDueDate: m.baselineDueDate,
        dueDate: m.dueDate, status: m.status, progress: m.progress, note: m.note, evidence: (m.evidence as { url: string }[]).map((e) => e.url),
      });
      // Read in the texts' original language (admin reads English): the export carries the originals,
      // not the translations (issue 14), which coord-pe, reading Spanish, would be shown.
      const original = (await t.as('admin').get('/api/v1/plans/ams-rm-current/milestones?limit=100')).body.items.map(fields);
      const imported = (await t.as('admin').get(`/api/v1/plans/${copy}/milestones?limit=100`)).body.items.map(fields);
      const byRef = (a: { ref: unknown }, b: { ref: unknown }) => Number(a.ref) - Number(b.ref);
      expect(imported.sort(byRef), format).toEqual(original.sort(byRef));
      // Every language held comes back (issue 14): the export's translation columns ("Titre (es)", in
      // French here) are read back, the originals stay originals in their language.
      const languages = async (plan: string) => ((await t.as('admin').get(`/api/v1/plans/${plan}/milestones?limit=100&languages=all`)).body.items as { ref: number; allTexts: Record<string, { lang: string; text: string; original: boolean }[]> }[])
        .map((m) => ({ ref: m.ref, texts: Object.fromEntries(Object.entries(m.allTexts).map(([f, all]) => [f, all.filter((x) => x.text !== '').map((x) => [x.lang, x.text, x.original])])) }))
        .sort(byRef);
      const originalLanguages = await languages('ams-rm-current');
      expect(originalLanguages.some((m) => (m.texts.title?.length ?? 0) === 4 && (m.texts.note?.length ?? 0) === 4), 'the demo has milestones in four languages').toBe(true);
      expect(await languages(copy), format).toEqual(originalLanguages);
      // The contributions: the same donors, kinds, descriptions, amounts (the same value in minor
      // units: XLSX holds 150000.5 for "150000.50"), currencies, stages, dates and milestone refs.
      const refOf = async (plan: string) => new Map(((await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones?limit=100`)).body.items as { id: string; ref: number }[]).map((m) => [m.id, m.ref]));
      const contributionFields = async (plan: string) => {
        const refs = await refOf(plan);
        const items = (await t.as('coord-pe').get(`/api/v1/plans/${plan}/contributions?limit=100`)).body.items as Record<string, unknown>[];
        return items.map((c) => ({
          donorId: c.donorId, kind: c.kind, description: c.description, currency: c.currency ?? null, stage: c.stage, stageDates: c.stageDates,
          amount: c.amount === undefined ? null : sameDecimal(String(c.amount)),
          milestoneRef: c.milestoneId ? refs.get(String(c.milestoneId)) : null,
        })).sort((a, b) => `${a.donorId}${a.description}`.localeCompare(`${b.donorId}${b.description}`));
      };
      const originalContributions = await contributionFields('ams-rm-current');
      expect(originalContributions.length).toBeGreaterThan(0);
      expect(await contributionFields(copy), format).toEqual(originalContributions);
      // And the copy's own export imports into it with nothing to change.
      const again = await upload('coord-pe', copy, (await download('coord-pe', `/api/v1/plans/${copy}/export?format=${format}`)).bytes, `again.${format}`);
      expect(again.body.summary, format).toEqual({ create: 0, update: 0, unchanged: original.length });
      if (format === 'xlsx') expect(again.body.contributions.summary).toEqual({ create: 0, update: 0, unchanged: originalContributions.length });
      else {
        const contributionsAgain = await upload('coord-pe', copy, (await download('coord-pe', `/api/v1/plans/${copy}/export?format=csv&sheet=contributions`)).bytes, 'again-contributions.csv');
        expect(contributionsAgain.body.contributions.summary).toEqual({ create: 0, update: 0, unchanged: originalContributions.length });
      }
    }
  }, 90_000); // two plans' worth of imports and exports: longer than the default on a loaded machine

  it('text a spreadsheet would run (=, +, -, @, tab, CR) is written inert in both formats, and imports back as written', async () => {
    const created = await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { title: 'Injection', period: { start: '2026-01-01', end: '2027-12-31' } });
    const plan = created.body.id as string;
    const risky = ['=HYPERLINK("http://evil.example.org","x")', '+1+2', '-2+3', '@SUM(A1)', '\tTabbed', '\rReturned'];
    for (const [i, title] of risky.entries()) {
      const res = await t.as('coord-pe').post(`/api/v1/plans/${plan}/milestones`, { title: `${title} ${i}`, ownerAdministrationId: 'PE', dueDate: '2026-05-01', note: title });
      expect(res.status, title).toBe(201);
    }
    const stored = (await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones?limit=100`)).body.items.map((m: { title: string }) => m.title);
    // Titles are trimmed when stored (a leading tab or CR does not survive); the other four stay risky.
    const riskyStored = stored.filter((title: string) => /^[=+\-@\t\r]/.test(title));
    expect(riskyStored).toHaveLength(4);
    const csvText = String((await t.as('coord-pe').get(`/api/v1/plans/${plan}/export?format=csv`)).body);
    for (const title of riskyStored) {
      const quoted = title.includes('"') ? `"'${title.replace(/"/g, '""')}"` : `'${title}`;
      expect(csvText).toContain(`,${quoted},`);
      expect(csvText).not.toMatch(new RegExp(`(^|,)${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    }
    const book = (await download('coord-pe', `/api/v1/plans/${plan}/export?format=xlsx`)).bytes;
    const sheetXml = strFromU8(unzipSync(book)['xl/worksheets/sheet1.xml']!);
    expect(sheetXml).not.toMatch(/<f>|<f /);
    const rows = readSpreadsheet(book)[0]!.rows.slice(1);
    expect(rows.filter((r) => String(r[1]).startsWith("'")).map((r) => String(r[1]).slice(1)).sort()).toEqual([...riskyStored].sort());
    // Importing the export back changes nothing: the apostrophe comes off again.
    const again = await upload('coord-pe', plan, book, 'again.xlsx');
    expect(again.body.summary).toEqual({ create: 0, update: 0, unchanged: stored.length });
  });

  it('holds only what the reader may see: a donor gets its own contributions, not the others\'', async () => {
    const all = readSpreadsheet((await download('coord-pe', '/api/v1/plans/ams-rm-current/export?lang=en')).bytes);
    const jica = readSpreadsheet((await download('donor-jica', '/api/v1/plans/ams-rm-current/export?lang=en')).bytes);
    const donors = (tables: typeof all) => new Set(tables[1]!.rows.slice(1).map((r) => r[0]));
    expect(donors(all).size).toBeGreaterThan(1);
    expect([...donors(jica)]).toEqual(['Japan International Cooperation Agency (JICA)']);
    expect((await t.as('dg-pe').get('/api/v1/plans/ams-rm-current/export')).status).toBe(200);
    const other = await t.as('donor-captac').get('/api/v1/plans/ams-rm-2014/export');
    expect([403, 404]).toContain(other.status);
  });
});

describe('strategy and donor exports', () => {
  it('a strategy: every plan\'s milestones in one sheet, the plan first (then the indicators)', async () => {
    const tables = readSpreadsheet((await download('coord-pe', '/api/v1/strategies/ams-rm/export?lang=pt')).bytes);
    expect(tables.map((x) => x.name)).toEqual(['Marcos', 'Indicadores']);
    expect(tables[0]!.rows[0]!.slice(0, 3)).toEqual(['Plano de ação', 'Ref.', 'Título']);
    expect(new Set(tables[0]!.rows.slice(1).map((r) => r[0])).size).toBeGreaterThan(1);
  });

  it('a donor: its own contributions and the milestones they fund; another donor\'s is refused', async () => {
    const tables = readSpreadsheet((await download('donor-jica', '/api/v1/donors/jica/export?lang=en')).bytes);
    expect(tables.map((x) => x.name)).toEqual(['Contributions', 'Milestones', 'Indicators']);
    expect(tables[0]!.rows.length).toBeGreaterThan(1);
    expect(tables[1]!.rows.length).toBeGreaterThan(1);
    expect((await t.as('donor-jica').get('/api/v1/donors/captac-dr/export')).status).toBe(403);
  });
});

describe('bad files over HTTP: one sentence, nothing written, no 5xx', () => {
  it('answers 413 over 5 MB and 422 for the rest, as problem details in the caller\'s language', async () => {
    const plan = 'ams-rm-current';
    const before = (await t.as('coord-pe').get(`/api/v1/plans/${plan}`)).headers.get('ETag');
    const big = await upload('coord-pe', plan, new Uint8Array(5 * 1024 * 1024 + 10).fill(0x61), 'big.csv');
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ type: '/problems/bad-file' });
    const encrypted = await upload('coord-pe', plan, encryptedWorkbook(), 'secret.xlsx');
    expect(encrypted.status).toBe(422);
    expect(encrypted.body.detail).toBe('El archivo está protegido con contraseña: guarde una copia sin contraseña y súbala.');
    const formula = await upload('coord-pe', plan, xlsx({ x: [['Title', 'Owner administration', 'Due date'], ['A', 'PE', { f: 'TODAY()' }]] }), 'f.xlsx');
    expect(formula.status).toBe(422);
    expect(formula.body.detail).toContain('x!C2');
    const noColumns = await upload('coord-pe', plan, csv([['name', 'value'], ['a', '1']]), 'other.csv');
    expect(noColumns.status).toBe(422);
    expect((await upload('coord-pe', plan, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'photo.png')).status).toBe(422);
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}`)).headers.get('ETag')).toBe(before);
  });
});
