/**
 * Message catalogs for en, es, fr and pt. Each area (mail, web) keeps its own catalog per language
 * with the same keys; `checkCatalogs` (used by the tests) finds missing keys and placeholder drift.
 * Messages use `{name}` placeholders; dates, numbers and money are formatted with Intl here.
 */
import { LANGUAGES, type Language } from '../domain/constants.ts';

export type Catalog = Readonly<Record<string, string>>;
export type Catalogs = Readonly<Record<Language, Catalog>>;
export { LANGUAGES, type Language };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The best supported language for a BCP 47 tag or an Accept-Language header ('pt-BR' -> 'pt'). */
export function pickLanguage(...candidates: (string | undefined | null)[]): Language {
  for (const candidate of candidates) {
    for (const part of (candidate ?? '').split(',')) {
      const base = part.split(';')[0]!.trim().toLowerCase().split('-')[0];
      if (isLanguage(base)) return base;
    }
  }
  return 'en';
}

/**
 * The supported languages a reader reads, best first: each candidate in turn (a person's language,
 * then an Accept-Language header, its entries ordered by their q weights), without repeats.
 */
export function readerLanguages(...candidates: (string | undefined | null)[]): Language[] {
  const out: Language[] = [];
  for (const candidate of candidates) {
    const parts = (candidate ?? '').split(',').map((part, i) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: (tag ?? '').trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, i };
    });
    parts.sort((a, b) => b.q - a.q || a.i - b.i);
    for (const { base, q } of parts) if (q > 0 && isLanguage(base) && !out.includes(base)) out.push(base);
  }
  return out;
}

/**
 * Catalogs whose languages are built on first use: the messages sit in functions, so a cold start
 * only scans their source (V8 compiles a function when it first runs) and builds the one or two
 * languages its first requests speak, not thousands of strings in four languages.
 */
export function lazyCatalogs(build: Readonly<Record<Language, () => Catalog>>): Catalogs {
  const made: Partial<Record<Language, Catalog>> = {};
  const catalogs = {} as Record<Language, Catalog>;
  for (const language of LANGUAGES) {
    Object.defineProperty(catalogs, language, { enumerable: true, get: () => (made[language] ??= build[language]()) });
  }
  return catalogs;
}

const PLACEHOLDER = /\{(\w+)\}/g;

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(catalogs: Catalogs, language: Language): Translate {
  return (key, params) => {
    const template = catalogs[language][key] ?? catalogs.en[key];
    if (template === undefined) throw new Error(`no message "${key}"`);
    return format(template, params);
  };
}

/** Problems with a set of catalogs: keys missing in a language, or placeholders that differ from English. */
export function checkCatalogs(catalogs: Catalogs): string[] {
  const problems: string[] = [];
  const placeholders = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]).sort().join(',');
  for (const language of LANGUAGES) {
    for (const key of Object.keys(catalogs.en)) {
      const message = catalogs[language][key];
      if (message === undefined) problems.push(`${language}: missing "${key}"`);
      else if (placeholders(message) !== placeholders(catalogs.en[key]!)) problems.push(`${language}: placeholders of "${key}" differ from en`);
    }
    for (const key of Object.keys(catalogs[language])) {
      if (!(key in catalogs.en)) problems.push(`${language}: "${key}" is not in en`);
    }
  }
  return problems;
}

const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es', fr: 'fr', pt: 'pt-BR' };

export function formatDate(language: Language, date: string, style: 'long' | 'medium' = 'long'): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function formatNumber(language: Language, n: number): string {
  return new Intl.NumberFormat(LOCALES[language]).format(n);
}

/** Money from its decimal string without going through a binary float for the digits. */
export function formatMoney(language: Language, amount: string, currency: string): string {
  // Intl accepts decimal strings and formats them exactly.
  return new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency }).format(amount as unknown as number);
}

export function plural(language: Language, count: number, forms: { one: string; other: string }): string {
  return new Intl.PluralRules(LOCALES[language]).select(count) === 'one' ? forms.one : forms.other;
}
