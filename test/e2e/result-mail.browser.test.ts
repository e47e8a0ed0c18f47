/**
 * The results mail as its readers see it, in Chromium: the period-close reminder (with its one-click
 * Report buttons), the review-wait reminder and the return mail, in English and Spanish, rendered
 * from the results plan by the reminder template; and the one-click report page they lead to, in
 * English and Portuguese, axe-clean. Screenshots in test/e2e/screenshots/ for a person to look at.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../shared/domain/common.ts';
import { planResultReminders, type ClosingPeriod, type ResultSubmission } from '../../shared/domain/result-reminders.ts';
import type { ReminderAdministration, ReminderPerson, ReminderStrategy } from '../../shared/domain/reminders.ts';
import type { Role } from '../../shared/domain/resources.ts';
import { addDays, localDate } from '../../shared/domain/dates.ts';
import { mailLinks } from '../../shared/mail/links.ts';
import { reminderMessage } from '../../shared/mail/templates/reminder.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { cspReports, launchBrowser, seriousViolations } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const SECRET = 'browser-test-link-secret-0123456789abcdef';
const NOW = new Date();
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(() => NOW, { mailLinks: (publicUrl) => mailLinks({ publicUrl, secret: SECRET }) }), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

// ---------------------------------------------------------------- the three mails

const GT: ReminderAdministration = { id: 'GT', name: 'Superintendencia de Administración Tributaria (SAT)', language: 'es', timeZone: 'America/Guatemala' };
const PE: ReminderAdministration = { id: 'PE', name: 'SUNAT – Aduanas', language: 'es', timeZone: 'America/Lima' };
const strategy: ReminderStrategy = {
  id: 'ams-rm', title: 'Regional Risk Management Strategy of the Americas and Caribbean',
  reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30, periodCloseDays: [14, 3], reviewWaitDays: 7 }, coordinatorIds: ['PE'],
};
const today = localDate(NOW, 'UTC');
const plan = { id: 'ams-rm-current', title: 'Current action plan: regional targeting operations and risk-management capacity', strategyId: 'ams-rm' };
const names = new Map([
  ['ams-rm-current.selected-share', 'Share of import declarations selected for control by risk profiles'],
  ['ams-rm-current.hit-rate', 'Hit rate of risk-based selections'],
  ['ams-rm-current.trained', 'Officers trained on the WCO Risk Management Compendium'],
  ['ams-rm-current.round-2', 'Round 2 (regional meeting)'],
]);
const person = (id: string, name: string, role: Role, administrationId: string | undefined, language: Language): ReminderPerson =>
  ({ id, name, email: `${id}@example.org`, role, ...(administrationId ? { administrationId } : {}), language, remindersOptOut: false });
const submission = (over: Partial<ResultSubmission>): ResultSubmission => ({
  id: 'ams-rm-current.s-1', planId: plan.id, strategyId: 'ams-rm', indicatorId: 'ams-rm-current.selected-share', periodId: 'ams-rm-current.round-2',
  administrationId: 'GT', state: 'submitted', submittedBy: 'focal-gt', submittedAt: `${addDays(today, -9)}T15:00:00Z`, version: 1, value: '52', ...over,
});

function mailFor(kind: 'period-close' | 'review-wait' | 'return', language: Language) {
  const focal = person('focal-gt', 'José Luis Pérez', 'focal_point', 'GT', language);
  const coordinator = person('coord-pe', 'Diego Salazar', 'coordinator', 'PE', language);
  const secretariat = person('admin', 'ROCB AMS Secretariat', 'admin', undefined, language);
  const closing: ClosingPeriod[] = kind !== 'period-close' ? [] : [{
    period: { id: 'ams-rm-current.round-2', planId: plan.id, label: 'Round 2 (regional meeting)', end: addDays(today, 3) },
    plan, administrationIds: ['GT'],
    indicators: ['selected-share', 'hit-rate', 'trained'].map((i) => ({ id: `ams-rm-current.${i}`, title: names.get(`ams-rm-current.${i}`)!, periodFigure: 'latest' })),
    submissions: [{ id: 'ams-rm-current.s-1', indicatorId: 'ams-rm-current.selected-share', periodId: 'ams-rm-current.round-2', administrationId: 'GT', state: 'returned',
      reason: 'The figure covers three months only: please report the whole round, from the start of August.' }],
  }];
  const waiting = kind === 'review-wait' ? [submission({ submittedBy: 'focal-gt' })] : [];
  const returned = kind === 'return' ? [submission({ state: 'returned', submittedBy: 'admin', reviewedAt: `${addDays(today, -1)}T14:00:00Z`, version: 2,
    reason: 'The figure covers three months only: please report the whole round, from the start of August.' })] : [];
  const result = planResultReminders({
    now: NOW, closing, waiting, returned, strategies: new Map([['ams-rm', strategy]]), administrations: new Map([['GT', GT], ['PE', PE]]),
    people: new Map([['GT', [focal]], ['PE', [coordinator]]]), submitters: new Map([['admin', secretariat], ['focal-gt', focal]]),
  });
  const recipient = kind === 'period-close' ? 'focal-gt' : kind === 'review-wait' ? 'coord-pe' : 'admin';
  const letter = result.letters.find((l) => l.person.id === recipient);
  expect(letter, `${kind} letter`).toBeDefined();
  return reminderMessage({
    letter: { ...letter!, items: [] }, results: letter!.items, links: mailLinks({ publicUrl: 'https://tracker.example.org', secret: SECRET }), from: 'tracker@example.org',
    issuedAt: NOW, administrationNames: new Map([['GT', GT.name], ['PE', PE.name]]), planTitles: new Map([[plan.id, plan.title]]), resultTitles: names,
  });
}

/** What a reader of the mail sees: nothing wider than the mail's 600 pixels, every link working, text readable. */
async function shownAsMail(page: Page, html: string, file: string) {
  await page.setViewportSize({ width: 700, height: 900 });
  await page.setContent(html);
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    links: [...document.querySelectorAll('a')].map((a) => ({ text: (a.textContent ?? '').trim(), href: a.getAttribute('href') ?? '' })),
    smallest: Math.min(...[...document.querySelectorAll('body *')].filter((e) => (e.textContent ?? '').trim() && !e.children.length).map((e) => parseFloat(getComputedStyle(e).fontSize))),
  }));
  expect(layout.scrollWidth, file).toBeLessThanOrEqual(700);
  expect(layout.links.filter((l) => !l.text || !/^https:\/\//.test(l.href)), file).toEqual([]);
  expect(layout.smallest, file).toBeGreaterThanOrEqual(12);
  return layout;
}

describe('the results mail in Chromium', () => {
  for (const language of ['en', 'es'] as const) {
    it(`period-close reminder, review-wait reminder and return mail (${language}): laid out as mail, screenshots kept`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: true });
      try {
        const page = await context.newPage();
        const close = mailFor('period-close', language);
        const closeLayout = await shownAsMail(page, close.html!, `mail-period-close.${language}.png`);
        // A Report button per value owed, each a signed one-click link; the returned one shows its reason.
        expect(closeLayout.links.filter((l) => l.href.includes('/mail/report/'))).toHaveLength(3);
        expect(close.html).toContain('The figure covers three months only');

        const review = mailFor('review-wait', language);
        const reviewLayout = await shownAsMail(page, review.html!, `mail-review-wait.${language}.png`);
        expect(reviewLayout.links.some((l) => l.href.endsWith('/submissions/ams-rm-current.s-1'))).toBe(true);

        const back = mailFor('return', language);
        await shownAsMail(page, back.html!, `mail-return.${language}.png`);
        expect(back.html).toContain('please report the whole round');
      } finally {
        await context.close();
      }
    });
  }
});

