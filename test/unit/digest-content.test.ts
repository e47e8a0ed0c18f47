/** A Director General's digest: its periods and what goes in it (shared/domain/digest.ts). */
import { describe, expect, it } from 'vitest';
import { DIGEST_LIST_LIMIT, buildDigest, digestPeriod, periodFromId, summarise, type DigestPlanInput } from '../../shared/domain/digest.ts';
import type { Contribution, Milestone, Plan } from '../../shared/domain/resources.ts';

describe('digest periods', () => {
  it('are ISO weeks, calendar months and quarters', () => {
    expect(digestPeriod('weekly', '2026-12-02')).toEqual({ id: '2026-W49', frequency: 'weekly', start: '2026-11-30', end: '2026-12-07' });
    expect(digestPeriod('monthly', '2026-12-31')).toEqual({ id: '2026-12', frequency: 'monthly', start: '2026-12-01', end: '2027-01-01' });
    expect(digestPeriod('quarterly', '2026-11-15')).toEqual({ id: '2026-Q4', frequency: 'quarterly', start: '2026-10-01', end: '2027-01-01' });
    expect(digestPeriod('quarterly', '2027-02-01')).toMatchObject({ id: '2027-Q1', start: '2027-01-01', end: '2027-04-01' });
  });

  it('number weeks across the new year like ISO 8601', () => {
    expect(digestPeriod('weekly', '2027-01-01').id).toBe('2026-W53');
    expect(digestPeriod('weekly', '2027-01-04').id).toBe('2027-W01');
    expect(digestPeriod('weekly', '2026-01-01')).toMatchObject({ id: '2026-W01', start: '2025-12-29' });
  });

  it('can be found again from their id, and only real ones', () => {
    for (const [frequency, day] of [['weekly', '2026-12-02'], ['monthly', '2026-02-10'], ['quarterly', '2026-08-30'], ['weekly', '2027-01-01']] as const) {
      const period = digestPeriod(frequency, day);
      expect(periodFromId(period.id)).toEqual(period);
    }
    for (const bad of ['2026-13', '2026-00', '2026-W54', '2027-W53', '2026-Q5', 'latest', '2026-12-01']) expect(periodFromId(bad)).toBeNull();
  });
});

// ------------------------------------------------------------------ content

const now = new Date('2026-12-01T12:00:00Z');
const plan = (id: string, extra: Partial<Plan> = {}): Plan => ({
  id, strategyId: 'ams-rm', title: `Plan ${id}`, period: { start: '2026-01-01', end: '2027-12-31' }, status: 'active', coordinatorIds: ['PE', 'AR'],
  version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...extra,
});
type StoredMilestone = Omit<Milestone, 'health'> & { ownerTimeZone: string };
const milestone = (planId: string, id: string, owner: string, dueDate: string, extra: Partial<StoredMilestone> = {}): StoredMilestone => ({
  id: `${planId}.${id}`, planId, strategyId: 'ams-rm', title: id, description: '', ownerAdministrationId: owner, baselineDueDate: dueDate, dueDate,
  status: 'in_progress', progress: 40, note: '', evidence: [], updatedBy: 'x', version: 1, createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-11-20T10:00:00Z', ownerTimeZone: 'America/Lima', ...extra,
});
const money = (donorId: string, amount: string, currency: string, stage: Contribution['stage']): Contribution => ({
  id: `p.${donorId}-${stage}`, planId: 'p', strategyId: 'ams-rm', donorId, kind: 'financial', description: 'x', amount, currency, stage,
  stageDates: { pledged: '2026-01-01' }, version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
});
const settings = { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 };
const input = (plans: DigestPlanInput[], since: string | null = '2026-11-01T11:30:00Z', administrationId = 'PE') => ({
  administration: { id: administrationId, name: 'Peru Customs', timeZone: 'America/Lima' },
  period: digestPeriod('monthly', '2026-12-01'),
  since,
  now,
  plans,
  donorNames: new Map([['jica', 'JICA'], ['idb', 'IDB']]),
  administrationNames: new Map([['PE', 'Peru Customs'], ['BR', 'Brazil Customs'], ['MX', 'Mexico Customs']]),
});
const planInput = (p: Plan, milestones: StoredMilestone[], contributions: Contribution[] = [], participantIds: string[] = ['PE', 'BR', 'MX']): DigestPlanInput => ({
  plan: p, coordinatorIds: p.coordinatorIds, participantIds, strategy: { id: 'ams-rm', title: 'Risk management', reminders: settings }, milestones, contributions,
});

