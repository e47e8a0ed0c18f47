/**
 * An action plan: summary, a timeline of milestones (baseline vs current due date, against today),
 * the milestones table (in the plan's order, each with its number) with health, the contributions,
 * and funding by donor and stage with the gap to the budget. One Query reads the plan with its
 * milestones and contributions (the item collection). Those the policy allows get the controls:
 * edit, close, delete (when empty), add a milestone, move milestones up and down, record, change,
 * advance and delete contributions (the forms are in planning/; the one-button actions are here,
 * so a refusal shows this page).
 */
import type { Translations } from '../../domain/translations.ts';
import type { Child, FC } from 'hono/jsx';
import { ApprovedValuesWouldBeLost, closePlan, deletePlan, planIatiXml, reorderMilestones, strategyIatiXml, updatePlan } from '../../commands/index.ts';
import { Conflict, Forbidden, NotFound, VersionConflict } from '../../commands/errors.ts';
import { recordsFor } from '../../domain/internal.ts';
import { can, type Principal, type Scope } from '../../domain/policy.ts';
import type { MilestoneWithZone } from '../../domain/progress.ts';
import { budgetsOf, rollUp } from '../../domain/progress.ts';
import { STAGES, type Contribution } from '../../domain/resources.ts';
import { inPlanOrder } from '../../store/index.ts';
import { FundingBars, FundingLegend, Timeline, TimelineLegend } from '../charts.tsx';
import { HealthCounts, InternalBadge, Localized, MilestoneTable, Progress, Written, milestoneRights, textIn } from '../components.tsx';
import { ActionButton } from '../forms.tsx';
import { byDonor, fundingRows } from '../funding.ts';
import { ConvertedCell, FundingSummary } from '../funding-summary.tsx';
import type { RecordedRate } from '../../domain/exchange.ts';
import { Layout } from '../layout.tsx';
import { PageError, forbidden, me, notFound, render, type Pages, type WebContext } from '../page.tsx';
import { CSRF_FIELD } from '../session.ts';
import { present } from '../urgency.ts';
import type { View } from '../view.ts';
import { Done, doneOf, href, idParam, oneButton } from './planning/common.tsx';
import { writtenTexts, writtenToReview } from './planning/fields.ts';
import { ReviewTranslations, confirmationOf } from '../translations-review.tsx';
import { PlanResults } from './results.tsx';
import { SpreadsheetSection } from './sheets.tsx';

