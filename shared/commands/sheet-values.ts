/**
 * Reading the cells of an imported spreadsheet as people write them: headers in any of the four
 * languages, owners by ISO code or by name (administration or country, any language, case and
 * accents ignored), dates as ISO or in the order of the reader's locale (never guessed), statuses,
 * kinds and stages in any language, amounts as the locale writes them, to a decimal string (no
 * binary float in between). Pure functions: the import command (imports.ts) calls them per cell.
 */
import { LANGUAGES, type Language } from '../domain/constants.ts';
import { allTexts, type Translations } from '../domain/translations.ts';
import { CONTRIBUTION_KINDS, MILESTONE_STATUSES, STAGES } from '../domain/constants.ts';
import { isCalendarDate } from '../domain/dates.ts';
import { AMOUNT_PATTERN } from '../domain/money.ts';
import { sheets } from '../i18n/sheets.ts';
import type { Cell } from '../sheets/types.ts';

/** Lower case, no accents, no punctuation, single spaces: 'Réf.' -> 'ref', 'En ejecución' -> 'en ejecucion'. */
export function normalize(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The milestone columns an import reads (template order). */
export const MILESTONE_COLUMNS = ['ref', 'title', 'description', 'owner', 'baselineDueDate', 'dueDate', 'status', 'progress', 'note', 'evidence'] as const;
/** The contribution columns an import reads (the template's second sheet). */
export const CONTRIBUTION_COLUMNS = ['donor', 'kind', 'description', 'amount', 'currency', 'stage', 'pledged', 'committed', 'disbursed', 'spent', 'milestoneRef'] as const;
/** Columns of an export that an import recognises and leaves alone (computed, not entered). */
const EXPORT_ONLY_COLUMNS = ['slipDays', 'health', 'updatedAt', 'plan'] as const;

/**
 * What an import reads beyond the template: the "Internal" column of a plan export (read back, so an
 * export imports into an empty plan with its flags; only those allowed by `internal:mark` may change one).
 */
export const IMPORTED_CONTRIBUTION_COLUMNS = [...CONTRIBUTION_COLUMNS, 'internal'] as const;

/**
 * A milestone's texts in other languages (issue 14): `textLanguage` says which language the title,
 * description and note columns are in, and a column per field and language holds a translation
 * ("Title (es)", "Título (fr)": the field's header in any of the four languages, then the code).
 * The plan export writes them when the plan holds translations; the import reads them back.
 */
export const TEXT_FIELDS = ['title', 'description', 'note'] as const;
export const TRANSLATION_COLUMNS = TEXT_FIELDS.flatMap((f) => LANGUAGES.map((l) => `${f}:${l}` as const));
export type TranslationColumn = (typeof TRANSLATION_COLUMNS)[number];
/**
 * A language as a cell names it: its code, or its name in any of the four languages. Built on first
 * use, not at module load (Intl.DisplayNames loads locale data: no cold start pays for it).
 */
let languagesOfTexts: ReadonlyMap<string, Language> | undefined;
export function languageOfTexts(cell: string): Language | undefined {
  languagesOfTexts ??= new Map(LANGUAGES.flatMap((l) => [
    [l, l] as const,
    ...LANGUAGES.map((reader) => [normalize(new Intl.DisplayNames([reader], { type: 'language' }).of(l) ?? l), l] as const),
  ]));
  return languagesOfTexts.get(normalize(cell));
}
/** Every milestone column an import reads: the template's, and an export's texts in other languages. */
export const MILESTONE_IMPORT_COLUMNS = [...MILESTONE_COLUMNS, 'internal', 'textLanguage', ...TRANSLATION_COLUMNS] as const;
/** The header of a column in `language`: a translation column is its field's header and the language's code. */
export function headerOf(language: Language, column: string): string {
  const [field, lang] = column.split(':');
  return lang ? `${sheets[language][`col.${field}`]!} (${lang})` : sheets[language][`col.${column}`]!;
}

export type MilestoneColumn = (typeof MILESTONE_IMPORT_COLUMNS)[number];
export type ContributionColumn = (typeof IMPORTED_CONTRIBUTION_COLUMNS)[number];

/** Header text (any language) -> column key, for one kind of table. */
function headerIndex(columns: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const column of [...columns, ...EXPORT_ONLY_COLUMNS]) {
    index.set(normalize(column), column);
    for (const language of LANGUAGES) index.set(normalize(headerOf(language, column)), column);
  }
  return index;
}

export interface MappedHeaders<C extends string> {
  /** Column key -> index in the row. */
  at: Partial<Record<C, number>>;
  /** The header as the file wrote it, per column key (for error reports). */
  label: Partial<Record<C, string>>;
}

/** Which column of the file holds what; unknown headers are left out. */
export function mapHeaders<C extends string>(headers: readonly Cell[], columns: readonly C[]): MappedHeaders<C> {
  const index = headerIndex(columns);
  const at: Partial<Record<C, number>> = {};
  const label: Partial<Record<C, string>> = {};
  headers.forEach((cell, i) => {
    if (typeof cell !== 'string') return;
    const column = index.get(normalize(cell)) as C | undefined;
    if (column && (columns as readonly string[]).includes(column) && at[column] === undefined) {
      at[column] = i;
      label[column] = cell.trim();
    }
  });
  return { at, label };
}

