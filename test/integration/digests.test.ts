/**
 * Director General digests over DynamoDB Local: per administration, at its frequency, in its
 * language, kept and served again by /api/v1/administrations/{id}/digests under the policy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runDigests } from '../../shared/jobs/digests.ts';
import type { JobResult } from '../../shared/jobs/deps.ts';
import { appOver, jobsWorld, RUN_AT, type JobsWorld } from './jobs-world.ts';

const seeder = { userId: 'seed', role: 'admin' as const };

describe('digests with the demo data', () => {
  let w: JobsWorld;
  let first: JobResult;
  let api: ReturnType<typeof appOver>;
  beforeAll(async () => {
    w = await jobsWorld();
    // Directors General cannot opt out of digests: this flag is about reminders only.
    const dg = await w.store.people.require('dg-pe');
    await w.store.people.update('dg-pe', { remindersOptOut: true }, dg.version, seeder);
    // One milestone with no Spanish title: Spanish digests give its original, marked.
    const m06 = (await w.store.milestones.require('ams-rm-current.m06')).milestone;
    const { es: _es, ...others } = m06.translations!.title!.texts;
    await w.store.milestones.update(m06, { translations: { title: { lang: 'en', texts: others } } }, m06.version, seeder);
    first = await runDigests(w.deps(RUN_AT));
    api = appOver(w, () => RUN_AT);
  });

  it('go to every administration\'s Director General, once, in the administration\'s language', () => {
    expect(first).toMatchObject({ sent: 9, failed: 0 });
    const byTo = new Map(w.mailer.sent.map((m) => [m.to.email, m]));
    // Each administration under the name it goes by in the digest's language (issue 14).
    expect(byTo.get('dg-pe@example.org')!.subject).toBe('Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT): resumen de los planes de acción, diciembre de 2026');
    expect(byTo.get('dg-br@example.org')!.subject).toBe('Receita Federal do Brasil – Aduana: resumo dos planos de ação, dezembro de 2026');
    expect(byTo.get('dg-ht@example.org')!.language).toBe('fr');
    expect(byTo.get('dg-jm@example.org')!.subject).toBe('Jamaica Customs Agency: action plan digest, week of 30 November 2026');
    expect(byTo.get('dg-cr@example.org')!.subject).toMatch(/4\.º trimestre de 2026$/);
    expect(byTo.get('dg-pe@example.org')!.text).toContain('Estimado/a Lucía Paredes:');
    expect(byTo.get('dg-br@example.org')!.text).toContain('Prezado(a) João Almeida,');
  });

  it('list milestones by their titles in the Director General\'s language (issue 14)', async () => {
    const byTo = new Map(w.mailer.sent.map((m) => [m.to.email, m]));
    const pe = await w.store.digests.get('PE', '2026-12');
    const m07 = pe!.content.late.items.find((m) => m.id === 'ams-rm-current.m07')!;
    expect(m07.title).toBe('Comité nacional de gestión de riesgos constituido');
    expect(m07.titleLang).toBeUndefined();
    expect(byTo.get('dg-pe@example.org')!.text).toContain('* Comité nacional de gestión de riesgos constituido');
    expect(byTo.get('dg-pe@example.org')!.html).toContain('Comité nacional de gestión de riesgos constituido');
    expect(byTo.get('dg-br@example.org')!.text).toContain('Comitê nacional de gestão de riscos constituído');
    expect(byTo.get('dg-ht@example.org')!.text).toContain('Comité national de gestion des risques mis en place');
    expect(byTo.get('dg-jm@example.org')!.text).toContain('National risk-management committee established');
    // No Spanish title: the original, in its language (lang attribute) and said so in words.
    const m06 = pe!.content.late.items.find((m) => m.id === 'ams-rm-current.m06')!;
    expect(m06).toMatchObject({ title: 'Post-clearance audit risk module deployed', titleLang: 'en' });
    expect(byTo.get('dg-pe@example.org')!.text).toContain('* Post-clearance audit risk module deployed (aún sin traducir: en inglés)');
    expect(byTo.get('dg-pe@example.org')!.html).toMatch(/<span lang="en"><a [^>]*>Post-clearance audit risk module deployed<\/a><\/span>/);
  });

  it('give plans and strategies by their titles in the digest\'s language, the original marked where none is held (issue 14)', async () => {
    const byTo = new Map(w.mailer.sent.map((m) => [m.to.email, m]));
    const pe = await w.store.digests.get('PE', '2026-12');
    const current = pe!.content.plans.find((p) => p.planId === 'ams-rm-current')!;
    const stored = (await w.store.plans.require('ams-rm-current')).plan as { translations?: { title?: { texts: Record<string, { text: string }> } } };
    // The demo holds the current plan's title and the regional strategy's in Spanish: given so, unmarked.
    expect(current.title).toBe(stored.translations!.title!.texts.es!.text);
    expect(current).not.toHaveProperty('titleLang');
    expect(current).not.toHaveProperty('strategyTitleLang');
    expect(current.strategyTitle).toBe('Estrategia Regional de Gestión de Riesgos de las Américas y el Caribe');
    // A plan whose title is held in English only: its original, with its language, marked in words.
    const english = pe!.content.plans.filter((p) => p.titleLang === 'en');
    expect(english.length).toBeGreaterThan(0);
    for (const p of english) {
      expect(byTo.get('dg-pe@example.org')!.text).toContain(`${p.title} (aún sin traducir: en inglés)`);
      expect(byTo.get('dg-pe@example.org')!.html).toContain(`<span lang="en"><a href="https://tracker.example.org/plans/${p.planId}"`);
    }
    // An English digest marks nothing.
    const jm = await w.store.digests.get('JM', '2026-W49');
    expect(jm!.content.plans.length).toBeGreaterThan(0);
    for (const p of jm!.content.plans) expect(p.titleLang ?? p.strategyTitleLang).toBeUndefined();
  });

  it('carry a frequency link as their List-Unsubscribe: a digest cannot be turned off', () => {
    const m = w.mailer.sent.find((x) => x.to.email === 'dg-pe@example.org')!;
    expect(m.headers['List-Unsubscribe']).toMatch(/^<https:\/\/tracker\.example\.org\/mail\/digest-frequency\/.+>$/);
    expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('flag the owner\'s long-overdue milestones as needing a decision in its Director General\'s digest', async () => {
    const mx = await w.store.digests.get('MX', '2026-12');
    expect(mx!.content.needsDecision.items.map((m) => [m.id, m.daysOverdue])).toEqual([['ams-rm-current.m07', 49]]);
    const pe = await w.store.digests.get('PE', '2026-12');
    expect(pe!.content.needsDecision.items).toEqual([]);
    expect(pe!.content.late.items.map((m) => m.id)).toContain('ams-rm-current.m07');
    expect(pe!.content.funding.map((f) => f.donorName)).toContain('Agencia de Cooperación Internacional del Japón (JICA)');
  });

  it('are sent once per period: the same day again sends nothing, next week only the weekly one', async () => {
    expect(await runDigests(w.deps(RUN_AT))).toMatchObject({ sent: 0, skipped: 9 });
    const before = w.mailer.sent.length;
    const nextWeek = await runDigests(w.deps(new Date('2026-12-08T12:00:00Z')));
    expect(nextWeek.sent).toBe(1);
    expect(w.mailer.sent.slice(before).map((m) => m.to.email)).toEqual(['dg-jm@example.org']);
    const jm = await w.store.digests.latest('JM');
    expect(jm).toMatchObject({ id: '2026-W50', content: { since: RUN_AT.toISOString() } });
  });

  it('follow a change of frequency and a Director General\'s own language', async () => {
    const ar = await w.store.administrations.require('AR');
    await w.store.administrations.update('AR', { digestFrequency: 'weekly' }, ar.version, seeder);
    const dg = await w.store.people.require('dg-ar');
    await w.store.people.update('dg-ar', { language: 'en' }, dg.version, seeder);
    const before = w.mailer.sent.length;
    await runDigests(w.deps(new Date('2026-12-09T12:00:00Z')));
    const [sent] = w.mailer.sent.slice(before);
    expect(sent).toMatchObject({ language: 'en', subject: 'Argentina Customs (DGA): action plan digest, week of 7 December 2026' });
  });

  describe('the digests API', () => {
    const get = async (person: string, path: string) => {
      const res = await api.app.request(path, { headers: await api.bearer(person) });
      const type = res.headers.get('Content-Type') ?? '';
      return { status: res.status, type, body: type.includes('json') ? await res.json() : await res.text() };
    };

    it('lists an administration\'s digests, newest first, for its Director General', async () => {
      const res = await get('dg-jm', '/api/v1/administrations/JM/digests');
      expect(res.status).toBe(200);
      expect(res.body.items.map((d: { id: string }) => d.id)).toEqual(['2026-W50', '2026-W49']);
      expect(res.body.items[0]).toMatchObject({ administrationId: 'JM', frequency: 'weekly', language: 'en', counts: expect.any(Object) });
      expect(res.body.items[0].content).toBeUndefined();
    });

    it('serves the latest and any past one, as JSON, HTML or text', async () => {
      const latest = await get('dg-jm', '/api/v1/administrations/JM/digests/latest');
      expect(latest.body).toMatchObject({ id: '2026-W50', recipient: { email: 'dg-jm@example.org' } });
      const past = await get('dg-pe', '/api/v1/administrations/PE/digests/2026-12');
      expect(past.body).toMatchObject({ id: '2026-12', language: 'es', period: { start: '2026-12-01', end: '2027-01-01' } });
      const html = await get('dg-pe', '/api/v1/administrations/PE/digests/2026-12?format=html');
      expect(html.type).toMatch(/^text\/html/);
      expect(html.body).toContain('<html lang="es"');
      const text = await get('dg-br', '/api/v1/administrations/BR/digests/2026-12?format=text');
      expect(text.type).toMatch(/^text\/plain/);
      expect(text.body).toContain('Prezado(a) João Almeida,');
    });

    it('follows the policy: the Director General and coordinators of that administration, and admins', async () => {
      expect((await get('coord-pe', '/api/v1/administrations/PE/digests')).status).toBe(200);
      expect((await get('admin', '/api/v1/administrations/PE/digests/latest')).status).toBe(200);
      for (const [person, path] of [['dg-ar', '/api/v1/administrations/PE/digests'], ['focal-gt', '/api/v1/administrations/GT/digests/latest'], ['donor-jica', '/api/v1/administrations/PE/digests/2026-12']]) {
        const res = await get(person!, path!);
        expect(res.status, `${person} ${path}`).toBe(403);
        expect(res.type).toBe('application/problem+json');
      }
    });

    it('answers bad input with problem+json naming the field, and unknown digests with 404', async () => {
      const bad = await get('dg-pe', '/api/v1/administrations/PE/digests/2026-13');
      expect(bad.status).toBe(400);
      expect(bad.type).toBe('application/problem+json');
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'digestId' })]);
      const format = await get('dg-pe', '/api/v1/administrations/PE/digests/latest?format=pdf');
      expect(format.status).toBe(400);
      expect(format.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
      const limit = await get('dg-pe', '/api/v1/administrations/PE/digests?limit=0');
      expect(limit.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
      expect((await get('dg-pe', '/api/v1/administrations/PE/digests/2025-01')).status).toBe(404);
      expect((await get('admin', '/api/v1/administrations/ZZ/digests')).status).toBe(404);
    });
  });
});
