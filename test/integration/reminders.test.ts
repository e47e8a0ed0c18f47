/**
 * The reminders run over DynamoDB Local: with the demo world, in the recipients' languages and
 * time zones, one mail per person per run, each due reminder once, reads that grow with what is due.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CapacityMeter } from '../../shared/jobs/capacity.ts';
import { runReminders } from '../../shared/jobs/reminders.ts';
import type { JobResult } from '../../shared/jobs/deps.ts';
import { jobsWorld, RUN_AT, type JobsWorld } from './jobs-world.ts';

const seeder = { userId: 'seed', role: 'admin' as const };

describe('reminders with the demo data', () => {
  let w: JobsWorld;
  let first: JobResult;
  beforeAll(async () => {
    w = await jobsWorld();
    first = await runReminders(w.deps(RUN_AT));
  });

  it('send a realistic first set: one mail per person, in at least two languages', () => {
    expect(first.failed).toBe(0);
    expect(first.sent).toBeGreaterThanOrEqual(5);
    const recipients = w.mailer.sent.map((m) => m.to.email);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(new Set(w.mailer.sent.map((m) => m.language))).toEqual(new Set(['en', 'es', 'fr', 'pt']));
  });

  it('write to each focal point in their language, about their administration\'s milestones', () => {
    const [br] = w.mailer.to('focal-br@example.org');
    expect(br!.language).toBe('pt');
    // The milestones' titles in the reader's language too (the demo's translations, issue 14).
    expect(br!.subject).toBe('Lembrete: Operação conjunta de controle direcionado: reunião de planejamento (vence em 5 dias)');
    expect(w.mailer.to('focal-ht@example.org')[0]!.subject).toMatch(/^Rappel : Profils de risque partagés .* \(12 jours de retard\)$/);
    expect(w.mailer.to('focal-jm@example.org')[0]!.subject).toMatch(/^Reminder: Post-clearance audit risk module deployed \(29 days overdue\)$/);
  });

  it('group several milestones for one person into one mail, escalations included', () => {
    const [ar] = w.mailer.to('coord-ar@example.org');
    // Argentina's coordinator also has two values waiting for review past the strategy's 7 days (its own third one it may not approve).
    expect(ar!.subject).toBe('Recordatorio: 3 hitos por actualizar, 2 valores por revisar');
    expect(ar!.ledgerIds.filter((id) => id.startsWith('reminder:')).map((id) => id.split('#')[2])).toEqual(['ams-rm-current.m07', 'ams-rm-current.m06', 'ams-rm-current.m02']);
    expect(ar!.ledgerIds.filter((id) => id.startsWith('result:review#')).length).toBe(2);
    expect(ar!.text).toContain('Escalado a usted como co-coordinador');
    expect(ar!.text).toContain('Requiere atención');
  });

  it('never remind Directors General, donors or people of administrations with nothing due', () => {
    const recipients = w.mailer.sent.map((m) => m.to.email);
    expect(recipients.some((r) => r.startsWith('dg-') || r.startsWith('donor-'))).toBe(false);
    expect(recipients).not.toContain('focal-cr@example.org');
  });

  it('send nothing the second time for the same instant (a duplicated event)', async () => {
    const before = w.mailer.sent.length;
    const again = await runReminders(w.deps(RUN_AT));
    expect(again).toMatchObject({ sent: 0, failed: 0, skipped: first.due });
    expect(w.mailer.sent.length).toBe(before);
  });

  it('send only the next slots on a later day: the 1-day reminder and the escalated second week', async () => {
    const before = w.mailer.sent.length;
    const later = await runReminders(w.deps(new Date('2026-12-05T12:00:00Z')));
    const fresh = w.mailer.sent.slice(before);
    expect(later.sent).toBe(4);
    expect(fresh.find((m) => m.to.email === 'focal-br@example.org')!.subject).toMatch(/\(vence amanhã\)$/);
    expect(fresh.find((m) => m.to.email === 'focal-ht@example.org')!.subject).toMatch(/\(16 jours de retard\)$/);
    expect(fresh.filter((m) => m.to.email.startsWith('coord-')).map((m) => m.to.email).sort()).toEqual(['coord-ar@example.org', 'coord-pe@example.org']);
    expect([...w.mailer.deliveries().values()].every((n) => n === 1)).toBe(true);
  });

  it('leave out a person who opted out', async () => {
    const gt = await w.store.people.require('focal-gt');
    await w.store.people.update('focal-gt', { remindersOptOut: true }, gt.version, seeder);
    const before = w.mailer.sent.length;
    // 6 Dec: Guatemala's milestone is a week late (a new slot), but its only focal point opted out.
    const result = await runReminders(w.deps(new Date('2026-12-06T12:00:00Z')));
    expect(w.mailer.sent.slice(before).some((m) => m.to.email === 'focal-gt@example.org')).toBe(false);
    expect(result.warnings.join('\n')).toContain('ams-rm-current.m03');
    // Nobody else in Guatemala takes reminders: the secretariat is told instead, and why.
    const admin = await w.store.people.require('admin');
    const [toSecretariat] = w.mailer.sent.slice(before).filter((m) => m.to.email === admin.email);
    expect(toSecretariat!.ledgerIds.some((id) => id.includes('ams-rm-current.m03'))).toBe(true);
    expect(toSecretariat!.text).toContain('so it comes to the secretariat');
    expect(toSecretariat!.text).toContain('You receive this as the secretariat');
  });
});

describe('time zones', () => {
  it('count "due in 7 days" in each recipient administration\'s calendar: a run at 23:30 UTC for Lima and Tokyo', async () => {
    const w = await jobsWorld({ seed: false });
    const s = w.store;
    await s.administrations.create({ id: 'PE', name: 'Peru Customs', language: 'es', timeZone: 'America/Lima', directorGeneral: { name: 'DG PE', email: 'dg-pe@example.org' }, digestFrequency: 'monthly' }, seeder);
    await s.administrations.create({ id: 'JP', name: 'Japan Customs', language: 'en', timeZone: 'Asia/Tokyo', directorGeneral: { name: 'DG JP', email: 'dg-jp@example.org' }, digestFrequency: 'monthly' }, seeder);
    await s.people.create({ id: 'focal-pe', name: 'Rosa Quispe', email: 'focal-pe@example.org', role: 'focal_point', administrationId: 'PE', remindersOptOut: false }, seeder);
    await s.people.create({ id: 'focal-jp', name: 'Aiko Tanaka', email: 'focal-jp@example.org', role: 'focal_point', administrationId: 'JP', remindersOptOut: false }, seeder);
    const strategy = await s.strategies.create({ id: 'tz', region: 'Test', title: 'Time zones', status: 'active', reminders: { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30 } }, seeder);
    await s.plans.create(strategy, { id: 'tz-plan', title: 'Plan', period: { start: '2026-01-01', end: '2027-12-31' }, status: 'active' }, seeder);
    const plan = await s.plans.require('tz-plan');
    const add = (id: string, owner: string, zone: string, dueDate: string) =>
      s.milestones.create(plan, { id, title: id, description: '', ownerAdministrationId: owner, baselineDueDate: dueDate, dueDate, status: 'in_progress', progress: 10, note: '', evidence: [], ownerTimeZone: zone }, seeder);
    await add('lima', 'PE', 'America/Lima', '2026-12-07');
    await add('tokyo', 'JP', 'Asia/Tokyo', '2026-12-08');

    // 30 Nov 18:30 in Lima, 1 Dec 08:30 in Tokyo.
    await runReminders(w.deps(new Date('2026-11-30T23:30:00Z')));
    expect(w.mailer.to('focal-pe@example.org')[0]!.subject).toBe('Recordatorio: lima (vence en 7 días)');
    expect(w.mailer.to('focal-jp@example.org')[0]!.subject).toBe('Reminder: tokyo (due in 7 days)');
    expect(w.mailer.to('focal-pe@example.org')[0]!.ledgerIds).toEqual(['reminder:before#focal-pe#tz-plan.lima#2026-11-30']);
    expect(w.mailer.to('focal-jp@example.org')[0]!.ledgerIds).toEqual(['reminder:before#focal-jp#tz-plan.tokyo#2026-12-01']);
  });
});

describe('cost', () => {
  it('reads through the due index: the same reads whether 0 or 150 more milestones that are not due are stored', async () => {
    const w = await jobsWorld();
    const meter = new CapacityMeter().attach(w.tables.client);
    const measure = async (at: Date) => {
      w.tables.counter.reset();
      meter.reset();
      await runReminders(w.deps(at, { mailer: { send: async () => ({ messageId: 'x' }) } }));
      return { requests: w.tables.counter.commands.filter((c) => c !== 'UpdateItemCommand'), read: meter.snapshot().readUnits };
    };
    // Measure the already-sent second run (only reads), before and after adding milestones far in the future or done.
    await measure(RUN_AT);
    const small = await measure(RUN_AT);
    const plan = await w.store.plans.require('ams-rm-current');
    for (let i = 0; i < 150; i++) {
      await w.store.milestones.create(plan, {
        id: `bulk-${i}`, title: `Bulk ${i}`, description: '', ownerAdministrationId: 'GT', baselineDueDate: '2028-01-01', dueDate: i % 2 ? '2028-01-01' : '2026-06-01',
        status: i % 2 ? 'planned' : 'done', progress: i % 2 ? 0 : 100, note: '', evidence: [], ownerTimeZone: 'America/Guatemala',
      }, seeder);
    }
    const large = await measure(RUN_AT);
    expect(large.requests).toEqual(small.requests);
    expect(large.requests).not.toContain('ScanCommand');
    expect(large.read).toBeLessThanOrEqual(small.read * 1.5);
    // 150 milestones added one by one: slow on a loaded machine, and not what is measured.
  }, 60_000);
});
