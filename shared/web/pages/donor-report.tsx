/**
 * The donor's report as a page (issue 13): a period (from/to, with quick choices), then the
 * donor's contributions by stage per plan (converted into the budget currency, the rate stated),
 * the milestones and indicators they fund, and what changed in the period. It prints on A4 (the
 * period form, the links and the navigation do not) and downloads as XLSX. The command decides what
 * is in it (commands/donor-report.ts): nothing internal, no other donor's rows.
 */
import type { FC } from 'hono/jsx';
import { Invalid, changeText, donorReportSheets, rateText, readDonorReport, type DonorReport } from '../../commands/index.ts';
import { STAGES, type IndicatorStatus } from '../../domain/constants.ts';
import type { RateUsed } from '../../domain/exchange.ts';
import { QUICK_PERIODS, quickPeriod } from '../../domain/donor-report.ts';
import { can } from '../../domain/policy.ts';
import { translator, type Translate } from '../../i18n/index.ts';
import { donorReport as catalogs } from '../../i18n/donor-report.ts';
import { downloadHeaders, fileBaseName, sourceSheets } from '../../sheets/port.ts';
import { FormField, ErrorSummary, type Errors, type Field } from '../forms.tsx';
import { Layout } from '../layout.tsx';
import { forbidden, me, render, type Pages, type WebContext } from '../page.tsx';
import type { View } from '../view.ts';

const words = (v: View): Translate => translator(catalogs, v.lang);
const SYMBOL: Record<IndicatorStatus, string> = { met: '✓', on_track: '↗', off_track: '✗', no_data: '–' };
const reportPath = (donorId: string) => `/donors/${encodeURIComponent(donorId)}/report`;

/** The donor page's link to its report, for those who may read it. */
export const DonorReportLink: FC<{ v: View; donorId: string }> = ({ v, donorId }) => {
  if (!v.principal || !can(v.principal, 'donor-report:read', { donorId })) return null;
  const r = words(v);
  return <p class="noprint"><a href={reportPath(donorId)}>{r('report.link')}</a> <span class="small muted">({r('report.linkHint')})</span></p>;
};

export function donorReportPages({ app, deps, signedIn }: Pages) {
  const load = deps.sheets ?? sourceSheets;
  const asked = (c: WebContext) => ({ from: c.req.query('from') || undefined, to: c.req.query('to') || undefined });

  app.get('/donors/:id/report', signedIn, async (c) => {
    const v = c.get('view');
    const donorId = c.req.param('id');
    if (!can(me(c), 'donor-report:read', { donorId })) throw forbidden();
    const period = asked(c);
    try {
      const report = await readDonorReport(deps, me(c), { donorId, ...period, languages: [v.lang] });
      return render(c, <ReportPage v={v} report={report} asked={period} errors={{}} now={deps.now()} />);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const r = words(v);
      const errors: Errors = Object.fromEntries(error.errors.map((e) => [e.field, r(`report.err.${e.code}`)]));
      return render(c, <ReportPage v={v} donorId={donorId} asked={period} errors={errors} now={deps.now()} />, 400);
    }
  });

  app.get('/donors/:id/report/xlsx', signedIn, async (c) => {
    const v = c.get('view');
    const report = await readDonorReport(deps, me(c), { donorId: c.req.param('id'), ...asked(c), languages: [v.lang] });
    const module = await load();
    const bytes = await module.writeXlsx(donorReportSheets(report, v.lang));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, downloadHeaders(`${fileBaseName(report.donor.name)}-${report.period.from}-${report.period.to}`, 'xlsx'));
  });
}

const ReportPage: FC<{ v: View; report?: DonorReport; donorId?: string; asked: { from?: string | undefined; to?: string | undefined }; errors: Errors; now: Date }> = ({ v, report, donorId, asked, errors, now }) => {
  const r = words(v);
  const id = report?.donor.id ?? donorId!;
  const name = report?.donor.name ?? id;
  const fields: Field[] = [
    { name: 'from', label: r('report.from'), kind: 'date', required: true },
    { name: 'to', label: r('report.to'), kind: 'date', required: true },
  ];
  const values = { from: asked.from ?? report?.period.from ?? '', to: asked.to ?? report?.period.to ?? '' };
  const today = now.toISOString().slice(0, 10);
  const base = reportPath(id);
  const title = report ? r('report.heading', { donor: name, from: v.date(report.period.from), to: v.date(report.period.to) }) : r('report.title', { donor: name });
  return (
    <Layout v={v} title={title} section="donor" crumbs={[{ href: '/', label: v.t('nav.home') }, { href: `/donors/${encodeURIComponent(id)}`, label: name }, { label: r('report.choose') }]}>
      <h1>{title}</h1>
      <ErrorSummary v={v} fields={fields} errors={errors} />
      <form method="get" action={base} class="filter" aria-label={r('report.choose')}>
        {fields.map((f) => <FormField f={f} value={values[f.name as 'from' | 'to']} error={errors[f.name]} />)}
        <button type="submit" class="button">{r('report.show')}</button>
      </form>
      <p class="small noprint">
        {r('report.quick')}:{' '}
        {QUICK_PERIODS.map((choice, i) => {
          const p = quickPeriod(choice, today);
          return <>{i > 0 ? ' · ' : ''}<a href={`${base}?from=${p.from}&to=${p.to}`}>{r(`report.quick.${choice}`)}</a></>;
        })}
      </p>
      {report ? <Report v={v} report={report} base={base} /> : null}
    </Layout>
  );
};

