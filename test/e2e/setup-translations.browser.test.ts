/**
 * Names and indicator texts in several languages in a real browser (issue 14), Chromium from Debian
 * via playwright-core against the app over DynamoDB Local with the demo world: the secretariat adds
 * a donor's name in a language it lacked, and a reader of that language finds it on the donor list.
 * The donor and indicator edit forms are photographed in English and Portuguese
 * (test/e2e/screenshots/translation-forms-*.png, git-ignored) for a person to look at; axe runs on each.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserWorldOfFile, seriousViolations } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 120_000;
const INDICATOR = 'ams-rm-current.trained';

const world = browserWorldOfFile();
const as = world.as;
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `translation-forms-${name}.png`), fullPage: true });
beforeAll(() => void mkdirSync(SCREENSHOTS, { recursive: true }));

describe('translation forms in Chromium', () => {
  it('the secretariat adds a donor\'s Portuguese name in the form; a Portuguese reader finds it on the list', async () => {
    // A donor whose name is held in English only.
    await world.app().store.donors.create({ id: 'koica', name: 'Korea International Cooperation Agency (KOICA)', organisationType: '10' }, { userId: 'admin', role: 'admin' });
    const admin = await as('admin', 'en');
    await admin.goto(`${world.app().baseUrl}/setup/donors/koica`);
    // The other languages fold away under a summary that counts them; opening it shows an input per language.
    await expect(admin.locator('#tr-name summary').textContent()).resolves.toContain('0 of 3 translations');
    await admin.click('#tr-name summary');
    await expect(admin.getAttribute('#f-name\\.pt', 'lang')).resolves.toBe('pt');
    await admin.fill('#f-name\\.pt', 'Agência de Cooperação Internacional da Coreia (KOICA)');
    await Promise.all([admin.waitForURL(/\/setup\/donors\/koica\?saved#done$/), admin.click('form.edit button[type=submit]')]);
    await expect(admin.locator('#done [role=status]').textContent()).resolves.toBe('Changes saved');
    expect((await world.app().store.donors.get('koica'))?.translations?.name).toEqual({ lang: 'en', texts: { pt: { text: 'Agência de Cooperação Internacional da Coreia (KOICA)' } } });

    const pt = await as('admin', 'pt');
    await pt.goto(`${world.app().baseUrl}/setup/donors`);
    const link = pt.locator('a[href="/setup/donors/koica"]');
    await expect(link.textContent()).resolves.toBe('Agência de Cooperação Internacional da Coreia (KOICA)');
    await expect(link.getAttribute('lang')).resolves.toBeNull();
    // A French reader still gets the English original, marked as such.
    const fr = await as('admin', 'fr');
    await fr.goto(`${world.app().baseUrl}/setup/donors`);
    await expect(fr.getAttribute('a[href="/setup/donors/koica"]', 'lang')).resolves.toBe('en');
    await expect(fr.locator('a[href="/setup/donors/koica"] + .untranslated').textContent()).resolves.toContain('anglais');
  }, SLOW);

  it.each(['en', 'pt'])('the donor and indicator edit forms in %s pass axe (screenshots)', async (lang) => {
    const admin = await as('admin', lang);
    await admin.goto(`${world.app().baseUrl}/setup/donors/jica`);
    await admin.click('#tr-name summary');
    expect(await seriousViolations(admin)).toEqual([]);
    await shot(admin, `donor-${lang}`);
    await admin.goto(`${world.app().baseUrl}/indicators/${INDICATOR}/edit`);
    await admin.click('#tr-title summary');
    expect(await seriousViolations(admin)).toEqual([]);
    await shot(admin, `indicator-${lang}`);
    expect(world.csp('admin', lang)).toEqual([]);
  }, SLOW);
});
