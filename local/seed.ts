/** Loads the demo world once into an empty table (see demo-data.ts). */
import { localDate } from '../shared/domain/dates.ts';
import { rateId } from '../shared/domain/exchange.ts';
import type { Store } from '../shared/store/index.ts';
import * as demo from './demo-data.ts';

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
  return true;
}
