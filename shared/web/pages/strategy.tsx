/** A strategy: its co-coordinators and its action plans with progress and health. */
import { planScopeFilter } from '../../domain/policy.ts';
import { can } from '../../domain/policy.ts';
import { rollUp } from '../../domain/progress.ts';
import { HealthCounts, Progress } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { forbidden, me, render, type Pages } from '../page.tsx';
import { present } from '../urgency.ts';

export function strategyPages({ app, deps, signedIn }: Pages) {
  const { store } = deps;

  app.get('/strategies/:id', signedIn, async (c) => {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    if (!can(p, 'strategy:read')) throw forbidden();
    const id = c.req.param('id');
    // Same reads as GET /strategies/{id}/coordinators, /plans and /progress.
    const [{ strategy, coordinators }, plans] = await Promise.all([
      store.strategies.withCoordinators(id),
      store.plans.ofStrategy(id, { limit: 100 }, planScopeFilter(p)),
    ]);
    const visible = plans.items.filter((r) => can(p, 'plan:read', r.scope));
    const now = deps.now();
    // As the API's strategy progress: one GetItem per plan while this container's copy is current.
    const collections = await Promise.all(visible.map((r) => store.plans.progressData(r.plan.id)));
    const rows = collections
      .map((col) => ({ plan: col.record.plan, progress: rollUp(col.milestones.map((m) => present(m.milestone, now)), [], [], now) }))
      .sort((a, b) => Number(a.plan.status !== 'active') - Number(b.plan.status !== 'active') || b.plan.period.start.localeCompare(a.plan.period.start));
    const current = coordinators.filter((x) => x.active);
    const past = coordinators.filter((x) => !x.active);

    return render(c, (
      <Layout v={v} title={strategy.title} crumbs={[{ href: '/', label: t('nav.home') }, { label: strategy.title }]}>
        <h1>{strategy.title}</h1>
        <dl class="facts">
          <dt>{t('strategy.region')}</dt><dd>{strategy.region}</dd>
          <dt>{t('strategy.status')}</dt><dd>{t(`strategyStatus.${strategy.status}`)}</dd>
          {strategy.approvalForum || strategy.approvedOn ? (
            <>
              <dt>{t('strategy.approved')}</dt>
              <dd>{[strategy.approvedOn ? v.date(strategy.approvedOn) : '', strategy.approvalForum ?? ''].filter(Boolean).join(' · ')}</dd>
            </>
          ) : null}
          <dt>{t('strategy.coordinators')}</dt>
          <dd>
            {current.length === 0 ? t('strategy.noCoordinators') : current.map((x, i) => (
              <>{i > 0 ? ', ' : ''}{v.country(x.administrationId)} <span class="muted small">({t('strategy.since', { date: v.date(x.since) })})</span></>
            ))}
          </dd>
          {past.length > 0 ? (
            <>
              <dt>{t('strategy.pastCoordinators')}</dt>
              <dd>{past.map((x) => `${v.country(x.administrationId)} (${v.date(x.since)} – ${x.until ? v.date(x.until) : ''})`).join(', ')}</dd>
            </>
          ) : null}
        </dl>

        <h2>{t('strategy.plans')}</h2>
        {rows.length === 0 ? <p>{t('strategy.noPlans')}</p> : (
          <ul class="cards">
            {rows.map(({ plan, progress }) => (
              <li class="card">
                <h3><a href={`/plans/${encodeURIComponent(plan.id)}`}>{plan.title}</a></h3>
                <p class="small muted">
                  {v.date(plan.period.start)} – {v.date(plan.period.end)} · {t(`planStatus.${plan.status}`)}
                </p>
                <p>
                  {t('plan.complete')} <Progress v={v} value={progress.milestones.percentComplete} />
                  <span class="muted small"> · {t('plan.milestoneCount', { count: v.number(progress.milestones.total) })}</span>
                </p>
                <HealthCounts v={v} byHealth={progress.milestones.byHealth} />
              </li>
            ))}
          </ul>
        )}
      </Layout>
    ));
  });
}
