/**
 * The reminders run: due milestones from the `due` index, and what results need (periods closing,
 * values waiting for review, values returned: result-reads.ts), their people from the directory,
 * one mail per recipient through the send ledger. Reads grow with what is due, not with what is
 * stored: one Query on the index for milestones and one for periods (plus the strategies, a
 * handful, and two gsi2 Queries per strategy), eventually consistent batch reads of the plans and
 * administrations concerned, one Query per administration concerned and per plan with a period
 * closing, and one batch read of the ledger.
 */
import type { ReminderAdministration, ReminderLetter, ReminderPerson, ReminderStrategy } from '../domain/reminders.ts';
import { planReminders, selectionHorizon } from '../domain/reminders.ts';
import { inLanguage, type Translations } from '../domain/translations.ts';
import type { Language } from '../domain/constants.ts';
import { reminderMessage } from '../mail/templates/reminder.ts';
import { key } from '../store/keys.ts';
import { deliver, type Letter, type LetterEntry } from './deliver.ts';
import { batchGetEventually } from './reads.ts';
import { emptyResult, noLog, type JobDeps, type JobResult } from './deps.ts';
import { allPages, mapLimit, retrying } from './retry.ts';
import type { ReminderItem } from '../domain/reminders.ts';
import { milestoneFor } from '../domain/internal.ts';
import { planResultReminders, type ResultReminderItem } from '../domain/result-reminders.ts';
import { PLAN_FIELDS, readResultIndexes, readResultNames } from './result-reads.ts';

/** One entry of a person's letter: a milestone reminder or a results item. */
type LetterItem = { milestone: ReminderItem } | { result: ResultReminderItem };

