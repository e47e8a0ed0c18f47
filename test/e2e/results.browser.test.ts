/**
 * Results in a real browser over DynamoDB Local with the demo world, JavaScript off (the forms must
 * work without it): Guatemala's focal point reports a value from its home page, a co-coordinator
 * returns it with a reason (in Spanish), the focal point sees the reason and corrects it, the
 * co-coordinator approves it, and the strategy's matrix shows it. Then the new pages in English and
 * Spanish: screenshots (test/e2e/screenshots/results-*.png) and axe (nothing serious or critical).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, signedInPage, seriousViolations } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 120_000;
const HIT_RATE = 'ams-rm-current.hit-rate';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const signedIn = (person: string, lang: 'en' | 'es', javaScript = false) =>
  signedInPage(browser, app.baseUrl, person, lang, { javaScriptEnabled: javaScript });

const go = (page: Page, path: string) => page.goto(`${app.baseUrl}${path}`);
async function click(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

describe('results in Chromium', () => {
  it('a focal point submits, a co-coordinator returns it with a reason, the focal point resubmits, the co-coordinator approves, the matrix shows it', async () => {
    const focal = await signedIn('focal-gt', 'en');
    // The home page lists what Guatemala must report this period, one click from the form.
    const task = focal.page.locator('#to-report ~ ul a', { hasText: 'Hit rate of risk-based selections' });
    await expect(task.count()).resolves.toBe(1);
    await click(focal.page, `#to-report ~ ul a[href="/indicators/${HIT_RATE}#submit"]`);
    await focal.page.fill('#f-value', '7,2'); // a decimal comma: refused, with the field named
    await click(focal.page, 'form.edit button[type=submit]');
    await expect(focal.page.locator('#e-value').textContent()).resolves.toContain('12 or 37.5');
    await focal.page.fill('#f-value', '7.2');
    await focal.page.fill('#f-note', 'Selections from the new targeting centre, August to November.');
    await click(focal.page, 'form.edit button[type=submit]');
    const submission = new URL(focal.page.url()).pathname;
    expect(submission).toMatch(/^\/submissions\/ams-rm-current\.s-/);
    await expect(focal.page.locator('dl.facts').textContent()).resolves.toContain('Waiting for review');

    const coord = await signedIn('coord-pe', 'es');
    await expect(coord.page.locator(`#to-review ~ ul a[href="${submission}"]`).count()).resolves.toBe(1);
    await go(coord.page, submission);
    await coord.page.fill('#f-reason', 'Indique cuántas selecciones hubo en total, no solo las del centro.');
    await click(coord.page, 'form.edit[action$="/return"] button[type=submit]');
    await expect(coord.page.locator('#history ~ ol').textContent()).resolves.toContain('Motivo: Indique cuántas selecciones hubo en total');

    // The focal point sees the reason on its home page and corrects the value.
    await go(focal.page, '/');
    await expect(focal.page.locator('#to-report ~ ul').textContent()).resolves.toContain('Reason: Indique cuántas selecciones');
    await go(focal.page, submission);
    await focal.page.fill('#f-value', '7.4');
    await click(focal.page, 'form.edit[action$="/resubmit"] button[type=submit]');
    await expect(focal.page.locator('#saved').textContent()).resolves.toContain('Submitted again');

    await go(coord.page, submission);
    await click(coord.page, 'form.action[action$="/approve"] button');
    await expect(coord.page.locator('dl.facts').textContent()).resolves.toContain('Aprobado');
    await expect(coord.page.locator('#history ~ ol li').count()).resolves.toBe(4);

    // A Director General reads it in the strategy's matrix, in Spanish (decimal comma).
    const dg = await signedIn('dg-gt', 'es');
    await go(dg.page, '/strategies/ams-rm');
    const row = dg.page.locator('table.matrix tr', { has: dg.page.locator(`a[href="/indicators/${HIT_RATE}"]`) });
    const gtColumn = await dg.page.locator('table.matrix thead th').evaluateAll((ths) => ths.findIndex((th) => th.textContent === 'GT'));
    expect(gtColumn).toBeGreaterThan(1);
    await expect(row.locator('td').nth(gtColumn - 1).textContent()).resolves.toContain('7,4');
    // Done: the focal point's list no longer asks for it.
    await go(focal.page, '/');
    await expect(focal.page.locator(`#to-report ~ ul a[href="/indicators/${HIT_RATE}#submit"]`).count()).resolves.toBe(0);
    for (const x of [focal, coord, dg]) expect(x.csp).toEqual([]);
  }, SLOW);

  it('the new pages in English and Spanish: screenshots, and axe finds nothing serious or critical', async () => {
    const pages: [string, string, string][] = [
      ['focal-home', 'focal-gt', '/'],
      ['coordinator-home', 'coord-ar', '/'],
      ['plan', 'coord-pe', '/plans/ams-rm-current#results'],
      ['indicator', 'focal-gt', '/indicators/ams-rm-current.selected-share'],
      ['submission-returned', 'focal-gt', '/submissions/ams-rm-current.s-demo-042'],
      ['matrix', 'dg-gt', '/strategies/ams-rm#matrix'],
    ];
    for (const lang of ['en', 'es'] as const) {
      for (const [name, person, path] of pages) {
        const { page } = await signedIn(person, lang, true); // axe runs in the page
        const response = await go(page, path);
        expect(response?.status(), `${name} ${lang}`).toBe(200);
        await page.screenshot({ path: join(SCREENSHOTS, `results-${name}-${lang}.png`), fullPage: true });
        expect(await seriousViolations(page), `${name} ${lang}`).toEqual([]);
        await page.context().close();
      }
    }
  }, SLOW * 2);
});
