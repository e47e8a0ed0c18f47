/**
 * What every page is rendered with: the language and its translator and Intl formatters, the
 * signed-in principal, the CSRF token for forms, and the path (for the language switch).
 */
import type { Principal } from '../domain/policy.ts';
import { formatDate, formatMoney, formatNumber, translator, type Language, type Translate } from '../i18n/index.ts';
import { web } from '../i18n/web.ts';

export interface View {
  lang: Language;
  t: Translate;
  /** Path and query of this page, for links that come back here. */
  path: string;
  principal?: Principal;
  /** For hidden CSRF fields. */
  csrf: string;
  /** Where the sign-in link goes, and whether sign-out must also end a Cognito session. */
  signInPath: string;
  /** When the page was made (ISO instant), if known: the print date a printed page carries on every sheet. */
  renderedAt?: string;
  /** Calendar date `YYYY-MM-DD`, e.g. "12 Jun 2026" / "12 jun 2026". */
  date(date: string): string;
  /** An instant, in UTC, e.g. "12 Jun 2026, 14:05 UTC". */
  instant(iso: string): string;
  money(amount: string, currency: string): string;
  number(n: number): string;
  percent(n: number): string;
  /** Country name of an ISO 3166-1 code in the page language ("PE" -> "Perú"). */
  country(code: string): string;
  /** Short month and year for chart axes. */
  month(date: string): string;
  /** A number of days with the right plural: "1 day", "3 days", "3 días". */
  days(n: number): string;
}

const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es', fr: 'fr', pt: 'pt-BR' };

export function makeView(lang: Language, parts: { path: string; principal?: Principal; csrf: string; signInPath?: string; now?: Date }): View {
  const locale = LOCALES[lang];
  const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const instantFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const plurals = new Intl.PluralRules(locale);
  const t = translator(web, lang);
  return {
    lang,
    t,
    path: parts.path,
    ...(parts.principal ? { principal: parts.principal } : {}),
    csrf: parts.csrf,
    signInPath: parts.signInPath ?? '/sign-in',
    ...(parts.now ? { renderedAt: parts.now.toISOString() } : {}),
    date: (d) => formatDate(lang, d, 'medium'),
    instant: (iso) => `${instantFormat.format(new Date(iso))} UTC`,
    money: (amount, currency) => formatMoney(lang, amount, currency),
    number: (n) => formatNumber(lang, n),
    percent: (n) => percentFormat.format(n / 100),
    country: (code) => {
      try {
        return regions.of(code) ?? code;
      } catch {
        return code;
      }
    },
    month: (d) => monthFormat.format(new Date(`${d}T00:00:00Z`)),
    days: (n) => t(plurals.select(n) === 'one' ? 'unit.day.one' : 'unit.day.other', { count: new Intl.NumberFormat(locale).format(n) }),
  };
}
