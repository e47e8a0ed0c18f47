/** Words and numbers mail shows, in the reader's language (Intl for dates, numbers and money). */
import type { Language } from '../../domain/common.ts';
import type { DigestPeriod } from '../../domain/digest.ts';
import { formatDate, plural, translator, type Translate } from '../../i18n/index.ts';
import { resultsMail } from '../../i18n/mail-results.ts';

/** Mail's words, those about results included (i18n/mail-results.ts extends i18n/mail.ts). */
export const mailTranslator = (language: Language): Translate => translator(resultsMail, language);

// The same locales as shared/i18n formatDate/formatNumber use.
const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es', fr: 'fr', pt: 'pt-BR' };

export function percent(language: Language, value: number): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** "due in 7 days", "due today", "3 days overdue". */
export function dueWhen(t: Translate, language: Language, daysLeft: number): string {
  if (daysLeft === 1) return t('when.tomorrow');
  if (daysLeft > 1) return t('when.before', { days: daysLeft });
  if (daysLeft === 0) return t('when.today');
  const days = -daysLeft;
  return t(plural(language, days, { one: 'when.overdue.one', other: 'when.overdue.other' }), { days });
}

/** "December 2026", "week of 30 November 2026", "Q4 2026", in the reader's language. */
export function periodLabel(t: Translate, language: Language, period: Pick<DigestPeriod, 'frequency' | 'start'>): string {
  if (period.frequency === 'weekly') return t('digest.period.weekly', { date: formatDate(language, period.start) });
  if (period.frequency === 'quarterly') {
    return t('digest.period.quarterly', { quarter: Math.ceil(Number(period.start.slice(5, 7)) / 3), year: period.start.slice(0, 4) });
  }
  return new Intl.DateTimeFormat(LOCALES[language], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${period.start}T00:00:00Z`));
}

export function digestSubject(language: Language, administrationName: string, period: Pick<DigestPeriod, 'frequency' | 'start'>): string {
  const t = mailTranslator(language);
  return t('digest.subject', { administration: administrationName, period: periodLabel(t, language, period) });
}

/**
 * A text people wrote, as mail shows it: in the mail's language when held; else the original, with
 * its `lang` in HTML (for screen readers and hyphenation) and its language named in words after it
 * (HTML and plain text), so the fallback is marked without relying on colour.
 */
export function writtenText(t: Translate, language: Language, text: string, lang: Language | undefined): { html: (inner: string) => string; mark: string } {
  if (!lang || lang === language) return { html: (inner) => inner, mark: '' };
  const name = new Intl.DisplayNames([LOCALES[language]], { type: 'language' }).of(lang) ?? lang;
  return { html: (inner) => `<span lang="${lang}">${inner}</span>`, mark: t('mail.untranslated', { language: name }) };
}
