/**
 * Exchange rates and converted funding in Chromium: the secretariat records a rate through the
 * form; the rate pages and the plan page's funding (in the budget currency, with what has no rate
 * apart and the rates used) pass axe in English and Spanish, photographed in test/e2e/screenshots/
 * (git-ignored) for a person to look at.
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

describe('exchange rates and converted funding in Chromium', () => {
  it('the secretariat records a rate through the form, with a mistake first', async () => {
    await page.goto(`${app.baseUrl}/setup`);
    await Promise.all([page.waitForURL(/\/setup\/exchange-rates$/), page.click('a[href="/setup/exchange-rates"]')]);
    await Promise.all([page.waitForURL(/\/setup\/exchange-rates\/new$/), page.click('a[href="/setup/exchange-rates/new"]')]);
    await page.fill('#f-from', 'BRL');
    await page.fill('#f-rate', '0,18');
    await page.fill('#f-date', '2026-01-02');
    await page.fill('#f-source', 'Banco Central do Brasil PTAX rate, 2 January 2026');
    await Promise.all([page.waitForLoadState(), page.click('form.edit button[type=submit]')]);
    await expect(page.locator('#errors li').allTextContents()).resolves.toEqual(['Rate: Enter a positive rate with a dot for decimals, such as 0.0067.']);
    await page.fill('#f-rate', '0.18');
    await Promise.all([page.waitForURL(/\/setup\/exchange-rates\/brl-usd-2026-01-02\?created#done$/), page.click('form.edit button[type=submit]')]);
    await page.goto(`${app.baseUrl}/setup/exchange-rates`);
    await expect(page.locator('main table').textContent()).resolves.toContain('1 BRL = 0.18 USD');
  }, SLOW);

  it('the rate pages and the plan\'s funding pass axe in English and Spanish (screenshots kept)', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const lang of ['en', 'es']) {
      await page.goto(`${app.baseUrl}/language/${lang}?next=/`);
      for (const [name, path] of [['fx-list', '/setup/exchange-rates'], ['fx-new', '/setup/exchange-rates/new'], ['fx-edit', '/setup/exchange-rates/brl-usd-2026-01-02'], ['plan-funding', '/plans/ams-rm-current#funding']] as const) {
        await page.goto(`${app.baseUrl}${path}`);
        expect(await seriousViolations(page), `${name} ${lang}`).toEqual([]);
        if (name === 'plan-funding') {
          const funding = page.locator('#funding').locator('..');
          await funding.screenshot({ path: join(SCREENSHOTS, `${name}.${lang}.png`) });
        } else {
          await page.screenshot({ path: join(SCREENSHOTS, `${name}.${lang}.png`), fullPage: true });
        }
      }
    }
    await page.goto(`${app.baseUrl}/language/en?next=/plans/ams-rm-current`);
    await expect(page.locator('#funding ~ svg, #funding + div svg desc').first().textContent()).resolves.toContain('gap US$60,120.00');
    expect(csp).toEqual([]);
  }, SLOW);
});
