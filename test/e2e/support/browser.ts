/**
 * Chromium from Debian driven by playwright-core, plus what every browser test checks on a page:
 * axe-core (no serious or critical violations), the bytes transferred, and CSP reports.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type RunningApp } from './app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.x A/AA rules (2.2 included) on the current page: the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no script at all) does not govern.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
  })) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.flatMap((n) => n.target).slice(0, 5) }));
}

/** Signs in through the development sign-in page and lands on the home page. */
export async function signIn(page: Page, baseUrl: string, personId: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click(`button[name="person"][value="${personId}"]`)]);
}

/**
 * A fresh browser context (1280 x 900 unless `options` say otherwise) signed in as `personId`,
 * speaking `lang`, with its Content-Security-Policy reports watched.
 */
export async function signedInPage(
  browser: Browser, baseUrl: string, personId: string, lang: string, options: BrowserContextOptions = {},
): Promise<{ page: Page; csp: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const csp = cspReports(page);
  await signIn(page, baseUrl, personId);
  await page.goto(`${baseUrl}/language/${lang}?next=/`);
  return { page, csp };
}

/** Watches a page for Content-Security-Policy violations the browser reports on its console. */
export function cspReports(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

/**
 * Counts the bytes a page transfers (HTML, CSS, icon, everything) with the browser cache off, so
 * each navigation costs what it would on a first visit. `reset()` before a navigation, `bytes` after.
 */
export async function weighing(page: Page): Promise<{ reset(): void; readonly bytes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let total = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    total += event.encodedDataLength;
  });
  return {
    reset: () => {
      total = 0;
    },
    get bytes() {
      return total;
    },
  };
}

/**
 * The app and Chromium of one browser test file, started before its tests and closed after, with
 * one signed-in page per person and language (reused across the tests) and its CSP reports.
 */
export function browserWorldOfFile(): { app(): RunningApp; as(person: string, lang: string): Promise<Page>; csp(person: string, lang: string): string[]; allCsp(): string[] } {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  const pages = new Map<string, { page: Page; csp: string[] }>();
  beforeAll(async () => void ([app, browser] = await Promise.all([startApp(), launchBrowser()])), 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    app: () => app!,
    async as(person, lang) {
      const key = `${person}/${lang}`;
      if (!pages.has(key)) pages.set(key, await signedInPage(browser!, app!.baseUrl, person, lang));
      return pages.get(key)!.page;
    },
    csp: (person, lang) => pages.get(`${person}/${lang}`)?.csp ?? [],
    /** Every page's CSP reports, all people and languages together. */
    allCsp: () => [...pages.values()].flatMap((p) => p.csp),
  };
}
