/**
 * A plan's permission facts stay exact (issue 10, item 3): the administrations that own one of its
 * milestones (their Directors General read the plan) and the donors that make one of its
 * contributions (they read the plan), kept as per-id counts on the plan item, changed in the same
 * transaction as the milestone or contribution, under concurrency too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { countPlanFacts, toPlanRecord } from '../../shared/store/plan-collection.ts';
import { key } from '../../shared/store/keys.ts';
import { migratePlanFacts } from '../../local/migrate.ts';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

const admin = () => t.as('admin');
let n = 0;

async function newPlan(): Promise<string> {
  const id = `facts-${++n}`;
  const res = await admin().post('/api/v1/strategies/ams-rm/plans', { id, title: `Facts ${n}`, period: { start: '2027-01-01', end: '2027-12-31' } });
  expect(res.status).toBe(201);
  return id;
}

async function addMilestone(planId: string, owner: string) {
  const res = await admin().post(`/api/v1/plans/${planId}/milestones`, { title: `Owned by ${owner}`, ownerAdministrationId: owner, dueDate: '2027-06-01' });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, etag: res.headers.get('ETag')! };
}

async function addContribution(planId: string, donorId: string) {
  const res = await admin().post(`/api/v1/plans/${planId}/contributions`, { donorId, kind: 'in_kind', description: 'Experts', stageDates: { pledged: '2026-11-01' } });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, etag: res.headers.get('ETag')! };
}

/** The facts as the plan item keeps them, and as its children say they should be. */
async function facts(planId: string) {
  const items = await t.store.db.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': key.plan(planId).pk }, ConsistentRead: true });
  const record = toPlanRecord(items.find((i) => i.sk === '#PLAN')!);
  const count = (prefix: string, field: string) => {
    const out: Record<string, number> = {};
    for (const i of items.filter((i) => String(i.sk).startsWith(prefix))) out[String(i[field])] = (out[String(i[field])] ?? 0) + 1;
    return out;
  };
  return {
    kept: { participant: record.counts?.participant, donor: record.counts?.donor, participantIds: record.scope.participantIds, donorIds: record.scope.donorIds },
    expected: {
      participant: count('MS#', 'ownerAdministrationId'),
      donor: count('CONTRIB#', 'donorId'),
      participantIds: Object.keys(count('MS#', 'ownerAdministrationId')).sort(),
      donorIds: Object.keys(count('CONTRIB#', 'donorId')).sort(),
    },
  };
}

describe("a Director General reads a plan while the administration owns one of its milestones", () => {
  it('no longer reads it when its last milestones move to another owner and are deleted at the same time (10 tries)', async () => {
    for (let i = 0; i < 10; i++) {
      const planId = await newPlan();
      const [a, b] = [await addMilestone(planId, 'GT'), await addMilestone(planId, 'GT')];
      expect((await t.as('dg-gt').get(`/api/v1/plans/${planId}`)).status).toBe(200);
      const [moved, deleted] = await Promise.all([
        admin().patch(`/api/v1/milestones/${a.id}`, { ownerAdministrationId: 'PE' }, { 'If-Match': a.etag }),
        admin().delete(`/api/v1/milestones/${b.id}`, { 'If-Match': b.etag }),
      ]);
      expect([moved.status, deleted.status]).toEqual([200, 204]);
      expect((await t.as('dg-gt').get(`/api/v1/plans/${planId}`)).status).toBe(403);
      expect((await t.as('dg-gt').get(`/api/v1/milestones/${a.id}`)).status).toBe(403);
      expect((await t.as('dg-gt').get('/api/v1/strategies/ams-rm/plans?limit=100')).body.items.map((p: { id: string }) => p.id)).not.toContain(planId);
      // The new owner's Director General reads it.
      expect((await t.as('dg-pe').get(`/api/v1/plans/${planId}`)).status).toBe(200);
      const f = await facts(planId);
      expect(f.kept).toEqual(f.expected);
    }
  }, 120_000);

  it('keeps reading it while another of its milestones is left, whatever runs at the same time', async () => {
    const planId = await newPlan();
    const [a, b] = [await addMilestone(planId, 'GT'), await addMilestone(planId, 'GT')];
    const [moved, added] = await Promise.all([
      admin().patch(`/api/v1/milestones/${a.id}`, { ownerAdministrationId: 'PE' }, { 'If-Match': a.etag }),
      admin().post(`/api/v1/plans/${planId}/milestones`, { title: 'Another for GT', ownerAdministrationId: 'GT', dueDate: '2027-07-01' }),
    ]);
    expect([moved.status, added.status]).toEqual([200, 201]);
    expect((await admin().delete(`/api/v1/milestones/${b.id}`, { 'If-Match': b.etag })).status).toBe(204);
    expect((await t.as('dg-gt').get(`/api/v1/plans/${planId}`)).status).toBe(200);
    const f = await facts(planId);
    expect(f.kept.participant).toEqual({ GT: 1, PE: 1 });
    expect(f.kept).toEqual(f.expected);
  });
});

