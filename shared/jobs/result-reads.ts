/**
 * What the reminders run reads about results (result-reminders.ts), through indexes only:
 *   - the reporting periods closing soon: one Query of the `due` index (PERIODS, by last day);
 *   - per strategy, the submissions waiting longer than its review wait (one Query of gsi2, only
 *     those old enough) and those returned in the last RETURNED_WINDOW_DAYS (one Query of gsi2);
 * and then only for what those found: the plans concerned (one BatchGetItem, shared with the
 * milestone reminders' plan titles), the framework of each active plan with a period closing (one
 * Query each, projected), the titles of the indicators and periods named (one BatchGetItem) and the
 * people who submitted returned values (one BatchGetItem). So with the strategies list and the
 * milestones' due Query, a run costs 3 + 2 x strategies requests when nothing is due, and grows with the plans that have a period closing, not with what is stored.
 */
import type { ReminderPerson } from '../domain/reminders.ts';
import { periodWindow, resultReminderSettings, reviewCutoff, type ClosingPeriod, type ResultSubmission } from '../domain/result-reminders.ts';
import type { Strategy } from '../domain/resources.ts';
import type { Language } from '../domain/constants.ts';
import { inLanguage, type Translations } from '../domain/translations.ts';
import { key } from '../store/keys.ts';
import { toPlanRecord } from '../store/plan-collection.ts';
import type { Item } from '../store/db.ts';
import type { JobDeps } from './deps.ts';
import { batchGetEventually } from './reads.ts';
import { mapLimit, retrying } from './retry.ts';

/** How far back a run looks for returned values whose reason is not mailed yet (a run a day; a week of outage is caught up). */
export const RETURNED_WINDOW_DAYS = 7;

/** The plan fields the reminders read: the title for mail, the rest for who reports and whether it is active. */
export const PLAN_FIELDS = ['id', 'title', 'translations', 'status', 'strategyId', 'coordinatorIds', 'participantCounts', 'participantIds', 'donorCounts', 'donorIds'];

const PERSON_FIELDS = ['id', 'name', 'email', 'role', 'administrationId', 'language', 'remindersOptOut', 'active'];

export interface ResultReads {
  /** Periods closing soon, with what their active plan's administrations reported (plans read later). */
  closing: (plans: ReadonlyMap<string, Item>) => Promise<ClosingPeriod[]>;
  closingPlanIds: string[];
  waiting: ResultSubmission[];
  returned: ResultSubmission[];
  /** Administrations the review and returned items concern (the submitting ones). */
  administrationIds: Set<string>;
  planIds: Set<string>;
}

/** The index reads (a Query for the periods, two per strategy), in parallel. */
export async function readResultIndexes(deps: JobDeps, strategies: readonly Strategy[]): Promise<ResultReads> {
  const { store, now } = deps;
  const window = periodWindow(now, strategies.map((s) => s.reminders));
  const since = new Date(now.getTime() - RETURNED_WINDOW_DAYS * 86_400_000).toISOString();
  const [periods, waitingLists, returnedLists] = await Promise.all([
    retrying(() => store.results.periodsEndingBetween(window.from, window.to)),
    mapLimit(strategies, 4, (s) => retrying(() => store.results.awaitingReview(s.id, { submittedBefore: reviewCutoff(now, resultReminderSettings(s.reminders).reviewWaitDays) }))),
    mapLimit(strategies, 4, (s) => retrying(() => store.results.returnedSince(s.id, since))),
  ]);
  const waiting = waitingLists.flat() as ResultSubmission[];
  const returned = returnedLists.flat() as ResultSubmission[];
  const closingPlanIds = [...new Set(periods.map((p) => p.planId))];
  const concerned = [...waiting, ...returned];

  const closing = async (plans: ReadonlyMap<string, Item>): Promise<ClosingPeriod[]> => {
    const active = closingPlanIds.flatMap((id) => {
      const item = plans.get(id);
      return item && item.status === 'active' ? [{ id, record: toPlanRecord(item) }] : [];
    });
    const frameworks = await mapLimit(active, 8, (p) => retrying(() => store.results.framework(p.id, { forMatrix: true })));
    return active.flatMap(({ id, record }, i) => {
      const framework = frameworks[i]!;
      const reporters = new Set([...record.scope.coordinatorIds, ...record.scope.participantIds, ...framework.submissions.map((s) => s.administrationId)]);
      return periods
        .filter((p) => p.planId === id)
        .map((period) => ({
          period: { id: period.id, planId: id, label: period.label, end: period.end },
          plan: { id, title: record.plan.title, strategyId: record.plan.strategyId, ...(record.plan.translations ? { translations: record.plan.translations } : {}) },
          administrationIds: [...reporters].sort(),
          indicators: framework.indicators.map((i) => ({ id: i.id, title: i.title, periodFigure: i.periodFigure, ...(i.translations ? { translations: i.translations } : {}) })),
          submissions: framework.submissions.filter((s) => s.periodId === period.id),
        }));
    });
  };

  return {
    closing,
    closingPlanIds,
    waiting,
    returned,
    administrationIds: new Set(concerned.map((s) => s.administrationId)),
    planIds: new Set([...closingPlanIds, ...concerned.map((s) => s.planId)]),
  };
}

/**
 * The titles of the indicators (in a recipient's language) and the labels of the periods the
 * waiting and returned values name, and the people who submitted the returned ones: one eventually
 * consistent BatchGetItem each (none when there is nothing to name).
 */
export async function readResultNames(deps: JobDeps, reads: ResultReads): Promise<{ titles: (language: Language) => Map<string, string>; submitters: Map<string, ReminderPerson> }> {
  const named = [...reads.waiting, ...reads.returned];
  const keys = new Map<string, ReturnType<typeof key.indicator>>();
  for (const s of named) {
    keys.set(s.indicatorId, key.indicator(s.planId, s.indicatorId));
    keys.set(s.periodId, key.period(s.planId, s.periodId));
  }
  const submitterIds = [...new Set(reads.returned.map((s) => s.submittedBy))];
  const [items, people] = await Promise.all([
    keys.size > 0 ? batchGetEventually(deps.store, [...keys.values()], ['id', 'title', 'label', 'translations.title']) : [],
    submitterIds.length > 0 ? batchGetEventually(deps.store, submitterIds.map((id) => key.person(id)), PERSON_FIELDS) : [],
  ]);
  return {
    titles: (language) => new Map(items.map((i) => [i.id as string, (i.title === undefined ? i.label : inLanguage(i as { title: string; translations?: Translations }, [language]).title) as string])),
    submitters: new Map(people.map((p) => [p.id as string, p as unknown as ReminderPerson])),
  };
}
