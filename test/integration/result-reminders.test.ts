/**
 * The results side of the reminders run over DynamoDB Local and the mail outbox (in memory): a
 * period closing without values from some administrations, values waiting for review longer than
 * the strategy's setting, and a return reason mailed to the submitter in their language. One mail
 * per person per run (merged with milestone reminders), each entry once across repeated and
 * concurrent runs, and the requests a run makes pinned: indexes only, growing with strategies and
 * with the plans that have a period closing, not with what is stored.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineIndicator, definePeriod, defineResult, returnSubmission, submitValue, approveSubmission, updateIndicator, type Caller, type CommandDeps } from '../../shared/commands/index.ts';
import { runReminders } from '../../shared/jobs/reminders.ts';
import type { Role } from '../../shared/domain/resources.ts';
import { jobsWorld, type JobsWorld } from './jobs-world.ts';

const seeder = { userId: 'seed', role: 'admin' as const };
const at = (iso: string) => new Date(iso);
const SETTINGS = { offsetsDays: [14, 7, 1], graceDays: 14, attentionDays: 30, periodCloseDays: [10, 2], reviewWaitDays: 5 };

/** A strategy co-coordinated by Peru and Argentina, with Guatemala and Haiti taking part; Haiti has no focal point. */
async function resultsWorld(): Promise<{ w: JobsWorld; deps: (now: Date) => CommandDeps; who: (id: string) => Promise<Caller> }> {
  const w = await jobsWorld({ seed: false });
  const s = w.store;
  const adm = (id: string, name: string, language: 'es' | 'fr' | 'en', timeZone: string) =>
    s.administrations.create({ id, name, language, timeZone, directorGeneral: { name: `DG ${id}`, email: `dg-${id.toLowerCase()}@example.org` }, digestFrequency: 'monthly' }, seeder);
  await adm('PE', 'Peru Customs', 'es', 'America/Lima');
  await adm('AR', 'Argentina Customs', 'es', 'America/Argentina/Buenos_Aires');
  await adm('GT', 'Guatemala Customs', 'es', 'America/Guatemala');
  await adm('HT', 'Haiti Customs', 'fr', 'America/Port-au-Prince');
  const person = (id: string, role: Role, administrationId?: string, language?: 'es' | 'fr' | 'en' | 'pt') =>
    s.people.create({ id, name: id, email: `${id}@example.org`, role, ...(administrationId ? { administrationId } : {}), ...(language ? { language } : {}), remindersOptOut: false }, seeder);
  await person('coord-pe', 'coordinator', 'PE');
  await person('coord-ar', 'coordinator', 'AR', 'pt');
  await person('focal-gt', 'focal_point', 'GT');
  await person('admin', 'admin', undefined, 'en');
  let strategy = await s.strategies.create({ id: 'rs', region: 'Americas', title: 'Risk strategy', status: 'active', reminders: SETTINGS }, seeder);
  strategy = (await s.strategies.addCoordinator(strategy, 'PE', '2026-01-01', seeder)).strategy;
  strategy = (await s.strategies.addCoordinator(strategy, 'AR', '2026-01-01', seeder)).strategy;
  await s.plans.create(strategy, { id: 'rs-plan', title: 'Targeting plan', period: { start: '2026-01-01', end: '2027-12-31' }, status: 'active' }, seeder);
  // Guatemala and Haiti take part: each owns a milestone due long after these runs.
  for (const [id, owner, zone] of [['m-gt', 'GT', 'America/Guatemala'], ['m-ht', 'HT', 'America/Port-au-Prince']] as const) {
    const plan = await s.plans.require('rs-plan');
    await s.milestones.create(plan, { id, title: id, description: '', ownerAdministrationId: owner, baselineDueDate: '2027-10-01', dueDate: '2027-10-01', status: 'planned', progress: 0, note: '', evidence: [], ownerTimeZone: zone }, seeder);
  }
  const deps = (now: Date): CommandDeps => ({ store: s, now: () => now });
  const who = async (id: string): Promise<Caller> => {
    const p = await s.people.require(id);
    return { userId: p.id, role: p.role, administrationId: p.administrationId, donorId: p.donorId };
  };
  const setUp = deps(at('2026-11-02T12:00:00Z'));
  const coord = await who('coord-pe');
  await defineResult(setUp, coord, { planId: 'rs-plan', result: { id: 'selection', type: '2', title: 'Risk-based selection' } });
  await definePeriod(setUp, coord, { planId: 'rs-plan', period: { id: 'h2', label: '2026 H2', start: '2026-11-01', end: '2026-12-15' } });
  await definePeriod(setUp, coord, { planId: 'rs-plan', period: { id: 'y27', label: '2027', start: '2026-12-16', end: '2027-12-31' } });
  await defineIndicator(setUp, coord, { planId: 'rs-plan', indicator: { id: 'trained', resultId: 'rs-plan.selection', title: 'Officers trained', measure: '1', unit: 'officers', aggregation: 'sum' } });
  await defineIndicator(setUp, coord, { planId: 'rs-plan', indicator: { id: 'use', resultId: 'rs-plan.selection', title: 'How shared profiles are used', measure: '5', aggregation: 'none' } });
  // Peru has reported both and had them approved; Guatemala reported one, waiting for review.
  const pe = await submitValue(setUp, coord, { submission: { indicatorId: 'rs-plan.trained', periodId: 'rs-plan.h2', administrationId: 'PE', value: '12' } });
  const peUse = await submitValue(setUp, coord, { submission: { indicatorId: 'rs-plan.use', periodId: 'rs-plan.h2', administrationId: 'PE', answer: 'Two passenger profiles adopted.' } });
  const ar = await who('coord-ar');
  await approveSubmission(setUp, ar, { id: pe.id, expectedVersion: 1 });
  await approveSubmission(setUp, ar, { id: peUse.id, expectedVersion: 1 });
  await submitValue(deps(at('2026-12-01T15:00:00Z')), await who('focal-gt'), { submission: { indicatorId: 'rs-plan.trained', periodId: 'rs-plan.h2', administrationId: 'GT', value: '4', note: 'National course' } });
  return { w, deps, who };
}

