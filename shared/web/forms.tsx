/**
 * What every form page shares, so that each screen only says which fields it has and which command
 * it calls. A form's field names are the command's field paths (`directorGeneral.email`), so the
 * command's field errors land next to their fields without a mapping; they are shown all at once,
 * in the reader's language, in a summary at the top (links to the fields) and beside each field.
 *
 *   const body = await formBody(c);              // strings only; malformed body: 400 page
 *   requireCsrf(c, pages, body);                  // forged or foreign form: 400 page
 *   try { await someCommand(deps, me(c), { x: inputOf(body, FIELDS) }) } catch (e) { const failed = formFailure(e, v) ... }
 */
import type { Context } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { AlreadyExists, Conflict, Forbidden, Invalid, NotFound, VersionConflict, type FieldError } from '../commands/errors.ts';
import type { Language, Translate } from '../i18n/index.ts';
import { Notice } from './layout.tsx';
import { PageError, me, type Pages, type WebContext } from './page.tsx';
import { CSRF_FIELD, checkCsrf } from './session.ts';
import type { View } from './view.ts';

export type Values = Record<string, string>;
/** Field path -> message in the reader's language. */
export type Errors = Record<string, string>;

export interface Field {
  /** The command's field path, e.g. `name` or `directorGeneral.email`. */
  name: string;
  label: string;
  kind?: 'text' | 'email' | 'date' | 'number' | 'url' | 'textarea' | 'select' | 'checkbox';
  options?: readonly { value: string; label: string }[];
  hint?: string;
  required?: boolean;
  maxLength?: number;
  /** For `number`. */
  min?: number;
  max?: number;
  autocomplete?: string;
  /** Shown but not editable (e.g. an id after creation); not sent. */
  readOnly?: boolean;
  /**
   * What an edit form (`changedInput`) sends when a stored value is emptied: `null` (the default for
   * top-level fields: the patch schemas that allow removing a field take null) or `''` (text the
   * schema allows empty, such as a description).
   */
  clear?: 'null' | 'empty';
  /** The language of the text the input holds, when it may not be the page's (shared/web/translations-field.tsx). */
  lang?: Language;
}

// ---------------------------------------------------------------- reading a submitted form

/** The submitted form's text fields (files and repeated names are ignored); a malformed body is a 400 page. */
export async function formBody(c: Context): Promise<Values> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new PageError(400);
  }
  const out: Values = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The CSRF token and the Origin must be this site's and this person's. */
export function requireCsrf(c: WebContext, pages: Pages, body: Values): void {
  if (!checkCsrf(c, pages.jar, pages.deps.config.publicUrl, me(c).userId, body[CSRF_FIELD])) throw new PageError(400);
}

/** The version the form was based on (a hidden field); a form without one is not one of ours. */
export function formVersion(body: Values): number {
  const raw = body.version ?? '';
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new PageError(400);
  return Number(raw);
}

/**
 * The command input a form stands for: dotted names become nested objects; an empty optional field
 * is left out (so the schema's default or "absent" applies); numbers are sent as numbers when they
 * read as one and as typed otherwise, for the schema to refuse; a checkbox is a boolean. Line breaks
 * are the API's (LF) and text is trimmed, as the schemas trim it.
 */
export function inputOf(body: Values, fields: readonly Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.readOnly) continue;
    const raw = (body[f.name] ?? '').replace(/\r\n?/g, '\n').trim();
    let value: unknown;
    if (f.kind === 'checkbox') value = body[f.name] !== undefined;
    else if (raw === '') continue;
    else if (f.kind === 'number') value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    else value = raw;
    setPath(out, f.name, value);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

/** The form's values from a stored object (for an edit form): nested fields by their dotted names. */
export function valuesFrom(object: Record<string, unknown>, fields: readonly Field[]): Values {
  const out: Values = {};
  for (const f of fields) {
    const value = f.name.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), object);
    if (f.kind === 'checkbox') {
      if (value === true) out[f.name] = 'on';
    } else if (value !== undefined && value !== null) out[f.name] = String(value);
  }
  return out;
}

/**
 * Only the fields whose value differs from the stored one: what an edit form sends as its patch.
 * `groups` name nested objects the schema takes whole (`period`, `budget`): when any of their fields
 * changed, all of them are sent, and when all of them were emptied the object is sent as null.
 */
