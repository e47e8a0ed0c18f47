/**
 * Exchange rates the secretariat records. Each lives in the partition of the currency it converts
 * into (`RATES#USD` / `JPY#2026-03-02`), so a page converting into a budget currency reads every
 * rate it may need with one Query, however many pairs and days; the secretariat's list reads gsi1.
 * Every rate written into a currency moves that partition's revision (`#REV`, in the same
 * transaction), so a container may keep the rates it read while the revision holds: a page that
 * reads the revision beside another item (one BatchGetItem) needs no Query at all.
 */
import { currenciesNeedingRates } from '../domain/exchange.ts';
import type { Contribution, ExchangeRate, Plan } from '../domain/resources.ts';
import type { Db, Item, Key } from './db.ts';
import { DirectoryRepository } from './directory.ts';
import type { History } from './history.ts';
import { strip } from './history.ts';
import { key, listKey } from './keys.ts';

/** What conversion reads of a rate (the Query projects these only). */
export type RateForConversion = Pick<ExchangeRate, 'id' | 'from' | 'to' | 'rate' | 'date' | 'source' | 'version'>;

/** The rates revisions read with something else: currency -> revision (none: no rate written since revisions were kept). */
export type RatesRevisions = ReadonlyMap<string, number>;

export class ExchangeRates extends DirectoryRepository<ExchangeRate> {
  /** Rates into a currency as this container last read them, with the revision they were read at or after. */
  private readonly kept = new Map<string, { revision: number; rates: RateForConversion[] }>();

  constructor(db: Db, history: History, now: () => Date) {
    super(db, history, now, {
      resource: 'exchange-rate',
      key: key.exchangeRate,
      listPartition: listKey.exchangeRates,
      alsoWrite: (rate) => [db.update({ Key: key.ratesRevision(rate.to), UpdateExpression: 'ADD rev :one', ExpressionAttributeValues: { ':one': 1 } })],
    });
  }

  /**
   * What to read beside a plan (in the same request) so that its conversions may use kept rates:
   * the revision of the rates into its budget currency, when its contributions need recorded rates.
   */
  revisionToRead(plan: Pick<Plan, 'budget'>, contributions: readonly Contribution[]): Key | undefined {
    const budget = plan.budget?.currency;
    const needed = currenciesNeedingRates(contributions.map((contribution) => ({ contribution, budgetCurrency: budget })));
    return budget && needed.includes(budget) ? key.ratesRevision(budget) : undefined;
  }

  /** The revision an item read for `revisionToRead` says; none when absent (rates written before revisions were kept are read every time). */
  revisionsFrom(read: { key: Key; item: Item | undefined } | undefined): RatesRevisions {
    const rev = read?.item?.rev;
    return typeof rev === 'number' && read!.key.sk === '#REV' ? new Map([[String(read!.key.pk).slice('RATES#'.length), rev]]) : new Map();
  }

  /** Every rate recorded into `to`, one consistent Query (DynamoDB pages past 1 MB, some 5,000 rates). */
  async into(to: string): Promise<RateForConversion[]> {
    const items = await this.db.queryAll({
      KeyConditionExpression: 'pk = :p AND sk > :rev',
      ConsistentRead: true,
      ExpressionAttributeValues: { ':p': key.ratesInto(to), ':rev': key.ratesRevision(to).sk },
      ProjectionExpression: 'id, #f, #t, rate, #d, #s, version',
      ExpressionAttributeNames: { '#f': 'from', '#t': 'to', '#d': 'date', '#s': 'source' },
    });
    return items.map((i) => strip<RateForConversion>(i));
  }

  /**
   * The recorded rates plans' contributions need: one Query per budget currency that some
   * contribution in another currency, without an agreed rate, converts into; none otherwise.
   */
  async forPlans(
    plans: readonly { plan: Pick<Plan, 'budget'>; contributions: readonly Contribution[] }[],
    /** Revisions read beside the plans: a currency whose revision this container's rates were read at needs no Query. */
    revisions?: RatesRevisions,
  ): Promise<RateForConversion[]> {
    const needed = currenciesNeedingRates(plans.flatMap((p) => p.contributions.map((contribution) => ({ contribution, budgetCurrency: p.plan.budget?.currency }))));
    if (needed.length === 0) return [];
    const lists = await Promise.all(needed.map((c) => this.intoAt(c, revisions?.get(c))));
    return lists.flat();
  }

  /** The rates into `to`: kept ones when `revision` (read before this call) is the one they were read at. */
  private async intoAt(to: string, revision: number | undefined): Promise<RateForConversion[]> {
    const kept = this.kept.get(to);
    if (revision !== undefined && kept?.revision === revision) return kept.rates;
    const rates = await this.into(to);
    // Read after the revision: at least as new as it, so they may stand for it (a newer write moves it on).
    if (revision !== undefined) {
      if (this.kept.size >= 200) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(to, { revision, rates });
    }
    return rates;
  }

  /** The rates into several currencies: one Query each, in parallel. */
  async intoAll(currencies: Iterable<string>): Promise<RateForConversion[]> {
    const lists = await Promise.all([...new Set(currencies)].map((c) => this.into(c)));
    return lists.flat();
  }
}