// ---------------------------------------------------------------- the reader's locale

const DEFAULT_LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es', fr: 'fr', pt: 'pt-BR' };

export interface ReadingLocale {
  language: Language;
  /** The order a slashed date is read in. */
  dateOrder: 'dmy' | 'mdy';
  /** How the locale writes a date: dd/mm/yyyy or mm/dd/yyyy (in messages). */
  datePattern: string;
  decimal: string;
  group: string;
  /** 150,000.50 as the locale writes it (in messages). */
  amountExample: string;
}

/**
 * The locale that decides how dates and amounts are read: the caller's BCP 47 tag (e.g. the
 * browser's `en-US`) when it is of the caller's language, otherwise the language's usual locale.
 */
export function readingLocale(language: Language, tag?: string | null): ReadingLocale {
  let locale = DEFAULT_LOCALES[language];
  if (tag) {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && canonical.split('-')[0]!.toLowerCase() === language) locale = canonical;
    } catch {
      // not a BCP 47 tag: the language's usual locale
    }
  }
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 10, 22));
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month').map((p) => p.type);
  const dateOrder = order[0] === 'month' ? 'mdy' : 'dmy';
  const numberParts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const decimal = numberParts.find((p) => p.type === 'decimal')?.value ?? '.';
  const group = numberParts.find((p) => p.type === 'group')?.value ?? ',';
  const words = { dmy: { en: 'dd/mm/yyyy', es: 'dd/mm/aaaa', fr: 'jj/mm/aaaa', pt: 'dd/mm/aaaa' }, mdy: { en: 'mm/dd/yyyy', es: 'mm/dd/aaaa', fr: 'mm/jj/aaaa', pt: 'mm/dd/aaaa' } };
  return {
    language,
    dateOrder,
    datePattern: words[dateOrder][language],
    decimal,
    group,
    amountExample: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, useGrouping: 'always' } as Intl.NumberFormatOptions).format(150000.5),
  };
}

// ---------------------------------------------------------------- cells

/** What a cell holds, or why it cannot be read. */
export type Read<T> = { ok: true; value: T } | { ok: false; code: string; params?: Record<string, string | number> };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = (code: string, params?: Record<string, string | number>): Read<never> => ({ ok: false, code, params });

/** A cell as the text someone typed (what error reports show). */
export function shown(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return cell.date;
  return String(cell);
}

const INERT = /^'[=+\-@\t\r]/;

/** Text, without the apostrophe an export puts before text a spreadsheet would run (write.ts). */
export function readText(cell: Cell): string {
  const text = shown(cell);
  return INERT.test(text) ? text.slice(1) : text;
}

export function readDate(cell: Cell, locale: ReadingLocale): Read<string> {
  if (cell !== null && typeof cell === 'object') return ok(cell.date);
  if (typeof cell !== 'string') return no('bad_date', { pattern: locale.datePattern });
  const text = cell.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (iso) {
    const date = `${iso[1]}-${iso[2]}-${iso[3]}`;
    return isCalendarDate(date) ? ok(date) : no('bad_date', { pattern: locale.datePattern });
  }
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!local) return no('bad_date', { pattern: locale.datePattern });
  const [first, second, year] = [local[1]!, local[2]!, local[3]!];
  const [day, month] = locale.dateOrder === 'dmy' ? [first, second] : [second, first];
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  // 04/25/2026 under dd/mm/yyyy is refused, not read the other way round.
  return isCalendarDate(date) ? ok(date) : no('date_order', { pattern: locale.datePattern });
}

const SPACES = /[\u0020\u00a0\u202f\u2009]/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A plain decimal with a point, as the CSV export writes amounts ("150000.50"), where the locale's
 * decimal mark is not a point: read only when the point cannot be a group separator (no group of
 * exactly three digits after it, or a locale that does not group with points).
 */
function plainDecimal(text: string, locale: ReadingLocale): RegExpExecArray | null {
  if (locale.decimal === '.') return null;
  const m = /^(\d+)\.(\d+)$/.exec(text);
  if (!m) return null;
  return locale.group !== '.' || m[2]!.length !== 3 ? m : null;
}

/**
 * An amount as a decimal string: a number cell as its shortest decimal form; text as the locale
 * writes it ("150.000,50" in Spanish, "150,000.50" in English), groups of three, its own decimal
 * mark; or a plain decimal with a point where that cannot be a grouping (`plainDecimal`). Text in
 * the other convention is refused, not guessed.
 */
