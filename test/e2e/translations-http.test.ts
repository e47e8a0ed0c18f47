/**
 * Translations in the browser's forms (issue 14), over HTTP in process against DynamoDB Local with
 * the demo world: the milestone report form adds, changes and removes the note's translations; a
 * changed original marks them to review for editors only, who confirm them with one button; bad
 * input, a stale form and the wrong person change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../shared/app.ts';
import { ADMINISTRATION_NAMES, PLAN_TEXTS, RESULT_TEXTS } from '../../local/demo-translations.ts';
import { people } from '../../local/demo-data.ts';
import { signDevToken } from '../../shared/api/identity.ts';
import type { Language } from '../../shared/domain/constants.ts';
import type { Store } from '../../shared/store/index.ts';
import type { TestTables } from '../support/dynamo.ts';
import { escape, fieldsOf, message } from './support/forms.ts';
import { Visitor } from './support/visitor.ts';
import { webWorld, type WebWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
let tables: TestTables;
let store: Store;
let app: ReturnType<typeof createApp>;
let keys: WebWorld['keys'];

beforeAll(async () => {
  ({ tables, store, app, keys } = await webWorld(SITE));
}, 60_000);

afterAll(() => tables?.client.destroy());

const as = (person: string) => Visitor.signedIn(app, SITE, person);
const page = async (v: Visitor, id: string) => (await v.get(`/milestones/${id}`)).text();
const reportForm = async (v: Visitor, id: string) => fieldsOf(await page(v, id), '<form class="update"');
const stored = async (id: string) => (await store.milestones.get(id))!.milestone;

describe('the note\'s translations on the milestone report form', () => {
  const ID = 'ams-rm-current.m03'; // owned by Guatemala; its title is translated, it has no note yet

  it('show the original with its language and an input per other language, each with its lang', async () => {
    const admin = await as('admin');
    const form = await reportForm(admin, ID);
    expect(form).toMatchObject({ note: '', 'note.lang': 'en' });
    expect((await admin.post(`/milestones/${ID}`, { ...form, note: 'Twelve officers trained; the second course starts in March.' })).status).toBe(303);

    const gt = await as('focal-gt');
    const html = await page(gt, ID);
    // The main input holds the original, said to be English, with lang="en" on a Spanish page.
    expect(html).toMatch(/<textarea id="f-note" name="note" lang="en"[^>]*>Twelve officers trained; the second course starts in March.<\/textarea>/);
    expect(html).toContain(message('es', 'content.originalIn', { language: 'inglés' }));
    // One labelled input per other language, each with its own lang, inside a fieldset with a legend.
    for (const [l, name] of [['es', 'español'], ['fr', 'francés'], ['pt', 'portugués']] as const) {
      expect(html).toContain(`<label for="f-note.${l}">${message('es', 'content.noteIn', { language: name })}</label>`);
      expect(html).toMatch(new RegExp(`<textarea id="f-note\\.${l}" name="note\\.${l}" lang="${l}"`));
    }
    expect(html).toContain(`<legend>${message('es', 'content.translationsOf', { field: 'Nota' })}</legend>`);
  });

  it('a Spanish focal point adds the Spanish translation; English readers keep the original, Spanish readers get it', async () => {
    const gt = await as('focal-gt');
    const form = await reportForm(gt, ID);
    const res = await gt.post(`/milestones/${ID}`, { ...form, 'note.es': 'Doce funcionarios capacitados; el segundo curso empieza en marzo.' });
    expect(res.status).toBe(303);
    const m = await stored(ID);
    expect(m.note).toBe('Twelve officers trained; the second course starts in March.');
    expect(m.translations?.note).toEqual({ lang: 'en', texts: { es: { text: 'Doce funcionarios capacitados; el segundo curso empieza en marzo.' } } });
    expect(m.translations?.title?.texts.es?.text).toBe('Personal del centro de selectividad capacitado en el Compendio de Gestión de Riesgos de la OMA');

    const jm = await page(await as('focal-jm'), ID);
    expect(jm).toContain('<p><span>Twelve officers trained; the second course starts in March.</span></p>');
    const pe = await page(await as('coord-pe'), ID);
    expect(pe).toContain('<p><span>Doce funcionarios capacitados; el segundo curso empieza en marzo.</span></p>');
    // Now the Spanish reader's form edits the Spanish text; the original sits among the others, marked.
    const again = await reportForm(gt, ID);
    expect(again).toMatchObject({ note: 'Doce funcionarios capacitados; el segundo curso empieza en marzo.', 'note.lang': 'es', 'note.en': 'Twelve officers trained; the second course starts in March.' });
    expect(await page(gt, ID)).toContain(`<label for="f-note.en">${message('es', 'content.noteIn', { language: 'inglés' })} (original)</label>`);
  });

  it('refuses a translation too long with the error beside its input, in the reader\'s language, and changes nothing', async () => {
    const gt = await as('focal-gt');
    const form = await reportForm(gt, ID);
    const before = await stored(ID);
    const res = await gt.post(`/milestones/${ID}`, { ...form, 'note.fr': 'x'.repeat(2001) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<span class="err" id="e-note\.fr">[^<]+<\/span><textarea id="f-note\.fr" name="note\.fr" lang="fr" aria-describedby="h-tr-note e-note\.fr" aria-invalid="true"/);
    // The person's entry is kept, the fieldset open.
    expect(html).toContain('<details class="translations" open="" id="tr-note">');
    expect(await stored(ID)).toEqual(before);
  });

  it('a stale form gets the conflict page and changes nothing; the person\'s translation is kept to resend', async () => {
    const gt = await as('focal-gt');
    const form = await reportForm(gt, ID);
    const admin = await as('admin');
    expect((await admin.post(`/milestones/${ID}`, { ...(await reportForm(admin, ID)), progress: '45' })).status).toBe(303);
    const before = await stored(ID);
    const res = await gt.post(`/milestones/${ID}`, { ...form, 'note.pt': 'Doze funcionários capacitados.' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(message('es', 'conflict.title'));
    expect(html).toMatch(/<textarea id="f-note\.pt" name="note\.pt" lang="pt"[^>]*>Doze funcionários capacitados.<\/textarea>/);
    expect(await stored(ID)).toEqual(before);
    // Sent again from the conflict page (its version is the current one), it goes through.
    const resend = fieldsOf(html, '<form class="update"');
    expect((await gt.post(`/milestones/${ID}`, resend)).status).toBe(303);
    expect((await stored(ID)).translations?.note?.texts.pt).toEqual({ text: 'Doze funcionários capacitados.' });
  });

  it('is refused to another administration\'s focal point and to a donor, changing nothing', async () => {
    const form = await reportForm(await as('focal-gt'), ID);
    const before = await stored(ID);
    for (const person of ['focal-cr', 'donor-jica']) {
      const v = await as(person);
      await v.get('/');
      const res = await v.post(`/milestones/${ID}`, { ...form, _csrf: v.csrf, 'note.fr': 'Douze agents formés.' });
      expect([403, 404], person).toContain(res.status);
    }
    expect(await stored(ID)).toEqual(before);
  });

  it('editing the original marks the translations to review, for editors only; confirming one clears its mark', async () => {
    const admin = await as('admin');
    const form = await reportForm(admin, ID);
    expect((await admin.post(`/milestones/${ID}`, { ...form, note: 'Fourteen officers trained; the second course starts in March.' })).status).toBe(303);
    const m = await stored(ID);
    expect(m.translations?.note?.texts).toEqual({
      es: { text: 'Doce funcionarios capacitados; el segundo curso empieza en marzo.', outdated: true },
      pt: { text: 'Doze funcionários capacitados.', outdated: true },
    });

    // The Spanish focal point reads its translation marked to review, and the list of what to review.
    const gt = await as('focal-gt');
    const html = await page(gt, ID);
    expect(html).toContain(`<p><span>Doce funcionarios capacitados; el segundo curso empieza en marzo.</span> <span class="outdated">(${message('es', 'content.outdated')})</span></p>`);
    expect(html).toContain(message('es', 'content.reviewTitle'));
    expect(html).toContain(message('es', 'content.confirmButton', { field: 'Nota', language: 'portugués' }));
    // The history says which language changed how, in words, the texts with their own lang.
    const noteIn = (language: string) => message('es', 'content.changeIn', { field: 'Nota', language });
    expect(html).toContain(`<li class="change">${noteIn('español')}: <del>${message('es', 'history.empty')}</del> → <ins><span lang="es">Doce funcionarios capacitados; el segundo curso empieza en marzo.</span></ins></li>`);
    expect(html).toContain(`<li class="change">${noteIn('portugués')}: <del>${message('es', 'history.empty')}</del> → <ins><span lang="pt">Doze funcionários capacitados.</span></ins></li>`);
    expect(html).toContain(`<li class="change">${noteIn('español')}: ${message('es', 'content.markedOutdated')}</li>`);
    expect(html).not.toContain('[object Object]');
    // A Spanish reader who cannot edit (the Director General of Peru) reads the same text without either.
    const reader = await page(await as('dg-pe'), ID);
    expect(reader).toContain('<p><span>Doce funcionarios capacitados; el segundo curso empieza en marzo.</span></p>');
    expect(reader).not.toContain('class="outdated"');
    expect(reader).not.toContain(message('es', 'content.reviewTitle'));

    // The button carries the version the page showed: a stale one is refused and changes nothing.
    const version = String(m.version);
    const stale = await gt.post(`/milestones/${ID}/translations/confirm`, { field: 'note', lang: 'es', version: String(m.version - 1) });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain(message('es', 'conflict.title'));
    expect((await stored(ID)).translations?.note?.texts.es?.outdated).toBe(true);
    // Bad input: an unknown field or language, the original's language, no version.
    for (const bad of [{ field: 'owner', lang: 'es', version }, { field: 'note', lang: 'de', version }, { field: 'note', lang: 'en', version }, { field: 'note', lang: 'es', version: 'x' }]) {
      expect((await gt.post(`/milestones/${ID}/translations/confirm`, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await stored(ID)).version).toBe(m.version);

    const ok = await gt.post(`/milestones/${ID}/translations/confirm`, { field: 'note', lang: 'es', version });
    expect(ok.status).toBe(303);
    const after = await stored(ID);
    expect(after.translations?.note?.texts).toEqual({ es: { text: 'Doce funcionarios capacitados; el segundo curso empieza en marzo.' }, pt: { text: 'Doze funcionários capacitados.', outdated: true } });
    expect(after.note).toBe('Fourteen officers trained; the second course starts in March.');
    expect(after.version).toBe(m.version + 1);
    expect(await page(gt, ID)).toContain(`<li class="change">${message('es', 'content.changeIn', { field: 'Nota', language: 'español' })}: ${message('es', 'content.confirmedCorrect')}</li>`);
  });

  it('a focal point may not confirm a title translation; the form\'s "still correct" box confirms one; an emptied input removes it', async () => {
    const admin = await as('admin');
    // The title's original changes (the edit form): its translations are to review.
    const edit = await admin.get(`/milestones/${ID}/edit`);
    const editFields = fieldsOf(await edit.text(), '<form class="edit"');
    expect((await admin.post(`/milestones/${ID}/edit`, { ...editFields, title: 'Targeting centre staff trained on the WCO Risk Management Compendium (2 courses)' })).status).toBe(303);
    const m = await stored(ID);
    expect(m.translations?.title?.texts.es?.outdated).toBe(true);

    const gt = await as('focal-gt');
    const html = await page(gt, ID);
    expect(html).not.toContain(message('es', 'content.confirmButton', { field: 'Título', language: 'español' }));
    expect((await gt.post(`/milestones/${ID}/translations/confirm`, { field: 'title', lang: 'es', version: String(m.version) })).status).toBe(403);
    expect((await stored(ID)).version).toBe(m.version);

    // The report form: the Portuguese translation to review has a box; ticking it confirms it.
    const form = await reportForm(gt, ID);
    expect(form['note.pt.confirm']).toBeUndefined();
    expect(await page(gt, ID)).toContain(`<label for="f-note.pt.confirm">${message('es', 'content.confirm', { language: 'portugués' })}</label>`);
    expect((await gt.post(`/milestones/${ID}`, { ...form, 'note.pt.confirm': 'on' })).status).toBe(303);
    expect((await stored(ID)).translations?.note?.texts.pt).toEqual({ text: 'Doze funcionários capacitados.' });

    // Emptying a translation's input removes it; the original stays.
    const again = await reportForm(gt, ID);
    expect((await gt.post(`/milestones/${ID}`, { ...again, 'note.pt': '' })).status).toBe(303);
    const after = await stored(ID);
    expect(after.translations?.note?.texts.pt).toBeUndefined();
    expect(after.note).toBe('Fourteen officers trained; the second course starts in March.');
  });
});

describe('title and description translations on the milestone edit form', () => {
  const ID = 'ams-rm-current.m04'; // owned by Brazil; title in en, es, pt, fr; no description
  const editForm = async (v: Visitor) => {
    const res = await v.get(`/milestones/${ID}/edit`);
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, fields: fieldsOf(html, '<form class="edit"') };
  };

  it('a Spanish co-coordinator edits the Spanish title, sees the original among the others, and adds a description translation', async () => {
    const pe = await as('coord-pe');
    const { html, fields } = await editForm(pe);
    expect(fields).toMatchObject({
      title: 'Operación conjunta de control dirigido: reunión de planificación', 'title.lang': 'es',
      'title.en': 'Joint targeted control operation: planning meeting', 'title.pt': 'Operação conjunta de controle direcionado: reunião de planejamento',
      // No description yet: what the Spanish reader writes in the main input is the original, in Spanish.
      description: '', 'description.lang': 'es',
    });
    expect(html).toContain(message('es', 'content.translationIn', { language: 'español' }));
    expect(html).toMatch(/<input type="text" id="f-title\.en" name="title\.en" lang="en"/);
    // The original (Spanish, the writer's) in the main input, an English translation beside it.
    const res = await pe.post(`/milestones/${ID}/edit`, {
      ...fields,
      description: 'Reunión de planificación de las administraciones que participan en la operación conjunta.',
      'description.en': 'Planning meeting of the administrations taking part in the joint operation.',
      'title.fr': 'Opération conjointe de contrôle ciblé : réunion de préparation',
    });
    expect(res.status).toBe(303);
    const m = await stored(ID);
    expect(m.title).toBe('Joint targeted control operation: planning meeting');
    expect(m.description).toBe('Reunión de planificación de las administraciones que participan en la operación conjunta.');
    expect(m.translations?.description).toEqual({ lang: 'es', texts: { en: { text: 'Planning meeting of the administrations taking part in the joint operation.' } } });
    expect(m.translations?.title?.texts.fr).toEqual({ text: 'Opération conjointe de contrôle ciblé : réunion de préparation' });
    expect(m.translations?.title?.texts.es).toEqual({ text: 'Operación conjunta de control dirigido: reunión de planificación' });
  });

  it('an emptied original title is refused beside its input; a stale form gets the conflict notice; neither changes anything', async () => {
    const pe = await as('coord-pe');
    const { fields } = await editForm(pe);
    const before = await stored(ID);
    const empty = await pe.post(`/milestones/${ID}/edit`, { ...fields, 'title.en': '' });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toMatch(/<span class="err" id="e-title\.en">[^<]+<\/span><input type="text" id="f-title\.en" name="title\.en"/);
    expect(html).toContain(`<a href="#f-title.en">${message('es', 'content.titleIn', { language: 'inglés' })}: `);
    const stale = await pe.post(`/milestones/${ID}/edit`, { ...fields, version: String(before.version - 1), 'title.pt': 'Operação conjunta: reunião de planejamento' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain(message('es', 'form.conflictBody'));
    expect(await stored(ID)).toEqual(before);
  });

  it('is not open to a focal point, even of the owner', async () => {
    const br = await as('focal-br');
    expect((await br.get(`/milestones/${ID}/edit`)).status).toBe(403);
    const before = await stored(ID);
    expect((await br.post(`/milestones/${ID}/edit`, { version: String(before.version), title: 'x', 'title.pt': 'Reunião' })).status).toBe(403);
    expect(await stored(ID)).toEqual(before);
  });
});

describe('a milestone title in the reader\'s language wherever the page names it', () => {
  it('page title, breadcrumb and the Update button\'s name read the translation; the history says the original\'s language', async () => {
    const pe = await as('coord-pe');
    const html = await page(pe, 'ams-rm-current.m05');
    const spanish = 'Perfiles de riesgo compartidos a través del intercambio regional de información';
    expect(html).toContain(`<title>${spanish} · `);
    expect(html).toContain(`<li aria-current="page">${spanish}</li>`);
    const home = await (await pe.get('/')).text();
    expect(home).not.toContain(message('es', 'ms.updateNamed', { title: 'Risk profiles shared through the regional information exchange' }));
    const plan = await (await pe.get('/plans/ams-rm-current')).text();
    expect(plan).toContain(`aria-label="${message('es', 'ms.updateNamed', { title: spanish })}"`);
    // An original's text in the history carries its language on a page of another.
    const gt = await as('focal-gt');
    expect(await page(gt, 'ams-rm-current.m03')).toMatch(/<li class="change">Nota: <del lang="en">[^<]+<\/del> → <ins lang="en">Fourteen officers trained/);
  });
});

describe('the milestone page names its plan in the reader\'s language', () => {
  it('in the breadcrumb and the "Action plan" row', async () => {
    const spanish = escape(PLAN_TEXTS['ams-rm-current']!.title!.texts.es!.text);
    const html = await page(await as('coord-pe'), 'ams-rm-current.m07');
    expect(html).toContain(`<nav aria-label`);
    expect(html.split(`<a href="/plans/ams-rm-current">${spanish}</a>`).length - 1).toBe(2);
    expect(html).toContain(`<dt>${message('es', 'ms.plan')}</dt><dd><a href="/plans/ams-rm-current">${spanish}</a></dd>`);
    // An English reader gets the original.
    const en = await page(await as('focal-jm'), 'ams-rm-current.m06');
    expect(en).not.toContain(spanish);
    expect(en).toContain('<a href="/plans/ams-rm-current">Current action plan');
  });
});

describe('the language of a note', () => {
  const ID = 'ams-rm-current.m07'; // owned by Mexico, no note yet; coord-pe (Spanish) reports on it as a co-coordinator

  it('the first note a Spanish writer gives is Spanish: the form says so, the original is Spanish', async () => {
    const pe = await as('coord-pe');
    const html = await page(pe, ID);
    const form = fieldsOf(html, '<form class="update"');
    expect(form).toMatchObject({ note: '', 'note.lang': 'es' });
    expect(html).toContain(message('es', 'content.originalIn', { language: 'español' }));
    expect(html).not.toContain(message('es', 'content.translationIn', { language: 'español' }));
    expect((await pe.post(`/milestones/${ID}`, { ...form, note: 'Comité instalado por resolución del 3 de marzo.' })).status).toBe(303);
    const m = await stored(ID);
    expect(m.note).toBe('Comité instalado por resolución del 3 de marzo.');
    expect(m.translations?.note).toEqual({ lang: 'es', texts: {} });
  });

  it('an English reader sees the Spanish note marked as such, with lang="es"', async () => {
    const html = await page(await as('admin'), ID);
    expect(html).toContain(`<span lang="es">Comité instalado por resolución del 3 de marzo.</span> <span class="untranslated">(${message('en', 'content.untranslated', { language: 'Spanish' })})</span>`);
  });

  it('a note emptied and written again by a Spanish writer is Spanish again; the old one\'s translation stays, to review', async () => {
    const admin = await as('admin');
    const adminForm = await reportForm(admin, ID);
    expect(adminForm['note.lang']).toBe('es');
    expect((await admin.post(`/milestones/${ID}`, { ...adminForm, 'note.en': 'Committee set up by a resolution of 3 March.' })).status).toBe(303);
    const pe = await as('coord-pe');
    expect((await pe.post(`/milestones/${ID}`, { ...(await reportForm(pe, ID)), note: '' })).status).toBe(303);
    expect((await stored(ID)).note).toBe('');
    const form = await reportForm(pe, ID);
    expect(form['note.lang']).toBe('es');
    expect((await pe.post(`/milestones/${ID}`, { ...form, note: 'Comité instalado; primera sesión en abril.' })).status).toBe(303);
    const m = await stored(ID);
    expect(m.note).toBe('Comité instalado; primera sesión en abril.');
    expect(m.translations?.note).toEqual({ lang: 'es', texts: { en: { text: 'Committee set up by a resolution of 3 March.', outdated: true } } });
  });

  it('a milestone a Spanish coordinator adds has Spanish originals', async () => {
    const pe = await as('coord-pe');
    await pe.get('/plans/ams-rm-current/milestones/new');
    const res = await pe.post('/plans/ams-rm-current/milestones', {
      title: 'Taller regional de perfiles de riesgo', description: 'En Lima, con las unidades de riesgo.', ownerAdministrationId: 'PE',
      baselineDueDate: '', dueDate: '2027-06-30', status: 'planned', progress: '0', note: '',
    });
    expect(res.status).toBe(303);
    const ref = /#m-(\d+)$/.exec(res.headers.get('Location') ?? '')?.[1];
    const added = (await store.plans.collection('ams-rm-current')).milestones.find((x) => String(x.milestone.ref) === ref)!.milestone;
    expect(added.title).toBe('Taller regional de perfiles de riesgo');
    expect(added.translations?.title?.lang).toBe('es');
    expect(added.translations?.description?.lang).toBe('es');
  });
});

describe('the strategy\'s matrix ("where the region stands") in the reader\'s language', () => {
  const matrixOf = async (person: string) => {
    const html = await (await (await as(person)).get('/strategies/ams-rm')).text();
    const start = html.indexOf('<section aria-labelledby="matrix">');
    expect(start).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  };
  const hitRate = (l: Language) => RESULT_TEXTS['hit-rate']!.title!.texts[l]!.text;

  it('gives indicator titles and administration names in Spanish to a Spanish reader', async () => {
    const matrix = await matrixOf('coord-pe');
    expect(matrix).toContain(`<a href="/indicators/ams-rm-current.hit-rate">${escape(hitRate('es'))}</a>`);
    expect(matrix).not.toContain('Hit rate of risk-based selections');
    // Peru's column: its country in the reader's language, and its administration by its Spanish name.
    expect(matrix).toContain(`<abbr title="${escape(`Perú – ${ADMINISTRATION_NAMES.PE!.name}`)}">PE</abbr>`);
  });

  it('names the country in the reader\'s language beside a name held in no language the reader reads; English readers get the English', async () => {
    const fr = await matrixOf('focal-ht');
    expect(fr).toContain(`<a href="/indicators/ams-rm-current.hit-rate">${escape(hitRate('fr'))}</a>`);
    expect(fr).toContain(`<abbr title="${escape(`Pérou – ${ADMINISTRATION_NAMES.PE!.name}`)}">PE</abbr>`);
    const en = await matrixOf('admin');
    expect(en).toContain('<a href="/indicators/ams-rm-current.hit-rate">Hit rate of risk-based selections</a>');
    expect(en).toContain(`<abbr title="${escape(`Peru – ${ADMINISTRATION_NAMES.PE!.translations.name!.texts.en!.text}`)}">PE</abbr>`);
  });

  it('the API\'s matrix keeps its originals and never shows translations as stored', async () => {
    const token = signDevToken(keys, people.find((x) => x.id === 'coord-pe')!, new Date());
    const res = await app.request('/api/v1/strategies/ams-rm/results', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('"title":"Hit rate of risk-based selections"');
    expect(body).not.toContain('translations');
  });
});
