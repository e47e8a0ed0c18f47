/**
 * Home, per role. Focal points, coordinators and the secretariat get "my milestones" by urgency
 * (late, due soon, later) with an Update button on each they may update; coordinators also their
 * strategies. Donors get what they fund; Directors General their administration's strategies and
 * the latest digest.
 */
import type { FC } from 'hono/jsx';
import { planScopeFilter } from '../../domain/policy.ts';
import { can, type Principal } from '../../domain/policy.ts';
import type { Strategy } from '../../domain/resources.ts';
import type { PlanRecord } from '../../store/index.ts';
import { HealthBadge, Localized, Progress, Written, milestoneRights, textIn } from '../components.tsx';
import { allStrategies, plansById } from '../data.ts';
import { Layout, Notice } from '../layout.tsx';
import { me, render, type Pages } from '../page.tsx';
import { byUrgency, DUE_SOON_WINDOW_DAYS, present, type Ranked, type Urgency } from '../urgency.ts';
import { addDays, localDate } from '../../domain/dates.ts';
import type { ResultsFramework, Store, StoredMilestone } from '../../store/index.ts';
import { reportTasks } from '../../commands/results.ts';
import { ReportList, ReviewList } from './results.tsx';
import type { View } from '../view.ts';
import { DigestEntry } from './digests.tsx';
import { donorPage } from './donor.tsx';
import { SetupSummary } from './setup.tsx';
import { readDirectory, setupNeeds } from './setup/needs.ts';

/** How many milestones the "later" group shows before pointing to the plans. */
const LATER_SHOWN = 10;

