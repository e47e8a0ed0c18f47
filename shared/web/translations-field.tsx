/**
 * A text people write for others, in several languages, in a form (issue 14). The form's own input
 * for the field (`title`, `note`) edits the text its reader reads: their language's translation if
 * the item holds one, else the original. Beside it, this fieldset holds the other languages, each
 * input named `<field>.<lang>` and carrying its own `lang`: the original (marked as such), the
 * translations held, and empty inputs to add the missing ones. A translation made before the
 * original last changed is marked "to review" with a "still correct" box (sending it again confirms
 * it, domain/translations.ts). A hidden `<field>.lang` says which language the main input held, so
 * the submitted text lands where it was read even if a translation was added meanwhile.
 *
 * What a submitted form asks for is a map of language -> text with only what changed (`null`
 * removes a translation), which the commands take for every translatable field (domain/common.ts
 * Translatable): a plain string would edit "what the writer reads", which a form that shows every
 * language must not leave to chance. Pure functions plus one component; no I/O.
 */
import type { Child, FC } from 'hono/jsx';
import { LANGUAGES, type Language } from '../domain/constants.ts';
import { resolveText, type FieldTranslations } from '../domain/translations.ts';
import type { Errors, Field, Values } from './forms.tsx';
import type { View } from './view.ts';

/** One translatable field of an item as stored: its name (the command's), its original and translations. */
export interface TranslatableText {
  name: string;
  original: string;
  field: FieldTranslations | undefined;
}

export const originalLanguage = (t: TranslatableText): Language => t.field?.lang ?? 'en';

/** The original's language as a form says it: while the original is empty, the main input's (what is written there becomes the original). */
const formOriginal = (t: TranslatableText, shown: Language): Language => (t.original === '' ? shown : originalLanguage(t));

/** A language's name in the reader's language ("es" -> "español" for a Spanish reader). */
export function languageName(v: View, l: Language): string {
  return new Intl.DisplayNames([v.lang], { type: 'language' }).of(l) ?? l;
}

/** The text held in a language (the original in its own), or undefined. */
export function textIn(t: TranslatableText, l: Language): string | undefined {
  return l === originalLanguage(t) ? t.original : t.field?.texts[l]?.text;
}

const isOutdated = (t: TranslatableText, l: Language) => l !== originalLanguage(t) && t.field?.texts[l]?.outdated === true;

/**
 * The language the form's main input edits for a reader of `lang`: their translation if held, else
 * the original; while the original is empty (no note yet), their own: what they write is the new
 * original, in their language (domain/translations.ts applyTextEdit).
 */
export function shownLanguage(t: TranslatableText, lang: Language): Language {
  const r = resolveText(t.original, t.field, [lang]);
  return r.fallback && t.original === '' ? lang : r.lang;
}

const isLanguage = (s: string | undefined): s is Language => (LANGUAGES as readonly string[]).includes(s ?? '');

/** The language the submitted main input was in (the form says; an old form: as it would show now). */
export function submittedLanguage(body: Values, t: TranslatableText, lang: Language): Language {
  const said = body[`${t.name}.lang`];
  return isLanguage(said) ? said : shownLanguage(t, lang);
}

/** The form values of one translatable field: the main input, every other language held, which language the main one is. */
export function translatableValues(t: TranslatableText, lang: Language): Values {
  const shown = shownLanguage(t, lang);
  const out: Values = { [t.name]: textIn(t, shown) ?? '', [`${t.name}.lang`]: shown };
  for (const l of LANGUAGES) {
    const text = l === shown ? undefined : textIn(t, l);
    if (text !== undefined) out[`${t.name}.${l}`] = text;
  }
  return out;
}

const norm = (s: string) => s.replace(/\r\n?/g, '\n').trim();

/**
 * What a submitted form asks of one translatable field: language -> text for each language whose
 * input changed (or whose outdated translation was confirmed), `null` for a translation emptied.
 * Inputs the form did not send are left alone; the main input of a text that may not be empty,
 * emptied, is sent empty for the schema to refuse. `emptiedOriginal`: the original was emptied (the
 * map form cannot say that; see `translatableInput`'s callers).
 */
