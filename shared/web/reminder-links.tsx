/**
 * The pages behind the signed links in mail, usable without signing in:
 *   /mail/update/<token>            one-click milestone update (status, progress, note)
 *   /mail/report/<token>            one-click report of an indicator's value (report-link.tsx)
 *   /mail/unsubscribe/<token>       stop reminder mail (also the RFC 8058 one-click POST target)
 *   /mail/digest-frequency/<token>  a Director General's digest frequency (digests cannot be turned off)
 *
 * An update link is limited to its milestone, works once (a use marker in the send ledger,
 * written before the change and removed again when the change does not happen), honours the
 * version guard like the API, and is recorded in the history as the person it was sent to
 * (`via: 'reminder-link'`). GETs never change anything: mail scanners open links.
 * Self-contained: its own small stylesheet, no script, no inline style (the app's CSP).
 */
import { resolveText } from '../domain/translations.ts';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../domain/policy.ts';
import type { Language } from '../domain/common.ts';
import { Forbidden, Invalid, checkMilestonePatch, milestoneRights, optOutOfReminders, reportMilestone, setDigestFrequency, type FieldError, type LoadedMilestone } from '../commands/index.ts';
import { DIGEST_FREQUENCIES, MILESTONE_STATUSES, type Person } from '../domain/resources.ts';
import { formatDate, pickLanguage, translator, type Catalogs, type Translate } from '../i18n/index.ts';
import { mail } from '../i18n/mail.ts';
import { LINK_PATHS, type LinkClaims, type MailLinks } from '../mail/links.ts';
import { percent } from '../mail/templates/format.ts';
import { VersionConflict, type StoredMilestone } from '../store/index.ts';
import { resultReportLinks, type LinkWords } from './report-link.tsx';

const CSS_PATH = '/mail/page.css';
const CSS = `body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;background:#f3f4f6}
header{background:#12355b;color:#fff;padding:12px 20px;font-weight:bold}
main{max-width:40rem;margin:24px auto;padding:20px 24px;background:#fff;border:1px solid #d9dde3}
h1{font-size:1.35rem;margin:0 0 12px}
label{display:block;font-weight:bold;margin:16px 0 4px}
select,input,textarea{font:inherit;padding:6px 8px;border:1px solid #9aa5b1;border-radius:4px;width:100%;box-sizing:border-box}
input[type=number]{width:8rem}input[type=radio]{width:auto;margin-right:8px}
.choice{display:flex;align-items:center;margin:6px 0}.choice label{display:inline;font-weight:normal;margin:0}
textarea{min-height:6rem}
button{margin-top:20px;font:inherit;font-weight:bold;padding:8px 18px;background:#1d5fa8;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f0b429;outline-offset:1px}
.muted{color:#52606d;font-size:.9rem}.error{color:#b42318;font-weight:bold}
.notice{border-left:4px solid #1d5fa8;padding:8px 12px;background:#eef4fb;margin:12px 0}
.notice.bad{border-color:#b42318;background:#fdecea}.notice.good{border-color:#1d6b43;background:#e8f5ee}
a{color:#1d5fa8}`;

const FORM_LIMIT = 16 * 1024;
const NOTE_MAX = 2000;

export type PageStatus = 200 | 400 | 403 | 404 | 409 | 410;

function Page(props: { lang: Language; title: string; t: Translate; children: Child }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={CSS_PATH} />
      </head>
      <body>
        <header>{props.t('app.name')}</header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

function send(c: Context, status: PageStatus, lang: Language, title: string, t: Translate, body: Child) {
  // Links carry their token in the URL: keep the pages out of caches.
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(`<!DOCTYPE html>${(<Page lang={lang} title={title} t={t}>{body}</Page>).toString()}`, status);
}

function message(c: Context, status: PageStatus, lang: Language, titleKey: string, textKey: string, params: Record<string, string> = {}, kind: 'bad' | 'good' = 'bad', catalogs: Catalogs = mail) {
  const t = translator(catalogs, lang);
  return send(c, status, lang, t(titleKey), t, (
    <>
      <p class={`notice ${kind}`}>{t(textKey, params)}</p>
      <p><a href="/">{t('page.signIn')}</a></p>
    </>
  ));
}

/** The command's field errors, in the words of the link page (one message per field of the form). */
function linkErrors(t: Translate, errors: readonly FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field } of errors) {
    const name = field.split('.')[0];
    if (name === 'status' || name === 'progress' || name === 'note') out[name] = t(`page.error.${name}`);
  }
  return out;
}

