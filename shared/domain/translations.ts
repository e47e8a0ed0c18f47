/**
 * Text people write for others (titles, descriptions, notes) in several languages.
 *
 * An item keeps its field as it always did (`title: string`): that is the original, in the
 * language it was written in. Translations live beside it on the same item, so reading them costs
 * no extra request, and code (and clients) that only know the plain field keep working:
 *
 *     { title: 'Risk profiles shared', translations: { title: { lang: 'en', texts: {
 *         es: { text: 'Perfiles de riesgo compartidos' },
 *         pt: { text: 'Perfis de risco partilhados', outdated: true } } } } }
 *
 * Pure rules, no I/O: which text a reader gets (`resolveText`), and what an edit does to the
 * original and its translations (`applyTextEdit`). Editing the original marks every translation
 * it did not also set as possibly outdated; sending a translation again (changed or not) confirms it.
 */
import type { Language } from './constants.ts';
import { LANGUAGES } from './constants.ts';

export interface Translation {
  text: string;
  /** The original changed after this translation was last written or confirmed. */
  outdated?: true;
}

/** One field's translations: the original's language and the other languages' texts. */
export interface FieldTranslations {
  lang: Language;
  texts: Partial<Record<Language, Translation>>;
}

/** An item's translations, by field name. */
export type Translations = Partial<Record<string, FieldTranslations>>;

/** The text a reader gets, in which language, and whether it is not the language asked for. */
export interface Localized {
  text: string;
  lang: Language;
  /** No text in any language the reader asked for: this is the original instead. */
  fallback: boolean;
  /** The text is a translation made before the original last changed. */
  outdated?: true;
}

/**
 * The text of a field for a reader who reads `wanted` (best first: the person's language, then
 * the request's Accept-Language). The original answers for its own language; a translation for
 * its; with none of them, the original is given and marked as a fallback.
 * `originalLang` is the language assumed for items written before languages were recorded.
 */
export function resolveText(
  original: string,
  field: FieldTranslations | undefined,
  wanted: readonly Language[],
  originalLang: Language = 'en',
): Localized {
  const lang = field?.lang ?? originalLang;
  for (const want of wanted) {
    if (want === lang) return { text: original, lang, fallback: false };
    const t = field?.texts[want];
    if (t && t.text !== '') return t.outdated ? { text: t.text, lang: want, fallback: false, outdated: true } : { text: t.text, lang: want, fallback: false };
  }
  return { text: original, lang, fallback: true };
}

/** Every language a field holds, original first, then the others in the usual order. */
export function allTexts(original: string, field: FieldTranslations | undefined, originalLang: Language = 'en'): { lang: Language; text: string; original: boolean; outdated: boolean }[] {
  const lang = field?.lang ?? originalLang;
  const out = [{ lang, text: original, original: true, outdated: false }];
  for (const l of LANGUAGES) {
    const t = l === lang ? undefined : field?.texts[l];
    if (t) out.push({ lang: l, text: t.text, original: false, outdated: t.outdated === true });
  }
  return out;
}

/** What a writer sends for such a field: a plain string in the writer's language, or language -> text. */
export type TextInput = string | Partial<Record<Language, string>>;

export interface TextEdit {
  /** The original after the edit. */
  original: string;
  /** The field's translations after the edit (`undefined`: the field holds only its original). */
  field: FieldTranslations | undefined;
  /** Whether anything changed. */
  changed: boolean;
}

/**
 * Applies a writer's input to a field.
 * - A plain string edits the text its writer reads (`plainTarget`): the translation in the writer's
 *   language if the field holds one, else the original (for a new field, in the writer's language).
 * - A map sets each language it names; an empty string removes a translation (never the original).
 * - A changed original marks the translations the same edit did not set as outdated.
 * - Setting a translation, even to the text it had, clears its outdated mark (a confirmation).
 * `current` is undefined when the item is being created: the original's language is then the
 * writer's for a plain string, else the writer's if the map has it, else the map's first language.
 */
export function applyTextEdit(
  current: { original: string; field: FieldTranslations | undefined } | undefined,
  input: TextInput,
  writerLang: Language,
  originalLang: Language = 'en',
): TextEdit {
  // An empty original (no note yet, or one emptied) is no text in any language: what is written
  // into it is a new original, in the language it is written in.
  const blank = current !== undefined && current.original === '';
  const entries: [Language, string][] =
    typeof input === 'string'
      ? [[current && !blank ? plainTarget(current.field, writerLang, originalLang) : writerLang, input]]
      : (LANGUAGES.filter((l) => input[l] !== undefined).map((l) => [l, input[l] as string]));
  const held = current?.field?.lang ?? originalLang;
  const lang: Language = current
    ? (blank ? newOriginalLanguage(entries, held, writerLang) : held)
    : typeof input === 'string' || entries.some(([l]) => l === writerLang)
      ? writerLang
      : (entries[0]?.[0] ?? writerLang);
  let original = current?.original ?? '';
  const texts: Partial<Record<Language, Translation>> = { ...(current?.field?.texts ?? {}) };
  // The language that becomes the original holds no translation of it.
  if (lang !== held) delete texts[lang];
  const set = new Set<Language>();
  let changed = false;
  for (const [l, text] of entries) {
    if (l === lang) {
      if (text !== original) changed = true;
      original = text;
      continue;
    }
    const before = texts[l];
    if (text === '') {
      if (before) { delete texts[l]; changed = true; }
      continue;
    }
    set.add(l);
    if (!before || before.text !== text || before.outdated) changed = true;
    texts[l] = { text };
  }
  if (current && original !== current.original) {
    for (const l of LANGUAGES) {
      const t = texts[l];
      if (t && !set.has(l) && !t.outdated) texts[l] = { text: t.text, outdated: true };
    }
  }
  const hasTexts = LANGUAGES.some((l) => texts[l] !== undefined);
  const field = hasTexts || (current?.field && current.field.lang !== originalLang) || lang !== originalLang ? { lang, texts } : undefined;
  return { original, field, changed: changed || (!current && original !== '') };
}

