/**
 * Who is told what about results, and when. Pure: the reminders job reads the reporting periods
 * closing soon, the submissions waiting for review and those returned lately, asks
 * `planResultReminders`, and sends what it returns in the same one-mail-per-person letters as the
 * milestone reminders (reminders.ts).
 *
 *   report    before a reporting period closes (per-strategy `periodCloseDays`, default 14 and 3
 *             days, and on its last day), to the focal points of every administration of the plan
 *             that still owes a value for one of its indicators: not reported, or returned and not
 *             corrected. One entry per (person, period, administration, slot day).
 *   review    a submission that has waited `reviewWaitDays` (default 7) for review, then weekly, to
 *             the co-coordinators who may approve it (not the person who submitted it: four eyes).
 *   returned  a submission returned with a reason: the reason, to the person who submitted it, in
 *             their language. One entry per (person, submission, version).
 *
 * Nothing is lost without a word: a period that no focal point of an owing administration can be
 * told of, and a waiting submission no co-coordinator can review, go to the secretariat.
 */
import type { Language } from './common.ts';
import { addDays, daysBetween, localDate } from './dates.ts';
import type { ReminderAdministration, ReminderPerson, ReminderSettings, ReminderStrategy } from './reminders.ts';
import type { Translations } from './translations.ts';

export const DEFAULT_RESULT_REMINDERS = { periodCloseDays: [14, 3], reviewWaitDays: 7 } as const;

/** A strategy's results reminder settings, its defaults filled in (strategies stored before them have none). */
export function resultReminderSettings(settings: Partial<ReminderSettings> | undefined): { periodCloseDays: readonly number[]; reviewWaitDays: number } {
  return {
    periodCloseDays: settings?.periodCloseDays ?? DEFAULT_RESULT_REMINDERS.periodCloseDays,
    reviewWaitDays: settings?.reviewWaitDays ?? DEFAULT_RESULT_REMINDERS.reviewWaitDays,
  };
}

export interface PeriodCloseSlot {
  kind: 'before' | 'last-day';
  /** The calendar day this reminder is meant for (the period's end minus the offset, or its end). */
  day: string;
  /** Days until the period's last day, in the recipient's calendar (0 on it). */
  daysLeft: number;
}

/** The reminder that is current for a period ending on `end`, seen on `today`; null before the first offset and once it has closed. */
export function periodCloseSlot(end: string, today: string, offsetsDays: readonly number[]): PeriodCloseSlot | null {
  const daysLeft = daysBetween(today, end);
  if (daysLeft < 0) return null;
  if (daysLeft === 0) return { kind: 'last-day', day: end, daysLeft: 0 };
  const reached = offsetsDays.filter((o) => o >= daysLeft);
  if (reached.length === 0) return null;
  return { kind: 'before', day: addDays(end, -Math.min(...reached)), daysLeft };
}

export interface ReviewWaitSlot {
  /** The day this reminder is meant for: `waitDays` after submission, then every 7 days. */
  day: string;
  daysWaiting: number;
}

/** The review reminder current for a value submitted on `submittedDay` (calendar date), seen on `today`; null before `waitDays`. */
export function reviewWaitSlot(submittedDay: string, today: string, waitDays: number): ReviewWaitSlot | null {
  const daysWaiting = daysBetween(submittedDay, today);
  if (daysWaiting < waitDays) return null;
  const week = Math.floor((daysWaiting - waitDays) / 7);
  return { day: addDays(submittedDay, waitDays + 7 * week), daysWaiting };
}

/**
 * The last end date a run must read of the periods index: the furthest offset past the latest
 * calendar date anywhere on Earth at `now`; and the first (a period ending yesterday in UTC may
 * still be open in Kiribati's today).
 */
export function periodWindow(now: Date, settings: readonly (Partial<ReminderSettings> | undefined)[]): { from: string; to: string } {
  const furthest = Math.max(...DEFAULT_RESULT_REMINDERS.periodCloseDays, ...settings.map((s) => Math.max(...resultReminderSettings(s).periodCloseDays)));
  const utc = localDate(now, 'UTC');
  return { from: addDays(utc, -1), to: addDays(utc, 1 + furthest) };
}

/** The earliest submission instant that can have waited long enough anywhere on Earth: index entries after it need no reading. */
export function reviewCutoff(now: Date, waitDays: number): string {
  return new Date(now.getTime() - (waitDays - 1) * 86_400_000).toISOString();
}

export const reportLedgerId = (personId: string, periodId: string, administrationId: string, slot: PeriodCloseSlot) =>
  `result:${slot.kind}#${personId}#${periodId}#${administrationId}#${slot.day}`;
export const reviewLedgerId = (personId: string, submissionId: string, slot: ReviewWaitSlot) => `result:review#${personId}#${submissionId}#${slot.day}`;
export const returnedLedgerId = (personId: string, submissionId: string, version: number) => `result:returned#${personId}#${submissionId}#v${version}`;

// ------------------------------------------------------------------ what an administration owes

export type ReportState = 'to_report' | 'to_correct' | 'waiting';

/** What reportState reads of a submission. */
export interface OwedSubmission {
  id: string;
  state: string;
  reason?: string;
}