/** Reads a urlencoded form; RFC 8058 one-click requests send `List-Unsubscribe=One-Click`. */
async function form(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const UPDATE_WORDS: LinkWords = { catalogs: mail, title: 'page.title.update', invalid: 'page.update.invalid', expired: 'page.update.expired' };

export function reminderLinks(deps: AppDeps) {
  const app = new Hono();
  const { store } = deps;
  let links: MailLinks | undefined = typeof deps.mailLinks === 'function' ? undefined : deps.mailLinks;
  const loadLinks = typeof deps.mailLinks === 'function' ? deps.mailLinks : undefined;

  app.get(CSS_PATH, (c) => c.body(CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));
  app.use('/mail/*', bodyLimit({ maxSize: FORM_LIMIT, onError: (c) => c.text('Too large', 413) }));
  app.use('/mail/*', async (_c, next) => {
    links ??= await loadLinks?.();
    await next();
  });

  /** The token's claims of the expected kind, or the page saying why it cannot be used (in the words of the link's page). */
  function claimsOf<K extends LinkClaims['kind']>(c: Context, kind: K, words: LinkWords = UPDATE_WORDS): Extract<LinkClaims, { kind: K }> | Response {
    const lang = pickLanguage(c.req.header('Accept-Language'));
    const refuse = (status: PageStatus, key: string) => message(c, status, lang, words.title, key, {}, 'bad', words.catalogs);
    if (!links) return refuse(404, words.invalid);
    const claims = links.read(c.req.param('token') ?? '', deps.now());
    if ('problem' in claims) return claims.problem === 'expired' ? refuse(410, words.expired) : refuse(400, words.invalid);
    if (claims.kind !== kind) return refuse(400, words.invalid);
    return claims as Extract<LinkClaims, { kind: K }>;
  }

  // ---------------------------------------------------------------- one-click milestone update

  async function updateContext(c: Context) {
    const claims = claimsOf(c, 'update');
    if (claims instanceof Response) return claims;
    const [found, person] = await Promise.all([store.milestones.get(claims.milestoneId), store.people.get(claims.personId)]);
    const administration = person?.administrationId ? await store.administrations.get(person.administrationId) : undefined;
    const lang = pickLanguage(person?.language, administration?.language, c.req.header('Accept-Language'));
    if (!found) return message(c, 404, lang, 'page.title.update', 'page.update.gone');
    if (!person) return message(c, 403, lang, 'page.title.update', 'page.update.notAllowed');
    const scope = { ...found.plan.scope, ownerAdministrationId: found.milestone.ownerAdministrationId };
    const principal = { userId: person.id, role: person.role, ...(person.administrationId ? { administrationId: person.administrationId } : {}) };
    if (person.active === false || !milestoneRights(principal, scope).report) return message(c, 403, lang, 'page.title.update', 'page.update.notAllowed');
    const useId = `link#${claims.jti}`;
    return {
      claims, milestone: found.milestone, person, principal, loaded: { ...found, scope },
      administrationName: administration?.name ?? person.administrationId ?? '', lang, useId,
    };
  }

  function updateForm(
    c: Context,
    status: PageStatus,
    ctx: { claims: { exp: number }; milestone: StoredMilestone; person: Person; administrationName: string; lang: Language },
    values: { status: string; progress: string; note: string },
    notice?: { kind: 'bad' | 'good'; text: string },
    errors: Record<string, string> = {},
  ) {
    const t = translator(mail, ctx.lang);
    const m = ctx.milestone;
    const until = formatDate(ctx.lang, new Date(ctx.claims.exp * 1000).toISOString().slice(0, 10));
    return send(c, status, ctx.lang, t('page.title.update'), t, (
      <>
        <p><strong>{m.title}</strong><br /><span class="muted">{t('mail.dueOn', { date: formatDate(ctx.lang, m.dueDate) })}</span></p>
        <p class="muted">{t('page.update.as', { name: ctx.person.name, administration: ctx.administrationName })}</p>
        {notice ? <p class={`notice ${notice.kind}`} role={notice.kind === 'bad' ? 'alert' : 'status'}>{notice.text}</p> : null}
        <form method="post">
          <input type="hidden" name="version" value={String(m.version)} />
          <label for="status">{t('page.field.status')}</label>
          <select id="status" name="status" aria-describedby={errors.status ? 'status-error' : undefined}>
            {MILESTONE_STATUSES.map((s) => <option value={s} selected={values.status === s}>{t(`status.${s}`)}</option>)}
          </select>
          {errors.status ? <p id="status-error" class="error">{errors.status}</p> : null}
          <label for="progress">{t('page.field.progress')}</label>
          <input id="progress" name="progress" type="number" min="0" max="100" step="1" inputmode="numeric" value={values.progress} aria-invalid={errors.progress ? 'true' : undefined} aria-describedby={errors.progress ? 'progress-error' : undefined} />
          {errors.progress ? <p id="progress-error" class="error">{errors.progress}</p> : null}
          <label for="note">{t('page.field.note')}</label>
          <textarea id="note" name="note" maxlength={NOTE_MAX} aria-invalid={errors.note ? 'true' : undefined} aria-describedby={errors.note ? 'note-error' : undefined}>{values.note}</textarea>
          {errors.note ? <p id="note-error" class="error">{errors.note}</p> : null}
          <button type="submit">{t('page.update.save')}</button>
        </form>
        <p class="muted">{t('page.update.once', { date: until })}</p>
      </>
    ));
  }

  // The note as its reader reads it (their language's translation, else the original): what the form edits.
  const noteIn = (m: StoredMilestone, lang: Language) => resolveText(m.note, m.translations?.note, [lang]).text;
  const currentValues = (m: StoredMilestone, lang: Language) => ({ status: m.status, progress: String(m.progress), note: noteIn(m, lang) });

  app.get(`${LINK_PATHS.update}:token`, async (c) => {
    const ctx = await updateContext(c);
    if (ctx instanceof Response) return ctx;
    if (await store.ledger.isUsed(ctx.useId)) return message(c, 410, ctx.lang, 'page.title.update', 'page.update.used');
    return updateForm(c, 200, ctx, currentValues(ctx.milestone, ctx.lang));
  });

  app.post(`${LINK_PATHS.update}:token`, async (c) => {
    const ctx = await updateContext(c);
    if (ctx instanceof Response) return ctx;
    const t = translator(mail, ctx.lang);
    const body = await form(c);
    const values = { status: body.status ?? '', progress: (body.progress ?? '').trim(), note: (body.note ?? '').replace(/\r\n?/g, '\n').trim() };
    const version = /^\d{1,9}$/.test(body.version ?? '') ? Number(body.version) : undefined;
    if (version === undefined) return updateForm(c, 400, ctx, values, { kind: 'bad', text: t('page.update.invalid') });
    // The same change the web form and the API make, checked by the same command; done means 100.
    const patch: Record<string, unknown> = {
      status: values.status,
      ...(values.status === 'done' ? {} : { progress: /^-?\d+$/.test(values.progress) ? Number(values.progress) : values.progress }),
      // Only a changed note: sending a translation again would confirm it (domain/translations.ts).
      ...(values.note !== noteIn(ctx.milestone, ctx.lang) ? { note: values.note } : {}),
    };
    const caller = { ...ctx.principal, via: 'reminder-link' };
    // Validate before the link is used up: a refused form leaves it usable.
    try {
      checkMilestonePatch(ctx.milestone, patch);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return updateForm(c, 400, ctx, values, undefined, linkErrors(t, error.errors));
    }

    const now = deps.now();
    if (!(await store.ledger.useOnce(ctx.useId, { at: now, by: ctx.person.id, expiresAt: new Date((ctx.claims.exp + 86_400) * 1000) }))) {
      return message(c, 410, ctx.lang, 'page.title.update', 'page.update.used');
    }
    try {
      const updated = await reportMilestone(deps, caller, { id: ctx.milestone.id, patch, expectedVersion: version, language: ctx.lang }, ctx.loaded);
      return send(c, 200, ctx.lang, t('page.title.update'), t, (
        <>
          <p class="notice good" role="status">{t('page.update.saved')}</p>
          <p><strong>{updated.title}</strong><br />{t('mail.statusLine', { status: t(`status.${updated.status}`), progress: percent(ctx.lang, updated.progress) })}</p>
          <p><a href={`/milestones/${encodeURIComponent(updated.id)}`}>{t('reminder.open')}</a></p>
        </>
      ));
    } catch (error) {
      // The change did not happen: the link may be used again.
      await store.ledger.unuse(ctx.useId);
      if (error instanceof Invalid) return updateForm(c, 400, ctx, values, undefined, linkErrors(t, error.errors));
      if (error instanceof Forbidden) return message(c, 403, ctx.lang, 'page.title.update', 'page.update.notAllowed');
      if (!(error instanceof VersionConflict)) throw error;
      const fresh = await store.milestones.get(ctx.milestone.id);
      if (!fresh) return message(c, 404, ctx.lang, 'page.title.update', 'page.update.gone');
      return updateForm(c, 409, { ...ctx, milestone: fresh.milestone }, currentValues(fresh.milestone, ctx.lang), { kind: 'bad', text: t('page.update.stale') });
    }
  });

  // ---------------------------------------------------------------- one-click report of a value (report-link.tsx)

  resultReportLinks(app, { deps, claimsOf: (c, words) => claimsOf(c, 'report', words), send, form, message });

  // ---------------------------------------------------------------- reminder opt-out

  async function optOutContext(c: Context) {
    const claims = claimsOf(c, 'reminders-off');
    if (claims instanceof Response) return claims;
    const person = await store.people.get(claims.personId);
    const administration = person?.administrationId ? await store.administrations.get(person.administrationId) : undefined;
    const lang = pickLanguage(person?.language, administration?.language, c.req.header('Accept-Language'));
    if (!person) return message(c, 404, lang, 'page.title.unsubscribe', 'page.update.invalid');
    return { person, lang };
  }

  app.get(`${LINK_PATHS.remindersOff}:token`, async (c) => {
    const ctx = await optOutContext(c);
    if (ctx instanceof Response) return ctx;
    const t = translator(mail, ctx.lang);
    if (ctx.person.remindersOptOut) return message(c, 200, ctx.lang, 'page.title.unsubscribe', 'page.unsubscribe.done', { email: ctx.person.email }, 'good');
    return send(c, 200, ctx.lang, t('page.title.unsubscribe'), t, (
      <form method="post">
        <p>{t('page.unsubscribe.ask', { email: ctx.person.email })}</p>
        <button type="submit">{t('reminder.unsubscribe')}</button>
      </form>
    ));
  });

  app.post(`${LINK_PATHS.remindersOff}:token`, async (c) => {
    const ctx = await optOutContext(c);
    if (ctx instanceof Response) return ctx;
    const caller = { userId: ctx.person.id, role: ctx.person.role, via: 'unsubscribe-link' };
    const person = await optOutOfReminders(deps, caller, { id: ctx.person.id });
    return message(c, 200, ctx.lang, 'page.title.unsubscribe', 'page.unsubscribe.done', { email: person.email }, 'good');
  });

  // ---------------------------------------------------------------- digest frequency (Directors General)

  async function frequencyContext(c: Context) {
    const claims = claimsOf(c, 'digest-frequency');
    if (claims instanceof Response) return claims;
    const [administration, people] = await Promise.all([
      store.administrations.get(claims.administrationId),
      store.people.ofAdministration(claims.administrationId),
    ]);
    const dg =
      people.find((p) => p.role === 'director_general' && administration?.directorGeneral && p.email.toLowerCase() === administration.directorGeneral.email.toLowerCase()) ??
      people.find((p) => p.role === 'director_general');
    const lang = pickLanguage(dg?.language, administration?.language, c.req.header('Accept-Language'));
    if (!administration) return message(c, 404, lang, 'page.title.frequency', 'page.update.invalid');
    return { administration, dg, lang };
  }

  app.get(`${LINK_PATHS.digestFrequency}:token`, async (c) => {
    const ctx = await frequencyContext(c);
    if (ctx instanceof Response) return ctx;
    const t = translator(mail, ctx.lang);
    const current = ctx.administration.digestFrequency;
    return send(c, 200, ctx.lang, t('page.title.frequency'), t, (
      <form method="post">
        <p>{t('page.frequency.cannotOptOut', { administration: ctx.administration.name })}</p>
        <p class="muted">{t('page.frequency.current', { frequency: t(`frequency.${current}`) })}</p>
        <fieldset>
          <legend class="muted">{t('page.title.frequency')}</legend>
          {DIGEST_FREQUENCIES.map((f) => (
            <div class="choice">
              <input type="radio" id={`f-${f}`} name="frequency" value={f} checked={f === current} />
              <label for={`f-${f}`}>{t(`frequency.${f}`)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('page.frequency.save')}</button>
      </form>
    ));
  });

  app.post(`${LINK_PATHS.digestFrequency}:token`, async (c) => {
    const ctx = await frequencyContext(c);
    if (ctx instanceof Response) return ctx;
    const body = await form(c);
    // A mail client's one-click "unsubscribe" cannot turn the digest off: it gets the least frequent one.
    const wanted = body['List-Unsubscribe'] === 'One-Click' ? 'quarterly' : body.frequency;
    const frequency = DIGEST_FREQUENCIES.find((f) => f === wanted);
    if (!frequency) return message(c, 400, ctx.lang, 'page.title.frequency', 'page.update.invalid');
    // The link was sent to the administration's Director General: it acts as them.
    const caller = { userId: ctx.dg?.id ?? `dg-${ctx.administration.id.toLowerCase()}`, role: 'director_general' as const, administrationId: ctx.administration.id, via: 'digest-link' };
    const administration = await setDigestFrequency(deps, caller, { administrationId: ctx.administration.id, frequency });
    const t = translator(mail, ctx.lang);
    return message(c, 200, ctx.lang, 'page.title.frequency', 'page.frequency.saved', { administration: administration.name, frequency: t(`frequency.${frequency}`) }, 'good');
  });

  return app;
}
