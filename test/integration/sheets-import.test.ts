/**
 * Importing milestones from a spreadsheet through the API, against DynamoDB Local: the template,
 * the preview (create / update / unchanged, every error at once, milestones missing from the file),
 * the confirm (history says it came from the import, with the file name), re-import changes
 * nothing, a plan changed since the preview is refused saying what changed, who may import, and
 * the cost of 500 rows in write requests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../shared/sheets/read.ts';
import { ROWS_PER_CHUNK } from '../../shared/store/imports.ts';
import { demoApp } from '../support/api.ts';
import { csv, xlsx } from '../support/sheets.ts';
import type { Cell } from '../../shared/sheets/types.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

async function emptyPlan(title: string) {
  const res = await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { title, period: { start: '2026-01-01', end: '2027-12-31' } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const upload = (person: string, planId: string, file: Uint8Array, fileName: string, query = '') =>
  t.as(person).send('POST', `/api/v1/plans/${planId}/imports?fileName=${encodeURIComponent(fileName)}${query}`, { raw: file, headers: { 'Content-Type': 'application/octet-stream' } });
const confirm = (person: string, planId: string, id: string) => t.as(person).send('POST', `/api/v1/plans/${planId}/imports/${id}/confirm`, {});

const SPANISH_HEADERS = ['Ref.', 'Título', 'Descripción', 'Administración responsable', 'Fecha prevista inicial', 'Fecha prevista', 'Estado', 'Avance', 'Nota', 'Enlace a la evidencia'];

describe('the template', () => {
  it('downloads with headers in the asked language, as XLSX with a contributions sheet, or as CSV', async () => {
    const plan = await emptyPlan('Template plan');
    const res = await t.app.request(`/api/v1/plans/${plan}/import-template?lang=es`, { headers: { Authorization: `Bearer ${(await tokenOf('coord-pe'))}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('spreadsheetml');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="/);
    const tables = readSpreadsheet(new Uint8Array(await res.arrayBuffer()));
    expect(tables.map((x) => x.name)).toEqual(['Hitos', 'Contribuciones']);
    expect(tables[0]!.rows[0]).toEqual(SPANISH_HEADERS);
    const csvRes = await t.as('coord-pe').get(`/api/v1/plans/${plan}/import-template?format=csv&lang=fr`);
    expect(csvRes.status).toBe(200);
    expect(String(csvRes.body).replace(/^\ufeff/, '').split('\r\n')[0]).toBe('Réf.,Titre,Description,Administration responsable,Échéance initiale,Échéance,Statut,Avancement,Note,Lien vers la preuve');
  });
});

async function tokenOf(person: string): Promise<string> {
  const res = await t.as(person).get('/api/v1/me');
  expect(res.status).toBe(200);
  // The demo client signs its own tokens; read one back through a request it makes.
  let token = '';
  const original = t.app.request.bind(t.app);
  (t.app as { request: typeof original }).request = ((path: string, init?: RequestInit) => {
    token = String(new Headers(init?.headers).get('Authorization')).replace('Bearer ', '');
    return original(path, init);
  }) as typeof original;
  await t.as(person).get('/api/v1/me');
  (t.app as { request: typeof original }).request = original;
  return token;
}

describe('preview and confirm', () => {
  it('reads a Spanish CSV with semicolons: owners by code, country or administration name in any language, dd/mm dates, statuses in any language, then imports it', async () => {
    const plan = await emptyPlan('Buenos Aires workshop plan');
    const file = csv([
      SPANISH_HEADERS,
      ['', 'Comité nacional de gestión de riesgos', 'Crear el comité', 'PE', '30/06/2026', '30/06/2026', 'Planificado', '0', '', 'https://example.org/acta'],
      ['', 'Perfiles de riesgo compartidos', '', 'argentine', '', '15/09/2026', 'En curso', '25 %', 'Borrador listo', ''],
      ['', 'Operación de control dirigida', '', 'Guatemala Customs (SAT)', '', '2026-11-30', 'Concluído', '100', '', ''],
    ], { delimiter: ';', encoding: 'utf-8-bom' });
    const preview = await upload('coord-pe', plan, file, 'taller-buenos-aires.csv', '&lang=es');
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.summary).toEqual({ create: 3, update: 0, unchanged: 0 });
    expect(preview.body.rows.map((r: { row: number; ref: number; action: string }) => [r.row, r.ref, r.action])).toEqual([[2, 1, 'create'], [3, 2, 'create'], [4, 3, 'create']]);
    expect(preview.body.id).toMatch(/^[a-z0-9-]+$/);
    // Nothing is written before the confirm.
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items).toEqual([]);

    const done = await confirm('coord-pe', plan, preview.body.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ alreadyDone: false, summary: { create: 3 } });
    const items = (await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items as Record<string, unknown>[];
    const byRef = Object.fromEntries(items.map((m) => [m.ref, m]));
    expect(byRef[1]).toMatchObject({ title: 'Comité nacional de gestión de riesgos', ownerAdministrationId: 'PE', dueDate: '2026-06-30', baselineDueDate: '2026-06-30', status: 'planned', evidence: [{ url: 'https://example.org/acta' }] });
    expect(byRef[2]).toMatchObject({ ownerAdministrationId: 'AR', dueDate: '2026-09-15', status: 'in_progress', progress: 25, note: 'Borrador listo' });
    expect(byRef[3]).toMatchObject({ ownerAdministrationId: 'GT', status: 'done', progress: 100 });
    const history = await t.as('coord-pe').get(`/api/v1/milestones/${byRef[2]!.id}/history`);
    expect(history.body.items[0]).toMatchObject({ action: 'created', actor: 'coord-pe', via: 'import:taller-buenos-aires.csv' });

    // The same file again: every row unchanged, nothing to confirm.
    const again = await upload('coord-pe', plan, file, 'taller-buenos-aires.csv');
    expect(again.body.summary).toEqual({ create: 0, update: 0, unchanged: 3 });
    expect(again.body.confirmable).toBe(false);
    // Its confirm writes nothing and says why.
    const nothing = await confirm('coord-pe', plan, again.body.id);
    expect(nothing.status).toBe(409);
    expect(nothing.body.detail).toMatch(/nada que importar/);

    // A changed row updates the milestone with the same ref; a row left out is listed, not deleted.
    const changed = xlsx({ Hitos: [
      SPANISH_HEADERS,
      [1, 'Comité nacional de gestión de riesgos', 'Crear el comité', 'PE', new Date('2026-06-30T00:00:00Z'), new Date('2026-07-31T00:00:00Z'), 'En curso', 40, 'Reunión convocada', 'https://example.org/acta'],
      [2, 'Perfiles de riesgo compartidos', '', 'AR', '15/09/2026', '15/09/2026', 'In progress', 25, 'Borrador listo', ''],
    ] });
    const update = await upload('coord-pe', plan, changed, 'taller-v2.xlsx', '&lang=es');
    expect(update.body.errors).toEqual([]);
    expect(update.body.rows.map((r: { action: string }) => r.action)).toEqual(['update', 'unchanged']);
    expect(update.body.rows[0].changes.map((c: { field: string }) => c.field)).toEqual(['dueDate', 'status', 'progress', 'note']);
    expect(update.body.missing).toEqual([expect.objectContaining({ ref: 3, title: 'Operación de control dirigida' })]);
    expect((await confirm('coord-pe', plan, update.body.id)).status).toBe(200);
    const m1 = await t.as('coord-pe').get(`/api/v1/milestones/${byRef[1]!.id}`);
    expect(m1.body).toMatchObject({ dueDate: '2026-07-31', baselineDueDate: '2026-06-30', status: 'in_progress', progress: 40, version: 2 });
    expect((await t.as('coord-pe').get(`/api/v1/milestones/${byRef[1]!.id}/history`)).body.items[0]).toMatchObject({ action: 'updated', via: 'import:taller-v2.xlsx' });
    expect((await t.as('coord-pe').get(`/api/v1/milestones/${byRef[3]!.id}`)).status).toBe(200);
    // Confirming again writes nothing.
    expect((await confirm('coord-pe', plan, update.body.id)).body).toMatchObject({ alreadyDone: true });
  });

  it('lists every error at once, with row, column, value and a message in the language asked, and saves nothing', async () => {
    const plan = await emptyPlan('Errors plan');
    const file = csv([
      ['Ref', 'Title', 'Owner administration', 'Due date', 'Status', 'Progress', 'Evidence link'],
      ['', 'Fine row', 'Jamaica', '2026-05-01', 'Planned', '0', ''],
      ['', '', 'Atlantis', '04/25/2026', 'Someday', '140', 'not a link'],
      ['x', 'Done but not complete', 'JM', '03/04/2026', 'Done', '50', ''],
    ]);
    const res = await upload('coord-pe', plan, file, 'errors.csv', '&lang=en');
    expect(res.status).toBe(200);
    expect(res.body.confirmable).toBe(false);
    expect((await confirm('coord-pe', plan, res.body.id)).status).toBe(409);
    const errors = res.body.errors.map((e: { row: number; column: string; value: string; code: string }) => [e.row, e.column, e.value, e.code]);
    expect(errors).toEqual([
      [3, 'Owner administration', 'Atlantis', 'unknown_owner'],
      [3, 'Due date', '04/25/2026', 'date_order'],
      [3, 'Status', 'Someday', 'bad_status'],
      [3, 'Progress', '140', 'bad_progress'],
      [4, 'Ref', 'x', 'bad_ref'],
    ].concat([]));
    expect(res.body.errors[1].message).toBe('This date cannot be read as dd/mm/yyyy (the order your language setting uses): write it as YYYY-MM-DD.');
    // Under en-US the same date reads as 25 April; 03/04 as 4 March.
    const us = await upload('coord-pe', plan, csv([['Title', 'Owner administration', 'Due date'], ['A', 'JM', '04/25/2026'], ['B', 'JM', '03/04/2026']]), 'us.csv', '&lang=en&locale=en-US');
    expect(us.body.errors).toEqual([]);
    expect(us.body.rows).toHaveLength(2);
    // The rules of the forms apply: a done milestone is at 100, an evidence link is a web address.
    const rules = await upload('coord-pe', plan, csv([['Title', 'Owner administration', 'Due date', 'Status', 'Progress', 'Evidence link'], ['A', 'JM', '2026-01-01', 'Done', '50', 'not-a-link']]), 'rules.csv', '&lang=fr');
    expect(rules.body.errors.map((e: { code: string; column: string }) => [e.column, e.code])).toEqual(expect.arrayContaining([['Evidence link', 'bad_url']]));
    expect(rules.body.errors.map((e: { message: string }) => e.message)).toEqual(expect.arrayContaining(['Saisissez une adresse web commençant par https:// ou http://.']));
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items).toEqual([]);
  });

  it('refuses a confirm when the plan changed since the preview, saying what changed, and writes nothing', async () => {
    const plan = await emptyPlan('Stale plan');
    const first = await upload('coord-pe', plan, csv([['Title', 'Owner administration', 'Due date'], ['Committee', 'PE', '2026-03-01'], ['Profiles', 'AR', '2026-04-01']]), 'v1.csv');
    expect((await confirm('coord-pe', plan, first.body.id)).status).toBe(200);
    const preview = await upload('coord-pe', plan, csv([['Ref', 'Title', 'Owner administration', 'Due date'], ['1', 'Committee', 'PE', '2026-03-15'], ['', 'New one', 'GT', '2026-05-01']]), 'v2.csv');
    expect(preview.body.summary).toEqual({ create: 1, update: 1, unchanged: 0 });
    const [committee] = (await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items.filter((m: { ref: number }) => m.ref === 1);
    expect((await t.as('coord-ar').patch(`/api/v1/milestones/${committee.id}`, { progress: 10 }, { 'If-Match': '"1"' })).status).toBe(200);
    // In the caller's language (coord-pe reads Spanish), naming who changed what.
    const refused = await t.as('coord-pe').send('POST', `/api/v1/plans/${plan}/imports/${preview.body.id}/confirm`, {});
    expect(refused.status).toBe(409);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/^El plan cambió desde la vista previa, así que no se importó nada: .+ cambió el hito 1 \(Committee\)\./);
    const items = (await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items;
    expect(items).toHaveLength(2);
    expect(items.find((m: { ref: number }) => m.ref === 1)).toMatchObject({ dueDate: '2026-03-01', progress: 10 });
  });

  it('is for the plan\'s co-coordinators and the secretariat; someone else\'s preview is not found', async () => {
    const plan = await emptyPlan('Policy plan');
    const file = csv([['Title', 'Owner administration', 'Due date'], ['Committee', 'GT', '2026-03-01']]);
    expect((await upload('focal-gt', plan, file, 'x.csv')).status).toBe(403);
    expect((await upload('donor-jica', plan, file, 'x.csv')).status).toBe(403);
    expect((await upload('coord-pe', 'no-such-plan', file, 'x.csv')).status).toBe(404);
    const preview = await upload('coord-pe', plan, file, 'x.csv');
    expect((await confirm('coord-ar', plan, preview.body.id)).status).toBe(404);
    expect((await confirm('focal-gt', plan, preview.body.id)).status).toBe(404);
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items).toEqual([]);
    expect((await confirm('coord-pe', plan, preview.body.id)).status).toBe(200);
  });
});

describe('cost', () => {
  it('imports 500 rows in at most 15 DynamoDB write requests (preview record included)', async () => {
    const plan = await emptyPlan('Five hundred rows');
    const rows = Array.from({ length: 500 }, (_, i) => [`Milestone ${i + 1}`, ['PE', 'AR', 'GT', 'BR'][i % 4]!, `2026-${String((i % 12) + 1).padStart(2, '0')}-15`]);
    const file = csv([['Title', 'Owner administration', 'Due date'], ...rows]);
    t.tables.counter.reset();
    const preview = await upload('coord-pe', plan, file, 'big.csv');
    expect(preview.body.summary.create).toBe(500);
    const done = await confirm('coord-pe', plan, preview.body.id);
    expect(done.status).toBe(200);
    const writes = ['BatchWriteItem', 'TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem'].reduce((n, op) => n + t.tables.counter.count(op), 0);
    expect(writes).toBeLessThanOrEqual(15);
    expect(t.tables.counter.count('TransactWriteItems')).toBe(Math.ceil(500 / ROWS_PER_CHUNK));
    const page = await t.as('coord-pe').get(`/api/v1/plans/${plan}/progress`);
    expect(page.body.milestones.total).toBe(500);
    // Refs 1..500, unique, the plan's counter at 500: the next milestone added gets 501.
    const added = await t.as('coord-pe').post(`/api/v1/plans/${plan}/milestones`, { title: 'After the import', ownerAdministrationId: 'PE', dueDate: '2027-01-01' });
    expect(added.body.ref).toBe(501);
  });
});

describe('re-importing an export into its plan: the milestones\' translations (issue 14)', () => {
  const PLAN = 'ams-rm-current';
  /** The plan's export as CSV with English headers, as rows of cells (the header first). */
  const exported = async () => {
    const res = await t.app.request(`/api/v1/plans/${PLAN}/export?format=csv&lang=en`, { headers: { Authorization: t.authorization('coord-pe') } });
    expect(res.status).toBe(200);
    return readSpreadsheet(new Uint8Array(await res.arrayBuffer()))[0]!.rows as Cell[][];
  };
  const asCsv = (rows: Cell[][]) => csv(rows.map((r) => r.map((c) => (c === null ? null : String(c)))));
  const stored = async (ref: number) => (await t.store.plans.collection(PLAN)).milestones.map((m) => m.milestone).find((m) => m.ref === ref)!;

  it('an export imported back unchanged is all rows unchanged, and leaves outdated marks as they were', async () => {
    // m04's English title changed after its translations were made: they are outdated, before and after the round trip.
    const m04 = await t.as('admin').get(`/api/v1/milestones/${PLAN}.m04`);
    expect((await t.as('admin').patch(`/api/v1/milestones/${PLAN}.m04`, { title: 'Joint targeted control operation: planning meeting held' }, { 'If-Match': m04.headers.get('ETag')! })).status).toBe(200);
    const before = (await t.store.plans.collection(PLAN)).milestones.map((m) => m.milestone);
    expect(before.find((m) => m.id === `${PLAN}.m04`)!.translations?.title?.texts.es?.outdated).toBe(true);

    const rows = await exported();
    expect(rows[0]).toContain('Title (es)');
    const preview = await upload('coord-pe', PLAN, asCsv(rows), 'same.csv');
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.summary).toEqual({ create: 0, update: 0, unchanged: rows.length - 1 });
    const after = (await t.store.plans.collection(PLAN)).milestones.map((m) => m.milestone);
    expect(after).toEqual(before);
  });

  it('a changed Spanish title cell updates that translation only; the history says it came from the import', async () => {
    const rows = await exported();
    const at = (name: string) => rows[0]!.indexOf(name);
    const row = rows.find((r) => r[at('Ref')] !== null && Number(r[at('Ref')]) === 3)!;
    const before = await stored(3);
    expect(row[at('Title (es)')]).toBe(before.translations!.title!.texts.es!.text);
    row[at('Title (es)')] = 'Personal del centro de selectividad formado en el Compendio de la OMA';
    const preview = await upload('coord-pe', PLAN, asCsv(rows), 'traducciones.csv');
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.summary).toEqual({ create: 0, update: 1, unchanged: rows.length - 2 });
    const updated = preview.body.rows.find((r: { ref: number }) => r.ref === 3);
    expect(updated.action).toBe('update');
    expect(updated.changes.map((c: { field: string }) => c.field)).toEqual(['translations']);
    expect((await confirm('coord-pe', PLAN, preview.body.id)).status).toBe(200);
    const after = await stored(3);
    expect(after.title).toBe(before.title);
    expect(after.translations?.title).toEqual({ ...before.translations!.title!, texts: { ...before.translations!.title!.texts, es: { text: 'Personal del centro de selectividad formado en el Compendio de la OMA' } } });
    expect(after.translations?.note).toEqual(before.translations?.note);
    const history = await t.as('coord-pe').get(`/api/v1/milestones/${after.id}/history`);
    expect(history.body.items[0]).toMatchObject({ action: 'updated', actor: 'coord-pe', via: 'import:traducciones.csv' });
  });

  it('a translation cell too long is refused naming its column, and nothing changes; a stale preview is refused', async () => {
    const rows = await exported();
    const at = (name: string) => rows[0]!.indexOf(name);
    const row = rows.find((r) => r[at('Ref')] !== null && Number(r[at('Ref')]) === 6)!;
    row[at('Title (fr)')] = 'x'.repeat(5000);
    const before = (await t.store.plans.collection(PLAN)).milestones.map((m) => m.milestone);
    const refused = await upload('coord-pe', PLAN, asCsv(rows), 'trop-long.csv');
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: rows.indexOf(row) + 1, column: 'Title (fr)', code: 'too_big' })]);
    expect(refused.body.confirmable).toBe(false);
    expect((await t.store.plans.collection(PLAN)).milestones.map((m) => m.milestone)).toEqual(before);
    // A preview made before someone else changed the plan is not confirmed (nothing written).
    row[at('Title (fr)')] = 'Module d\'audit a posteriori déployé';
    const preview = await upload('coord-pe', PLAN, asCsv(rows), 'audit.csv');
    expect(preview.body.summary.update).toBe(1);
    const m06 = await t.as('admin').get(`/api/v1/milestones/${PLAN}.m06`);
    expect((await t.as('admin').patch(`/api/v1/milestones/${PLAN}.m06`, { progress: 40 }, { 'If-Match': m06.headers.get('ETag')! })).status).toBe(200);
    const stale = await confirm('coord-pe', PLAN, preview.body.id);
    expect(stale.status).toBe(409);
    expect((await stored(6)).translations?.title?.texts.fr?.text).not.toBe('Module d\'audit a posteriori déployé');
    // Someone who may not change the plan's milestones cannot import it.
    expect((await upload('focal-jm', PLAN, asCsv(rows), 'audit.csv')).status).toBe(403);
  });

  it('a changed original with its translation cells as they were marks those translations outdated; an emptied cell removes one', async () => {
    const rows = await exported();
    const at = (name: string) => rows[0]!.indexOf(name);
    const row = rows.find((r) => r[at('Ref')] !== null && Number(r[at('Ref')]) === 9)!;
    const before = await stored(9);
    expect(Object.keys(before.translations!.title!.texts).sort()).toEqual(['es', 'fr', 'pt']);
    row[at('Title')] = 'Mid-term review of the action plan, for the Directors General';
    row[at('Title (pt)')] = null;
    const preview = await upload('coord-pe', PLAN, asCsv(rows), 'revisión.csv');
    expect(preview.body.summary.update).toBe(1);
    expect((await confirm('coord-pe', PLAN, preview.body.id)).status).toBe(200);
    const after = await stored(9);
    expect(after.title).toBe('Mid-term review of the action plan, for the Directors General');
    expect(after.translations?.title?.texts).toEqual({
      es: { text: before.translations!.title!.texts.es!.text, outdated: true },
      fr: { text: before.translations!.title!.texts.fr!.text, outdated: true },
    });
  });
});
