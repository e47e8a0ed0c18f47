/**
 * The secretariat's set-up screens in Chromium (no JavaScript in the pages; axe runs through the
 * DevTools protocol): the admin adds a member administration, a donor and invites a focal point
 * through the forms; every set-up page passes axe, and is photographed in English and Spanish
 * (test/e2e/screenshots/, git-ignored) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { cspReports, launchBrowser, seriousViolations, signIn } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 120_000;

let app: RunningApp;
let browser: Browser;
let page: Page;
let csp: string[];

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  csp = cspReports(page);
  await signIn(page, app.baseUrl, 'admin');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Submits the page's edit form and waits for where it leads. */
async function submit(url: RegExp) {
  await Promise.all([page.waitForURL(url), page.click('form.edit button[type=submit]')]);
}

describe('set-up in Chromium', () => {
  it('the secretariat adds an administration, a donor and a focal point through the forms; each new page passes axe', async () => {
    await page.goto(`${app.baseUrl}/`);
    // Home says what needs set-up and leads there.
    await Promise.all([page.waitForURL(/\/setup#needs$/), page.click('main a[href="/setup#needs"]')]);
    expect(await seriousViolations(page)).toEqual([]);

    // A member administration, with a mistake first: every error is shown, the entries kept.
    await page.click('a[href="/setup/administrations"]');
    await Promise.all([page.waitForURL(/\/setup\/administrations\/new$/), page.click('a[href="/setup/administrations/new"]')]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#f-id', 'sv');
    await page.fill('#f-name', 'Dirección General de Aduanas de El Salvador (DGA)');
    await page.selectOption('#f-language', 'es');
    await page.fill('#f-timeZone', 'America/San Salvador');
    await page.fill('#f-directorGeneral\\.name', 'Gabriela Rivas');
    await Promise.all([page.waitForLoadState(), page.click('form.edit button[type=submit]')]);
    await expect(page.locator('#errors li').allTextContents()).resolves.toEqual([
      'Time zone: Enter an IANA time zone, such as America/Lima.',
      'Director General: email address: Give both the Director General’s name and email address, or leave both empty.',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.inputValue('#f-name')).resolves.toBe('Dirección General de Aduanas de El Salvador (DGA)');
    await page.fill('#f-timeZone', 'America/El_Salvador');
    await page.fill('#f-directorGeneral\\.email', 'dg-sv@example.org');
    await submit(/\/setup\/administrations\/SV\?created#done$/);
    await expect(page.locator('#done [role=status]').textContent()).resolves.toBe('Added');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await app.store.administrations.get('SV')).toMatchObject({ timeZone: 'America/El_Salvador', directorGeneral: { name: 'Gabriela Rivas', email: 'dg-sv@example.org' } });

    // A donor.
    await page.goto(`${app.baseUrl}/setup/donors/new`);
    await page.fill('#f-id', 'koica');
    await page.fill('#f-name', 'Korea International Cooperation Agency (KOICA)');
    await page.selectOption('#f-organisationType', '10');
    await page.fill('#f-iatiRef', 'XM-DAC-742-1');
    await submit(/\/setup\/donors\/koica\?created#done$/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await app.store.donors.get('koica')).toMatchObject({ organisationType: '10', iatiRef: 'XM-DAC-742-1' });

    // A focal point for the new administration, from the list of what needs set-up.
    await page.goto(`${app.baseUrl}/setup`);
    const invite = page.locator('#need-noReminderRecipient ~ ul a[href="/setup/people/new?role=focal_point&administration=SV"]');
    await Promise.all([page.waitForURL(/\/setup\/people\/new\?/), invite.click()]);
    await expect(page.inputValue('#f-administrationId')).resolves.toBe('SV');
    await page.fill('#f-name', 'Óscar Menjívar');
    await page.fill('#f-email', 'oscar.menjivar@example.org');
    await page.selectOption('#f-language', 'es');
    await submit(/\/setup\/people\/oscar-menjivar-[a-z0-9]+\?invited#done$/);
    await expect(page.locator('#done [role=status]').textContent()).resolves.toBe('Invitation sent to oscar.menjivar@example.org');
    expect(await seriousViolations(page)).toEqual([]);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await app.store.people.get(id)).toMatchObject({ role: 'focal_point', administrationId: 'SV', active: true });

    // The new focal point can sign in at once (locally, through the development sign-in page).
    const context = await browser.newContext();
    try {
      const theirs = await context.newPage();
      await signIn(theirs, app.baseUrl, id);
      await expect(theirs.locator('.bar2 .small').textContent()).resolves.toContain('Óscar Menjívar');
    } finally {
      await context.close();
    }
    expect((await app.store.people.get(id))!.signedInAt).toBeTruthy();
    expect(csp).toEqual([]);
  }, SLOW);

  it('every set-up page passes axe in English and Spanish (screenshots kept)', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const pages: [string, string][] = [
      ['setup', '/setup'],
      ['setup-administrations', '/setup/administrations'],
      ['setup-administration-new', '/setup/administrations/new'],
      ['setup-administration-edit', '/setup/administrations/PE?saved'],
      ['setup-donors', '/setup/donors'],
      ['setup-donor-new', '/setup/donors/new'],
      ['setup-donor-edit', '/setup/donors/jica'],
      ['setup-people', '/setup/people?role=focal_point'],
      ['setup-person-invite', '/setup/people/new'],
      ['setup-person', '/setup/people/focal-gt?invitation=failed'],
      ['setup-person-role', '/setup/people/focal-gt/role'],
      ['setup-person-deactivate', '/setup/people/focal-gt/deactivate'],
      ['home-admin', '/'],
    ];
    for (const lang of ['en', 'es'] as const) {
      await page.goto(`${app.baseUrl}/language/${lang}?next=/`);
      for (const [name, path] of pages) {
        const response = await page.goto(`${app.baseUrl}${path}`);
        expect(response?.status(), path).toBe(200);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
        expect(await seriousViolations(page), `${lang} ${path}`).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `${name}.${lang}.png`), fullPage: true });
      }
    }
    // An invitation form with every error at once, in Spanish.
    await page.goto(`${app.baseUrl}/setup/people/new`);
    await page.fill('#f-email', 'no es un correo');
    await page.fill('#f-id', 'Con Espacios');
    await Promise.all([page.waitForLoadState(), page.click('form.edit button[type=submit]')]);
    await expect(page.locator('#errors li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).resolves.toEqual(['#f-name', '#f-email', '#f-id']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'setup-person-invite-errors.es.png'), fullPage: true });
    expect(csp).toEqual([]);
  }, SLOW);
});
