/**
 * The one-click report page behind a period-close reminder's Report button (/mail/report/<token>):
 * a focal point reports the value of one indicator, for one reporting period and one
 * administration, without signing in first. The signed link (mail/links.ts, kind `report`) names
 * exactly those and the person it was sent to; it expires with the milestone update links
 * (UPDATE_LINK_DAYS) and works once (a use marker in the send ledger, written before the change and
 * removed again when the change does not happen), like the one-click milestone update.
 *
 * The page acts as the person, through the same commands as the API and the indicator page:
 * `submitValue` for a value owed, `resubmitValue` for a returned one (or one still waiting for
 * review), so the policy (`result:submit`: only that administration's people, or the secretariat
 * on its behalf), the validation and the version guard are the commands'. A period whose value is
 * approved owes nothing: the link is refused. GETs change nothing (mail scanners open links).
 * Its pages come from reminder-links.tsx (no script, no inline style, `Referrer-Policy: no-referrer`).
 */
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { Conflict, Forbidden, Invalid, resubmitValue, submitValue, type FieldError } from '../commands/index.ts';
import type { Language } from '../domain/common.ts';
import { can, type Principal } from '../domain/policy.ts';
import { reportState } from '../domain/result-reminders.ts';
import type { Indicator, ReportingPeriod, Submission } from '../domain/results-schema.ts';
import type { Person } from '../domain/resources.ts';
import type { AppDeps } from '../deps.ts';
import { formatDate, pickLanguage, translator, type Catalogs, type Translate } from '../i18n/index.ts';
import { resultsMail } from '../i18n/mail-results.ts';
import type { LinkClaims } from '../mail/links.ts';
import { LINK_PATHS } from '../mail/links.ts';
import { VersionConflict, type PlanRecord } from '../store/index.ts';
import { planIdOf } from '../store/keys.ts';

/** The words a link page refuses a token in: its title, and why (not valid, expired). */
export interface LinkWords {
  catalogs: Catalogs;
  title: string;
  invalid: string;
  expired: string;
}

type Status = 200 | 400 | 403 | 404 | 409 | 410;

/** What the mail link pages share (reminder-links.tsx): the token's claims, the page, the form. */
export interface LinkPageKit {
  deps: AppDeps;
  claimsOf(c: Context, words: LinkWords): Extract<LinkClaims, { kind: 'report' }> | Response;
  send(c: Context, status: Status, lang: Language, title: string, t: Translate, body: Child): Response;
  message(c: Context, status: Status, lang: Language, titleKey: string, textKey: string, params?: Record<string, string>, kind?: 'bad' | 'good', catalogs?: Catalogs): Response;
  form(c: Context): Promise<Record<string, string>>;
}

const WORDS: LinkWords = { catalogs: resultsMail, title: 'page.title.report', invalid: 'page.report.invalid', expired: 'page.report.expired' };
const NOTE_MAX = 2000;

interface ReportContext {
  claims: Extract<LinkClaims, { kind: 'report' }>;
  plan: PlanRecord;
  indicator: Indicator;
  period: ReportingPeriod;
  person: Person;
  principal: Principal;
  administrationName: string;
  /** The administration's submission to correct (returned or reopened) or still waiting, if any. */
  current?: Submission;
  lang: Language;
  useId: string;
}

type Values = { value: string; answer: string; note: string };

