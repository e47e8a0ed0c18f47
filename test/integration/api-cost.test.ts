/** DynamoDB requests per API call: deterministic costs, asserted. */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

async function cost(call: () => Promise<{ status: number }>, expectedStatus = 200) {
  t.tables.counter.reset();
  const res = await call();
  expect(res.status).toBe(expectedStatus);
  return { total: t.tables.counter.total, count: (name: string) => t.tables.counter.count(name), commands: [...t.tables.counter.commands] };
}

describe('single resources cost at most 2 requests', () => {
  const reads = [
    '/api/v1/strategies/ams-rm',
    '/api/v1/strategies/ams-rm/coordinators',
    '/api/v1/plans/ams-rm-current',
    '/api/v1/milestones/ams-rm-current.m02',
    '/api/v1/contributions/ams-rm-current.c01',
    '/api/v1/administrations/PE',
    '/api/v1/donors/jica',
  ];
  for (const path of reads) {
    it(`GET ${path}`, async () => {
      const c = await cost(() => t.as('coord-pe').get(path));
      expect(c.total).toBeLessThanOrEqual(2);
      expect(c.count('Scan')).toBe(0);
    });
  }

  it("a plan's progress reads the plan, and its item collection only when something in it changed", async () => {
    const path = '/api/v1/plans/toa-rm-2023/progress';
    const first = await cost(() => t.as('coord-pe').get(path));
    expect(first.commands).toEqual(['GetItemCommand', 'QueryCommand']);
    const again = await cost(() => t.as('coord-pe').get(path));
    expect(again.commands).toEqual(['GetItemCommand']);

    const milestone = '/api/v1/milestones/toa-rm-2023.m02';
    const etag = (await t.as('coord-pe').get(milestone)).headers.get('ETag')!;
    expect((await t.as('coord-pe').patch(milestone, { progress: 65 }, { 'If-Match': etag })).status).toBe(200);
    const afterWrite = await cost(() => t.as('coord-pe').get(path));
    expect(afterWrite.commands).toEqual(['GetItemCommand', 'QueryCommand']);
    const progress = await t.as('coord-pe').get(path);
    expect(progress.body.milestones.percentComplete).toBe(Math.round((100 + 65 + 0) / 3));
  });
});