export function planPages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  /** The plan page; `notice` after a refused one-button action (status 409). */
  async function planPage(c: WebContext, id: string, notice?: Child, status: 200 | 409 = 200) {
    const p = me(c);
    const v = c.get('view');
    const { t } = v;
    const collection = await store.plans.collection(id);
    const { record, results } = collection;
    if (!can(p, 'plan:read', record.scope)) throw forbidden();
    // What stays internal to others is neither shown nor counted (domain/internal.ts).
    const { milestones: stored, contributions } = recordsFor(p, record.scope, collection);
    const plan = record.plan;
    const now = deps.now();
    // As GET /plans/{id}/contributions and /progress: a donor sees its own contributions only.
    const visible = p.role === 'donor' ? contributions.filter((x) => x.donorId === p.donorId) : contributions;
    // The recorded rates the gap needs come with them: one Query into the budget currency, none
    // when every contribution is in it or carries an agreed rate.
    const [strategy, donors, rates] = await Promise.all([
      store.strategies.get(plan.strategyId),
      store.donors.getMany(visible.map((x) => x.donorId)),
      store.exchangeRates.forPlans([{ plan, contributions }]),
    ]);
    const showMilestones = can(p, 'milestone:read', record.scope);
    const milestones = inPlanOrder(stored.map((m) => present(m.milestone, now)), plan.milestoneOrder);
    // The plan's funding totals and gap are the same for every reader who sees the same items; a donor sees only its own rows.
    const progress = rollUp(milestones, contributions, budgetsOf([plan]), now, rates);
    const rows = fundingRows(progress);
    const donorLines = byDonor(visible);
    const inKind = visible.filter((x) => x.kind === 'in_kind');
    const donorName = (id: string) => { const d = donors.get(id); return d ? textIn(v, d, 'name') : id; };
    const mayUpdate = (m: { ownerAdministrationId: string }) => milestoneRights(p, record.scope, m).report;
    const scope = record.scope;
    const mayEdit = can(p, 'plan:update', scope);
    const empty = stored.length === 0 && contributions.length === 0;
    const base = href('plans', plan.id);

    return render(c, (
      <Layout
        v={v}
        title={textIn(v, plan, 'title')}
        crumbs={[
          { href: '/', label: t('nav.home') },
          ...(strategy ? [{ href: `/strategies/${encodeURIComponent(strategy.id)}`, label: textIn(v, strategy, 'title') }] : []),
          { label: textIn(v, plan, 'title') },
        ]}
      >
        <h1><Localized v={v} item={plan} field="title" editor={mayEdit} /></h1>
        {textIn(v, plan, 'description') ? <p class="lead"><Localized v={v} item={plan} field="description" editor={mayEdit} /></p> : null}
        <Done v={v} what={doneOf(c)} />
        {notice}
        <dl class="facts">
          <dt>{t('plan.period')}</dt><dd>{v.date(plan.period.start)} – {v.date(plan.period.end)}</dd>
          <dt>{t('plan.status')}</dt><dd>{t(`planStatus.${plan.status}`)}</dd>
          {plan.budget ? <><dt>{t('funding.budget')}</dt><dd>{v.money(plan.budget.amount, plan.budget.currency)}</dd></> : null}
          {plan.origin ? <><dt>{t('plan.origin')}</dt><dd>{plan.origin}</dd></> : null}
          <dt>{t('plan.complete')}</dt><dd><Progress v={v} value={progress.milestones.percentComplete} /></dd>
        </dl>
        {showMilestones ? <HealthCounts v={v} byHealth={progress.milestones.byHealth} /> : null}
        {can(p, 'plan:publish-iati', scope) ? <p class="small noprint"><a href={`${base}/iati.xml`} type="application/xml" download={`${plan.id}.iati.xml`}>{t('iati.link')}</a> <span class="muted">{t('iati.linkHint')}</span></p> : null}
        {mayEdit || (empty && can(p, 'plan:delete', scope)) ? (
          <div class="actions">
            {mayEdit ? <a class="button small secondary" href={`${base}/edit`}>{t('planning.editPlan')}</a> : null}
            {mayEdit && plan.status !== 'closed' ? <ActionButton v={v} action={`${base}/close`} version={plan.version} label={t('planning.closePlan')} /> : null}
            {empty && can(p, 'plan:delete', scope) ? <ActionButton v={v} action={`${base}/delete`} version={plan.version} label={t('planning.deletePlan')} kind="danger" /> : null}
          </div>
        ) : null}
        {mayEdit ? <ReviewTranslations v={v} action={`${base}/translations/confirm`} version={plan.version} texts={writtenToReview(v, plan, `${base}/edit`)} /> : null}

        {showMilestones && milestones.length > 0 ? (
          <section aria-labelledby="timeline">
            <h2 id="timeline">{t('plan.timeline')}</h2>
            <p class="small muted">{t('plan.timelineHelp')}</p>
            <div class="scroll">
              <Timeline v={v} milestones={milestones} period={plan.period} now={now} numberOf={(m) => (m.ref ? v.number(m.ref) : '–')} />
            </div>
            <TimelineLegend v={v} />
          </section>
        ) : null}

        {showMilestones ? (
          <section aria-labelledby="milestones">
            <h2 id="milestones">{t('plan.milestones')}</h2>
            {can(p, 'milestone:create', scope) ? <p><a class="button small" href={`${base}/milestones/new`}>{t('planning.addMilestone')}</a></p> : null}
            {milestones.length > 0 ? <p class="small noprint"><a href={`/profile?plan=${encodeURIComponent(plan.id)}#calendar`}>{t('calendar.follow')}</a></p> : null}
            {milestones.length === 0 ? <p>{t('plan.noMilestones')}</p> : (
              <PlanMilestones v={v} milestones={milestones} now={now} mayUpdate={mayUpdate} mayReorder={can(p, 'milestone:update', scope)} planId={plan.id} version={plan.version} />
            )}
          </section>
        ) : null}

        {can(p, 'result:read', record.scope) ? <PlanResults v={v} framework={{ ...results, submissions: results.submissions.filter((x) => x.state === 'approved') }} now={now} {...(can(p, 'result:define', scope) ? { define: { planId: plan.id } } : {})} /> : null}

        <section aria-labelledby="funding">
          <h2 id="funding">{t('plan.funding')}</h2>
          {rows.length === 0 && inKind.length === 0 ? <p>{t('funding.none')}</p> : null}
          {rows.length > 0 ? (
            <>
              <div class="scroll">
                <FundingBars v={v} rows={rows} title={t('funding.chartTitle')} />
              </div>
              <FundingLegend v={v} gap={rows.some((r) => r.budget)} />
            </>
          ) : null}
          <FundingSummary v={v} gap={progress.gap} ratesUsed={progress.ratesUsed} mayRecordRates={can(p, 'exchange-rate:record')} />
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
                {inKind.map((x) => <li>{donorName(x.donorId)}: {x.description} <span class="muted small">({t(`stage.${x.stage}`)})</span>{x.internal ? <>{' '}<InternalBadge v={v} /></> : null}</li>)}
              </ul>
            </>
          ) : null}
          {can(p, 'contribution:create', scope) ? <p><a class="button small" href={`${base}/contributions/new`}>{t('planning.recordContribution')}</a></p> : null}
          {visible.length > 0 ? (
            <Contributions v={v} p={p} scope={scope} contributions={visible} donorName={donorName} refOf={(id) => stored.find((m) => m.milestone.id === id)?.milestone} budgetCurrency={plan.budget?.currency} rates={rates} />
          ) : null}
        </section>
        <SpreadsheetSection v={v} p={p} planId={plan.id} scope={scope} deps={deps} />
      </Layout>
    ), status);
  }

  app.get('/plans/:id', signedIn, (c) => planPage(c, idParam(c)));

  /** The IATI 2.03 files, as the API serves them (the same command and policy). */
  const xmlFile = async (name: string, make: (options: { publicUrl: string; reportingOrg?: { ref: string; type: string; name: string } }) => Promise<string>) => {
    try {
      const body = await make({ publicUrl: deps.config.publicUrl, ...(deps.config.iatiReportingOrg ? { reportingOrg: deps.config.iatiReportingOrg } : {}) });
      return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.iati.xml"` } });
    } catch (error) {
      if (error instanceof Forbidden) throw forbidden();
      if (error instanceof NotFound) throw notFound();
      throw error;
    }
  };
  app.get('/plans/:id/iati.xml', signedIn, (c) => xmlFile(idParam(c), (o) => planIatiXml(deps, me(c), { planId: idParam(c), ...o })));
  app.get('/strategies/:id/iati.xml', signedIn, (c) => xmlFile(idParam(c), (o) => strategyIatiXml(deps, me(c), { strategyId: idParam(c), ...o })));

  /** A one-button action; the stored-state rules here (a plan with milestones, contributions or approved values is not deleted) said in the reader's words. */
  const action = (c: WebContext, run: (version: number, body: Record<string, string>) => Promise<unknown>, done: (id: string) => string) =>
    oneButton(c, pages, run, (notice) => planPage(c, idParam(c), notice, 409), () => done(idParam(c)),
      (error) => (error instanceof ApprovedValuesWouldBeLost ? c.get('view').t('define.deletePlanApproved', { count: c.get('view').number(error.approved) })
        : error instanceof Conflict ? c.get('view').t('planning.deletePlanNotEmpty') : undefined));

  app.post('/plans/:id/close', signedIn, (c) =>
    action(c, (expectedVersion) => closePlan(deps, me(c), { id: idParam(c), expectedVersion }), (id) => `${href('plans', id)}?done=closed`));

  app.post('/plans/:id/delete', signedIn, async (c) => {
    const record = await store.plans.require(idParam(c));
    return action(c, (expectedVersion) => deletePlan(deps, me(c), { id: record.plan.id, expectedVersion }), () => `${href('strategies', record.plan.strategyId)}?done=deleted`);
  });

  /** A title or description translation marked to review, confirmed as still correct (translations-review.tsx). */
  app.post('/plans/:id/translations/confirm', signedIn, (c) =>
    action(c, async (expectedVersion, body) => {
      const record = await store.plans.require(idParam(c));
      if (!can(me(c), 'plan:update', record.scope)) throw forbidden();
      const asked = confirmationOf(body, writtenTexts(record.plan));
      if (!asked) throw new PageError(400);
      if (asked !== 'nothing') await updatePlan(deps, me(c), { id: record.plan.id, patch: asked.patch, expectedVersion });
    }, (id) => `${href('plans', id)}?done=saved`));

  /** Move one milestone up or down: the order the page showed, with that one swapped, guarded by the plan's version. */
  app.post('/plans/:id/milestone-order', signedIn, (c) =>
    action(c, async (expectedVersion, body) => {
      const planId = idParam(c);
      const { record, milestones } = await store.plans.collection(planId);
      const order = inPlanOrder(milestones.map((m) => m.milestone), record.plan.milestoneOrder).map((m) => m.id);
      const from = order.indexOf(body.move ?? '');
      const to = from + (body.direction === 'up' ? -1 : body.direction === 'down' ? 1 : 0);
      // Not a move the page offers now: the list changed since it was shown.
      if (from < 0 || to < 0 || to >= order.length || from === to) throw new VersionConflict('plan', planId);
      [order[from], order[to]] = [order[to]!, order[from]!];
      await reorderMilestones(deps, me(c), { planId, order, expectedVersion });
    }, (id) => `${href('plans', id)}?done=reordered#milestones`));
}

