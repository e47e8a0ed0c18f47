/** Loads the demo world once into an empty table (see demo-data.ts). */
import { localDate } from '../shared/domain/dates.ts';
import { rateId } from '../shared/domain/exchange.ts';
import type { Store } from '../shared/store/index.ts';
import * as demo from './demo-data.ts';
import * as demoResults from './demo-results.ts';

const seeder = { userId: 'seed', role: 'admin' as const };

/** Returns false when the data is there already (the seed runs once per data folder). */
export async function seedDemo(store: Store, now: Date = new Date()): Promise<boolean> {
  if (await store.strategies.get('ams-rm')) return false;
  const today = localDate(now, 'UTC');
  for (const a of demo.administrations) await store.administrations.create(a, seeder);
  for (const d of demo.donors) await store.donors.create(d, seeder);
  for (const p of demo.people) await store.people.create(p, seeder);
  for (const r of demo.exchangeRates(today)) await store.exchangeRates.create({ id: rateId(r.from, r.to, r.date), ...r, recordedBy: 'admin' }, seeder);
  const zones = new Map(demo.administrations.map((a) => [a.id, a.timeZone]));
  for (const { coordinators, ...s } of demo.strategies) {
    let strategy = await store.strategies.create(s, seeder);
    for (const c of coordinators) strategy = (await store.strategies.addCoordinator(strategy, c.administrationId, c.since, seeder)).strategy;
  }
  for (const { milestones, contributions, strategyId, ...p } of demo.plans(today)) {
    const strategy = await store.strategies.require(strategyId);
    await store.plans.create(strategy, p, seeder);
    let plan = await store.plans.require(p.id);
    // In the workshop's order: each milestone gets the plan's next number (ref 1, 2, ...).
    for (const m of milestones) {
      const created = await store.milestones.create(plan, {
        description: '', note: '', evidence: [], ...m, baselineDueDate: m.baselineDueDate ?? m.dueDate, ownerTimeZone: zones.get(m.ownerAdministrationId)!,
      }, seeder);
      plan = { ...plan, lastRef: created.ref! };
    }
    plan = await store.plans.require(p.id);
    for (const c of contributions) {
      await store.contributions.create(plan, c, seeder);
    }
  }
  await seedResults(store, now, today);
  return true;
}

/** The current plan's results framework and its values (demo-results.ts), as the commands would have left them. */
async function seedResults(store: Store, now: Date, today: string): Promise<void> {
  const plan = await store.plans.require(demoResults.RESULTS_PLAN);
  const where = { planId: plan.plan.id, strategyId: plan.plan.strategyId };
  for (const r of demoResults.results) await store.results.write('result', { ...r, ...where }, null, seeder);
  const periods = demoResults.periods(today);
  for (const p of periods) await store.results.write('period', { ...p, planId: plan.plan.id }, null, seeder);
  for (const i of demoResults.indicators(today)) await store.results.write('indicator', { ...i, ...where }, null, seeder);
  // A hundred values as the commands would have left them, with their history, in a few batch writes.
  const entries = demoResults.submissions.map((s, n) => {
    const by = demoResults.reporterOf(s.administrationId);
    const reviewer = s.administrationId === 'PE' ? 'coord-ar' : 'coord-pe';
    const at = new Date(now.getTime() - s.daysAgo * 86_400_000);
    const submitted = {
      ...where, id: `${plan.plan.id}.s-demo-${String(n + 1).padStart(3, '0')}`, indicatorId: `${plan.plan.id}.${s.indicator}`, periodId: periods[s.round - 1]!.id,
      administrationId: s.administrationId, ...(s.value ? { value: s.value } : {}), ...(s.answer ? { answer: s.answer } : {}),
      note: s.note ?? '', evidence: [], state: 'submitted', submittedBy: by, submittedAt: at.toISOString(),
    };
    const submitter = { userId: by, role: by.startsWith('coord') ? 'coordinator' as const : by === 'admin' ? 'admin' as const : 'focal_point' as const };
    const events: Parameters<Store['results']['load']>[0][number]['events'] = [
      { action: 'submitted', actor: submitter, at, changes: [{ field: 'value', before: null, after: s.value ?? null }, { field: 'state', before: null, after: 'submitted' }] },
    ];
    const reviewed = s.state === 'submitted' ? {} : { state: s.state, ...(s.reason ? { reason: s.reason } : {}), reviewedBy: reviewer, reviewedAt: at.toISOString() };
    if (s.state !== 'submitted') {
      events.push({ action: s.state, actor: { userId: reviewer, role: 'coordinator' }, at, changes: [{ field: 'state', before: 'submitted', after: s.state }, ...(s.reason ? [{ field: 'reason', before: null, after: s.reason }] : [])] });
    }
    return { kind: 'submission' as const, item: { ...submitted, ...reviewed, version: events.length, createdAt: at.toISOString(), updatedAt: at.toISOString() }, events };
  });
  await store.results.load(entries);
}
