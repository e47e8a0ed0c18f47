/**
 * Deleting results, indicators and reporting periods against DynamoDB Local: what goes with each
 * (indicators, values in review, a period's targets), one transaction with a history event per item;
 * refused when approved values would be lost, at a stale version, and for those the policy keeps out.
 * Deleting a plan takes its results framework with it: no R# item is left behind.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Forbidden, approveSubmission, createPlan, defineIndicator, definePeriod, defineResult, deleteIndicator, deletePeriod, deletePlan, deleteResult,
  reopenSubmission, submitValue, type Caller, type CommandDeps,
} from '../../shared/commands/index.ts';
import { addDays, localDate } from '../../shared/domain/dates.ts';
import { Conflict, NotFound, VersionConflict } from '../../shared/store/index.ts';
import { jobsWorld, SEEDED_AT, type JobsWorld } from './jobs-world.ts';

let w: JobsWorld;
let deps: CommandDeps;
const today = localDate(SEEDED_AT, 'UTC');
const who = async (id: string): Promise<Caller> => {
  const p = await w.store.people.require(id);
  return { userId: p.id, role: p.role, administrationId: p.administrationId, donorId: p.donorId };
};
const frameworkOf = (planId: string) => w.store.results.framework(planId);
/** Every item left in a plan's partition, by sort key. */
const partition = async (planId: string) => {
  const out = await w.tables.doc.send(new QueryCommand({ TableName: w.tables.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PLAN#${planId}` }, ConsistentRead: true }));
  return (out.Items ?? []).map((i) => String(i.sk));
};

/** A plan of ams-rm with one result, two indicators, two periods with targets, and a value waiting for review. */
async function framedPlan(id: string) {
  const admin = await who('admin');
  const coord = await who('coord-pe');
  await createPlan(deps, admin, { strategyId: 'ams-rm', plan: { id, title: `Plan ${id}`, period: { start: addDays(today, -200), end: addDays(today, 400) } } });
  const result = await defineResult(deps, coord, { planId: id, result: { id: 'outcome', type: '2', title: 'Risk-based selection in place' } });
  const h1 = await definePeriod(deps, coord, { planId: id, period: { id: 'h1', label: 'First half', start: addDays(today, -100), end: addDays(today, 20) } });
  const h2 = await definePeriod(deps, coord, { planId: id, period: { id: 'h2', label: 'Second half', start: addDays(today, 21), end: addDays(today, 200) } });
  const targets = { [h1.id]: { region: '10', administrations: { GT: '2' } }, [h2.id]: { region: '20' } };
  const units = await defineIndicator(deps, coord, { planId: id, indicator: { id: 'units', resultId: result.id, title: 'Units running', measure: '1', targets } });
  const share = await defineIndicator(deps, coord, { planId: id, indicator: { id: 'share', resultId: result.id, title: 'Share selected', measure: '2', aggregation: 'mean', targets: { [h1.id]: { region: '30' } } } });
  const waiting = await submitValue(deps, await who('focal-gt'), { submission: { indicatorId: units.id, periodId: h1.id, administrationId: 'GT', value: '1' } });
  return { result, h1, h2, units, share, waiting };
}

beforeAll(async () => {
  w = await jobsWorld();
  deps = { store: w.store, now: () => SEEDED_AT };
});

describe('deleting an indicator', () => {
  it('takes the values given for it (out of the review queue), in one transaction, each with its history event', async () => {
    const f = await framedPlan('del-indicator');
    const counter = w.tables.counter;
    counter.reset();
    await deleteIndicator(deps, await who('coord-ar'), { id: f.units.id, expectedVersion: f.units.version });
    expect(counter.count('TransactWriteItems')).toBe(1);
    const after = await frameworkOf('del-indicator');
    expect(after.indicators.map((i) => i.id)).toEqual([f.share.id]);
    expect(after.submissions).toEqual([]);
    expect((await w.store.results.awaitingReview('ams-rm')).map((s) => s.id)).not.toContain(f.waiting.id);
    expect((await w.store.history.list(`indicator/${f.units.id}`, { limit: 5 })).items[0]).toMatchObject({ action: 'deleted', actor: 'coord-ar' });
    expect((await w.store.history.list(`submission/${f.waiting.id}`, { limit: 5 })).items.map((e) => e.action)).toEqual(['deleted', 'submitted']);
  });

  it('is refused at a stale version, to focal points, donors and Directors General, and for an unknown id, changing nothing', async () => {
    const f = await framedPlan('del-refused');
    const before = await frameworkOf('del-refused');
    await expect(deleteIndicator(deps, await who('coord-pe'), { id: f.units.id, expectedVersion: f.units.version + 1 })).rejects.toBeInstanceOf(VersionConflict);
    for (const id of ['focal-gt', 'donor-jica', 'dg-pe']) {
      await expect(deleteIndicator(deps, await who(id), { id: f.units.id, expectedVersion: f.units.version }), id).rejects.toBeInstanceOf(Forbidden);
    }
    await expect(deleteIndicator(deps, await who('coord-pe'), { id: 'del-refused.nothing', expectedVersion: 1 })).rejects.toBeInstanceOf(NotFound);
    await expect(deleteIndicator(deps, await who('coord-pe'), { id: 'not an id', expectedVersion: 1 })).rejects.toBeInstanceOf(NotFound);
    // A result's id is not an indicator's.
    await expect(deleteIndicator(deps, await who('coord-pe'), { id: f.result.id, expectedVersion: 1 })).rejects.toBeInstanceOf(NotFound);
    expect(await frameworkOf('del-refused')).toEqual(before);
  });

  it('is refused while a value approved for it would be lost, and allowed once the secretariat reopened it', async () => {
    const f = await framedPlan('del-approved');
    const approved = await approveSubmission(deps, await who('coord-ar'), { id: f.waiting.id, expectedVersion: 1 });
    const before = await frameworkOf('del-approved');
    const refusal = deleteIndicator(deps, await who('coord-pe'), { id: f.units.id, expectedVersion: f.units.version });
    await expect(refusal).rejects.toBeInstanceOf(Conflict);
    await expect(refusal).rejects.toThrow(/1 approved value\(s\) would be lost/);
    await expect(deleteResult(deps, await who('admin'), { id: f.result.id, expectedVersion: 1 })).rejects.toBeInstanceOf(Conflict);
    await expect(deletePeriod(deps, await who('admin'), { id: f.h1.id, expectedVersion: 1 })).rejects.toBeInstanceOf(Conflict);
    expect(await frameworkOf('del-approved')).toEqual(before);

    await reopenSubmission(deps, await who('admin'), { id: approved.id, review: { reason: 'The indicator is replaced by a better one.' }, expectedVersion: approved.version });
    await deleteIndicator(deps, await who('coord-pe'), { id: f.units.id, expectedVersion: f.units.version });
    expect((await frameworkOf('del-approved')).submissions).toEqual([]);
  });

  it('is refused when a value was submitted after the framework was read (the plan moved)', async () => {
    const f = await framedPlan('del-race');
    const plan = await w.store.plans.require('del-race');
    const framework = await frameworkOf('del-race');
    await submitValue(deps, await who('focal-gt'), { submission: { indicatorId: f.units.id, periodId: f.h1.id, administrationId: 'GT', value: '2' } });
    const { removalOf } = await import('../../shared/commands/results.ts');
    const removal = removalOf(framework, 'indicator', f.units.id);
    await expect(w.store.results.remove('del-race', plan.rev, removal.deleted, removal.rewritten, { userId: 'coord-pe', role: 'coordinator' })).rejects.toBeInstanceOf(Conflict);
    expect((await frameworkOf('del-race')).submissions).toHaveLength(2);
  });
});

describe('deleting a reporting period', () => {
  it('takes the values given for it and its targets on every indicator, which move to their next version', async () => {
    const f = await framedPlan('del-period');
    await deletePeriod(deps, await who('coord-pe'), { id: f.h1.id, expectedVersion: f.h1.version });
    const after = await frameworkOf('del-period');
    expect(after.periods.map((p) => p.id)).toEqual([f.h2.id]);
    expect(after.submissions).toEqual([]);
    const units = after.indicators.find((i) => i.id === f.units.id)!;
    expect(units.targets).toEqual({ [f.h2.id]: { region: '20' } });
    expect(units.version).toBe(f.units.version + 1);
    expect(after.indicators.find((i) => i.id === f.share.id)!.targets).toEqual({});
    const history = await w.store.history.list(`indicator/${f.units.id}`, { limit: 5 });
    expect(history.items[0]).toMatchObject({ action: 'updated' });
    expect(history.items[0]!.changes.map((c) => c.field)).toEqual(['targets']);
  });
});

describe('deleting a result', () => {
  it('takes its indicators and their values, and leaves the periods', async () => {
    const f = await framedPlan('del-result');
    await expect(deleteResult(deps, await who('focal-gt'), { id: f.result.id, expectedVersion: 1 })).rejects.toBeInstanceOf(Forbidden);
    await deleteResult(deps, await who('coord-pe'), { id: f.result.id, expectedVersion: f.result.version });
    const after = await frameworkOf('del-result');
    expect(after).toMatchObject({ results: [], indicators: [], submissions: [] });
    expect(after.periods).toHaveLength(2);
  });
});

describe('deleting a plan', () => {
  it('takes its results framework with it: no R# item is left in its partition', async () => {
    await framedPlan('del-plan');
    const plan = await w.store.plans.require('del-plan');
    expect((await partition('del-plan')).filter((sk) => sk.startsWith('R#'))).toHaveLength(6);
    await deletePlan(deps, await who('admin'), { id: 'del-plan', expectedVersion: plan.plan.version });
    expect(await partition('del-plan')).toEqual([]);
    expect((await w.store.results.awaitingReview('ams-rm')).filter((s) => s.planId === 'del-plan')).toEqual([]);
    expect((await w.store.history.list('result/del-plan.outcome', { limit: 5 })).items[0]!.action).toBe('deleted');
  });

  it('is refused while approved values would be lost, leaving plan and framework', async () => {
    const f = await framedPlan('del-plan-approved');
    await approveSubmission(deps, await who('coord-ar'), { id: f.waiting.id, expectedVersion: 1 });
    const plan = await w.store.plans.require('del-plan-approved');
    const before = await partition('del-plan-approved');
    await expect(deletePlan(deps, await who('admin'), { id: 'del-plan-approved', expectedVersion: plan.plan.version })).rejects.toBeInstanceOf(Conflict);
    expect(await partition('del-plan-approved')).toEqual(before);
  });
});
