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
import { PageQuery } from './http.ts';
import { built, lazy } from '../domain/common.ts';
import { NAME_TEXT_FIELDS, PLAN_TEXT_FIELDS, STRATEGY_TEXT_FIELDS, type Plan, type Strategy } from '../domain/resources.ts';
import { INDICATOR_TEXT_FIELDS, RESULT_TEXT_FIELDS, type Indicator, type Result } from '../domain/results-schema.ts';

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

/**
 * A stored resource as the API gives it: `translations` as stored never shown, its translatable
 * `fields` in the reader's language (presentTexts). For strategies, plans, results, indicators,
 * administrations and donors alike.
 */
export function presentStored<T extends { translations?: Translations }>(c: Context<Env>, item: T, fields: readonly string[]): Omit<T, 'translations'> {
  const { translations, ...rest } = item;
  return presentTexts(c, rest, translations, fields);
}

/** Query of a single resource's read: `?languages=all`. */
export const LanguagesQuery = lazy(() => z.object({ languages: languagesParam() }));
/** Query of a list: a page, and `?languages=all`. */
export const ListQuery = lazy(() => z.extend(built(PageQuery), { languages: languagesParam() }));

export const shownStrategy = (c: Context<Env>, s: Strategy) => presentStored(c, s, STRATEGY_TEXT_FIELDS);
export const shownPlan = (c: Context<Env>, p: Plan) => presentStored(c, p, PLAN_TEXT_FIELDS);
export const shownResult = (c: Context<Env>, r: Result) => presentStored(c, r, RESULT_TEXT_FIELDS);
export const shownIndicator = (c: Context<Env>, i: Indicator) => presentStored(c, i, INDICATOR_TEXT_FIELDS);
/** An administration or a donor: its name in the reader's language. */
export const shownNamed = <T extends { translations?: Translations }>(c: Context<Env>, x: T) => presentStored(c, x, NAME_TEXT_FIELDS);
