import { describe, expect, it } from 'vitest';
import { can, capabilities, policy, type Principal } from '../../shared/domain/policy.ts';
import { rollUp, type RollUpMilestone } from '../../shared/domain/progress.ts';
import { ROLES, type Contribution } from '../../shared/domain/resources.ts';

const coordPE: Principal = { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE' };
const focalGT: Principal = { userId: 'focal-gt', role: 'focal_point', administrationId: 'GT' };
const jica: Principal = { userId: 'donor-jica', role: 'donor', donorId: 'jica' };
const dgGT: Principal = { userId: 'dg-gt', role: 'director_general', administrationId: 'GT' };
const plan = { coordinatorIds: ['AR', 'PE'], donorIds: ['jica'], participantIds: ['GT', 'PE'] };

describe('the policy table', () => {
  it('names only known roles', () => {
    for (const rules of Object.values(policy)) {
      for (const role of Object.keys(rules)) expect(ROLES).toContain(role);
    }
  });

  it('lets the admin do everything', () => {
    const admin: Principal = { userId: 'admin', role: 'admin' };
    for (const action of Object.keys(policy)) expect(can(admin, action as never, {}), action).toBe(true);
  });

  it('scopes coordinators to the strategies they co-coordinate', () => {
    expect(can(coordPE, 'milestone:update', plan)).toBe(true);
    expect(can(coordPE, 'milestone:update', { ...plan, coordinatorIds: ['CR', 'GT'] })).toBe(false);
    expect(can(coordPE, 'coordinator:add', plan)).toBe(false);
  });

  it('scopes focal points to milestones their administration owns', () => {
    expect(can(focalGT, 'milestone:report', { ...plan, ownerAdministrationId: 'GT' })).toBe(true);
    expect(can(focalGT, 'milestone:report', { ...plan, ownerAdministrationId: 'PE' })).toBe(false);
    expect(can(focalGT, 'milestone:update', { ...plan, ownerAdministrationId: 'GT' })).toBe(false);
  });

  it('scopes donors to what they fund and Directors General to what concerns them', () => {
    expect(can(jica, 'plan:read', plan)).toBe(true);
    expect(can(jica, 'plan:read', { ...plan, donorIds: ['idb'] })).toBe(false);
    expect(can(jica, 'contribution:read', { ...plan, donorId: 'idb' })).toBe(false);
    expect(can(dgGT, 'plan:read', plan)).toBe(true);
    expect(can(dgGT, 'plan:read', { ...plan, participantIds: ['PE'] })).toBe(false);
  });

  it('lists capabilities for /me', () => {
    expect(capabilities(jica)['contribution:read']).toBe('own');
    expect(capabilities(jica)['milestone:update']).toBeUndefined();
  });
});

describe('roll-ups', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const m = (id: string, over: Partial<RollUpMilestone>): RollUpMilestone => ({
    id, planId: 'p', title: id, ownerAdministrationId: 'PE', baselineDueDate: '2026-12-01',
    dueDate: '2026-12-01', status: 'in_progress', progress: 50, health: 'on_track', ownerTimeZone: 'America/Lima', ...over,
  });
  const c = (over: Partial<Contribution>): Contribution => ({
    id: 'c', planId: 'p', strategyId: 's', donorId: 'jica', kind: 'financial', description: '', amount: '100.00', currency: 'USD',
    stage: 'pledged', stageDates: { pledged: '2026-01-10', committed: '2026-02-10', disbursed: '2026-03-10', spent: '2026-04-10' }, version: 1, createdAt: '', updatedAt: '', ...over,
  });

  it('counts by status and health, averages progress without cancelled ones and lists the overdue', () => {
    const r = rollUp(
      [
        m('a', { status: 'done', progress: 100, health: 'done' }),
        m('b', { progress: 20, health: 'late', dueDate: '2026-11-02' }),
        m('c', { status: 'cancelled', progress: 0, health: 'done' }),
        m('d', { progress: 60 }),
      ],
      [],
      [],
      now,
    );
    expect(r.milestones.byStatus).toMatchObject({ done: 1, in_progress: 2, cancelled: 1, planned: 0 });
    expect(r.milestones.byHealth).toMatchObject({ done: 2, late: 1, on_track: 1 });
    expect(r.milestones.percentComplete).toBe(60);
    expect(r.overdue).toEqual([expect.objectContaining({ id: 'b', daysOverdue: 20 })]);
  });

  it('sums funding per currency and stage and measures the gap against the budget', () => {
    const r = rollUp(
      [],
      [
        c({ amount: '100.00', stage: 'pledged' }),
        c({ amount: '250.50', stage: 'committed' }),
        c({ amount: '49.50', stage: 'spent' }),
        c({ amount: '1000', currency: 'JPY', stage: 'disbursed' }),
        c({ kind: 'in_kind', amount: undefined, currency: undefined }),
      ],
      [{ planId: 'p', budget: { amount: '1000.00', currency: 'USD' } }],
      now,
    );
    expect(r.funding).toEqual([
      { currency: 'JPY', pledged: '0', committed: '0', disbursed: '1000', spent: '0', total: '1000' },
      { currency: 'USD', pledged: '100.00', committed: '250.50', disbursed: '0.00', spent: '49.50', total: '400.00' },
    ]);
    expect(r.inKindCount).toBe(1);
    // The JPY contribution has no rate into USD: shown apart, not counted 1:1 nor dropped.
    expect(r.gap).toEqual([{
      currency: 'USD', budget: '1000.00', secured: '300.00', pledged: '100.00', gap: '700.00',
      byStage: { pledged: '100.00', committed: '250.50', disbursed: '0.00', spent: '49.50' },
      notConverted: [{ currency: 'JPY', secured: '1000', pledged: '0', count: 1 }],
    }]);
    expect(r.ratesUsed).toEqual([]);
  });
});
