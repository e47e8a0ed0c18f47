/** The store: one repository per aggregate over the single table. */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CalendarFeeds } from './calendar-feeds.ts';
import { Contributions } from './contributions.ts';
import { Cursors } from './cursors.ts';
import { Db } from './db.ts';
import { Digests } from './digests.ts';
import { directory } from './directory.ts';
import { ExchangeRates } from './exchange-rates.ts';
import { History } from './history.ts';
import { Imports } from './imports.ts';
import { Ledger } from './ledger.ts';
import { Milestones } from './milestones.ts';
import { Plans } from './plans.ts';
import { Results } from './results.ts';
import { EndedSessions } from './sessions.ts';
import { Strategies } from './strategies.ts';

/**
 * `cursors` seals page cursors with a key derived from the deployment secret; every host that
 * serves lists to more than one process (the functions, the local server) passes it. Without it a
 * random key is made, good for this process only (tests, benchmarks, tooling).
 */
export function createStore(doc: DynamoDBDocumentClient, tableName: string, now: () => Date = () => new Date(), cursors?: Cursors) {
  const db = new Db(doc, tableName, cursors);
  const history = new History(db);
  const milestones = new Milestones(db, history, now);
  const contributions = new Contributions(db, history, now);
  return {
    db,
    history,
    ...directory(db, history, now),
    strategies: new Strategies(db, history, now),
    plans: new Plans(db, history, now),
    milestones,
    imports: new Imports(db, history, milestones, contributions, now),
    contributions,
    results: new Results(db, history, now),
    exchangeRates: new ExchangeRates(db, history, now),
    ledger: new Ledger(db),
    digests: new Digests(db),
    calendarFeeds: new CalendarFeeds(db, history, now),
    endedSessions: new EndedSessions(db, now),
    health: healthCheck(db, now),
  };
}

/**
 * Whether DynamoDB answers: one eventually consistent GetItem of a key nothing uses (half a read
 * unit), remembered for 10 seconds per container so that a load balancer's or a monitor's polling
 * costs next to nothing.
 */
function healthCheck(db: Db, now: () => Date) {
  let last: { at: number; ok: boolean } | undefined;
  return async (): Promise<boolean> => {
    const t = now().getTime();
    if (last && t - last.at < 10_000) return last.ok;
    let ok = true;
    try {
      await db.doc.send(new GetCommand({ TableName: db.tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }));
    } catch {
      ok = false;
    }
    last = { at: t, ok };
    return ok;
  };
}

export type Store = ReturnType<typeof createStore>;
export * from './errors.ts';
export type { Actor } from './history.ts';
export { everyPage, type Page, type PageRequest } from './db.ts';
export { presentMilestone, type StoredMilestone } from './milestones.ts';
export { inPlanOrder, type PlanRecord } from './plan-collection.ts';
export { Cursors } from './cursors.ts';
export { toFramework, type ResultsEntry, type ResultsFramework } from './results.ts';
export type { ImportHeader, ImportWrite } from './imports.ts';
export type { RateForConversion } from './exchange-rates.ts';
