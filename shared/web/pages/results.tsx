/**
 * Results on the web: the plan page's section (results, indicators, a chart each), an indicator's
 * page (its figures by period and administration, the values submitted, the form to submit one),
 * a submission's page (its history with every return and reopening reason, and the forms to
 * correct, approve, return or reopen it), the strategy's matrix, and the work lists of the home
 * page. Every form calls one command of shared/commands/results.ts.
 */
import type { FC } from 'hono/jsx';
import {
  approveSubmission, readResults, readSubmission, reopenSubmission, resubmitValue, returnSubmission, seesAllSubmissions, submitValue,
  type MatrixAdministration, type MatrixRow, type ReportTask,
} from '../../commands/results.ts';
import type { Caller } from '../../commands/context.ts';
import { can } from '../../domain/policy.ts';
import { localDate } from '../../domain/dates.ts';
import type { IndicatorStatus } from '../../domain/constants.ts';
import { rollUpIndicator, type PeriodRollUp } from '../../domain/results.ts';
import { resolveText } from '../../domain/translations.ts';
import type { Indicator, ReportingPeriod, Submission } from '../../domain/results-schema.ts';
import type { ResultsFramework } from '../../store/index.ts';
import { ActionButton, EditForm, formBody, formFailure, formVersion, inputOf, requireCsrf, type Errors, type Field, type Values } from '../forms.tsx';
import { Layout, Notice } from '../layout.tsx';
import { forbidden, me, render, type Pages, type WebContext } from '../page.tsx';
import { IndicatorChart, IndicatorLegend, figureText } from '../results-chart.tsx';
import type { View } from '../view.ts';
import { href, idParam } from './planning/common.tsx';
import { DefineControls, ItemLinks } from './results-define.tsx';
import { Localized, textIn } from '../components.tsx';

const SYMBOL: Record<IndicatorStatus, string> = { met: '✓', on_track: '↗', off_track: '✗', no_data: '–' };

export const StatusBadge: FC<{ v: View; status: IndicatorStatus | null }> = ({ v, status }) =>
  status ? <span class={`badge r-${status}`}><span aria-hidden="true">{SYMBOL[status]} </span>{v.t(`results.status.${status}`)}</span> : <span class="muted">{v.t('results.noTarget')}</span>;

const shown = (v: View, indicator: Pick<Indicator, 'unit'>, figure?: string) => (figure === undefined ? '–' : figureText(v, figure, indicator.unit));
const today = (now: Date) => localDate(now, 'UTC');
const approvedOf = (framework: ResultsFramework) => framework.submissions.filter((s) => s.state === 'approved');

// ---------------------------------------------------------------- the plan page's section