/**
 * The language of a new original written into an empty one, as for a new item: the writer's if the
 * edit gives it a text, else the empty original's own if it gives that, else the first it gives.
 */
function newOriginalLanguage(entries: readonly [Language, string][], held: Language, writerLang: Language): Language {
  const written = entries.filter(([, text]) => text !== '').map(([l]) => l);
  if (written.includes(writerLang)) return writerLang;
  if (written.includes(held)) return held;
  return written[0] ?? held;
}

/**
 * Which of a field's texts a plain string from a writer of `writerLang` edits: the one that writer
 * reads. The translation in their language if there is one, else the original (which they read as
 * the fallback). So a plain-string client round-trips (it writes back where it read), and a note
 * written by someone whose language has no translation yet replaces the note everyone reads,
 * instead of hiding as a translation while every other reader keeps the old one.
 */
export function plainTarget(field: FieldTranslations | undefined, writerLang: Language | undefined, originalLang: Language = 'en'): Language {
  const lang = field?.lang ?? originalLang;
  return writerLang && field?.texts[writerLang] ? writerLang : lang;
}

/** What a reader is told about the text given for one field. */
export interface TextLanguage {
  /** The language of the text given. */
  lang: Language;
  /** No text in the reader's language: this is the original. */
  fallback: boolean;
  /** The original's language. */
  original: Language;
  /** A translation made before the original last changed. */
  outdated?: true;
}

/** Every text of one field, original first. */
export type FieldTexts = ReturnType<typeof allTexts>;

/**
 * An item's translatable fields in the reader's language: the texts to show, which language each
 * is in (and whether it is a fallback), and with `every` all languages held. The item's other
 * fields are the caller's to copy; `translations` is never shown as stored.
 */
export function localize<F extends string>(
  item: { readonly [k: string]: unknown; translations?: Translations },
  fields: readonly F[],
  wanted: readonly Language[],
  every = false,
  originalLang: Language = 'en',
): { texts: Partial<Record<F, string>>; languages: Partial<Record<F, TextLanguage>>; all?: Partial<Record<F, FieldTexts>> } {
  const texts: Partial<Record<F, string>> = {};
  const languages: Partial<Record<F, TextLanguage>> = {};
  const all: Partial<Record<F, FieldTexts>> = {};
  for (const f of fields) {
    const original = item[f];
    if (typeof original !== 'string') continue;
    const field = item.translations?.[f];
    const r = resolveText(original, field, wanted, originalLang);
    texts[f] = r.text;
    // An empty original (no note yet) is nothing to mark as a fallback.
    languages[f] = { lang: r.lang, fallback: r.fallback && r.text !== '', original: field?.lang ?? originalLang, ...(r.outdated ? { outdated: true as const } : {}) };
    if (every) all[f] = allTexts(original, field, originalLang);
  }
  return every ? { texts, languages, all } : { texts, languages };
}

/** The languages among `texts` whose translation is marked outdated (shown to editors). */
export function outdatedLanguages(field: FieldTranslations | undefined): Language[] {
  return LANGUAGES.filter((l) => field?.texts[l]?.outdated === true);
}

/**
 * An item with each translated text as a reader of `wanted` reads it (the translation, else the
 * original): for what is written in one language at a time (a digest, a mail, a spreadsheet's
 * cells) and only shows the text. Fallbacks are not marked here; where a reader must be told, use
 * `resolveText`. The item's `translations` are left as they were.
 */
export function inLanguage<T extends { translations?: Translations }>(item: T, wanted: readonly Language[]): T {
  const translations = item.translations;
  if (!translations) return item;
  const out: Record<string, unknown> = { ...item };
  for (const [f, field] of Object.entries(translations)) {
    const original = out[f];
    if (typeof original === 'string') out[f] = resolveText(original, field, wanted).text;
  }
  return out as T;
}

/** One translation that an edit added, changed, removed, marked outdated or confirmed. */
export interface TranslationChange {
  field: string;
  lang: Language;
  before?: string;
  after?: string;
  /** Only the outdated mark changed: `true` when it was set, `false` when it was cleared. */
  outdated?: boolean;
}

/**
 * What changed between two states of an item's translations, field by field and language by
 * language (for history and conflict pages: a map of maps is not something to print whole).
 */
export function translationChanges(before: unknown, after: unknown): TranslationChange[] {
  const was = (before ?? {}) as Translations;
  const now = (after ?? {}) as Translations;
  const out: TranslationChange[] = [];
  for (const field of [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()) {
    for (const lang of LANGUAGES) {
      const a = was[field]?.texts[lang];
      const b = now[field]?.texts[lang];
      if (a?.text !== b?.text) out.push({ field, lang, ...(a ? { before: a.text } : {}), ...(b ? { after: b.text } : {}) });
      else if (a && b && (a.outdated === true) !== (b.outdated === true)) out.push({ field, lang, before: a.text, after: b.text, outdated: b.outdated === true });
    }
  }
  return out;
}
