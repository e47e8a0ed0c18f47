/**
 * The whole set-up of a strategy in a real browser, from an empty database, entirely through the
 * web forms (issue 9's journey; the 2017 Central America strategy of domain.md): the secretariat
 * signs in, creates the member administrations and a donor, invites two coordinators, a focal point
 * and a donor officer, creates the strategy with two co-coordinators and a plan with milestones and
 * contributions. The invited focal point signs in and reports on their milestone; the donor officer
 * sees only the plan their agency funds; the reminders job mails the new focal point.
 * The only step outside the browser is the first administrator, as in README ("Create the first
 * admin user").
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../shared/domain/dates.ts';
import { runReminders } from '../../shared/jobs/reminders.ts';
import { mailLinks } from '../../shared/mail/links.ts';
import { MemoryMailer } from '../integration/jobs-world.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { cspReports, launchBrowser, seriousViolations, signIn } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const now = new Date();
const today = localDate(now, 'America/Tegucigalpa');

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(() => new Date(), { seed: false }), launchBrowser()]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // README, "Create the first admin user": the one step outside the web app.
  await app.store.people.create({ id: 'secretariat', name: 'ROCB AMS Secretariat', email: 'secretariat@example.org', role: 'admin', remindersOptOut: false }, { userId: 'cli', role: 'admin' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function as(person: string, lang: 'en' | 'es' = 'en'): Promise<{ page: Page; csp: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const csp = cspReports(page);
  await signIn(page, app.baseUrl, person);
  await page.goto(`${app.baseUrl}/language/${lang}?next=/`);
  return { page, csp };
}

const open = (page: Page, path: string) => page.goto(`${app.baseUrl}${path}`);

/** Submits the page's form and waits for the page that answers; the answer must not be an error. */
async function save(page: Page, button = 'form.edit button[type=submit]') {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(button)]);
  const status = response?.status() ?? 0;
  // The errors the page shows, when it refused the form: what to look at if this fails.
  const refused = status >= 400 ? await page.locator('main').textContent({ timeout: 1000 }) : '';
  expect(status, `${page.url()}: ${refused}`).toBeLessThan(400);
}

