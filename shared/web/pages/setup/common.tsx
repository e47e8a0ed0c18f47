/**
 * What the set-up screens share: the secretariat-only guard, ids checked before any read (a
 * 3,000-character id is a 404, not a DynamoDB error), and the create and edit flows every directory
 * form follows (CSRF, the version the form was based on, only the changed fields, every field
 * error at once, a version conflict shown with the other change and the person's entries kept).
 */
import type { Child, FC } from 'hono/jsx';
import type { Action, Principal } from '../../../domain/policy.ts';
import { can } from '../../../domain/policy.ts';
import { Invalid } from '../../../commands/index.ts';
import { EditForm, changedInput, formBody, formFailure, formVersion, requireCsrf, valuesFrom, type Errors, type Field, type Values } from '../../forms.tsx';
import { Layout, Notice, type Crumb } from '../../layout.tsx';
import { forbidden, me, notFound, render, type Pages, type WebContext } from '../../page.tsx';
import type { View } from '../../view.ts';
import type { Translations } from '../../../domain/translations.ts';
import { textIn } from '../../components.tsx';
import { translatableForm, type TranslatableSpec } from '../../translations-field.tsx';

export const CODE = /^[A-Z]{2}$/;
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The principal, if the policy lets them do this; a 403 page otherwise. */
export function allowed(c: WebContext, action: Action): Principal {
  const p = me(c);
  if (!can(p, action)) throw forbidden();
  return p;
}

/** The `:id` of the path when it can be one (a 404 otherwise, before anything is read). */
export function idParam(c: WebContext, pattern: RegExp): string {
  const id = c.req.param('id') ?? '';
  if (!pattern.test(id)) throw notFound();
  return id;
}

/**
 * After a version conflict: the form's values based on the current object, keeping what this person
 * changed. `events` are the object's history events; a field the person left as it was when the form
 * was made shows the current value, a field they changed keeps their entry and is listed in `both`
 * when the other change touched it too. Without every event since `basedOn`, all entries are kept.
 */
export function rebase(
  submitted: Values,
  current: { version: number } & object,
  events: readonly { version: number; changes: readonly { field: string; before: unknown }[] }[],
  basedOn: number,
  fields: readonly Field[],
  /** The form's values of an item (with a text's translations: translations-field.tsx), now and as the form was made. */
  valuesOf: (item: Record<string, unknown>) => Values = (item) => valuesFrom(item, fields),
): { values: Values; both: string[] } {
  const since = events.filter((e) => e.version > basedOn).sort((a, b) => b.version - a.version);
  const now = valuesOf(current as Record<string, unknown>);
  const complete = since.length === current.version - basedOn;
  const base: Record<string, unknown> = { ...current };
  for (const e of since) for (const ch of e.changes) base[ch.field] = ch.before ?? undefined;
  const was = valuesOf(base);
  const values: Values = { ...now };
  const both: string[] = [];
  for (const f of fields.filter((f) => !f.readOnly)) {
    const mine = f.kind === 'checkbox' ? (submitted[f.name] !== undefined ? 'on' : '') : (submitted[f.name] ?? '').replace(/\r\n?/g, '\n').trim();
    if (complete && mine === (was[f.name] ?? '')) continue; // untouched by this person: the current value
    if (mine === '' && f.kind === 'checkbox') delete values[f.name];
    else values[f.name] = mine;
    if (complete && (now[f.name] ?? '') !== (was[f.name] ?? '')) both.push(f.name);
  }
  return { values, both };
}

/** What a form shows: the values, and after a refused submission its errors or the conflict. */
export interface Shown {
  values: Values;
  errors: Errors;
  general: string[];
  conflict: boolean;
  /** Fields both this person and the other change touched (after a conflict). */
  both: string[];
}
export const shown = (values: Values): Shown => ({ values, errors: {}, general: [], conflict: false, both: [] });

type Refused = { done: false; status: 400 | 409; shown: Shown };

