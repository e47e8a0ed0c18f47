/**
 * Running a strategy in a real browser (Chromium from Debian via playwright-core) over DynamoDB
 * Local with the demo world, JavaScript off for the forms (they must work without it): a
 * co-coordinator makes a plan with two milestones and a contribution, reorders the milestones and
 * advances the contribution. Then every new or changed page, in English and Spanish: a screenshot
 * (test/e2e/screenshots/planning-*.png) and axe (nothing serious or critical).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, signedInPage, seriousViolations } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 120_000;

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

const signedIn = (person: string, lang: 'en' | 'es', javaScript = true) =>
  signedInPage(browser, app.baseUrl, person, lang, { javaScriptEnabled: javaScript });

const go = (page: Page, path: string) => page.goto(`${app.baseUrl}${path}`);
async function submit(page: Page, button = 'form.edit button[type=submit]') {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

describe('running a strategy in Chromium', () => {
  it('a co-coordinator creates a plan with two milestones and a contribution, reorders the milestones and advances the contribution, without JavaScript', async () => {
    const { page, csp } = await signedIn('coord-pe', 'en', false);
    await go(page, '/strategies/ams-rm');
    await submit(page, 'a[href="/strategies/ams-rm/plans/new"]');
    await page.fill('#f-id', 'ams-rm-2027');
    await page.fill('#f-title', 'Action plan 2027: regional targeting centre');
    await page.fill('#f-period\\.start', '2027-01-01');
    await page.fill('#f-period\\.end', '2027-12-31');
    await page.fill('#f-budget\\.amount', '250000.00');
    await page.fill('#f-budget\\.currency', 'USD');
    await page.fill('#f-origin', 'Lima regional workshop, November 2026');
    await submit(page);
    expect(new URL(page.url()).pathname).toBe('/plans/ams-rm-2027');

    for (const [title, owner, due] of [['Targeting centre staffed', 'PE', '2027-03-31'], ['First joint operation run', 'AR', '2027-09-30']] as const) {
      await submit(page, 'a[href="/plans/ams-rm-2027/milestones/new"]');
      await page.fill('#f-title', title);
      await page.selectOption('#f-ownerAdministrationId', owner);
      await page.fill('#f-dueDate', due);
      await submit(page);
    }
    await expect(page.locator('tr[id^="m-"]').evaluateAll((rows) => rows.map((r) => r.id))).resolves.toEqual(['m-1', 'm-2']);

    await submit(page, 'a[href="/plans/ams-rm-2027/contributions/new"]');
    await page.selectOption('#f-donorId', 'jica');
    await page.selectOption('#f-kind', 'financial');
    await page.fill('#f-description', 'Experts for the targeting centre');
    await page.fill('#f-amount', '40000.00');
    await page.fill('#f-currency', 'USD');
    await page.fill('#f-stageDates\\.pledged', '2026-11-20');
    await page.selectOption('#f-milestoneId', { label: '1. Targeting centre staffed' });
    await submit(page);

    // Milestone 2 moves above milestone 1.
    await submit(page, 'tr#m-2 form.action button');
    await expect(page.locator('tr[id^="m-"]').evaluateAll((rows) => rows.map((r) => r.id))).resolves.toEqual(['m-2', 'm-1']);

    const contribution = (await app.store.contributions.ofPlan('ams-rm-2027', { limit: 5 })).items[0]!;
    await submit(page, `a[href="/contributions/${contribution.id}/advance"]`);
    await page.selectOption('#f-stage', 'committed');
    await page.fill('#f-date', '2026-11-30');
    await submit(page);
    expect(await page.locator('#saved').textContent()).toContain('Your changes are saved.');

    const stored = (await app.store.contributions.require(contribution.id)).contribution;
    expect(stored).toMatchObject({ stage: 'committed', stageDates: { pledged: '2026-11-20', committed: '2026-11-30' }, amount: '40000.00' });
    const plan = await app.store.plans.require('ams-rm-2027');
    expect(plan.plan).toMatchObject({ budget: { amount: '250000.00', currency: 'USD' } });
    const milestones = (await app.store.milestones.ofPlan('ams-rm-2027', { limit: 5 })).items;
    expect(plan.plan.milestoneOrder).toEqual([milestones.find((m) => m.ref === 2)!.id, milestones.find((m) => m.ref === 1)!.id]);
    expect(csp).toEqual([]);
    await page.context().close();
  }, SLOW);

  it('every new or changed page, in English and Spanish: screenshots, and axe finds nothing serious or critical', async () => {
    const milestone = 'ams-rm-current.m05';
    const contribution = 'ams-rm-current.c01';
    const pages: [person: string, name: string, path: string][] = [
      ['admin', 'strategies', '/strategies'],
      ['admin', 'strategy-new', '/strategies/new'],
      ['admin', 'strategy', '/strategies/ams-rm'],
      ['admin', 'coordinator-add', '/strategies/ams-rm/coordinators/new'],
      ['coord-pe', 'strategy-edit', '/strategies/ams-rm/edit'],
      ['coord-pe', 'reminders', '/strategies/ams-rm/reminders'],
      ['coord-pe', 'plan-new', '/strategies/ams-rm/plans/new'],
      ['coord-pe', 'plan', '/plans/ams-rm-current'],
      ['coord-pe', 'plan-edit', '/plans/ams-rm-current/edit'],
      ['coord-pe', 'milestone-add', '/plans/ams-rm-current/milestones/new'],
      ['coord-pe', 'milestone', `/milestones/${milestone}`],
      ['coord-pe', 'milestone-edit', `/milestones/${milestone}/edit`],
      ['coord-pe', 'milestone-delete', `/milestones/${milestone}/delete`],
      ['coord-pe', 'contribution-new', '/plans/ams-rm-current/contributions/new'],
      ['coord-pe', 'contribution-edit', `/contributions/${contribution}/edit`],
      ['coord-pe', 'contribution-advance', `/contributions/${contribution}/advance`],
      ['coord-pe', 'contribution-delete', `/contributions/${contribution}/delete`],
      ['focal-gt', 'plan-focal-point', '/plans/ams-rm-current'],
    ];
    for (const lang of ['en', 'es'] as const) {
      const people = new Map<string, Page>();
      for (const [person, name, path] of pages) {
        if (!people.has(person)) people.set(person, (await signedIn(person, lang)).page);
        const page = people.get(person)!;
        const response = await go(page, path);
        expect(response?.status(), path).toBe(200);
        await page.screenshot({ path: join(SCREENSHOTS, `planning-${name}-${lang}.png`), fullPage: true });
        if (lang === 'en') expect(await seriousViolations(page), path).toEqual([]);
      }
      // A form with its errors, as a person sees it after a bad submission.
      const page = people.get('coord-pe')!;
      await go(page, '/plans/ams-rm-current/milestones/new');
      await page.fill('#f-dueDate', '');
      await page.fill('#f-progress', '150');
      await submit(page);
      await expect(page.locator('#errors li').count()).resolves.toBe(3);
      await page.screenshot({ path: join(SCREENSHOTS, `planning-milestone-add-errors-${lang}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      for (const p of people.values()) await p.context().close();
    }
  }, 4 * SLOW);
});
