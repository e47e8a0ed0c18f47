/**
 * What the planning screens share: ids checked before any read, the option lists of the selects,
 * a page that holds one form, and the submit flow every form follows (CSRF, the command, then a
 * redirect; or the form again with every field error, or with the conflict notice, the person's
 * entries kept and the version it is now based on).
 */
import type { Child, FC } from 'hono/jsx';
import { languageOf } from '../../../commands/texts.ts';
import type { Language } from '../../../domain/constants.ts';
import type { Administration, Donor } from '../../../domain/resources.ts';
import type { Store } from '../../../store/index.ts';
import { all } from '../../data.ts';
import { EditForm, formBody, formFailure, formVersion, requireCsrf, type Errors, type Field, type Values } from '../../forms.tsx';
import { Layout, Notice, type Crumb } from '../../layout.tsx';
import { me, notFound, render, type Pages, type WebContext } from '../../page.tsx';
import type { View } from '../../view.ts';

/** Ids in paths: anything longer or stranger is no object of ours (404 before any read). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function idParam(c: WebContext, name = 'id'): string {
  const id = c.req.param(name) ?? '';
  if (!ID.test(id)) throw notFound();
  return id;
}

export const href = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;

/**
 * The language a person writes a new item's texts in, recorded as the original's: theirs, else the
 * page's (as the API takes the person's, else Accept-Language).
 */
export const writerLanguage = (c: WebContext): Language => languageOf(me(c)) ?? c.get('view').lang;

/** Member administrations as select options, by name in the reader's language (one Query). */
export async function administrationOptions(store: Store, v: View): Promise<{ value: string; label: string }[]> {
  const list = await all((page) => store.administrations.list(page));
  return list.map((a: Administration) => ({ value: a.id, label: v.country(a.id) })).sort((a, b) => a.label.localeCompare(b.label, v.lang));
}

/** Donors as select options (one Query). */
export async function donorOptions(store: Store, v: View): Promise<{ value: string; label: string }[]> {
  const list = await all((page) => store.donors.list(page));
  return list.map((d: Donor) => ({ value: d.id, label: d.name })).sort((a, b) => a.label.localeCompare(b.label, v.lang));
}

/** What a form shows after a refused submission. */
export interface FormState {
  values: Values;
  errors?: Errors;
  general?: string[];
  conflict?: boolean;
}

/** A page holding one form: its title, what it is about, the form, and a way back. */
export const FormPage: FC<{
  v: View;
  title: string;
  crumbs: Crumb[];
  action: string;
  fields: readonly Field[];
  state: FormState;
  version?: number;
  submit: string;
  back: string;
  intro?: Child;
  children?: Child;
  /** Passed to EditForm: what follows a field (its translations) and the inputs that adds. */
  after?: Record<string, Child>;
  moreFields?: readonly Field[];
}> = ({ v, title, crumbs, action, fields, state, version, submit, back, intro, children, after, moreFields }) => (
  <Layout v={v} title={title} crumbs={crumbs}>
    <h1>{title}</h1>
    {intro}
    <p class="small muted">{v.t('form.requiredNote')}</p>
    <EditForm
      v={v}
      action={action}
      fields={fields}
      values={state.values}
      errors={state.errors ?? {}}
      general={state.general ?? []}
      version={version}
      submit={submit}
      conflict={state.conflict}
      label={title}
      after={after}
      moreFields={moreFields}
    >
      {children}
    </EditForm>
    <p><a href={back}>{v.t('form.cancel')}</a></p>
  </Layout>
);

/**
 * A form's POST: CSRF, then `run` (the command); success is a 303 to where `run` says. A refusal
 * (field errors 400, version conflict or stored-state rule 409) is shown by `again` with the
 * person's entries; `again` reads the object afresh, so after a conflict the form carries the
 * current version.
 */
export async function submit(
  c: WebContext,
  pages: Pages,
  fields: readonly Field[],
  run: (body: Values) => Promise<string>,
  again: (state: FormState, status: 400 | 409) => Promise<Response>,
): Promise<Response> {
  const body = await formBody(c);
  requireCsrf(c, pages, body);
  let to: string;
  try {
    to = await run(body);
  } catch (error) {
    const f = formFailure(error, c.get('view'), fields);
    return again({ values: body, errors: f.errors, general: f.general, conflict: f.conflict }, f.status);
  }
  return c.redirect(to, 303);
}

export const show = (c: WebContext, node: Child, status: 200 | 400 | 409 = 200) => render(c, node as never, status);

/** The notice a page shows after a redirect from a form (`?saved`, `?deleted`, ...). */
export const Done: FC<{ v: View; what?: string }> = ({ v, what }) =>
  what ? (
    <div id="saved">
      <Notice kind="ok" role="status" title={v.t('form.savedTitle')}>
        <p>{v.t(`planning.done.${what}`)}</p>
      </Notice>
    </div>
  ) : null;

export const DONE = ['saved', 'created', 'archived', 'closed', 'deleted', 'reordered', 'added', 'removed'] as const;
export function doneOf(c: WebContext): string | undefined {
  const q = c.req.query('done');
  return (DONE as readonly string[]).includes(q ?? '') ? q : undefined;
}

/** The conflict notice for a one-button action that someone else's change overtook. */
export const ActionConflict: FC<{ v: View; message?: string }> = ({ v, message }) => (
  <Notice kind="warn" role="alert" title={v.t(message ? 'planning.refusedTitle' : 'conflict.title')}>
    <p>{message ?? v.t('planning.actionConflict')}</p>
  </Notice>
);

/** "14, 7, 1" -> [14, 7, 1]; anything else stays text for the schema to refuse. */
export function dayList(text: string | undefined): unknown {
  const raw = (text ?? '').trim();
  if (raw === '') return undefined;
  const parts = raw.split(/[\s,;]+/).filter(Boolean);
  return parts.every((p) => /^\d{1,4}$/.test(p)) ? parts.map(Number) : raw;
}

/**
 * A one-button action (archive, close, remove, move): CSRF, the version the page showed, the
 * command, then a 303 to `to`. A refusal shows the page again (`again`, status 409) with the
 * conflict notice, or with `refusal(error)`'s words for a rule that needs stored state.
 */
export async function oneButton(
  c: WebContext,
  pages: Pages,
  run: (version: number, body: Values) => Promise<unknown>,
  again: (notice: Child) => Promise<Response>,
  to: () => string,
  refusal?: (error: unknown) => string | undefined,
): Promise<Response> {
  const body = await formBody(c);
  requireCsrf(c, pages, body);
  const v = c.get('view');
  try {
    await run(formVersion(body), body);
  } catch (error) {
    const said = refusal?.(error);
    if (said) return again(<ActionConflict v={v} message={said} />);
    const f = formFailure(error, v, []);
    return again(<ActionConflict v={v} message={f.conflict ? undefined : [...f.general, ...Object.values(f.errors)].join(' ') || undefined} />);
  }
  return c.redirect(to(), 303);
}