/** The milestones in the plan's order, each with its number; move buttons for those who may reorder. */
const PlanMilestones: FC<{
  v: View;
  milestones: MilestoneWithZone[];
  now: Date;
  mayUpdate: (m: MilestoneWithZone) => boolean;
  mayReorder: boolean;
  planId: string;
  version: number;
}> = ({ v, milestones, now, mayUpdate, mayReorder, planId, version }) => {
  const { t } = v;
  const Move: FC<{ m: MilestoneWithZone; direction: 'up' | 'down' }> = ({ m, direction }) => {
    const label = t(direction === 'up' ? 'planning.moveUp' : 'planning.moveDown');
    return (
      <form class="action" method="post" action={`${href('plans', planId)}/milestone-order`}>
        <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
        <input type="hidden" name="version" value={String(version)} />
        <input type="hidden" name="move" value={m.id} />
        <input type="hidden" name="direction" value={direction} />
        <button type="submit" class="button small secondary" aria-label={`${label}: ${textIn(v, m, 'title')}`}>{label}</button>
      </form>
    );
  };
  return (
    <MilestoneTable
      v={v}
      milestones={milestones}
      now={now}
      caption={t('planning.milestonesCaption', { count: v.number(milestones.length) })}
      mayUpdate={mayUpdate}
      numberHeading={<abbr title={t('planning.refLong')}>{t('planning.ref')}</abbr>}
      numberOf={(m) => (m.ref ? v.number(m.ref) : <span class="muted" title={t('planning.noRef')}>–</span>)}
      rowId={(m) => (m.ref ? `m-${m.ref}` : undefined)}
      actions={mayReorder ? (m, i) => (
        <>
          {' '}
          {i > 0 ? <Move m={m} direction="up" /> : null}
          {i < milestones.length - 1 ? <Move m={m} direction="down" /> : null}
        </>
      ) : undefined}
    />
  );
};

