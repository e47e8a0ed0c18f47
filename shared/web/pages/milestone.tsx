/**
 * A milestone: its details, evidence and full history, and for those the policy allows an update
 * form. The form carries the version it was based on; if someone else saved first, nothing is
 * overwritten: the page says so, shows their change, and keeps the person's entries to resubmit.
 */
import type { FC } from 'hono/jsx';
import { historyFor, milestoneFor } from '../../domain/internal.ts';
import { can, type Principal } from '../../domain/policy.ts';
import { MILESTONE_STATUSES, type HistoryEvent } from '../../domain/resources.ts';
import { translationChanges, type TranslationChange } from '../../domain/translations.ts';
import { VersionConflict, type PlanRecord, type StoredMilestone } from '../../store/index.ts';
import { Due, HealthBadge, InternalBadge, Localized, Progress, Written, milestoneRights, textIn } from '../components.tsx';
import { Layout, Notice } from '../layout.tsx';
import { Forbidden, Invalid, updateMilestone } from '../../commands/index.ts';
import { EVIDENCE_MAX, FIELD_ORDER, LABEL_MAX, NOTE_MAX, afterConflict, formErrors, noteErrors, noteText, readForm, toPatch, valuesOf, type FormField, type FormValues } from '../milestone-form.ts';
import { TranslationsField, mainInputLanguage, submittedLanguage, type TranslatableText } from '../translations-field.tsx';
import { ReviewTranslations, confirmationOf } from '../translations-review.tsx';
import { PageError, forbidden, me, notFound, render, type Pages, type WebContext } from '../page.tsx';
import { formBody, formVersion, messageFor } from '../forms.tsx';
import { idParam } from './planning/common.tsx';
import { CSRF_FIELD, checkCsrf } from '../session.ts';
import { present } from '../urgency.ts';
import type { View } from '../view.ts';

const HISTORY_SHOWN = 100;

interface Loaded {
  milestone: StoredMilestone;
  plan: PlanRecord;
  history: HistoryEvent[];
}

type Outcome =
  | { kind: 'view'; notice?: 'saved' | 'unchanged'; stale?: boolean }
  | { kind: 'invalid'; values: FormValues; errors: FormField[]; textErrors: Record<string, string> }
  | { kind: 'conflict'; values: FormValues; basedOn: number };

