/**
 * Defining a plan's results framework from the browser, over HTTP in process against DynamoDB Local
 * with the demo world: who sees the controls, a result, a period and an indicator with its grid of
 * baselines and targets made through the forms; bad input shown beside its field or grid cell in the
 * reader's language with nothing written; a stale version kept with what was typed; deletes asked
 * first and refused while approved values would be lost; forged CSRF refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../shared/app.ts';
import { translator, type Language } from '../../shared/i18n/index.ts';
import { web } from '../../shared/i18n/web.ts';
import type { Store } from '../../shared/store/index.ts';
import type { TestTables } from '../support/dynamo.ts';
import { Visitor } from './support/visitor.ts';
import { webWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
const PLAN = 'ams-rm-current';
let tables: TestTables;
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  ({ tables, store, app } = await webWorld(SITE));
}, 60_000);
afterAll(() => tables?.client.destroy());

const as = (person: string, lang: Language = 'en') => Visitor.signedIn(app, SITE, person, lang);
async function page(v: Visitor, path: string, status = 200): Promise<string> {
  const response = await v.get(path);
  expect(response.status, path).toBe(status);
  return response.text();
}
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const message = (lang: Language, key: string, params?: Record<string, string | number>) => escape(translator(web, lang)(key, params));
const framework = () => store.results.framework(PLAN);

describe('who sees the controls', () => {
  it('gives the plan\'s co-coordinators and the secretariat the forms, nobody else', async () => {
    for (const person of ['admin', 'coord-pe', 'coord-ar', 'focal-gt', 'donor-jica', 'dg-pe']) {
      const v = await as(person);
      const html = await page(v, `/plans/${PLAN}`);
      const defines = ['admin', 'coord-pe', 'coord-ar'].includes(person);
      expect(html.includes(`href="/plans/${PLAN}/results/new"`), person).toBe(defines);
      expect(html.includes('/delete" aria-label'), person).toBe(defines);
      await page(v, `/plans/${PLAN}/indicators/new`, defines ? 200 : 403);
    }
  });
});

describe('defining through the forms', () => {
  let periodId: string;
  it('adds a result, a period and an indicator with baselines and targets from the grid', async () => {
    const v = await as('coord-pe');
    await page(v, `/plans/${PLAN}/results/new`);
    let r = await v.post(`/plans/${PLAN}/results`, { type: '1', title: 'Advisers certified by the region', description: '' });
    expect(r.status).toBe(303);
    const result = (await framework()).results.find((x) => x.title === 'Advisers certified by the region')!;
    expect(result.type).toBe('1');

    await page(v, `/plans/${PLAN}/reporting-periods/new`);
    r = await v.post(`/plans/${PLAN}/reporting-periods`, { label: 'Form round', start: '2026-07-01', end: '2026-12-31' });
    expect(r.status).toBe(303);
    periodId = (await framework()).periods.find((x) => x.label === 'Form round')!.id;

    const html = await page(v, `/plans/${PLAN}/indicators/new?result=${encodeURIComponent(result.id)}`);
    expect(html).toContain(`name="t|${periodId}|region"`);
    expect(html).toContain(`name="t|${periodId}|GT"`);
    r = await v.post(`/plans/${PLAN}/indicators`, {
      resultId: result.id, title: 'Advisers certified', definition: 'Passed the regional exam.', measure: '1', unit: 'advisers', ascending: 'on',
      aggregation: 'sum', threshold: '', periodFigure: 'latest',
      'b|region': '4', 'd|region': '2026-01-31', 'b|GT': '1', 'd|GT': '2026-01-31',
      [`t|${periodId}|region`]: '12', [`t|${periodId}|GT`]: '3',
    });
    expect(r.status, await r.clone().text()).toBe(303);
    const indicator = (await framework()).indicators.find((x) => x.title === 'Advisers certified')!;
    expect(indicator).toMatchObject({
      resultId: result.id, unit: 'advisers', ascending: true, baseline: { value: '4', date: '2026-01-31' },
      baselines: { GT: { value: '1', date: '2026-01-31' } },
    });
    expect(indicator.targets[periodId]).toEqual({ region: '12', administrations: { GT: '3' } });
    // It shows on the plan page.
    expect(await page(v, `/plans/${PLAN}`)).toContain('Advisers certified');
  });

  it('shows a bad cell and a bad field beside themselves in the reader\'s language, writing nothing', async () => {
    const v = await as('coord-ar', 'es');
    const before = await framework();
    await page(v, `/plans/${PLAN}/indicators/new`);
    const r = await v.post(`/plans/${PLAN}/indicators`, {
      resultId: before.results[0]!.id, title: 'Proporción seleccionada', measure: '2', aggregation: 'sum', periodFigure: 'latest',
      [`t|${periodId}|region`]: '7,2', [`t|${periodId}|GT`]: '130',
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(new RegExp(`id="e-t\\|${periodId.replace('.', '\\.')}\\|region">${message('es', 'form.err.value.invalid_figure').replace(/[.()]/g, '\\$&')}`));
    expect(html).toContain(`id="e-t|${periodId}|GT">${message('es', 'form.err.value.too_big')}`);
    expect(html).toContain(message('es', 'form.err.aggregation.percentage_sum'));
    expect(html).toContain('value="7,2"');
    expect((await framework()).indicators).toHaveLength(before.indicators.length);
  });

  it('keeps what was typed and says so when the indicator changed since the form was read', async () => {
    const v = await as('coord-pe', 'fr');
    const indicator = (await framework()).indicators.find((x) => x.title === 'Advisers certified')!;
    const html = await page(v, `/indicators/${indicator.id}/edit`);
    expect(html).toContain(`name="version" value="${indicator.version}"`);
    expect(html).toContain(`name="t|${periodId}|GT" value="3"`);
    await store.results.write('indicator', { ...indicator, title: 'Advisers certified (renamed)' }, indicator, { userId: 'coord-ar', role: 'coordinator' });
    const form = {
      resultId: indicator.resultId, title: 'Advisers certified in the region', measure: '1', unit: 'advisers', ascending: 'on', aggregation: 'sum',
      periodFigure: 'latest', version: String(indicator.version), [`t|${periodId}|region`]: '15',
    };
    const r = await v.post(`/indicators/${indicator.id}/edit`, form);
    expect(r.status).toBe(409);
    const again = await r.text();
    expect(again).toContain(message('fr', 'form.conflictBody'));
    expect(again).toContain('value="Advisers certified in the region"');
    expect(again).toContain(`name="version" value="${indicator.version + 1}"`);
    expect((await framework()).indicators.find((x) => x.id === indicator.id)!.title).toBe('Advisers certified (renamed)');
    // Saved on the current version: the targets replace the stored ones, the emptied baselines go.
    expect((await v.post(`/indicators/${indicator.id}/edit`, { ...form, version: String(indicator.version + 1) })).status).toBe(303);
    const saved = (await framework()).indicators.find((x) => x.id === indicator.id)!;
    expect(saved).toMatchObject({ title: 'Advisers certified in the region', baselines: {}, targets: { [periodId]: { region: '15' } } });
    expect(saved.baseline).toBeUndefined();
  });

  it('refuses a forged form', async () => {
    const v = await as('coord-pe');
    await page(v, `/plans/${PLAN}/results/new`);
    expect((await v.post(`/plans/${PLAN}/results`, { type: '1', title: 'Forged', _csrf: 'x' })).status).toBe(400);
    expect((await framework()).results.some((x) => x.title === 'Forged')).toBe(false);
  });
});

describe('deleting through the forms', () => {
  it('asks first, says what goes with it, refuses a stale version, then deletes', async () => {
    const v = await as('coord-pe');
    const indicator = (await framework()).indicators.find((x) => x.title === 'Advisers certified in the region')!;
    const result = (await framework()).results.find((x) => x.id === indicator.resultId)!;
    const ask = await page(v, `/results/${result.id}/delete`);
    expect(ask).toContain(message('en', 'define.deleteIndicators', { count: '1' }));
    expect((await v.post(`/results/${result.id}/delete`, { version: String(result.version + 1) })).status).toBe(409);
    expect((await framework()).results.some((x) => x.id === result.id)).toBe(true);
    await page(v, `/results/${result.id}/delete`);
    const done = await v.post(`/results/${result.id}/delete`, { version: String(result.version) });
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe(`/plans/${PLAN}?done=deleted#results`);
    const after = await framework();
    expect(after.results.some((x) => x.id === result.id)).toBe(false);
    expect(after.indicators.some((x) => x.id === indicator.id)).toBe(false);
    await page(await as('focal-gt'), `/indicators/${after.indicators[0]!.id}/delete`, 403);
  });

  it('refuses to delete a period with approved values, in the reader\'s language, with no delete button', async () => {
    const v = await as('coord-ar', 'pt');
    const fw = await framework();
    const period = fw.periods.find((p) => fw.submissions.some((s) => s.periodId === p.id && s.state === 'approved'))!;
    const approved = fw.submissions.filter((s) => s.periodId === period.id && s.state === 'approved').length;
    const html = await page(v, `/reporting-periods/${period.id}/delete`);
    expect(html).toContain(message('pt', 'define.deleteApproved', { count: String(approved) }));
    expect(html).not.toContain(`action="/reporting-periods/${period.id}/delete"`);
    const refused = await v.post(`/reporting-periods/${period.id}/delete`, { version: String(period.version) });
    expect(refused.status).toBe(409);
    expect((await framework()).periods.some((p) => p.id === period.id)).toBe(true);
  });
});
