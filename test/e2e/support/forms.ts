/**
 * Reading the pages' forms in in-process tests: every field as a browser would send it back, and a
 * message of the web catalog as a page shows it (HTML-escaped).
 */
import { expect } from 'vitest';
import { translator, type Language } from '../../../shared/i18n/index.ts';
import { web } from '../../../shared/i18n/web.ts';
import type { Visitor } from './visitor.ts';

export const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
export const message = (lang: Language, key: string, params?: Record<string, string | number>) => escape(translator(web, lang)(key, params));
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every field of a page's form as a browser would send it back (unticked boxes left out). */
export function fieldsOf(html: string, formStart: string): Record<string, string> {
  const start = html.indexOf(formStart);
  expect(start, `form ${formStart}`).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    if (/type="checkbox"/.test(attrs) && !/ checked/.test(attrs)) continue;
    out[name] = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? (/type="checkbox"/.test(attrs) ? 'on' : ''));
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) out[m[1]!] = unescape(m[2]!);
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) out[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
  return out;
}

/** A page's HTML, which must have come with a 200. */
export async function pageText(v: Visitor, path: string): Promise<string> {
  const response = await v.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The fields of the edit form on the page at `path`. */
export const editForm = async (v: Visitor, path: string) => fieldsOf(await pageText(v, path), '<form class="edit"');

/** The error shown beside a field (its id is the field's name). */
export const fieldError = (html: string, field: string) => new RegExp(`<span class="err" id="e-${field.replace('.', '\\.')}">([^<]*)</span>`).exec(html)?.[1];