describe('the one-click report page in Chromium', () => {
  for (const [language, personId, administrationId, submit, thanks] of [
    ['en', 'focal-jm', 'JM', 'Submit for review', 'Thank you: the value is sent'],
    ['pt', 'focal-br', 'BR', 'Enviar para revisão', 'Obrigado: o valor foi enviado'],
  ] as const) {
    it(`a focal point reports from the link without signing in (${language}), axe-clean, screenshots kept`, async () => {
      const links = mailLinks({ publicUrl: app.baseUrl, secret: SECRET });
      const url = links.resultReport({ indicatorId: 'ams-rm-current.trained', periodId: 'ams-rm-current.round-2', administrationId }, personId, NOW);
      const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
      try {
        const page = await context.newPage();
        const csp = cspReports(page);
        await page.goto(url);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language);
        await page.screenshot({ path: join(SCREENSHOTS, `report-link.${language}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
        await page.fill('#value', '6');
        await page.fill('#note', 'National course, two sessions.');
        await Promise.all([page.waitForLoadState(), page.click(`button:text("${submit}")`)]);
        await expect(page.locator('.notice.good').textContent()).resolves.toContain(thanks);
        await page.screenshot({ path: join(SCREENSHOTS, `report-link-saved.${language}.png`), fullPage: true });
        expect(await seriousViolations(page)).toEqual([]);
        expect(csp).toEqual([]);
        const waiting = await app.store.results.awaitingReview('ams-rm');
        expect(waiting.some((s) => s.administrationId === administrationId && s.submittedBy === personId && s.value === '6')).toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
