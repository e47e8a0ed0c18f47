/**
 * Content in the reader's language (issue 14) through the API: the same milestone read by people
 * of the four languages, a missing translation falling back (marked), a plain-string client that
 * round-trips, outdated translations, bad maps, stale versions, who may translate what, and what it
 * costs (no extra request; an item of four languages far under DynamoDB's 400 KB).
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

const path = (id: string) => `/api/v1/milestones/ams-rm-current.${id}`;
const etagOf = async (id: string) => (await t.as('admin').get(path(id))).headers.get('ETag')!;

describe('a milestone in four languages', () => {
  const title = {
    es: 'Organizar la operación de control dirigida conjunta',
    fr: 'Préparer l\'opération conjointe de contrôle ciblé',
    pt: 'Preparar a operação conjunta de controle direcionado',
  };

  beforeAll(async () => {
    const res = await t.as('admin').patch(path('m09'), { title }, { 'If-Match': await etagOf('m09') });
    expect(res.status).toBe(200);
  });

  it('gives each reader the title in their language, and says which language it is', async () => {
    const readers = [['admin', 'en'], ['coord-pe', 'es'], ['focal-ht', 'fr'], ['focal-br', 'pt']] as const;
    for (const [person, lang] of readers) {
      const res = await t.as(person).get(path('m09'));
      expect(res.status).toBe(200);
      expect(res.body.title).toBe(lang === 'en' ? 'Mid-term review of the action plan for the Directors General' : title[lang]);
      expect(res.body.textLanguages.title).toEqual({ lang, fallback: false, original: 'en' });
      expect(res.body).not.toHaveProperty('translations');
      expect(res.headers.get('Vary')).toContain('Accept-Language');
    }
  });

  it('follows Accept-Language when the person has no language of their own... and the person\'s language first', async () => {
    const res = await t.as('admin').get(path('m09'), { 'Accept-Language': 'pt-BR, es;q=0.5' });
    // admin's own language (en) comes before the header.
    expect(res.body.textLanguages.title.lang).toBe('en');
  });

  it('gives every language held with ?languages=all, the original first', async () => {
    const res = await t.as('focal-br').get(`${path('m09')}?languages=all`);
    expect(res.body.allTexts.title.map((x: { lang: string; original: boolean }) => [x.lang, x.original])).toEqual([['en', true], ['es', false], ['fr', false], ['pt', false]]);
    expect((await t.as('focal-br').get(`${path('m09')}?languages=some`)).status).toBe(400);
  });

  it('falls back to the original when the reader\'s language is missing, and marks it', async () => {
    const res = await t.as('coord-pe').get('/api/v1/milestones/toa-rm-2023.m03');
    expect(res.body.title).toBe('Certified advisors entered on the expert roster');
    expect(res.body.textLanguages.title).toEqual({ lang: 'en', fallback: true, original: 'en' });
    // An empty note is nothing to mark.
    expect(res.body.textLanguages.note).toEqual({ lang: 'en', fallback: false, original: 'en' });
  });

  it('lists translated milestones in the reader\'s language too', async () => {
    const res = await t.as('coord-pe').get('/api/v1/plans/ams-rm-current/milestones?limit=100');
    const m09 = res.body.items.find((m: { id: string }) => m.id === 'ams-rm-current.m09');
    expect(m09.title).toBe(title.es);
    expect(m09.textLanguages.title.fallback).toBe(false);
  });
});

describe('writing texts', () => {
  it('a plain-string client round-trips: what it reads it writes back, unchanged', async () => {
    const before = await t.as('focal-jm').get(path('m06'));
    const res = await t.as('focal-jm').patch(path('m06'), { note: before.body.note }, { 'If-Match': before.headers.get('ETag')! });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(before.body.version);
    const changed = await t.as('focal-jm').patch(path('m06'), { note: 'Module installed in the test environment.' }, { 'If-Match': before.headers.get('ETag')! });
    expect(changed.status).toBe(200);
    expect(changed.body.note).toBe('Module installed in the test environment.');
    expect(changed.body.textLanguages.note).toEqual({ lang: 'en', fallback: false, original: 'en' });
    expect((await t.as('admin').get(path('m06'))).body.note).toBe('Module installed in the test environment.');
    expect((await t.as('admin').get(`${path('m06')}?languages=all`)).body.allTexts.note).toHaveLength(1);
  });

  it('a plain string from someone whose language has no translation edits the note everyone reads', async () => {
    const toa = '/api/v1/milestones/toa-rm-2023.m02';
    const before = await t.as('coord-pe').get(toa);
    const res = await t.as('coord-pe').patch(toa, { note: 'Misiones a Perú y Guatemala confirmadas.' }, { 'If-Match': before.headers.get('ETag')! });
    expect(res.status).toBe(200);
    expect((await t.as('admin').get(toa)).body.note).toBe('Misiones a Perú y Guatemala confirmadas.');
  });

  it('a plain string from someone whose language has a translation edits that translation', async () => {
    const res = await t.as('focal-ht').patch(path('m05'), { note: 'Accord signé le 3 mars.' }, { 'If-Match': await etagOf('m05') });
    expect(res.status).toBe(200);
    expect(res.body.note).toBe('Accord signé le 3 mars.');
    expect((await t.as('admin').get(path('m05'))).body.note).toBe('Data-sharing agreement awaiting signature.');
  });

  it('Content-Language says what language a plain string is in: it becomes that translation', async () => {
    const res = await t.as('admin').patch(path('m09'), { title: 'Revisión de medio término del plan para los Directores Generales' },
      { 'If-Match': await etagOf('m09'), 'Content-Language': 'es' });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Mid-term review of the action plan for the Directors General');
    const es = await t.as('coord-pe').get(path('m09'));
    expect(es.body.title).toBe('Revisión de medio término del plan para los Directores Generales');
    // The Spanish reader writes back to the Spanish text, not the original.
    const edited = await t.as('coord-pe').patch(path('m09'), { title: 'Revisión de medio término del plan de acción' }, { 'If-Match': es.headers.get('ETag')! });
    expect(edited.body.title).toBe('Revisión de medio término del plan de acción');
    expect((await t.as('admin').get(path('m09'))).body.title).toBe('Mid-term review of the action plan for the Directors General');
  });

  it('editing the original marks its translations outdated until someone confirms them', async () => {
    const first = await t.as('admin').patch(path('m04'), { title: { es: 'Operación conjunta: reunión de planificación', pt: 'Operação conjunta: reunião de planejamento' } }, { 'If-Match': await etagOf('m04') });
    expect(first.status).toBe(200);
    const edited = await t.as('admin').patch(path('m04'), { title: 'Joint targeted control operation: planning meeting held' }, { 'If-Match': first.headers.get('ETag')! });
    expect(edited.status).toBe(200);
    const pt = await t.as('focal-br').get(`${path('m04')}?languages=all`);
    expect(pt.body.title).toBe('Operação conjunta: reunião de planejamento');
    expect(pt.body.textLanguages.title).toEqual({ lang: 'pt', fallback: false, original: 'en', outdated: true });
    // The demo's French translation too: the same edit did not set it.
    expect(pt.body.allTexts.title.filter((x: { outdated: boolean }) => x.outdated).map((x: { lang: string }) => x.lang)).toEqual(['es', 'fr', 'pt']);
    // Confirming: the same text sent again clears the mark (and is a change, in the history).
    const confirmed = await t.as('admin').patch(path('m04'), { title: { pt: 'Operação conjunta: reunião de planejamento' } }, { 'If-Match': edited.headers.get('ETag')! });
    expect(confirmed.status).toBe(200);
    expect((await t.as('focal-br').get(path('m04'))).body.textLanguages.title).toEqual({ lang: 'pt', fallback: false, original: 'en' });
    const history = await t.as('admin').get(`${path('m04')}/history`);
    expect(history.body.items[0].changes.map((ch: { field: string }) => ch.field)).toEqual(['translations']);
    // null removes a translation.
    const removed = await t.as('admin').patch(path('m04'), { title: { es: null } }, { 'If-Match': confirmed.headers.get('ETag')! });
    expect(removed.status).toBe(200);
    expect((await t.as('coord-pe').get(path('m04'))).body.textLanguages.title.fallback).toBe(true);
  });

  it('a new milestone\'s texts are originals in the writer\'s language, and may come with translations', async () => {
    const res = await t.as('coord-pe').post('/api/v1/plans/ams-rm-current/milestones', {
      title: { es: 'Taller regional de perfiles de riesgo', en: 'Regional risk-profile workshop' }, ownerAdministrationId: 'PE', dueDate: '2031-05-01',
    });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('Taller regional de perfiles de riesgo');
    expect(res.body.textLanguages.title).toEqual({ lang: 'es', fallback: false, original: 'es' });
    const en = await t.as('admin').get(new URL(res.headers.get('Location')!, 'http://x').pathname);
    expect(en.body.title).toBe('Regional risk-profile workshop');
  });
});

describe('bad input changes nothing', () => {
  const bad: [string, unknown, string][] = [
    ['an unknown language', { title: { de: 'Risikoprofile' } }, 'title.de'],
    ['an empty text', { title: { es: '' } }, 'title.es'],
    ['an empty note in a map', { note: { fr: '   ' } }, 'note.fr'],
    ['control characters', { title: { pt: 'Perfis\u001b[31m' } }, 'title.pt'],
    ['an empty map', { title: {} }, 'title'],
    ['neither text nor map', { title: 42 }, 'title'],
    ['removing the original', { title: { en: null } }, 'title.en'],
  ];
  for (const [what, body, field] of bad) {
    it(`${what}: 400 problem+json naming ${field}`, async () => {
      const before = await t.as('admin').get(path('m11'));
      const res = await t.as('admin').patch(path('m11'), body, { 'If-Match': before.headers.get('ETag')! });
      expect(res.status).toBe(400);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      const after = await t.as('admin').get(path('m11'));
      expect(after.body.version).toBe(before.body.version);
    });
  }

  it('a stale version gets 412 and changes nothing', async () => {
    const etag = await etagOf('m11');
    expect((await t.as('admin').patch(path('m11'), { title: { es: 'Reglas armonizadas' } }, { 'If-Match': etag })).status).toBe(200);
    const stale = await t.as('admin').patch(path('m11'), { title: { fr: 'Règles harmonisées' } }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    const all = await t.as('admin').get(`${path('m11')}?languages=all`);
    expect(all.body.allTexts.title.map((x: { lang: string; text: string }) => [x.lang, x.text])).toEqual([
      ['en', 'Container risk-scoring rules harmonised'], ['es', 'Reglas armonizadas'],
      ['fr', 'Règles de notation du risque des conteneurs harmonisées'], ['pt', 'Regras de pontuação de risco de contêineres harmonizadas'],
    ]);
  });
});

describe('who may translate', () => {
  it('a focal point translates its own milestone\'s note, not its title, and nothing of another administration\'s', async () => {
    const etag = (await t.as('focal-gt').get(path('m03'))).headers.get('ETag')!;
    const note = await t.as('focal-gt').patch(path('m03'), { note: { es: 'Primer grupo capacitado.', en: 'First group trained.' } }, { 'If-Match': etag });
    expect(note.status).toBe(200);
    const title = await t.as('focal-gt').patch(path('m03'), { title: { es: 'Personal capacitado' } }, { 'If-Match': note.headers.get('ETag')! });
    expect(title.status).toBe(403);
    const other = await t.as('focal-gt').patch(path('m05'), { note: { es: 'Acuerdo firmado' } }, { 'If-Match': await etagOf('m05') });
    expect(other.status).toBe(403);
    const donor = await t.as('donor-jica').patch(path('m02'), { title: { es: 'Piloto' } }, { 'If-Match': await etagOf('m02') });
    expect(donor.status).toBe(403);
  });
});

describe('what translations cost', () => {
  it('reading a translated milestone costs what reading an untranslated one does', async () => {
    const count = async (url: string) => {
      t.tables.counter.reset();
      expect((await t.as('coord-pe').get(url)).status).toBe(200);
      return [...t.tables.counter.commands];
    };
    const plain = await count('/api/v1/milestones/toa-rm-2023.m01');
    const translated = await count(path('m09'));
    expect(translated).toEqual(plain);
    expect(translated).toEqual(['BatchGetItemCommand']);
  });

  it('a milestone with a 2,000-character note and title in four languages stays far under 400 KB', async () => {
    const note = (c: string) => c.repeat(2000);
    const etag = await etagOf('m01');
    const res = await t.as('admin').patch(path('m01'), {
      note: { en: note('e'), es: note('ñ'), fr: note('é'), pt: note('ã') },
      title: { en: 'T'.repeat(300), es: 'Ñ'.repeat(300), fr: 'É'.repeat(300), pt: 'Ã'.repeat(300) },
      description: { en: 'd'.repeat(5000), es: 'ó'.repeat(5000), fr: 'è'.repeat(5000), pt: 'ç'.repeat(5000) },
    }, { 'If-Match': etag });
    expect(res.status).toBe(200);
    const found = await t.store.milestones.get('ams-rm-current.m01');
    const item = t.store.milestones.item(found!.milestone);
    // DynamoDB counts attribute names and values in UTF-8; the marshalled JSON over-counts both.
    const bytes = Buffer.byteLength(JSON.stringify(marshall(item, { removeUndefinedValues: true })), 'utf8');
    expect(bytes).toBeGreaterThan(4 * 2000 * 1.5);
    expect(bytes).toBeLessThan(400 * 1024 / 5);
    console.log(`a milestone with title, 5,000-character description and 2,000-character note in four languages: ${bytes} bytes marshalled (${(bytes / 1024).toFixed(1)} KB of 400 KB)`);
  });
});

describe('the language of a note', () => {
  const ID = 'm07'; // owned by Mexico, no note yet; coord-pe (Spanish) reports as a co-coordinator

  it('is its writer\'s: a Spanish co-coordinator\'s first note is Spanish, and an English reader gets it marked as the original', async () => {
    const res = await t.as('coord-pe').patch(path(ID), { note: 'Doce funcionarios capacitados.' }, { 'If-Match': await etagOf(ID) });
    expect(res.status).toBe(200);
    expect(res.body.textLanguages.note).toEqual({ lang: 'es', fallback: false, original: 'es' });
    const en = await t.as('admin').get(path(ID));
    expect(en.body.note).toBe('Doce funcionarios capacitados.');
    expect(en.body.textLanguages.note).toEqual({ lang: 'es', fallback: true, original: 'es' });
  });

  it('is the new writer\'s once the note was emptied, for an English then a Spanish writer', async () => {
    const write = async (person: string, note: string) => {
      const res = await t.as(person).patch(path(ID), { note }, { 'If-Match': await etagOf(ID) });
      expect(res.status, person).toBe(200);
      return res.body;
    };
    await write('admin', '');
    expect((await write('admin', 'Twelve officers trained.')).textLanguages.note).toEqual({ lang: 'en', fallback: false, original: 'en' });
    await write('coord-pe', '');
    const emptied = await t.as('admin').get(`${path(ID)}?languages=all`);
    expect(emptied.body.allTexts.note).toEqual([{ lang: 'en', text: '', original: true, outdated: false }]);
    expect((await write('coord-pe', 'Quince funcionarios capacitados.')).textLanguages.note).toEqual({ lang: 'es', fallback: false, original: 'es' });
    const all = await t.as('admin').get(`${path(ID)}?languages=all`);
    expect(all.body.allTexts.note).toEqual([{ lang: 'es', text: 'Quince funcionarios capacitados.', original: true, outdated: false }]);
    expect(all.body.textLanguages.note).toEqual({ lang: 'es', fallback: true, original: 'es' });
  });

  it('of a milestone created by a Spanish writer is Spanish for title and description', async () => {
    const res = await t.as('coord-pe').post('/api/v1/plans/ams-rm-current/milestones', {
      title: 'Taller regional de perfiles de riesgo', description: 'En Lima.', ownerAdministrationId: 'PE', dueDate: '2027-06-30',
    });
    expect(res.status).toBe(201);
    expect(res.body.textLanguages.title).toEqual({ lang: 'es', fallback: false, original: 'es' });
    expect(res.body.textLanguages.description).toEqual({ lang: 'es', fallback: false, original: 'es' });
  });
});
