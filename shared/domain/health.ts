/**
 * Milestone health, from dates, progress and how stale the last update is.
 *
 *   done      status done or cancelled (closed: nothing more to track)
 *   late      open and the current due date is before today
 *   at_risk   open and any of: blocked; due within DUE_SOON_DAYS and progress under
 *             DUE_SOON_MIN_PROGRESS; due within NOT_STARTED_DAYS and still planned;
 *             no update for more than STALE_DAYS
 *   on_track  otherwise
 *
 * "Today" is the calendar date in the owner administration's time zone.
 */
import { daysBetween, localDate } from './dates.ts';
import type { Health, MilestoneStatus } from './resources.ts';

export const DUE_SOON_DAYS = 7;
export const DUE_SOON_MIN_PROGRESS = 50;
export const NOT_STARTED_DAYS = 14;
export const STALE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface HealthInput {
  status: MilestoneStatus;
  progress: number;
  dueDate: string;
  /** Instant of the last update (ISO). */
  updatedAt: string;
}

export function milestoneHealth(m: HealthInput, now: Date, timeZone: string): Health {
  if (m.status === 'done' || m.status === 'cancelled') return 'done';
  const today = localDate(now, timeZone);
  const daysLeft = daysBetween(today, m.dueDate);
  if (daysLeft < 0) return 'late';
  if (m.status === 'blocked') return 'at_risk';
  if (daysLeft <= DUE_SOON_DAYS && m.progress < DUE_SOON_MIN_PROGRESS) return 'at_risk';
  if (daysLeft <= NOT_STARTED_DAYS && m.status === 'planned') return 'at_risk';
  // Updated less than STALE_DAYS x 24 h ago: the local dates cannot be more than STALE_DAYS apart
  // (even across a change of offset), so the time zone need not be asked (a list asks per milestone).
  const updated = Date.parse(m.updatedAt);
  if (now.getTime() - updated < STALE_DAYS * DAY_MS) return 'on_track';
  const lastUpdate = localDate(new Date(updated), timeZone);
  if (daysBetween(lastUpdate, today) > STALE_DAYS) return 'at_risk';
  return 'on_track';
}

/** Days past the due date in the owner's time zone (0 when not overdue). */
export function daysOverdue(dueDate: string, now: Date, timeZone: string): number {
  return Math.max(0, daysBetween(dueDate, localDate(now, timeZone)));
}