describe('results reminders', () => {
  let r: Awaited<ReturnType<typeof resultsWorld>>;
  beforeAll(async () => {
    r = await resultsWorld();
  });

  it('remind each administration that still owes a value for a period closing, at the strategy\'s days, in the recipient\'s language', async () => {
    const { w } = r;
    // 5 Dec: the period closes on 15 Dec, 10 days later (the strategy's first offset). Nobody waited 5 days for review yet.
    const run = await runReminders(w.deps(at('2026-12-05T12:00:00Z')));
    expect(run.failed).toBe(0);
    expect(w.mailer.sent.map((m) => m.to.email).sort()).toEqual(['admin@example.org', 'coord-ar@example.org', 'focal-gt@example.org']);
    // Guatemala owes the qualitative answer (its figure waits for review); Peru owes nothing.
    const [gt] = w.mailer.to('focal-gt@example.org');
    expect(gt!.language).toBe('es');
    expect(gt!.subject).toBe('Recordatorio: How shared profiles are used por reportar para 2026 H2 (cierra en 10 días)');
    expect(gt!.ledgerIds).toEqual(['result:before#focal-gt#rs-plan.h2#GT#2026-12-05']);
    expect(gt!.text).toContain('Pendiente de reportar por Guatemala Customs:');
    // The one-click report link of Guatemala's value for the period (result-report-links.test.ts), in the text and the button.
    expect(gt!.text).toMatch(/Reportar: https:\/\/tracker\.example\.org\/mail\/report\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\n/);
    expect(gt!.html).toMatch(/href="https:\/\/tracker\.example\.org\/mail\/report\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}"/);
    expect(gt!.html).toContain('href="https://tracker.example.org/indicators/rs-plan.use"');
    expect(gt!.headers['Auto-Submitted']).toBe('auto-generated');
    // Argentina's coordinator reports for Argentina too, in Portuguese (the person's language).
    const [ar] = w.mailer.to('coord-ar@example.org');
    expect(ar!.subject).toBe('Lembrete: 2 valores a relatar para 2026 H2 (encerra em 10 dias)');
    // Haiti has nobody who takes reminders: the secretariat is told, and why.
    const [admin] = w.mailer.to('admin@example.org');
    expect(admin!.ledgerIds).toEqual(['result:before#admin#rs-plan.h2#HT#2026-12-05']);
    expect(admin!.text).toContain('Nobody at Haiti Customs receives reminders');
    expect(run.warnings).toContain('period rs-plan.h2 closes but HT has no focal point who takes reminders: the secretariat is told');
  });

  it('send nothing again for the same slot, and nothing twice when two runs race', async () => {
    const { w } = r;
    const before = w.mailer.sent.length;
    const [a, b] = await Promise.all([runReminders(w.deps(at('2026-12-05T13:00:00Z'))), runReminders(w.deps(at('2026-12-05T13:00:00Z')))]);
    expect(a.sent + b.sent).toBe(0);
    expect(w.mailer.sent.length).toBe(before);
  });

  it('remind the co-coordinators once a value waited the strategy\'s review days, never the one who submitted it', async () => {
    const { w } = r;
    const before = w.mailer.sent.length;
    // 6 Dec in Lima: Guatemala's value (1 Dec) has waited 5 days.
    await runReminders(w.deps(at('2026-12-06T12:00:00Z')));
    const fresh = w.mailer.sent.slice(before);
    expect(fresh.map((m) => m.to.email).sort()).toEqual(['coord-ar@example.org', 'coord-pe@example.org']);
    const pe = fresh.find((m) => m.to.email === 'coord-pe@example.org')!;
    expect(pe.subject).toBe('Pendiente de su revisión: Officers trained (5 días)');
    expect(pe.text).toContain('Guatemala Customs · 2026 H2 · enviado el');
    expect(pe.text).toContain('Valor: 4');
    expect(pe.text).toMatch(/Revisar: https:\/\/tracker\.example\.org\/submissions\/rs-plan\.s-/);
    expect(pe.ledgerIds).toEqual([expect.stringMatching(/^result:review#coord-pe#rs-plan\.s-\w+#2026-12-06$/)]);
  });

  it('mail the return reason to the submitter, in their language, once', async () => {
    const { w, deps, who } = r;
    const [waiting] = await w.store.results.awaitingReview('rs');
    await returnSubmission(deps(at('2026-12-06T18:00:00Z')), await who('coord-pe'), {
      id: waiting!.id, review: { reason: 'Indique el total del semestre, no solo noviembre.' }, expectedVersion: waiting!.version,
    });
    const before = w.mailer.sent.length;
    await runReminders(w.deps(at('2026-12-07T12:00:00Z')));
    await runReminders(w.deps(at('2026-12-07T14:00:00Z')));
    const fresh = w.mailer.sent.slice(before);
    expect(fresh.map((m) => m.to.email)).toEqual(['focal-gt@example.org']);
    const [gt] = fresh;
    expect(gt!.subject).toBe('Devuelto para corrección: Officers trained');
    expect(gt!.text).toContain('Motivo: Indique el total del semestre, no solo noviembre.');
    expect(gt!.html).toContain('Motivo: Indique el total del semestre, no solo noviembre.');
    expect(gt!.ledgerIds).toEqual([`result:returned#focal-gt#${waiting!.id}#v2`]);
  });

  it('bring the returned value back at the next slot, with its reason, merged with what else is owed', async () => {
    const { w } = r;
    const before = w.mailer.sent.length;
    // 13 Dec: two days before the period closes.
    await runReminders(w.deps(at('2026-12-13T12:00:00Z')));
    const gt = w.mailer.sent.slice(before).find((m) => m.to.email === 'focal-gt@example.org')!;
    expect(gt.subject).toBe('Recordatorio: 2 valores por reportar para 2026 H2 (cierra en 2 días)');
    // The title has no Spanish: the English original, said to be one (issue 14), then the reason.
    expect(gt.text).toContain('Officers trained (aún sin traducir: en inglés) (devuelto: Indique el total del semestre, no solo noviembre.)');
    expect([...w.mailer.deliveries().values()].every((n) => n === 1)).toBe(true);
  });
});

describe('results reminders: cost', () => {
  it('read through indexes only: 2 requests per strategy, and the same whether 0 or 40 periods that do not close soon are stored', async () => {
    const { w, deps, who } = await resultsWorld();
    const measure = async (now: Date) => {
      w.tables.counter.reset();
      await runReminders(w.deps(now, { mailer: { send: async () => ({ messageId: 'x' }) } }));
      return [...w.tables.counter.commands];
    };
    const count = (commands: string[]) => commands.reduce<Record<string, number>>((n, c) => ({ ...n, [c]: (n[c] ?? 0) + 1 }), {});

    // Nothing due (1 Nov 2027: no period closes, nothing waits): strategies, milestones due, periods closing, 2 per strategy.
    expect(count(await measure(at('2026-11-03T12:00:00Z')))).toEqual({ QueryCommand: 5 });

    // A period closing: + the plan (BatchGet), its framework (1 Query), the administrations (BatchGet), their people (1 Query each: PE AR GT HT),
    // the secretariat (Haiti has nobody), the ledger (BatchGet); then per letter the lease, claims and marks.
    const closing = await measure(at('2026-12-05T12:00:00Z'));
    const reads = closing.filter((c) => c !== 'UpdateItemCommand');
    expect(count(reads)).toEqual({ QueryCommand: 5 + 1 + 4 + 1, BatchGetItemCommand: 3 });
    expect(closing).not.toContain('ScanCommand');

    // 10 more strategies: 2 more Queries each, nothing else.
    for (let i = 0; i < 10; i++) await w.store.strategies.create({ id: `more-${i}`, region: 'Americas', title: `More ${i}`, status: 'active', reminders: SETTINGS }, seeder);
    // 40 more periods of the plan that close much later: not read.
    const coord = await who('coord-pe');
    for (let i = 0; i < 40; i++) {
      await definePeriod(deps(at('2026-11-02T12:00:00Z')), coord, { planId: 'rs-plan', period: { id: `later-${i}`, label: `Later ${i}`, start: '2027-01-01', end: `2027-${String(2 + (i % 10)).padStart(2, '0')}-15` } });
    }
    const more = await measure(at('2026-12-05T12:00:00Z'));
    expect(count(more.filter((c) => c !== 'UpdateItemCommand'))).toEqual({ QueryCommand: 11 + 20, BatchGetItemCommand: 3 });
  }, 60_000);
});

describe('results reminders: data stored before them', () => {
  it('the migration gives reporting periods and returned values stored without index entries their entries, once', async () => {
    const { w, deps, who } = await resultsWorld();
    const db = w.store.db;
    const [waiting] = await w.store.results.awaitingReview('rs');
    await returnSubmission(deps(at('2026-12-06T18:00:00Z')), await who('coord-pe'), { id: waiting!.id, review: { reason: 'Whole half-year, please.' }, expectedVersion: waiting!.version });
    // As stored before: the period and the returned value without their index entries.
    await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: { pk: 'PLAN#rs-plan', sk: 'R#PER#rs-plan.h2' }, UpdateExpression: 'REMOVE duePk, dueSk' }));
    await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: { pk: 'PLAN#rs-plan', sk: `R#SUB#${waiting!.id}` }, UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }));
    expect(await w.store.results.periodsEndingBetween('2026-12-01', '2026-12-31')).toEqual([]);
    expect(await w.store.results.returnedSince('rs', '2026-12-01T00:00:00Z')).toEqual([]);
    const { migrateResultIndexes } = await import('../../local/migrate.ts');
    expect(await migrateResultIndexes(db)).toEqual({ read: 2, indexed: 2 });
    expect((await w.store.results.periodsEndingBetween('2026-12-01', '2026-12-31')).map((p) => p.id)).toEqual(['rs-plan.h2']);
    expect((await w.store.results.returnedSince('rs', '2026-12-01T00:00:00Z')).map((s) => s.reason)).toEqual(['Whole half-year, please.']);
    expect(await migrateResultIndexes(db)).toEqual({ read: 0, indexed: 0 });
  });
});

