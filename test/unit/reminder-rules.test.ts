/** Who is reminded of what, and when: the pure rules of shared/domain/reminders.ts. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REMINDER_SETTINGS,
  isEscalated,
  needsAttention,
  planReminders,
  reminderLedgerId,
  reminderSlot,
  selectionHorizon,
  type DueMilestone,
  type ReminderAdministration,
  type ReminderPerson,
  type ReminderStrategy,
} from '../../shared/domain/reminders.ts';

const settings = DEFAULT_REMINDER_SETTINGS;

describe('the reminder slot of a milestone', () => {
  it('is nothing while the due date is further away than the largest offset', () => {
    expect(reminderSlot('2026-12-31', '2026-12-16', settings)).toBeNull();
  });

  it('is the offset reminder on the offset day: 14, 7 and 1 days before', () => {
    expect(reminderSlot('2026-12-31', '2026-12-17', settings)).toEqual({ kind: 'before', day: '2026-12-17', daysLeft: 14, daysOverdue: 0 });
    expect(reminderSlot('2026-12-31', '2026-12-24', settings)).toMatchObject({ kind: 'before', day: '2026-12-24', daysLeft: 7 });
    expect(reminderSlot('2026-12-31', '2026-12-30', settings)).toMatchObject({ kind: 'before', day: '2026-12-30', daysLeft: 1 });
  });

  it('stays the latest offset reached until the next one, so a missed run is caught up (same slot day)', () => {
    expect(reminderSlot('2026-12-31', '2026-12-26', settings)).toMatchObject({ kind: 'before', day: '2026-12-24', daysLeft: 5 });
    expect(reminderSlot('2026-12-31', '2026-12-20', settings)).toMatchObject({ kind: 'before', day: '2026-12-17', daysLeft: 11 });
  });

  it('is the on-the-day reminder on the due date, then one every 7 days while overdue', () => {
    expect(reminderSlot('2026-12-31', '2026-12-31', settings)).toEqual({ kind: 'due', day: '2026-12-31', daysLeft: 0, daysOverdue: 0 });
    expect(reminderSlot('2026-12-31', '2027-01-03', settings)).toMatchObject({ kind: 'due', day: '2026-12-31', daysOverdue: 3 });
    expect(reminderSlot('2026-12-31', '2027-01-07', settings)).toMatchObject({ kind: 'overdue', day: '2027-01-07', daysOverdue: 7 });
    expect(reminderSlot('2026-12-31', '2027-01-13', settings)).toMatchObject({ kind: 'overdue', day: '2027-01-07', daysOverdue: 13 });
    expect(reminderSlot('2026-12-31', '2027-01-14', settings)).toMatchObject({ kind: 'overdue', day: '2027-01-14', daysOverdue: 14 });
  });

  it('follows per-strategy offsets', () => {
    const custom = { offsetsDays: [30, 3], graceDays: 5, attentionDays: 10 };
    expect(reminderSlot('2026-12-31', '2026-12-01', custom)).toMatchObject({ kind: 'before', day: '2026-12-01', daysLeft: 30 });
    expect(reminderSlot('2026-12-31', '2026-12-27', custom)).toMatchObject({ kind: 'before', day: '2026-12-01', daysLeft: 4 });
    expect(reminderSlot('2026-12-31', '2026-12-28', custom)).toMatchObject({ kind: 'before', day: '2026-12-28', daysLeft: 3 });
  });

  it('gives each slot its own ledger id: (recipient, milestone, kind, day)', () => {
    const slot = reminderSlot('2026-12-31', '2026-12-26', settings)!;
    expect(reminderLedgerId('focal-gt', 'p.m1', slot)).toBe('reminder:before#focal-gt#p.m1#2026-12-24');
    // A moved due date makes new slots, so the new schedule is reminded afresh.
    expect(reminderLedgerId('focal-gt', 'p.m1', reminderSlot('2027-01-07', '2026-12-31', settings)!)).toBe('reminder:before#focal-gt#p.m1#2026-12-31');
  });
});

describe('the escalation ladder', () => {
  it('goes to the co-coordinators once the grace period has run out, and needs attention after the second threshold', () => {
    expect(isEscalated(13, settings)).toBe(false);
    expect(isEscalated(14, settings)).toBe(true);
    expect(needsAttention(29, settings)).toBe(false);
    expect(needsAttention(30, settings)).toBe(true);
  });
});

describe('the selection horizon', () => {
  it('reaches the furthest offset past the latest calendar date on Earth', () => {
    expect(selectionHorizon(new Date('2026-11-30T23:30:00Z'), [settings])).toBe('2026-12-15');
    expect(selectionHorizon(new Date('2026-11-30T23:30:00Z'), [settings, { ...settings, offsetsDays: [30] }])).toBe('2026-12-31');
  });
});

// ------------------------------------------------------------------ planning a run

const lima: ReminderAdministration = { id: 'PE', name: 'Peru Customs (SUNAT)', language: 'es', timeZone: 'America/Lima' };
const tokyo: ReminderAdministration = { id: 'JP', name: 'Japan Customs', language: 'en', timeZone: 'Asia/Tokyo' };
const brazil: ReminderAdministration = { id: 'BR', name: 'Brazil Customs', language: 'pt', timeZone: 'America/Sao_Paulo' };
const argentina: ReminderAdministration = { id: 'AR', name: 'Argentina Customs', language: 'es', timeZone: 'America/Argentina/Buenos_Aires' };
const administrations = new Map([lima, tokyo, brazil, argentina].map((a) => [a.id, a]));

const person = (id: string, administrationId: string, role: ReminderPerson['role'], extra: Partial<ReminderPerson> = {}): ReminderPerson => ({
  id, name: id, email: `${id}@example.org`, role, administrationId, remindersOptOut: false, ...extra,
});
const people = new Map<string, ReminderPerson[]>([
  ['PE', [person('focal-pe', 'PE', 'focal_point'), person('coord-pe', 'PE', 'coordinator'), person('dg-pe', 'PE', 'director_general')]],
  ['JP', [person('focal-jp', 'JP', 'focal_point')]],
  ['BR', [person('focal-br', 'BR', 'focal_point', { language: 'es' }), person('focal-br2', 'BR', 'focal_point', { remindersOptOut: true })]],
  ['AR', [person('coord-ar', 'AR', 'coordinator'), person('focal-ar', 'AR', 'focal_point')]],
]);
const strategy: ReminderStrategy = { id: 'ams-rm', title: 'Risk management', reminders: settings, coordinatorIds: ['PE', 'AR'] };
const strategies = new Map([[strategy.id, strategy]]);

const milestone = (id: string, owner: string, dueDate: string, extra: Partial<DueMilestone> = {}): DueMilestone => ({
  id: `plan.${id}`, planId: 'plan', strategyId: 'ams-rm', title: id, ownerAdministrationId: owner, dueDate, status: 'in_progress', progress: 10, ...extra,
});

const plan = (now: string, milestones: DueMilestone[]) => planReminders({ now: new Date(now), milestones, strategies, administrations, people });

describe('planning a reminders run', () => {
  it('counts "due in 7 days" in the recipient administration\'s time zone: a run at 23:30 UTC for Lima and Tokyo', () => {
    // 2026-11-30T23:30Z is 30 Nov 18:30 in Lima and 1 Dec 08:30 in Tokyo.
    const run = plan('2026-11-30T23:30:00Z', [milestone('lima', 'PE', '2026-12-07'), milestone('tokyo', 'JP', '2026-12-08'), milestone('tokyo-early', 'JP', '2026-12-07')]);
    const byPerson = new Map(run.letters.map((l) => [l.person.id, l]));
    expect(byPerson.get('focal-pe')!.today).toBe('2026-11-30');
    expect(byPerson.get('focal-pe')!.items[0]!.slot).toMatchObject({ kind: 'before', daysLeft: 7, day: '2026-11-30' });
    expect(byPerson.get('focal-jp')!.today).toBe('2026-12-01');
    const tokyoItems = new Map(byPerson.get('focal-jp')!.items.map((i) => [i.milestone.title, i.slot]));
    expect(tokyoItems.get('tokyo')).toMatchObject({ daysLeft: 7, day: '2026-12-01' });
    // Due 7 Dec is only 6 days away in Tokyo: still the 7-day reminder (its day was yesterday there).
    expect(tokyoItems.get('tokyo-early')).toMatchObject({ daysLeft: 6, day: '2026-11-30' });
  });

  it('writes one letter per recipient, grouping all their milestones', () => {
    const run = plan('2026-12-01T12:00:00Z', [milestone('a', 'PE', '2026-12-02'), milestone('b', 'PE', '2026-12-08'), milestone('c', 'PE', '2026-11-25')]);
    expect(run.letters.map((l) => l.person.id)).toEqual(['coord-pe', 'focal-pe']);
    expect(run.letters[1]!.items.map((i) => i.milestone.title)).toEqual(['c', 'a', 'b']); // most overdue first
  });

  it('tells the focal points (and coordinators) of the owner, never its Director General', () => {
    const run = plan('2026-12-01T12:00:00Z', [milestone('a', 'PE', '2026-12-02')]);
    expect(run.letters.map((l) => l.person.id).sort()).toEqual(['coord-pe', 'focal-pe']);
  });

  it('leaves out people who opted out of reminders, and reports milestones nobody can be told about', () => {
    const run = plan('2026-12-01T12:00:00Z', [milestone('a', 'BR', '2026-12-02')]);
    expect(run.letters.map((l) => l.person.id)).toEqual(['focal-br']);
    const lonely = planReminders({
      now: new Date('2026-12-01T12:00:00Z'),
      milestones: [milestone('a', 'BR', '2026-12-02')],
      strategies,
      administrations,
      people: new Map([['BR', [person('focal-br2', 'BR', 'focal_point', { remindersOptOut: true })]]]),
    });
    expect(lonely.letters).toEqual([]);
    expect(lonely.unreachable).toEqual(['plan.a']);
  });

  it("writes in the person's own language, else the administration's", () => {
    const run = plan('2026-12-01T12:00:00Z', [milestone('a', 'BR', '2026-12-02'), milestone('b', 'JP', '2026-12-02')]);
    const lang = new Map(run.letters.map((l) => [l.person.id, l.language]));
    expect(lang.get('focal-br')).toBe('es'); // person's language over Brazil's pt
    expect(lang.get('focal-jp')).toBe('en');
  });

  it('sends nothing for done or cancelled milestones', () => {
    const run = plan('2026-12-01T12:00:00Z', [milestone('a', 'PE', '2026-12-02', { status: 'done', progress: 100 }), milestone('b', 'PE', '2026-11-01', { status: 'cancelled' })]);
    expect(run.letters).toEqual([]);
  });

  it('escalates to the co-coordinators after the grace period, and flags attention after the second threshold', () => {
    const young = plan('2026-12-01T12:00:00Z', [milestone('late', 'BR', '2026-11-18')]); // 13 days late
    expect(young.letters.map((l) => l.person.id)).toEqual(['focal-br']);

    const old = plan('2026-12-01T12:00:00Z', [milestone('late', 'BR', '2026-11-17')]); // 14 days late
    expect(old.letters.map((l) => l.person.id)).toEqual(['coord-ar', 'coord-pe', 'focal-br']);
    const coordinator = old.letters.find((l) => l.person.id === 'coord-pe')!.items[0]!;
    expect(coordinator).toMatchObject({ reason: 'co-coordinator', needsAttention: false });
    // Only co-coordinators are escalated to: focal points of co-coordinating administrations are not.
    expect(old.letters.some((l) => l.person.id === 'focal-pe' || l.person.id === 'focal-ar')).toBe(false);

    const ancient = plan('2026-12-01T12:00:00Z', [milestone('late', 'BR', '2026-11-01')]); // 30 days late
    expect(ancient.letters.every((l) => l.items[0]!.needsAttention)).toBe(true);
  });

  it('tells a co-coordinating owner once, as the owner', () => {
    const run = plan('2026-12-01T12:00:00Z', [milestone('late', 'PE', '2026-11-01')]);
    const coordPe = run.letters.find((l) => l.person.id === 'coord-pe')!;
    expect(coordPe.items).toHaveLength(1);
    expect(coordPe.items[0]!.reason).toBe('owner');
    expect(run.letters.find((l) => l.person.id === 'coord-ar')!.items[0]!.reason).toBe('co-coordinator');
  });
});

describe('what would reach nobody goes to the secretariat', () => {
  const secretariat = [
    { id: 'admin', name: 'Secretariat', email: 'admin@example.org', role: 'admin' as const, remindersOptOut: false, language: 'en' as const },
    { id: 'admin-gone', name: 'Former officer', email: 'gone@example.org', role: 'admin' as const, remindersOptOut: false, active: false },
  ];
  const run = (now: string, milestones: DueMilestone[], who: Map<string, ReminderPerson[]>, strategyMap = strategies) =>
    planReminders({ now: new Date(now), milestones, strategies: strategyMap, administrations, people: who, secretariat });

  it('a reminder for an administration with no active focal point who takes reminders', () => {
    const lonely = new Map([...people, ['BR', [person('focal-br', 'BR', 'focal_point', { active: false }), person('focal-br2', 'BR', 'focal_point', { remindersOptOut: true })]]]);
    const result = run('2026-12-01T12:00:00Z', [milestone('a', 'BR', '2026-12-02')], lonely);
    expect(result.unreachable).toEqual(['plan.a']);
    expect(result.letters.map((l) => l.person.id)).toEqual(['admin']); // not the deactivated officer
    expect(result.letters[0]!.items[0]).toMatchObject({ reason: 'nobody-to-remind', milestone: { id: 'plan.a' } });
    // On the owner's calendar: due tomorrow in Brazil.
    expect(result.letters[0]!.items[0]!.slot).toMatchObject({ kind: 'before', daysLeft: 1 });
  });

  it('an escalation when no co-coordinating administration has an active coordinator', () => {
    const noCoordinators = new Map([...people, ['PE', [person('focal-pe', 'PE', 'focal_point')]], ['AR', [person('coord-ar', 'AR', 'coordinator', { active: false }), person('focal-ar', 'AR', 'focal_point')]]]);
    const result = run('2026-12-01T12:00:00Z', [milestone('late', 'BR', '2026-11-17')], noCoordinators); // 14 days late
    expect(result.unescalated).toEqual(['plan.late']);
    expect(result.letters.map((l) => l.person.id).sort()).toEqual(['admin', 'focal-br']);
    expect(result.letters.find((l) => l.person.id === 'admin')!.items[0]!.reason).toBe('nobody-to-escalate-to');
    // Before the grace period runs out there is nothing to escalate.
    expect(run('2026-12-01T12:00:00Z', [milestone('late', 'BR', '2026-11-18')], noCoordinators).letters.map((l) => l.person.id)).toEqual(['focal-br']);
  });

  it('an escalation of a strategy with no co-coordinator at all', () => {
    const orphan = new Map([[strategy.id, { ...strategy, coordinatorIds: [] }]]);
    const result = run('2026-12-01T12:00:00Z', [milestone('late', 'BR', '2026-11-10')], people, orphan);
    expect(result.unescalated).toEqual(['plan.late']);
    expect(result.letters.map((l) => l.person.id).sort()).toEqual(['admin', 'focal-br']);
  });

  it('nothing, when someone could be told', () => {
    const result = run('2026-12-01T12:00:00Z', [milestone('late', 'BR', '2026-11-10'), milestone('a', 'PE', '2026-12-02')], people);
    expect(result.unreachable).toEqual([]);
    expect(result.unescalated).toEqual([]);
    expect(result.letters.some((l) => l.person.role === 'admin')).toBe(false);
    // A co-coordinating owner whose own coordinator was told as owner needs no escalation either.
    const soleCoordinator = new Map([[strategy.id, { ...strategy, coordinatorIds: ['PE'] }]]);
    expect(run('2026-12-01T12:00:00Z', [milestone('late', 'PE', '2026-11-01')], people, soleCoordinator).unescalated).toEqual([]);
  });
});
