/**
 * Defining results in a real browser over DynamoDB Local with the demo world, JavaScript off (the
 * forms, the target grid included, work without it): a co-coordinator adds a result, two reporting
 * periods and an indicator with targets for both, in English; a bad cell comes back beside itself;
 * the plan page then shows the indicator. The other co-coordinator does it in Spanish (with
 * JavaScript on, for axe: the pages carry no script either way). Screenshots of the forms
 * (test/e2e/screenshots/define-*.png) and axe (nothing serious or critical) in both languages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/domain/dates.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, seriousViolations, signedInPage } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SLOW = 180_000;
const PLAN = 'ams-rm-current';

let app: RunningApp;
let browser: Browser;
let period: { start: string; end: string };

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  period = (await app.store.plans.require(PLAN)).plan.period;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const go = (page: Page, path: string) => page.goto(`${app.baseUrl}${path}`);
async function click(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}
/** A screenshot, and axe where the page lets it run (axe is evaluated in the page: not with JavaScript off). */
const shot = async (page: Page, name: string, axe: boolean) => {
  await page.screenshot({ path: join(SCREENSHOTS, `define-${name}.png`), fullPage: true });
  if (axe) expect(await seriousViolations(page), name).toEqual([]);
};

/** The co-coordinator's walk: a result, two periods, an indicator with targets for both; a bad cell first. */
async function define(page: Page, lang: 'en' | 'es', axe: boolean, words: { result: string; indicator: string; periods: [string, string] }) {
  page.setDefaultTimeout(20_000);
  await go(page, `/plans/${PLAN}#results`);
  await click(page, `a[href="/plans/${PLAN}/results/new"]`);
  await page.selectOption('#f-type', '2');
  await page.fill('#f-title', words.result);
  await shot(page, `result-${lang}`, axe);
  await click(page, 'form.edit button[type=submit]');
  await expect(page.locator('#saved').count()).resolves.toBe(1);

  const [first, second] = [addDays(period.start, 0), addDays(period.start, 90)];
  for (const [i, label] of words.periods.entries()) {
    await click(page, `a[href="/plans/${PLAN}/reporting-periods/new"]`);
    await page.fill('#f-label', label);
    await page.fill('#f-start', i === 0 ? first : addDays(second, 1));
    await page.fill('#f-end', i === 0 ? second : addDays(second, 180));
    await click(page, 'form.edit button[type=submit]');
  }
  const fw = await app.store.results.framework(PLAN);
  const result = fw.results.find((r) => r.title === words.result)!;
  const periods = words.periods.map((label) => fw.periods.find((p) => p.label === label)!);
  expect(periods.every(Boolean)).toBe(true);

  await click(page, `a[href="/plans/${PLAN}/indicators/new?result=${encodeURIComponent(result.id)}"]`);
  await page.fill('#f-title', words.indicator);
  await page.fill('#f-unit', 'units');
  await page.fill('[id="f-b|region"]', '3');
  await page.fill('[id="f-d|region"]', period.start);
  await page.fill(`[id="f-t|${periods[0]!.id}|region"]`, '6,5'); // a decimal comma: refused beside the cell
  await page.fill(`[id="f-t|${periods[1]!.id}|region"]`, '9');
  await page.fill(`[id="f-t|${periods[1]!.id}|GT"]`, '1');
  await click(page, 'form.edit button[type=submit]');
  await expect(page.locator(`[id="e-t|${periods[0]!.id}|region"]`).textContent()).resolves.toContain('12');
  await expect(page.locator(`[id="f-t|${periods[1]!.id}|GT"]`).inputValue()).resolves.toBe('1');
  await shot(page, `indicator-error-${lang}`, axe);
  await page.fill(`[id="f-t|${periods[0]!.id}|region"]`, '6.5');
  await click(page, 'form.edit button[type=submit]');
  expect(new URL(page.url()).pathname).toBe(`/plans/${PLAN}`);

  const indicator = (await app.store.results.framework(PLAN)).indicators.find((i) => i.title === words.indicator)!;
  expect(indicator).toMatchObject({ resultId: result.id, unit: 'units', baseline: { value: '3', date: period.start } });
  expect(indicator.targets).toEqual({ [periods[0]!.id]: { region: '6.5' }, [periods[1]!.id]: { region: '9', administrations: { GT: '1' } } });
  // The plan page shows it under its result, with its chart and both periods' targets.
  const block = page.locator('.indicator', { has: page.locator(`a[href="/indicators/${indicator.id}"]`) });
  await expect(block.count()).resolves.toBe(1);
  await expect(block.locator('table').textContent()).resolves.toContain(words.periods[1]);
  await expect(block.locator('svg').count()).resolves.toBeGreaterThan(0);
  await page.locator('#results').scrollIntoViewIfNeeded();
  await shot(page, `plan-${lang}`, axe);
  return indicator;
}

describe('defining results in Chromium', () => {
  it('a co-coordinator defines a result with an indicator and two periods, then sees it on the plan page (English)', async () => {
    const { page, csp } = await signedInPage(browser, app.baseUrl, 'coord-pe', 'en', { javaScriptEnabled: false });
    const indicator = await define(page, 'en', false, { result: 'Border agencies coordinate controls', indicator: 'Joint control units running', periods: ['Pilot half', 'Second half'] });
    expect(csp).toEqual([]);
    // axe on the same pages in English, in a context where it can run.
    const checked = await signedInPage(browser, app.baseUrl, 'coord-pe', 'en', { javaScriptEnabled: true });
    for (const [name, path] of [['result-new', `/plans/${PLAN}/results/new`], ['period-new', `/plans/${PLAN}/reporting-periods/new`], ['indicator-edit', `/indicators/${indicator.id}/edit`], ['plan', `/plans/${PLAN}#results`], ['delete', `/indicators/${indicator.id}/delete`]]) {
      expect((await go(checked.page, path!))?.status(), name).toBe(200);
      await shot(checked.page, `${name}-en`, true);
    }
  }, SLOW);

  it('the other co-coordinator does the same in Spanish, then deletes the indicator after confirming', async () => {
    const { page, csp } = await signedInPage(browser, app.baseUrl, 'coord-ar', 'es', { javaScriptEnabled: true });
    const indicator = await define(page, 'es', true, { result: 'Controles coordinados en frontera', indicator: 'Unidades de control conjunto', periods: ['Semestre piloto', 'Segundo semestre'] });
    await go(page, `/indicators/${indicator.id}/delete`);
    await shot(page, 'delete-es', true);
    await click(page, `form.action[action="/indicators/${indicator.id}/delete"] button`);
    await expect(page.locator('#saved').textContent()).resolves.toContain('Eliminado');
    expect((await app.store.results.framework(PLAN)).indicators.some((i) => i.id === indicator.id)).toBe(false);
    expect(csp).toEqual([]);
  }, SLOW);
});
