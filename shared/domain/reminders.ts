/**
 * Who is reminded of which milestone, and when. Pure: the reminders job reads the due milestones
 * and the directory, asks `planReminders`, and sends what it returns.
 *
 * The schedule of one open milestone, in the recipient administration's calendar ("today" there):
 *   before    at each offset (default 14, 7 and 1 days before the due date)
 *   due       on the due date
 *   overdue   then every 7 days while it stays open (7, 14, 21... days late)
 * Each reminder has a *slot*: its kind and the day it is meant for. A run sends the slot that is
 * current today, so a run that was missed (or a milestone that just entered the window) is caught
 * up by the next one, and the send ledger keys on (recipient, milestone, kind, slot day) so no
 * slot is ever sent twice. The text always says the real number of days.
 *
 * Escalation ladder (per strategy): once a milestone is `graceDays` late its reminders also go to
 * the strategy's co-coordinators; once it is `attentionDays` late it "needs attention" and is
 * flagged in the owner's Director General's next digest (see digest.ts).
 *
 * Nothing is lost without a word: a reminder that would reach nobody (the owner has no active
 * focal point who takes reminders) and an escalation that would reach nobody (no co-coordinating
 * administration has an active coordinator) go to the secretariat instead, saying why.
 */
import type { Translations } from './translations.ts';
import type { Language } from './common.ts';
import { addDays, daysBetween, localDate } from './dates.ts';
import type { MilestoneStatus, Role } from './resources.ts';

export interface ReminderSettings {
  offsetsDays: readonly number[];
  graceDays: number;
  attentionDays: number;
  /** Results (result-reminders.ts): days before a reporting period closes; absent means the default. */
  periodCloseDays?: readonly number[];
  /** Results: days a submission may wait for review before the co-coordinators are reminded; absent means the default. */
  reviewWaitDays?: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 };

export type SlotKind = 'before' | 'due' | 'overdue';

export interface ReminderSlot {
  kind: SlotKind;
  /** The calendar day this reminder is meant for (due date minus the offset, the due date, or a weekly day after it). */
  day: string;
  /** Days until the due date in the recipient's calendar (negative when late). */
  daysLeft: number;
  /** Days past the due date (0 when not late). */
  daysOverdue: number;
}

/** The reminder that is current for a milestone due on `dueDate`, seen on `today`; null when none is. */
export function reminderSlot(dueDate: string, today: string, settings: ReminderSettings): ReminderSlot | null {
  const daysLeft = daysBetween(today, dueDate);
  if (daysLeft > 0) {
    // The latest offset already reached: 5 days before is the 7-day reminder's time.
    const reached = settings.offsetsDays.filter((o) => o >= daysLeft);
    if (reached.length === 0) return null;
    const offset = Math.min(...reached);
    return { kind: 'before', day: addDays(dueDate, -offset), daysLeft, daysOverdue: 0 };
  }
  const daysOverdue = -daysLeft || 0; // never -0
  const week = Math.floor(daysOverdue / 7);
  return { kind: week === 0 ? 'due' : 'overdue', day: addDays(dueDate, 7 * week), daysLeft, daysOverdue };
}

/** Late for `graceDays` or more: the co-coordinators are told too. */
export const isEscalated = (daysOverdue: number, settings: ReminderSettings) => daysOverdue >= settings.graceDays;

/** Late for `attentionDays` or more: flagged in the owner's Director General's digest. */
export const needsAttention = (daysOverdue: number, settings: ReminderSettings) => daysOverdue >= settings.attentionDays;

/**
 * The last due date a run must read from the `due` index: the furthest offset past the latest
 * calendar date anywhere on Earth at `now` (UTC+14 is at most one day ahead of UTC).
 */
export function selectionHorizon(now: Date, settings: readonly ReminderSettings[]): string {
  const furthest = Math.max(0, ...settings.map((s) => Math.max(...s.offsetsDays)), ...DEFAULT_REMINDER_SETTINGS.offsetsDays);
  return addDays(localDate(now, 'UTC'), 1 + furthest);
}

/** The ledger id of one reminder: one send per (recipient, milestone, kind, day). */
export function reminderLedgerId(personId: string, milestoneId: string, slot: ReminderSlot): string {
  return `reminder:${slot.kind}#${personId}#${milestoneId}#${slot.day}`;
}

// ------------------------------------------------------------------ planning a run

export interface DueMilestone {
  id: string;
  planId: string;
  strategyId: string;
  title: string;
  /** The title's translations (the mail gives the recipient's language). */
  translations?: Translations;
  ownerAdministrationId: string;
  dueDate: string;
  status: MilestoneStatus;
  progress: number;
}

export interface ReminderStrategy {
  id: string;
  title: string;
  reminders: ReminderSettings;
  coordinatorIds: readonly string[];
}

export interface ReminderAdministration {
  id: string;
  name: string;
  language: Language;
  timeZone: string;
}

export interface ReminderPerson {
  id: string;
  name: string;
  email: string;
  role: Role;
  administrationId?: string;
  language?: Language;
  remindersOptOut: boolean;
  /** false once deactivated: no mail at all. */
  active?: boolean;
}

export interface ReminderItem {
  milestone: DueMilestone;
  strategy: ReminderStrategy;
  slot: ReminderSlot;
  /**
   * owner: the recipient's administration owns the milestone; co-coordinator: escalated to them;
   * nobody-to-remind / nobody-to-escalate-to: sent to the secretariat because nobody else could be told.
   */
  reason: 'owner' | 'co-coordinator' | 'nobody-to-remind' | 'nobody-to-escalate-to';
  needsAttention: boolean;
  ledgerId: string;
}

