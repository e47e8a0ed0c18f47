/**
 * Texts beyond milestones in several languages (issue 14) through the API: strategy and plan
 * titles and descriptions, result and indicator titles, descriptions and definitions, and the
 * names of administrations and donors. The same rule as milestones' (commands/texts.ts): read in
 * the reader's language with which language it is, every language on request, a plain string or a
 * map on write, the original's edit marking translations outdated; bad maps 400 with the field,
 * stale versions 412, and only those allowed to edit the item may translate it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

const PLAN = '/api/v1/plans/ams-rm-current';
const etagOf = async (path: string) => (await t.as('admin').get(path)).headers.get('ETag')!;
const readers = [['admin', 'en'], ['coord-pe', 'es'], ['focal-ht', 'fr'], ['focal-br', 'pt']] as const;

describe('the same plan read in four languages', () => {
  const titles = {
    en: 'Current action plan: regional targeting operations and risk-management capacity',
    es: 'Plan de acción vigente: operaciones regionales de control dirigido y capacidades de gestión de riesgos',
    fr: 'Plan d\'action en cours : opérations régionales de contrôle ciblé et capacités de gestion des risques',
    pt: 'Plano de ação vigente: operações regionais de controle direcionado e capacidades de gestão de riscos',
  };

  it('gives each reader the plan\'s title and description in their language, and says which', async () => {
    for (const [person, lang] of readers) {
      const res = await t.as(person).get(PLAN);
      expect(res.status).toBe(200);
      expect(res.body.title).toBe(titles[lang]);
      expect(res.body.textLanguages.title).toEqual({ lang, fallback: false, original: 'en' });
      expect(res.body.textLanguages.description.lang).toBe(lang);
      expect(res.body).not.toHaveProperty('translations');
      expect(res.headers.get('Vary')).toContain('Accept-Language');
    }
  });

  it('lists the strategy\'s plans in the reader\'s language, and marks the untranslated ones as fallbacks', async () => {
    const res = await t.as('coord-pe').get('/api/v1/strategies/ams-rm/plans');
    expect(res.status).toBe(200);
    const current = res.body.items.find((p: { id: string }) => p.id === 'ams-rm-current');
    expect(current.title).toBe(titles.es);
    const old = res.body.items.find((p: { id: string }) => p.id === 'ams-rm-2014');
    expect(old.title).toBe('Action plan 2014-2016 (Buenos Aires regional workshop)');
    expect(old.textLanguages.title).toEqual({ lang: 'en', fallback: true, original: 'en' });
    expect(res.body.items.every((p: object) => !('translations' in p))).toBe(true);
  });

  it('gives every language held with ?languages=all, the original first', async () => {
    const res = await t.as('focal-br').get(`${PLAN}?languages=all`);
    expect(res.body.allTexts.title.map((x: { lang: string; text: string }) => [x.lang, x.text])).toEqual(Object.entries(titles));
    expect((await t.as('focal-br').get(`${PLAN}?languages=every`)).status).toBe(400);
  });

  it('follows Accept-Language for a reader without a language of their own... after the person\'s', async () => {
    // donor-jica reads English: its own language comes first.
    expect((await t.as('donor-jica').get(PLAN, { 'Accept-Language': 'fr' })).body.title).toBe(titles.en);
  });
});

describe('strategies, results and indicators in the reader\'s language', () => {
  it('the strategy: title and description', async () => {
    const es = await t.as('coord-pe').get('/api/v1/strategies/ams-rm');
    expect(es.body.title).toBe('Estrategia Regional de Gestión de Riesgos de las Américas y el Caribe');
    expect(es.body.description).toMatch(/^Aprobada en la Conferencia Regional/);
    expect(es.body).not.toHaveProperty('translations');
    const list = await t.as('focal-ht').get('/api/v1/strategies');
    const ams = list.body.items.find((s: { id: string }) => s.id === 'ams-rm');
    expect(ams.title).toBe('Stratégie régionale de gestion des risques des Amériques et des Caraïbes');
    const toa = list.body.items.find((s: { id: string }) => s.id === 'toa-rm');
    expect(toa.textLanguages.title.fallback).toBe(true);
  });

  it('results and indicators, in the plan\'s framework and one by one', async () => {
    const framework = await t.as('focal-br').get(`${PLAN}/results`);
    expect(framework.status).toBe(200);
    const capacity = framework.body.results.find((r: { id: string }) => r.id === 'ams-rm-current.capacity');
    expect(capacity.title).toBe('Servidores capacitados e assessores certificados');
    const trained = framework.body.indicators.find((i: { id: string }) => i.id === 'ams-rm-current.trained');
    expect(trained.title).toBe('Servidores capacitados no Compêndio de Gestão de Riscos da OMA');
    expect(trained.textLanguages.definition).toEqual({ lang: 'pt', fallback: false, original: 'en' });
    const hit = framework.body.indicators.find((i: { id: string }) => i.id === 'ams-rm-current.hit-rate');
    // Its definition has no Portuguese text: the English original, marked.
    expect(hit.textLanguages.definition).toEqual({ lang: 'en', fallback: true, original: 'en' });
    expect(JSON.stringify(framework.body)).not.toContain('"translations"');

    const one = await t.as('focal-ht').get('/api/v1/indicators/ams-rm-current.certified?languages=all');
    expect(one.body.title).toBe('Conseillers techniques et opérationnels certifiés');
    expect(one.body.allTexts.title.map((x: { lang: string }) => x.lang)).toEqual(['en', 'es', 'fr', 'pt']);
    const result = await t.as('coord-pe').get('/api/v1/results/ams-rm-current.exchange');
    expect(result.body.title).toBe('Información de riesgo intercambiada en la región');
  });
});

describe('administrations\' and donors\' names', () => {
  it('an administration\'s name in its own language is the original, with its English name beside it', async () => {
    const es = await t.as('coord-pe').get('/api/v1/administrations/PE');
    expect(es.body.name).toBe('Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)');
    expect(es.body.textLanguages.name).toEqual({ lang: 'es', fallback: false, original: 'es' });
    const en = await t.as('admin').get('/api/v1/administrations/PE');
    expect(en.body.name).toBe('Peru Customs (SUNAT)');
    // A French reader gets the Spanish original, marked as a fallback.
    const fr = await t.as('focal-ht').get('/api/v1/administrations/PE');
    expect(fr.body.textLanguages.name).toEqual({ lang: 'es', fallback: true, original: 'es' });
    // What stays the administration's own (the Director General's e-mail) is still kept from others.
    expect(fr.body.directorGeneral).toEqual({ name: 'Lucía Paredes' });
    expect(fr.body).not.toHaveProperty('translations');
  });

  it('a donor\'s name in the reader\'s language, in the list too', async () => {
    const list = await t.as('coord-pe').get('/api/v1/donors');
    const jica = list.body.items.find((d: { id: string }) => d.id === 'jica');
    expect(jica.name).toBe('Agencia de Cooperación Internacional del Japón (JICA)');
    expect(list.body.items.every((d: object) => !('translations' in d))).toBe(true);
    const en = await t.as('donor-jica').get('/api/v1/donors/jica');
    expect(en.body.name).toBe('Japan International Cooperation Agency (JICA)');
  });

  it('the secretariat adds a donor with its name in two languages, and renames it later', async () => {
    const created = await t.as('admin').post('/api/v1/donors', {
      id: 'sieca', name: { es: 'Secretaría de Integración Económica Centroamericana (SIECA)', en: 'Secretariat for Central American Economic Integration (SIECA)' }, organisationType: '40',
    });
    expect(created.status).toBe(201);
    // The writer (admin) writes English: the English name is the original.
    expect(created.body.textLanguages.name).toEqual({ lang: 'en', fallback: false, original: 'en' });
    const renamed = await t.as('admin').patch('/api/v1/donors/sieca', { name: 'SIECA Secretariat' }, { 'If-Match': created.headers.get('ETag')! });
    expect(renamed.status).toBe(200);
    const es = await t.as('coord-pe').get('/api/v1/donors/sieca');
    expect(es.body.textLanguages.name).toEqual({ lang: 'es', fallback: false, original: 'en', outdated: true });
  });
});

describe('writing texts', () => {
  it('a plain-string client round-trips: what it reads it writes back, unchanged', async () => {
    const before = await t.as('coord-pe').get(PLAN);
    const same = await t.as('coord-pe').patch(PLAN, { title: before.body.title, description: before.body.description }, { 'If-Match': before.headers.get('ETag')! });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(before.body.version);
    // The Spanish reader's plain string edits the Spanish text; the English original stays.
    const edited = await t.as('coord-pe').patch(PLAN, { title: 'Plan de acción vigente (2026)' }, { 'If-Match': before.headers.get('ETag')! });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('Plan de acción vigente (2026)');
    expect((await t.as('admin').get(PLAN)).body.title).toBe('Current action plan: regional targeting operations and risk-management capacity');
  });

  it('editing the original marks its translations outdated until someone confirms them', async () => {
    const path = '/api/v1/results/ams-rm-current.institutions';
    const edited = await t.as('coord-ar').patch(path, { title: 'Risk management institutionalised in every member administration' }, { 'If-Match': await etagOf(path), 'Content-Language': 'en' });
    expect(edited.status).toBe(200);
    const fr = await t.as('focal-ht').get(`${path}?languages=all`);
    expect(fr.body.textLanguages.title).toEqual({ lang: 'fr', fallback: false, original: 'en', outdated: true });
    expect(fr.body.allTexts.title.filter((x: { outdated: boolean }) => x.outdated).map((x: { lang: string }) => x.lang)).toEqual(['es', 'fr', 'pt']);
    const confirmed = await t.as('coord-ar').patch(path, { title: { fr: 'Gestion des risques institutionnalisée dans chaque administration membre' } }, { 'If-Match': fr.headers.get('ETag')! });
    expect(confirmed.status).toBe(200);
    expect((await t.as('focal-ht').get(path)).body.textLanguages.title).toEqual({ lang: 'fr', fallback: false, original: 'en' });
    const history = await t.as('admin').get(`/api/v1/plans/ams-rm-current/results`);
    expect(history.status).toBe(200);
  });

  it('a new strategy, plan, result and indicator take their texts as maps, the writer\'s language the original', async () => {
    const strategy = await t.as('admin').post('/api/v1/strategies', {
      id: 'ams-aeo', region: 'Americas and Caribbean',
      title: { en: 'Regional AEO strategy', es: 'Estrategia regional OEA' }, description: 'Mutual recognition of Authorized Economic Operator programmes.',
    });
    expect(strategy.status).toBe(201);
    expect(strategy.body.textLanguages.title.original).toBe('en');
    const es = await t.as('coord-pe').get('/api/v1/strategies/ams-aeo');
    expect(es.body.title).toBe('Estrategia regional OEA');
    expect(es.body.textLanguages.description).toEqual({ lang: 'en', fallback: true, original: 'en' });

    const plan = await t.as('coord-pe').post('/api/v1/strategies/ams-rm/plans', {
      id: 'ams-rm-next', title: 'Plan de acción 2028-2030', period: { start: '2028-01-01', end: '2030-12-31' },
    });
    expect(plan.status).toBe(201);
    // A plain string from a Spanish writer: the original is Spanish.
    expect(plan.body.textLanguages.title).toEqual({ lang: 'es', fallback: false, original: 'es' });
    expect((await t.as('admin').get('/api/v1/plans/ams-rm-next')).body.textLanguages.title).toEqual({ lang: 'es', fallback: true, original: 'es' });

    const result = await t.as('coord-pe').post('/api/v1/plans/ams-rm-next/results', { id: 'aeo', type: '2', title: { es: 'Programas OEA reconocidos', pt: 'Programas OEA reconhecidos' } });
    expect(result.status).toBe(201);
    const indicator = await t.as('coord-pe').post('/api/v1/plans/ams-rm-next/indicators', {
      id: 'mra', resultId: 'ams-rm-next.aeo', measure: '1', title: 'Acuerdos de reconocimiento mutuo firmados', definition: { es: 'Acuerdos firmados en el periodo.', fr: 'Accords signés pendant la période.' },
    });
    expect(indicator.status).toBe(201);
    const fr = await t.as('focal-ht').get('/api/v1/indicators/ams-rm-next.mra');
    expect(fr.body.definition).toBe('Accords signés pendant la période.');
    expect(fr.body.textLanguages.title).toEqual({ lang: 'es', fallback: true, original: 'es' });
  });
});

describe('bad input changes nothing', () => {
  const targets: [string, string][] = [
    ['a plan', PLAN], ['a strategy', '/api/v1/strategies/ams-rm'], ['a result', '/api/v1/results/ams-rm-current.capacity'],
    ['an indicator', '/api/v1/indicators/ams-rm-current.trained'], ['an administration', '/api/v1/administrations/GT'], ['a donor', '/api/v1/donors/idb'],
  ];
  const bad = (field: string): [string, unknown, string][] => [
    ['an unknown language', { [field]: { de: 'Risikomanagement' } }, `${field}.de`],
    ['an empty text', { [field]: { es: '  ' } }, `${field}.es`],
    ['control characters', { [field]: { pt: 'Gestão\u001b[31m' } }, `${field}.pt`],
    ['an empty map', { [field]: {} }, field],
    ['neither text nor map', { [field]: ['Risk'] }, field],
  ];
  for (const [what, path] of targets) {
    const field = what.includes('administration') || what.includes('donor') ? 'name' : 'title';
    for (const [problem, body, named] of bad(field)) {
      it(`${what}, ${problem}: 400 problem+json naming ${named}`, async () => {
        const before = await t.as('admin').get(path);
        const res = await t.as('admin').patch(path, body, { 'If-Match': before.headers.get('ETag')! });
        expect(res.status).toBe(400);
        expect(res.headers.get('Content-Type')).toContain('application/problem+json');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(named);
        expect((await t.as('admin').get(path)).body.version).toBe(before.body.version);
      });
    }
  }

  it('removing the original is refused with its field', async () => {
    const res = await t.as('admin').patch('/api/v1/administrations/BR', { name: { pt: null } }, { 'If-Match': await etagOf('/api/v1/administrations/BR') });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'name.pt', message: expect.stringContaining('is the original') });
  });

  it('a stale version gets 412 and changes nothing, for every kind', async () => {
    for (const [, path] of targets) {
      const field = path.includes('administrations') || path.includes('donors') ? 'name' : 'title';
      const etag = await etagOf(path);
      expect((await t.as('admin').patch(path, { [field]: { fr: 'Première traduction' } }, { 'If-Match': etag })).status).toBe(200);
      const stale = await t.as('admin').patch(path, { [field]: { fr: 'Seconde traduction' } }, { 'If-Match': etag });
      expect(stale.status).toBe(412);
      const all = await t.as('admin').get(`${path}?languages=all`);
      expect(all.body.allTexts[field].find((x: { lang: string }) => x.lang === 'fr').text).toBe('Première traduction');
    }
  });
});

describe('who may translate', () => {
  it('only those who may edit the item translate it', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['focal-gt', PLAN, { title: { es: 'Plan' } }],
      ['donor-jica', PLAN, { description: { es: 'Plan' } }],
      ['focal-br', '/api/v1/strategies/ams-rm', { title: { pt: 'Estratégia' } }],
      // A co-coordinator of another strategy.
      ['coord-pe', '/api/v1/strategies/ca-crm', { title: { es: 'Estrategia' } }],
      ['focal-ht', '/api/v1/results/ams-rm-current.capacity', { title: { fr: 'Capacités' } }],
      ['dg-pe', '/api/v1/indicators/ams-rm-current.trained', { definition: { es: 'Funcionarios' } }],
      ['coord-pe', '/api/v1/administrations/PE', { name: { en: 'SUNAT' } }],
      ['donor-jica', '/api/v1/donors/jica', { name: { es: 'JICA' } }],
    ];
    for (const [person, path, body] of cases) {
      const before = await t.as('admin').get(path);
      const res = await t.as(person).patch(path, body, { 'If-Match': before.headers.get('ETag')! });
      expect([person, path, res.status]).toEqual([person, path, 403]);
      expect((await t.as('admin').get(path)).body.version).toBe(before.body.version);
    }
  });
});

describe('what translations cost', () => {
  it('reading a translated plan costs what reading an untranslated one does', async () => {
    const count = async (url: string) => {
      t.tables.counter.reset();
      expect((await t.as('coord-pe').get(url)).status).toBe(200);
      return [...t.tables.counter.commands];
    };
    expect(await count(PLAN)).toEqual(await count('/api/v1/plans/ams-rm-2014'));
    expect(await count('/api/v1/donors/jica')).toEqual(await count('/api/v1/donors/ccf-japan'));
  });

  it('renaming a donor reads it once and writes it in one transaction', async () => {
    const etag = await etagOf('/api/v1/donors/usaid');
    t.tables.counter.reset();
    const res = await t.as('admin').patch('/api/v1/donors/usaid', { name: { pt: 'USAID (Agência dos EUA para o Desenvolvimento Internacional)' } }, { 'If-Match': etag });
    expect(res.status).toBe(200);
    expect([...t.tables.counter.commands]).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
  });
});