/** Every contribution the reader may see, with the stage and its date; the controls the policy allows. */
const Contributions: FC<{
  v: View;
  p: Principal;
  scope: Scope;
  contributions: Contribution[];
  donorName: (id: string) => string;
  refOf: (milestoneId: string) => { ref?: number; title: string; translations?: Translations } | undefined;
  budgetCurrency: string | undefined;
  rates: readonly RecordedRate[];
}> = ({ v, p, scope, contributions, donorName, refOf, budgetCurrency, rates }) => {
  const { t } = v;
  const last = STAGES[STAGES.length - 1];
  const rights = (x: Contribution) => {
    const s = { ...scope, donorId: x.donorId };
    return { update: can(p, 'contribution:update', s), remove: can(p, 'contribution:delete', s) };
  };
  const anyAction = contributions.some((x) => rights(x).update || rights(x).remove);
  // A column in the budget currency when some contribution is in another currency.
  const converting = !!budgetCurrency && contributions.some((x) => x.kind === 'financial' && x.currency && x.currency !== budgetCurrency);
  return (
    <div class="scroll" role="region" aria-label={t('planning.contributionsCaption')} tabindex={0}>
      <table>
        <caption>{t('planning.contributionsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('funding.donor')}</th>
            <th scope="col">{t('ms.description')}</th>
            <th scope="col" class="num">{t('planning.f.amount')}</th>
            {converting ? <th scope="col" class="num">{t('fx.inCurrency', { currency: budgetCurrency! })}</th> : null}
            <th scope="col">{t('planning.f.stage')}</th>
            <th scope="col">{t('planning.fundedMilestone')}</th>
            {anyAction ? <th scope="col" class="controls"><span class="visually-hidden">{t('ms.actions')}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {contributions.map((x) => {
            const r = rights(x);
            const m = x.milestoneId ? refOf(x.milestoneId) : undefined;
            const date = x.stageDates[x.stage as keyof typeof x.stageDates];
            return (
              <tr>
                <td>{donorName(x.donorId)}<br /><span class="small muted">{t(`kind.${x.kind}`)}</span></td>
                <td>{x.description}{x.internal ? <>{' '}<InternalBadge v={v} /></> : null}</td>
                <td class="num">{x.amount && x.currency ? v.money(x.amount, x.currency) : ''}</td>
                {converting ? <td class="num"><ConvertedCell v={v} contribution={x} budgetCurrency={budgetCurrency} rates={rates} /></td> : null}
                <td class="nowrap">{t(`stage.${x.stage}`)}{date ? <><br /><span class="small muted">{v.date(date)}</span></> : null}</td>
                <td>{m ? <>{m.ref ? `${v.number(m.ref)}. ` : ''}<Written v={v} text={m.title} field={m.translations?.title} /></> : ''}</td>
                {anyAction ? (
                  <td class="controls">
                    {r.update ? <a class="button small secondary" href={`${href('contributions', x.id)}/edit`} aria-label={t('planning.editNamed', { name: x.description })}>{t('planning.edit')}</a> : null}{' '}
                    {r.update && x.stage !== last ? <a class="button small" href={`${href('contributions', x.id)}/advance`} aria-label={t('planning.advanceNamed', { name: x.description })}>{t('planning.advance')}</a> : null}{' '}
                    {r.remove ? <a class="button small danger" href={`${href('contributions', x.id)}/delete`} aria-label={t('planning.deleteNamed', { name: x.description })}>{t('planning.delete')}</a> : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};
