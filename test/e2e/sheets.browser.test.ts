/**
 * Spreadsheets in a real browser (Chromium via playwright-core) over DynamoDB Local with the demo
 * world: a co-coordinator downloads the template and an export from the plan page, uploads a
 * workshop's spreadsheet, reads the preview (with its errors, then without), confirms, and sees the
 * milestones on the plan; a bad file gets one sentence. Screenshots in English and Spanish
 * (test/e2e/screenshots/sheets-*.png) and axe (nothing serious or critical).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlan } from '../../shared/commands/plans.ts';
import { readSpreadsheet } from '../../shared/sheets/read.ts';
import { csv, encryptedWorkbook } from '../support/sheets.ts';
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

// The browser's locale decides how 30/06/2026 reads: day first in en-GB and es-PE.
const signedIn = (person: string, lang: 'en' | 'es') =>
  signedInPage(browser, app.baseUrl, person, lang, { acceptDownloads: true, locale: lang === 'en' ? 'en-GB' : 'es-PE' });

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
  for (const lang of ['en', 'es'] as const) {
    it(`${lang}: template and export downloads, a preview with errors, a clean preview, the confirm, a bad file`, async () => {
      const { page, csp } = await signedIn('coord-pe', lang);
      // A new, empty plan for this language.
      const planId = `sheets-${lang}`;
      await createPlan({ store: app.store, now: () => new Date() }, { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE' }, {
        strategyId: 'ams-rm',
        plan: { id: planId, title: lang === 'es' ? 'Plan del taller de Buenos Aires' : 'Buenos Aires workshop plan', period: { start: '2026-01-01', end: '2027-12-31' } },
      });
      await page.goto(`${app.baseUrl}/plans/${planId}`);

      const [template] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/plans/${planId}/import-template/xlsx"]`)]);
      const tables = readSpreadsheet(new Uint8Array(await (await template.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks))));
      expect(tables[0]!.rows[0]![1]).toBe(lang === 'es' ? 'Título' : 'Title');
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-plan-section-${lang}.png`), fullPage: true });

      const headers = lang === 'es' ? ['Título', 'Administración responsable', 'Fecha prevista', 'Estado', 'Avance'] : ['Title', 'Owner administration', 'Due date', 'Status', 'Progress'];
      await upload(page, file(`errors-${lang}.csv`, csv([headers, ['Comité nacional', 'Perú', '30/06/2026', 'Planificado', '0'], ['Operación', 'Atlantis', '06/31/2026', 'Someday', '120']], { delimiter: ';' })));
      await expect(page.locator('#errors tbody tr').count()).resolves.toBe(4);
      await expect(page.locator('form.action button').count()).resolves.toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-preview-errors-${lang}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);

      await page.goto(`${app.baseUrl}/plans/${planId}`);
      await upload(page, file(`taller-${lang}.csv`, csv([headers, ['Comité nacional', 'Perú', '30/06/2026', 'Planificado', '0'], ['Operación conjunta', 'Argentina', '15/09/2026', 'En curso', '20']], { delimiter: ';' })));
      await expect(page.locator('#errors').count()).resolves.toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-preview-${lang}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      await Promise.all([page.waitForNavigation(), page.click('form.action button')]);
      await expect(page.locator('.notice.ok').textContent()).resolves.toContain(`taller-${lang}.csv`);
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-imported-${lang}.png`), fullPage: true });

      await page.goto(`${app.baseUrl}/plans/${planId}`);
      await expect(page.locator('tr[id^="m-"]').count()).resolves.toBe(2);
      const [exported] = await Promise.all([page.waitForEvent('download'), page.click(`a[href="/plans/${planId}/export/xlsx"]`)]);
      const book = readSpreadsheet(new Uint8Array(Buffer.concat(await (await exported.createReadStream()).toArray())));
      expect(book[0]!.rows).toHaveLength(3);

      await upload(page, file(`secret-${lang}.xlsx`, encryptedWorkbook()));
      await expect(page.locator('.notice.error').textContent()).resolves.toContain(lang === 'es' ? 'protegido con contraseña' : 'password-protected');
      await page.screenshot({ path: join(SCREENSHOTS, `sheets-bad-file-${lang}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(csp).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
