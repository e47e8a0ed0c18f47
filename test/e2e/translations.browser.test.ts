/**
 * Translations in a real browser (issue 14), Chromium from Debian via playwright-core against the
 * app over DynamoDB Local with the demo world: a Spanish focal point adds the Spanish note, readers
 * of each language get theirs or the original marked as such, a changed original flags the
 * translation to its editors only until they confirm it, and a stale form gets the conflict page.
 * Screenshots of the form and the milestone page in English, Spanish, French and Portuguese are
 * kept in test/e2e/screenshots/ (translations-*.png) for a person to look at; axe runs on each.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, seriousViolations, signedInPage } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 120_000;
const ID = 'ams-rm-current.m03'; // owned by Guatemala, title translated, no note yet
const ORIGINAL = 'Twelve officers trained; the second course starts in March.';
const SPANISH = 'Doce funcionarios capacitados; el segundo curso empieza en marzo.';

let app: RunningApp;
let browser: Browser;
const pages = new Map<string, { page: Page; csp: string[] }>();

/** One signed-in page per person and language, reused across the tests. */
async function as(person: string, lang: string): Promise<Page> {
  const key = `${person}/${lang}`;
  if (!pages.has(key)) pages.set(key, await signedInPage(browser, app.baseUrl, person, lang));
  return pages.get(key)!.page;
}