describe('setting up a strategy from an empty database, in the browser', () => {
  it('the secretariat sets up members, people, the strategy, its plan and its funding; the people invited take it from there', async () => {
    const { page, csp } = await as('secretariat');

    // Member administrations: Costa Rica and Guatemala co-coordinate; Honduras has no Director General on file yet.
    for (const [code, name, tz, dg] of [
      ['CR', 'Servicio Nacional de Aduanas de Costa Rica', 'America/Costa_Rica', ['Carlos Jiménez', 'dg-cr@example.org']],
      ['GT', 'Superintendencia de Administración Tributaria (SAT), Guatemala', 'America/Guatemala', ['Ana Sofía Morales', 'dg-gt@example.org']],
      ['HN', 'Administración Aduanera de Honduras', 'America/Tegucigalpa', null],
    ] as const) {
      await open(page, '/setup/administrations/new');
      await page.fill('#f-id', code);
      await page.fill('#f-name', name);
      await page.selectOption('#f-language', 'es');
      await page.fill('#f-timeZone', tz);
      if (dg) {
        await page.fill('#f-directorGeneral\\.name', dg[0]);
        await page.fill('#f-directorGeneral\\.email', dg[1]);
      }
      await save(page);
    }
    await open(page, '/setup/administrations');
    await expect(page.locator('main').textContent()).resolves.toContain('Administración Aduanera de Honduras');

    // A donor.
    await open(page, '/setup/donors/new');
    await page.fill('#f-id', 'usaid');
    await page.fill('#f-name', 'United States Agency for International Development (USAID)');
    await page.selectOption('#f-organisationType', '10');
    await page.fill('#f-iatiRef', 'US-GOV-1');
    await save(page);

    // People: two coordinators, a focal point in Honduras and the donor's programme officer.
    for (const [id, name, role, affiliation, language] of [
      ['coord-cr', 'Mariana Solís', 'coordinator', ['administrationId', 'CR'], 'es'],
      ['coord-gt', 'José Luis Pérez', 'coordinator', ['administrationId', 'GT'], 'es'],
      ['focal-hn', 'Karla Mejía', 'focal_point', ['administrationId', 'HN'], 'es'],
      ['usaid-po', 'Rachel Green', 'donor', ['donorId', 'usaid'], 'en'],
    ] as const) {
      await open(page, '/setup/people/new');
      await page.fill('#f-name', name);
      await page.fill('#f-email', `${id}@example.org`);
      await page.selectOption('#f-language', language);
      await page.selectOption('#f-role', role);
      await page.selectOption(`#f-${affiliation[0]}`, affiliation[1]);
      await page.fill('#f-id', id);
      await save(page);
      expect(await app.store.people.get(id)).toMatchObject({ role, active: true });
    }

    // The strategy, its co-coordinators and its plan.
    await open(page, '/strategies/new');
    await page.fill('#f-id', 'ca-rm');
    await page.fill('#f-title', 'Regional Strategy for Comprehensive Risk Management in Customs');
    await page.fill('#f-region', 'Central America');
    await page.selectOption('#f-status', 'active');
    await save(page);
    expect(new URL(page.url()).pathname).toBe('/strategies/ca-rm');
    for (const code of ['CR', 'GT']) {
      await open(page, '/strategies/ca-rm/coordinators/new');
      await page.selectOption('#f-administrationId', code);
      await save(page);
    }
    expect((await app.store.strategies.require('ca-rm')).coordinatorIds).toEqual(['CR', 'GT']);

    const plan = async (id: string, title: string) => {
      await open(page, '/strategies/ca-rm/plans/new');
      await page.fill('#f-id', id);
      await page.fill('#f-title', title);
      await page.fill('#f-period\\.start', '2026-01-01');
      await page.fill('#f-period\\.end', '2027-12-31');
      await page.fill('#f-budget\\.amount', '300000.00');
      await page.fill('#f-budget\\.currency', 'USD');
      await save(page);
    };
    await plan('ca-rm-2026', 'Action plan 2026-2027 (San José and Guatemala City workshops)');
    await plan('ca-rm-pilot', 'Pilot targeting operation (internal)');

    const milestone = async (planId: string, title: string, owner: string, due: string) => {
      await open(page, `/plans/${planId}/milestones/new`);
      await page.fill('#f-title', title);
      await page.selectOption('#f-ownerAdministrationId', owner);
      await page.fill('#f-dueDate', due);
      await save(page);
    };
    await milestone('ca-rm-2026', 'National risk-management committee in place', 'HN', addDays(today, 7));
    await milestone('ca-rm-2026', 'Outcomes submitted to the Directors General', 'GT', addDays(today, 60));
    await milestone('ca-rm-pilot', 'Targeted control operation planned', 'CR', addDays(today, 30));

    const contribution = async (planId: string, donor: string, amount: string, kind: 'financial' | 'in_kind') => {
      await open(page, `/plans/${planId}/contributions/new`);
      await page.selectOption('#f-donorId', donor);
      await page.selectOption('#f-kind', kind);
      await page.fill('#f-description', kind === 'financial' ? 'Workshop costs and regional advisers' : 'Venue and interpretation in Guatemala City');
      await page.fill('#f-amount', amount);
      await page.fill('#f-currency', 'USD');
      await page.fill('#f-stageDates\\.pledged', addDays(today, -10));
      await save(page);
    };
    await contribution('ca-rm-2026', 'usaid', '120000.00', 'financial');
    await contribution('ca-rm-2026', 'usaid', '15000.00', 'in_kind');
    await expect(page.locator('main').textContent()).resolves.toContain('USAID');
    await page.screenshot({ path: join(SCREENSHOTS, 'journey-plan-en.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The set-up list: Honduras has no Director General; nobody else needs anything.
    await open(page, '/setup');
    const needs = await page.locator('main').textContent();
    expect(needs).toContain('Administración Aduanera de Honduras');
    expect(csp).toEqual([]);
    await page.context().close();

    // The new focal point in Honduras signs in (in Spanish) and reports on their milestone.
    const focal = await as('focal-hn', 'es');
    const ms = (await app.store.milestones.ofPlan('ca-rm-2026', { limit: 10 })).items.find((m) => m.ownerAdministrationId === 'HN')!;
    await open(focal.page, '/');
    await expect(focal.page.locator('main').textContent()).resolves.toContain('National risk-management committee in place');
    await open(focal.page, `/milestones/${ms.id}`);
    await focal.page.selectOption('#f-status', 'in_progress');
    await focal.page.fill('#f-progress', '40');
    await focal.page.fill('#f-note', 'Comité creado por resolución; primera sesión el próximo mes.');
    await save(focal.page, 'form.update button[type=submit]');
    expect((await app.store.milestones.require(ms.id)).milestone).toMatchObject({ status: 'in_progress', progress: 40, updatedBy: 'focal-hn' });
    // A focal point has no controls for what is not theirs.
    await open(focal.page, '/plans/ca-rm-2026');
    await expect(focal.page.locator('a[href="/plans/ca-rm-2026/edit"]').count()).resolves.toBe(0);
    await focal.page.screenshot({ path: join(SCREENSHOTS, 'journey-focal-point-es.png'), fullPage: true });
    await focal.page.context().close();

    // The donor officer sees the plan USAID funds, not the other one.
    const donor = await as('usaid-po');
    expect((await open(donor.page, '/plans/ca-rm-2026'))?.status()).toBe(200);
    expect((await open(donor.page, '/plans/ca-rm-pilot'))?.status()).toBe(403);
    await open(donor.page, '/strategies/ca-rm');
    const strategyText = await donor.page.locator('main').textContent();
    expect(strategyText).toContain('Action plan 2026-2027');
    expect(strategyText).not.toContain('Pilot targeting operation');
    await donor.page.context().close();

    // The reminders job mails the new focal point, in Spanish, seven days before the due date.
    const mailer = new MemoryMailer();
    const result = await runReminders({ store: app.store, mailer, links: mailLinks({ publicUrl: app.baseUrl, secret: 'journey-secret-0123456789-abcdefghij' }), from: 'tracker@example.org', now });
    expect(result.failed).toBe(0);
    const [letter] = mailer.to('focal-hn@example.org');
    expect(letter).toBeDefined();
    expect(letter!.language).toBe('es');
    expect(letter!.subject).toContain('National risk-management committee in place');
  }, 300_000);
});