/**
 * Where an administration stands on one indicator in one period, from its submissions there:
 * nothing to do (an approved latest figure, or a summed period with an approved value and nothing
 * pending), a value waiting for review, one to correct (returned or reopened), or one to report.
 */
export function reportState<S extends OwedSubmission>(periodFigure: string, mine: readonly S[]): { state: ReportState; submission?: S } | null {
  if (mine.some((s) => s.state === 'approved') && periodFigure === 'latest') return null;
  const toCorrect = mine.find((s) => s.state === 'returned' || s.state === 'reopened');
  if (toCorrect) return { state: 'to_correct', submission: toCorrect };
  const waiting = mine.find((s) => s.state === 'submitted');
  if (waiting) return { state: 'waiting', submission: waiting };
  // A period summed from several submissions stays open for more until it closes.
  if (mine.some((s) => s.state === 'approved')) return null;
  return { state: 'to_report' };
}

// ------------------------------------------------------------------ planning a run

export interface ClosingPeriod {
  period: { id: string; planId: string; label: string; end: string };
  /** Titles with their translations: mail gives them in its recipient's language. */
  plan: { id: string; title: string; strategyId: string; translations?: Translations };
  /** Administrations that report in this plan (co-coordinators, milestone owners, and any that reported before). */
  administrationIds: readonly string[];
  indicators: readonly { id: string; title: string; periodFigure: string; translations?: Translations }[];
  submissions: readonly (OwedSubmission & { indicatorId: string; periodId: string; administrationId: string })[];
}

export interface ResultSubmission {
  id: string;
  planId: string;
  strategyId: string;
  indicatorId: string;
  periodId: string;
  administrationId: string;
  state: string;
  submittedBy: string;
  submittedAt: string;
  reason?: string;
  reviewedAt?: string;
  version: number;
  value?: string;
  answer?: string;
}

export interface OwedIndicator {
  indicator: { id: string; title: string; translations?: Translations };
  state: 'to_report' | 'to_correct';
  reason?: string;
}

export type ResultReminderItem =
  | {
      kind: 'report';
      ledgerId: string;
      strategy: ReminderStrategy;
      plan: ClosingPeriod['plan'];
      period: ClosingPeriod['period'];
      administrationId: string;
      slot: PeriodCloseSlot;
      owed: OwedIndicator[];
      /** owner: a focal point of the administration; nobody-to-remind: the secretariat, as nobody there can be told. */
      reason: 'owner' | 'nobody-to-remind';
    }
  | {
      kind: 'review';
      ledgerId: string;
      strategy: ReminderStrategy;
      submission: ResultSubmission;
      slot: ReviewWaitSlot;
      waitDays: number;
      /** co-coordinator: may approve it; nobody-to-review: the secretariat, as no co-coordinator other than the submitter can be told. */
      reason: 'co-coordinator' | 'nobody-to-review';
    }
  | { kind: 'returned'; ledgerId: string; submission: ResultSubmission };

export interface ResultLetter {
  person: ReminderPerson;
  administration: ReminderAdministration;
  language: Language;
  today: string;
  items: ResultReminderItem[];
}

export interface ResultReminderInput {
  now: Date;
  closing: readonly ClosingPeriod[];
  /** Submissions waiting for review (the index, before each strategy's wait is applied). */
  waiting: readonly ResultSubmission[];
  /** Submissions returned lately, still returned. */
  returned: readonly ResultSubmission[];
  strategies: ReadonlyMap<string, ReminderStrategy>;
  administrations: ReadonlyMap<string, ReminderAdministration>;
  people: ReadonlyMap<string, readonly ReminderPerson[]>;
  /** The people who submitted the returned values (any administration, or the secretariat). */
  submitters: ReadonlyMap<string, ReminderPerson>;
  secretariat?: readonly ReminderPerson[];
}

export interface ResultReminderPlan {
  letters: ResultLetter[];
  /** `<period>#<administration>` owed and told to nobody there: told to the secretariat. */
  unreachable: string[];
  /** Submissions waiting that no co-coordinator but the submitter could review: told to the secretariat. */
  unreviewed: string[];
}

const takesMail = (p: ReminderPerson) => p.active !== false && !p.remindersOptOut;
const isFocalPoint = (p: ReminderPerson) => p.role === 'focal_point' || p.role === 'coordinator';