export function readAmount(cell: Cell, locale: ReadingLocale): Read<string> {
  if (typeof cell === 'number') {
    const text = String(cell);
    return Number.isFinite(cell) && cell >= 0 && AMOUNT_PATTERN.test(text) ? ok(text) : no('bad_amount', { example: locale.amountExample });
  }
  if (typeof cell !== 'string') return no('bad_amount', { example: locale.amountExample });
  const spaced = locale.group.replace(SPACES, ' ') === ' ';
  const text = cell.trim().replace(SPACES, ' ');
  const group = spaced ? ' ' : escape(locale.group);
  const decimal = escape(locale.decimal);
  const pattern = new RegExp(`^(\\d{1,3}(?:${group}\\d{3})+|\\d+)(?:${decimal}(\\d+))?$`);
  const m = pattern.exec(text) ?? plainDecimal(text, locale);
  if (!m) return no('bad_amount', { example: locale.amountExample });
  const whole = m[1]!.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  const value = m[2] !== undefined ? `${whole}.${m[2]}` : whole;
  return AMOUNT_PATTERN.test(value) ? ok(value) : no('bad_amount', { example: locale.amountExample });
}

/** A word of a fixed vocabulary (status, kind, stage) in any language, or its code. */
function vocabulary<T extends string>(codes: readonly T[], prefix: string): Map<string, T> {
  const index = new Map<string, T>();
  for (const code of codes) {
    index.set(normalize(code), code);
    for (const language of LANGUAGES) index.set(normalize(sheets[language][`${prefix}.${code}`]!), code);
  }
  return index;
}
let statuses: Map<string, (typeof MILESTONE_STATUSES)[number]> | undefined;
let kinds: Map<string, (typeof CONTRIBUTION_KINDS)[number]> | undefined;
let stages: Map<string, (typeof STAGES)[number]> | undefined;

export function readStatus(cell: Cell): Read<(typeof MILESTONE_STATUSES)[number]> {
  statuses ??= vocabulary(MILESTONE_STATUSES, 'status').set('en ejecucion', 'in_progress');
  const found = statuses.get(normalize(shown(cell)));
  return found ? ok(found) : no('bad_status');
}

export function readKind(cell: Cell): Read<(typeof CONTRIBUTION_KINDS)[number]> {
  kinds ??= vocabulary(CONTRIBUTION_KINDS, 'kind');
  const found = kinds.get(normalize(shown(cell)));
  return found ? ok(found) : no('bad_kind');
}

export function readStage(cell: Cell): Read<(typeof STAGES)[number]> {
  stages ??= vocabulary(STAGES, 'stage');
  const found = stages.get(normalize(shown(cell)));
  return found ? ok(found) : no('bad_stage');
}

/** 0-100: a whole number, "50 %" or "50%". */
export function readProgress(cell: Cell): Read<number> {
  const text = typeof cell === 'number' ? String(cell) : shown(cell).replace(/\s*%$/, '').trim();
  return /^\d{1,3}$/.test(text) && Number(text) <= 100 ? ok(Number(text)) : no('bad_progress');
}

export function readRef(cell: Cell): Read<number> {
  const text = shown(cell).trim();
  return /^[1-9]\d{0,5}$/.test(text) ? ok(Number(text)) : no('bad_ref');
}

/**
 * Names -> id, for owners (administrations) and donors: the id, the name, an acronym in
 * parentheses ("... (SUNAT)"), and for administrations the country's name in the four languages.
 */
export function nameIndex(entries: readonly { id: string; name: string; translations?: Translations }[], countries: boolean): Map<string, string> {
  const index = new Map<string, string>();
  const taken = new Map<string, string>();
  const add = (name: string, id: string) => {
    const k = normalize(name);
    // A name two entries share (two administrations abbreviated DGA) names neither.
    if (taken.has(k) && taken.get(k) !== id) index.delete(k);
    else if (!taken.has(k)) index.set(k, id);
    taken.set(k, taken.has(k) && taken.get(k) !== id ? '' : id);
  };
  const names = countries ? LANGUAGES.map((l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' })) : [];
  for (const { id, name, translations } of entries) {
    add(id, id);
    // The name in every language it is held in ("Superintendencia Nacional de Aduanas..." and "Peru Customs (SUNAT)").
    for (const { text } of allTexts(name, translations?.name)) {
      add(text, id);
      const acronym = /\(([^)]{2,20})\)\s*$/.exec(text);
      if (acronym) add(acronym[1]!, id);
    }
    for (const display of names) {
      try {
        const country = display.of(id);
        if (country) add(country, id);
      } catch {
        // not a region code
      }
    }
  }
  return index;
}

const FLAG_WORDS: Record<string, boolean> = Object.fromEntries([
  ...['internal', 'interno', 'interne', 'yes', 'si', 'oui', 'sim', 'true', 'x', '1'].map((w) => [w, true] as const),
  ...['no', 'non', 'nao', 'false', '0', 'public', 'publico', 'publique'].map((w) => [w, false] as const),
]);

/** The "Internal" column: empty or no (in any of the four languages) is public; the word internal, yes or x is internal. */
export function readFlag(cell: Cell): Read<boolean> {
  if (cell === null || typeof cell === 'boolean') return ok(cell === true);
  const text = normalize(shown(cell));
  if (text === '') return ok(false);
  const found = FLAG_WORDS[text];
  return found === undefined ? no('bad_internal') : ok(found);
}

