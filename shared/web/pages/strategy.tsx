/**
 * Strategies: the list, and a strategy with its co-coordinators (current and past terms), reminder
 * settings and action plans with progress and health. Those the policy allows get the controls:
 * edit, archive, reminder settings, add and remove co-coordinators, a new action plan (the forms
 * are in planning/strategies.tsx; the one-button actions are here, so a refusal shows this page).
 */
import { ExportLinks } from './sheets.tsx';
import type { Child } from 'hono/jsx';
import { archiveStrategy, removeCoordinator, updateStrategy } from '../../commands/index.ts';
import { recordsFor } from '../../domain/internal.ts';
import { can, planScopeFilter, type Principal } from '../../domain/policy.ts';
import { budgetsOf, fundingGap, rollUp } from '../../domain/progress.ts';
import { resultReminderSettings } from '../../domain/result-reminders.ts';
import { strategyResults } from '../../commands/results.ts';
import { StrategyMatrix } from './results.tsx';
import { FundingBars, FundingLegend } from '../charts.tsx';
import { fundingRows } from '../funding.ts';
import { FundingSummary } from '../funding-summary.tsx';
import { HealthCounts, Localized, Progress, textIn } from '../components.tsx';
import { allStrategies } from '../data.ts';
import { ActionButton } from '../forms.tsx';
import { Layout } from '../layout.tsx';
import { PageError, forbidden, me, render, type Pages, type WebContext } from '../page.tsx';
import { present } from '../urgency.ts';
import { Done, doneOf, href, idParam, oneButton } from './planning/common.tsx';
import { writtenTexts, writtenToReview } from './planning/fields.ts';
import { ReviewTranslations, confirmationOf } from '../translations-review.tsx';

