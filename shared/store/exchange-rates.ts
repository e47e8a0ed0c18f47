/**
 * Exchange rates the secretariat records. Each lives in the partition of the currency it converts
 * into (`RATES#USD` / `JPY#2026-03-02`), so a page converting into a budget currency reads every
 * rate it may need with one Query, however many pairs and days; the secretariat's list reads gsi1.
 */
import { currenciesNeedingRates } from '../domain/exchange.ts';
import type { Contribution, ExchangeRate, Plan } from '../domain/resources.ts';
import type { Db } from './db.ts';
import { DirectoryRepository } from './directory.ts';
import type { History } from './history.ts';
import { strip } from './history.ts';
import { key, listKey } from './keys.ts';

/** What conversion reads of a rate (the Query projects these only). */
export type RateForConversion = Pick<ExchangeRate, 'id' | 'from' | 'to' | 'rate' | 'date' | 'source' | 'version'>;

export class ExchangeRates extends DirectoryRepository<ExchangeRate> {
  constructor(db: Db, history: History, now: () => Date) {
    super(db, history, now, { resource: 'exchange-rate', key: key.exchangeRate, listPartition: listKey.exchangeRates });
  }

  /** Every rate recorded into `to`, one Query (DynamoDB pages past 1 MB, some 5,000 rates). */
  async into(to: string): Promise<RateForConversion[]> {
    const items = await this.db.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': key.ratesInto(to) },
      ProjectionExpression: 'id, #f, #t, rate, #d, #s, version',
      ExpressionAttributeNames: { '#f': 'from', '#t': 'to', '#d': 'date', '#s': 'source' },
    });
    return items.map((i) => strip<RateForConversion>(i));
  }

  /**
   * The recorded rates plans' contributions need: one Query per budget currency that some
   * contribution in another currency, without an agreed rate, converts into; none otherwise.
   */
  async forPlans(plans: readonly { plan: Pick<Plan, 'budget'>; contributions: readonly Contribution[] }[]): Promise<RateForConversion[]> {
    const needed = currenciesNeedingRates(plans.flatMap((p) => p.contributions.map((contribution) => ({ contribution, budgetCurrency: p.plan.budget?.currency }))));
    return needed.length === 0 ? [] : this.intoAll(needed);
  }

  /** The rates into several currencies: one Query each, in parallel. */
  async intoAll(currencies: Iterable<string>): Promise<RateForConversion[]> {
    const lists = await Promise.all([...new Set(currencies)].map((c) => this.into(c)));
    return lists.flat();
  }
}
