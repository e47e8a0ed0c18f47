/** The results reminder rules at their edges (pure), and the results mail catalog complete in every language. */
import { describe, expect, it } from 'vitest';
import { periodCloseSlot, periodWindow, reportState, resultReminderSettings, reviewCutoff, reviewWaitSlot } from '../../shared/domain/result-reminders.ts';
import { checkCatalogs } from '../../shared/i18n/index.ts';
import { resultsMail } from '../../shared/i18n/mail-results.ts';

describe('period-close slots', () => {
  it('nothing before the furthest offset, the reached offset\'s day before the end, the last day itself, nothing once closed', () => {
    expect(periodCloseSlot('2026-12-15', '2026-11-30', [14, 3])).toBeNull();
    expect(periodCloseSlot('2026-12-15', '2026-12-01', [14, 3])).toEqual({ kind: 'before', day: '2026-12-01', daysLeft: 14 });
    expect(periodCloseSlot('2026-12-15', '2026-12-11', [14, 3])).toEqual({ kind: 'before', day: '2026-12-01', daysLeft: 4 });
    expect(periodCloseSlot('2026-12-15', '2026-12-12', [14, 3])).toEqual({ kind: 'before', day: '2026-12-12', daysLeft: 3 });
    expect(periodCloseSlot('2026-12-15', '2026-12-15', [14, 3])).toEqual({ kind: 'last-day', day: '2026-12-15', daysLeft: 0 });
    expect(periodCloseSlot('2026-12-15', '2026-12-16', [14, 3])).toBeNull();
  });
});

describe('review-wait slots', () => {
  it('first on the day the wait is reached, then weekly', () => {
    expect(reviewWaitSlot('2026-12-01', '2026-12-07', 7)).toBeNull();
    expect(reviewWaitSlot('2026-12-01', '2026-12-08', 7)).toEqual({ day: '2026-12-08', daysWaiting: 7 });
    expect(reviewWaitSlot('2026-12-01', '2026-12-14', 7)).toEqual({ day: '2026-12-08', daysWaiting: 13 });
    expect(reviewWaitSlot('2026-12-01', '2026-12-15', 7)).toEqual({ day: '2026-12-15', daysWaiting: 14 });
    expect(reviewWaitSlot('2026-12-01', '2026-12-02', 1)).toEqual({ day: '2026-12-02', daysWaiting: 1 });
  });

  it('the index cutoff keeps every submission that can have waited long enough in some time zone', () => {
    const now = new Date('2026-12-08T02:00:00Z');
    // Submitted 1 Dec 23:00 in Kiribati (UTC+14) = 1 Dec 09:00 UTC: 7 calendar days there by 8 Dec 16:00 local.
    expect('2026-12-01T09:00:00.000Z' < reviewCutoff(now, 7)).toBe(true);
    expect(reviewCutoff(now, 7)).toBe('2026-12-02T02:00:00.000Z');
  });
});

describe('settings and windows', () => {
  it('defaults for strategies stored before the results settings, the strategy\'s own otherwise', () => {
    expect(resultReminderSettings({ offsetsDays: [7], graceDays: 1, attentionDays: 2 })).toEqual({ periodCloseDays: [14, 3], reviewWaitDays: 7 });
    expect(resultReminderSettings({ offsetsDays: [7], graceDays: 1, attentionDays: 2, periodCloseDays: [30], reviewWaitDays: 2 })).toEqual({ periodCloseDays: [30], reviewWaitDays: 2 });
  });

  it('reads the periods ending from yesterday (UTC) to the furthest offset past tomorrow', () => {
    expect(periodWindow(new Date('2026-12-05T12:00:00Z'), [undefined, { offsetsDays: [1], graceDays: 1, attentionDays: 2, periodCloseDays: [30] }])).toEqual({ from: '2026-12-04', to: '2027-01-05' });
  });
});

describe('what an administration owes', () => {
  const s = (state: string, id = state) => ({ id, state });
  it('nothing once a latest figure is approved; a summed period with an approved value owes nothing more', () => {
    expect(reportState('latest', [s('approved')])).toBeNull();
    expect(reportState('sum', [s('approved')])).toBeNull();
  });
  it('a returned or reopened value to correct first, then one waiting, else one to report', () => {
    expect(reportState('latest', [s('submitted'), { id: 'r', state: 'returned', reason: 'why' }])).toEqual({ state: 'to_correct', submission: { id: 'r', state: 'returned', reason: 'why' } });
    expect(reportState('sum', [s('approved'), s('submitted')])).toEqual({ state: 'waiting', submission: s('submitted') });
    expect(reportState('latest', [])).toEqual({ state: 'to_report' });
  });
});

describe('results mail catalog', () => {
  it('has every key in every language with the same placeholders', () => {
    expect(checkCatalogs(resultsMail)).toEqual([]);
  });
});
