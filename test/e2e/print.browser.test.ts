/**
 * Printing (issue 11): the plan, strategy, donor and digest pages printed by Chromium on A4 portrait,
 * in each of the four languages. Read back from the PDF with poppler's pdftotext (text inside the
 * page box only, so anything cut off at the edge counts as missing): every sheet carries the page's
 * title and the print date in its top margin and its number at the foot, every column header of the
 * tables is there and repeats on each sheet a table runs over, and no navigation, button or form
 * prints. The charts fit the printable width (their box under print emulation). `page.pdf()` with the
 * page's own @page size is what the browser's print dialog uses, margin boxes included.
 */
import { resolveText } from '../../shared/domain/translations.ts';
import { ADMINISTRATION_NAMES, DONOR_NAMES, PLAN_TEXTS, STRATEGY_TEXTS } from '../../local/demo-translations.ts';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMilestone } from '../../shared/commands/index.ts';
import { web } from '../../shared/i18n/web.ts';
import { LANGUAGES, type Language } from '../../shared/i18n/index.ts';
import { runDigests } from '../../shared/jobs/digests.ts';
import { mailLinks } from '../../shared/mail/links.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, signIn } from './support/browser.ts';

const OUT = join(import.meta.dirname, 'screenshots', 'print');
const SLOW = 120_000;
/** A4 in PostScript points, and its printable width in CSS pixels (210 mm less the 12 mm side margins). */
const A4 = { width: 595.28, height: 841.89 };
const PRINTABLE_WIDTH_PX = Math.floor(((210 - 24) / 25.4) * 96);
/** The top and bottom margins in points (17 mm and 15 mm): where the running header and footer print. */
const TOP_BAND = (17 / 25.4) * 72;
const BOTTOM_BAND = (15 / 25.4) * 72;

/** The page's clock, fixed, so the print date each sheet must carry is known. */
const NOW = new Date();
const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es', fr: 'fr', pt: 'pt-BR' };
const PRINTED: Record<Language, string> = { en: 'Printed', es: 'Impreso el', fr: 'Imprimé le', pt: 'Impresso em' };
const printDate = (lang: Language) =>
  `${PRINTED[lang]} ${new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(NOW)} UTC`;

/** Text compared without white space or hyphens: a title may wrap, and a word break drops its hyphen. */
const squash = (text: string) => text.replace(/[\s\u00ad\u2010-]+/g, '');
const msg = (lang: Language, key: string) => web[lang][key] ?? web.en[key]!;

let app: RunningApp;
let browser: Browser;
let digestPath: string;

const PLAN_TITLE = 'Current action plan: regional targeting operations and risk-management capacity';
/** Milestones added to the current plan, so that its table runs over more than one sheet. */
const MORE = [
  'Risk-management unit set up in the customs laboratory', 'Passenger name record data agreement with two airlines', 'Regional watch list of high-risk consignments agreed',
  'Targeting officers rotated through the regional centre', 'Express couriers brought into the pre-arrival data scheme', 'Risk profiles for precursor chemicals validated',
  'Second joint targeted control operation: planning meeting', 'Hit-rate reporting template adopted by all members', 'Post-seizure analysis shared with the co-coordinators',
  'AEO validators trained on risk-based audit selection', 'Border post targeting kits delivered', 'Valuation risk rules reviewed by the regional committee',
];

interface Sheet {
  /** All text inside the page box. */
  body: string;
  /** Text in the top and bottom margins. */
  top: string;
  bottom: string;
}

function pdfText(file: string, page: number, box: { y: number; height: number }): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-x', '0', '-y', String(Math.floor(box.y)), '-W', String(Math.floor(A4.width)), '-H', String(Math.ceil(box.height)), '-r', '72', file, '-'], { encoding: 'utf8' });
}

/** Prints a page as its reader would, in a language; returns each sheet's text and the sheets' sizes. */
async function print(person: string, path: string, lang: Language, name: string): Promise<{ sheets: Sheet[]; sizes: string[]; file: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signIn(page, app.baseUrl, person);
    const response = await page.goto(`${app.baseUrl}/language/${lang}?next=${encodeURIComponent(path)}`);
    expect(response?.status(), `${name} ${lang}`).toBe(200);
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, `${name}-${lang}.pdf`);
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', file], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+(.*)$/gm)].map((m) => m[1]!);
    const sheets = sizes.map((_, i) => ({
      body: pdfText(file, i + 1, { y: 0, height: A4.height }),
      top: pdfText(file, i + 1, { y: 0, height: TOP_BAND }),
      bottom: pdfText(file, i + 1, { y: A4.height - BOTTOM_BAND, height: BOTTOM_BAND }),
    }));
    return { sheets, sizes, file };
  } finally {
    await context.close();
  }
}