describe("a plan's progress with contributions in other currencies", () => {
  const path = '/api/v1/plans/ams-rm-current/progress';

  it('reads the plan and the rates revision in one BatchGetItem while nothing changed, and the rates again when one is recorded', async () => {
    // This container reads the collection and the rates (cold), then the rates revision beside the plan
    // and the rates once more, which it keeps at that revision.
    await t.as('coord-pe').get(path);
    await t.as('coord-pe').get(path);
    const again = await cost(() => t.as('coord-pe').get(path));
    expect(again.commands).toEqual(['BatchGetItemCommand']);
    const rollUp = async () => JSON.stringify({ ...(await t.as('coord-pe').get(path)).body, asOf: undefined });
    const before = await rollUp();

    // The secretariat corrects the recorded JPY rates: the next roll-up reads the rates again and converts at them.
    const rates = (await t.as('admin').get('/api/v1/exchange-rates?limit=100')).body.items.filter((r: { from: string }) => r.from === 'JPY');
    expect(rates.length).toBeGreaterThan(0);
    for (const r of rates) {
      const corrected = await t.as('admin').patch(`/api/v1/exchange-rates/${r.id}`, { rate: '0.00777' }, { 'If-Match': `"${r.version}"` });
      expect(corrected.status).toBe(200);
    }
    const afterRate = await cost(() => t.as('coord-pe').get(path));
    expect(afterRate.commands.sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
    const after = await rollUp();
    expect(after).not.toBe(before);
    expect(before).not.toContain('0.00777');
    expect(after).toContain('0.00777');
    expect((await t.as('coord-pe').get(path)).status).toBe(200);
    expect((await cost(() => t.as('coord-pe').get(path))).commands).toEqual(['BatchGetItemCommand']);
  });
});

describe('a list page is exactly one Query', () => {
  const lists = [
    '/api/v1/strategies',
    '/api/v1/strategies/ams-rm/plans',
    '/api/v1/plans/ams-rm-current/milestones',
    '/api/v1/plans/ams-rm-current/contributions',
    '/api/v1/donors/jica/contributions',
    '/api/v1/administrations',
    '/api/v1/donors',
    '/api/v1/milestones/ams-rm-current.m01/history',
  ];
  for (const path of lists) {
    it(`GET ${path}`, async () => {
      const c = await cost(() => t.as('admin').get(`${path}?limit=2`));
      expect(c.count('Query')).toBe(1);
      // At most one GetItem beside it, for the parent's permissions or existence (sent in parallel).
      expect(c.total).toBeLessThanOrEqual(2);
    });
  }

  it('the next page costs the same', async () => {
    const first = await t.as('admin').get('/api/v1/plans/ams-rm-current/milestones?limit=3');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const c = await cost(() => t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?limit=3&cursor=${first.body.nextCursor}`));
    expect(c.count('Query')).toBe(1);
  });
});

describe("a plan's milestone list reads the plan and the page in parallel", () => {
  const ids = (body: { items: { id: string }[] }) => body.items.map((m) => m.id);
  const list = (who: string, plan: string) => cost(() => t.as(who).get(`/api/v1/plans/${plan}/milestones`));

  it('one GetItem and one Query when the guess about internal milestones holds (the demo\'s m10 is internal, owned by AR)', async () => {
    for (const who of ['admin', 'coord-pe', 'focal-gt', 'dg-ar', 'donor-jica']) {
      const c = await list(who, 'ams-rm-current');
      expect([...c.commands].sort(), `${who}: ${c.commands.join()}`).toEqual(['GetItemCommand', 'QueryCommand']);
    }
    const gt = await t.as('focal-gt').get('/api/v1/plans/ams-rm-current/milestones');
    expect(ids(gt.body)).not.toContain('ams-rm-current.m10');
    const ar = await t.as('dg-ar').get('/api/v1/plans/ams-rm-current/milestones');
    expect(ids(ar.body)).toContain('ams-rm-current.m10');
  });

  it('one more Query when the guess was wrong and changed the page, with the same items as a reader who guessed right', async () => {
    // dg-pe is guessed not to see internal milestones (a Director General), but Peru co-coordinates the plan.
    const pe = await list('dg-pe', 'ams-rm-current');
    expect(pe.commands.sort()).toEqual(['GetItemCommand', 'QueryCommand', 'QueryCommand']);
    const asPe = await t.as('dg-pe').get('/api/v1/plans/ams-rm-current/milestones');
    expect(ids(asPe.body)).toEqual(ids((await t.as('admin').get('/api/v1/plans/ams-rm-current/milestones')).body));

    // coord-pe is guessed to see them (a coordinator), but Peru neither coordinates ca-crm nor owns this milestone.
    const plan = 'ca-crm-2017';
    const created = await t.as('admin').post(`/api/v1/plans/${plan}/milestones`, { title: 'Joint operation at the border', ownerAdministrationId: 'CR', dueDate: '2027-03-01', internal: true });
    expect(created.status).toBe(201);
    const c = await list('coord-pe', plan);
    expect(c.commands.sort()).toEqual(['GetItemCommand', 'QueryCommand', 'QueryCommand']);
    const seen = await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`);
    expect(seen.status).toBe(200);
    expect(ids(seen.body)).not.toContain(created.body.id);
    expect(ids((await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones?limit=1`)).body)).not.toContain(created.body.id);
    expect(ids((await t.as('admin').get(`/api/v1/plans/${plan}/milestones`)).body)).toContain(created.body.id);
  });

  it('a cursor goes on whichever way the page was read', async () => {
    const first = await t.as('dg-pe').get('/api/v1/plans/ams-rm-current/milestones?limit=4');
    const all = [...ids(first.body)];
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const next = await t.as('dg-pe').get(`/api/v1/plans/ams-rm-current/milestones?limit=4&cursor=${cursor}`);
      expect(next.status).toBe(200);
      all.push(...ids(next.body));
      cursor = next.body.nextCursor;
    }
    expect(all).toEqual(ids((await t.as('admin').get('/api/v1/plans/ams-rm-current/milestones?limit=100')).body));
  });
});

describe('every write is exactly one TransactWriteItems', () => {
  it('PATCH a milestone', async () => {
    const path = '/api/v1/milestones/ams-rm-current.m09';
    const etag = (await t.as('coord-pe').get(path)).headers.get('ETag')!;
    const c = await cost(() => t.as('coord-pe').patch(path, { progress: 10 }, { 'If-Match': etag }));
    expect(c.count('TransactWriteItems')).toBe(1);
    expect(c.count('PutItem') + c.count('UpdateItem') + c.count('DeleteItem')).toBe(0);
  });

  it('POST a milestone and a contribution, PATCH a plan', async () => {
    const m = await cost(() => t.as('coord-pe').post('/api/v1/plans/ams-rm-current/milestones', { title: 'New', ownerAdministrationId: 'PE', dueDate: '2027-01-15' }), 201);
    expect(m.count('TransactWriteItems')).toBe(1);
    const c = await cost(() => t.as('coord-pe').post('/api/v1/plans/ams-rm-current/contributions', { donorId: 'usaid', kind: 'in_kind', description: 'Experts', stageDates: { pledged: '2026-11-01' } }), 201);
    expect(c.count('TransactWriteItems')).toBe(1);
    const etag = (await t.as('coord-pe').get('/api/v1/plans/ams-rm-current')).headers.get('ETag')!;
    const p = await cost(() => t.as('coord-pe').patch('/api/v1/plans/ams-rm-current', { title: 'Renamed plan' }, { 'If-Match': etag }));
    expect(p.count('TransactWriteItems')).toBe(1);
  });

  it('a refused write sends no write at all', async () => {
    const path = '/api/v1/milestones/ams-rm-current.m09';
    const c = await cost(() => t.as('donor-jica').patch(path, { progress: 10 }, { 'If-Match': '"1"' }), 403);
    expect(c.count('TransactWriteItems')).toBe(0);
  });
});

describe("an administration's open milestones", () => {
  it('come from one Query of the owner index, and leave it when done', async () => {
    const before = (await t.store.milestones.openOwnedBy('GT')).map((m) => m.id).sort();
    expect(before).toEqual(['ams-rm-current.m03', 'ams-rm-current.m08']);
    t.tables.counter.reset();
    await t.store.milestones.openOwnedBy('GT');
    expect(t.tables.counter.commands).toEqual(['QueryCommand']);

    const path = '/api/v1/milestones/ams-rm-current.m03';
    const etag = (await t.as('focal-gt').get(path)).headers.get('ETag')!;
    expect((await t.as('focal-gt').patch(path, { status: 'done' }, { 'If-Match': etag })).status).toBe(200);
    expect((await t.store.milestones.openOwnedBy('GT')).map((m) => m.id)).toEqual(['ams-rm-current.m08']);
    expect((await t.store.milestones.openDueBy('9999-12-31')).map((m) => m.id)).not.toContain('ams-rm-current.m03');
  });
});
