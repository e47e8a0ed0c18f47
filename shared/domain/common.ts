/**
 * Scalar schemas every resource uses. zod/mini (a fraction of the full library's load time, which
 * the API's cold start feels); the API layer turns them into OpenAPI.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { COUNTRY_CODES } from './codes.ts';
import { isCalendarDate, isTimeZone } from './dates.ts';
import { amountProblem, isCurrency } from './money.ts';

import { LANGUAGES } from './constants.ts';

// The English messages the full build sets up by itself (zod/mini leaves them out), made when the
// first message is: building them costs a cold start about as much as two dozen schemas.
let english: ReturnType<typeof en> | undefined;
z.config({ localeError: (issue) => (english ??= en()).localeError(issue) });

export { LANGUAGES };
export type Language = (typeof LANGUAGES)[number];

/**
 * A schema that is a named component of the OpenAPI document (`#/components/schemas/<id>`).
 * Registered on the instance itself (not a clone, as the `z.meta` check would), so schemas derived
 * from it do not inherit the id.
 */
export function named<T extends z.ZodMiniType>(schema: T, id: string, meta: { description?: string } = {}): T {
  z.globalRegistry.add(schema, { id, ...meta });
  return schema;
}

/**
 * A schema built the first time something uses it (a parse, the OpenAPI document, a schema made
 * from it), not while the module loads. Most of the API's schemas describe responses, and a
 * request needs two or three of the rest, so building them all at init was a sixth of the
 * function's cold start. zod's own `z.lazy`: parsing, errors and JSON Schema are the inner schema's.
 */
export function lazy<T extends z.ZodMiniType>(build: () => T): z.ZodMiniLazy<T> {
  return z.lazy(build);
}

/** The schema a lazy one stands for (built now if it was not yet), to make other schemas from it. */
export function built<T extends z.ZodMiniType>(schema: z.ZodMiniLazy<T>): T {
  return schema._zod.innerType as T;
}

/** Words the web pages' own paths use (`/strategies/new`): they cannot name an object. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['new']);

export const Slug = lazy(() =>
  z.string().check(
    z.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes (1-64)'),
    z.refine((v) => !RESERVED_IDS.has(v), { message: 'is reserved', params: { code: 'reserved' } }),
  ),
);

export const CountryCode = lazy(() =>
  z.string().check(z.refine((v) => COUNTRY_CODES.has(v), 'must be an ISO 3166-1 alpha-2 code in capitals, such as PE'), z.meta({ example: 'PE' })),
);

export const CurrencyCode = lazy(() =>
  z.string().check(z.refine(isCurrency, 'must be an ISO 4217 currency code in capitals, such as USD'), z.meta({ example: 'USD' })),
);

export const CalendarDate = lazy(() =>
  z.string().check(z.refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD'), z.meta({ format: 'date', example: '2026-12-01' })),
);

export const Instant = lazy(() => z.string().check(z.meta({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })));

export const Language = lazy(() => z.enum(LANGUAGES).check(z.meta({ description: 'BCP 47 language tag' })));

export const TimeZone = lazy(() =>
  z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as America/Lima'), z.meta({ example: 'America/Lima' })),
);

export const Email = lazy(() => z.email().check(z.maxLength(254)));

export const HttpUrl = lazy(() => z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).check(z.maxLength(2000)));

/**
 * C0 control characters (and DEL) have no place in what people write for others: they can rewrite
 * a terminal (ESC), break a mail header (CR, LF) or hide text (NUL). One-line text refuses them
 * all; multi-line text keeps the line feed and the tab (a browser's CR LF is made LF first).
 */
const ONE_LINE_CONTROLS = /[\u0000-\u001f\u007f]/;
const MULTI_LINE_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const noControls = (pattern: RegExp) => z.refine<string>((v) => !pattern.test(v), 'must not contain control characters');

/** One line of text (a title, a name): trimmed, not empty, at most `max` characters, no control characters. */
export const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max), noControls(ONE_LINE_CONTROLS));

/** Text of several lines (a description, a note): trimmed, at most `max` characters; line feeds and tabs only. */
export const Prose = (max: number) =>
  z.string().check(z.overwrite((v) => v.replace(/\r\n?/g, '\n')), z.trim(), z.maxLength(max), noControls(MULTI_LINE_CONTROLS));