/** The boxes of the charts and tables laid out for print at the printable width, and that width. */
async function printLayout(person: string, path: string) {
  const context = await browser.newContext({ viewport: { width: PRINTABLE_WIDTH_PX, height: 1100 } });
  try {
    const page = await context.newPage();
    await signIn(page, app.baseUrl, person);
    await page.goto(`${app.baseUrl}${path}`);
    await page.emulateMedia({ media: 'print' });
    return await page.evaluate(() => ({
      width: document.documentElement.clientWidth,
      charts: [...document.querySelectorAll('svg.chart')].map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, width: r.width })),
      tables: [...document.querySelectorAll('main table')].map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })),
      shown: [...document.querySelectorAll('header, nav, footer, form, .button, .controls')].filter((e) => e.getClientRects().length > 0).length,
    }));
  } finally {
    await context.close();
  }
}

interface Case {
  name: string;
  person: string;
  path: () => string;
  title: (lang: Language) => string;
  /** Each table's column headers (message keys) and a word found only in its last row, to find the sheets it runs over. */
  tables: { caption: (lang: Language) => string; headers: string[]; lastRow?: string }[];
  maxSheets: number;
}

const MILESTONE_HEADERS = ['ms.title', 'ms.owner', 'ms.due', 'ms.status', 'ms.progress', 'ms.health'];
const FUNDING_HEADERS = ['funding.donor', 'stage.pledged', 'stage.committed', 'stage.disbursed', 'stage.spent', 'funding.total'];

const CASES: Case[] = [
  {
    name: 'plan',
    person: 'admin',
    path: () => '/plans/ams-rm-current',
    // Titles and names in the page's language (issue 14), as the demo holds them.
    title: (l) => resolveText(PLAN_TITLE, PLAN_TEXTS['ams-rm-current']!.title, [l]).text,
    tables: [
      { caption: (l) => msg(l, 'planning.milestonesCaption').replace('{count}', String(11 + MORE.length)), headers: ['planning.ref', ...MILESTONE_HEADERS], lastRow: 'Valuation' },
      { caption: (l) => msg(l, 'funding.byDonor'), headers: FUNDING_HEADERS },
      { caption: (l) => msg(l, 'planning.contributionsCaption'), headers: ['funding.donor', 'ms.description', 'planning.f.amount', 'planning.f.stage', 'planning.fundedMilestone'], lastRow: 'licence' },
    ],
    // 23 milestones, funding, contributions, and the results framework (7 indicators, each a chart and its table).
    maxSheets: 10,
  },
  {
    name: 'strategy',
    person: 'admin',
    path: () => '/strategies/ams-rm',
    title: (l) => resolveText('Regional Risk Management Strategy of the Americas and Caribbean', STRATEGY_TEXTS['ams-rm']!.title, [l]).text,
    tables: [{ caption: (l) => msg(l, 'planning.termsCaption'), headers: ['planning.f.administration', 'planning.termSince', 'planning.termUntil', 'planning.termAddedBy', 'planning.termRemovedBy'] }],
    maxSheets: 3,
  },
  {
    name: 'donor',
    person: 'admin',
    path: () => '/donors/jica',
    title: (l) => resolveText('Japan International Cooperation Agency (JICA)', DONOR_NAMES.jica!.name, [l]).text,
    tables: [
      { caption: (l) => msg(l, 'donor.contributionsTo').replace('{plan}', resolveText(PLAN_TITLE, PLAN_TEXTS['ams-rm-current']!.title, [l]).text), headers: ['donor.contribution', 'donor.kind', 'donor.amount', 'donor.stage', 'donor.stageDates'] },
      { caption: (l) => msg(l, 'donor.milestonesOfPlan'), headers: MILESTONE_HEADERS },
    ],
    maxSheets: 4,
  },
  {
    name: 'digest',
    person: 'dg-pe',
    path: () => digestPath,
    // The digest as it was made, in its Director General's language: the administration's own name (issue 14).
    title: (l) => msg(l, 'digest.title').replace('{name}', ADMINISTRATION_NAMES.PE!.name).replace(/\s*\{period\}.*$/, ''),
    tables: [
      { caption: (l) => msg(l, 'digest.plansCaption'), headers: ['digest.plan', 'digest.role', 'plan.complete', 'health.late', 'health.at_risk', 'digest.doneOfTotal'] },
      { caption: (l) => msg(l, 'funding.byDonor'), headers: FUNDING_HEADERS.filter((h) => h !== 'funding.total') },
    ],
    maxSheets: 4,
  },
];

