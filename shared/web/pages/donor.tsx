/** A donor: its contributions by stage, per plan, and the milestones they fund with their health. */
import { recordsFor } from '../../domain/internal.ts';
import { can, type Principal } from '../../domain/policy.ts';
import type { RecordedRate } from '../../domain/exchange.ts';
import { budgetsOf, fundingGap } from '../../domain/progress.ts';
import { STAGES, type Contribution } from '../../domain/resources.ts';
import { ConvertedCell } from '../funding-summary.tsx';
import { FundingBars, FundingLegend } from '../charts.tsx';
import { Localized, MilestoneTable, milestoneRights, textIn } from '../components.tsx';
import { all } from '../data.ts';
import { byDonor, totals } from '../funding.ts';
import { Layout, type Section } from '../layout.tsx';
import { forbidden, me, notFound, render, type Pages, type WebContext } from '../page.tsx';
import { present } from '../urgency.ts';
import { ExportLinks } from './sheets.tsx';
import { DonorReportLink, donorReportPages } from './donor-report.tsx';
import type { View } from '../view.ts';

export function donorPages(pages: Pages) {
  pages.app.get('/donors/:id', pages.signedIn, (c) => donorPage(pages, c, c.req.param('id'), 'donor'));
  donorReportPages(pages);
}

/** Also a donor's home page. */
export async function donorPage({ deps }: Pages, c: WebContext, donorId: string, section: Section) {
  const { store } = deps;
  const p: Principal = me(c);
  const v = c.get('view');
  const { t } = v;
  // As GET /donors/{id}/contributions.
  if (!can(p, 'donor-contributions:list', { donorId })) throw forbidden();
  const [donor, listed] = await Promise.all([store.donors.get(donorId), all((page) => store.contributions.ofDonor(donorId, page))]);
  if (!donor) throw notFound();
  const now = deps.now();
  const planIds = [...new Set(listed.map((x) => x.planId))];
  // Each plan as the reader may see it: what stays internal to others is neither listed nor counted (domain/internal.ts).
  const read = (await Promise.all(planIds.map((id) => store.plans.progressData(id).catch(() => undefined))))
    .filter((col) => col && can(p, 'plan:read', col.record.scope))
    .map((col) => ({ ...col!, ...recordsFor(p, col!.record.scope, col!) }));
  const seen = new Set(read.flatMap((col) => col.contributions.map((x) => x.id)));
  const readPlans = new Set(read.map((col) => col.record.plan.id));
  const contributions = listed.filter((x) => seen.has(x.id) || (!x.internal && !readPlans.has(x.planId)));
  const collections = read.filter((col) => contributions.some((x) => x.planId === col.record.plan.id));
  // The rates the plans' gaps need: one Query per budget currency, none when all is in budget currency.
  const rates = await store.exchangeRates.forPlans(collections.map((col) => ({ plan: col!.record.plan, contributions: col!.contributions })));
  const lines = byDonor(contributions);
  const rows = totals(lines);

  return render(c, (
    <Layout v={v} title={textIn(v, donor, 'name')} section={section} crumbs={section === 'home' ? [] : [{ href: '/', label: t('nav.home') }, { label: textIn(v, donor, 'name') }]}>
      <h1><Localized v={v} item={donor} field="name" /></h1>
      <p class="lead">{t(p.donorId === donorId ? 'donor.leadYours' : 'donor.lead')}</p>
      <ExportLinks v={v} base={`/donors/${encodeURIComponent(donorId)}`} />
      <DonorReportLink v={v} donorId={donorId} />
      <h2>{t('donor.byStage')}</h2>
      {rows.length > 0 ? (
        <>
          <div class="scroll"><FundingBars v={v} rows={rows} title={t('donor.chartTitle', { name: textIn(v, donor, 'name') })} donor /></div>
          <FundingLegend v={v} gap={false} />
        </>
      ) : null}
      {contributions.length === 0 ? <p>{t('donor.none')}</p> : null}

      {collections.map((col) => {
        // The plan's totals and gap, the same for every reader (all its contributions, converted).
        const gap = fundingGap(col!.contributions, budgetsOf([col!.record.plan]), rates).gap[0];
        const { record, milestones: stored } = col!;
        const mine = contributions.filter((x) => x.planId === record.plan.id);
        const linked = new Set(mine.map((x) => x.milestoneId).filter(Boolean));
        const milestones = stored
          .map((m) => present(m.milestone, now))
          .filter((m) => linked.size === 0 || linked.has(m.id))
          .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
        return (
          <section aria-labelledby={`plan-${record.plan.id}`}>
            <h2 id={`plan-${record.plan.id}`}><Localized v={v} item={record.plan} field="title" href={`/plans/${encodeURIComponent(record.plan.id)}`} /></h2>
            {gap ? <p>{t('fx.planFunding', { currency: gap.currency })}: {t('funding.barCaption', { budget: v.money(gap.budget, gap.currency), secured: v.money(gap.secured, gap.currency), gap: v.money(gap.gap, gap.currency) })}</p> : null}
            <ContributionTable v={v} items={mine} caption={t('donor.contributionsTo', { plan: textIn(v, record.plan, 'title') })} budgetCurrency={record.plan.budget?.currency} rates={rates} />
            {milestones.length > 0 && can(p, 'milestone:read', record.scope) ? (
              <MilestoneTable
                v={v}
                milestones={milestones}
                now={now}
                numbered={false}
                caption={t(linked.size > 0 ? 'donor.milestonesLinked' : 'donor.milestonesOfPlan')}
                mayUpdate={(m) => milestoneRights(p, record.scope, m).report}
              />
            ) : null}
          </section>
        );
      })}
    </Layout>
  ));
}

function ContributionTable({ v, items, caption, budgetCurrency, rates }: { v: View; items: Contribution[]; caption: string; budgetCurrency: string | undefined; rates: readonly RecordedRate[] }) {
  const { t } = v;
  const converting = !!budgetCurrency && items.some((x) => x.kind === 'financial' && x.currency && x.currency !== budgetCurrency);
  return (
    <div class="scroll" role="region" aria-label={caption} tabindex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('donor.contribution')}</th>
            <th scope="col">{t('donor.kind')}</th>
            <th scope="col" class="num">{t('donor.amount')}</th>
            {converting ? <th scope="col" class="num">{t('fx.inCurrency', { currency: budgetCurrency! })}</th> : null}
            <th scope="col">{t('donor.stage')}</th>
            <th scope="col">{t('donor.stageDates')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((x) => (
            <tr>
              <td>{x.description}</td>
              <td>{t(`kind.${x.kind}`)}</td>
              <td class="num">{x.amount && x.currency ? v.money(x.amount, x.currency) : '—'}</td>
              {converting ? <td class="num"><ConvertedCell v={v} contribution={x} budgetCurrency={budgetCurrency} rates={rates} /></td> : null}
              <td>{t(`stage.${x.stage}`)}</td>
              <td class="small">
                {STAGES.filter((s) => x.stageDates[s]).map((s, i) => <>{i > 0 ? <br /> : null}{t(`stage.${s}`)}: {v.date(x.stageDates[s]!)}</>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