/**
 * A text people write for others, as a writer sends it: a plain string, in the writer's language
 * (see translations.ts for which text it edits), or a map of language to text that sets each
 * language named. In a map every text must be non-empty; `null` removes that language's
 * translation. `map` is the named map schema (one per kind of text, built once: see TextMapOf).
 */
export const Translatable = <M extends z.ZodMiniType>(plain: () => z.ZodMiniType<string, string>, map: M, example: string) =>
  z.union([plain(), map]).check(z.meta({
    description: 'A plain string (it edits the text you read: your language\'s translation if there is one, else the original; with Content-Language, that language\'s text) or a map of language to text; null in a map removes that translation',
    examples: [example, { es: '…', fr: '…' }],
  }));

/** The map form of a Translatable text: each language optional, its text non-empty, or null to remove it. */
export const TextMapOf = (text: () => z.ZodMiniType<string, string>, id: string) =>
  named(lazy(() =>
    z.strictObject(Object.fromEntries(LANGUAGES.map((l) => [l, z.optional(z.nullable(text()))])) as Record<Language, z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniType<string, string>>>>)
      .check(z.refine((m) => Object.keys(m).length > 0, { message: 'must name at least one language (en, es, fr, pt)', params: { code: 'empty' } }))),
  id, { description: 'Language -> text: sets each language named (the original or a translation); null removes a translation' });

export const nonEmptyProse = (max: number) => () => Prose(max).check(z.minLength(1));
/** The map forms, one per kind of text (named once, shared by every resource that has such a text). */
export const TitleByLanguage = TextMapOf(() => Text(300), 'TitleByLanguage');
export const DescriptionByLanguage = TextMapOf(nonEmptyProse(5000), 'DescriptionByLanguage');
export const NameByLanguage = TextMapOf(() => Text(200), 'NameByLanguage');
/** A title (one line, 300 characters) as a writer sends it: a plain string or a map of languages. */
export const TranslatableTitle = (example: string) => Translatable(() => Text(300), TitleByLanguage, example);
/** A description (several lines, 5000 characters; a plain one may be empty) as a writer sends it. */
export const TranslatableDescription = (example: string) => Translatable(() => Prose(5000), DescriptionByLanguage, example);
/** A name (one line, 200 characters: an administration's, a donor's) as a writer sends it. */
export const TranslatableName = (example: string) => Translatable(() => Text(200), NameByLanguage, example);

const TextLanguage = lazy(() => z.object({
  lang: Language.check(z.meta({ description: 'The language of the text given' })),
  fallback: z.boolean().check(z.meta({ description: 'true: no text in the reader\'s language, this is the original' })),
  original: Language.check(z.meta({ description: 'The language the text was written in' })),
  outdated: z.optional(z.literal(true)).check(z.meta({ description: 'A translation made before the original last changed (not yet confirmed)' })),
}));

/**
 * What a response says of a resource's translatable fields: `textLanguages` (per field, the
 * language of the text given, whether it is a fallback, the original's language) and, with
 * ?languages=all, `allTexts` (every language held). `id` names the textLanguages schema.
 */
export const textsInLanguages = (fields: readonly string[], id: string) => ({
  textLanguages: z.optional(named(z.object(Object.fromEntries(fields.map((f) => [f, z.optional(TextLanguage)]))), id, {
    description: 'Per translatable field: the language of the text given, whether it is a fallback, the original\'s language',
  })),
  allTexts: z.optional(
    z.object(Object.fromEntries(fields.map((f) => [f, z.optional(z.array(z.object({ lang: Language, text: z.string(), original: z.boolean(), outdated: z.boolean() })))])))
      .check(z.meta({ description: 'With ?languages=all: every language held per field, the original first' })),
  ),
});

/** What a map of a Translatable field holds after parsing. */
export type TextMap = Partial<Record<Language, string | null>>;

/** Money: a decimal string and its currency, checked together (JPY has no minor unit). */
export const Money = lazy(() =>
  z
  .strictObject({ amount: z.string().check(z.meta({ example: '15000.00' })), currency: CurrencyCode })
  .check(
    z.superRefine((m, ctx) => {
      const problem = amountProblem(m.amount, m.currency);
      if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
    }),
  ),
).register(z.globalRegistry, { id: 'Money' });
export type Money = z.infer<typeof Money>;

export const Version = lazy(() => z.number().check(z.int(), z.gt(0), z.meta({ description: 'Optimistic-concurrency version; also sent as ETag' })));

/** Fields every stored resource carries. */
export const Stamp = {
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
};
