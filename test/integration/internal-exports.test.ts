/**
 * The "Internal" column of the plan and strategy exports (issue 13), against DynamoDB Local in the
 * demo world, where the current plan's regional targeted control operation (m10, Argentina's) is
 * internal; here the co-coordinator Peru also marks the South-South travel (c05) internal. The
 * column is there, filled, for those who may see internal items (secretariat, co-coordinators,
 * administrations involved), in XLSX and CSV; a donor's plan export and any donor export have
 * neither the column nor the items; an export imports into an empty plan with its flags.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sheets as catalogs } from '../../shared/i18n/sheets.ts';
import { previewContributions } from '../../shared/commands/import-contributions.ts';
import { mapHeaders, readingLocale, IMPORTED_CONTRIBUTION_COLUMNS } from '../../shared/commands/sheet-values.ts';
import { readSpreadsheet } from '../../shared/sheets/read.ts';
import type { Cell } from '../../shared/sheets/types.ts';
import { demoApp } from '../support/api.ts';

const PLAN = 'ams-rm-current';
const M10_TITLE = 'Regional targeted control operation executed';
const C05 = `${PLAN}.c05`;
const C05_TEXT = 'South-South travel for the joint operation';

let t: Awaited<ReturnType<typeof demoApp>>;

async function tablesOf(person: string, path: string) {
  const res = await t.app.request(path, { headers: { Authorization: t.authorization(person) } });
  expect(res.status, `${person} ${path}`).toBe(200);
  return readSpreadsheet(new Uint8Array(await res.arrayBuffer()));
}
/** The rows of a table as objects keyed by header. */
const records = (rows: Cell[][]) => rows.slice(1).map((r) => Object.fromEntries(rows[0]!.map((h, i) => [String(h), r[i] ?? null])));

beforeAll(async () => {
  t = await demoApp();
  const etag = (await t.as('coord-pe').get(`/api/v1/contributions/${C05}`)).headers.get('ETag')!;
  expect((await t.as('coord-pe').patch(`/api/v1/contributions/${C05}`, { internal: true }, { 'If-Match': etag })).status).toBe(200);
});

describe('the Internal column of the exports', () => {
  it('is in the plan export of the secretariat, the co-coordinators and an involved administration, filled for internal items (XLSX)', async () => {
    for (const person of ['admin', 'coord-pe', 'coord-ar']) {
      const [milestones, contributions] = await tablesOf(person, `/api/v1/plans/${PLAN}/export?format=xlsx&lang=en`);
      expect(milestones!.rows[0], person).toContain('Internal'); // after the template's columns (the texts in other languages follow it)
      const m = records(milestones!.rows);
      expect(m.find((r) => r.Title === M10_TITLE)?.Internal, person).toBe('internal');
      expect(m.filter((r) => r.Internal !== null).map((r) => r.Title), person).toEqual([M10_TITLE]);
      expect(contributions!.rows[0]!.at(-1)).toBe('Internal');
      expect(records(contributions!.rows).find((r) => r.Description === C05_TEXT)?.Internal, person).toBe('internal');
    }
    // In Spanish, and in CSV.
    const [es] = await tablesOf('coord-pe', `/api/v1/plans/${PLAN}/export?format=xlsx&lang=es`);
    expect(es!.rows[0]).toContain('Interno');
    const [csv] = await tablesOf('admin', `/api/v1/plans/${PLAN}/export?format=csv&lang=en`);
    expect(records(csv!.rows).find((r) => r.Title === M10_TITLE)?.Internal).toBe('internal');
    const [csvContributions] = await tablesOf('admin', `/api/v1/plans/${PLAN}/export?format=csv&sheet=contributions&lang=fr`);
    expect(csvContributions!.rows[0]!.at(-1)).toBe('Interne');
  });

  it('leaves the internal milestone out of the export of a focal point of an administration it does not involve', async () => {
    const [milestones] = await tablesOf('focal-gt', `/api/v1/plans/${PLAN}/export?format=xlsx&lang=en`);
    const m = records(milestones!.rows);
    expect(m.some((r) => r.Title === M10_TITLE)).toBe(false);
    expect(m.every((r) => r.Internal === null || r.Internal === undefined)).toBe(true);
  });

  it('is not in a donor\'s plan export, nor in any donor export, and neither are the internal items', async () => {
    const [milestones, contributions] = await tablesOf('donor-jica', `/api/v1/plans/${PLAN}/export?format=xlsx&lang=en`);
    expect(milestones!.rows[0]).not.toContain('Internal');
    expect(contributions!.rows[0]).not.toContain('Internal');
    expect(JSON.stringify(milestones!.rows)).not.toContain(M10_TITLE);
    for (const person of ['admin', 'coord-pe']) {
      const donorExport = await tablesOf(person, '/api/v1/donors/ar-south-south/export?format=xlsx&lang=en');
      for (const table of donorExport) expect(table.rows[0], person).not.toContain('Internal');
      const text = JSON.stringify(donorExport);
      expect(text, person).not.toContain(C05_TEXT);
      expect(text, person).not.toContain(M10_TITLE);
    }
  });

  it('is in the strategy export of those who may see internal items, and not in a donor\'s', async () => {
    const [all] = await tablesOf('admin', '/api/v1/strategies/ams-rm/export?format=xlsx&lang=en');
    expect(all!.rows[0]!.at(-1)).toBe('Internal');
    expect(records(all!.rows).find((r) => r.Title === M10_TITLE)?.Internal).toBe('internal');
    const [donors] = await tablesOf('donor-jica', '/api/v1/strategies/ams-rm/export?format=xlsx&lang=en');
    expect(donors!.rows[0]).not.toContain('Internal');
    expect(JSON.stringify(donors!.rows)).not.toContain(M10_TITLE);
  });
});