export async function runReminders(deps: JobDeps): Promise<JobResult> {
  const { store, now } = deps;
  const log = deps.log ?? noLog;
  const result = emptyResult('reminders', now);

  // Strategies: their reminder settings, titles and co-coordinators (a handful of items).
  const strategies = await allPages((page) => store.strategies.list(page));
  const horizon = selectionHorizon(now, strategies.map((s) => s.reminders));
  const [due, results] = await Promise.all([retrying(() => store.milestones.openDueBy(horizon)), readResultIndexes(deps, strategies)]);
  if (due.length === 0 && results.closingPlanIds.length === 0 && results.waiting.length === 0 && results.returned.length === 0) return result;

  const strategyById = new Map<string, ReminderStrategy>(strategies.map((s) => [s.id, s]));
  const planIds = [...new Set([...due.map((m) => m.planId), ...results.planIds])];
  const planItems = await batchGetEventually(store, planIds.map((id) => key.plan(id)), PLAN_FIELDS);
  const plansById = new Map(planItems.map((p) => [p.id as string, p]));
  const [closing, names] = await Promise.all([results.closing(plansById), readResultNames(deps, results)]);

  const administrationIds = new Set([...due.map((m) => m.ownerAdministrationId), ...results.administrationIds, ...closing.flatMap((c) => c.administrationIds)]);
  for (const m of due) for (const c of strategyById.get(m.strategyId)?.coordinatorIds ?? []) administrationIds.add(c);
  for (const s of results.waiting) for (const c of strategyById.get(s.strategyId)?.coordinatorIds ?? []) administrationIds.add(c);
  for (const p of names.submitters.values()) if (p.administrationId) administrationIds.add(p.administrationId);

  const [administrations, peopleLists] = await Promise.all([
    batchGetEventually(store, [...administrationIds].map((id) => key.administration(id)), ['id', 'name', 'translations', 'language', 'timeZone']),
    mapLimit([...administrationIds], 8, async (id) => [id, await retrying(() => store.people.ofAdministration(id))] as const),
  ]);
  const administrationById = new Map(administrations.map((a) => [a.id as string, a as unknown as ReminderAdministration]));
  // Plan titles and administration names in each recipient's language (issue 14).
  const planTitles = (language: Language) => new Map(planItems.map((p) => [p.id as string, inLanguage(p as { title: string; translations?: Translations }, [language]).title]));
  const people = new Map<string, ReminderPerson[]>(peopleLists.map(([id, list]) => [id, list]));

  const resultInput = { now, closing, waiting: results.waiting, returned: results.returned, strategies: strategyById, administrations: administrationById, people, submitters: names.submitters };
  let plan = planReminders({ now, milestones: due, strategies: strategyById, administrations: administrationById, people });
  let resultPlan = planResultReminders(resultInput);
  if (plan.unreachable.length > 0 || plan.unescalated.length > 0 || resultPlan.unreachable.length > 0 || resultPlan.unreviewed.length > 0) {
    // Only then is the secretariat read (one Query): what would reach nobody goes to it.
    const secretariat = await retrying(() => store.people.secretariat());
    plan = planReminders({ now, milestones: due, strategies: strategyById, administrations: administrationById, people, secretariat });
    resultPlan = planResultReminders({ ...resultInput, secretariat });
  }
  for (const id of resultPlan.unreachable) {
    const [period, administration] = id.split('#');
    result.warnings.push(`period ${period} closes but ${administration} has no focal point who takes reminders: the secretariat is told`);
  }
  for (const id of resultPlan.unreviewed) {
    result.warnings.push(`submission ${id} waits for review but no co-coordinator other than its submitter can be told: the secretariat is told`);
  }
  for (const id of plan.unreachable) {
    result.warnings.push(`milestone ${id} is due but its administration has no focal point who takes reminders: the secretariat is told`);
  }
  for (const id of plan.unescalated) {
    result.warnings.push(`milestone ${id} is past its grace period but no co-coordinator can be told: the secretariat is told`);
  }
  if (plan.unreachable.length > 0 || plan.unescalated.length > 0) {
    log.warn('due milestones nobody could be told of, sent to the secretariat', { unreachable: plan.unreachable, unescalated: plan.unescalated });
  }

  const administrationNames = (language: Language) =>
    new Map([...administrationById.values()].map((a) => [a.id, inLanguage(a as ReminderAdministration & { translations?: Translations }, [language]).name]));
  // One letter per person: the milestone reminders and the results items merged.
  const byPerson = new Map<string, { base: ReminderLetter; entries: LetterEntry<LetterItem>[] }>();
  for (const letter of plan.letters.map(seenByRecipient)) {
    if (letter.items.length === 0) continue;
    byPerson.set(letter.person.id, { base: letter, entries: letter.items.map((item) => ({ id: item.ledgerId, kind: `reminder:${item.slot.kind}`, item: { milestone: item } })) });
  }
  for (const letter of resultPlan.letters) {
    const entries = letter.items.map((item) => ({ id: item.ledgerId, kind: `result:${item.kind}`, item: { result: item } }));
    const known = byPerson.get(letter.person.id);
    if (known) known.entries.push(...entries);
    else byPerson.set(letter.person.id, { base: { ...letter, items: [] }, entries });
  }
  const letters: Letter<LetterItem>[] = [...byPerson.values()].map(({ base, entries }) => ({
    recipient: base.person.id,
    entries,
    compose: (items) =>
      reminderMessage({
        letter: { ...base, items: items.flatMap((i) => ('milestone' in i ? [{ ...i.milestone, strategy: inLanguage(i.milestone.strategy as typeof i.milestone.strategy & { translations?: Translations }, [base.language]) }] : [])) },
        results: items.flatMap((i) => ('result' in i ? [i.result] : [])),
        resultTitles: names.titles(base.language),
        links: deps.links,
        from: deps.from,
        issuedAt: (deps.clock ?? (() => new Date()))(),
        administrationNames: administrationNames(base.language),
        planTitles: planTitles(base.language),
      }),
  }));
  await deliver(letters, deps, result);
  log.info('reminders run finished', { due: result.due, sent: result.sent, skipped: result.skipped, failed: result.failed });
  return result;
}

/**
 * A letter holds only what its recipient may see (domain/internal.ts). The reminder rule mails the
 * owner's focal points, the co-coordinators and the secretariat, whom an internal milestone
 * involves; this keeps it so if the rule ever reaches further.
 */
function seenByRecipient(letter: ReminderLetter): ReminderLetter {
  const { person } = letter;
  const reader = { userId: person.id, role: person.role, ...(person.administrationId ? { administrationId: person.administrationId } : {}) };
  const items = letter.items.flatMap((item) => {
    const seen = milestoneFor(reader, { coordinatorIds: item.strategy.coordinatorIds }, item.milestone);
    return seen ? [{ ...item, milestone: seen }] : [];
  });
  return { ...letter, items };
}
