/**
 * The digest's results section over DynamoDB Local with the demo data: per indicator the region's
 * latest figure and the Director General's own administration's line with their status, what is off
 * track, and the values approved since the previous digest (own first), in the recipient's language,
 * in the HTML and text parts and in the kept digest the API serves. It costs the digests run no
 * request: the frameworks come with the plans' item collections.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runDigests } from '../../shared/jobs/digests.ts';
import type { Digest } from '../../shared/domain/digest.ts';
import { jobsWorld, RUN_AT, type JobsWorld } from './jobs-world.ts';

const PLAN = 'ams-rm-current';

describe('the digest\'s results section', () => {
  let w: JobsWorld;
  let gt: Digest;
  beforeAll(async () => {
    w = await jobsWorld();
    await runDigests(w.deps(RUN_AT, { administrationIds: ['GT', 'HT'] } as never));
    gt = (await w.store.digests.latest('GT'))!;
  });

  it('give each indicator the region\'s latest figure and Guatemala\'s own, from approved values only', () => {
    const results = gt.content.results!;
    // Result by result: the outputs (capacity, exchange), then the outcome (institutions).
    expect(results.indicators.map((i) => i.indicatorId.slice(PLAN.length + 1))).toEqual(['certified', 'trained', 'exchange-use', 'profiles-shared', 'hit-rate', 'rm-unit', 'selected-share']);
    const share = results.indicators.find((i) => i.indicatorId === `${PLAN}.selected-share`)!;
    // Guatemala's round-2 value was returned, so its line is still round 1: 54 % against the region's 38 (lower is better).
    expect(share.own).toEqual({ periodId: `${PLAN}.round-1`, label: 'Round 1', figure: '54', target: '38', status: 'off_track' });
    // The region's round 2 is the mean of the approved values only (Peru 31, Brazil 22), not Mexico's waiting 39.
    expect(share.region).toMatchObject({ periodId: `${PLAN}.round-2`, figure: '26.5', target: '34', status: 'met' });
    const unit = results.indicators.find((i) => i.indicatorId === `${PLAN}.rm-unit`)!;
    expect(unit.own).toMatchObject({ periodId: `${PLAN}.round-2`, figure: '1' });
  });

  it('list the values approved since the last digest, Guatemala\'s own first', () => {
    const moved = gt.content.results!.moved.items;
    expect(moved.length).toBeGreaterThan(2);
    const own = moved.filter((m) => m.administrationId === 'GT');
    expect(moved.slice(0, own.length)).toEqual(own);
    expect(own.map((m) => m.indicatorId).sort()).toEqual([`${PLAN}.certified`, `${PLAN}.rm-unit`]);
    const since = new Date(RUN_AT.getTime() - 31 * 86_400_000).toISOString();
    expect(moved.every((m) => m.approvedAt >= since && m.approvedAt <= RUN_AT.toISOString())).toBe(true);
  });

  it('mail it in the Director General\'s language, in both parts, off-track indicators named without colour', () => {
    const mail = w.mailer.to('dg-gt@example.org')[0]!;
    expect(mail.language).toBe('es');
    expect(mail.text).toContain('RESULTADOS');
    // The indicator's title in the digest's language (issue 14).
    expect(mail.text).toContain('Porcentaje de declaraciones de importación seleccionadas para control por perfiles de riesgo');
    // Guatemala's administration under its own name (issue 14).
    expect(mail.text).toMatch(/Superintendencia de Administración Tributaria \(SAT\): 54 de 38 % · Rezagado · \(Round 1\)/);
    expect(mail.text).toContain('Indicadores rezagados para la región o para');
    expect(mail.text).toContain('VALORES APROBADOS DESDE EL ÚLTIMO RESUMEN');
    expect(mail.html).toContain('>Resultados</h2>');
    expect(mail.html).toContain('54 de 38 % · Rezagado · (Round 1)');
    const ht = w.mailer.to('dg-ht@example.org')[0]!;
    expect(ht.language).toBe('fr');
    expect(ht.text).toContain('RÉSULTATS');
    expect(ht.html).toContain('href="https://tracker.example.org/indicators/ams-rm-current.trained"');
  });
});