export function resultReportLinks(app: Hono, kit: LinkPageKit) {
  const { store } = kit.deps;
  const refuse = (c: Context, status: Status, lang: Language, key: string, params: Record<string, string> = {}) =>
    kit.message(c, status, lang, WORDS.title, key, params, 'bad', resultsMail);

  /** The link's indicator, period, person and where the administration stands, or the page saying why it cannot be used. */
  async function reportContext(c: Context): Promise<ReportContext | Response> {
    const claims = kit.claimsOf(c, WORDS);
    if (claims instanceof Response) return claims;
    const planId = planIdOf(claims.indicatorId);
    const [framework, plan, person, administration] = await Promise.all([
      planId && planIdOf(claims.periodId) === planId ? store.results.framework(planId) : undefined,
      planId ? store.plans.get(planId) : undefined,
      store.people.get(claims.personId),
      store.administrations.get(claims.administrationId),
    ]);
    const lang = pickLanguage(person?.language, administration?.language, c.req.header('Accept-Language'));
    const indicator = framework?.indicators.find((i) => i.id === claims.indicatorId);
    const period = framework?.periods.find((p) => p.id === claims.periodId);
    if (!framework || !plan || !indicator || !period || !administration) return refuse(c, 404, lang, 'page.report.gone');
    const principal: Principal = { userId: claims.personId, role: person?.role ?? 'focal_point', ...(person?.administrationId ? { administrationId: person.administrationId } : {}) };
    // The person it was sent to must still be one who may report for the administration.
    if (!person || person.active === false || !can(principal, 'result:submit', { ...plan.scope, ownerAdministrationId: claims.administrationId })) {
      return refuse(c, 403, lang, 'page.report.notAllowed');
    }
    const mine = framework.submissions.filter((s) => s.indicatorId === indicator.id && s.periodId === period.id && s.administrationId === claims.administrationId);
    const state = reportState(indicator.periodFigure, mine);
    if (!state) return refuse(c, 409, lang, 'page.report.approved');
    return {
      claims, plan, indicator, period, person, principal, administrationName: administration.name, lang,
      ...(state.submission ? { current: state.submission } : {}), useId: `link#${claims.jti}`,
    };
  }

  function reportForm(c: Context, status: Status, ctx: ReportContext, values: Values, errors: Record<string, string> = {}, notice?: string) {
    const t = translator(resultsMail, ctx.lang);
    const { indicator, period, current } = ctx;
    const qualitative = indicator.measure === '5';
    const until = formatDate(ctx.lang, new Date(ctx.claims.exp * 1000).toISOString().slice(0, 10));
    const field = (name: keyof Values) => ({
      'aria-invalid': errors[name] ? ('true' as const) : undefined,
      'aria-describedby': errors[name] ? `${name}-error` : undefined,
    });
    const error = (name: keyof Values) => (errors[name] ? <p id={`${name}-error`} class="error">{errors[name]}</p> : null);
    const state = current && (current.state === 'returned' || current.state === 'reopened')
      ? t('page.report.returned', { reason: current.reason ?? '' })
      : current ? t('page.report.waiting', { value: current.value ?? current.answer ?? '' }) : null;
    return kit.send(c, status, ctx.lang, t('page.title.report'), t, (
      <>
        <p><strong>{indicator.title}</strong><br /><span class="muted">{ctx.plan.plan.title}</span></p>
        {indicator.definition ? <p class="muted">{indicator.definition}</p> : null}
        <p>{t('page.report.period', { period: period.label, date: formatDate(ctx.lang, period.end) })}</p>
        <p class="muted">{t('page.report.for', { administration: ctx.administrationName, name: ctx.person.name })}</p>
        {state ? <p class={`notice ${current?.state === 'submitted' ? '' : 'bad'}`.trim()}>{state}</p> : null}
        {notice ? <p class="notice bad" role="alert">{notice}</p> : null}
        <form method="post">
          {current ? <input type="hidden" name="version" value={String(current.version)} /> : null}
          {qualitative ? (
            <>
              <label for="answer">{t('page.report.answer')}</label>
              <textarea id="answer" name="answer" maxlength={5000} required {...field('answer')}>{values.answer}</textarea>
              {error('answer')}
            </>
          ) : (
            <>
              <label for="value">{indicator.unit ? t('page.report.valueIn', { unit: indicator.unit }) : t('page.report.value')}</label>
              <input id="value" name="value" type="text" inputmode="decimal" autocomplete="off" required value={values.value} {...field('value')}
                aria-describedby={errors.value ? 'value-error' : 'value-hint'} />
              <p id="value-hint" class="muted">{t('page.report.valueHint')}</p>
              {error('value')}
            </>
          )}
          <label for="note">{t('page.report.note')}</label>
          <textarea id="note" name="note" maxlength={NOTE_MAX} {...field('note')}>{values.note}</textarea>
          {error('note')}
          <button type="submit">{t('page.report.submit')}</button>
        </form>
        <p class="muted">{t('page.report.once', { date: until })}</p>
      </>
    ));
  }

  /** The commands' field errors in the page's words, one per field of the form. */
  function formErrors(t: Translate, indicator: Indicator, errors: readonly FieldError[]): { fields: Record<string, string>; notice?: string } {
    const fields: Record<string, string> = {};
    let notice: string | undefined;
    for (const { field, code } of errors) {
      const name = field.split('.')[0];
      if (name === 'value') fields.value = t(indicator.measure === '2' && code === 'too_big' ? 'page.report.error.percent' : 'page.report.error.value');
      else if (name === 'answer') fields.answer = t('page.report.error.answer');
      else if (name === 'note') fields.note = t('page.report.error.note');
      else if (code === 'period_not_started') notice = t('page.report.error.period');
      else notice = t('page.report.invalid');
    }
    return { fields, ...(notice ? { notice } : {}) };
  }

  const valuesOf = (s?: Submission): Values => ({ value: s?.value ?? '', answer: s?.answer ?? '', note: s?.note ?? '' });

  app.get(`${LINK_PATHS.report}:token`, async (c) => {
    const ctx = await reportContext(c);
    if (ctx instanceof Response) return ctx;
    if (await store.ledger.isUsed(ctx.useId)) return refuse(c, 410, ctx.lang, 'page.report.used');
    return reportForm(c, 200, ctx, valuesOf(ctx.current));
  });

  app.post(`${LINK_PATHS.report}:token`, async (c) => {
    const ctx = await reportContext(c);
    if (ctx instanceof Response) return ctx;
    const t = translator(resultsMail, ctx.lang);
    const body = await kit.form(c);
    const values: Values = {
      value: (body.value ?? '').trim(),
      answer: (body.answer ?? '').replace(/\r\n?/g, '\n').trim(),
      note: (body.note ?? '').replace(/\r\n?/g, '\n').trim(),
    };
    const qualitative = ctx.indicator.measure === '5';
    const report = { ...(qualitative ? (values.answer ? { answer: values.answer } : {}) : values.value ? { value: values.value } : {}), note: values.note };
    const version = /^\d{1,9}$/.test(body.version ?? '') ? Number(body.version) : undefined;
    if (await store.ledger.isUsed(ctx.useId)) return refuse(c, 410, ctx.lang, 'page.report.used');
    if (ctx.current && version === undefined) return reportForm(c, 400, ctx, values, {}, t('page.report.invalid'));

    const now = kit.deps.now();
    if (!(await store.ledger.useOnce(ctx.useId, { at: now, by: ctx.person.id, expiresAt: new Date((ctx.claims.exp + 86_400) * 1000) }))) {
      return refuse(c, 410, ctx.lang, 'page.report.used');
    }
    // The link's indicator, period and administration, whatever the form says: the token names them.
    const caller = { ...ctx.principal, via: 'reminder-link' };
    const { indicatorId, periodId, administrationId } = ctx.claims;
    try {
      if (ctx.current) await resubmitValue(kit.deps, caller, { id: ctx.current.id, patch: report, expectedVersion: version! });
      else await submitValue(kit.deps, caller, { submission: { indicatorId, periodId, administrationId, ...report } });
    } catch (error) {
      // Nothing was submitted: the link may be used again.
      await store.ledger.unuse(ctx.useId);
      if (error instanceof Invalid) {
        const { fields, notice } = formErrors(t, ctx.indicator, error.errors);
        return reportForm(c, 400, ctx, values, fields, notice);
      }
      if (error instanceof Forbidden) return refuse(c, 403, ctx.lang, 'page.report.notAllowed');
      if (error instanceof VersionConflict || error instanceof Conflict) {
        const fresh = await reportContext(c);
        if (fresh instanceof Response) return fresh;
        return reportForm(c, 409, fresh, valuesOf(fresh.current), {}, t('page.report.stale'));
      }
      throw error;
    }
    return kit.send(c, 200, ctx.lang, t('page.title.report'), t, (
      <>
        <p class="notice good" role="status">{t('page.report.saved')}</p>
        <p><strong>{ctx.indicator.title}</strong><br />{ctx.period.label} · {ctx.administrationName}</p>
        <p><a href={`/indicators/${encodeURIComponent(indicatorId)}`}>{t('page.report.open')}</a></p>
      </>
    ));
  });
}