export function changedInput(body: Values, stored: Values, fields: readonly Field[], groups: readonly string[] = []): Record<string, unknown> {
  const text = (f: Field) => (body[f.name] ?? '').replace(/\r\n?/g, '\n').trim();
  const differs = (f: Field) => (f.kind === 'checkbox' ? (body[f.name] !== undefined) !== (stored[f.name] !== undefined) : text(f) !== (stored[f.name] ?? ''));
  const groupOf = (f: Field) => groups.find((g) => f.name.startsWith(`${g}.`));
  const touched = new Set(fields.filter((f) => !f.readOnly && differs(f)).map(groupOf).filter((g): g is string => !!g));
  const changed = fields.filter((f) => !f.readOnly && (differs(f) || touched.has(groupOf(f) ?? '\u0000')));
  const input = inputOf(body, changed);
  // A cleared optional field is sent as null (the patch schemas that allow removing a field take null), or as '' where the field says so.
  for (const f of changed) {
    if (f.kind === 'checkbox' || text(f) !== '' || f.name.includes('.')) continue;
    // A required field cannot be removed: its empty text lets the schema say it is required.
    input[f.name] = f.clear === 'empty' || f.required ? '' : null;
  }
  for (const g of touched) {
    if (fields.filter((f) => groupOf(f) === g).every((f) => text(f) === '')) input[g] = null;
  }
  return input;
}

// ---------------------------------------------------------------- what a failed command becomes

/** One field error in the reader's words: the most specific message the catalog has. */
export function messageFor(t: Translate, e: FieldError): string {
  const leaf = e.field.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? 'body';
  const params = { limit: e.limit ?? '' };
  for (const key of [`form.err.${leaf}.${e.code}`, `form.err.${leaf}`, `form.err.${e.code}`]) {
    try {
      return t(key, params);
    } catch {
      // no such message: try the next, more general one
    }
  }
  return t('form.err.invalid');
}

/**
 * Why a rule refused a change, in the reader's language (i18n/web-conflicts.ts): dates as the page
 * writes them. A refusal without a reason keeps the command's English sentence.
 */
export function conflictMessage(v: View, error: Conflict): string {
  if (!error.reason) return error.message;
  const params = Object.fromEntries(Object.entries(error.params).map(([k, value]) => [k, k === 'since' ? v.date(String(value)) : value]));
  return v.t(`conflict.${error.reason}`, params);
}

export interface Failure {
  status: 400 | 409;
  errors: Errors;
  /** Errors about fields the form does not show (listed in the summary only). */
  general: string[];
  conflict: boolean;
}

/**
 * A command's refusal as a form shows it: field errors (400), a version conflict or a rule that
 * needs stored state (409). Forbidden and not found become their error pages; anything else is
 * not the form's business and is thrown again.
 */
export function formFailure(error: unknown, v: View, fields: readonly Field[], idField = 'id'): Failure {
  const shown = new Set(fields.map((f) => f.name));
  if (error instanceof Invalid) {
    const errors: Errors = {};
    const general: string[] = [];
    for (const e of error.errors) {
      const name = shown.has(e.field) ? e.field : [...shown].find((s) => e.field.startsWith(`${s}.`));
      if (name) errors[name] ??= messageFor(v.t, e);
      else general.push(`${e.field}: ${messageFor(v.t, e)}`);
    }
    return { status: 400, errors, general, conflict: false };
  }
  if (error instanceof AlreadyExists) return { status: 400, errors: { [idField]: v.t('form.err.duplicate') }, general: [], conflict: false };
  if (error instanceof VersionConflict) return { status: 409, errors: {}, general: [], conflict: true };
  if (error instanceof Conflict) return { status: 409, errors: {}, general: [conflictMessage(v, error)], conflict: false };
  if (error instanceof Forbidden) throw new PageError(403);
  if (error instanceof NotFound) throw new PageError(404);
  throw error;
}

// ---------------------------------------------------------------- showing a form

const describedBy = (f: Field, error: boolean) => [f.hint ? `h-${f.name}` : '', error ? `e-${f.name}` : ''].filter(Boolean).join(' ') || undefined;
const idOf = (name: string) => `f-${name}`;