/** One email: everything due for one person in this run. */
export interface ReminderLetter {
  person: ReminderPerson;
  /** The recipient's own administration (its zone decides "today", its language is the default). */
  administration: ReminderAdministration;
  language: Language;
  today: string;
  items: ReminderItem[];
}

export interface ReminderPlanInput {
  now: Date;
  milestones: readonly DueMilestone[];
  strategies: ReadonlyMap<string, ReminderStrategy>;
  administrations: ReadonlyMap<string, ReminderAdministration>;
  /** People of each administration (any role; the rule picks whom to tell). */
  people: ReadonlyMap<string, readonly ReminderPerson[]>;
  /** The secretariat's people: told what would otherwise reach nobody. */
  secretariat?: readonly ReminderPerson[];
}

export interface ReminderPlan {
  letters: ReminderLetter[];
  /** Milestones with a current reminder but no focal point of the owner to send it to (none, or all opted out): told to the secretariat. */
  unreachable: string[];
  /** Escalated milestones that no co-coordinator could receive: told to the secretariat. */
  unescalated: string[];
}

/** Focal points of an administration: the people who report on its milestones (coordinators are focal points too). */
const isFocalPoint = (p: ReminderPerson) => p.role === 'focal_point' || p.role === 'coordinator';
const isCoordinator = (p: ReminderPerson) => p.role === 'coordinator';
/** Who can be mailed at all: active and not opted out of reminders. */
const takesMail = (p: ReminderPerson) => p.active !== false && !p.remindersOptOut;

/** Done and cancelled milestones get nothing (they also leave the `due` index). */
const isOpen = (m: DueMilestone) => m.status !== 'done' && m.status !== 'cancelled';

export function planReminders(input: ReminderPlanInput): ReminderPlan {
  const letters = new Map<string, ReminderLetter>();
  const unreachable: string[] = [];
  const unescalated: string[] = [];
  const secretariat = (input.secretariat ?? []).filter(takesMail);

  const add = (person: ReminderPerson, administration: ReminderAdministration, today: string, item: ReminderItem) => {
    let letter = letters.get(person.id);
    if (!letter) {
      letter = { person, administration, language: person.language ?? administration.language, today, items: [] };
      letters.set(person.id, letter);
    }
    if (!letter.items.some((i) => i.milestone.id === item.milestone.id)) letter.items.push(item);
  };

  for (const milestone of input.milestones) {
    if (!isOpen(milestone)) continue;
    const strategy = input.strategies.get(milestone.strategyId) ?? {
      id: milestone.strategyId,
      title: milestone.strategyId,
      reminders: DEFAULT_REMINDER_SETTINGS,
      coordinatorIds: [],
    };
    const settings = strategy.reminders;
    let told = 0;
    let escalatedTo = 0;
    let current: { administration: ReminderAdministration; today: string; slot: ReminderSlot } | undefined;

    const tell = (administrationId: string, reason: ReminderItem['reason'], pick: (p: ReminderPerson) => boolean) => {
      const administration = input.administrations.get(administrationId);
      if (!administration) return;
      const today = localDate(input.now, administration.timeZone);
      const slot = reminderSlot(milestone.dueDate, today, settings);
      if (!slot) return;
      if (reason === 'co-coordinator' && !isEscalated(slot.daysOverdue, settings)) return;
      if (reason === 'owner') current = { administration, today, slot };
      for (const person of input.people.get(administrationId) ?? []) {
        if (!pick(person) || !takesMail(person) || person.administrationId !== administrationId) continue;
        add(person, administration, today, {
          milestone,
          strategy,
          slot,
          reason,
          needsAttention: needsAttention(slot.daysOverdue, settings),
          ledgerId: reminderLedgerId(person.id, milestone.id, slot),
        });
        if (reason === 'owner') told++;
        else escalatedTo++;
      }
    };
    /** What would reach nobody goes to the secretariat, on the owner's calendar. */
    const tellSecretariat = (reason: 'nobody-to-remind' | 'nobody-to-escalate-to') => {
      if (!current) return;
      for (const person of secretariat) {
        const administration = { ...current.administration, language: person.language ?? current.administration.language };
        add(person, administration, current.today, {
          milestone,
          strategy,
          slot: current.slot,
          reason,
          needsAttention: needsAttention(current.slot.daysOverdue, settings),
          ledgerId: reminderLedgerId(person.id, milestone.id, current.slot),
        });
      }
    };

    tell(milestone.ownerAdministrationId, 'owner', isFocalPoint);
    const otherCoordinators = strategy.coordinatorIds.filter((id) => id !== milestone.ownerAdministrationId);
    for (const coordinatorId of otherCoordinators) tell(coordinatorId, 'co-coordinator', isCoordinator);
    if (current && told === 0) {
      unreachable.push(milestone.id);
      tellSecretariat('nobody-to-remind');
    } else if (current && escalatedTo === 0 && isEscalated(current.slot.daysOverdue, settings)) {
      // Late past the grace period and no co-coordinator (other than the owner) could be told.
      const ownerCoordinates = strategy.coordinatorIds.includes(milestone.ownerAdministrationId);
      if (otherCoordinators.length > 0 || !ownerCoordinates) {
        unescalated.push(milestone.id);
        tellSecretariat('nobody-to-escalate-to');
      }
    }
  }

  const order = (i: ReminderItem) => i.slot.daysLeft;
  const sorted = [...letters.values()].sort((a, b) => a.person.id.localeCompare(b.person.id));
  for (const letter of sorted) letter.items.sort((a, b) => order(a) - order(b) || a.milestone.id.localeCompare(b.milestone.id));
  return { letters: sorted, unreachable, unescalated };
}