const open = async (page: Page) => {
  await page.goto(`${app.baseUrl}/milestones/${ID}`);
  return page;
};
const save = (page: Page) => Promise.all([page.waitForNavigation(), page.click('form.update button[type=submit]')]).then(([r]) => r);
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `translations-${name}.png`), fullPage: true });
const noteShown = (page: Page) => page.locator('main h2:has-text("Not") + p').first();

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('translations in Chromium', () => {
  it('the secretariat writes the note; a Spanish focal point adds its Spanish translation in the form', async () => {
    const admin = await open(await as('admin', 'en'));
    await admin.fill('#f-note', ORIGINAL);
    expect((await save(admin))?.status()).toBe(200);

    const gt = await open(await as('focal-gt', 'es'));
    // The main input holds the original, said to be English and marked with its lang.
    await expect(gt.getAttribute('#f-note', 'lang')).resolves.toBe('en');
    await expect(gt.locator('#h-note').textContent()).resolves.toContain('Original, en inglés');
    // The other languages fold away until asked for; without JavaScript <details> opens all the same.
    await expect(gt.locator('[id="f-note.es"]').isVisible()).resolves.toBe(false);
    await gt.click('#tr-note summary');
    await expect(gt.locator('#tr-note legend').textContent()).resolves.toBe('Traducciones: Nota');
    await expect(gt.locator('label[for="f-note.es"]').textContent()).resolves.toBe('Nota en español');
    await expect(gt.getAttribute('[id="f-note.fr"]', 'lang')).resolves.toBe('fr');
    await gt.fill('[id="f-note.es"]', SPANISH);
    await gt.locator('form.update').scrollIntoViewIfNeeded();
    await shot(gt, 'form-es');
    expect(await seriousViolations(gt)).toEqual([]);
    expect((await save(gt))?.status()).toBe(200);
    await expect(gt.locator('#saved [role=status]').textContent()).resolves.toContain('Actualización guardada');

    const stored = (await app.store.milestones.get(ID))!.milestone;
    expect(stored.note).toBe(ORIGINAL);
    expect(stored.translations?.note?.texts.es).toEqual({ text: SPANISH });
  }, SLOW);

  it('an English reader still reads the original; a Spanish reader the translation; a Portuguese reader the original, marked', async () => {
    const jm = await open(await as('focal-jm', 'en'));
    await expect(noteShown(jm).textContent()).resolves.toBe(ORIGINAL);
    await shot(jm, 'page-en');
    expect(await seriousViolations(jm)).toEqual([]);

    const dg = await open(await as('dg-pe', 'es'));
    await expect(noteShown(dg).textContent()).resolves.toBe(SPANISH);
    await expect(noteShown(dg).locator('span[lang]').count()).resolves.toBe(0);

    const br = await open(await as('focal-br', 'pt'));
    const note = noteShown(br);
    await expect(note.locator('span[lang="en"]').textContent()).resolves.toBe(ORIGINAL);
    await expect(note.locator('.untranslated').textContent()).resolves.toBe('(ainda sem tradução: em inglês)');
    // The title is held in Portuguese: no marker there.
    await expect(br.locator('h1').textContent()).resolves.toBe('Equipe do centro de seleção capacitada no Compêndio de Gestão de Riscos da OMA');
    await shot(br, 'page-pt');
    expect(await seriousViolations(br)).toEqual([]);
  }, SLOW);

  it('editing the original flags the Spanish translation to its editors only; confirming it clears the flag', async () => {
    const admin = await open(await as('admin', 'en'));
    await admin.fill('#f-note', 'Fourteen officers trained; the second course starts in March.');
    expect((await save(admin))?.status()).toBe(200);

    const gt = await open(await as('focal-gt', 'es'));
    await expect(noteShown(gt).locator('.outdated').textContent()).resolves.toBe('(traducción por revisar: el original cambió)');
    const review = gt.locator('#review');
    await expect(review.locator('h2').textContent()).resolves.toBe('Traducciones por revisar');
    await expect(review.locator('li').count()).resolves.toBe(1);
    // The form says so too, unfolded, with a "still correct" box.
    await expect(gt.locator('#tr-note').getAttribute('open')).resolves.not.toBeNull();
    await expect(gt.locator('#tr-note p.outdated').count()).resolves.toBe(1);
    await shot(gt, 'page-es-review');
    expect(await seriousViolations(gt)).toEqual([]);

    // A reader who cannot edit sees the translation, without the flag or the list.
    const dg = await open(await as('dg-pe', 'es'));
    await expect(noteShown(dg).textContent()).resolves.toBe(SPANISH);
    await expect(dg.locator('.outdated, #review').count()).resolves.toBe(0);

    await Promise.all([gt.waitForURL(/\?saved#saved$/), review.locator('button').click()]);
    await expect(gt.locator('#review, main .outdated').count()).resolves.toBe(0);
    await expect(gt.locator('ol.history > li').first().textContent()).resolves.toContain('Nota en español: confirmada como aún correcta');
    expect((await app.store.milestones.get(ID))!.milestone.translations?.note?.texts.es).toEqual({ text: SPANISH });
  }, SLOW);

  it('a stale form gets the conflict page, the other change shown in words and the entry kept; nothing is overwritten', async () => {
    const gt = await open(await as('focal-gt', 'es'));
    const admin = await open(await as('admin', 'fr'));
    await admin.click('#tr-note summary');
    await admin.fill('[id="f-note.fr"]', 'Quatorze agents formés ; le deuxième cours commence en mars.');
    await admin.locator('#tr-note').scrollIntoViewIfNeeded();
    await shot(admin, 'form-fr');
    expect(await seriousViolations(admin)).toEqual([]);
    expect((await save(admin))?.status()).toBe(200);

    await gt.fill('#f-note', 'Catorce funcionarios capacitados; el segundo curso empieza en marzo.');
    expect((await save(gt))?.status()).toBe(409);
    const alert = gt.locator('main > [role=alert]');
    await expect(alert.locator('h2').textContent()).resolves.toBe('No guardado: otra persona modificó este hito antes');
    await expect(alert.textContent()).resolves.toContain('Nota en francés: (vacío) → Quatorze agents formés ; le deuxième cours commence en mars.');
    await expect(alert.locator('ins span[lang="fr"]').count()).resolves.toBe(1);
    await expect(gt.inputValue('#f-note')).resolves.toBe('Catorce funcionarios capacitados; el segundo curso empieza en marzo.');
    expect(await seriousViolations(gt)).toEqual([]);
    expect((await app.store.milestones.get(ID))!.milestone.translations?.note?.texts.es).toEqual({ text: SPANISH });

    // Sent again deliberately, it goes through and keeps the other person's French.
    expect((await save(gt))?.status()).toBe(200);
    const after = (await app.store.milestones.get(ID))!.milestone.translations?.note?.texts;
    expect(after).toMatchObject({ es: { text: 'Catorce funcionarios capacitados; el segundo curso empieza en marzo.' }, fr: { text: 'Quatorze agents formés ; le deuxième cours commence en mars.' } });
  }, SLOW);

  it('the edit form shows the title\'s languages (screenshot in English)', async () => {
    const admin = await as('admin', 'en');
    await admin.goto(`${app.baseUrl}/milestones/${ID}/edit`);
    await admin.click('#tr-title summary');
    await expect(admin.locator('label[for="f-title.es"]').textContent()).resolves.toBe('Title in Spanish');
    await expect(admin.getAttribute('[id="f-title.es"]', 'lang')).resolves.toBe('es');
    await shot(admin, 'edit-en');
    expect(await seriousViolations(admin)).toEqual([]);
    for (const { csp } of pages.values()) expect(csp).toEqual([]);
  }, SLOW);
});

describe('pages in the reader\'s language in Chromium', () => {
  it('the milestone page names its plan and the strategy\'s matrix its indicators and administrations in Spanish and French (screenshots)', async () => {
    for (const [person, lang, plan, hitRate] of [
      ['coord-pe', 'es', 'Plan de acción vigente', 'Tasa de acierto de las selecciones basadas en riesgo'],
      ['focal-ht', 'fr', 'Plan d\'action en cours', 'Taux de résultats positifs des sélections fondées sur le risque'],
    ] as const) {
      const page = await as(person, lang);
      await page.goto(`${app.baseUrl}/milestones/ams-rm-current.m05`);
      await expect(page.locator('nav a[href="/plans/ams-rm-current"]').textContent()).resolves.toContain(plan);
      await expect(page.locator('dl.facts a[href="/plans/ams-rm-current"]').textContent()).resolves.toContain(plan);
      await shot(page, `milestone-plan-${lang}`);
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto(`${app.baseUrl}/strategies/ams-rm`);
      const matrix = page.locator('section[aria-labelledby="matrix"]');
      await expect(matrix.locator('a[href="/indicators/ams-rm-current.hit-rate"]').textContent()).resolves.toBe(hitRate);
      // Peru's column code expands to the country in the reader's language and the administration's (Spanish) name.
      await expect(matrix.locator('abbr', { hasText: 'PE' }).getAttribute('title')).resolves.toMatch(lang === 'es' ? /^Perú – Superintendencia/ : /^Pérou – Superintendencia/);
      await matrix.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOTS, `translations-matrix-${lang}.png`), clip: (await matrix.boundingBox())! });
      await shot(page, `strategy-${lang}`);
      expect(await seriousViolations(page)).toEqual([]);
    }
    for (const { csp } of pages.values()) expect(csp).toEqual([]);
  }, SLOW);
});