describe('the round trip keeps the flags', () => {
  it('an export imports into an empty plan with its internal milestone and contribution', async () => {
    const created = await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { title: 'Copy with internal items', period: { start: '2026-01-01', end: '2027-12-31' } });
    expect(created.status).toBe(201);
    const copy = created.body.id as string;
    const exported = await t.app.request(`/api/v1/plans/${PLAN}/export?format=xlsx&lang=pt`, { headers: { Authorization: t.authorization('coord-pe') } });
    const preview = await t.as('coord-pe').send('POST', `/api/v1/plans/${copy}/imports?fileName=copy.xlsx`, { raw: new Uint8Array(await exported.arrayBuffer()), headers: { 'Content-Type': 'application/octet-stream' } });
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([]);
    expect((await t.as('coord-pe').send('POST', `/api/v1/plans/${copy}/imports/${preview.body.id}/confirm`, {})).status).toBe(200);
    const milestones = (await t.as('admin').get(`/api/v1/plans/${copy}/milestones?limit=100`)).body.items as { title: string; internal?: boolean }[];
    expect(milestones.filter((m) => m.internal).map((m) => m.title)).toEqual([M10_TITLE]);
    const contributions = (await t.as('admin').get(`/api/v1/plans/${copy}/contributions?limit=100`)).body.items as { description: string; internal?: boolean }[];
    expect(contributions.filter((c) => c.internal).map((c) => c.description)).toEqual([C05_TEXT]);
    // JICA funds the copy too (its contributions came with the file), and does not see the internal milestone there either.
    const seen = await t.as('donor-jica').get(`/api/v1/plans/${copy}/milestones?limit=100`);
    expect(seen.status).toBe(200);
    expect(seen.body.items.length).toBe(milestones.length - 1);
    expect(JSON.stringify(seen.body)).not.toContain(M10_TITLE);
  });

  it('a change of the flag by someone not allowed to mark internal items is a row error; a value that is not a flag too', () => {
    const en = catalogs.en;
    const headers = [en['col.donor']!, en['col.kind']!, en['col.description']!, en['col.amount']!, en['col.currency']!, en['col.stage']!, en['col.pledged']!, en['col.internal']!];
    const errors: { row: number; column: string; code: string }[] = [];
    const table = { name: 'csv', rows: [headers, ['jica', 'Financial', 'Secret scanner', '10.00', 'USD', 'Pledged', '2026-01-02', 'internal'], ['jica', 'Financial', 'Other', '10.00', 'USD', 'Pledged', '2026-01-02', 'perhaps']] as Cell[][] };
    const out = previewContributions({
      planId: PLAN, strategyId: 'ams-rm', table, headers: mapHeaders(table.rows[0]!, IMPORTED_CONTRIBUTION_COLUMNS), locale: readingLocale('en'),
      current: [], donors: [{ id: 'jica', name: 'JICA' }], milestoneByRef: new Map(), mayMarkInternal: false,
      fail: (row, column, _value, code) => errors.push({ row, column, code }), errorCount: () => errors.length,
    });
    expect(errors).toEqual([{ row: 2, column: 'internal', code: 'not_allowed' }, { row: 3, column: 'internal', code: 'bad_internal' }]);
    expect(out.writes).toEqual([]);
  });
});
