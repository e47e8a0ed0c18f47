/**
 * The contributions sheet of an import, through the API against DynamoDB Local: donors by name,
 * acronym or IATI identifier (case and accents ignored), amounts as the reader's locale writes
 * them, stages and stage dates, a milestone ref the same file adds; create / update / unchanged;
 * every error at once; the contributions-only CSV; the policy; a contribution changed after the
 * preview; the saved preview read again (its maker only, and saying what changed); and the cost
 * of 500 rows of milestones and contributions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';
import { csv, xlsx } from '../support/sheets.ts';
import { ROWS_PER_CHUNK } from '../../shared/store/imports.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

async function emptyPlan(title: string) {
  const res = await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', { title, period: { start: '2026-01-01', end: '2027-12-31' }, budget: { amount: '500000', currency: 'USD' } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const upload = (person: string, planId: string, file: Uint8Array, fileName: string, query = '') =>
  t.as(person).send('POST', `/api/v1/plans/${planId}/imports?fileName=${encodeURIComponent(fileName)}${query}`, { raw: file, headers: { 'Content-Type': 'application/octet-stream' } });
const confirm = (person: string, planId: string, id: string) => t.as(person).send('POST', `/api/v1/plans/${planId}/imports/${id}/confirm`, {});
const contributionsOf = async (planId: string) => (await t.as('coord-pe').get(`/api/v1/plans/${planId}/contributions?limit=100`)).body.items as Record<string, unknown>[];

const MILESTONES_ES = ['Ref.', 'Título', 'Administración responsable', 'Fecha prevista'];
const CONTRIBUTIONS_ES = ['Donante', 'Tipo', 'Descripción', 'Monto', 'Moneda', 'Etapa', 'Prometido el', 'Comprometido el', 'Desembolsado el', 'Ejecutado el', 'Ref. del hito'];

describe('the contributions sheet', () => {
  it('reads donors, amounts in the locale\'s way, stages and dates, links a milestone the file adds, imports, and changes nothing the second time', async () => {
    const plan = await emptyPlan('Workshop with donors');
    const file = xlsx({
      Hitos: [MILESTONES_ES, [1, 'Comité nacional', 'PE', '30/06/2026'], [2, 'Perfiles de riesgo', 'AR', '15/09/2026']],
      Contribuciones: [
        CONTRIBUTIONS_ES,
        ['jica', 'Financiera', 'Expertos para el comité', '150.000,50', 'USD', 'Comprometido', '01/03/2026', '15/03/2026', '', '', 1],
        ['JAPAN INTERNATIONAL COOPERATION AGENCY (JICA)', 'financial', 'Segunda fase', '2.000.000', 'JPY', 'Prometido', '2026-04-01', '', '', '', ''],
        ['XM-DAC-909', 'En especie', 'Sala para el taller', '', '', 'Ejecutado', '01/02/2026', '02/02/2026', '03/02/2026', '04/02/2026', 2],
      ],
    });
    const preview = await upload('coord-pe', plan, file, 'taller-donantes.xlsx', '&lang=es&locale=es-AR');
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.confirmable).toBe(true);
    expect(preview.body.contributions.summary).toEqual({ create: 3, update: 0, unchanged: 0 });
    expect(preview.body.contributions.rows.map((r: { row: number; donor: string; action: string }) => [r.row, r.donor, r.action])).toEqual([
      [2, 'Japan International Cooperation Agency (JICA)', 'create'],
      [3, 'Japan International Cooperation Agency (JICA)', 'create'],
      [4, 'Inter-American Development Bank (IDB)', 'create'],
    ]);
    expect(await contributionsOf(plan)).toEqual([]);
    // JICA does not fund the plan yet: its officer may not read it.
    expect((await t.as('donor-jica').get(`/api/v1/plans/${plan}`)).status).toBe(403);

    expect((await confirm('coord-pe', plan, preview.body.id)).body).toMatchObject({ alreadyDone: false, contributionSummary: { create: 3 } });
    const stored = await contributionsOf(plan);
    const milestones = (await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items as { id: string; ref: number }[];
    const byDescription = Object.fromEntries(stored.map((c) => [c.description, c]));
    expect(byDescription['Expertos para el comité']).toMatchObject({
      donorId: 'jica', kind: 'financial', amount: '150000.50', currency: 'USD', stage: 'committed',
      stageDates: { pledged: '2026-03-01', committed: '2026-03-15' }, milestoneId: milestones.find((m) => m.ref === 1)!.id,
    });
    expect(byDescription['Segunda fase']).toMatchObject({ donorId: 'jica', amount: '2000000', currency: 'JPY', stage: 'pledged' });
    expect(byDescription['Sala para el taller']).toMatchObject({ donorId: 'idb', kind: 'in_kind', stage: 'spent', milestoneId: milestones.find((m) => m.ref === 2)!.id });
    const history = await t.store.history.list(`contribution/${String(byDescription['Segunda fase']!.id)}`, { limit: 5 });
    expect(history.items[0]).toMatchObject({ action: 'created', actor: 'coord-pe', via: 'import:taller-donantes.xlsx' });
    // Now JICA funds the plan, and its officer reads it and its own contributions only.
    expect((await t.as('donor-jica').get(`/api/v1/plans/${plan}`)).status).toBe(200);
    expect((await t.as('donor-jica').get(`/api/v1/plans/${plan}/contributions`)).body.items).toHaveLength(2);

    // The same file again: nothing to change, nothing to confirm.
    const again = await upload('coord-pe', plan, file, 'taller-donantes.xlsx', '&lang=es&locale=es-AR');
    expect(again.body.summary).toEqual({ create: 0, update: 0, unchanged: 2 });
    expect(again.body.contributions.summary).toEqual({ create: 0, update: 0, unchanged: 3 });
    expect(again.body.confirmable).toBe(false);

    // A changed amount and stage update that contribution; a row left out is listed, never deleted.
    const changed = xlsx({
      Contribuciones: [
        CONTRIBUTIONS_ES,
        ['JICA', 'Financiera', 'Expertos para el comité', '175.000', 'USD', 'Desembolsado', '01/03/2026', '15/03/2026', '20/05/2026', '', 1],
        ['jica', 'Financiera', 'Segunda fase', '2.000.000', 'JPY', 'Prometido', '01/04/2026', '', '', '', ''],
      ],
    });
    const update = await upload('coord-pe', plan, changed, 'cambios.xlsx', '&lang=es&locale=es-AR');
    expect(update.body.errors).toEqual([]);
    expect(update.body.missing).toEqual([]);
    expect(update.body.contributions.rows.map((r: { action: string }) => r.action)).toEqual(['update', 'unchanged']);
    expect(update.body.contributions.rows[0].changes.map((c: { field: string }) => c.field)).toEqual(['amount', 'stage', 'stageDates']);
    expect(update.body.contributions.missing).toEqual([expect.objectContaining({ donor: 'Inter-American Development Bank (IDB)', description: 'Sala para el taller' })]);
    expect((await confirm('coord-pe', plan, update.body.id)).status).toBe(200);
    const after = Object.fromEntries((await contributionsOf(plan)).map((c) => [c.description, c]));
    expect(after['Expertos para el comité']).toMatchObject({ amount: '175000', stage: 'disbursed', version: 2 });
    expect(after['Sala para el taller']).toMatchObject({ version: 1 });
  });

  it('lists every error of both sheets at once (sheet, row, column, value, message in the reader\'s language) and writes nothing', async () => {
    const plan = await emptyPlan('Errors with donors');
    const file = xlsx({
      Jalons: [['Titre', 'Administration responsable', 'Échéance'], ['Comité', 'Atlantide', '2026-06-30']],
      Contributions: [
        ['Donateur', 'Nature', 'Description', 'Montant', 'Devise', 'Étape', 'Promis le', 'Engagé le', 'Décaissé le', 'Dépensé le', 'Réf. du jalon'],
        ['Nobody Fund', 'Financière', 'A', '100', 'USD', '', '2026-01-01', '', '', '', ''],
        ['jica', 'Gift', 'B', '150,000.50', 'USD', 'Promis', '2026-01-01', '', '', '', ''],
        ['jica', 'Financière', 'C', '100', 'DOLLARS', 'Someday', '2026-01-01', '', '', '', '9'],
        ['jica', 'Financière', 'D', '100,555', 'USD', 'Promis', '2026-01-01', '2026-02-01', '', '', ''],
      ],
    });
    const res = await upload('coord-pe', plan, file, 'erreurs.xlsx', '&lang=fr');
    expect(res.status).toBe(200);
    expect(res.body.confirmable).toBe(false);
    expect(res.body.errors.map((e: { sheet: string; row: number; column: string; value: string; code: string }) => [e.sheet, e.row, e.column, e.value, e.code])).toEqual([
      ['Jalons', 2, 'Administration responsable', 'Atlantide', 'unknown_owner'],
      ['Contributions', 2, 'Donateur', 'Nobody Fund', 'unknown_donor'],
      ['Contributions', 3, 'Nature', 'Gift', 'bad_kind'],
      ['Contributions', 3, 'Montant', '150,000.50', 'bad_amount'],
      ['Contributions', 4, 'Étape', 'Someday', 'bad_stage'],
      ['Contributions', 4, 'Réf. du jalon', '9', 'unknown_milestone_ref'],
      ['Contributions', 5, 'Montant', '100,555', 'amount_decimals'],
      ['Contributions', 5, 'Engagé le', '2026-02-01', 'stage_not_reached'],
    ]);
    expect(res.body.errors[3].message).toBe(`Ce n'est pas un montant écrit comme ${new Intl.NumberFormat('fr', { minimumFractionDigits: 2 }).format(150000.5)}.`);
    expect(await contributionsOf(plan)).toEqual([]);
    // The currency's own rule: a code of ISO 4217.
    const currency = await upload('coord-pe', plan, csv([['Donor', 'Kind', 'Description', 'Amount', 'Currency', 'Pledged on'], ['jica', 'Financial', 'E', '100', 'DOLLARS', '2026-01-01']]), 'c.csv', '&lang=en');
    expect(currency.body.errors.map((e: { column: string; code: string }) => [e.column, e.code])).toEqual([['Currency', 'bad_currency']]);
    expect((await confirm('coord-pe', plan, res.body.id)).status).toBe(409);
  });

  it('a contributions CSV on its own: milestones untouched and not listed as missing; a plain decimal point reads where it cannot be a grouping', async () => {
    const plan = await emptyPlan('Contributions CSV');
    const first = await upload('coord-pe', plan, csv([['Title', 'Owner administration', 'Due date'], ['Committee', 'PE', '2026-03-01']]), 'm.csv');
    expect((await confirm('coord-pe', plan, first.body.id)).status).toBe(200);
    const file = csv([
      ['Donante', 'Tipo', 'Descripción', 'Monto', 'Moneda', 'Etapa', 'Prometido el', 'Ref. del hito'],
      ['IDB', 'Financiera', 'Consultoría', '1500.5', 'USD', 'Prometido', '01/03/2026', '1'],
      ['idb', 'Financiera', 'Equipos', '1.500', 'USD', 'Prometido', '01/03/2026', ''],
    ], { delimiter: ';' });
    const preview = await upload('coord-pe', plan, file, 'contribuciones.csv', '&lang=es');
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.rows).toEqual([]);
    expect(preview.body.missing).toEqual([]);
    expect(preview.body.contributions.summary).toEqual({ create: 2, update: 0, unchanged: 0 });
    expect((await confirm('coord-pe', plan, preview.body.id)).status).toBe(200);
    expect(Object.fromEntries((await contributionsOf(plan)).map((c) => [c.description, c.amount]))).toEqual({ Consultoría: '1500.5', Equipos: '1500' });
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items).toHaveLength(1);
  });

  it('is for those who may record contributions; a contribution changed after the preview refuses the confirm, saying so, and nothing is written', async () => {
    const plan = await emptyPlan('Policy with donors');
    const file = csv([['Donor', 'Kind', 'Description', 'Amount', 'Currency', 'Pledged on'], ['jica', 'Financial', 'Experts', '1000', 'USD', '2026-01-05']]);
    for (const person of ['focal-gt', 'donor-jica', 'dg-pe']) expect((await upload(person, plan, file, 'x.csv')).status, person).not.toBe(200);
    expect((await upload('focal-gt', plan, file, 'x.csv')).status).toBe(403);
    const first = await upload('coord-pe', plan, file, 'x.csv');
    expect((await confirm('coord-ar', plan, first.body.id)).status).toBe(404);
    expect((await confirm('coord-pe', plan, first.body.id)).status).toBe(200);
    const [experts] = await contributionsOf(plan);

    const preview = await upload('coord-pe', plan, csv([['Donor', 'Kind', 'Description', 'Amount', 'Currency', 'Pledged on'], ['jica', 'Financial', 'Experts', '2500', 'USD', '2026-01-05']]), 'y.csv', '&lang=en');
    expect(preview.body.contributions.summary).toEqual({ create: 0, update: 1, unchanged: 0 });
    expect((await t.as('coord-ar').patch(`/api/v1/contributions/${experts!.id}`, { amount: '1200' }, { 'If-Match': '"1"' })).status).toBe(200);
    // The saved preview, read again: stale, saying what changed.
    const view = await t.as('coord-pe').get(`/api/v1/plans/${plan}/imports/${preview.body.id}`);
    expect(view.status).toBe(200);
    expect(view.body.state).toBe('stale');
    // In the caller's language (coord-pe reads Spanish).
    expect(view.body.changed).toBe('se modificó la contribución de Japan International Cooperation Agency (JICA) (Experts)');
    expect(view.body.preview).toMatchObject({ id: preview.body.id, confirmable: true, contributions: { summary: { update: 1 } } });
    expect((await t.as('coord-ar').get(`/api/v1/plans/${plan}/imports/${preview.body.id}`)).status).toBe(404);
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}/imports/no-such-import`)).status).toBe(404);
    expect((await t.as('coord-pe').get(`/api/v1/plans/ams-rm-current/imports/${preview.body.id}`)).status).toBe(404);
    const refused = await confirm('coord-pe', plan, preview.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/la contribución de Japan International Cooperation Agency \(JICA\) \(Experts\)/);
    expect((await contributionsOf(plan))[0]).toMatchObject({ amount: '1200', version: 2 });
  });

  it('an open preview read again is as it was made, and says when it has been imported', async () => {
    const plan = await emptyPlan('Read again');
    const preview = await upload('coord-pe', plan, csv([['Title', 'Owner administration', 'Due date'], ['Committee', 'PE', '2026-03-01']]), 'again.csv');
    const open = await t.as('coord-pe').get(`/api/v1/plans/${plan}/imports/${preview.body.id}`);
    expect(open.body).toEqual({ preview: preview.body, state: 'open' });
    expect((await confirm('coord-pe', plan, preview.body.id)).status).toBe(200);
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}/imports/${preview.body.id}`)).body.state).toBe('imported');
  });
});

describe('cost', () => {
  it('imports 500 rows (400 milestones and 100 contributions) in at most 15 DynamoDB write requests', async () => {
    const plan = await emptyPlan('Five hundred mixed rows');
    const donors = ['jica', 'idb', 'usaid', 'imf-captac-dr'];
    const file = xlsx({
      Milestones: [['Ref', 'Title', 'Owner administration', 'Due date'], ...Array.from({ length: 400 }, (_, i) => [i + 1, `Milestone ${i + 1}`, ['PE', 'AR', 'GT', 'BR'][i % 4]!, `2026-${String((i % 12) + 1).padStart(2, '0')}-15`])],
      Contributions: [['Donor', 'Kind', 'Description', 'Amount', 'Currency', 'Stage', 'Pledged on', 'Milestone ref'], ...Array.from({ length: 100 }, (_, i) => [donors[i % 4]!, 'Financial', `Contribution ${i + 1}`, `${1000 + i}.50`, 'USD', 'Pledged', '2026-02-01', i + 1])],
    });
    t.tables.counter.reset();
    const preview = await upload('coord-pe', plan, file, 'big.xlsx', '&lang=en');
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.summary.create + preview.body.contributions.summary.create).toBe(500);
    expect((await confirm('coord-pe', plan, preview.body.id)).status).toBe(200);
    const writes = ['BatchWriteItem', 'TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem'].reduce((n, op) => n + t.tables.counter.count(op), 0);
    expect(writes).toBeLessThanOrEqual(15);
    // 40 rows per transaction (the calendar feed markers take the rest of its 100 actions).
    expect(t.tables.counter.count('TransactWriteItems')).toBe(Math.ceil(500 / ROWS_PER_CHUNK));
    expect(await contributionsOf(plan)).toHaveLength(100);
    const progress = await t.as('coord-pe').get(`/api/v1/plans/${plan}/progress`);
    expect(progress.body.milestones.total).toBe(400);
    // Every donor now funds the plan (its count moved in the chunk that added its contributions).
    expect((await t.as('donor-jica').get(`/api/v1/plans/${plan}`)).status).toBe(200);
  });
});