export function homePages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const { store } = deps;

  app.get('/', signedIn, async (c) => {
    const p = me(c);
    const v = c.get('view');
    const now = deps.now();

    if (p.role === 'donor') return donorPage(pages, c, p.donorId ?? '-', 'home');

    if (p.role === 'director_general') {
      const strategies = await allStrategies(store);
      const [plans, administration, digests] = await Promise.all([
        Promise.all(strategies.map((s) => store.plans.ofStrategy(s.id, { limit: 100 }, planScopeFilter(p)))),
        p.administrationId ? store.administrations.get(p.administrationId) : undefined,
        p.administrationId ? store.digests.list(p.administrationId, { limit: 1 }) : undefined,
      ]);
      const concerned = strategies
        .map((s, i) => ({ strategy: s, plans: plans[i]!.items.filter((r) => can(p, 'plan:read', r.scope)) }))
        .filter((x) => x.plans.length > 0);
      const latest = digests?.items[0];
      return render(c, (
        <Layout v={v} title={v.t('home.title')} section="home">
          <h1>{administration ? v.t('dg.title', { name: administration.name }) : v.t('home.title')}</h1>
          <h2>{v.t('dg.latestDigest')}</h2>
          {latest ? (
            <ul class="tasks">
              <DigestEntry v={v} d={latest} href={`/digests?administration=${encodeURIComponent(latest.administrationId)}&digest=${encodeURIComponent(latest.id)}`} />
            </ul>
          ) : (
            <p>{v.t('digests.none')}</p>
          )}
          <p><a href="/digests">{v.t('dg.allDigests')}</a></p>
          <h2>{v.t('dg.strategies')}</h2>
          {concerned.length === 0 ? <p>{v.t('dg.noStrategies')}</p> : <StrategyList v={v} items={concerned} />}
        </Layout>
      ));
    }

    // Focal points, coordinators and the secretariat: milestones first.
    // Each reads only its own share: the secretariat what is late or due soon (due-date index), a focal
    // point what its administration owns, a coordinator that plus the plans it co-coordinates.
    const strategies = await allStrategies(store);
    const coordinated = p.role === 'coordinator' ? strategies.filter((s) => !!p.administrationId && s.coordinatorIds.includes(p.administrationId)) : [];
    const coordinatedIds = new Set(coordinated.map((s) => s.id));
    // The secretariat also sees how many things still need set-up (the same list as /setup).
    const [{ milestones: relevant, plans: known, frameworks }, needs, reporting] = await Promise.all([
      relevantOpenMilestones(store, p, coordinated, now),
      can(p, 'person:list') ? readDirectory(store, strategies).then(setupNeeds) : undefined,
      // A focal point's results to report this period: the active plans of every strategy (one Query
      // each) and their frameworks (one Query each). A coordinator's come with the plans it reads below.
      p.role === 'focal_point' ? resultsOfActivePlans(store, p, strategies) : undefined,
    ]);
    const ownFrameworks = reporting ?? frameworks;
    const today = localDate(now, 'UTC');
    const tasks = p.administrationId && (p.role === 'focal_point' || p.role === 'coordinator')
      ? ownFrameworks.flatMap(({ plan, results }) => can(p, 'result:submit', { ...plan.scope, ownerAdministrationId: p.administrationId }) ? reportTasks(p.administrationId!, plan.plan, results, today) : [])
      : [];
    // What waits for this coordinator's review: submissions in the plans it co-coordinates, not its own.
    const waiting = p.role === 'coordinator'
      ? frameworks.filter(({ plan }) => can(p, 'result:review', plan.scope)).flatMap(({ results }) => results.submissions.filter((x) => x.state === 'submitted' && x.submittedBy !== p.userId))
      : [];
    const titles = new Map(ownFrameworks.flatMap(({ results }) => results.indicators.map((i) => [i.id, textIn(v, i, 'title')] as const)));
    // A focal point's active plans were read for its results already: not read a second time.
    const plans = await plansById(store, relevant.map((m) => m.planId), [...known, ...(reporting ?? []).map((r) => r.plan)]);
    const readable = relevant.filter((m) => {
      const plan = plans.get(m.planId);
      return plan && can(p, 'milestone:read', { ...plan.scope, ownerAdministrationId: m.ownerAdministrationId });
    });
    let ranked = byUrgency(readable.map((m) => present(m, now)), now);
    // The secretariat sees everything: its home keeps to what needs attention.
    if (p.role === 'admin') ranked = ranked.filter((r) => r.urgency !== 'later');
    const groups = (['late', 'soon', 'later'] as const).map((u) => ({ urgency: u, items: ranked.filter((r) => r.urgency === u) }));

    return render(c, (
      <Layout v={v} title={v.t('home.title')} section="home">
        <h1>{v.t(p.role === 'focal_point' ? 'home.myMilestones' : 'home.attention')}</h1>
        <p class="lead">{v.t(p.role === 'focal_point' ? 'home.leadFocal' : p.role === 'coordinator' ? 'home.leadCoordinator' : 'home.leadAdmin', { days: v.days(DUE_SOON_WINDOW_DAYS) })}</p>
        {needs && needs.length > 0 ? <SetupSummary v={v} count={needs.length} /> : null}
        {ranked.length === 0 ? <Notice kind="ok"><p>{v.t('home.nothingOpen')}</p></Notice> : null}
        {groups.map((g) =>
          g.items.length === 0 ? null : (
            <section aria-labelledby={`group-${g.urgency}`}>
              <h2 id={`group-${g.urgency}`}>{v.t(`urgency.${g.urgency}`, { count: v.number(g.items.length), days: v.days(DUE_SOON_WINDOW_DAYS) })}</h2>
              <TaskList v={v} p={p} items={g.urgency === 'later' ? g.items.slice(0, LATER_SHOWN) : g.items} plans={plans} urgency={g.urgency} />
              {g.urgency === 'later' && g.items.length > LATER_SHOWN ? <p class="muted">{v.t('home.moreLater', { count: v.number(g.items.length - LATER_SHOWN) })}</p> : null}
            </section>
          ),
        )}
        {p.role === 'coordinator' ? <ReviewList v={v} waiting={waiting} titles={titles} now={now} /> : null}
        {tasks.length > 0 || p.role === 'focal_point' ? <ReportList v={v} tasks={tasks} /> : null}
        <h2>{v.t(p.role === 'coordinator' ? 'home.yourStrategies' : 'home.strategies')}</h2>
        {p.role === 'coordinator' && coordinated.length === 0 ? <p>{v.t('home.noCoordinated')}</p> : null}
        <ul>
          {(p.role === 'coordinator' ? coordinated : strategies).map((s) => (
            <li><Localized v={v} item={s} field="title" href={`/strategies/${encodeURIComponent(s.id)}`} /> <span class="muted small">· {s.region}</span></li>
          ))}
        </ul>
        {p.role === 'coordinator' && coordinated.length < strategies.length ? (
          <details>
            <summary>{v.t('home.otherStrategies')}</summary>
            <ul>
              {strategies.filter((s) => !coordinatedIds.has(s.id)).map((s) => (
                <li><Localized v={v} item={s} field="title" href={`/strategies/${encodeURIComponent(s.id)}`} /></li>
              ))}
            </ul>
          </details>
        ) : null}
      </Layout>
    ));
  });
}

