/**
 * The reminders run: due milestones from the `due` index, their people from the directory, one
 * mail per recipient through the send ledger. Reads grow with what is due, not with what is
 * stored: one Query on the index (plus the strategies, a handful), eventually consistent batch
 * reads of the plans and administrations concerned, one Query per administration concerned, and
 * one batch read of the ledger.
 */
import type { ReminderAdministration, ReminderPerson, ReminderStrategy } from '../domain/reminders.ts';
import { planReminders, selectionHorizon } from '../domain/reminders.ts';
import { reminderMessage } from '../mail/templates/reminder.ts';
import { key } from '../store/keys.ts';
import { deliver, type Letter } from './deliver.ts';
import { batchGetEventually } from './reads.ts';
import { emptyResult, noLog, type JobDeps, type JobResult } from './deps.ts';
import { allPages, mapLimit, retrying } from './retry.ts';
import type { ReminderItem, ReminderLetter } from '../domain/reminders.ts';
import { milestoneFor } from '../domain/internal.ts';

export async function runReminders(deps: JobDeps): Promise<JobResult> {
  const { store, now } = deps;
  const log = deps.log ?? noLog;
  const result = emptyResult('reminders', now);

  // Strategies: their reminder settings, titles and co-coordinators (a handful of items).
  const strategies = await allPages((page) => store.strategies.list(page));
  const horizon = selectionHorizon(now, strategies.map((s) => s.reminders));
  const due = await retrying(() => store.milestones.openDueBy(horizon));
  if (due.length === 0) return result;

  const strategyById = new Map<string, ReminderStrategy>(strategies.map((s) => [s.id, s]));
  const administrationIds = new Set(due.map((m) => m.ownerAdministrationId));
  for (const m of due) for (const c of strategyById.get(m.strategyId)?.coordinatorIds ?? []) administrationIds.add(c);
  const planIds = [...new Set(due.map((m) => m.planId))];

  const [administrations, planItems, peopleLists] = await Promise.all([
    batchGetEventually(store, [...administrationIds].map((id) => key.administration(id)), ['id', 'name', 'language', 'timeZone']),
    batchGetEventually(store, planIds.map((id) => key.plan(id)), ['id', 'title']),
    mapLimit([...administrationIds], 8, async (id) => [id, await retrying(() => store.people.ofAdministration(id))] as const),
  ]);
  const administrationById = new Map(administrations.map((a) => [a.id as string, a as unknown as ReminderAdministration]));
  const planTitles = new Map(planItems.map((p) => [p.id as string, p.title as string]));
  const people = new Map<string, ReminderPerson[]>(peopleLists.map(([id, list]) => [id, list]));

  let plan = planReminders({ now, milestones: due, strategies: strategyById, administrations: administrationById, people });
  if (plan.unreachable.length > 0 || plan.unescalated.length > 0) {
    // Only then is the secretariat read (one Query): what would reach nobody goes to it.
    const secretariat = await retrying(() => store.people.secretariat());
    plan = planReminders({ now, milestones: due, strategies: strategyById, administrations: administrationById, people, secretariat });
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

  const administrationNames = new Map([...administrationById.values()].map((a) => [a.id, a.name]));
  const letters: Letter<ReminderItem>[] = plan.letters.map(seenByRecipient).filter((letter) => letter.items.length > 0).map((letter) => ({
    recipient: letter.person.id,
    entries: letter.items.map((item) => ({ id: item.ledgerId, kind: `reminder:${item.slot.kind}`, item })),
    compose: (items) =>
      reminderMessage({
        letter: { ...letter, items },
        links: deps.links,
        from: deps.from,
        issuedAt: (deps.clock ?? (() => new Date()))(),
        administrationNames,
        planTitles,
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