describe('results reminders in the recipient\'s language (issue 14)', () => {
  let r: Awaited<ReturnType<typeof resultsWorld>>;
  beforeAll(async () => {
    r = await resultsWorld();
    const { deps, who } = r;
    const coord = await who('coord-pe');
    const translate = async (id: string, title: Record<string, string>) => {
      const current = (await r.w.store.results.withPlan('rs-plan', [{ kind: 'indicator', id }])).items[0]!;
      await updateIndicator(deps(at('2026-11-03T12:00:00Z')), coord, { id, patch: { title }, expectedVersion: current.version });
    };
    await translate('rs-plan.trained', { es: 'Funcionarios capacitados', pt: 'Servidores capacitados' });
    await translate('rs-plan.use', { es: 'Cómo se usan los perfiles compartidos' });
  });

  it('list the indicators owed by their title in the recipient\'s language; the original where none is held, marked with its language', async () => {
    const { w } = r;
    await runReminders(w.deps(at('2026-12-05T12:00:00Z')));
    const [gt] = w.mailer.to('focal-gt@example.org');
    expect(gt!.subject).toBe('Recordatorio: Cómo se usan los perfiles compartidos por reportar para 2026 H2 (cierra en 10 días)');
    expect(gt!.text).toContain('  - Cómo se usan los perfiles compartidos\n');
    expect(gt!.html).toContain('>Cómo se usan los perfiles compartidos</a>');
    expect(gt!.html).not.toContain('How shared profiles are used');
    // Portuguese: one title translated, the other not yet: the original, its language named (text) and set (HTML).
    const [ar] = w.mailer.to('coord-ar@example.org');
    expect(ar!.text).toContain('  - Servidores capacitados\n');
    expect(ar!.text).toContain('  - How shared profiles are used (ainda sem tradução: em inglês)\n');
    expect(ar!.html).toMatch(/<span lang="en"><a [^>]*>How shared profiles are used<\/a><\/span> <span[^>]*>\(ainda sem tradução: em inglês\)<\/span>/);
  });

  it('name the value waiting for review by its title in the reviewer\'s language', async () => {
    const { w } = r;
    const before = w.mailer.sent.length;
    await runReminders(w.deps(at('2026-12-06T12:00:00Z')));
    const pe = w.mailer.sent.slice(before).find((m) => m.to.email === 'coord-pe@example.org')!;
    expect(pe.subject).toBe('Pendiente de su revisión: Funcionarios capacitados (5 días)');
  });
});