export function planResultReminders(input: ResultReminderInput): ResultReminderPlan {
  const letters = new Map<string, ResultLetter>();
  const unreachable: string[] = [];
  const unreviewed: string[] = [];
  const secretariat = (input.secretariat ?? []).filter(takesMail);
  const strategyOf = (id: string): ReminderStrategy =>
    input.strategies.get(id) ?? { id, title: id, reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 }, coordinatorIds: [] };

  const add = (person: ReminderPerson, administration: ReminderAdministration, today: string, item: ResultReminderItem) => {
    let letter = letters.get(person.id);
    if (!letter) {
      letter = { person, administration, language: person.language ?? administration.language, today, items: [] };
      letters.set(person.id, letter);
    }
    if (!letter.items.some((i) => i.ledgerId === item.ledgerId)) letter.items.push(item);
  };
  const members = (administrationId: string, pick: (p: ReminderPerson) => boolean) =>
    (input.people.get(administrationId) ?? []).filter((p) => pick(p) && takesMail(p) && p.administrationId === administrationId);

  // Periods closing: each administration that still owes something, its focal points.
  for (const c of input.closing) {
    const strategy = strategyOf(c.plan.strategyId);
    const { periodCloseDays } = resultReminderSettings(strategy.reminders);
    for (const administrationId of c.administrationIds) {
      const administration = input.administrations.get(administrationId);
      if (!administration) continue;
      const today = localDate(input.now, administration.timeZone);
      const slot = periodCloseSlot(c.period.end, today, periodCloseDays);
      if (!slot) continue;
      const owed = c.indicators.flatMap((indicator): OwedIndicator[] => {
        const mine = c.submissions.filter((s) => s.indicatorId === indicator.id && s.periodId === c.period.id && s.administrationId === administrationId);
        const state = reportState(indicator.periodFigure, mine);
        if (!state || state.state === 'waiting') return [];
        // A summed period with approved values is not owed: more may come, none is missing.
        return [{ indicator: { id: indicator.id, title: indicator.title, ...(indicator.translations ? { translations: indicator.translations } : {}) }, state: state.state, ...(state.submission?.reason ? { reason: state.submission.reason } : {}) }];
      });
      if (owed.length === 0) continue;
      const item = (personId: string, reason: 'owner' | 'nobody-to-remind'): ResultReminderItem => ({
        kind: 'report', ledgerId: reportLedgerId(personId, c.period.id, administrationId, slot), strategy, plan: c.plan, period: c.period, administrationId, slot, owed, reason,
      });
      const focalPoints = members(administrationId, isFocalPoint);
      for (const person of focalPoints) add(person, administration, today, item(person.id, 'owner'));
      if (focalPoints.length === 0) {
        unreachable.push(`${c.period.id}#${administrationId}`);
        for (const person of secretariat) add(person, { ...administration, language: person.language ?? administration.language }, today, item(person.id, 'nobody-to-remind'));
      }
    }
  }

  // Waiting for review: the co-coordinators who may approve it.
  for (const submission of input.waiting) {
    if (submission.state !== 'submitted') continue;
    const strategy = strategyOf(submission.strategyId);
    const { reviewWaitDays } = resultReminderSettings(strategy.reminders);
    let told = 0;
    let first: { administration: ReminderAdministration; today: string; slot: ReviewWaitSlot } | undefined;
    for (const administrationId of strategy.coordinatorIds) {
      const administration = input.administrations.get(administrationId);
      if (!administration) continue;
      const today = localDate(input.now, administration.timeZone);
      const slot = reviewWaitSlot(localDate(new Date(submission.submittedAt), administration.timeZone), today, reviewWaitDays);
      if (!slot) continue;
      first ??= { administration, today, slot };
      for (const person of members(administrationId, (p) => p.role === 'coordinator' && p.id !== submission.submittedBy)) {
        add(person, administration, today, { kind: 'review', ledgerId: reviewLedgerId(person.id, submission.id, slot), strategy, submission, slot, waitDays: reviewWaitDays, reason: 'co-coordinator' });
        told++;
      }
    }
    if (told > 0) continue;
    // No co-coordinator (or only the submitter): the secretariat reviews, on the submitting administration's calendar.
    const home = first?.administration ?? input.administrations.get(submission.administrationId);
    if (!home) continue;
    const today = first?.today ?? localDate(input.now, home.timeZone);
    const slot = first?.slot ?? reviewWaitSlot(localDate(new Date(submission.submittedAt), home.timeZone), today, reviewWaitDays);
    if (!slot) continue;
    unreviewed.push(submission.id);
    for (const person of secretariat) {
      if (person.id === submission.submittedBy) continue;
      add(person, { ...home, language: person.language ?? home.language }, today, {
        kind: 'review', ledgerId: reviewLedgerId(person.id, submission.id, slot), strategy, submission, slot, waitDays: reviewWaitDays, reason: 'nobody-to-review',
      });
    }
  }

  // Returned: the reason, to whoever submitted the value.
  for (const submission of input.returned) {
    if (submission.state !== 'returned') continue;
    const person = input.submitters.get(submission.submittedBy);
    if (!person || !takesMail(person)) continue;
    const own = input.administrations.get(person.administrationId ?? submission.administrationId) ?? input.administrations.get(submission.administrationId);
    if (!own) continue;
    add(person, own, localDate(input.now, own.timeZone), { kind: 'returned', ledgerId: returnedLedgerId(person.id, submission.id, submission.version), submission });
  }

  const rank = { returned: 0, report: 1, review: 2 } as const;
  const sorted = [...letters.values()].sort((a, b) => a.person.id.localeCompare(b.person.id));
  for (const letter of sorted) letter.items.sort((a, b) => rank[a.kind] - rank[b.kind] || a.ledgerId.localeCompare(b.ledgerId));
  return { letters: sorted, unreachable, unreviewed };
}