export const PlanResults: FC<{ v: View; framework: ResultsFramework; now: Date; define?: { planId: string } }> = ({ v, framework, now, define }) => {
  const { t } = v;
  if (framework.indicators.length === 0 && !define) return null;
  const approved = approvedOf(framework);
  return (
    <section aria-labelledby="results">
      <h2 id="results">{t('results.title')}</h2>
      <p class="small muted">{t('results.help')}</p>
      {define ? <DefineControls v={v} planId={define.planId} framework={framework} /> : null}
      {framework.indicators.length > 0 ? <IndicatorLegend v={v} /> : null}
      {framework.results.map((result) => (
        <div class="result">
          <h3><Localized v={v} item={result} field="title" /> <span class="muted small">({t(`results.type.${result.type}`)})</span></h3>
          {define ? <p><ItemLinks v={v} path={href('results', result.id)} name={textIn(v, result, 'title')} />{' '}<a class="button small secondary noprint" href={`${href('plans', define.planId)}/indicators/new?result=${encodeURIComponent(result.id)}`}>{t('define.addIndicatorHere')}</a></p> : null}
          {framework.indicators.filter((i) => i.resultId === result.id).map((indicator) => {
            const rollUp = rollUpIndicator(indicator, framework.periods, approved, today(now));
            return (
              <div class="indicator">
                <h4><Localized v={v} item={indicator} field="title" href={href('indicators', indicator.id)} /></h4>
                {define ? <p><ItemLinks v={v} path={href('indicators', indicator.id)} name={textIn(v, indicator, 'title')} /></p> : null}
                {indicator.measure === '5' ? <p class="small">{t('results.qualitative', { count: v.number(rollUp.reduce((n, p) => n + p.reported, 0)) })}</p> : (
                  <div class="chart-and-table">
                    <div class="scroll"><IndicatorChart v={v} title={textIn(v, indicator, 'title')} unit={indicator.unit} baseline={indicator.baseline?.value} periods={rollUp} /></div>
                    <PeriodTable v={v} indicator={indicator} rollUp={rollUp} />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      ))}
    </section>
  );
};

const PeriodTable: FC<{ v: View; indicator: Indicator; rollUp: PeriodRollUp[] }> = ({ v, indicator, rollUp }) => (
  <table class="compact">
    <caption class="visually-hidden">{textIn(v, indicator, 'title')}</caption>
    <thead><tr><th scope="col">{v.t('results.period')}</th><th scope="col" class="num">{v.t('results.target')}</th><th scope="col" class="num">{v.t('results.region')}</th><th scope="col">{v.t('results.statusCol')}</th></tr></thead>
    <tbody>
      {rollUp.map((p) => (
        <tr>
          <th scope="row">{p.label}</th>
          <td class="num">{shown(v, indicator, p.target)}</td>
          <td class="num">{shown(v, indicator, p.figure)}</td>
          <td>{p.closed || p.reported > 0 || p.figure !== undefined ? <StatusBadge v={v} status={p.status} /> : <span class="muted">{v.t('results.notYet')}</span>}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

// ---------------------------------------------------------------- the strategy's matrix

export const StrategyMatrix: FC<{ v: View; asOf: string; administrations: MatrixAdministration[]; rows: MatrixRow[] }> = ({ v, administrations, rows }) => {
  const { t } = v;
  if (rows.length === 0) return null;
  const reporting = administrations.filter((a) => rows.some((r) => r.cells[a.id]));
  return (
    <section aria-labelledby="matrix">
      <h2 id="matrix">{t('results.matrix')}</h2>
      <p class="small muted">{t('results.matrixHelp')}</p>
      <div class="scroll" role="region" aria-label={t('results.matrix')} tabindex={0}>
        <table class="matrix">
          <caption class="visually-hidden">{t('results.matrix')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.indicator')}</th>
              <th scope="col">{t('results.region')}</th>
              {reporting.map((a) => <th scope="col"><AdministrationAbbr v={v} administration={a} /></th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row"><Localized v={v} item={r.indicator} field="title" href={href('indicators', r.indicator.id)} /></th>
                <td>{r.regional ? <>{shown(v, r.indicator, r.regional.figure)} <StatusBadge v={v} status={r.regional.status} /><br /><span class="muted small">{r.regional.label}</span></> : '–'}</td>
                {reporting.map((a) => {
                  const cell = r.cells[a.id];
                  if (!cell) return <td class="muted">–</td>;
                  return <td>{cell.answer !== undefined ? <span class="small">{t('results.answered')}</span> : shown(v, r.indicator, cell.figure)}{cell.status ? <><br /><StatusBadge v={v} status={cell.status} /></> : null}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
};

/**
 * An administration's code, expanded to its country in the reader's language and the
 * administration's name (in the reader's language where held, else its original): "Pérou – SUNAT …".
 * No `lang` on the element: it would also claim the code and the country name.
 */
const AdministrationAbbr: FC<{ v: View; administration: MatrixAdministration }> = ({ v, administration: a }) => {
  const name = resolveText(a.name, a.translations?.name, [v.lang]);
  return <abbr title={`${v.country(a.id)} – ${name.text}`}>{a.id}</abbr>;
};

// ---------------------------------------------------------------- work lists for the home page

export const ReportList: FC<{ v: View; tasks: ReportTask[] }> = ({ v, tasks }) => (
  <section aria-labelledby="to-report">
    <h2 id="to-report">{v.t('results.toReport', { count: v.number(tasks.filter((x) => x.state !== 'waiting').length) })}</h2>
    {tasks.length === 0 ? <p>{v.t('results.nothingToReport')}</p> : (
      <ul class="tasks">
        {tasks.map((task) => (
          <li>
            <a href={task.submission ? href('submissions', task.submission.id) : `${href('indicators', task.indicator.id)}#submit`}>{textIn(v, task.indicator, 'title')}</a>{' '}
            <span class={`badge ${task.state === 'to_correct' ? 'h-late' : task.state === 'waiting' ? 'h-done' : 'h-at_risk'}`}>{v.t(`results.task.${task.state}`)}</span>
            <br /><span class="muted small">{task.period.label} · {v.t('results.closes', { date: v.date(task.period.end) })} · <Localized v={v} item={task.plan} field="title" /></span>
            {task.state === 'to_correct' && task.submission?.reason ? <p class="small">{v.t('results.reasonWas', { reason: task.submission.reason })}</p> : null}
          </li>
        ))}
      </ul>
    )}
  </section>
);

export const ReviewList: FC<{ v: View; waiting: Submission[]; titles: Map<string, string>; now: Date }> = ({ v, waiting, titles, now }) => (
  <section aria-labelledby="to-review">
    <h2 id="to-review">{v.t('results.toReview', { count: v.number(waiting.length) })}</h2>
    {waiting.length === 0 ? <p>{v.t('results.nothingToReview')}</p> : (
      <ul class="tasks">
        {waiting.map((s) => (
          <li>
            <a href={href('submissions', s.id)}>{titles.get(s.indicatorId) ?? s.indicatorId}</a>: {v.country(s.administrationId)}{' '}
            <span class="muted small">{v.t('results.waitingSince', { days: v.days(Math.max(0, Math.floor((now.getTime() - Date.parse(s.submittedAt)) / 86_400_000))) })}</span>
          </li>
        ))}
      </ul>
    )}
  </section>
);

// ---------------------------------------------------------------- pages

const submitFields = (v: View, indicator: Indicator, periods: ReportingPeriod[], administrations: string[]): Field[] => [
  { name: 'periodId', label: v.t('results.period'), kind: 'select', required: true, options: periods.map((p) => ({ value: p.id, label: `${p.label} (${v.date(p.start)} – ${v.date(p.end)})` })) },
  { name: 'administrationId', label: v.t('results.administration'), kind: 'select', required: true, options: administrations.map((a) => ({ value: a, label: v.country(a) })) },
  ...reportFields(v, indicator),
];

const reportFields = (v: View, indicator: Indicator): Field[] => [
  indicator.measure === '5'
    ? { name: 'answer', label: v.t('results.answer'), kind: 'textarea', required: true, maxLength: 5000 }
    : { name: 'value', label: indicator.unit ? v.t('results.valueIn', { unit: indicator.unit }) : v.t('results.value'), required: true, hint: v.t('results.valueHint'), maxLength: 20 },
  { name: 'note', label: v.t('results.note'), kind: 'textarea', maxLength: 2000, hint: v.t('results.noteHint') },
  { name: 'evidence.0.url', label: v.t('results.evidence'), kind: 'url', hint: v.t('results.evidenceHint'), maxLength: 2000 },
];

const reasonField = (v: View, label: string): Field => ({ name: 'reason', label, kind: 'textarea', required: true, maxLength: 2000 });

/** The input of a report form: the evidence link becomes the list the schema takes. */
function reportInput(body: Values, fields: Field[]): Record<string, unknown> {
  const input = inputOf(body, fields);
  const evidence = (input.evidence as Record<string, { url: string }> | undefined)?.['0'];
  delete input.evidence;
  return evidence ? { ...input, evidence: [evidence] } : input;
}

interface FormFailureState { form: string; values: Values; errors: Errors; general: string[]; conflict: boolean }

export function resultsPages(pages: Pages) {
  const { app, deps } = pages;
  const { store } = deps;

  // ------------------------------------------------------------ an indicator
  async function indicatorPage(c: WebContext, id: string, failed?: FormFailureState) {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    const planId = id.split('.')[0] ?? '';
    const { plan, framework } = await readResults(deps, p, planId);
    const indicator = framework.indicators.find((i) => i.id === id);
    if (!indicator) throw forbidden();
    const result = framework.results.find((r) => r.id === indicator.resultId);
    const now = deps.now();
    const rollUp = rollUpIndicator(indicator, framework.periods, approvedOf(framework), today(now));
    const submissions = framework.submissions.filter((s) => s.indicatorId === id).reverse();
    const started = framework.periods.filter((x) => x.start <= today(now));
    // Who may submit for which administration: one's own; the secretariat for any that takes part.
    const administrations = p.role === 'admin'
      ? [...new Set([...plan.scope.coordinatorIds, ...plan.scope.participantIds])].sort()
      : p.administrationId && can(p, 'result:submit', { ...plan.scope, ownerAdministrationId: p.administrationId }) ? [p.administrationId] : [];
    const fields = submitFields(v, indicator, started, administrations);
    const figures = new Set(rollUp.flatMap((x) => Object.keys(x.byAdministration)));
    const values: Values = failed?.form === 'submit' ? failed.values : { periodId: started.at(-1)?.id ?? '', administrationId: administrations[0] ?? '' };
    return render(c, (
      <Layout v={v} title={textIn(v, indicator, 'title')} crumbs={[{ href: '/', label: t('nav.home') }, { href: href('plans', plan.plan.id), label: textIn(v, plan.plan, 'title') }, { label: textIn(v, indicator, 'title') }]}>
        <h1><Localized v={v} item={indicator} field="title" /></h1>
        {can(p, 'result:define', plan.scope) ? <p><ItemLinks v={v} path={href('indicators', indicator.id)} name={textIn(v, indicator, 'title')} /></p> : null}
        <dl class="facts">
          {result ? <><dt>{t('results.result')}</dt><dd><Localized v={v} item={result} field="title" /> ({t(`results.type.${result.type}`)})</dd></> : null}
          <dt>{t('results.measure')}</dt><dd>{t(`results.measure.${indicator.measure}`)}{indicator.unit && indicator.unit !== '%' ? ` (${indicator.unit})` : ''} · {t(indicator.ascending ? 'results.higherBetter' : 'results.lowerBetter')}</dd>
          <dt>{t('results.aggregation')}</dt><dd>{t(`results.aggregation.${indicator.aggregation}`, { threshold: indicator.threshold ? shown(v, indicator, indicator.threshold) : '' })}</dd>
          {indicator.baseline ? <><dt>{t('results.baseline')}</dt><dd>{shown(v, indicator, indicator.baseline.value)} ({v.date(indicator.baseline.date)})</dd></> : null}
        </dl>
        {indicator.definition ? <p>{indicator.definition}</p> : null}
        {indicator.measure !== '5' ? (
          <>
            <div class="scroll"><IndicatorChart v={v} title={textIn(v, indicator, 'title')} unit={indicator.unit} baseline={indicator.baseline?.value} periods={rollUp} /></div>
            <IndicatorLegend v={v} />
            <PeriodTable v={v} indicator={indicator} rollUp={rollUp} />
          </>
        ) : null}
        {figures.size > 0 ? (
          <div class="scroll" role="region" aria-label={t('results.byAdministration')} tabindex={0}>
            <table>
              <caption>{t('results.byAdministration')}</caption>
              <thead><tr><th scope="col">{t('results.administration')}</th>{rollUp.map((x) => <th scope="col">{x.label}</th>)}</tr></thead>
              <tbody>
                {[...figures].sort().map((a) => (
                  <tr>
                    <th scope="row">{v.country(a)}</th>
                    {rollUp.map((x) => {
                      const cell = x.byAdministration[a];
                      return <td>{cell ? <>{cell.answer ?? shown(v, indicator, cell.figure)}{cell.status ? <> <StatusBadge v={v} status={cell.status} /></> : null}</> : '–'}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <h2 id="submissions">{t(seesAllSubmissions(p, plan.scope) ? 'results.submissionsAll' : 'results.submissionsShown')}</h2>
        {submissions.length === 0 ? <p>{t('results.noSubmissions')}</p> : (
          <ul class="tasks">
            {submissions.map((s) => (
              <li>
                <a href={href('submissions', s.id)}>{v.country(s.administrationId)}: {s.answer !== undefined ? t('results.answered') : shown(v, indicator, s.value)}</a>{' '}
                <SubmissionState v={v} state={s.state} /> <span class="muted small">{framework.periods.find((x) => x.id === s.periodId)?.label} · {v.instant(s.submittedAt)}</span>
              </li>
            ))}
          </ul>
        )}
        {administrations.length > 0 && started.length > 0 ? (
          <section aria-labelledby="submit">
            <h2 id="submit">{t('results.submitTitle')}</h2>
            <p class="small muted">{t('results.submitHelp')}</p>
            <EditForm v={v} action={`${href('indicators', id)}/submit`} fields={fields} values={values} errors={failed?.form === 'submit' ? failed.errors : {}} general={failed?.general} submit={t('results.submit')} label={t('results.submitTitle')} />
          </section>
        ) : null}
      </Layout>
    ), failed ? (failed.conflict ? 409 : 400) : 200);
  }

  app.get('/indicators/:id', pages.signedIn, (c) => indicatorPage(c, idParam(c)));
  app.post('/indicators/:id/submit', pages.signedIn, async (c) => {
    const id = idParam(c);
    const body = await formBody(c);
    requireCsrf(c, pages, body);
    const v = c.get('view');
    const fields = [...submitFields(v, { measure: body.answer !== undefined ? '5' : '1' } as Indicator, [], [])];
    try {
      const created = await submitValue(deps, me(c), { submission: { indicatorId: id, ...reportInput(body, fields) } });
      return c.redirect(`${href('submissions', created.id)}?done=submitted`, 303);
    } catch (error) {
      const f = formFailure(error, v, fields);
      return indicatorPage(c, id, { form: 'submit', values: body, ...f });
    }
  });

  // ------------------------------------------------------------ a submission
  async function submissionPage(c: WebContext, id: string, failed?: FormFailureState) {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    const { plan, item: s, scope } = await readSubmission(deps, p, id);
    const [found, history] = await Promise.all([
      store.results.withPlan(plan.plan.id, [{ kind: 'indicator', id: s.indicatorId }, { kind: 'period', id: s.periodId }]),
      store.history.list(`submission/${id}`, { limit: 50 }),
    ]);
    const [indicator, period] = found.items as [Indicator, ReportingPeriod];
    const done = c.req.query('done');
    const mayReview = can(p, 'result:review', plan.scope) && s.submittedBy !== p.userId && s.state === 'submitted';
    const mayCorrect = can(p, 'result:submit', scope) && s.state !== 'approved';
    const mayReopen = can(p, 'result:reopen', scope) && s.state === 'approved';
    const base = href('submissions', id);
    const fail = (form: string) => (failed?.form === form ? failed : undefined);
    const correctValues: Values = fail('resubmit')?.values ?? { value: s.value ?? '', answer: s.answer ?? '', note: s.note, 'evidence.0.url': s.evidence[0]?.url ?? '' };
    return render(c, (
      <Layout v={v} title={t('results.submissionTitle', { indicator: textIn(v, indicator, 'title'), administration: v.country(s.administrationId) })} crumbs={[
        { href: '/', label: t('nav.home') }, { href: href('plans', plan.plan.id), label: textIn(v, plan.plan, 'title') }, { href: href('indicators', indicator.id), label: textIn(v, indicator, 'title') }, { label: v.country(s.administrationId) },
      ]}>
        <h1>{textIn(v, indicator, 'title')}: {v.country(s.administrationId)}</h1>
        {done && ['submitted', 'returned', 'approved', 'reopened', 'resubmitted'].includes(done) ? <div id="saved"><Notice kind="ok" role="status" title={t('form.savedTitle')}><p>{t(`results.done.${done}`)}</p></Notice></div> : null}
        {failed?.conflict ? <Notice kind="warn" role="alert" title={t('conflict.title')}><p>{t('planning.actionConflict')}</p></Notice> : null}
        {failed && !failed.conflict && failed.general.length > 0 ? <Notice kind="warn" role="alert" title={t('planning.refusedTitle')}><p>{failed.general.join(' ')}</p></Notice> : null}
        <dl class="facts">
          <dt>{t('results.period')}</dt><dd>{period.label} ({v.date(period.start)} – {v.date(period.end)})</dd>
          <dt>{indicator.measure === '5' ? t('results.answer') : t('results.value')}</dt><dd><strong>{s.answer ?? shown(v, indicator, s.value)}</strong></dd>
          <dt>{t('results.state')}</dt><dd><SubmissionState v={v} state={s.state} /></dd>
          {s.reason ? <><dt>{t(s.state === 'reopened' ? 'results.reopenReason' : 'results.returnReason')}</dt><dd>{s.reason}</dd></> : null}
          {s.note ? <><dt>{t('results.note')}</dt><dd>{s.note}</dd></> : null}
          {s.evidence.length > 0 ? <><dt>{t('results.evidence')}</dt><dd>{s.evidence.map((e) => <a href={e.url} rel="noopener noreferrer">{e.label ?? e.url}</a>)}</dd></> : null}
        </dl>
        {mayReview ? (
          <section aria-labelledby="review">
            <h2 id="review">{t('results.reviewTitle')}</h2>
            <ActionButton v={v} action={`${base}/approve`} version={s.version} label={t('results.approve')} kind="primary" />
            <EditForm v={v} action={`${base}/return`} fields={[reasonField(v, t('results.returnReason'))]} values={fail('return')?.values ?? {}} errors={fail('return')?.errors ?? {}} version={s.version} submit={t('results.return')} label={t('results.return')} />
          </section>
        ) : null}
        {mayCorrect ? (
          <section aria-labelledby="correct">
            <h2 id="correct">{t(s.state === 'submitted' ? 'results.correctWaiting' : 'results.correctTitle')}</h2>
            <EditForm v={v} action={`${base}/resubmit`} fields={reportFields(v, indicator)} values={correctValues} errors={fail('resubmit')?.errors ?? {}} version={s.version} submit={t('results.resubmit')} label={t('results.resubmit')} />
          </section>
        ) : null}
        {mayReopen ? (
          <section aria-labelledby="reopen">
            <h2 id="reopen">{t('results.reopenTitle')}</h2>
            <EditForm v={v} action={`${base}/reopen`} fields={[reasonField(v, t('results.reopenReason'))]} values={fail('reopen')?.values ?? {}} errors={fail('reopen')?.errors ?? {}} version={s.version} submit={t('results.reopen')} label={t('results.reopen')} />
          </section>
        ) : null}
        <h2 id="history">{t('results.history')}</h2>
        <ol class="history">
          {history.items.map((e) => {
            const reason = e.changes.find((ch) => ch.field === 'reason' && ch.after)?.after as string | undefined;
            const value = e.changes.find((ch) => ch.field === 'value')?.after as string | undefined;
            return (
              <li>
                <strong>{t(`results.action.${e.action}`, { who: e.actor })}</strong> <span class="muted small">{v.instant(e.at)}</span>
                {value !== undefined && value !== null && (e.action === 'submitted' || e.action === 'resubmitted') ? <> · {shown(v, indicator, value)}</> : null}
                {reason && (e.action === 'returned' || e.action === 'reopened') ? <p class="reason">{t('results.reasonWas', { reason })}</p> : null}
              </li>
            );
          })}
        </ol>
      </Layout>
    ), failed ? (failed.conflict || failed.general.length > 0 ? 409 : 400) : 200);
  }

  app.get('/submissions/:id', pages.signedIn, (c) => submissionPage(c, idParam(c)));

  const act = (form: string, run: (caller: Caller, id: string, version: number, body: Values) => Promise<unknown>, fields: (v: View, body: Values) => Field[]) =>
    app.post(`/submissions/:id/${form}`, pages.signedIn, async (c) => {
      const id = idParam(c);
      const body = await formBody(c);
      requireCsrf(c, pages, body);
      const v = c.get('view');
      try {
        await run(me(c), id, formVersion(body), body);
        return c.redirect(`${href('submissions', id)}?done=${form === 'approve' ? 'approved' : form === 'return' ? 'returned' : form === 'reopen' ? 'reopened' : 'resubmitted'}`, 303);
      } catch (error) {
        const f = formFailure(error, v, fields(v, body));
        return submissionPage(c, id, { form, values: body, ...f });
      }
    });
  const correctFields = (v: View, body: Values) => reportFields(v, { measure: body.answer !== undefined ? '5' : '1' } as Indicator);
  act('approve', (caller, id, expectedVersion) => approveSubmission(deps, caller, { id, expectedVersion }), () => []);
  act('return', (caller, id, expectedVersion, body) => returnSubmission(deps, caller, { id, expectedVersion, review: inputOf(body, [reasonField({} as View, '')]) }), (v) => [reasonField(v, v.t('results.returnReason'))]);
  act('reopen', (caller, id, expectedVersion, body) => reopenSubmission(deps, caller, { id, expectedVersion, review: inputOf(body, [reasonField({} as View, '')]) }), (v) => [reasonField(v, v.t('results.reopenReason'))]);
  act('resubmit', (caller, id, expectedVersion, body) => resubmitValue(deps, caller, { id, expectedVersion, patch: reportInput(body, correctFields({ t: () => '' } as unknown as View, body)) }), correctFields);
}

const SubmissionState: FC<{ v: View; state: Submission['state'] }> = ({ v, state }) => (
  <span class={`badge ${state === 'approved' ? 'h-on_track' : state === 'submitted' ? 'h-done' : 'h-late'}`}>{v.t(`results.state.${state}`)}</span>
);

