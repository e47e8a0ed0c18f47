/**
 * A plan's and a strategy's translations in a real browser (issue 14), Chromium from Debian via
 * playwright-core against the app over DynamoDB Local with the demo world: a Spanish co-coordinator
 * fills in the Spanish title and description in the plan's edit form and reads them on the plan
 * page; an English reader keeps the originals. Screenshots of the forms and pages (en, es, fr) are
 * kept in test/e2e/screenshots/ (plan-translations-*.png) for a person to look at; axe runs on each.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserWorldOfFile, seriousViolations } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 120_000;
const PLAN = 'ams-rm-2014'; // title in English only, no description
const TITLE = 'Action plan 2014-2016 (Buenos Aires regional workshop)';
const TITLE_ES = 'Plan de acción 2014-2016 (taller regional de Buenos Aires)';
const DESCRIPTION = 'Adopted by the 25 participants of the Buenos Aires regional workshop, with Japan Customs experts.';
const DESCRIPTION_ES = 'Adoptado por los 25 participantes del taller regional de Buenos Aires, con expertos de la Aduana del Japón.';

const world = browserWorldOfFile();
const as = world.as;
const save = (page: Page) => Promise.all([page.waitForNavigation(), page.click('form.edit button[type=submit]')]).then(([r]) => r);
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `plan-translations-${name}.png`), fullPage: true });
beforeAll(() => void mkdirSync(SCREENSHOTS, { recursive: true }));

describe('plan and strategy translations in Chromium', () => {
  it('a Spanish co-coordinator fills in the Spanish title and description in the plan\'s edit form and reads them on the plan page', async () => {
    // The secretariat writes the English description first: a text written where there was none is
    // an original in its writer's language.
    const admin = await as('admin', 'en');
    await admin.goto(`${world.app().baseUrl}/plans/${PLAN}/edit`);
    await admin.fill('#f-description', DESCRIPTION);
    expect((await save(admin))?.status()).toBe(200);

    const pe = await as('coord-pe', 'es');
    await pe.goto(`${world.app().baseUrl}/plans/${PLAN}/edit`);
    // The main inputs hold the English originals, marked as such on a Spanish page.
    await expect(pe.getAttribute('#f-title', 'lang')).resolves.toBe('en');
    await expect(pe.getAttribute('#f-description', 'lang')).resolves.toBe('en');
    await expect(pe.locator('#h-title').textContent()).resolves.toContain('Original, en inglés');
    // The other languages fold away until asked for.
    await expect(pe.locator('[id="f-title.es"]').isVisible()).resolves.toBe(false);
    await pe.click('#tr-title summary');
    await pe.click('#tr-description summary');
    await expect(pe.locator('label[for="f-title.es"]').textContent()).resolves.toBe('Título en español');
    await expect(pe.getAttribute('[id="f-description.es"]', 'lang')).resolves.toBe('es');
    await pe.fill('[id="f-title.es"]', TITLE_ES);
    await pe.fill('[id="f-description.es"]', DESCRIPTION_ES);
    await shot(pe, 'edit-es');
    expect(await seriousViolations(pe)).toEqual([]);

    expect((await save(pe))?.status()).toBe(200);
    expect(pe.url()).toBe(`${world.app().baseUrl}/plans/${PLAN}?done=saved`);
    await expect(pe.locator('h1').textContent()).resolves.toBe(TITLE_ES);
    await expect(pe.locator('p.lead').textContent()).resolves.toBe(DESCRIPTION_ES);
    // The page is Spanish and so are the texts: no lang of their own, no fallback mark.
    await expect(pe.locator('h1 [lang], h1 .untranslated, p.lead [lang], p.lead .untranslated').count()).resolves.toBe(0);
    await shot(pe, 'page-es');
    expect(await seriousViolations(pe)).toEqual([]);

    const plan = (await world.app().store.plans.require(PLAN)).plan;
    expect(plan).toMatchObject({ title: TITLE, description: DESCRIPTION });
    expect(plan.translations?.title?.texts.es).toEqual({ text: TITLE_ES });
  }, SLOW);

  it('an English reader keeps the originals; a Portuguese reader reads them marked, with lang="en"', async () => {
    const admin = await as('admin', 'en');
    await admin.goto(`${world.app().baseUrl}/plans/${PLAN}`);
    await expect(admin.locator('h1').textContent()).resolves.toBe(TITLE);
    await expect(admin.locator('p.lead').textContent()).resolves.toBe(DESCRIPTION);
    await shot(admin, 'page-en');
    await admin.goto(`${world.app().baseUrl}/plans/${PLAN}/edit`);
    await admin.click('#tr-title summary');
    await expect(admin.locator('#tr-title summary').textContent()).resolves.toBe('Translations: Title (1 of 3 translations)');
    await shot(admin, 'edit-en');
    expect(await seriousViolations(admin)).toEqual([]);

    const br = await as('focal-br', 'pt');
    await br.goto(`${world.app().baseUrl}/plans/${PLAN}`);
    await expect(br.locator('h1 span[lang="en"]').textContent()).resolves.toBe(TITLE);
    await expect(br.locator('p.lead .untranslated').textContent()).resolves.toBe('(ainda sem tradução: em inglês)');
    await shot(br, 'page-pt');
    expect(await seriousViolations(br)).toEqual([]);
  }, SLOW);

  it('a changed English title flags the Spanish one on the plan page to its editors only; its button confirms it', async () => {
    const admin = await as('admin', 'en');
    await admin.goto(`${world.app().baseUrl}/plans/${PLAN}/edit`);
    await admin.fill('#f-title', `${TITLE}, 25 participants`);
    expect((await save(admin))?.status()).toBe(200);

    const pe = await as('coord-pe', 'es');
    await pe.goto(`${world.app().baseUrl}/plans/${PLAN}`);
    await expect(pe.locator('h1 .outdated').textContent()).resolves.toBe('(traducción por revisar: el original cambió)');
    const review = pe.locator('#review');
    await expect(review.locator('h2').textContent()).resolves.toBe('Traducciones por revisar');
    await expect(review.locator('li').count()).resolves.toBe(1);
    await shot(pe, 'page-es-review');
    expect(await seriousViolations(pe)).toEqual([]);

    const dg = await as('dg-pe', 'es');
    await dg.goto(`${world.app().baseUrl}/plans/${PLAN}`);
    await expect(dg.locator('h1').textContent()).resolves.toBe(TITLE_ES);
    await expect(dg.locator('#review, h1 .outdated').count()).resolves.toBe(0);

    await Promise.all([pe.waitForURL(/\?done=saved$/), review.locator('button').click()]);
    await expect(pe.locator('#review, h1 .outdated').count()).resolves.toBe(0);
    expect((await world.app().store.plans.require(PLAN)).plan.translations?.title?.texts.es).toEqual({ text: TITLE_ES });
  }, SLOW);

  it('the strategy\'s edit form in English and French; the French title saved there is the French reader\'s', async () => {
    const en = await as('admin', 'en');
    await en.goto(`${world.app().baseUrl}/strategies/toa-rm/edit`);
    await en.click('#tr-title summary');
    await expect(en.locator('label[for="f-title.fr"]').textContent()).resolves.toBe('Title in French');
    await shot(en, 'strategy-edit-en');
    expect(await seriousViolations(en)).toEqual([]);

    const fr = await as('admin', 'fr');
    await fr.goto(`${world.app().baseUrl}/strategies/toa-rm/edit`);
    await fr.click('#tr-title summary');
    await fr.click('#tr-description summary');
    // The strategy has no description yet: its main input is the French reader's, to be written as
    // the original in French; the other languages, English among them, are inputs beside it.
    await expect(fr.locator('[id="f-description.fr"]').count()).resolves.toBe(0);
    await expect(fr.locator('[id="f-description.en"]').getAttribute('lang')).resolves.toBe('en');
    await fr.fill('[id="f-title.fr"]', 'Conseillers techniques et opérationnels en gestion des risques : parcours de certification');
    await shot(fr, 'strategy-edit-fr');
    expect(await seriousViolations(fr)).toEqual([]);
    expect((await save(fr))?.status()).toBe(200);

    const ht = await as('focal-ht', 'fr');
    await ht.goto(`${world.app().baseUrl}/strategies/toa-rm`);
    await expect(ht.locator('h1').textContent()).resolves.toBe('Conseillers techniques et opérationnels en gestion des risques : parcours de certification');
    await shot(ht, 'strategy-page-fr');
    expect(world.allCsp()).toEqual([]);
  }, SLOW);
});
