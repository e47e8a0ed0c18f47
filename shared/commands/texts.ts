/**
 * Texts people write for others, held in several languages (domain/translations.ts), as every
 * command that writes them applies a writer's input: milestones, strategies, plans, results,
 * indicators, administrations' and donors' names. One rule for all of them, so a door (and the
 * browser's translation forms) treats every such field alike.
 */
import type { TextMap } from '../domain/common.ts';
import { LANGUAGES, type Language } from '../domain/constants.ts';
import { applyTextEdit, plainTarget, type Translations } from '../domain/translations.ts';
import type { Caller } from './context.ts';
import { Invalid } from './errors.ts';

/** The languages a door knows of its writer (see api/languages.ts `writerLanguagesOf`). */
export interface WriterLanguages {
  /** The reader's language at the door (the person's, else Accept-Language): a plain string edits what it reads. */
  language?: Language;
  /** The language the writer says plain strings are in (Content-Language): they set that language's text. */
  contentLanguage?: Language;
}

/** The caller's own language, when it is one the content can be held in. */
export const languageOf = (caller: Caller): Language | undefined =>
  caller.language && (LANGUAGES as readonly string[]).includes(caller.language) ? (caller.language as Language) : undefined;

/**
 * An item's texts as stored after a writer's input: originals in the fields themselves,
 * translations beside them in `translations`. `writer` is the writer's language (Content-Language,
 * else the person's, else Accept-Language), if known: a plain string edits the text that writer
 * reads; unknown, it edits the original. A map's `null` removes a translation; the original cannot
 * be removed. `current` is undefined when the item is being created.
 */
export function writtenTexts<F extends string>(
  fields: readonly F[],
  current: ({ readonly [K in F]?: string } & { translations?: Translations }) | undefined,
  body: { readonly [K in F]?: string | TextMap | undefined },
  writer: Language | undefined,
  /** The writer said which language the plain strings are in (Content-Language): each is that language's text. */
  stated?: Language,
): { [K in F]?: string } & { translations?: Translations } {
  const out: { [K in F]?: string } & { translations?: Translations } = {};
  const translations: Translations = { ...(current?.translations ?? {}) };
  let touched = false;
  for (const f of fields) {
    const given = body[f];
    if (given === undefined) continue;
    const input = stated && typeof given === 'string' ? { [stated]: given } : given;
    if (stated) writer = stated;
    const field = current?.translations?.[f];
    const at = current ? { original: current[f] ?? '', field } : undefined;
    let edit;
    if (typeof input === 'string') edit = applyTextEdit(at, input, writer ?? plainTarget(field, undefined));
    else {
      const originalLang = at ? plainTarget(field, undefined) : undefined;
      const removed = (Object.keys(input) as Language[]).filter((l) => input[l] === null);
      if (originalLang && removed.includes(originalLang)) {
        throw new Invalid([{ field: `${f}.${originalLang}`, message: 'is the original: it can be changed but not removed', code: 'original_required' }]);
      }
      const texts = Object.fromEntries(Object.entries(input).map(([l, t]) => [l, t ?? ''])) as Partial<Record<Language, string>>;
      if (!at && removed.length === Object.keys(input).length) {
        throw new Invalid([{ field: f, message: 'must give a text in at least one language', code: 'required' }]);
      }
      if (!at) for (const l of removed) delete texts[l];
      edit = applyTextEdit(at, texts, writer ?? (Object.keys(texts)[0] as Language | undefined) ?? 'en');
    }
    (out as Record<string, string>)[f] = edit.original;
    if (edit.field) translations[f] = edit.field;
    else delete translations[f];
    touched = true;
  }
  if (touched) {
    const any = Object.values(translations).some((v) => v !== undefined);
    if (any || current?.translations) out.translations = any ? translations : undefined;
  }
  return out;
}