const TaskList: FC<{ v: View; p: Principal; items: Ranked[]; plans: Map<string, PlanRecord>; urgency: Urgency }> = ({ v, p, items, plans, urgency }) => (
  <ul class="tasks">
    {items.map(({ milestone: m, daysLeft }) => {
      const plan = plans.get(m.planId)!;
      const rights = milestoneRights(p, plan.scope, m);
      const href = `/milestones/${encodeURIComponent(m.id)}`;
      return (
        <li class={urgency}>
          <div class="what">
            <Written v={v} text={m.title} field={m.translations?.title} href={href} />
            <span class="meta">
              {v.t('home.taskMeta', { plan: textIn(v, plan.plan, 'title'), owner: v.country(m.ownerAdministrationId) })}
            </span>
            <span class="meta">
              <strong>
                {daysLeft < 0
                  ? v.t('due.lateSince', { date: v.date(m.dueDate), days: v.days(-daysLeft) })
                  : daysLeft === 0
                    ? v.t('due.today')
                    : v.t('due.inDays', { date: v.date(m.dueDate), days: v.days(daysLeft) })}
              </strong>
              {' · '}{v.t(`status.${m.status}`)}{' · '}<Progress v={v} value={m.progress} />
            </span>
          </div>
          <HealthBadge v={v} health={m.health} />
          {rights.report ? (
            <a class="button small" href={`${href}#update`} aria-label={v.t('ms.updateNamed', { title: textIn(v, m, 'title') })}>{v.t('ms.update')}</a>
          ) : null}
        </li>
      );
    })}
  </ul>
);

const StrategyList: FC<{ v: View; items: { strategy: Strategy; plans: PlanRecord[] }[] }> = ({ v, items }) => (
  <ul class="cards">
    {items.map(({ strategy, plans }) => (
      <li class="card">
        <h3><Localized v={v} item={strategy} field="title" href={`/strategies/${encodeURIComponent(strategy.id)}`} /></h3>
        <p class="muted small">{strategy.region}</p>
        <ul>
          {plans.map((r) => <li><Localized v={v} item={r.plan} field="title" href={`/plans/${encodeURIComponent(r.plan.id)}`} /></li>)}
        </ul>
      </li>
    ))}
  </ul>
);

/** The open milestones a person's home lists, and the plan records read on the way (not read again). */
async function relevantOpenMilestones(
  store: Store,
  p: Principal,
  coordinated: Strategy[],
  now: Date,
): Promise<{ milestones: StoredMilestone[]; plans: PlanRecord[]; frameworks: { plan: PlanRecord; results: ResultsFramework }[] }> {
  if (p.role === 'admin') return { milestones: await store.milestones.openDueBy(addDays(localDate(now, 'UTC'), DUE_SOON_WINDOW_DAYS + 1)), plans: [], frameworks: [] };
  if (!p.administrationId) return { milestones: [], plans: [], frameworks: [] };
  const [owned, plansOfCoordinated] = await Promise.all([
    store.milestones.openOwnedBy(p.administrationId),
    Promise.all(coordinated.map((s) => store.plans.ofStrategy(s.id, { limit: 100 }))),
  ]);
  const plans = plansOfCoordinated.flatMap((page) => page.items).filter((r) => r.plan.status !== 'closed');
  const collections = await Promise.all(plans.map((r) => store.plans.collection(r.plan.id)));
  const open = collections.flatMap((col) => col.milestones.map((m) => m.milestone)).filter((m) => m.status !== 'done' && m.status !== 'cancelled');
  const byId = new Map([...owned, ...open].map((m) => [m.id, m]));
  return { milestones: [...byId.values()], plans: collections.map((col) => col.record), frameworks: collections.map((col) => ({ plan: col.record, results: col.results })) };
}

/** The results frameworks of the active plans of the strategies a person may read. */
async function resultsOfActivePlans(store: Store, p: Principal, strategies: Strategy[]): Promise<{ plan: PlanRecord; results: ResultsFramework }[]> {
  const pages = await Promise.all(strategies.map((s) => store.plans.ofStrategy(s.id, { limit: 100 }, planScopeFilter(p))));
  const plans = pages.flatMap((page) => page.items).filter((r) => r.plan.status === 'active' && can(p, 'result:read', r.scope));
  return Promise.all(plans.map(async (plan) => ({ plan, results: await store.results.framework(plan.plan.id) })));
}
