/** Reads several pages share, each a bounded number of DynamoDB requests. */
import type { Strategy } from '../domain/resources.ts';
import { everyPage, type Page, type PageRequest, type PlanRecord, type Store } from '../store/index.ts';

/** Every item of a paged list (lists the directory keeps small: strategies, people). */
export const all = <T,>(list: (page: PageRequest) => Promise<Page<T>>, max = 1000): Promise<T[]> => everyPage(list, max);

export const allStrategies = (store: Store): Promise<Strategy[]> => all((page) => store.strategies.list(page));

/** Plan records by id: those already at hand, the rest in one BatchGetItem. */
export async function plansById(store: Store, ids: Iterable<string>, known: Iterable<PlanRecord> = []): Promise<Map<string, PlanRecord>> {
  const have = new Map([...known].map((r) => [r.plan.id, r]));
  const missing = [...new Set(ids)].filter((id) => !have.has(id));
  if (missing.length === 0) return have;
  const read = await store.plans.getMany(missing);
  return new Map([...have, ...read]);
}
