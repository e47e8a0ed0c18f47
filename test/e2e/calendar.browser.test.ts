/**
 * The profile page's calendar feeds in Chromium: a focal point follows a plan from the plan page,
 * gets the address once, then follows their own milestones, and the page passes axe in Spanish and English (screenshots in
 * test/e2e/screenshots/ for a person to look at).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { cspReports, launchBrowser, seriousViolations, signIn } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('calendar feeds on the profile page', () => {
  for (const [lang, follow, made, none] of [
    ['es', 'Seguir en un calendario', 'Su nueva dirección de calendario', 'Revocar'],
    ['en', 'Follow in a calendar', 'Your new calendar address', 'Revoke'],
  ] as const) {
    it(`a focal point follows a plan in a calendar from the plan page (${lang}), without JavaScript`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
      try {
        const page = await context.newPage();
        const csp = cspReports(page);
        await signIn(page, app.baseUrl, lang === 'es' ? 'focal-gt' : 'focal-br');
        await page.goto(`${app.baseUrl}/language/${lang}?next=/plans/ams-rm-current`);
        await Promise.all([page.waitForURL(/\/profile\?plan=ams-rm-current#calendar$/), page.click(`text=${follow}`)]);
        await Promise.all([page.waitForURL(`${app.baseUrl}/profile/feeds`), page.click('form.update button[type=submit]')]);
        await expect(page.locator('.notice.ok h2').textContent()).resolves.toBe(made);
        const url = await page.locator('#feed-url').inputValue();
        expect(url).toMatch(/\/feeds\/focal-(gt|br)\/plans\/ams-rm-current\/[A-Za-z0-9_-]{43}\.ics$/);
        await expect(page.locator(`table button:has-text("${none}")`).count()).resolves.toBe(1);
        // Their own milestones, across plans: the one offer left.
        await Promise.all([page.waitForURL(`${app.baseUrl}/profile/feeds`), page.click('form.update button[type=submit]')]);
        const own = await page.locator('#feed-url').inputValue();
        expect(own).toMatch(/\/feeds\/focal-(gt|br)\/milestones\/(GT|BR)\/[A-Za-z0-9_-]{43}\.ics$/);
        await expect(page.locator(`table button:has-text("${none}")`).count()).resolves.toBe(2);
        await expect(page.locator('form.update').count()).resolves.toBe(0);
        expect((await fetch(own)).status).toBe(200);
        await page.screenshot({ path: join(SCREENSHOTS, `profile-calendar-${lang}.png`), fullPage: true });
        const feed = await fetch(url);
        expect(feed.status).toBe(200);
        expect(await feed.text()).toContain('BEGIN:VCALENDAR');
        // axe needs script in the page: a second look with JavaScript on, same session.
        const cookies = await context.cookies();
        const withJs = await browser.newContext({ viewport: { width: 1100, height: 900 } });
        try {
          await withJs.addCookies(cookies);
          const look = await withJs.newPage();
          await look.goto(`${app.baseUrl}/profile`);
          expect(await seriousViolations(look)).toEqual([]);
        } finally {
          await withJs.close();
        }
        expect(csp).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});