describe('a donor reads a plan while it makes one of its contributions', () => {
  it('no longer reads it when its last contributions are deleted at the same time (10 tries)', async () => {
    const seen: number[] = [];
    const plans: string[] = [];
    for (let i = 0; i < 10; i++) {
      const planId = await newPlan();
      plans.push(planId);
      const [a, b] = [await addContribution(planId, 'jica'), await addContribution(planId, 'jica')];
      expect((await t.as('donor-jica').get(`/api/v1/plans/${planId}`)).status).toBe(200);
      const [x, y] = await Promise.all([
        admin().delete(`/api/v1/contributions/${a.id}`, { 'If-Match': a.etag }),
        admin().delete(`/api/v1/contributions/${b.id}`, { 'If-Match': b.etag }),
      ]);
      expect([x.status, y.status]).toEqual([204, 204]);
      seen.push((await t.as('donor-jica').get(`/api/v1/plans/${planId}`)).status);
    }
    expect(seen).toEqual(Array(10).fill(403));
    const listed = (await t.as('donor-jica').get('/api/v1/strategies/ams-rm/plans?limit=100')).body.items.map((p: { id: string }) => p.id);
    expect(listed.filter((id: string) => plans.includes(id))).toEqual([]);
    for (const planId of plans) {
      const f = await facts(planId);
      expect(f.kept).toEqual(f.expected);
    }
  }, 120_000);

  it('stays exact under a burst of adds and deletes from two donors', async () => {
    const planId = await newPlan();
    const first = await Promise.all([0, 1, 2, 3].map((i) => addContribution(planId, i % 2 ? 'jica' : 'imf-captac-dr')));
    const results = await Promise.all([
      ...first.map((c) => admin().delete(`/api/v1/contributions/${c.id}`, { 'If-Match': c.etag })),
      admin().post(`/api/v1/plans/${planId}/contributions`, { donorId: 'imf-captac-dr', kind: 'in_kind', description: 'Late', stageDates: { pledged: '2026-11-01' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual([204, 204, 204, 204, 201]);
    const f = await facts(planId);
    expect(f.kept.donor).toEqual({ 'imf-captac-dr': 1 });
    expect(f.kept).toEqual(f.expected);
    expect((await t.as('donor-jica').get(`/api/v1/plans/${planId}`)).status).toBe(403);
    expect((await t.as('donor-captac').get(`/api/v1/plans/${planId}`)).status).toBe(200);
  }, 60_000);
});

describe('what keeping the facts costs', () => {
  it('deleting a contribution reads the contribution and its plan once and writes once (no Query for the others)', async () => {
    const planId = await newPlan();
    const c = await addContribution(planId, 'jica');
    t.tables.counter.reset();
    expect((await admin().delete(`/api/v1/contributions/${c.id}`, { 'If-Match': c.etag })).status).toBe(204);
    expect([...t.tables.counter.commands].sort()).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
  });

  it("changing a milestone's owner or deleting it adds no request", async () => {
    const planId = await newPlan();
    const m = await addMilestone(planId, 'GT');
    t.tables.counter.reset();
    const moved = await admin().patch(`/api/v1/milestones/${m.id}`, { ownerAdministrationId: 'HT' }, { 'If-Match': m.etag });
    expect(moved.status).toBe(200);
    // The milestone and its plan, the new owner's time zone, the write.
    expect([...t.tables.counter.commands].sort()).toEqual(['BatchGetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
    t.tables.counter.reset();
    expect((await admin().delete(`/api/v1/milestones/${m.id}`, { 'If-Match': moved.headers.get('ETag')! })).status).toBe(204);
    expect([...t.tables.counter.commands].sort()).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
  });
});

describe('plans stored before the counts were kept', () => {
  /** A plan as the earlier code left it: sets that only grew, no counts. */
  async function legacyPlan(): Promise<string> {
    const planId = await newPlan();
    await addMilestone(planId, 'GT');
    const c = await addContribution(planId, 'jica');
    expect((await admin().delete(`/api/v1/contributions/${c.id}`, { 'If-Match': c.etag })).status).toBe(204);
    await t.store.db.transact([t.store.db.update({
      Key: key.plan(planId),
      UpdateExpression: 'SET participantIds = :p, donorIds = :d REMOVE participantCounts, donorCounts',
      ExpressionAttributeValues: { ':p': new Set(['GT', 'HT']), ':d': new Set(['jica']) },
    })]);
    return planId;
  }

  it('are read with their old sets until counted', async () => {
    const planId = await legacyPlan();
    expect((await t.as('donor-jica').get(`/api/v1/plans/${planId}`)).status).toBe(200);
    expect((await t.as('dg-ht').get(`/api/v1/plans/${planId}`)).status).toBe(200);
    expect((await t.as('donor-jica').get('/api/v1/strategies/ams-rm/plans?limit=100')).body.items.map((p: { id: string }) => p.id)).toContain(planId);
  });

  it('are counted from their children by the migration, which drops what the sets had wrong', async () => {
    const planId = await legacyPlan();
    const summary = await migratePlanFacts(t.store.db);
    expect(summary.counted).toBeGreaterThanOrEqual(1);
    const f = await facts(planId);
    expect(f.kept).toEqual(f.expected);
    expect(f.kept.participantIds).toEqual(['GT']);
    expect(f.kept.donorIds).toEqual([]);
    const item = await t.store.db.get(key.plan(planId));
    expect(item).not.toHaveProperty('participantIds');
    expect(item).not.toHaveProperty('donorIds');
    expect((await t.as('donor-jica').get(`/api/v1/plans/${planId}`)).status).toBe(403);
    expect((await t.as('dg-ht').get(`/api/v1/plans/${planId}`)).status).toBe(403);
    // Run again, nothing left to count.
    expect((await migratePlanFacts(t.store.db)).counted).toBe(0);
  });

  it('are counted on their first change when the migration has not run', async () => {
    const planId = await legacyPlan();
    const m = await addMilestone(planId, 'PE');
    expect((await admin().delete(`/api/v1/milestones/${m.id}`, { 'If-Match': m.etag })).status).toBe(204);
    const f = await facts(planId);
    expect(f.kept).toEqual(f.expected);
    expect(f.kept.participant).toEqual({ GT: 1 });
    expect(await countPlanFacts(t.store.db, 'no-such-plan')).toBe('gone');
  });
});
