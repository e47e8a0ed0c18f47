/** An id longer than a DynamoDB key allows is not found, without a request to DynamoDB (issue 10, item 4). */
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../shared/store/index.ts';
import { demoApp } from '../support/api.ts';
import { testTables, type TestTables } from '../support/dynamo.ts';

let tables: TestTables;
let store: Store;
let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  [tables, t] = await Promise.all([testTables(), demoApp()]);
  store = createStore(tables.doc, tables.tableName);
});

const LONG = 'x'.repeat(3000);

describe('ids longer than a key', () => {
  it('are not found by the store, and DynamoDB is not asked', async () => {
    tables.counter.reset();
    expect(await store.donors.get(LONG)).toBeUndefined();
    expect(await store.milestones.get(`ams-rm-current.${LONG}`)).toBeUndefined();
    expect((await store.milestones.ofPlan(LONG, { limit: 5 })).items).toEqual([]);
    expect(tables.counter.commands).toEqual([]);
  });

  it('answer 404 on the API, never 500', async () => {
    for (const path of [`/api/v1/donors/${LONG}`, `/api/v1/plans/${LONG}`, `/api/v1/plans/${LONG}/milestones`, `/api/v1/strategies/${LONG}`]) {
      const res = await t.as('admin').get(path);
      expect(`${path.slice(0, 20)} ${res.status}`).toMatch(/ 4\d\d$/);
    }
  });
});