export function translatableInput(body: Values, t: TranslatableText, lang: Language, mayBeEmpty = true): { input?: Partial<Record<Language, string | null>>; emptiedOriginal: boolean } {
  const shown = submittedLanguage(body, t, lang);
  const original = originalLanguage(t);
  const input: Partial<Record<Language, string | null>> = {};
  let emptiedOriginal = false;
  for (const l of LANGUAGES) {
    const raw = l === shown ? body[t.name] : body[`${t.name}.${l}`];
    if (raw === undefined) continue;
    const text = norm(raw);
    const held = textIn(t, l);
    if (l === original) {
      if (text !== held) input[l] = text;
      if (text === '' && held !== '') emptiedOriginal = true;
    } else if (text === '') {
      // The main input of a required text (a title) emptied is an error to show, not a removal.
      if (l === shown && !mayBeEmpty) input[l] = '';
      else if (held !== undefined) input[l] = null;
    } else if (text !== held || (isOutdated(t, l) && body[`${t.name}.${l}.confirm`] !== undefined)) input[l] = text;
  }
  return Object.keys(input).length > 0 ? { input, emptiedOriginal } : { emptiedOriginal };
}

/**
 * What one field becomes in a command's patch: the map, or, when the only change empties an
 * original that may be empty (a description, a note), the empty string stated in the original's
 * language (the caller passes `contentLanguage`). A required original emptied stays in the map, for
 * the schema to say it is required.
 */
export function patchOf(body: Values, t: TranslatableText, lang: Language, mayBeEmpty: boolean): { value?: unknown; contentLanguage?: Language } {
  const { input, emptiedOriginal } = translatableInput(body, t, lang, mayBeEmpty);
  if (!input) return {};
  if (emptiedOriginal && mayBeEmpty && Object.keys(input).length === 1) return { value: '', contentLanguage: originalLanguage(t) };
  return { value: input };
}

/** The form field an error about `<field>.<lang>` belongs to: the main input when that language is the one it shows. */
export function errorField(path: string, t: TranslatableText, shown: Language): string {
  const [head, l] = path.split('.');
  return head === t.name && l === shown ? t.name : path;
}

/** The inputs of the fieldset as form fields (for error summaries: each error links to its input). */
export function translationFields(t: TranslatableText, shown: Language, labelIn: (language: string) => string, v: View, maxLength: number, multiline: boolean): Field[] {
  return LANGUAGES.filter((l) => l !== shown).map((l) => ({ name: `${t.name}.${l}`, label: labelIn(languageName(v, l)), kind: multiline ? 'textarea' : 'text', maxLength, lang: l }));
}

/**
 * The fieldset of the other languages. `values` are the form's (after a refused submission, the
 * person's entries); `errors` by input name; `open` shows it unfolded (it folds away in a
 * `<details>` when there is nothing to review, so a report form stays short).
 */
export const TranslationsField: FC<{
  v: View;
  t: TranslatableText;
  shown: Language;
  legend: string;
  labelIn: (language: string) => string;
  maxLength: number;
  multiline?: boolean;
  values: Values;
  errors?: Errors;
  open?: boolean;
}> = ({ v, t, shown, legend, labelIn, maxLength, multiline = false, values, errors = {}, open = false }) => {
  const original = formOriginal(t, shown);
  const outdated = LANGUAGES.filter((l) => isOutdated(t, l));
  const held = LANGUAGES.filter((l) => l !== original && (textIn(t, l) ?? '') !== '').length;
  const fields = translationFields(t, shown, labelIn, v, maxLength, multiline);
  const unfold = open || outdated.length > 0 || fields.some((f) => errors[f.name]);
  const Confirm: FC<{ l: Language }> = ({ l }) => {
    const id = `f-${t.name}.${l}.confirm`;
    return (
      <div class="field check">
        <input type="checkbox" id={id} name={`${t.name}.${l}.confirm`} checked={values[`${t.name}.${l}.confirm`] !== undefined} />
        <label for={id}>{v.t('content.confirm', { language: languageName(v, l) })}</label>
      </div>
    );
  };
  return (
    <details class="translations" open={unfold} id={`tr-${t.name}`}>
      <summary>{legend} ({v.t('content.held', { count: v.number(held), total: v.number(LANGUAGES.length - 1) })}){outdated.length > 0 ? <> · <span class="outdated">{v.t('content.toReview', { count: v.number(outdated.length) })}</span></> : null}</summary>
      <fieldset>
        <legend>{legend}</legend>
        <input type="hidden" name={`${t.name}.lang`} value={shown} />
        <span class="hint" id={`h-tr-${t.name}`}>{v.t('content.translationsHint', { language: languageName(v, original) })}</span>
        {isOutdated(t, shown) ? (
          <>
            <p class="outdated">{v.t('content.mainOutdated', { language: languageName(v, shown) })}</p>
            <Confirm l={shown} />
          </>
        ) : null}
        {fields.map((f) => {
          const l = f.lang!;
          const id = `f-${f.name}`;
          const error = errors[f.name];
          const described = [`h-tr-${t.name}`, isOutdated(t, l) ? `o-${f.name}` : '', error ? `e-${f.name}` : ''].filter(Boolean).join(' ');
          const common = { id, name: f.name, lang: l, 'aria-describedby': described, 'aria-invalid': error ? 'true' : undefined, maxlength: maxLength };
          return (
            <div class={`field${error ? ' invalid' : ''}`}>
              <label for={id}>{f.label}{l === original ? <> ({v.t('content.original')})</> : null}</label>
              {isOutdated(t, l) ? <span class="hint outdated" id={`o-${f.name}`}>{v.t('content.outdated')}</span> : null}
              {error ? <span class="err" id={`e-${f.name}`}>{error}</span> : null}
              {multiline ? <textarea {...common} rows={3}>{values[f.name] ?? ''}</textarea> : <input type="text" {...common} value={values[f.name] ?? ''} />}
              {isOutdated(t, l) ? <Confirm l={l} /> : null}
            </div>
          );
        })}
      </fieldset>
    </details>
  );
};

