/**
 * Texts in several languages at the API door (domain/translations.ts): which languages a reader
 * reads and a writer writes, and a resource's translatable fields given in the reader's language.
 */
import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { Language } from '../domain/constants.ts';
import { localize, type Translations } from '../domain/translations.ts';
import { readerLanguages } from '../i18n/index.ts';
import type { Env } from './types.ts';

/** `?languages=all`: every language held, beside the text in the reader's language. */
export const languagesParam = () =>
  z.optional(z.enum(['all'])).check(z.meta({ description: '`all`: also give every language each text is held in (allTexts)' }));

/** The reader's languages, best first: the person's language, then Accept-Language. */
export function readerLanguagesOf(c: Context<Env>): Language[] {
  return readerLanguages(c.get('principal')?.language, c.req.header('Accept-Language'));
}

/**
 * The languages plain-string texts in a body are in: `contentLanguage` when the writer says so
 * (Content-Language: each text is that language's), else `language`, the one the writer reads
 * (the person's, else Accept-Language: a plain string edits the text it read). Neither known: the
 * text edits the original, as before translations existed.
 */
export function writerLanguagesOf(c: Context<Env>): { language?: Language; contentLanguage?: Language } {
  const [contentLanguage] = readerLanguages(c.req.header('Content-Language'));
  const [language] = readerLanguagesOf(c);
  return { ...(language ? { language } : {}), ...(contentLanguage ? { contentLanguage } : {}) };
}

/**
 * A resource with its translatable fields in the reader's language, `textLanguages` saying which
 * language each is in, and with ?languages=all every language (`allTexts`). `item` is the
 * resource as presented without its stored `translations`. The response varies with Accept-Language.
 */
export function presentTexts<T extends object>(c: Context<Env>, item: T, translations: Translations | undefined, fields: readonly string[]): T {
  const every = c.req.query('languages') === 'all';
  const shown = localize({ ...(item as Record<string, unknown>), translations }, fields, readerLanguagesOf(c), every);
  c.header('Vary', 'Accept-Language', { append: true });
  return { ...item, ...shown.texts, textLanguages: shown.languages, ...(shown.all ? { allTexts: shown.all } : {}) };
}