/** A create form: the command's refusal becomes the form again with its errors (400). */
export async function submitCreate(
  c: WebContext,
  pages: Pages,
  fields: readonly Field[],
  create: (body: Values) => Promise<unknown>,
): Promise<{ done: true; body: Values; result: unknown } | Refused> {
  const body = await formBody(c);
  requireCsrf(c, pages, body);
  try {
    return { done: true, body, result: await create(body) };
  } catch (error) {
    const f = formFailure(error, c.get('view'), fields);
    return { done: false, status: f.status, shown: { values: body, errors: f.errors, general: f.general, conflict: f.conflict, both: [] } };
  }
}

/**
 * An edit form: the patch of the fields that changed, sent with the version the form was based on.
 * On a conflict the object is read again and the form rebased on it (409). `current` is re-read.
 */
export async function submitEdit<T extends { id: string; version: number }>(
  c: WebContext,
  pages: Pages,
  o: {
    subject: string;
    current: T;
    fields: readonly Field[];
    patch: (body: Values, stored: Values) => Record<string, unknown>;
    save: (patch: Record<string, unknown>, version: number) => Promise<unknown>;
    reload: () => Promise<T>;
    /** The form's values of an item, when more than its fields' (a text's translations). */
    valuesOf?: (item: Record<string, unknown>) => Values;
  },
): Promise<{ done: true; unchanged: boolean } | (Refused & { current: T })> {
  const body = await formBody(c);
  requireCsrf(c, pages, body);
  const version = formVersion(body);
  const patch = o.patch(body, valuesFrom(o.current as unknown as Record<string, unknown>, o.fields));
  const conflict = async (): Promise<Refused & { current: T }> => {
    const [current, history] = await Promise.all([o.reload(), pages.deps.store.history.list(`${o.subject}/${o.current.id}`, { limit: 20 })]);
    const { values, both } = rebase(body, current, history.items, version, o.fields, o.valuesOf);
    return { done: false, status: 409, current, shown: { values, errors: {}, general: [], conflict: true, both } };
  };
  if (Object.keys(patch).length === 0) return version === o.current.version ? { done: true, unchanged: true } : conflict();
  try {
    await o.save(patch, version);
    return { done: true, unchanged: false };
  } catch (error) {
    const f = formFailure(error, c.get('view'), o.fields);
    if (f.conflict) return conflict();
    return { done: false, status: f.status, current: o.current, shown: { values: body, errors: f.errors, general: f.general, conflict: false, both: [] } };
  }
}

/**
 * A name held in several languages (an administration's, a donor's: issue 14), for an edit form:
 * the main input edits it in the reader's language, the other languages beside it.
 */
export const nameText = (v: View, item: { name: string; translations?: Translations }, label: string): TranslatableSpec => ({
  t: { name: 'name', original: item.name, field: item.translations?.name },
  label, labelIn: (language) => v.t('content.nameIn', { language }), maxLength: 200, multiline: false, mayBeEmpty: false,
});

/** The "saved" / "added" / "unchanged" line after a redirect (`?saved`, `?created`, `?unchanged`). */
export const Outcome: FC<{ v: View; query: Record<string, string> }> = ({ v, query }) => {
  const which = (['created', 'saved', 'unchanged'] as const).find((k) => query[k] !== undefined);
  return which ? <Notice kind="ok" role="status" title={v.t(`setup.done.${which}`)} /> : null;
};

/** The list of fields both people changed, for the conflict notice. */
export function bothChanged(v: View, fields: readonly Field[], both: string[]): Child {
  if (both.length === 0) return null;
  const labels = fields.filter((f) => both.includes(f.name)).map((f) => f.label);
  return <p><strong>{v.t('setup.conflictBoth', { fields: labels.join(', ') })}</strong></p>;
}