/** What must never print: the navigation, the language switch, the footer and the buttons of those pages. */
function neverPrinted(lang: Language): string[] {
  return [
    msg(lang, 'nav.skip'), msg(lang, 'nav.signOut'), msg(lang, 'footer.text'), msg(lang, 'app.name'),
    'English', 'Español', 'Français', 'Português',
    msg(lang, 'planning.editPlan'), msg(lang, 'planning.closePlan'), msg(lang, 'planning.addMilestone'), msg(lang, 'planning.recordContribution'),
    msg(lang, 'planning.moveUp'), msg(lang, 'planning.moveDown'), msg(lang, 'planning.editStrategy'), msg(lang, 'planning.newPlan'), msg(lang, 'planning.addCoordinator'),
  ];
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(() => NOW), launchBrowser()]);
  const deps = { store: app.store, now: () => NOW };
  const admin = { userId: 'admin', role: 'admin' as const };
  const owners = ['PE', 'AR', 'GT', 'BR', 'HT', 'JM', 'MX', 'CR'];
  for (const [i, title] of MORE.entries()) {
    const due = new Date(NOW.getTime() + (i * 11 + 20) * 86_400_000).toISOString().slice(0, 10);
    await addMilestone(deps, admin, { planId: 'ams-rm-current', milestone: { title, ownerAdministrationId: owners[i % owners.length], dueDate: due } });
  }
  await runDigests({
    now: NOW,
    store: app.store,
    mailer: { send: async () => ({ messageId: 'm-1' }) },
    links: mailLinks({ publicUrl: app.baseUrl, secret: 'a-test-secret-of-some-length-0123456789' }),
    from: 'tracker@example.org',
    administrationIds: ['PE'],
  });
  const [digest] = (await app.store.digests.list('PE', { limit: 1 })).items;
  digestPath = `/digests?administration=PE&digest=${encodeURIComponent(digest!.id)}`;
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('printing on A4', () => {
  for (const c of CASES) {
    it(`the ${c.name} page prints on A4 portrait in every language: title, print date and number on each sheet, every column, no navigation`, async () => {
      for (const lang of LANGUAGES) {
        const at = `${c.name} ${lang}`;
        const { sheets, sizes, file } = await print(c.person, c.path(), lang, c.name);
        // For a person to look at: the first two sheets of each print as images (test/e2e/screenshots/print/).
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, file.replace(/\.pdf$/, '')]);
        expect(sheets.length, at).toBeGreaterThanOrEqual(1);
        expect(sheets.length, at).toBeLessThanOrEqual(c.maxSheets);
        for (const size of sizes) {
          const [w, h] = size.match(/[\d.]+/g)!.map(Number);
          expect(Math.abs(w! - A4.width), `${at}: ${size}`).toBeLessThan(2);
          expect(Math.abs(h! - A4.height), `${at}: ${size}`).toBeLessThan(2);
        }
        const all = squash(sheets.map((s) => s.body).join('\n'));
        sheets.forEach((sheet, i) => {
          const where = `${at}, sheet ${i + 1} of ${sheets.length}`;
          expect(squash(sheet.top), where).toContain(squash(c.title(lang)));
          expect(squash(sheet.top), where).toContain(squash(printDate(lang)));
          expect(squash(sheet.bottom), where).toContain(`${i + 1}/${sheets.length}`);
          for (const text of neverPrinted(lang)) expect(squash(sheet.body), `${where}: "${text}"`).not.toContain(squash(text));
        });
        for (const table of c.tables) {
          const headers = table.headers.map((k) => squash(msg(lang, k)));
          for (const h of headers) expect(all, `${at}: column "${h}"`).toContain(h);
          // From the sheet with the caption to the last sheet with the table's last row, every sheet repeats the headers.
          // (The caption read together with the first header, so that a caption contained in another is not taken for it.)
          const start = squash(table.caption(lang)) + headers[0];
          const first = sheets.findIndex((s) => squash(s.body).includes(start));
          expect(first, `${at}: caption "${table.caption(lang)}"`).toBeGreaterThanOrEqual(0);
          const last = table.lastRow ? sheets.findLastIndex((s) => squash(s.body).includes(squash(table.lastRow!))) : first;
          expect(last, `${at}: last row of "${table.caption(lang)}"`).toBeGreaterThanOrEqual(first);
          if (c.name === 'plan' && table.headers.includes('ms.title')) expect(last - first, `${at}: the milestones run over two sheets or more`).toBeGreaterThanOrEqual(1);
          for (let i = first; i <= last; i++) {
            const body = squash(sheets[i]!.body);
            for (const h of headers) expect(body, `${at}, sheet ${i + 1}: column "${h}"`).toContain(h);
          }
        }
      }
    }, SLOW);
  }

  it('charts and tables fit the printable width of A4, and nothing interactive is laid out', async () => {
    for (const c of CASES) {
      const layout = await printLayout(c.person, c.path());
      expect(layout.width, c.name).toBe(PRINTABLE_WIDTH_PX);
      if (c.name !== 'strategy' && c.name !== 'digest') expect(layout.charts.length, c.name).toBeGreaterThan(0);
      for (const box of [...layout.charts, ...layout.tables]) {
        expect(box.left, c.name).toBeGreaterThanOrEqual(0);
        expect(box.right, c.name).toBeLessThanOrEqual(layout.width + 0.5);
      }
      expect(layout.shown, c.name).toBe(0);
    }
  }, SLOW);

});