const Report: FC<{ v: View; report: DonorReport; base: string }> = ({ v, report, base }) => {
  const r = words(v);
  const money = (amount: string, currency: string) => v.money(amount, currency);
  const planTitle = new Map(report.plans.map((p) => [p.id, p.title]));
  return (
    <>
      <p class="lead">{r('report.lead', { donor: report.donor.name, from: v.date(report.period.from), to: v.date(report.period.to) })}</p>
      <p class="noprint">
        <a href={`${base}/xlsx?from=${report.period.from}&to=${report.period.to}`} download>{r('report.download')}</a>
        {' · '}<span class="small muted">{r('report.print')}</span>
      </p>
      <p class="small muted">{r('report.dayNote')} {r('report.asOf', { date: v.date(report.period.to) })}</p>
      {report.plans.length === 0 ? <p>{r('report.none')}</p> : null}

      {report.plans.length > 0 ? <h2>{r('report.contributions')}</h2> : null}
      {report.plans.map((plan) => (
        <section aria-labelledby={`c-${plan.id}`}>
          <h3 id={`c-${plan.id}`}><a href={`/plans/${encodeURIComponent(plan.id)}`}>{plan.title}</a></h3>
          {plan.budget ? <p class="small">{r('report.budget', { budget: money(plan.budget.amount, plan.budget.currency) })}</p> : null}
          {plan.totals && plan.contributions.some((c) => c.inBudget) ? (
            <p>
              {r('report.totals', {
                currency: plan.totals.currency,
                ...Object.fromEntries(STAGES.map((s) => [s, money(plan.totals!.byStage[s], plan.totals!.currency)])),
              })}
              {plan.totals.notConverted.length > 0
                ? <> <span class="warn-text">{r('report.notConvertedTotal', { currency: plan.totals.currency, amount: plan.totals.notConverted.map((n) => money(n.amount, n.currency)).join(', ') })}</span></>
                : null}
            </p>
          ) : null}
          <div class="scroll" role="region" aria-label={r('report.contributionsTo', { plan: plan.title })} tabindex={0}>
            <table>
              <caption>{r('report.contributionsTo', { plan: plan.title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{r('col.contribution')}</th>
                  <th scope="col">{r('col.kind')}</th>
                  <th scope="col">{r('col.stage')}</th>
                  <th scope="col" class="num">{r('col.amount')}</th>
                  <th scope="col" class="num">{r('col.inBudget')}</th>
                  <th scope="col">{r('col.stageDates')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.contributions.map((c) => (
                  <tr>
                    <td class="title">{c.description}</td>
                    <td>{r(`kind.${c.kind}`)}</td>
                    <td>{r(`stage.${c.stage}`)}</td>
                    <td class="num">{c.amount && c.currency ? money(c.amount, c.currency) : '—'}</td>
                    <td class="num">
                      {!c.inBudget ? '—' : 'notConverted' in c.inBudget ? <span class="warn-text">{r('report.notConverted')}</span> : (
                        <>{money(c.inBudget.amount, c.inBudget.currency)}{c.inBudget.rate ? <><br /><span class="small muted">{shortRate(r, c.inBudget.rate, v.date)}</span></> : null}</>
                      )}
                    </td>
                    <td class="small">{STAGES.filter((s) => c.stageDates[s]).map((s, i) => <>{i > 0 ? <br /> : null}{r(`stage.${s}`)}: {v.date(c.stageDates[s]!)}</>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <RatesUsed v={v} plan={plan} />
        </section>
      ))}

      {report.plans.some((p) => p.milestones.length > 0) ? <h2>{r('report.milestones')}</h2> : null}
      {report.plans.filter((p) => p.milestones.length > 0).map((plan) => (
        <div class="scroll" role="region" aria-label={r('report.milestonesOf', { plan: plan.title })} tabindex={0}>
          <table>
            <caption>{r('report.milestonesOf', { plan: plan.title })}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">{r('col.ref')}</th>
                <th scope="col">{r('col.milestone')}</th>
                <th scope="col">{r('col.owner')}</th>
                <th scope="col">{r('col.dueDate')}</th>
                <th scope="col" class="num">{r('col.slipDays')}</th>
                <th scope="col">{r('col.status')}</th>
                <th scope="col" class="num">{r('col.progress')}</th>
                <th scope="col">{r('col.health')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.milestones.map((m) => (
                <tr>
                  <td class="num">{m.ref ?? ''}</td>
                  <td class="title">{m.title}</td>
                  <td>{v.country(m.ownerAdministrationId)}</td>
                  <td>{v.date(m.dueDate)}{m.baselineDueDate !== m.dueDate ? <><br /><span class="small muted">{r('report.baselineWas', { date: v.date(m.baselineDueDate) })}</span></> : null}</td>
                  <td class="num">{m.slipDays === 0 ? '0' : v.days(m.slipDays)}</td>
                  <td>{r(`status.${m.status}`)}</td>
                  <td class="num">{v.percent(m.progress)}</td>
                  <td><span class={`badge h-${m.health}`}>{r(`health.${m.health}`)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}

      {report.plans.length > 0 ? <h2>{r('report.indicators')}</h2> : null}
      {report.plans.length > 0 && report.plans.every((p) => p.indicators.length === 0) ? <p>{r('report.noIndicators')}</p> : null}
      {report.plans.filter((p) => p.indicators.length > 0).map((plan) => (
        <div class="scroll" role="region" aria-label={r('report.indicatorsOf', { plan: plan.title })} tabindex={0}>
          <table>
            <caption>{r('report.indicatorsOf', { plan: plan.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{r('col.indicator')}</th>
                <th scope="col">{r('col.result')}</th>
                <th scope="col">{r('col.period')}</th>
                <th scope="col" class="num">{r('col.target')}</th>
                <th scope="col" class="num">{r('col.figure')}</th>
                <th scope="col">{r('col.indicatorStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.indicators.map((i) => (
                <tr>
                  <td class="title">{i.title}</td>
                  <td class="small">{i.result}</td>
                  <td>{i.period}<br /><span class="small muted">{v.date(i.start)} – {v.date(i.end)}</span></td>
                  <td class="num">{i.target ?? '–'}{i.target !== undefined && i.unit ? ` ${i.unit}` : ''}</td>
                  <td class="num">{i.figure ?? '–'}{i.figure !== undefined && i.unit ? ` ${i.unit}` : ''}</td>
                  <td>{i.status ? <span class={`badge r-${i.status}`}><span aria-hidden="true">{SYMBOL[i.status]} </span>{r(`istatus.${i.status}`)}</span> : <span class="muted">{r('istatus.none')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}

      <h2>{r('report.changes')}</h2>
      {report.changes.length === 0 ? <p>{r('report.noChanges')}</p> : (
        <div class="scroll" role="region" aria-label={r('report.changes')} tabindex={0}>
          <table>
            <caption>{r('report.changes')}</caption>
            <thead>
              <tr>
                <th scope="col">{r('col.date')}</th>
                <th scope="col">{r('col.plan')}</th>
                <th scope="col">{r('col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {report.changes.map((c) => (
                <tr>
                  <td>{v.date(c.day)}</td>
                  <td class="small">{planTitle.get(c.planId) ?? c.planId}</td>
                  <td>{changeText(r, c, money)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
};

/** Beside a converted amount: the rate, short (the full rate and its source are listed under the table). */
const shortRate = (r: Translate, rate: RateUsed, date: (d: string) => string) =>
  rate.basis === 'agreed' ? r('report.rateShort.agreed', { rate: rate.rate }) : r('report.rateShort.recorded', { rate: rate.rate, date: date(rate.date!) });

/** The rates a plan's contributions were converted with, each once, in full. */
const RatesUsed: FC<{ v: View; plan: DonorReport['plans'][number] }> = ({ v, plan }) => {
  const r = words(v);
  const used = new Map<string, RateUsed>();
  for (const c of plan.contributions) if (c.inBudget && 'rate' in c.inBudget && c.inBudget.rate) used.set(JSON.stringify(c.inBudget.rate), c.inBudget.rate);
  if (used.size === 0) return null;
  return (
    <>
      <p class="small"><strong>{r('report.ratesUsed')}</strong></p>
      <ul class="small">{[...used.values()].map((rate) => <li>{rateText(r, rate, v.date)}</li>)}</ul>
    </>
  );
};