/** The crumbs of a set-up page: Home › Set-up › the list › this page. */
export function setupCrumbs(v: View, list?: { href: string; label: string }, here?: string): Crumb[] {
  return [
    { href: '/', label: v.t('nav.home') },
    ...(list || here ? [{ href: '/setup', label: v.t('nav.setup') }] : [{ label: v.t('nav.setup') }]),
    ...(list ? [here ? list : { label: list.label }] : []),
    ...(here ? [{ label: here }] : []),
  ];
}

/** A set-up page with one form: title, what came before (facts, notices), the form, what comes after. */
export const FormPage: FC<{
  v: View;
  title: string;
  crumbs: Crumb[];
  action: string;
  fields: readonly Field[];
  shown: Shown;
  version?: number;
  submit: string;
  before?: Child;
  after?: Child;
  heading?: string;
  /** What follows a field inside the form (its translations) and the inputs that adds (EditForm's `after`, `moreFields`). */
  afterField?: Record<string, Child>;
  moreFields?: readonly Field[];
}> = ({ v, title, crumbs, action, fields, shown: s, version, submit, before, after, heading, afterField, moreFields }) => (
  <Layout v={v} title={title} section="setup" crumbs={crumbs}>
    <h1>{title}</h1>
    {before}
    {heading ? <h2 id="form-title">{heading}</h2> : null}
    <p class="muted small">{v.t('form.requiredNote')}</p>
    <EditForm
      v={v}
      action={action}
      fields={fields}
      values={s.values}
      errors={s.errors}
      general={s.general}
      {...(version !== undefined ? { version } : {})}
      submit={submit}
      conflict={s.conflict}
      conflictTitle={v.t('setup.conflictTitle')}
      conflictDetail={bothChanged(v, [...fields, ...(moreFields ?? [])], s.both)}
      label={heading ?? title}
      after={afterField}
      moreFields={moreFields}
    />
    {after}
  </Layout>
);

