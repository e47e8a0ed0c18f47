/**
 * The web app in a real browser (Chromium from Debian via playwright-core) against the app on a
 * free port over DynamoDB Local with the demo world. One browser for the file; one context per
 * person, reused across tests.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigests } from '../../shared/jobs/digests.ts';
import { mailLinks } from '../../shared/mail/links.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { cspReports, launchBrowser, seriousViolations, signIn, weighing } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const PAGE_BUDGET = 100 * 1024;
const SLOW = 90_000;

let app: RunningApp;
/** The digest page made by the digests test, for the every-page checks. */
let digestPath = '/digests';
let browser: Browser;
const contexts = new Map<string, { context: BrowserContext; page: Page; csp: string[] }>();

/** A signed-in page for a person (JavaScript on: axe runs in the page). */
async function as(person: string): Promise<{ context: BrowserContext; page: Page; csp: string[] }> {
  const existing = contexts.get(person);
  if (existing) return existing;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const csp = cspReports(page);
  if (person !== 'anonymous') await signIn(page, app.baseUrl, person);
  const entry = { context, page, csp };
  contexts.set(person, entry);
  return entry;
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('web app in Chromium', () => {
  it('coord-pe finds a late milestone from home and updates it without JavaScript; the change tops its history', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      const started = Date.now();
      await signIn(page, app.baseUrl, 'coord-pe');

      // Home puts the late milestones first, each with an Update button.
      const firstGroup = page.locator('main section').first();
      await expect(firstGroup.locator('h2').textContent()).resolves.toMatch(/^Atrasados \(\d+\)$/);
      const late = firstGroup.locator('ul.tasks > li.late').first();
      const title = (await late.locator('.what > a').textContent())!.trim();
      await Promise.all([page.waitForURL(/\/milestones\/[^#]+#update$/), late.locator('a.button').click()]);
      const milestoneUrl = page.url().replace(/#update$/, '');
      await expect(page.locator('h1').textContent()).resolves.toBe(title);

      await page.selectOption('#f-status', 'in_progress');
      await page.fill('#f-progress', '25');
      await page.fill('#f-note', 'Committee charter drafted; first meeting on the 30th.');
      await page.fill('#f-evidenceUrl', 'https://example.org/committee-charter.pdf');
      await page.fill('#f-evidenceLabel', 'Committee charter (draft)');
      await Promise.all([page.waitForURL(/\?saved#saved$/), page.click('form.update button[type=submit]')]);
      const elapsed = Date.now() - started;

      await expect(page.locator('#saved [role=status]').textContent()).resolves.toContain('Actualización guardada');
      const latest = page.locator('ol.history > li').first();
      const latestText = (await latest.textContent()) ?? '';
      expect(latestText).toContain('coord-pe');
      expect(latestText).toMatch(/25\s%/);
      expect(latestText).toContain('Committee charter drafted; first meeting on the 30th.');
      await expect(latest.locator('a[href="https://example.org/committee-charter.pdf"]').count()).resolves.toBe(1);
      expect(elapsed).toBeLessThan(60_000);

      const id = decodeURIComponent(new URL(milestoneUrl).pathname.split('/').pop()!);
      const stored = await app.store.milestones.get(id);
      expect(stored?.milestone).toMatchObject({ status: 'in_progress', progress: 25, version: 2, updatedBy: 'coord-pe' });
    } finally {
      await context.close();
    }
  }, SLOW);

  it('the plan page draws the timeline, the milestones with health and the funding with its gap (screenshot kept)', async () => {
    const { page, csp } = await as('coord-pe');
    await page.goto(`${app.baseUrl}/plans/ams-rm-current`);
    const timeline = page.locator('svg[aria-labelledby="timeline-title timeline-desc"]');
    await expect(timeline.getAttribute('role')).resolves.toBe('img');
    const rows = await page.locator('table').first().locator('tbody tr').count();
    expect(rows).toBe(11);
    // One current-date dot per milestone; slipped ones also show their baseline.
    await expect(timeline.locator('circle[r="7"]').count()).resolves.toBe(rows);
    await expect(timeline.locator('circle[r="5"]').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(page.locator('tr.late').count()).resolves.toBeGreaterThanOrEqual(3);
    await expect(page.locator('svg[aria-labelledby="funding-title funding-desc"] rect[stroke-dasharray]').count()).resolves.toBe(1);
    // The gap in the budget currency with the JPY and ARS contributions converted at the recorded rates
    // (issue 13): 60,120.00, no longer the 90,000.00 that left them out.
    await expect(page.locator('table.money').textContent()).resolves.toContain('60.120,00');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'plan.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  }, SLOW);

  it('donor-jica sees only the plans it funds, only its own contributions, and no update form', async () => {
    const { page } = await as('donor-jica');
    // Home is the donor's page: its funded plans.
    const planLinks = await page.locator('main h2 a[href^="/plans/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(planLinks.sort()).toEqual(['/plans/ams-rm-2014', '/plans/ams-rm-current']);

    await page.goto(`${app.baseUrl}/strategies/ams-rm`);
    const listed = await page.locator('main .card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(listed.sort()).toEqual(['/plans/ams-rm-2014', '/plans/ams-rm-current']);

    await page.goto(`${app.baseUrl}/plans/ams-rm-current`);
    await expect(page.locator('a.button', { hasText: 'Update' }).count()).resolves.toBe(0);
    const funding = (await page.locator('table.money').textContent()) ?? '';
    expect(funding).toContain('Japan International Cooperation Agency');
    expect(funding).not.toContain('United States Agency');

    await page.goto(`${app.baseUrl}/milestones/ams-rm-current.m02`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Passenger risk targeting pilot');
    await expect(page.locator('form.update').count()).resolves.toBe(0);

    const refused = await page.goto(`${app.baseUrl}/plans/toa-rm-2023`);
    expect(refused?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('Not available to you');
  }, SLOW);

  it('two people edit the same milestone: the second is told of the conflict and shown the first change', async () => {
    const first = await as('coord-pe');
    const second = await as('coord-ar');
    const url = `${app.baseUrl}/milestones/ams-rm-current.m02`;
    await first.page.goto(url);
    await second.page.goto(url);

    // coord-pe reads Spanish and the note has a Spanish translation: the form holds it, and a plain
    // edit changes the text its writer reads (the es translation), not the English original.
    await expect(first.page.inputValue('#f-note')).resolves.toBe('El segundo aeropuerto se incorpora la próxima semana.');
    await first.page.fill('#f-note', 'El segundo aeropuerto se incorporó el lunes.');
    await Promise.all([first.page.waitForURL(/\?saved#saved$/), first.page.click('form.update button[type=submit]')]);

    await second.page.fill('#f-progress', '90');
    await second.page.fill('#f-note', 'Piloto extendido a un tercer aeropuerto.');
    const response = await Promise.all([second.page.waitForNavigation(), second.page.click('form.update button[type=submit]')]).then(([r]) => r);
    expect(response?.status()).toBe(409);
    const alert = second.page.locator('main > [role=alert]');
    await expect(alert.locator('h2').textContent()).resolves.toBe('No guardado: otra persona modificó este hito antes');
    const told = (await alert.textContent()) ?? '';
    expect(told).toContain('coord-pe');
    // The first change is said readably: which field, in which language, from what to what.
    expect(told).toContain('Nota en español: El segundo aeropuerto se incorpora la próxima semana. → El segundo aeropuerto se incorporó el lunes.');
    expect(told).not.toContain('[object Object]');
    await expect(alert.locator('ins span[lang=es]').textContent()).resolves.toBe('El segundo aeropuerto se incorporó el lunes.');
    // Their entries are kept for a deliberate second try; nothing was overwritten.
    await expect(second.page.inputValue('#f-note')).resolves.toBe('Piloto extendido a un tercer aeropuerto.');
    const stored = await app.store.milestones.get('ams-rm-current.m02');
    expect(stored?.milestone).toMatchObject({ note: 'Second airport joins next week.', progress: 80, version: 2 });
    expect(stored?.milestone.translations?.note?.texts.es).toEqual({ text: 'El segundo aeropuerto se incorporó el lunes.' });
    expect(await seriousViolations(second.page)).toEqual([]);

    await Promise.all([second.page.waitForURL(/\?saved#saved$/), second.page.click('form.update button[type=submit]')]);
    const after = await app.store.milestones.get('ams-rm-current.m02');
    expect(after?.milestone).toMatchObject({ note: 'Second airport joins next week.', progress: 90, version: 3, updatedBy: 'coord-ar' });
    expect(after?.milestone.translations?.note?.texts.es).toEqual({ text: 'Piloto extendido a un tercer aeropuerto.' });
  }, SLOW);

  it('switching to Spanish changes the page text, and the choice follows the person around', async () => {
    const { page } = await as('donor-jica');
    await page.goto(`${app.baseUrl}/plans/ams-rm-current`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    // The plan's funding, as every reader sees it (issue 10, item 15); the donor's own rows below it.
    await expect(page.locator('#funding').textContent()).resolves.toBe('Funding');
    await Promise.all([page.waitForURL(`${app.baseUrl}/plans/ams-rm-current`), page.click('nav.langs a[hreflang="es"]')]);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');
    await expect(page.locator('#funding').textContent()).resolves.toBe('Financiamiento');
    await expect(page.locator('header button[type=submit]').textContent()).resolves.toBe('Cerrar sesión');
    await page.goto(`${app.baseUrl}/`);
    await expect(page.locator('nav.main a[aria-current=page]').textContent()).resolves.toBe('Inicio');
    await Promise.all([page.waitForURL(`${app.baseUrl}/`), page.click('nav.langs a[hreflang="en"]')]);
    await expect(page.locator('nav.main a[aria-current=page]').textContent()).resolves.toBe('Home');
  }, SLOW);

  it('a Director General opens the latest digest from home, at the address the digest mail links to', async () => {
    const links = mailLinks({ publicUrl: app.baseUrl, secret: 'a-test-secret-of-some-length-0123456789' });
    const sent: string[] = [];
    await runDigests({
      now: new Date(),
      store: app.store,
      mailer: { send: async (m) => (sent.push(m.to.email), { messageId: `m-${sent.length}` }) },
      links,
      from: 'tracker@example.org',
      administrationIds: ['PE'],
    });
    expect(sent).toEqual(['dg-pe@example.org']);
    const { page, csp } = await as('dg-pe');
    await page.goto(`${app.baseUrl}/`);
    const latest = page.locator('main ul.tasks > li .what > a').first();
    digestPath = (await latest.getAttribute('href'))!;
    const [digest] = (await app.store.digests.list('PE', { limit: 1 })).items;
    expect(`${app.baseUrl}${digestPath}`).toBe(links.web.digest('PE', digest!.id));
    await Promise.all([page.waitForURL(`${app.baseUrl}${digestPath}`), latest.click()]);
    await expect(page.locator('h1').textContent()).resolves.toContain('(SUNAT)') // the administration's name as the digest was made, in its Director General's language (issue 14);
    // Late milestones of the plans Peru takes part in, each linking to its page.
    const late = page.locator('main section').nth(1);
    await expect(late.locator('h2').textContent()).resolves.toMatch(/^Atrasados \(\d+\)$/);
    await expect(late.locator('a[href^="/milestones/"]').count()).resolves.toBeGreaterThan(0);
    // Plans by their Spanish titles where held; a plan held in English only is marked so, with lang="en" (issue 14).
    await expect(page.locator('main table a[href="/plans/ams-rm-current"]:not([lang])').count()).resolves.toBe(1);
    await expect(page.locator('main table a[href^="/plans/"][lang="en"] + .untranslated').count()).resolves.toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  }, SLOW);

  it('every page passes axe (no serious or critical violations), stays under 100 KB and breaks no CSP rule', async () => {
    const pages: [person: string, path: string, status?: number][] = [
      ['anonymous', '/sign-in'],
      ['anonymous', '/signed-out'],
      ['anonymous', '/no-such-page', 404],
      ['coord-pe', '/'],
      ['coord-pe', '/strategies/ams-rm'],
      ['coord-pe', '/plans/ams-rm-current'],
      ['coord-pe', '/plans/ams-rm-2014'],
      ['coord-pe', '/milestones/ams-rm-current.m05'],
      ['coord-pe', '/donors/jica'],
      ['coord-pe', '/digests'],
      ['focal-gt', '/'],
      ['focal-gt', '/milestones/ams-rm-current.m08'],
      ['donor-jica', '/'],
      ['donor-jica', '/milestones/ams-rm-current.m06'],
      ['dg-pe', '/'],
      ['dg-pe', '/digests'],
      ['dg-pe', digestPath],
      ['admin', '/'],
      ['focal-br', '/plans/toa-rm-2023'],
    ];
    const weights: Record<string, number> = {};
    const scales = new Map<string, Awaited<ReturnType<typeof weighing>>>();
    for (const [person, path, status = 200] of pages) {
      const { page, csp } = await as(person);
      if (!scales.has(person)) scales.set(person, await weighing(page));
      const scale = scales.get(person)!;
      scale.reset();
      const response = await page.goto(`${app.baseUrl}${path}`, { waitUntil: 'load' });
      weights[`${person} ${path}`] = scale.bytes;
      expect(response?.status(), `${person} ${path}`).toBe(status);
      expect(await seriousViolations(page), `${person} ${path}`).toEqual([]);
      expect(csp, `${person} ${path}`).toEqual([]);
    }
    // A form sent back with errors is a page too.
    const { page } = await as('focal-gt');
    await page.goto(`${app.baseUrl}/milestones/ams-rm-current.m03`);
    await page.fill('#f-progress', '150');
    await page.fill('#f-evidenceLabel', 'Attendance list');
    const response = await Promise.all([page.waitForNavigation(), page.click('form.update button[type=submit]')]).then(([r]) => r);
    expect(response?.status()).toBe(400);
    await expect(page.locator('form.update [role=alert] li').count()).resolves.toBe(2);
    await expect(page.locator('#f-progress').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    console.log(`page weights (bytes transferred, empty cache): ${JSON.stringify(weights, null, 1)}`);
    for (const [what, bytes] of Object.entries(weights)) expect(bytes, what).toBeLessThan(PAGE_BUDGET);
  }, 240_000);
});