export function milestonePages({ app, deps, jar, signedIn }: Pages) {
  const { store } = deps;
  const publicUrl = deps.config.publicUrl;

  /** As the API's milestone routes: milestone and plan in one BatchGetItem, history in one Query, read permission from the plan. */
  async function load(p: Principal, id: string): Promise<Loaded> {
    const [found, history] = await Promise.all([store.milestones.get(id), store.history.list(`milestone/${id}`, { limit: HISTORY_SHOWN })]);
    if (!found) throw notFound();
    if (!can(p, 'milestone:read', { ...found.plan.scope, ownerAdministrationId: found.milestone.ownerAdministrationId })) throw forbidden();
    // What stays internal to others (domain/internal.ts): an internal milestone is not found; a note or link is left out.
    const milestone = milestoneFor(p, found.plan.scope, found.milestone);
    const events = historyFor(p, found.plan.scope, found.milestone, history.items);
    if (!milestone || !events) throw notFound();
    return { milestone, plan: found.plan, history: events };
  }

  function page(c: WebContext, loaded: Loaded, outcome: Outcome, status: 200 | 400 | 409 = 200) {
    const p = me(c);
    const v = c.get('view');
    return render(c, <MilestonePage v={v} p={p} now={deps.now()} loaded={loaded} outcome={outcome} />, status);
  }

  app.get('/milestones/:id', signedIn, async (c) => {
    const loaded = await load(me(c), idParam(c));
    const saved = c.req.query('saved') !== undefined ? 'saved' : c.req.query('unchanged') !== undefined ? 'unchanged' : undefined;
    return page(c, loaded, { kind: 'view', ...(saved ? { notice: saved } : {}) });
  });

  /** A form posted about a milestone by someone who may report on it: CSRF checked, the milestone read. */
  async function reporting(c: WebContext) {
    const p = me(c);
    const id = idParam(c);
    const body = await formBody(c);
    if (!checkCsrf(c, jar, publicUrl, p.userId, body[CSRF_FIELD])) throw new PageError(400);
    const loaded = await load(p, id);
    const rights = milestoneRights(p, loaded.plan.scope, loaded.milestone);
    if (!rights.report) throw forbidden();
    return { p, id, body, loaded, rights };
  }

  app.post('/milestones/:id', signedIn, async (c) => {
    const { p, id, body, loaded, rights } = await reporting(c);
    const current = loaded.milestone;
    const values = readForm(body, rights.update, can(p, 'internal:mark', rights.scope));
    const { version, patch, contentLanguage } = toPatch(current, values, c.get('view').lang);
    if (version === undefined) throw new PageError(400);
    if (Object.keys(patch).length === 0) {
      if (version !== current.version) return page(c, loaded, { kind: 'conflict', values, basedOn: version }, 409);
      return c.redirect(`/milestones/${encodeURIComponent(id)}?unchanged#saved`, 303);
    }
    try {
      await updateMilestone(deps, p, { id, patch, expectedVersion: version, language: c.get('view').lang, ...(contentLanguage ? { contentLanguage } : {}) }, { milestone: current, plan: loaded.plan, scope: rights.scope });
    } catch (error) {
      if (error instanceof Invalid) {
        const shown = submittedLanguage(values.texts, noteText(current), c.get('view').lang);
        const textErrors = noteErrors(error.errors, shown, (e) => messageFor(c.get('view').t, e));
        return page(c, loaded, { kind: 'invalid', values, errors: formErrors(error.errors, shown), textErrors }, 400);
      }
      if (error instanceof Forbidden) throw forbidden();
      if (!(error instanceof VersionConflict)) throw error;
      // Someone saved since this form was made: show the milestone as it is now (read again only when
      // the change was refused by DynamoDB, not by the copy read for this request).
      return page(c, error.currentVersion === undefined ? await load(p, id) : loaded, { kind: 'conflict', values, basedOn: version }, 409);
    }
    return c.redirect(`/milestones/${encodeURIComponent(id)}?saved#saved`, 303);
  });

  // A translation marked to review confirmed as still correct: one button, with the version the page showed.
  app.post('/milestones/:id/translations/confirm', signedIn, async (c) => {
    const { p, id, body, loaded, rights } = await reporting(c);
    const m = loaded.milestone;
    const asked = confirmationOf(body, [
      { name: 'title', original: m.title, field: m.translations?.title },
      { name: 'description', original: m.description ?? '', field: m.translations?.description },
      noteText(m),
    ]);
    if (!asked) throw new PageError(400);
    const version = formVersion(body);
    if (asked === 'nothing') return c.redirect(`/milestones/${encodeURIComponent(id)}?unchanged#saved`, 303);
    try {
      await updateMilestone(deps, p, { id, patch: asked.patch, expectedVersion: version }, { milestone: m, plan: loaded.plan, scope: rights.scope });
    } catch (error) {
      if (error instanceof Forbidden) throw forbidden();
      if (error instanceof VersionConflict) return page(c, await load(p, id), { kind: 'view', stale: true }, 409);
      throw error;
    }
    return c.redirect(`/milestones/${encodeURIComponent(id)}?saved#saved`, 303);
  });
}

