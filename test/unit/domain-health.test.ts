/** The health rule at its edges. "Today" is the owner's local date. */
import { describe, expect, it } from 'vitest';
import { DUE_SOON_DAYS, NOT_STARTED_DAYS, STALE_DAYS, daysOverdue, milestoneHealth } from '../../shared/domain/health.ts';

const now = new Date('2026-11-22T12:00:00Z');
const base = { status: 'in_progress' as 'in_progress', progress: 60, dueDate: '2026-12-31', updatedAt: '2026-11-20T10:00:00Z' };
const health = (m: Partial<Omit<typeof base, 'status'>> & { status?: string }) => milestoneHealth({ ...base, ...m } as never, now, 'America/Lima');

describe('milestone health', () => {
  it('is done for done and cancelled milestones, even when past due', () => {
    expect(health({ status: 'done', progress: 100, dueDate: '2020-01-01' })).toBe('done');
    expect(health({ status: 'cancelled' as never, dueDate: '2020-01-01' })).toBe('done');
  });

  it('is late from the day after the due date, not on it', () => {
    expect(health({ dueDate: '2026-11-22', progress: 90 })).toBe('on_track');
    expect(health({ dueDate: '2026-11-21', progress: 90 })).toBe('late');
  });

  it('uses the owner administration\'s calendar date', () => {
    // 03:00 UTC on 23 Nov is still 22 Nov in Lima (UTC-5) but already 23 Nov in Tokyo.
    const early = new Date('2026-11-23T03:00:00Z');
    const m = { ...base, dueDate: '2026-11-22', progress: 90 } as const;
    expect(milestoneHealth(m, early, 'America/Lima')).toBe('on_track');
    expect(milestoneHealth(m, early, 'Asia/Tokyo')).toBe('late');
  });

  it('is at risk when blocked', () => {
    expect(health({ status: 'blocked' as never })).toBe('at_risk');
  });

  it(`is at risk when due within ${DUE_SOON_DAYS} days with little progress`, () => {
    expect(health({ dueDate: '2026-11-29', progress: 49 })).toBe('at_risk');
    expect(health({ dueDate: '2026-11-29', progress: 50 })).toBe('on_track');
    expect(health({ dueDate: '2026-11-30', progress: 10 })).toBe('on_track');
  });

  it(`is at risk when due within ${NOT_STARTED_DAYS} days and not started`, () => {
    expect(health({ status: 'planned' as never, progress: 0, dueDate: '2026-12-06' })).toBe('at_risk');
    expect(health({ status: 'planned' as never, progress: 0, dueDate: '2026-12-07' })).toBe('on_track');
  });

  it(`is at risk after ${STALE_DAYS} days without an update`, () => {
    expect(health({ updatedAt: '2026-10-23T12:00:00Z' })).toBe('on_track');
    expect(health({ updatedAt: '2026-10-22T12:00:00Z' })).toBe('at_risk');
  });

  it('counts days overdue in the owner\'s zone', () => {
    expect(daysOverdue('2026-11-02', now, 'America/Lima')).toBe(20);
    expect(daysOverdue('2026-12-02', now, 'America/Lima')).toBe(0);
  });
});
