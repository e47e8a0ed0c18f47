/** The store: one repository per aggregate over the single table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Contributions } from './contributions.ts';
import { Db } from './db.ts';
import { Digests } from './digests.ts';
import { directory } from './directory.ts';
import { History } from './history.ts';
import { Ledger } from './ledger.ts';
import { Milestones } from './milestones.ts';
import { Plans } from './plans.ts';
import { Strategies } from './strategies.ts';

export function createStore(doc: DynamoDBDocumentClient, tableName: string, now: () => Date = () => new Date()) {
  const db = new Db(doc, tableName);
  const history = new History(db);
  return {
    db,
    history,
    ...directory(db, history, now),
    strategies: new Strategies(db, history, now),
    plans: new Plans(db, history, now),
    milestones: new Milestones(db, history, now),
    contributions: new Contributions(db, history, now),
    ledger: new Ledger(db),
    digests: new Digests(db),
  };
}

export type Store = ReturnType<typeof createStore>;
export * from './errors.ts';
export type { Actor } from './history.ts';
export type { Page, PageRequest } from './db.ts';
export { presentMilestone, type StoredMilestone } from './milestones.ts';
export { inPlanOrder, type PlanRecord } from './plan-collection.ts';