export function strategyPages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  app.get('/strategies', signedIn, async (c) => {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    if (!can(p, 'strategy:read')) throw forbidden();
    const strategies = (await allStrategies(store)).sort((a, b) => Number(a.status === 'archived') - Number(b.status === 'archived') || textIn(v, a, 'title').localeCompare(textIn(v, b, 'title'), v.lang));
    return render(c, (
      <Layout v={v} title={t('nav.strategies')} section="strategies" crumbs={[{ href: '/', label: t('nav.home') }, { label: t('nav.strategies') }]}>
        <h1>{t('nav.strategies')}</h1>
        {can(p, 'strategy:create') ? <p><a class="button" href="/strategies/new">{t('planning.newStrategy')}</a></p> : null}
        {strategies.length === 0 ? <p>{t('planning.noStrategies')}</p> : (
          <div class="scroll" role="region" aria-label={t('planning.strategiesCaption')} tabindex={0}>
            <table>
              <caption>{t('planning.strategiesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('planning.f.title')}</th>
                  <th scope="col">{t('strategy.region')}</th>
                  <th scope="col">{t('strategy.coordinators')}</th>
                  <th scope="col">{t('strategy.approved')}</th>
                  <th scope="col">{t('strategy.status')}</th>
                </tr>
              </thead>
              <tbody>
                {strategies.map((s) => (
                  <tr>
                    <td class="title"><Localized v={v} item={s} field="title" href={href('strategies', s.id)} /></td>
                    <td>{s.region}</td>
                    <td>{s.coordinatorIds.length === 0 ? <span class="muted">{t('strategy.noCoordinators')}</span> : s.coordinatorIds.map((id) => v.country(id)).join(', ')}</td>
                    <td class="nowrap">{s.approvedOn ? v.date(s.approvedOn) : ''}</td>
                    <td>{t(`strategyStatus.${s.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Layout>
    ));
  });

  /** The strategy page; `notice` after a refused one-button action (status 409). */
  async function strategyPage(c: WebContext, id: string, notice?: Child, status: 200 | 409 = 200) {
    const p: Principal = me(c);
    const v = c.get('view');
    const { t } = v;
    if (!can(p, 'strategy:read')) throw forbidden();
    // Same reads as GET /strategies/{id}/coordinators, /plans and /progress.
    const [{ strategy, coordinators }, plans] = await Promise.all([
      store.strategies.withCoordinators(id),
      store.plans.ofStrategy(id, { limit: 100 }, planScopeFilter(p)),
    ]);
    const visible = plans.items.filter((r) => can(p, 'plan:read', r.scope));
    const now = deps.now();
    // As the API's strategy progress: one GetItem per plan while this container's copy is current.
    const [collections, matrix] = await Promise.all([
      // Each plan as the reader may see it: what stays internal to others is not counted (domain/internal.ts).
      Promise.all(visible.map(async (r) => {
        const col = await store.plans.progressData(r.plan.id);
        return { ...col, ...recordsFor(p, col.record.scope, col) };
      })),
      // The results matrix: the administrations (one Query) and each active plan's framework (one Query each).
      strategyResults(deps, p, id, plans.items),
    ]);
    // The rates the plans' gaps need: one Query per budget currency some contribution converts into.
    const rates = await store.exchangeRates.forPlans(collections.map((col) => ({ plan: col.record.plan, contributions: col.contributions })));
    const funding = fundingGap(collections.flatMap((col) => col.contributions), budgetsOf(collections.map((col) => col.record.plan)), rates);
    const rows = collections
      .map((col) => ({
        plan: col.record.plan,
        progress: rollUp(col.milestones.map((m) => present(m.milestone, now)), [], [], now),
        gap: fundingGap(col.contributions, budgetsOf([col.record.plan]), rates).gap[0],
      }))
      .sort((a, b) => Number(a.plan.status !== 'active') - Number(b.plan.status !== 'active') || b.plan.period.start.localeCompare(a.plan.period.start));
    const current = coordinators.filter((x) => x.active);
    const scope = { coordinatorIds: strategy.coordinatorIds };
    const mayEdit = can(p, 'strategy:update', scope);
    const mayRemove = can(p, 'coordinator:remove');
    const base = href('strategies', strategy.id);
    const r = strategy.reminders;

    return render(c, (
      <Layout v={v} title={textIn(v, strategy, 'title')} section="strategies" crumbs={[{ href: '/strategies', label: t('nav.strategies') }, { label: textIn(v, strategy, 'title') }]}>
        <h1><Localized v={v} item={strategy} field="title" editor={mayEdit} /></h1>
        {textIn(v, strategy, 'description') ? <p class="lead"><Localized v={v} item={strategy} field="description" editor={mayEdit} /></p> : null}
        <Done v={v} what={doneOf(c)} />
        {notice}
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
        </dl>
        {mayEdit ? (
          <div class="actions">
            <a class="button small secondary" href={`${base}/edit`}>{t('planning.editStrategy')}</a>
            {strategy.status !== 'archived' ? <ActionButton v={v} action={`${base}/archive`} version={strategy.version} label={t('planning.archive')} /> : null}
          </div>
        ) : null}
        {mayEdit ? <ReviewTranslations v={v} action={`${base}/translations/confirm`} version={strategy.version} texts={writtenToReview(v, strategy, `${base}/edit`)} /> : null}

        <h2>{t('strategy.plans')}</h2>
        {rows.length > 0 ? <p class="small"><a href={`${base}/iati.xml`} type="application/xml" download={`${strategy.id}.iati.xml`}>{t('iati.strategyLink')}</a> <span class="muted">{t('iati.linkHint')}</span></p> : null}
        {can(p, 'plan:create', scope) ? <p><a class="button small" href={`${base}/plans/new`}>{t('planning.newPlan')}</a></p> : null}
        {rows.length === 0 ? <p>{t('strategy.noPlans')}</p> : (
          <ul class="cards">
            {rows.map(({ plan, progress, gap }) => (
              <li class="card">
                <h3><Localized v={v} item={plan} field="title" href={href('plans', plan.id)} /></h3>
                <p class="small muted">
                  {v.date(plan.period.start)} – {v.date(plan.period.end)} · {t(`planStatus.${plan.status}`)}
                </p>
                <p>
                  {t('plan.complete')} <Progress v={v} value={progress.milestones.percentComplete} />
                  <span class="muted small"> · {t('plan.milestoneCount', { count: v.number(progress.milestones.total) })}</span>
                </p>
                <HealthCounts v={v} byHealth={progress.milestones.byHealth} />
                {gap ? <p class="small">{t('funding.barCaption', { budget: v.money(gap.budget, gap.currency), secured: v.money(gap.secured, gap.currency), gap: v.money(gap.gap, gap.currency) })}</p> : null}
              </li>
            ))}
          </ul>
        )}

        {funding.gap.length > 0 ? (
          <section aria-labelledby="funding">
            <h2 id="funding">{t('fx.strategyFunding')}</h2>
            <div class="scroll"><FundingBars v={v} rows={fundingRows({ funding: [], gap: funding.gap })} title={t('fx.strategyFunding')} /></div>
            <FundingLegend v={v} gap />
            <FundingSummary v={v} gap={funding.gap} ratesUsed={funding.ratesUsed} mayRecordRates={can(p, 'exchange-rate:record')} />
          </section>
        ) : null}
        <StrategyMatrix v={v} {...matrix} />

        <section aria-labelledby="coordinators">
          <h2 id="coordinators">{t('strategy.coordinators')}</h2>
          {coordinators.length === 0 ? <p>{t('strategy.noCoordinators')}</p> : (
            <div class="scroll" role="region" aria-label={t('planning.termsCaption')} tabindex={0}>
              <table>
                <caption>{t('planning.termsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('planning.f.administration')}</th>
                    <th scope="col">{t('planning.termSince')}</th>
                    <th scope="col">{t('planning.termUntil')}</th>
                    <th scope="col">{t('planning.termAddedBy')}</th>
                    <th scope="col">{t('planning.termRemovedBy')}</th>
                    {mayRemove ? <th scope="col" class="controls"><span class="visually-hidden">{t('ms.actions')}</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {coordinators.map((x) => (
                    <tr>
                      <td>{v.country(x.administrationId)}</td>
                      <td class="nowrap">{v.date(x.since)}</td>
                      <td class="nowrap">{x.until ? v.date(x.until) : <span class="muted">{t('planning.termCurrent')}</span>}</td>
                      <td>{x.addedBy}</td>
                      <td>{x.removedBy ?? ''}</td>
                      {mayRemove ? (
                        <td class="controls">
                          {x.active ? (
                            <ActionButton v={v} action={`${base}/coordinators/${encodeURIComponent(x.administrationId)}/remove`} version={strategy.version}
                              label={t('planning.removeCoordinator', { name: v.country(x.administrationId) })} kind="danger" />
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {can(p, 'coordinator:add') ? <p><a class="button small secondary" href={`${base}/coordinators/new`}>{t('planning.addCoordinator')}</a></p> : null}
        </section>

        <section aria-labelledby="reminders">
          <h2 id="reminders">{t('planning.reminders')}</h2>
          <dl class="facts">
            <dt>{t('planning.f.offsetsDays')}</dt><dd>{r.offsetsDays.map((d) => v.days(d)).join(', ')}</dd>
            <dt>{t('planning.f.graceDays')}</dt><dd>{v.days(r.graceDays)}</dd>
            <dt>{t('planning.f.attentionDays')}</dt><dd>{v.days(r.attentionDays)}</dd>
            <dt>{t('planning.f.periodCloseDays')}</dt><dd>{resultReminderSettings(r).periodCloseDays.map((d) => v.days(d)).join(', ')}</dd>
            <dt>{t('planning.f.reviewWaitDays')}</dt><dd>{v.days(resultReminderSettings(r).reviewWaitDays)}</dd>
          </dl>
          {mayEdit ? <p><a class="button small secondary" href={`${base}/reminders`}>{t('planning.editReminders')}</a></p> : null}
        </section>
        <ExportLinks v={v} base={base} />
      </Layout>
    ), status);
  }

  app.get('/strategies/:id', signedIn, (c) => strategyPage(c, idParam(c)));

  const action = (c: WebContext, run: (version: number, body: Record<string, string>) => Promise<unknown>, done: string) =>
    oneButton(c, pages, run, (notice) => strategyPage(c, idParam(c), notice, 409), () => `${href('strategies', idParam(c))}?done=${done}`);

  app.post('/strategies/:id/archive', signedIn, (c) =>
    action(c, (expectedVersion) => archiveStrategy(deps, me(c), { id: idParam(c), expectedVersion }), 'archived'));

  /** A title or description translation marked to review, confirmed as still correct (translations-review.tsx). */
  app.post('/strategies/:id/translations/confirm', signedIn, (c) =>
    action(c, async (expectedVersion, body) => {
      const strategy = await store.strategies.require(idParam(c));
      if (!can(me(c), 'strategy:update', { coordinatorIds: strategy.coordinatorIds })) throw forbidden();
      const asked = confirmationOf(body, writtenTexts(strategy));
      if (!asked) throw new PageError(400);
      if (asked !== 'nothing') await updateStrategy(deps, me(c), { id: strategy.id, patch: asked.patch, expectedVersion });
    }, 'saved'));

  app.post('/strategies/:id/coordinators/:administrationId/remove', signedIn, (c) =>
    action(c, (expectedVersion) => removeCoordinator(deps, me(c), { strategyId: idParam(c), administrationId: idParam(c, 'administrationId'), expectedVersion }), 'removed'));
}
