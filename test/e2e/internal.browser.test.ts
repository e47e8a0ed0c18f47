/**
 * What stays internal, in Chromium (issue 13). The demo's regional targeted control operation (m10,
 * Argentina's) is internal: the secretariat sees it on the plan and milestone pages with a visible
 * "Internal" badge (a word and a lock, not colour alone) and a checkbox that marks and unmarks it on
 * the edit form; a focal point reporting on its own milestone has no such checkbox. A donor (JICA)
 * and a focal point of an administration it does not involve (Guatemala) do not see it on any page:
 * plan, strategy, donor, home, profile, nor in the plan's calendar feed; its own page is not found.
 * Screenshots in English and Spanish in test/e2e/screenshots/ (git-ignored); axe clean.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, seriousViolations, signedInPage } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 120_000;
const PLAN = 'ams-rm-current';
const M10 = `${PLAN}.m10`;
/** m10's title in the four languages (local/demo-data.ts). */
const M10_TITLES = ['Regional targeted control operation executed', 'Operación regional de control dirigido ejecutada', 'Operação regional de controle direcionado executada', 'Opération régionale de contrôle ciblé réalisée'];
const BADGE: Record<string, string> = { en: 'Internal', es: 'Interno' };

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

/** The plan page's row of a milestone, found by its link. */
const rowOf = (page: Page, id: string) => page.locator(`tr:has(a[href="/milestones/${id}"])`);

describe('internal items in the browser', () => {
  it('the secretariat sees m10 marked Internal on the plan and milestone pages, in English and Spanish (screenshots, axe)', async () => {
    for (const lang of ['en', 'es']) {
      const { page, csp } = await signedInPage(browser, app.baseUrl, 'admin', lang);
      await page.goto(`${app.baseUrl}/plans/${PLAN}`);
      const row = rowOf(page, M10);
      await expect(row.count()).resolves.toBe(1);
      const badge = row.locator('.badge.internal');
      await expect(badge.isVisible()).resolves.toBe(true);
      await expect(badge.textContent()).resolves.toContain(BADGE[lang]);
      // Only m10 carries the badge in the plan's milestone table.
      await expect(page.locator('tr:has(.badge.internal)').count()).resolves.toBe(1);
      expect(await seriousViolations(page), `plan ${lang}`).toEqual([]);
      await row.screenshot({ path: join(SCREENSHOTS, `internal-plan-row.${lang}.png`) });

      await page.goto(`${app.baseUrl}/milestones/${M10}`);
      await expect(page.locator('main .badge.internal').first().textContent()).resolves.toContain(BADGE[lang]);
      await expect(page.locator('#f-internal').isChecked()).resolves.toBe(true);
      expect(await seriousViolations(page), `milestone ${lang}`).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `internal-milestone.${lang}.png`), fullPage: true });
      expect(csp).toEqual([]);
      await page.context().close();
    }
  }, SLOW);

  it('the secretariat unmarks and marks it again on the edit form; a focal point has no such control', async () => {
    const { page } = await signedInPage(browser, app.baseUrl, 'admin', 'en');
    await page.goto(`${app.baseUrl}/milestones/${M10}`);
    await page.uncheck('#f-internal');
    await Promise.all([page.waitForURL(/saved/), page.click('form.update button[type=submit]')]);
    await page.goto(`${app.baseUrl}/plans/${PLAN}`);
    await expect(rowOf(page, M10).locator('.badge.internal').count()).resolves.toBe(0);
    await page.goto(`${app.baseUrl}/milestones/${M10}`);
    await page.check('#f-internal');
    await Promise.all([page.waitForURL(/saved/), page.click('form.update button[type=submit]')]);
    await page.goto(`${app.baseUrl}/plans/${PLAN}`);
    await expect(rowOf(page, M10).locator('.badge.internal').count()).resolves.toBe(1);
    await page.context().close();

    // Guatemala's focal point reports on its own milestone without the internal checkbox.
    const gt = await signedInPage(browser, app.baseUrl, 'focal-gt', 'en');
    await gt.page.goto(`${app.baseUrl}/milestones/${PLAN}.m03`);
    await expect(gt.page.locator('form.update').count()).resolves.toBe(1);
    await expect(gt.page.locator('#f-internal').count()).resolves.toBe(0);
    await gt.page.context().close();
  }, SLOW);

  it('a donor and a focal point of an administration it does not involve see it on no page, nor in the plan\'s calendar feed', async () => {
    for (const [person, lang] of [['donor-jica', 'en'], ['focal-gt', 'es']] as const) {
      const { page } = await signedInPage(browser, app.baseUrl, person, lang);
      for (const path of [`/plans/${PLAN}`, '/strategies/ams-rm', '/donors/jica', '/', `/profile?plan=${PLAN}`]) {
        const res = await page.goto(`${app.baseUrl}${path}`);
        expect(res?.status(), `${person} ${path}`).toBe(200);
        const text = (await page.locator('body').textContent())!;
        for (const title of M10_TITLES) expect(text, `${person} ${path}`).not.toContain(title);
        await expect(page.locator(`a[href="/milestones/${M10}"]`).count(), `${person} ${path}`).resolves.toBe(0);
        await expect(page.locator('.badge.internal').count(), `${person} ${path}`).resolves.toBe(0);
      }
      const own = await page.goto(`${app.baseUrl}/milestones/${M10}`);
      expect(own?.status(), person).toBe(404);
      // The plan's calendar feed, made on the profile page as the person would.
      await page.goto(`${app.baseUrl}/profile?plan=${PLAN}`);
      await Promise.all([page.waitForLoadState(), page.click('form.update button[type=submit]')]);
      const url = await page.locator('#feed-url').inputValue();
      const feed = await (await fetch(url.replace(/^https?:\/\/[^/]+/, app.baseUrl))).text();
      expect(feed, person).toContain('BEGIN:VCALENDAR');
      expect(feed, person).toContain('BEGIN:VEVENT');
      expect(feed, person).not.toContain('m10');
      for (const title of M10_TITLES) expect(feed, person).not.toContain(title);
      await page.screenshot({ path: join(SCREENSHOTS, `internal-not-seen-${person}.${lang}.png`), fullPage: true });
      await page.context().close();
    }
  }, SLOW);
});
