/**
 * Spreadsheets in a real browser (Chromium via playwright-core) over DynamoDB Local with the demo
 * world: a co-coordinator downloads the template and an export from the plan page, uploads a
 * workshop's spreadsheet, reads the preview (with its errors, then without), confirms, and sees the
 * milestones on the plan; a bad file gets one sentence. The preview is a page of its own (the
 * upload redirects to it), so a reload shows it again. The clean preview's workbook has a
 * contributions sheet too. Screenshots in English, Spanish, French and Portuguese
 * (test/e2e/screenshots/sheets-*.png) and axe (nothing serious or critical).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlan } from '../../shared/commands/plans.ts';
import { readSpreadsheet } from '../../shared/sheets/read.ts';
import { csv, encryptedWorkbook, xlsx } from '../support/sheets.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, signedInPage, seriousViolations } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const FILES = join(tmpdir(), `sheets-browser-${process.pid}`);

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(FILES, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type Lang = 'en' | 'es' | 'fr' | 'pt';
// The browser's locale decides how 30/06/2026 reads (day first in all four) and how amounts are written.
const LOCALES: Record<Lang, string> = { en: 'en-GB', es: 'es-AR', fr: 'fr-FR', pt: 'pt-BR' };
const signedIn = (person: string, lang: Lang) => signedInPage(browser, app.baseUrl, person, lang, { acceptDownloads: true, locale: LOCALES[lang] });

const HEADERS: Record<Lang, string[]> = {
  en: ['Title', 'Owner administration', 'Due date', 'Status', 'Progress'],
  es: ['Título', 'Administración responsable', 'Fecha prevista', 'Estado', 'Avance'],
  fr: ['Titre', 'Administration responsable', 'Échéance', 'Statut', 'Avancement'],
  pt: ['Título', 'Administração responsável', 'Prazo', 'Situação', 'Progresso'],
};
const TITLES: Record<Lang, string> = { en: 'Buenos Aires workshop plan', es: 'Plan del taller de Buenos Aires', fr: "Plan de l'atelier de Buenos Aires", pt: 'Plano da oficina de Buenos Aires' };
const PASSWORD: Record<Lang, string> = { en: 'password-protected', es: 'protegido con contraseña', fr: 'protégé par un mot de passe', pt: 'protegido por senha' };

function file(name: string, bytes: Uint8Array): string {
  const path = join(FILES, name);
  writeFileSync(path, bytes);
  return path;
}

async function upload(page: Page, path: string) {
  await page.setInputFiles('#import-file', path);
  await Promise.all([page.waitForNavigation(), page.click('form.upload button[type=submit]')]);
}

describe('spreadsheets in Chromium', () => {
  for (const lang of ['en', 'es', 'fr', 'pt'] as const) {
    it(`${lang}: template and export downloads, a preview with errors, a clean preview, the confirm, a bad file`, async () => {
      const { page, csp } = await signedIn('coord-pe', lang);
      // A new, empty plan for this language.
      const planId = `sheets-${lang}`;
      await createPlan({ store: app.store, now: () => new Date() }, { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE' }, {
        strategyId: 'ams-rm',
        plan: { id: planId, title: TITLES[lang], period: { start: '2026-01-01', end: '2027-12-31' } },
      });
      await page.goto(`${app.baseUrl}/plans/${planId}`);

      const [template] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/plans/${planId}/import-template/xlsx"]`)]);
      const tables = readSpreadsheet(new Uint8Array(await (await template.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks))));
      expect(tables[0]!.rows[0]![1]).toBe(HEADERS[lang][0]);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-plan-section-${lang}.png`), fullPage: true });

      const headers = HEADERS[lang];
      await upload(page, file(`errors-${lang}.csv`, csv([headers, ['Comité nacional', 'Perú', '30/06/2026', 'Planificado', '0'], ['Operación', 'Atlantis', '06/31/2026', 'Someday', '120']], { delimiter: ';' })));
      await expect(page.locator('#errors tbody tr').count()).resolves.toBe(4);
      await expect(page.locator('form.action button').count()).resolves.toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-preview-errors-${lang}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      // The preview is its own page: a reload shows it again, without sending the file again.
      expect(page.url()).toMatch(new RegExp(`/plans/${planId}/imports/[a-z0-9-]+$`));
      await page.reload();
      await expect(page.locator('#errors tbody tr').count()).resolves.toBe(4);

      await page.goto(`${app.baseUrl}/plans/${planId}`);
      const workbook = xlsx({
        Milestones: [headers, ['Comité nacional', 'Perú', '30/06/2026', 'Planificado', '0'], ['Operación conjunta', 'Argentina', '15/09/2026', 'En curso', '20']],
        Contributions: [['Donor', 'Kind', 'Description', 'Amount', 'Currency', 'Stage', 'Pledged on', 'Milestone ref'], ['JICA', 'Financial', 'Experts for the committee', 150000.5, 'USD', 'Pledged', '2026-03-01', 1]],
      });
      await upload(page, file(`taller-${lang}.xlsx`, workbook));
      await expect(page.locator('#errors').count()).resolves.toBe(0);
      await expect(page.locator('table').filter({ hasText: 'Experts for the committee' }).count()).resolves.toBe(1);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-preview-${lang}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      await Promise.all([page.waitForNavigation(), page.click('form.action button')]);
      await expect(page.locator('.notice.ok').textContent()).resolves.toContain(`taller-${lang}.xlsx`);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-imported-${lang}.png`), fullPage: true });

      await page.goto(`${app.baseUrl}/plans/${planId}`);
      await expect(page.locator('tr[id^="m-"]').count()).resolves.toBe(2);
      const [exported] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/plans/${planId}/export/xlsx"]`)]);
      const book = readSpreadsheet(new Uint8Array(Buffer.concat(await (await exported.createReadStream()).toArray())));
      expect(book[0]!.rows).toHaveLength(3);

      await upload(page, file(`secret-${lang}.xlsx`, encryptedWorkbook()));
      await expect(page.locator('.notice.error').textContent()).resolves.toContain(PASSWORD[lang]);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-bad-file-${lang}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(csp).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
