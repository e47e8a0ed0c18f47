/**
 * An action plan: summary, a timeline of milestones (baseline vs current due date, against today),
 * the milestones table with health, and funding by donor and stage with the gap to the budget.
 * One Query reads the plan with its milestones and contributions (the item collection).
 */
import { can } from '../../domain/policy.ts';
import { rollUp } from '../../domain/progress.ts';
import { STAGES } from '../../domain/resources.ts';
import { FundingBars, FundingLegend, Timeline, TimelineLegend } from '../charts.tsx';
import { HealthCounts, MilestoneTable, Progress, milestoneRights } from '../components.tsx';
import { byDonor, fundingRows } from '../funding.ts';
import { Layout } from '../layout.tsx';
import { forbidden, me, render, type Pages } from '../page.tsx';
import { present } from '../urgency.ts';

export function planPages({ app, deps, signedIn }: Pages) {
  const { store } = deps;

  app.get('/plans/:id', signedIn, async (c) => {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    const { record, milestones: stored, contributions } = await store.plans.collection(c.req.param('id'));
    if (!can(p, 'plan:read', record.scope)) throw forbidden();
    const plan = record.plan;
    const now = deps.now();
    // As GET /plans/{id}/contributions and /progress: a donor sees its own contributions only.
    const visible = p.role === 'donor' ? contributions.filter((x) => x.donorId === p.donorId) : contributions;
    const [strategy, donors] = await Promise.all([
      store.strategies.get(plan.strategyId),
      store.donors.getMany(visible.map((x) => x.donorId)),
    ]);
    const showMilestones = can(p, 'milestone:read', record.scope);
    const milestones = stored
      .map((m) => present(m.milestone, now))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
    const progress = rollUp(milestones, visible, plan.budget ? [plan.budget] : [], now);
    const rows = fundingRows(progress);
    const donorLines = byDonor(visible);
    const inKind = visible.filter((x) => x.kind === 'in_kind');
    const donorName = (id: string) => donors.get(id)?.name ?? id;
    const mayUpdate = (m: { ownerAdministrationId: string }) => milestoneRights(p, record.scope, m).report;

    return render(c, (
      <Layout
        v={v}
        title={plan.title}
        crumbs={[
          { href: '/', label: t('nav.home') },
          ...(strategy ? [{ href: `/strategies/${encodeURIComponent(strategy.id)}`, label: strategy.title }] : []),
          { label: plan.title },
        ]}
      >
        <h1>{plan.title}</h1>
        <dl class="facts">
          <dt>{t('plan.period')}</dt><dd>{v.date(plan.period.start)} – {v.date(plan.period.end)}</dd>
          <dt>{t('plan.status')}</dt><dd>{t(`planStatus.${plan.status}`)}</dd>
          {plan.budget ? <><dt>{t('funding.budget')}</dt><dd>{v.money(plan.budget.amount, plan.budget.currency)}</dd></> : null}
          {plan.origin ? <><dt>{t('plan.origin')}</dt><dd>{plan.origin}</dd></> : null}
          <dt>{t('plan.complete')}</dt><dd><Progress v={v} value={progress.milestones.percentComplete} /></dd>
        </dl>
        {showMilestones ? <HealthCounts v={v} byHealth={progress.milestones.byHealth} /> : null}

        {showMilestones && milestones.length > 0 ? (
          <section aria-labelledby="timeline">
            <h2 id="timeline">{t('plan.timeline')}</h2>
            <p class="small muted">{t('plan.timelineHelp')}</p>
            <div class="scroll">
              <Timeline v={v} milestones={milestones} period={plan.period} now={now} />
            </div>
            <TimelineLegend v={v} />
          </section>
        ) : null}

        {showMilestones ? (
          <section aria-labelledby="milestones">
            <h2 id="milestones">{t('plan.milestones')}</h2>
            {milestones.length === 0 ? <p>{t('plan.noMilestones')}</p> : (
              <MilestoneTable v={v} milestones={milestones} now={now} caption={t('plan.milestonesCaption', { count: v.number(milestones.length) })} mayUpdate={mayUpdate} />
            )}
          </section>
        ) : null}

        <section aria-labelledby="funding">
          <h2 id="funding">{t(p.role === 'donor' ? 'plan.fundingYours' : 'plan.funding')}</h2>
          {rows.length === 0 && inKind.length === 0 ? <p>{t('funding.none')}</p> : null}
          {rows.length > 0 ? (
            <>
              <div class="scroll">
                <FundingBars v={v} rows={rows} title={t('funding.chartTitle')} />
              </div>
              <FundingLegend v={v} gap={rows.some((r) => r.budget)} />
            </>
          ) : null}
          {donorLines.length > 0 ? (
            <div class="scroll" role="region" aria-label={t('funding.byDonor')} tabindex={0}>
              <table class="money">
                <caption>{t('funding.byDonor')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('funding.donor')}</th>
                    {STAGES.map((s) => <th scope="col" class="num">{t(`stage.${s}`)}</th>)}
                    <th scope="col" class="num">{t('funding.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {donorLines.map((l) => (
                    <tr>
                      <th scope="row">{donorName(l.donorId)}</th>
                      {STAGES.map((s) => <td class="num">{v.money(l.amounts[s], l.currency)}</td>)}
                      <td class="num">{v.money(l.total, l.currency)}</td>
                    </tr>
                  ))}
                  {rows.filter((r) => r.budget).map((r) => (
                    <tr>
                      <th scope="row">{t('funding.gapRow', { currency: r.currency })}</th>
                      <td class="gapnote" colspan={STAGES.length}>{t('funding.gapDetail', { budget: v.money(r.budget!.budget, r.currency), secured: v.money(r.budget!.secured, r.currency) })}</td>
                      <td class="num"><strong>{v.money(r.budget!.gap, r.currency)}</strong></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {inKind.length > 0 ? (
            <>
              <h3>{t('funding.inKind')}</h3>
              <ul>
                {inKind.map((x) => <li>{donorName(x.donorId)}: {x.description} <span class="muted small">({t(`stage.${x.stage}`)})</span></li>)}
              </ul>
            </>
          ) : null}
        </section>
      </Layout>
    ));
  });
}