describe('digest content', () => {
  const p = plan('p', { budget: { amount: '100000.00', currency: 'USD' } });
  const world = planInput(
    p,
    [
      milestone('p', 'done-recently', 'BR', '2026-11-10', { status: 'done', progress: 100, updatedAt: '2026-11-15T09:00:00Z' }),
      milestone('p', 'done-long-ago', 'PE', '2026-09-10', { status: 'done', progress: 100, updatedAt: '2026-09-15T09:00:00Z' }),
      milestone('p', 'late-br', 'BR', '2026-11-20'),
      milestone('p', 'late-pe', 'PE', '2026-11-28'),
      milestone('p', 'very-late-pe', 'PE', '2026-10-20'),
      milestone('p', 'very-late-mx', 'MX', '2026-10-01'),
      milestone('p', 'soon', 'BR', '2026-12-20'),
      milestone('p', 'next-year', 'PE', '2027-02-01'),
      milestone('p', 'cancelled', 'PE', '2026-11-01', { status: 'cancelled' }),
    ],
    [money('jica', '1000.00', 'USD', 'pledged'), money('jica', '500.50', 'USD', 'committed'), money('idb', '2000.00', 'USD', 'spent'), { ...money('jica', '0', 'USD', 'pledged'), kind: 'in_kind', amount: undefined, currency: undefined }],
  );
  const d = buildDigest(input([world]));

  it('lists what was done since the previous digest', () => {
    expect(d.done.items.map((m) => m.title)).toEqual(['done-recently']);
    expect(d.done.items[0]!.doneAt).toBe('2026-11-15T09:00:00Z');
  });

  it('lists late milestones with the administration\'s own first', () => {
    expect(d.late.items.map((m) => [m.title, m.owned, m.daysOverdue])).toEqual([
      ['late-pe', true, 3],
      ['very-late-mx', false, 61],
      ['late-br', false, 11],
    ]);
  });

  it('puts its own milestones past the attention threshold under "needs a decision" (and not twice)', () => {
    expect(d.needsDecision.items.map((m) => [m.title, m.daysOverdue])).toEqual([['very-late-pe', 42]]);
    expect(d.late.items.some((m) => m.title === 'very-late-pe')).toBe(false);
  });

  it('lists what falls due before the next digest', () => {
    expect(d.upcoming.items.map((m) => [m.title, m.daysLeft])).toEqual([['soon', 19]]);
  });

  it('gives headline numbers per plan, and funding by donor and stage with the gap', () => {
    expect(d.plans).toEqual([
      expect.objectContaining({ planId: 'p', role: 'co-coordinator', milestones: { total: 8, done: 2, late: 4, atRisk: 0, percentComplete: 55 } }),
    ]);
    expect(d.funding).toEqual([
      { donorId: 'idb', donorName: 'IDB', currency: 'USD', pledged: '0.00', committed: '0.00', disbursed: '0.00', spent: '2000.00' },
      { donorId: 'jica', donorName: 'JICA', currency: 'USD', pledged: '1000.00', committed: '500.50', disbursed: '0.00', spent: '0.00' },
    ]);
    expect(d.inKindCount).toBe(1);
    expect(d.gap).toEqual([{ currency: 'USD', budget: '100000.00', secured: '2500.50', pledged: '1000.00', gap: '97499.50', notConverted: [] }]);
    expect(d.administrationNames).toMatchObject({ PE: 'Peru Customs', BR: 'Brazil Customs', MX: 'Mexico Customs' });
  });

  it('converts contributions into the budget currency at the rate in force on their stage date, and keeps those with no rate apart', () => {
    const fx = planInput(p, [], [money('jica', '4500000', 'JPY', 'pledged'), money('ar-fund', '2000000', 'ARS', 'committed')]);
    const rates = [
      { id: 'jpy-usd-2025-12-01', from: 'JPY', to: 'USD', rate: '0.0067', date: '2025-12-01', source: 'JICA agreement' },
      // Recorded after the stage date (2026-01-01): not in force for it.
      { id: 'ars-usd-2026-06-01', from: 'ARS', to: 'USD', rate: '0.00105', date: '2026-06-01', source: 'BCRA' },
    ];
    expect(buildDigest({ ...input([fx]), rates }).gap).toEqual([{
      currency: 'USD', budget: '100000.00', secured: '0.00', pledged: '30150.00', gap: '100000.00',
      notConverted: [{ currency: 'ARS', secured: '2000000.00', pledged: '0.00', count: 1 }],
    }]);
  });

  it('covers only open plans the administration co-coordinates or owns milestones in', () => {
    const other = planInput(plan('q', { coordinatorIds: ['AR'] }), [milestone('q', 'x', 'AR', '2026-11-01')], [], ['AR']);
    const closed = planInput(plan('r', { status: 'closed' }), [milestone('r', 'y', 'PE', '2026-11-01')]);
    const participant = planInput(plan('s', { coordinatorIds: ['AR'] }), [milestone('s', 'z', 'PE', '2026-12-10')], [], ['PE']);
    const digest = buildDigest(input([world, other, closed, participant]));
    expect(digest.plans.map((x) => [x.planId, x.role])).toEqual([['p', 'co-coordinator'], ['s', 'participant']]);
  });

  it('looks back one period for the first digest', () => {
    const first = buildDigest(input([world], null));
    expect(first.since).toBeNull();
    expect(first.done.items.map((m) => m.title)).toEqual(['done-recently']);
  });

  it('keeps lists short and counts the rest', () => {
    const many = Array.from({ length: DIGEST_LIST_LIMIT + 5 }, (_, i) => milestone('p', `m${String(i).padStart(2, '0')}`, 'BR', '2026-11-25'));
    const digest = buildDigest(input([planInput(p, many)]));
    expect(digest.late.items).toHaveLength(DIGEST_LIST_LIMIT);
    expect(digest.late.more).toBe(5);
    const summary = summarise({
      id: '2026-12', administrationId: 'PE', frequency: 'monthly', period: { start: '2026-12-01', end: '2027-01-01' }, language: 'es',
      generatedAt: now.toISOString(), recipient: { name: 'DG', email: 'dg@example.org' }, subject: 's', content: digest,
    });
    expect(summary.counts.late).toBe(DIGEST_LIST_LIMIT + 5);
    expect('content' in summary).toBe(false);
  });
});