/** A set-up list: title, lead, the "add" button, an optional filter and the table (first column the row's name). */
export const ListPage: FC<{ v: View; title: string; lead: string; add: { href: string; label: string }; none: string; head: string[]; rows: Child[]; filter?: Child; count?: string }> = ({
  v, title, lead, add, none, head, rows, filter, count,
}) => (
  <Layout v={v} title={title} section="setup" crumbs={setupCrumbs(v, { href: '', label: title })}>
    <h1>{title}</h1>
    <p class="lead">{lead}</p>
    <p><a class="button" href={add.href}>{add.label}</a></p>
    {filter}
    {count ? <p role="status">{count}</p> : null}
    {rows.length === 0 ? <p>{none}</p> : (
      <div class="scroll">
        <table class="list">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>{head.map((h) => <th scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      </div>
    )}
  </Layout>
);

/**
 * The new and edit pages of a directory resource (`<base>/new`, `<base>/:id`): the form, its
 * command, and back to the form with every error, or to the saved object with a notice.
 */
export function formRoutes<T extends { id: string; version: number; name: string }>(
  pages: Pages,
  o: {
    base: string;
    subject: string;
    pattern: RegExp;
    can: { create: Action; update: Action };
    list: (v: View) => string;
    labels: (v: View) => { title: string; create: string };
    fields: (v: View, editing: boolean) => Field[];
    defaults: Values;
    load: (id: string) => Promise<T | undefined>;
    create: (p: Principal, body: Values, fields: readonly Field[]) => Promise<T>;
    update: (p: Principal, id: string, patch: Record<string, unknown>, expectedVersion: number) => Promise<unknown>;
    patch?: (fields: readonly Field[]) => (body: Values, stored: Values) => Record<string, unknown>;
    subtitle?: (v: View, item: T) => Child;
    /** The item's texts held in several languages (its name), edited with their translations. */
    texts?: (v: View, item: T) => readonly TranslatableSpec[];
  },
) {
  const { app, signedIn } = pages;
  const listCrumb = (v: View) => ({ href: o.base, label: o.list(v) });

  const newPage = (c: WebContext, s: Shown, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const { title, create } = o.labels(v);
    return render(c, <FormPage v={v} title={title} crumbs={setupCrumbs(v, listCrumb(v), title)} action={`${o.base}/new`} fields={o.fields(v, false)} shown={s} submit={create} />, status);
  };

  app.get(`${o.base}/new`, signedIn, (c) => {
    allowed(c, o.can.create);
    return newPage(c, shown(o.defaults));
  });

  app.post(`${o.base}/new`, signedIn, async (c) => {
    const p = allowed(c, o.can.create);
    const fields = o.fields(c.get('view'), false);
    // A new text is in its writer's language: the page's (commands/texts.ts), unless the resource says otherwise.
    const outcome = await submitCreate(c, pages, fields, (body) => o.create({ ...p, language: c.get('view').lang }, body, fields));
    if (!outcome.done) return newPage(c, outcome.shown, outcome.status);
    return c.redirect(`${o.base}/${(outcome.result as T).id}?created#done`, 303);
  });

  const textsOf = (v: View, item: T) => translatableForm(v, o.texts?.(v, item) ?? []);
  const editPage = (c: WebContext, item: T, s: Shown, status: 200 | 400 | 409 = 200) => {
    const v = c.get('view');
    const texts = textsOf(v, item);
    const name = textIn(v, item as Parameters<typeof textIn>[1], 'name');
    return render(c, (
      <FormPage
        v={v}
        title={name}
        crumbs={setupCrumbs(v, listCrumb(v), name)}
        action={`${o.base}/${item.id}`}
        fields={texts.fields(o.fields(v, true), s.values)}
        shown={s}
        version={item.version}
        submit={v.t('setup.save')}
        before={<>{o.subtitle?.(v, item)}<div id="done"><Outcome v={v} query={c.req.query()} /></div></>}
        afterField={texts.after(s.values, s.errors, status !== 200)}
        moreFields={texts.moreFields(s.values)}
      />
    ), status);
  };

  const load = async (id: string) => (await o.load(id)) ?? Promise.reject(notFound());

  app.get(`${o.base}/:id`, signedIn, async (c) => {
    allowed(c, o.can.update);
    const item = await load(idParam(c, o.pattern));
    const v = c.get('view');
    return editPage(c, item, shown(textsOf(v, item).values(valuesFrom(item, o.fields(v, true)))));
  });

  app.post(`${o.base}/:id`, signedIn, async (c) => {
    const p = allowed(c, o.can.update);
    const id = idParam(c, o.pattern);
    const v = c.get('view');
    const current = await load(id);
    const texts = textsOf(v, current);
    const translatable = new Set((o.texts?.(v, current) ?? []).map((s) => s.t.name));
    // The translatable texts go through their own patch; the other fields are compared as they are.
    const plain = o.fields(v, true).filter((f) => !translatable.has(f.name));
    const fields = [...o.fields(v, true), ...texts.moreFields(await formBody(c))];
    const outcome = await submitEdit(c, pages, {
      subject: o.subject,
      current,
      fields,
      patch: (body, stored) => ({ ...(o.patch ? o.patch(plain) : (b: Values, s: Values) => changedInput(b, s, plain))(body, stored), ...texts.patch(body).input }),
      // A plain text edits the text its writer read: in the page's language (commands/texts.ts).
      save: (patch, expectedVersion) => o.update({ ...p, language: v.lang }, id, patch, expectedVersion),
      reload: () => load(id),
      // After a conflict, each language of a text is rebased as the other fields are.
      valuesOf: (item) => textsOf(v, item as T).values(valuesFrom(item, fields)),
    });
    if (!outcome.done) return editPage(c, outcome.current, outcome.shown, outcome.status);
    return c.redirect(`${o.base}/${id}?${outcome.unchanged ? 'unchanged' : 'saved'}#done`, 303);
  });
}

