/** "My milestones" order: late (most overdue first), due soon (soonest first), then the rest. */
import { describe, expect, it } from 'vitest';
import type { StoredMilestone } from '../../shared/store/index.ts';
import { byUrgency, present } from '../../shared/web/urgency.ts';

const now = new Date('2026-11-22T15:00:00Z');
const milestone = (id: string, dueDate: string, status: StoredMilestone['status'] = 'in_progress', progress = 60): StoredMilestone => ({
  id: `p.${id}`, planId: 'p', strategyId: 's', title: id, description: '', ownerAdministrationId: 'PE', ownerTimeZone: 'America/Lima',
  baselineDueDate: dueDate, dueDate, status, progress, note: '', evidence: [], updatedBy: 'x', version: 1,
  createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z',
});

describe('byUrgency', () => {
  it('puts late first, then due within 14 days, then later ones, each by date', () => {
    const ranked = byUrgency(
      [milestone('later', '2027-02-01'), milestone('soon', '2026-11-30'), milestone('late1', '2026-11-10'), milestone('late2', '2026-10-01'), milestone('sooner', '2026-11-23')].map((m) => present(m, now)),
      now,
    );
    expect(ranked.map((r) => `${r.urgency}:${r.milestone.title}`)).toEqual(['late:late2', 'late:late1', 'soon:sooner', 'soon:soon', 'later:later']);
    expect(ranked[0]!.daysLeft).toBe(-52);
  });

  it("counts days in the owner's time zone (still the 21st in Lima at 03:00 UTC on the 22nd)", () => {
    const early = new Date('2026-11-22T03:00:00Z');
    const [r] = byUrgency([present(milestone('due-21', '2026-11-21'), early)], early);
    expect(r).toMatchObject({ urgency: 'soon', daysLeft: 0 });
  });

  it('never calls a closed milestone late or due soon', () => {
    const [r] = byUrgency([present(milestone('done', '2026-11-01', 'done', 100), now)], now);
    expect(r!.urgency).toBe('later');
  });
});