/** The main input's language, said under its label, and its `lang` when not the page's. */
export function mainInputLanguage(v: View, t: TranslatableText, shown: Language): { hint: string; lang?: Language } {
  const key = shown === formOriginal(t, shown) ? 'content.originalIn' : 'content.translationIn';
  return { hint: v.t(key, { language: languageName(v, shown) }), ...(shown !== v.lang ? { lang: shown } : {}) };
}

/** One translatable field of a generic form (shared/web/forms.tsx EditForm). */
export interface TranslatableSpec {
  t: TranslatableText;
  /** The field's label ("Title"), for the fieldset's legend. */
  label: string;
  /** "Title in {language}", given the language's name. */
  labelIn: (language: string) => string;
  maxLength: number;
  multiline: boolean;
  /** The original may be emptied (a description), unlike a title. */
  mayBeEmpty: boolean;
}

/**
 * Everything an EditForm needs for its translatable fields: the values to show first, the main
 * fields with their language said, the fieldsets to put after them, their inputs for the error
 * summary, and, from a submitted form, the patch entries and the language an emptied original is in.
 * Plan, strategy, result and indicator forms use it as the milestone edit form does.
 */
export function translatableForm(v: View, specs: readonly TranslatableSpec[]) {
  const shownIn = (s: TranslatableSpec, values: Values) => submittedLanguage(values, s.t, v.lang);
  return {
    /** The stored values with each translatable field as its reader reads it and its other languages. */
    values: (stored: Values): Values => Object.assign({ ...stored }, ...specs.map((s) => translatableValues(s.t, v.lang))),
    /** The form's fields with each translatable one's language said (hint) and set (`lang`). */
    fields: (fields: readonly Field[], values: Values): Field[] =>
      fields.map((f) => {
        const s = specs.find((x) => x.t.name === f.name);
        if (!s) return f;
        const said = mainInputLanguage(v, s.t, shownIn(s, values));
        return { ...f, hint: f.hint ? `${said.hint}. ${f.hint}` : said.hint, ...(said.lang ? { lang: said.lang } : {}) };
      }),
    after: (values: Values, errors: Errors, open: boolean): Record<string, Child> =>
      Object.fromEntries(specs.map((s) => [s.t.name, (
        <TranslationsField v={v} t={s.t} shown={shownIn(s, values)} legend={v.t('content.translationsOf', { field: s.label })} labelIn={s.labelIn}
          maxLength={s.maxLength} multiline={s.multiline} values={values} errors={errors} open={open} />
      )])),
    moreFields: (values: Values): Field[] => specs.flatMap((s) => translationFields(s.t, shownIn(s, values), s.labelIn, v, s.maxLength, s.multiline)),
    /** The translatable fields' entries of a patch, and the language to state for an emptied original. */
    patch: (body: Values): { input: Record<string, unknown>; contentLanguage?: Language } => {
      const input: Record<string, unknown> = {};
      let contentLanguage: Language | undefined;
      for (const s of specs) {
        const p = patchOf(body, s.t, v.lang, s.mayBeEmpty);
        if (p.value === undefined) continue;
        input[s.t.name] = p.value;
        if (p.contentLanguage) contentLanguage = p.contentLanguage;
      }
      return { input, ...(contentLanguage ? { contentLanguage } : {}) };
    },
  };
}
