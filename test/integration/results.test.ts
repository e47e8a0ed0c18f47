/**
 * Results commands against DynamoDB Local: defining a framework, submitting, returning, resubmitting,
 * approving and reopening under the policy, with bad input and stale versions; the store read after
 * each refusal shows nothing changed. Costs: a submission or a review is one transaction; the strategy
 * matrix for 30 administrations x 10 indicators takes at most 3 requests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Forbidden, Invalid, approveSubmission, defineIndicator, definePeriod, defineResult, readResults, reopenSubmission, resubmitValue,
  returnSubmission, setIndicatorTargets, strategyResults, submitValue, updateIndicator, type Caller, type CommandDeps,
} from '../../shared/commands/index.ts';
import { addDays, localDate } from '../../shared/domain/dates.ts';
import { Conflict, NotFound, VersionConflict } from '../../shared/store/index.ts';
import { jobsWorld, SEEDED_AT, type JobsWorld } from './jobs-world.ts';

let w: JobsWorld;
let deps: CommandDeps;
const PLAN = 'ams-rm-current';
const today = localDate(SEEDED_AT, 'UTC');
const who = async (id: string): Promise<Caller> => {
  const p = await w.store.people.require(id);
  return { userId: p.id, role: p.role, administrationId: p.administrationId, donorId: p.donorId };
};
const submissionsOf = async (indicatorId: string) => (await w.store.results.framework(PLAN)).submissions.filter((s) => s.indicatorId === indicatorId);

let indicatorId: string;
let periodId: string;

beforeAll(async () => {
  w = await jobsWorld();
  deps = { store: w.store, now: () => SEEDED_AT };
  const coord = await who('coord-pe');
  const result = await defineResult(deps, coord, { planId: PLAN, result: { id: 'test-outcome', type: '2', title: 'Risk-based selection in place' } });
  const period = await definePeriod(deps, coord, { planId: PLAN, period: { id: 'test-h1', label: 'Test half-year', start: addDays(today, -60), end: addDays(today, 30) } });
  periodId = period.id;
  const indicator = await defineIndicator(deps, coord, {
    planId: PLAN,
    indicator: { id: 'test-certified', resultId: result.id, title: 'Advisers certified', measure: '1', unit: 'officers', aggregation: 'sum', baseline: { value: '0', date: addDays(today, -60) } },
  });
  indicatorId = (await setIndicatorTargets(deps, coord, { id: indicator.id, targets: { [periodId]: { region: '12', administrations: { GT: '3' } } }, expectedVersion: 1 })).id;
});

describe('defining a results framework', () => {
  it('is for the plan\'s co-coordinators and the secretariat, not focal points or donors', async () => {
    for (const id of ['focal-gt', 'donor-jica', 'dg-pe']) {
      await expect(defineResult(deps, await who(id), { planId: PLAN, result: { type: '1', title: 'x' } }), id).rejects.toBeInstanceOf(Forbidden);
    }
    // Argentina co-coordinates too; Guatemala's people do not.
    await expect(defineResult(deps, await who('coord-ar'), { planId: PLAN, result: { type: '1', title: 'Officers trained' } })).resolves.toMatchObject({ type: '1' });
  });

  it('refuses bad input with the field that is wrong, and writes nothing', async () => {
    const coord = await who('coord-pe');
    const before = (await w.store.results.framework(PLAN)).indicators.length;
    const cases: [unknown, string][] = [
      [{ resultId: `${PLAN}.test-outcome`, title: 'Share selected', measure: '2' }, 'aggregation'], // percentages do not add up
      [{ resultId: `${PLAN}.nope`, title: 'x', measure: '1' }, 'resultId'],
      [{ resultId: `${PLAN}.test-outcome`, title: 'x', measure: '1', targets: { [`${PLAN}.nope`]: { region: '1' } } }, `targets.${PLAN}.nope`],
      [{ resultId: `${PLAN}.test-outcome`, title: 'x', measure: '9' }, 'measure'],
      [{ resultId: `${PLAN}.test-outcome`, title: 'x', measure: '1', aggregation: 'count_meeting_threshold' }, 'threshold'],
      [{ resultId: `${PLAN}.test-outcome`, title: 'x', measure: '1', colour: 'red' }, 'colour'],
    ];
    for (const [indicator, field] of cases) {
      const error = await defineIndicator(deps, coord, { planId: PLAN, indicator }).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(Invalid);
      expect((error as Invalid).errors.map((e) => e.field), field).toContain(field);
    }
    const outside = await definePeriod(deps, coord, { planId: PLAN, period: { label: 'x', start: '2001-01-01', end: '2001-06-30' } }).catch((e: unknown) => e);
    expect((outside as Invalid).errors.map((e) => e.code)).toEqual(['outside_plan', 'outside_plan']);
    expect((await w.store.results.framework(PLAN)).indicators.length).toBe(before);
  });

  it('changes an indicator only at the version read', async () => {
    const coord = await who('coord-pe');
    await expect(updateIndicator(deps, coord, { id: indicatorId, patch: { unit: 'advisers' }, expectedVersion: 1 })).rejects.toBeInstanceOf(VersionConflict);
    const updated = await updateIndicator(deps, coord, { id: indicatorId, patch: { unit: 'advisers' }, expectedVersion: 2 });
    expect(updated).toMatchObject({ unit: 'advisers', version: 3 });
  });
});

describe('submit, return, resubmit, approve, reopen', () => {
  it('walks a value through review, each step one transaction, the reason kept in the history', async () => {
    const focal = await who('focal-gt');
    const coordAr = await who('coord-ar');
    const counter = w.tables.counter;

    counter.reset();
    let s = await submitValue(deps, focal, { submission: { indicatorId, periodId, administrationId: 'GT', value: '2', note: 'Two advisers passed the exam.', evidence: [{ url: 'https://example.org/gt/certificates' }] } });
    expect(counter.count('TransactWriteItems')).toBe(1);
    expect(s).toMatchObject({ state: 'submitted', version: 1, submittedBy: 'focal-gt' });
    expect((await w.store.results.awaitingReview('ams-rm')).map((x) => x.id)).toContain(s.id);

    counter.reset();
    s = await returnSubmission(deps, coordAr, { id: s.id, review: { reason: 'Attach the certificates of both advisers.' }, expectedVersion: 1 });
    expect(counter.count('TransactWriteItems')).toBe(1);
    expect(s).toMatchObject({ state: 'returned', reason: 'Attach the certificates of both advisers.', reviewedBy: 'coord-ar' });
    expect((await w.store.results.awaitingReview('ams-rm')).map((x) => x.id)).not.toContain(s.id);

    s = await resubmitValue(deps, focal, { id: s.id, patch: { value: '3', evidence: [{ url: 'https://example.org/gt/certificates-1' }, { url: 'https://example.org/gt/certificates-2' }] }, expectedVersion: 2 });
    expect(s).toMatchObject({ state: 'submitted', value: '3', version: 3 });

    counter.reset();
    s = await approveSubmission(deps, coordAr, { id: s.id, expectedVersion: 3 });
    expect(counter.count('TransactWriteItems')).toBe(1);
    expect(s.state).toBe('approved');
    expect(s.reason).toBeUndefined();

    const history = await w.store.history.list(`submission/${s.id}`, { limit: 10 });
    expect(history.items.map((e) => e.action)).toEqual(['approved', 'resubmitted', 'returned', 'submitted']);
    expect(history.items[2]!.changes).toContainEqual({ field: 'reason', before: null, after: 'Attach the certificates of both advisers.' });
  });

  it('lets nobody change an approved value without a reopening, and only the secretariat reopen it', async () => {
    const [approved] = (await submissionsOf(indicatorId)).filter((s) => s.state === 'approved');
    const focal = await who('focal-gt');
    await expect(resubmitValue(deps, focal, { id: approved!.id, patch: { value: '4' }, expectedVersion: approved!.version })).rejects.toBeInstanceOf(Conflict);
    await expect(returnSubmission(deps, await who('coord-pe'), { id: approved!.id, review: { reason: 'x' }, expectedVersion: approved!.version })).rejects.toBeInstanceOf(Conflict);
    await expect(reopenSubmission(deps, await who('coord-pe'), { id: approved!.id, review: { reason: 'Typo' }, expectedVersion: approved!.version })).rejects.toBeInstanceOf(Forbidden);
    const admin = await who('admin');
    await expect(reopenSubmission(deps, admin, { id: approved!.id, review: { reason: '  ' }, expectedVersion: approved!.version })).rejects.toBeInstanceOf(Invalid);
    await expect(reopenSubmission(deps, admin, { id: approved!.id, review: { reason: 'x' }, expectedVersion: approved!.version - 1 })).rejects.toBeInstanceOf(VersionConflict);
    expect((await submissionsOf(indicatorId)).find((s) => s.id === approved!.id)).toMatchObject({ state: 'approved', value: '3', version: approved!.version });

    const reopened = await reopenSubmission(deps, admin, { id: approved!.id, review: { reason: 'Guatemala reported a third adviser twice.' }, expectedVersion: approved!.version });
    expect(reopened).toMatchObject({ state: 'reopened', reason: 'Guatemala reported a third adviser twice.' });
    const corrected = await resubmitValue(deps, focal, { id: reopened.id, patch: { value: '2' }, expectedVersion: reopened.version });
    const again = await approveSubmission(deps, await who('coord-pe'), { id: corrected.id, expectedVersion: corrected.version });
    expect(again).toMatchObject({ state: 'approved', value: '2' });
  });

  it('lets a focal point submit only for its own administration', async () => {
    const before = (await submissionsOf(indicatorId)).length;
    await expect(submitValue(deps, await who('focal-gt'), { submission: { indicatorId, periodId, administrationId: 'PE', value: '1' } })).rejects.toBeInstanceOf(Forbidden);
    await expect(submitValue(deps, await who('donor-jica'), { submission: { indicatorId, periodId, administrationId: 'GT', value: '1' } })).rejects.toBeInstanceOf(Forbidden);
    await expect(submitValue(deps, await who('dg-gt'), { submission: { indicatorId, periodId, administrationId: 'GT', value: '1' } })).rejects.toBeInstanceOf(Forbidden);
    expect((await submissionsOf(indicatorId)).length).toBe(before);
  });

  it('refuses bad values with the field that is wrong', async () => {
    const focal = await who('focal-gt');
    const cases: [Record<string, unknown>, string][] = [
      [{ value: '1e3' }, 'value'],
      [{ value: 3 }, 'value'],
      [{}, 'value'],
      [{ value: '1', answer: 'Yes' }, 'answer'],
      [{ value: '1', indicatorId: `${PLAN}.nope` }, 'indicatorId'],
      [{ value: '1', administrationId: 'XX' }, 'administrationId'],
      [{ value: '1', note: 'n'.repeat(2001) }, 'note'],
      [{ value: '1', evidence: [{ url: 'javascript:alert(1)' }] }, 'evidence.0.url'],
    ];
    for (const [change, field] of cases) {
      const error = await submitValue(deps, focal, { submission: { indicatorId, periodId, administrationId: 'GT', ...change } }).catch((e: unknown) => e);
      expect((error as Invalid).errors?.map((e) => e.field), field).toContain(field);
    }
    // A period that has not started takes no values yet.
    const later = await definePeriod(deps, await who('coord-pe'), { planId: PLAN, period: { id: 'test-later', label: 'Later', start: addDays(today, 31), end: addDays(today, 200) } });
    const early = await submitValue(deps, focal, { submission: { indicatorId, periodId: later.id, administrationId: 'GT', value: '1' } }).catch((e: unknown) => e);
    expect((early as Invalid).errors.map((e) => e.code)).toEqual(['period_not_started']);
  });

  it('keeps review to the strategy\'s co-coordinators, and nobody approves their own value', async () => {
    const coordPe = await who('coord-pe');
    const own = await submitValue(deps, coordPe, { submission: { indicatorId, periodId, administrationId: 'PE', value: '4' } });
    await expect(approveSubmission(deps, coordPe, { id: own.id, expectedVersion: 1 })).rejects.toBeInstanceOf(Forbidden);
    await expect(approveSubmission(deps, await who('focal-gt'), { id: own.id, expectedVersion: 1 })).rejects.toBeInstanceOf(NotFound); // not even visible to another administration before approval
    await expect(returnSubmission(deps, await who('coord-ar'), { id: own.id, review: {}, expectedVersion: 1 })).rejects.toBeInstanceOf(Invalid);
    await expect(approveSubmission(deps, await who('coord-ar'), { id: own.id, expectedVersion: 2 })).rejects.toBeInstanceOf(VersionConflict);
    expect((await approveSubmission(deps, await who('coord-ar'), { id: own.id, expectedVersion: 1 })).state).toBe('approved');
  });
});

describe('reading results', () => {
  it('lets a donor read the indicators of plans it funds (approved values only), not others', async () => {
    const pending = await submitValue(deps, await who('focal-gt'), { submission: { indicatorId, periodId, administrationId: 'GT', value: '1' } });
    const jica = await who('donor-jica'); // funds the current plan
    const { framework } = await readResults(deps, jica, PLAN);
    expect(framework.indicators.map((i) => i.id)).toContain(indicatorId);
    expect(framework.submissions.length).toBeGreaterThan(0);
    expect(framework.submissions.every((s) => s.state === 'approved')).toBe(true);
    expect(framework.submissions.map((s) => s.id)).not.toContain(pending.id);
    // Guatemala's focal point sees its own pending value; the co-coordinators see everything.
    expect((await readResults(deps, await who('focal-gt'), PLAN)).framework.submissions.map((s) => s.id)).toContain(pending.id);
    await expect(readResults(deps, await who('donor-captac'), 'ams-rm-2014')).rejects.toBeInstanceOf(Forbidden);
  });

  it('shows the latest approved value per administration and the region\'s in the strategy matrix', async () => {
    const matrix = await strategyResults(deps, await who('dg-gt'), 'ams-rm');
    const row = matrix.rows.find((r) => r.indicator.id === indicatorId)!;
    expect(row.cells.GT).toMatchObject({ periodId, figure: '2', status: 'off_track' }); // 2 of 3, open period, from 0: under three quarters
    expect(row.cells.PE).toMatchObject({ figure: '4', status: null }); // a sum's share of the region is not a target
    expect(row.regional).toMatchObject({ periodId, figure: '6', target: '12', status: 'off_track' });
  });
});

describe('the strategy matrix costs', () => {
  it('reads 30 administrations x 10 indicators in at most 3 requests', async () => {
    const big = await jobsWorld({ seed: false });
    const bigDeps: CommandDeps = { store: big.store, now: () => SEEDED_AT };
    const admin: Caller = { userId: 'admin', role: 'admin' };
    const seeder = { userId: 'seed', role: 'admin' as const };
    const codes = ['AR', 'BB', 'BO', 'BR', 'BS', 'BZ', 'CA', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'GT', 'GY', 'HN', 'HT', 'JM', 'MX', 'NI', 'PA', 'PE', 'PY', 'SR', 'SV', 'TT', 'US', 'UY', 'VE', 'LC'];
    for (const id of codes) await big.store.administrations.create({ id, name: `Customs ${id}`, language: 'es', timeZone: 'America/Lima', digestFrequency: 'monthly' }, seeder);
    const strategy = await big.store.strategies.create({ id: 'big', region: 'Americas', title: 'Big', status: 'active', reminders: { offsetsDays: [7], graceDays: 14, attentionDays: 30 } }, seeder);
    await big.store.plans.create(strategy, { id: 'big-plan', title: 'Plan', period: { start: addDays(today, -400), end: addDays(today, 400) }, status: 'active' }, seeder);
    const result = await defineResult(bigDeps, admin, { planId: 'big-plan', result: { id: 'r', type: '2', title: 'Outcome' } });
    const periods: { id: string }[] = [];
    for (const [i, start] of [-365, -182].entries()) periods.push(await definePeriod(bigDeps, admin, { planId: 'big-plan', period: { id: `h${i + 1}`, label: `H${i + 1}`, start: addDays(today, start), end: addDays(today, start + 181) } }));
    const indicators: { id: string }[] = [];
    for (let i = 0; i < 10; i++) indicators.push(await defineIndicator(bigDeps, admin, { planId: 'big-plan', indicator: { id: `i${i}`, resultId: result.id, title: `Indicator ${i}`, measure: '1', aggregation: 'sum' } }));
    // Approved values for every administration, indicator and period, written straight into the table.
    const at = SEEDED_AT.toISOString();
    const items = indicators.flatMap((ind) => periods.flatMap((p) => codes.map((adm) => ({
      pk: 'PLAN#big-plan', sk: `R#SUB#big-plan.s-${ind.id.split('.')[1]}-${p.id.split('.')[1]}-${adm}`,
      id: `big-plan.s-${ind.id.split('.')[1]}-${p.id.split('.')[1]}-${adm}`, planId: 'big-plan', strategyId: 'big', indicatorId: ind.id, periodId: p.id, administrationId: adm,
      value: '3', note: 'A realistic note about how the figure was counted, with the source named.', evidence: [{ url: 'https://example.org/evidence' }],
      state: 'approved', submittedBy: 'focal', submittedAt: at, version: 2, createdAt: at, updatedAt: at,
    }))));
    const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    for (let i = 0; i < items.length; i += 25) {
      await big.tables.doc.send(new BatchWriteCommand({ RequestItems: { [big.tables.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    big.tables.counter.reset();
    const matrix = await strategyResults(bigDeps, admin, 'big');
    expect(big.tables.counter.total).toBeLessThanOrEqual(3);
    expect(matrix.administrations).toHaveLength(30);
    expect(matrix.rows).toHaveLength(10);
    expect(Object.keys(matrix.rows[0]!.cells)).toHaveLength(30);
    expect(matrix.rows[0]!.regional).toMatchObject({ periodId: 'big-plan.h2', figure: '90' });
  });
});
