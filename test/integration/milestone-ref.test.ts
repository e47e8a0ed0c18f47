/**
 * Milestone numbers (`ref`) and the plan's milestone order, over DynamoDB Local: numbers are 1..n in
 * the order milestones were added, unique when many are added at once, kept when a milestone
 * changes or moves; the order is guarded by the plan's version.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addMilestone, createPlan, reorderMilestones, updateMilestone } from '../../shared/commands/index.ts';
import { VersionConflict } from '../../shared/store/index.ts';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
const admin = { userId: 'admin', role: 'admin' as const };
const coordPe = { userId: 'coord-pe', role: 'coordinator' as const, administrationId: 'PE' };
const deps = () => ({ store: t.store, now: () => t.now });

beforeAll(async () => {
  t = await demoApp();
});

async function freshPlan(id: string) {
  return createPlan(deps(), admin, { strategyId: 'ams-rm', plan: { id, title: `Plan ${id}`, period: { start: '2026-01-01', end: '2026-12-31' } } });
}

const milestone = (title: string, owner = 'PE') => ({ title, ownerAdministrationId: owner, dueDate: '2026-06-30' });

describe('milestone numbers', () => {
  it('go 1..n in the order milestones are added, and the demo plans have theirs', async () => {
    await freshPlan('refs-seq');
    const refs = [];
    for (const title of ['First', 'Second', 'Third']) refs.push((await addMilestone(deps(), coordPe, { planId: 'refs-seq', milestone: milestone(title) })).ref);
    expect(refs).toEqual([1, 2, 3]);
    const demo = await t.store.milestones.ofPlan('ams-rm-current', { limit: 100 });
    // The seed adds m01..m11 in the workshop's order.
    expect(demo.items.map((m) => [m.id, m.ref])).toEqual(Array.from({ length: 11 }, (_, i) => [`ams-rm-current.m${String(i + 1).padStart(2, '0')}`, i + 1]));
    // The API shows the number (read-only: a client cannot send one).
    const read = await t.as('coord-pe').get('/api/v1/milestones/ams-rm-current.m05');
    expect(read.body.ref).toBe(5);
    const etag = read.headers.get('ETag')!;
    const forged = await t.as('coord-pe').patch('/api/v1/milestones/ams-rm-current.m05', { ref: 99 }, { 'If-Match': etag });
    expect(forged.status).toBe(400);
  });

  it('are unique under 10 concurrent adds, each add one transaction when it does not collide', async () => {
    await freshPlan('refs-race');
    const added = await Promise.all(
      Array.from({ length: 10 }, (_, i) => addMilestone(deps(), coordPe, { planId: 'refs-race', milestone: milestone(`Concurrent ${i}`, i % 2 ? 'AR' : 'PE') })),
    );
    expect(added.map((m) => m.ref).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const stored = await t.store.milestones.ofPlan('refs-race', { limit: 100 });
    expect(stored.items.map((m) => m.ref).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const plan = await t.store.plans.require('refs-race');
    expect(plan.lastRef).toBe(10);
    // Both owners were recorded among the plan's participants despite the retries.
    expect(plan.scope.participantIds).toEqual(['AR', 'PE']);

    t.tables.counter.reset();
    const eleventh = await addMilestone(deps(), coordPe, { planId: 'refs-race', milestone: milestone('Eleventh') });
    expect(eleventh.ref).toBe(11);
    expect(t.tables.counter.count('TransactWriteItems')).toBe(1);
  });

  it('take the next number even when the caller read the plan before someone else added one', async () => {
    await freshPlan('refs-stale');
    const before = await t.store.plans.require('refs-stale');
    await addMilestone(deps(), coordPe, { planId: 'refs-stale', milestone: milestone('Added first') });
    const zone = 'America/Lima';
    const late = await t.store.milestones.create(before, { ...milestone('Added from a stale read'), baselineDueDate: '2026-06-30', description: '', status: 'planned', progress: 0, note: '', evidence: [], ownerTimeZone: zone }, { userId: 'admin', role: 'admin' });
    expect(late.ref).toBe(2);
  });

  it('are kept when dates, owner or order change', async () => {
    await freshPlan('refs-keep');
    const a = await addMilestone(deps(), coordPe, { planId: 'refs-keep', milestone: milestone('A') });
    const b = await addMilestone(deps(), coordPe, { planId: 'refs-keep', milestone: milestone('B') });
    const changed = await updateMilestone(deps(), coordPe, { id: a.id, patch: { dueDate: '2026-09-30', ownerAdministrationId: 'AR', title: 'A, moved' }, expectedVersion: 1 });
    expect(changed.ref).toBe(1);
    const plan = await t.store.plans.require('refs-keep');
    const reordered = await reorderMilestones(deps(), coordPe, { planId: 'refs-keep', order: [b.id, a.id], expectedVersion: plan.plan.version });
    expect(reordered.milestoneOrder).toEqual([b.id, a.id]);
    expect(reordered.version).toBe(plan.plan.version + 1);
    const after = await t.store.milestones.ofPlan('refs-keep', { limit: 10 });
    expect(Object.fromEntries(after.items.map((m) => [m.id, m.ref]))).toEqual({ [a.id]: 1, [b.id]: 2 });
    // A deleted milestone's number is not given again.
    await t.store.milestones.delete((await t.store.milestones.require(b.id)).milestone, 1, { userId: 'admin', role: 'admin' });
    expect((await addMilestone(deps(), coordPe, { planId: 'refs-keep', milestone: milestone('C') })).ref).toBe(3);
  });
});

describe('the milestone order', () => {
  it('with a stale version changes nothing', async () => {
    await freshPlan('order-stale');
    const a = await addMilestone(deps(), coordPe, { planId: 'order-stale', milestone: milestone('A') });
    const b = await addMilestone(deps(), coordPe, { planId: 'order-stale', milestone: milestone('B') });
    const plan = await t.store.plans.require('order-stale');
    await reorderMilestones(deps(), coordPe, { planId: 'order-stale', order: [b.id, a.id], expectedVersion: plan.plan.version });
    await expect(reorderMilestones(deps(), coordPe, { planId: 'order-stale', order: [a.id, b.id], expectedVersion: plan.plan.version })).rejects.toBeInstanceOf(VersionConflict);
    const after = await t.store.plans.require('order-stale');
    expect(after.plan.milestoneOrder).toEqual([b.id, a.id]);
    expect(after.plan.version).toBe(plan.plan.version + 1);
  });

  it('refuses unknown and repeated ids, and lists milestones left out after, by number', async () => {
    await freshPlan('order-rules');
    const ms = [];
    for (const title of ['A', 'B', 'C']) ms.push(await addMilestone(deps(), coordPe, { planId: 'order-rules', milestone: milestone(title) }));
    const version = (await t.store.plans.require('order-rules')).plan.version;
    await expect(reorderMilestones(deps(), coordPe, { planId: 'order-rules', order: [ms[0]!.id, ms[0]!.id], expectedVersion: version })).rejects.toMatchObject({ errors: [{ field: 'order.1', code: 'duplicate' }] });
    await expect(reorderMilestones(deps(), coordPe, { planId: 'order-rules', order: ['ams-rm-current.m01'], expectedVersion: version })).rejects.toMatchObject({ errors: [{ field: 'order.0', code: 'unknown_reference' }] });
    const plan = await reorderMilestones(deps(), coordPe, { planId: 'order-rules', order: [ms[2]!.id], expectedVersion: version });
    expect(plan.milestoneOrder).toEqual([ms[2]!.id, ms[0]!.id, ms[1]!.id]);
    // Focal points, donors and Directors General may not reorder.
    await expect(reorderMilestones(deps(), { userId: 'focal-gt', role: 'focal_point', administrationId: 'GT' }, { planId: 'order-rules', order: [], expectedVersion: plan.version })).rejects.toThrow(/may not/);
  });

  it('is set through the API with If-Match: PUT /plans/{id}/milestone-order', async () => {
    const path = '/api/v1/plans/ams-rm-2014';
    const plan = await t.as('coord-ar').get(path);
    const etag = plan.headers.get('ETag')!;
    const order = ['ams-rm-2014.m02', 'ams-rm-2014.m01'];
    const missing = await t.as('coord-ar').send('PUT', `${path}/milestone-order`, { body: { order } });
    expect(missing.status).toBe(428);
    const done = await t.as('coord-ar').send('PUT', `${path}/milestone-order`, { body: { order }, headers: { 'If-Match': etag } });
    expect(done.status).toBe(200);
    expect(done.body.milestoneOrder).toEqual(order);
    expect(done.headers.get('ETag')).toBe(`"${plan.body.version + 1}"`);
    const stale = await t.as('coord-ar').send('PUT', `${path}/milestone-order`, { body: { order: ['ams-rm-2014.m01'] }, headers: { 'If-Match': etag } });
    expect(stale.status).toBe(412);
    expect((await t.as('donor-jica').send('PUT', `${path}/milestone-order`, { body: { order }, headers: { 'If-Match': done.headers.get('ETag')! } })).status).toBe(403);
    const doc = await t.as(null).get('/api/v1/openapi.json');
    expect(doc.body.paths['/api/v1/plans/{id}/milestone-order'].put.parameters.some((p: { name: string }) => p.name.toLowerCase() === 'if-match')).toBe(true);
    expect(doc.body.components.schemas.Milestone.properties.ref).toMatchObject({ type: 'integer' });
  });
});