const MilestonePage: FC<{ v: View; p: Principal; now: Date; loaded: Loaded; outcome: Outcome }> = ({ v, p, now, loaded, outcome }) => {
  const { t } = v;
  const { milestone: stored, plan, history } = loaded;
  const m = present(stored, now);
  const rights = milestoneRights(p, plan.scope, m);
  // The originals' language, for the history's texts (an original is in one language however it is read).
  const textLang = (field: string) => {
    const l = field === 'title' || field === 'description' || field === 'note' ? (stored.translations?.[field]?.lang ?? 'en') : undefined;
    return l !== v.lang ? l : undefined;
  };
  const theirs = outcome.kind === 'conflict' ? history.filter((e) => e.version > outcome.basedOn) : [];
  const merged = outcome.kind === 'conflict' ? afterConflict(stored, history, outcome.basedOn, outcome.values, v.lang) : undefined;
  const values =
    outcome.kind === 'view' ? valuesOf(stored, rights.update, can(p, 'internal:mark', rights.scope), v.lang) : merged ? merged.values : { ...outcome.values, version: String(stored.version) };
  return (
    <Layout
      v={v}
      title={textIn(v, m, 'title')}
      crumbs={[
        { href: '/', label: t('nav.home') },
        { href: `/plans/${encodeURIComponent(plan.plan.id)}`, label: textIn(v, plan.plan, 'title') },
        { label: textIn(v, m, 'title') },
      ]}
    >
      <h1><Written v={v} text={m.title} field={m.translations?.title} editor={rights.update} />{m.internal ? <>{' '}<InternalBadge v={v} /></> : null}</h1>
      {outcome.kind === 'view' && outcome.notice ? (
        <div id="saved">
          <Notice kind="ok" role="status" title={t(outcome.notice === 'saved' ? 'ms.savedTitle' : 'ms.unchangedTitle')}>
            <p>{t(outcome.notice === 'saved' ? 'ms.savedBody' : 'ms.unchangedBody')}</p>
          </Notice>
        </div>
      ) : null}
      {outcome.kind === 'view' && outcome.stale ? (
        <Notice kind="warn" role="alert" title={t('conflict.title')}>
          <p>{t('planning.actionConflict')}</p>
        </Notice>
      ) : null}
      {outcome.kind === 'conflict' ? (
        <Notice kind="warn" role="alert" title={t('conflict.title')}>
          <p>{t('conflict.body')}</p>
          {theirs.length > 0 ? <HistoryList v={v} events={theirs} highlight={false} textLang={textLang} /> : null}
          {merged && merged.both.length > 0 ? (
            <p><strong>{t('conflict.both', { fields: merged.both.map((f) => t(FORM_LABELS[f])).join(', ') })}</strong></p>
          ) : null}
          <p>{t('conflict.next')}</p>
        </Notice>
      ) : null}

      <dl class="facts">
        <dt>{t('planning.refLong')}</dt><dd>{m.ref ? v.number(m.ref) : <span class="muted">{t('planning.noRef')}</span>}</dd>
        <dt>{t('ms.health')}</dt><dd><HealthBadge v={v} health={m.health} /></dd>
        <dt>{t('ms.status')}</dt><dd>{t(`status.${m.status}`)}</dd>
        <dt>{t('ms.progress')}</dt><dd><Progress v={v} value={m.progress} /></dd>
        <dt>{t('ms.due')}</dt><dd><Due v={v} m={m} now={now} /></dd>
        <dt>{t('ms.owner')}</dt><dd>{v.country(m.ownerAdministrationId)}</dd>
        <dt>{t('ms.plan')}</dt><dd><Localized v={v} item={plan.plan} field="title" href={`/plans/${encodeURIComponent(plan.plan.id)}`} /></dd>
        <dt>{t('ms.lastUpdate')}</dt><dd>{t('ms.lastUpdateBy', { when: v.instant(m.updatedAt), who: m.updatedBy })}</dd>
      </dl>
      {rights.update || can(p, 'milestone:delete', rights.scope) ? (
        <div class="actions">
          {rights.update ? <a class="button small secondary" href={`/milestones/${encodeURIComponent(m.id)}/edit`}>{t('planning.editMilestone')}</a> : null}
          {can(p, 'milestone:delete', rights.scope) ? <a class="button small danger" href={`/milestones/${encodeURIComponent(m.id)}/delete`}>{t('planning.deleteMilestone')}</a> : null}
        </div>
      ) : null}
      {m.description ? <><h2>{t('ms.description')}</h2><p><Written v={v} text={m.description} field={m.translations?.description} editor={rights.update} /></p></> : null}
      <h2>{t('ms.note')}{m.noteInternal ? <>{' '}<InternalBadge v={v} /></> : null}</h2>
      <p>{m.note ? <Written v={v} text={m.note} field={m.translations?.note} editor={rights.report} /> : <span class="muted">{t('ms.noNote')}</span>}</p>
      <ReviewTranslations v={v} action={`/milestones/${encodeURIComponent(m.id)}/translations/confirm`} version={m.version} texts={[
        ...(rights.update ? [{ name: 'title', original: m.title, field: m.translations?.title, label: t('ms.title'), edit: `/milestones/${encodeURIComponent(m.id)}/edit` }] : []),
        ...(rights.update ? [{ name: 'description', original: m.description ?? '', field: m.translations?.description, label: t('ms.description'), edit: `/milestones/${encodeURIComponent(m.id)}/edit` }] : []),
        ...(rights.report ? [{ name: 'note', original: m.note, field: m.translations?.note, label: t('ms.note'), edit: '#tr-note' }] : []),
      ]} />
      <h2>{t('ms.evidence')}</h2>
      {m.evidence.length === 0 ? <p class="muted">{t('ms.noEvidence')}</p> : (
        <ul>
          {m.evidence.map((e) => <li><a href={e.url} rel="noopener noreferrer">{e.label ?? e.url}</a>{e.label ? <span class="muted small"> ({hostOf(e.url)})</span> : null}{e.internal ? <>{' '}<InternalBadge v={v} /></> : null}</li>)}
        </ul>
      )}

      {rights.report ? (
        <UpdateForm v={v} id={m.id} values={values} errors={outcome.kind === 'invalid' ? outcome.errors : []} allFields={rights.update} baseline={m.baselineDueDate} evidenceCount={m.evidence.length}
          note={noteText(stored)} textErrors={outcome.kind === 'invalid' ? outcome.textErrors : {}} unfold={outcome.kind !== 'view'} />
      ) : null}

      <section aria-labelledby="history">
        <h2 id="history">{t('history.title')}</h2>
        {history.length === 0 ? <p>{t('history.none')}</p> : <HistoryList v={v} events={history} highlight={theirs.length > 0} since={outcome.kind === 'conflict' ? outcome.basedOn : undefined} textLang={textLang} />}
      </section>
    </Layout>
  );
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const FORM_LABELS = { status: 'ms.status', progress: 'ms.progress', note: 'ms.note', dueDate: 'ms.due' } as const;


const UpdateForm: FC<{
  v: View; id: string; values: FormValues; errors: FormField[]; allFields: boolean; baseline: string; evidenceCount: number;
  note: TranslatableText; textErrors: Record<string, string>; unfold: boolean;
}> = ({ v, id, values, errors, allFields, baseline, evidenceCount, note, textErrors, unfold }) => {
  const { t } = v;
  // The language the main note input holds (the form's own, after a refused submission).
  const shown = submittedLanguage(values.texts, note, v.lang);
  const noteLanguage = mainInputLanguage(v, note, shown);
  const has = (f: FormField) => errors.includes(f);
  const described = (f: FormField, hint: boolean) => [hint ? `h-${f}` : '', has(f) ? `e-${f}` : ''].filter(Boolean).join(' ') || undefined;
  const Err: FC<{ f: FormField }> = ({ f }) => (has(f) ? <span class="err" id={`e-${f}`}>{t(`form.error.${f}`)}</span> : null);
  return (
    <form class="update" method="post" action={`/milestones/${encodeURIComponent(id)}#update`} aria-labelledby="update" novalidate>
      <h2 id="update">{t('form.title')}</h2>
      {errors.length > 0 ? (
        <div class="notice error" role="alert" tabindex={-1}>
          <h3>{t('form.errorsTitle')}</h3>
          <ul>
            {FIELD_ORDER.filter(has).map((f) => <li><a href={`#f-${f}`}>{t(`form.error.${f}`)}</a></li>)}
          </ul>
        </div>
      ) : null}
      <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
      <input type="hidden" name="version" value={values.version} />
      <div class={`field${has('status') ? ' invalid' : ''}`}>
        <label for="f-status">{t('ms.status')}</label>
        <Err f="status" />
        <select id="f-status" name="status" aria-invalid={has('status') ? 'true' : undefined} aria-describedby={described('status', false)}>
          {MILESTONE_STATUSES.map((s) => <option value={s} selected={values.status === s}>{t(`status.${s}`)}</option>)}
        </select>
      </div>
      <div class={`field${has('progress') ? ' invalid' : ''}`}>
        <label for="f-progress">{t('form.progress')}</label>
        <span class="hint" id="h-progress">{t('form.progressHint')}</span>
        <Err f="progress" />
        <input id="f-progress" name="progress" type="number" inputmode="numeric" min={0} max={100} step={1} value={values.progress} aria-invalid={has('progress') ? 'true' : undefined} aria-describedby={described('progress', true)} />
        <span class="suffix" aria-hidden="true">%</span>
      </div>
      <div class={`field${has('note') ? ' invalid' : ''}`}>
        <label for="f-note">{t('ms.note')}</label>
        <span class="hint" id="h-note">{noteLanguage.hint}. {t('form.noteHint', { max: v.number(NOTE_MAX) })}</span>
        <Err f="note" />
        <textarea id="f-note" name="note" lang={noteLanguage.lang} rows={4} maxlength={NOTE_MAX} aria-invalid={has('note') ? 'true' : undefined} aria-describedby={described('note', true)}>{values.note}</textarea>
      </div>
      <TranslationsField v={v} t={note} shown={shown} legend={t('content.translationsOf', { field: t('ms.note') })} labelIn={(language) => t('content.noteIn', { language })}
        maxLength={NOTE_MAX} multiline values={values.texts} errors={textErrors} open={unfold && Object.keys(values.texts).some((k) => k !== 'note.lang')} />
      <fieldset class="field">
        <legend>{t('form.evidence')}</legend>
        <span class="hint" id="h-evidenceUrl">{t('form.evidenceHint', { count: v.number(evidenceCount), max: v.number(EVIDENCE_MAX) })}</span>
        <div class={`field${has('evidenceUrl') ? ' invalid' : ''}`}>
          <label for="f-evidenceUrl">{t('form.evidenceUrl')}</label>
          <Err f="evidenceUrl" />
          <input id="f-evidenceUrl" name="evidenceUrl" type="url" inputmode="url" placeholder="https://" value={values.evidenceUrl} aria-invalid={has('evidenceUrl') ? 'true' : undefined} aria-describedby={described('evidenceUrl', true)} />
        </div>
        <div class={`field${has('evidenceLabel') ? ' invalid' : ''}`}>
          <label for="f-evidenceLabel">{t('form.evidenceLabel')}</label>
          <Err f="evidenceLabel" />
          <input id="f-evidenceLabel" name="evidenceLabel" type="text" maxlength={LABEL_MAX} value={values.evidenceLabel} aria-invalid={has('evidenceLabel') ? 'true' : undefined} aria-describedby={described('evidenceLabel', false)} />
        </div>
      </fieldset>
      {values.internal !== undefined ? (
        <fieldset class="field">
          <legend>{t('internal.legend')}</legend>
          <span class="hint" id="h-internal">{t('internal.hint')}</span>
          <div class="field check">
            <input type="checkbox" id="f-internal" name="internal" checked={values.internal} aria-describedby="h-internal" />
            <label for="f-internal">{t('internal.milestone')}</label>
          </div>
          <div class="field check">
            <input type="checkbox" id="f-noteInternal" name="noteInternal" checked={values.noteInternal} />
            <label for="f-noteInternal">{t('internal.note')}</label>
          </div>
          <div class="field check">
            <input type="checkbox" id="f-evidenceInternal" name="evidenceInternal" checked={values.evidenceInternal} />
            <label for="f-evidenceInternal">{t('internal.evidence')}</label>
          </div>
        </fieldset>
      ) : null}
      {allFields && values.dueDate !== undefined ? (
        <div class={`field${has('dueDate') ? ' invalid' : ''}`}>
          <label for="f-dueDate">{t('form.dueDate')}</label>
          <span class="hint" id="h-dueDate">{t('form.dueDateHint', { date: v.date(baseline) })}</span>
          <Err f="dueDate" />
          <input id="f-dueDate" name="dueDate" type="date" value={values.dueDate} aria-invalid={has('dueDate') ? 'true' : undefined} aria-describedby={described('dueDate', true)} />
        </div>
      ) : null}
      <button type="submit" class="primary">{t('form.save')}</button>
    </form>
  );
};

const HistoryList: FC<{ v: View; events: HistoryEvent[]; highlight: boolean; since?: number; textLang?: (field: string) => string | undefined }> = ({ v, events, highlight, since, textLang }) => (
  <ol class="history">
    {events.map((e) => (
      <li class={highlight && since !== undefined && e.version > since ? 'theirs' : undefined}>
        <span class="when">{v.instant(e.at)}</span>
        {' · '}
        {v.t(`history.${e.action === 'created' ? 'created' : e.action === 'deleted' ? 'deleted' : 'updated'}`, { who: e.actor, role: v.t(`role.${e.actorRole}`) })}
        {e.via ? <span class="muted small"> ({v.t('history.via', { via: e.via })})</span> : null}
        {e.action === 'updated' && e.changes.length > 0 ? (
          <ul>
            {e.changes.flatMap((ch) =>
              ch.field === 'translations'
                ? translationChanges(ch.before, ch.after).map((tc) => <li class="change"><TranslationChangeLine v={v} change={tc} /></li>)
                : [<li class="change"><Change v={v} field={ch.field} before={ch.before} after={ch.after} lang={textLang?.(ch.field)} /></li>],
            )}
          </ul>
        ) : null}
      </li>
    ))}
  </ol>
);

const FIELD_LABELS: Record<string, string> = {
  status: 'ms.status', progress: 'ms.progress', note: 'ms.note', evidence: 'ms.evidence', dueDate: 'ms.due', baselineDueDate: 'ms.baseline',
  title: 'ms.title', description: 'ms.description', ownerAdministrationId: 'ms.owner',
};

/** One translation an edit touched: "Note in Spanish: old → new", or that it was marked to review or confirmed. */
const TranslationChangeLine: FC<{ v: View; change: TranslationChange }> = ({ v, change }) => {
  const language = new Intl.DisplayNames([v.lang], { type: 'language' }).of(change.lang) ?? change.lang;
  const label = v.t('content.changeIn', { field: FIELD_LABELS[change.field] ? v.t(FIELD_LABELS[change.field]!) : change.field, language });
  const text = (value: string | undefined) => (value === undefined || value === '' ? v.t('history.empty') : <span lang={change.lang}>{value}</span>);
  if (change.outdated !== undefined) return <>{label}: {v.t(change.outdated ? 'content.markedOutdated' : 'content.confirmedCorrect')}</>;
  return (
    <>
      {label}: <del>{text(change.before)}</del> → <ins>{text(change.after)}</ins>
    </>
  );
};

/** `lang`: the language of a written text's original (title, description, note) when not the page's. */
const Change: FC<{ v: View; field: string; before: unknown; after: unknown; lang?: string }> = ({ v, field, before, after, lang }) => {
  const label = FIELD_LABELS[field] ? v.t(FIELD_LABELS[field]) : field;
  if (field === 'evidence') {
    const was = Array.isArray(before) ? (before as { url: string }[]) : [];
    const now = Array.isArray(after) ? (after as { url: string; label?: string }[]) : [];
    const added = now.filter((e) => !was.some((w) => w.url === e.url));
    const removed = was.filter((w) => !now.some((e) => e.url === w.url));
    return (
      <>
        {label}:{' '}
        {added.map((e) => <><ins>+ <a href={e.url} rel="noopener noreferrer">{e.label ?? e.url}</a></ins>{' '}</>)}
        {removed.length > 0 ? <del>{v.t('history.removedLinks', { count: v.number(removed.length) })}</del> : null}
      </>
    );
  }
  const show = (value: unknown) => {
    if (value === null || value === undefined || value === '') return v.t('history.empty');
    if (field === 'status' && typeof value === 'string') return v.t(`status.${value}`);
    if (field === 'progress' && typeof value === 'number') return v.percent(value);
    if ((field === 'dueDate' || field === 'baselineDueDate') && typeof value === 'string') return v.date(value);
    if (field === 'ownerAdministrationId' && typeof value === 'string') return v.country(value);
    return String(value);
  };
  const written = (value: unknown) => (typeof value === 'string' && value !== '' ? lang : undefined);
  return (
    <>
      {label}: <del lang={written(before)}>{show(before)}</del> → <ins lang={written(after)}>{show(after)}</ins>
    </>
  );
};
