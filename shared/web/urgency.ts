/**
 * "My milestones" by urgency: late first (most overdue first), then those due soon (soonest
 * first), then the rest by due date. Pure: today is each milestone's owner's calendar date.
 */
import { daysBetween, localDate } from '../domain/dates.ts';
import { NOT_STARTED_DAYS } from '../domain/health.ts';
import type { MilestoneWithZone } from '../domain/progress.ts';
import { presentMilestone, type StoredMilestone } from '../store/index.ts';

export type Urgency = 'late' | 'soon' | 'later';

/** How far ahead "due soon" looks: the window in which an unstarted milestone is already at risk. */
export const DUE_SOON_WINDOW_DAYS = NOT_STARTED_DAYS;

export interface Ranked {
  milestone: MilestoneWithZone;
  urgency: Urgency;
  /** Days until the due date in the owner's time zone (negative when overdue). */
  daysLeft: number;
}

export function present(m: StoredMilestone, now: Date): MilestoneWithZone {
  return { ...presentMilestone(m, now), ownerTimeZone: m.ownerTimeZone, ...(m.translations ? { translations: m.translations } : {}) };
}

export function rank(m: MilestoneWithZone, now: Date): Ranked {
  const daysLeft = daysBetween(localDate(now, m.ownerTimeZone), m.dueDate);
  const urgency: Urgency = m.health === 'late' ? 'late' : m.health !== 'done' && daysLeft <= DUE_SOON_WINDOW_DAYS ? 'soon' : 'later';
  return { milestone: m, urgency, daysLeft };
}

const ORDER: Record<Urgency, number> = { late: 0, soon: 1, later: 2 };

export function byUrgency(milestones: readonly MilestoneWithZone[], now: Date): Ranked[] {
  return milestones
    .map((m) => rank(m, now))
    .sort((a, b) => ORDER[a.urgency] - ORDER[b.urgency] || a.daysLeft - b.daysLeft || a.milestone.id.localeCompare(b.milestone.id));
}