export const FormField: FC<{ f: Field; value?: string; error?: string }> = ({ f, value = '', error }) => {
  const id = idOf(f.name);
  const common = {
    id,
    name: f.readOnly ? undefined : f.name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy(f, !!error),
    required: f.required && !f.readOnly ? true : undefined,
    readonly: f.readOnly ? true : undefined,
    lang: f.lang,
  };
  let control: Child;
  if (f.kind === 'textarea') control = <textarea {...common} rows={4} maxlength={f.maxLength}>{value}</textarea>;
  else if (f.kind === 'select') {
    control = (
      <select {...common} disabled={f.readOnly ? true : undefined}>
        {f.required ? null : <option value="">—</option>}
        {(f.options ?? []).map((o) => <option value={o.value} selected={o.value === value}>{o.label}</option>)}
      </select>
    );
  } else if (f.kind === 'checkbox') {
    return (
      <div class={`field check${error ? ' invalid' : ''}`}>
        {error ? <span class="err" id={`e-${f.name}`}>{error}</span> : null}
        <input type="checkbox" {...common} checked={value === 'on' || value === 'true'} />
        <label for={id}>{f.label}</label>
        {f.hint ? <span class="hint" id={`h-${f.name}`}>{f.hint}</span> : null}
      </div>
    );
  } else {
    const type = f.kind === 'email' || f.kind === 'date' || f.kind === 'number' || f.kind === 'url' ? f.kind : 'text';
    control = <input type={type} {...common} value={value} maxlength={f.maxLength} min={f.min} max={f.max} autocomplete={f.autocomplete} inputmode={f.kind === 'number' ? 'numeric' : undefined} />;
  }
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{f.label}{f.required && !f.readOnly ? <span class="req" aria-hidden="true"> *</span> : null}</label>
      {f.hint ? <span class="hint" id={`h-${f.name}`}>{f.hint}</span> : null}
      {error ? <span class="err" id={`e-${f.name}`}>{error}</span> : null}
      {control}
    </div>
  );
};

/** Every error at once, each a link to its field. */
export const ErrorSummary: FC<{ v: View; fields: readonly Field[]; errors: Errors; general?: string[] }> = ({ v, fields, errors, general = [] }) => {
  const listed = fields.filter((f) => errors[f.name]);
  if (listed.length === 0 && general.length === 0) return null;
  return (
    <div class="notice error" role="alert" tabindex={-1} id="errors">
      <h2>{v.t('form.errorsTitle')}</h2>
      <ul>
        {listed.map((f) => <li><a href={`#${idOf(f.name)}`}>{f.label}: {errors[f.name]}</a></li>)}
        {general.map((g) => <li>{g}</li>)}
      </ul>
    </div>
  );
};

/**
 * A whole form: error summary, conflict notice, CSRF token, the version it is based on, the fields
 * and the submit button. `children` go after the fields (e.g. a fieldset of its own).
 */
export const EditForm: FC<{
  v: View;
  action: string;
  fields: readonly Field[];
  values: Values;
  errors?: Errors;
  general?: string[];
  version?: number;
  submit: string;
  conflict?: boolean;
  children?: Child;
  /** An accessible name for the form. */
  label?: string;
  /** The conflict notice's title (default: the milestone form's) and what else it should say (e.g. the fields both changed). */
  conflictTitle?: string;
  conflictDetail?: Child;
  /** Shown right after the field of that name (e.g. its translations, shared/web/translations-field.tsx). */
  after?: Record<string, Child>;
  /** Inputs those add, for the error summary to link to. */
  moreFields?: readonly Field[];
}> = ({ v, action, fields, values, errors = {}, general, version, submit, conflict, children, label, conflictTitle, conflictDetail, after = {}, moreFields = [] }) => (
  <form class="edit" method="post" action={action} novalidate aria-label={label}>
    <ErrorSummary v={v} fields={[...fields, ...moreFields]} errors={errors} general={general ?? []} />
    {conflict ? (
      <Notice kind="warn" role="alert" title={conflictTitle ?? v.t('conflict.title')}>
        <p>{v.t('form.conflictBody')}</p>
        {conflictDetail}
      </Notice>
    ) : null}
    <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
    {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
    {fields.map((f) => <><FormField f={f} value={values[f.name]} error={errors[f.name]} />{after[f.name]}</>)}
    {children}
    <button type="submit" class="primary">{submit}</button>
  </form>
);

/** A one-button form for an action on an object (deactivate, close, remove): CSRF and version included. */
export const ActionButton: FC<{ v: View; action: string; version?: number; label: string; kind?: 'primary' | 'secondary' | 'danger'; fields?: Values }> = ({ v, action, version, label, kind = 'secondary', fields = {} }) => (
  <form class="action" method="post" action={action}>
    <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
    {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
    {Object.entries(fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
    <button type="submit" class={`button small ${kind}`}>{label}</button>
  </form>
);
