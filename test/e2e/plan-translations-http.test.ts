/**
 * Translations of a plan's and a strategy's title and description in the browser's forms (issue 14),
 * over HTTP in process against DynamoDB Local with the demo world: the edit forms add them, the
 * pages show the reader's language or the original marked, a changed original marks them to review
 * for editors only until confirmed, the create forms record the writer's language; bad input, a
 * stale form and the wrong person change nothing.
 */
import { describe, expect, it } from 'vitest';
import { translator, type Language } from '../../shared/i18n/index.ts';
import { web } from '../../shared/i18n/web.ts';
import { escape, fieldsOf, message } from './support/forms.ts';
import { Visitor } from './support/visitor.ts';
import { useWebWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
const world = useWebWorld(SITE);

const as = (person: string, lang?: string) => Visitor.signedIn(world.app, SITE, person, lang);
const html = async (v: Visitor, path: string) => {
  const res = await v.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const editForm = async (v: Visitor, path: string) => fieldsOf(await html(v, `${path}/edit`), '<form class="edit"');

describe('a plan\'s title and description in several languages', () => {
  const PLAN = '/plans/ams-rm-2014'; // title in English only, no description; co-coordinated by Peru and Argentina
  const TITLE = 'Action plan 2014-2016 (Buenos Aires regional workshop)';
  const TITLE_ES = 'Plan de acción 2014-2016 (taller regional de Buenos Aires)';
  const DESCRIPTION = 'Adopted by the 25 participants of the Buenos Aires regional workshop.';
  const DESCRIPTION_ES = 'Adoptado por los 25 participantes del taller regional de Buenos Aires.';
  const stored = async () => (await world.store.plans.require('ams-rm-2014')).plan;

  it('the edit form gives the title and a description an input per language, each with its lang; a Spanish co-coordinator adds the Spanish texts', async () => {
    // The secretariat writes the English description first: an original in its writer's language
    // (a text written where there was none is an original, not a translation).
    const admin = await as('admin');
    expect((await admin.post(`${PLAN}/edit`, { ...(await editForm(admin, PLAN)), description: DESCRIPTION })).status).toBe(303);
    const pe = await as('coord-pe');
    const page = await html(pe, `${PLAN}/edit`);
    // The main inputs hold the originals, said to be English and marked so on a Spanish page.
    expect(page).toMatch(/<input type="text" id="f-title" name="title"[^>]*lang="en"/);
    expect(page).toMatch(/<textarea id="f-description" name="description"[^>]*lang="en"/);
    expect(page).toContain(message('es', 'content.originalIn', { language: 'inglés' }));
    for (const [l, name] of [['es', 'español'], ['fr', 'francés'], ['pt', 'portugués']] as const) {
      expect(page).toContain(`<label for="f-title.${l}">${message('es', 'content.titleIn', { language: name })}</label>`);
      expect(page).toMatch(new RegExp(`<input type="text" id="f-title\\.${l}" name="title\\.${l}" lang="${l}"[^>]*maxlength="300"`));
      expect(page).toMatch(new RegExp(`<textarea id="f-description\\.${l}" name="description\\.${l}" lang="${l}"[^>]*maxlength="5000"`));
    }
    expect(page).toContain(`<legend>${message('es', 'content.translationsOf', { field: 'Descripción' })}</legend>`);

    const form = await editForm(pe, PLAN);
    expect(form).toMatchObject({ title: TITLE, 'title.lang': 'en', description: DESCRIPTION, 'description.lang': 'en' });
    const res = await pe.post(`${PLAN}/edit`, { ...form, 'title.es': TITLE_ES, 'description.es': DESCRIPTION_ES });
    expect(res.status).toBe(303);
    const plan = await stored();
    expect(plan.title).toBe(TITLE);
    expect(plan.description).toBe(DESCRIPTION);
    expect(plan.translations?.title).toEqual({ lang: 'en', texts: { es: { text: TITLE_ES } } });
    expect(plan.translations?.description).toEqual({ lang: 'en', texts: { es: { text: DESCRIPTION_ES } } });
    // Nothing else moved: the period, the budget and the status are as they were.
    expect(plan).toMatchObject({ period: { start: '2014-05-28', end: '2016-12-31' }, budget: { amount: '180000.00', currency: 'USD' }, status: 'closed' });
  });

  it('the page reads Spanish to Spanish readers; a French reader gets the original, marked and with lang="en"', async () => {
    const es = await html(await as('dg-pe'), PLAN);
    expect(es).toContain(`<h1><span>${escape(TITLE_ES)}</span></h1>`);
    expect(es).toContain(`<p class="lead"><span>${escape(DESCRIPTION_ES)}</span></p>`);
    expect(es).toContain(`<title>${escape(TITLE_ES)} · `);

    const fr = await html(await as('focal-ht'), PLAN);
    const marked = ` <span class="untranslated">(${message('fr', 'content.untranslated', { language: 'anglais' })})</span>`;
    expect(fr).toContain(`<h1><span lang="en">${escape(TITLE)}</span>${marked}</h1>`);
    expect(fr).toContain(`<p class="lead"><span lang="en">${escape(DESCRIPTION)}</span>${marked}</p>`);
  });

  it('refuses an emptied title, a title too long and a translation too long beside their inputs, in the reader\'s language, changing nothing', async () => {
    const before = await stored();
    const admin = await as('admin');
    const form = await editForm(admin, PLAN);
    const pe = await as('coord-pe');
    const peForm = await editForm(pe, PLAN);
    const cases: { who: Visitor; fields: Record<string, string>; input: string; error: string }[] = [
      { who: admin, fields: { ...form, title: '' }, input: 'title', error: message('en', 'form.err.required') },
      { who: admin, fields: { ...form, title: 'x'.repeat(301) }, input: 'title', error: message('en', 'form.err.too_big', { limit: 300 }) },
      { who: pe, fields: { ...peForm, 'description.fr': 'x'.repeat(5001) }, input: 'description.fr', error: message('es', 'form.err.too_big', { limit: 5000 }) },
    ];
    for (const c of cases) {
      const res = await c.who.post(`${PLAN}/edit`, c.fields);
      expect(res.status, c.input).toBe(400);
      const page = await res.text();
      expect(page, c.input).toContain(`<span class="err" id="e-${c.input}">${c.error}</span>`);
      expect(page).toContain(`<a href="#f-${c.input}">`);
    }
    expect(await stored()).toEqual(before);
  });

  it('a stale form gets the conflict page and changes nothing', async () => {
    const pe = await as('coord-pe');
    const form = await editForm(pe, PLAN);
    const admin = await as('admin');
    expect((await admin.post(`${PLAN}/edit`, { ...(await editForm(admin, PLAN)), origin: 'ROCB AMS and Argentina Customs regional workshop, Buenos Aires, May 2014' })).status).toBe(303);
    const before = await stored();
    const res = await pe.post(`${PLAN}/edit`, { ...form, 'title.pt': 'Plano de ação 2014-2016 (oficina regional de Buenos Aires)' });
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain(message('es', 'form.conflictBody'));
    // The entry is kept to send again.
    expect(page).toContain('value="Plano de ação 2014-2016 (oficina regional de Buenos Aires)"');
    expect(await stored()).toEqual(before);
  });

  it('editing the originals marks the translations to review, for editors only; the page\'s button and the form\'s box confirm them', async () => {
    const admin = await as('admin');
    const changed = 'Action plan 2014-2016 (Buenos Aires regional workshop, 25 participants)';
    expect((await admin.post(`${PLAN}/edit`, { ...(await editForm(admin, PLAN)), title: changed, description: `${DESCRIPTION} Closed in 2016.` })).status).toBe(303);
    const marked = await stored();
    expect(marked.translations?.title?.texts.es).toEqual({ text: TITLE_ES, outdated: true });
    expect(marked.translations?.description?.texts.es).toEqual({ text: DESCRIPTION_ES, outdated: true });

    // A co-coordinator reads them marked, with the list of what to review and a button per text.
    const pe = await as('coord-pe');
    const page = await html(pe, PLAN);
    expect(page).toContain(`<h1><span>${escape(TITLE_ES)}</span> <span class="outdated">(${message('es', 'content.outdated')})</span></h1>`);
    expect(page).toContain(message('es', 'content.reviewTitle'));
    expect(page).toContain(message('es', 'content.confirmButton', { field: 'Título', language: 'español' }));
    expect(page).toContain(message('es', 'content.confirmButton', { field: 'Descripción', language: 'español' }));
    expect(page).toContain(`href="${PLAN}/edit#tr-title"`);
    // A reader who may not edit the plan reads the same texts without either.
    const reader = await html(await as('dg-pe'), PLAN);
    expect(reader).toContain(`<h1><span>${escape(TITLE_ES)}</span></h1>`);
    expect(reader).not.toContain('class="outdated"');
    expect(reader).not.toContain(message('es', 'content.reviewTitle'));

    // The button carries the version the page showed: stale, it is refused and changes nothing; bad input is a 400.
    const version = String(marked.version);
    const stale = await pe.post(`${PLAN}/translations/confirm`, { field: 'title', lang: 'es', version: String(marked.version - 1) });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain(message('es', 'conflict.title'));
    for (const bad of [{ field: 'origin', lang: 'es', version }, { field: 'title', lang: 'de', version }, { field: 'title', lang: 'en', version }, { field: 'title', lang: 'es', version: 'x' }]) {
      expect((await pe.post(`${PLAN}/translations/confirm`, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    // Someone who may not edit the plan may not confirm either.
    const gt = await as('focal-gt');
    expect((await gt.post(`${PLAN}/translations/confirm`, { field: 'title', lang: 'es', version })).status).toBe(403);
    expect(await stored()).toEqual(marked);

    const ok = await pe.post(`${PLAN}/translations/confirm`, { field: 'title', lang: 'es', version });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe(`${PLAN}?done=saved`);
    const confirmed = await stored();
    expect(confirmed.translations?.title?.texts.es).toEqual({ text: TITLE_ES });
    expect(confirmed.title).toBe(changed);
    expect(confirmed.version).toBe(marked.version + 1);

    // The form shows the description's Spanish (the main input here) to review, with a "still correct" box that confirms it.
    const formPage = await html(pe, `${PLAN}/edit`);
    expect(formPage).toContain(message('es', 'content.mainOutdated', { language: 'español' }));
    const form = fieldsOf(formPage, '<form class="edit"');
    expect(form).toMatchObject({ description: DESCRIPTION_ES, 'description.lang': 'es' });
    expect((await pe.post(`${PLAN}/edit`, { ...form, 'description.es.confirm': 'on' })).status).toBe(303);
    expect((await stored()).translations?.description?.texts.es).toEqual({ text: DESCRIPTION_ES });
    expect(await html(pe, PLAN)).not.toContain(message('es', 'content.reviewTitle'));
  });

  it('a description emptied in the form is removed (the translation stays until emptied too)', async () => {
    const admin = await as('admin');
    expect((await admin.post(`${PLAN}/edit`, { ...(await editForm(admin, PLAN)), description: '' })).status).toBe(303);
    const plan = await stored();
    expect(plan.description ?? '').toBe('');
    // The Spanish reader still reads the Spanish description; the English reader reads none.
    expect(await html(await as('dg-pe'), PLAN)).toContain(`<p class="lead"><span>${escape(DESCRIPTION_ES)}</span></p>`);
    expect(await html(await as('focal-jm'), PLAN)).not.toContain('<p class="lead">');
  });

  it('a first description written by a Spanish co-coordinator is the original, in Spanish; an English reader reads it marked, with lang="es"', async () => {
    const path = '/plans/ams-rm-2013-targeting';
    expect((await world.store.plans.require('ams-rm-2013-targeting')).plan.description ?? '').toBe('');
    const pe = await as('coord-pe');
    const form = await editForm(pe, path);
    // No description yet: the main input is the reader's language, to be written as the original.
    expect(form).toMatchObject({ description: '', 'description.lang': 'es' });
    const text = 'Proyecto regional de selectividad diseñado en el taller de Río de Janeiro.';
    expect((await pe.post(`${path}/edit`, { ...form, description: text })).status).toBe(303);
    const plan = (await world.store.plans.require('ams-rm-2013-targeting')).plan;
    expect(plan.description).toBe(text);
    expect(plan.translations?.description?.lang).toBe('es');
    expect(await html(await as('admin'), path)).toContain(`<p class="lead"><span lang="es">${escape(text)}</span>`);
  });

  it('is not open to a focal point or a Director General: 403 on the form and on its POST, nothing changed', async () => {
    const before = await stored();
    for (const person of ['focal-gt', 'dg-pe']) {
      const v = await as(person);
      expect((await v.get(`${PLAN}/edit`)).status, person).toBe(403);
      const res = await v.post(`${PLAN}/edit`, { version: String(before.version), title: TITLE, 'title.lang': 'en', 'title.fr': 'Plan d\'action 2014-2016' });
      expect(res.status, person).toBe(403);
    }
    expect(await stored()).toEqual(before);
  });
});

describe('a strategy\'s title and description in several languages', () => {
  const STRATEGY = '/strategies/toa-rm'; // title in English only; co-coordinated by Peru
  const TITLE = 'Technical and Operational Advisors in Risk Management: certification track';
  const TITLE_FR = 'Conseillers techniques et opérationnels en gestion des risques : parcours de certification';
  const DESCRIPTION_FR = 'Formation et certification de conseillers, avec la douane du Japon.';
  const stored = () => world.store.strategies.require('toa-rm');

  it('a co-coordinator adds French texts; French readers read them, Portuguese readers the original marked', async () => {
    const pe = await as('coord-pe');
    // The secretariat writes the English description first (an original in its writer's language).
    const admin = await as('admin');
    expect((await admin.post(`${STRATEGY}/edit`, { ...(await editForm(admin, STRATEGY)), description: 'Training and certification of advisors, with Japan Customs.' })).status).toBe(303);
    const form = await editForm(pe, STRATEGY);
    expect(form).toMatchObject({ title: TITLE, 'title.lang': 'en', description: 'Training and certification of advisors, with Japan Customs.', 'description.lang': 'en' });
    const res = await pe.post(`${STRATEGY}/edit`, { ...form, 'title.fr': TITLE_FR, 'description.fr': DESCRIPTION_FR });
    expect(res.status).toBe(303);
    const s = await stored();
    expect(s.description).toBe('Training and certification of advisors, with Japan Customs.');
    expect(s.translations?.title).toEqual({ lang: 'en', texts: { fr: { text: TITLE_FR } } });
    expect(s.translations?.description).toEqual({ lang: 'en', texts: { fr: { text: DESCRIPTION_FR } } });

    const fr = await html(await as('focal-ht'), STRATEGY);
    expect(fr).toContain(`<h1><span>${escape(TITLE_FR)}</span></h1>`);
    expect(fr).toContain(`<p class="lead"><span>${escape(DESCRIPTION_FR)}</span></p>`);
    const pt = await html(await as('focal-br'), STRATEGY);
    expect(pt).toContain(`<h1><span lang="en">${escape(TITLE)}</span> <span class="untranslated">(${message('pt', 'content.untranslated', { language: 'inglês' })})</span></h1>`);
  });

  it('refuses a translation too long beside its input and a stale form with the conflict notice, changing nothing', async () => {
    const pe = await as('coord-pe');
    const form = await editForm(pe, STRATEGY);
    const before = await stored();
    const long = await pe.post(`${STRATEGY}/edit`, { ...form, 'description.pt': 'x'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain(`<span class="err" id="e-description.pt">${message('es', 'form.err.too_big', { limit: 5000 })}</span>`);
    const stale = await pe.post(`${STRATEGY}/edit`, { ...form, version: String(before.version - 1), 'title.pt': 'Assessores técnicos e operacionais em gestão de riscos' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain(message('es', 'form.conflictBody'));
    expect(await stored()).toEqual(before);
  });

  it('a changed original marks the French title to review for its editors; confirming it clears the mark', async () => {
    const admin = await as('admin');
    expect((await admin.post(`${STRATEGY}/edit`, { ...(await editForm(admin, STRATEGY)), title: `${TITLE} (2023-2026)` })).status).toBe(303);
    const marked = await stored();
    expect(marked.translations?.title?.texts.fr).toEqual({ text: TITLE_FR, outdated: true });
    // The description did not change: its translation is not marked.
    expect(marked.translations?.description?.texts.fr).toEqual({ text: DESCRIPTION_FR });

    const page = await html(await as('admin', 'fr'), STRATEGY);
    expect(page).toContain(message('fr', 'content.reviewTitle'));
    expect(page).toContain(message('fr', 'content.confirmButton', { field: 'Titre', language: 'français' }));
    expect(page).not.toContain(message('fr', 'content.confirmButton', { field: 'Description', language: 'français' }));
    expect(await html(await as('focal-ht'), STRATEGY)).not.toContain(message('fr', 'content.reviewTitle'));

    const pe = await as('coord-pe');
    const ok = await pe.post(`${STRATEGY}/translations/confirm`, { field: 'title', lang: 'fr', version: String(marked.version) });
    expect(ok.status).toBe(303);
    expect((await stored()).translations?.title?.texts.fr).toEqual({ text: TITLE_FR });
  });

  it('is not open to a co-coordinator of other strategies: 403 on the form, its POST and the confirm button, nothing changed', async () => {
    const before = await stored();
    const ar = await as('coord-ar');
    expect((await ar.get(`${STRATEGY}/edit`)).status).toBe(403);
    expect((await ar.post(`${STRATEGY}/edit`, { version: String(before.version), title: TITLE, 'title.es': 'Asesores técnicos' })).status).toBe(403);
    expect((await ar.post(`${STRATEGY}/translations/confirm`, { field: 'title', lang: 'fr', version: String(before.version) })).status).toBe(403);
    expect(await stored()).toEqual(before);
  });
});

describe('a description on the create forms, in the writer\'s language', () => {
  it('a new plan\'s texts are recorded in its writer\'s language, said on the form (lang set when the page is in another)', async () => {
    // Diego Salazar writes in Spanish; his page is in English by choice.
    const pe = await as('coord-pe', 'en');
    const page = await html(pe, '/strategies/toa-rm/plans/new');
    expect(page).toContain(message('en', 'content.writeIn', { language: 'Spanish' }));
    expect(page).toMatch(/<textarea id="f-description" name="description"[^>]*lang="es"/);
    const res = await pe.post('/strategies/toa-rm/plans', {
      id: 'toa-rm-2027', title: 'Plan de certificación 2027', description: 'Misiones de campo y registro de asesores certificados.',
      'period.start': '2027-01-01', 'period.end': '2027-12-31', status: 'active',
    });
    expect(res.status).toBe(303);
    const plan = (await world.store.plans.require('toa-rm-2027')).plan;
    expect(plan).toMatchObject({ title: 'Plan de certificación 2027', description: 'Misiones de campo y registro de asesores certificados.' });
    expect(plan.translations?.title?.lang).toBe('es');
    expect(plan.translations?.description?.lang).toBe('es');
    // Read in Portuguese, it is the Spanish original, marked with its language.
    expect(await html(await as('focal-br'), '/plans/toa-rm-2027')).toContain('<p class="lead"><span lang="es">Misiones de campo y registro de asesores certificados.</span>');
  });

  it('a new strategy takes a description; one over 5000 characters is refused beside it and nothing is created', async () => {
    const admin = await as('admin');
    const fields = { id: 'sam-aeo', title: 'South American AEO mutual recognition', region: 'South America', status: 'draft' };
    const long = await admin.post('/strategies', { ...fields, description: 'x'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain(`<span class="err" id="e-description">${message('en', 'form.err.too_big', { limit: 5000 })}</span>`);
    expect(await world.store.strategies.get('sam-aeo')).toBeUndefined();
    expect((await admin.post('/strategies', { ...fields, description: 'Mutual recognition of AEO programmes between the customs of South America.' })).status).toBe(303);
    const s = await world.store.strategies.require('sam-aeo');
    expect(s.description).toBe('Mutual recognition of AEO programmes between the customs of South America.');
    expect(s.translations?.description?.lang ?? 'en').toBe('en');
  });
});
