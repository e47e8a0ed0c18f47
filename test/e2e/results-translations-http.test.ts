/**
 * Translations in the results framework's forms (issue 14), over HTTP in process against DynamoDB
 * Local with the demo world: the indicator and result edit forms show the title, description and
 * definition in the reader's language with every other language beside them; a new one is in its
 * writer's language; a translation added is read in its language, others get the original marked;
 * a changed original marks translations to review until confirmed; bad input, a stale form and
 * someone who may not define the framework change nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/i18n/index.ts';
import { editForm, fieldError, fieldsOf, message, pageText } from './support/forms.ts';
import { Visitor } from './support/visitor.ts';
import { webWorldOfFile } from './support/web-world.ts';

const SITE = 'http://tracker.test';
const PLAN = 'ams-rm-current';
const TRAINED = `${PLAN}.trained`; // title and definition in en (original), es, pt and fr
const CAPACITY = `${PLAN}.capacity`; // a result: title and description in four languages
const world = webWorldOfFile(SITE);

const as = (person: string, lang?: Language) => Visitor.signedIn(world().app, SITE, person, lang);
const page = pageText;
const indicator = async (id: string) => (await world().store.results.framework(PLAN)).indicators.find((i) => i.id === id)!;
const result = async (id: string) => (await world().store.results.framework(PLAN)).results.find((r) => r.id === id)!;

describe('the indicator edit form', () => {
  it('holds the title and definition as its reader reads them, every other language beside them with its lang', async () => {
    const stored = await indicator(TRAINED);
    const pe = await as('coord-pe'); // a Spanish reader
    const html = await page(pe, `/indicators/${TRAINED}/edit`);
    expect(fieldsOf(html, '<form class="edit"')).toMatchObject({
      title: stored.translations!.title!.texts.es!.text, 'title.lang': 'es', 'title.en': stored.title, 'title.pt': stored.translations!.title!.texts.pt!.text,
      definition: stored.translations!.definition!.texts.es!.text, 'definition.lang': 'es', 'definition.en': stored.definition,
    });
    // The main input says it holds a translation; the original is among the others, marked.
    expect(html).toContain(message('es', 'content.translationIn', { language: 'español' }));
    expect(html).toContain(`<label for="f-title.en">${message('es', 'content.titleIn', { language: 'inglés' })} (original)</label>`);
    expect(html).toMatch(/<textarea id="f-definition\.pt" name="definition\.pt" lang="pt"/);
    expect(html).toContain(`<legend>${message('es', 'content.translationsOf', { field: 'Definición' })}</legend>`);
    // An English reader edits the original itself.
    const admin = await editForm(await as('admin'), `/indicators/${TRAINED}/edit`);
    expect(admin).toMatchObject({ title: stored.title, 'title.lang': 'en', 'title.es': stored.translations!.title!.texts.es!.text });
  });

  let created: string;
  it('a new indicator is in its writer\'s language; a translation added on edit is read in that language, others get the original marked', async () => {
    const pe = await as('coord-pe');
    const form = fieldsOf(await page(pe, `/plans/${PLAN}/indicators/new?result=${encodeURIComponent(CAPACITY)}`), '<form class="edit"');
    const added = await pe.post(`/plans/${PLAN}/indicators`, { ...form, title: 'Asesores regionales certificados', definition: 'Aprobaron el examen regional.' });
    expect(added.status).toBe(303);
    const fresh = (await world().store.results.framework(PLAN)).indicators.find((i) => i.title === 'Asesores regionales certificados')!;
    created = fresh.id;
    expect(fresh.translations?.title?.lang).toBe('es');
    expect(fresh.translations?.definition?.lang).toBe('es');

    // The secretariat, reading English, finds the Spanish original in the main input and adds Portuguese.
    const admin = await as('admin');
    const edit = await editForm(admin, `/indicators/${created}/edit`);
    expect(edit).toMatchObject({ title: 'Asesores regionales certificados', 'title.lang': 'es', 'title.pt': '', 'title.en': '' });
    const saved = await admin.post(`/indicators/${created}/edit`, { ...edit, 'title.pt': 'Assessores regionais certificados' });
    expect(saved.status).toBe(303);
    const after = await indicator(created);
    expect(after.title).toBe('Asesores regionales certificados');
    expect(after.translations?.title).toEqual({ lang: 'es', texts: { pt: { text: 'Assessores regionais certificados' } } });
    expect(after.version).toBe(fresh.version + 1);

    expect(await page(await as('admin', 'pt'), `/indicators/${created}`)).toContain('<h1><span>Assessores regionais certificados</span></h1>');
    // A French reader gets the Spanish original, said to be one, with its lang.
    const fr = await page(await as('admin', 'fr'), `/indicators/${created}`);
    expect(fr).toContain(`<h1><span lang="es">Asesores regionales certificados</span> <span class="untranslated">(${message('fr', 'content.untranslated', { language: 'espagnol' })})</span></h1>`);
  });

  it('editing the original marks its translations to review; the "still correct" box clears the mark', async () => {
    const pe = await as('coord-pe');
    const form = await editForm(pe, `/indicators/${created}/edit`);
    expect((await pe.post(`/indicators/${created}/edit`, { ...form, title: 'Asesores regionales certificados por la OMA' })).status).toBe(303);
    const changed = await indicator(created);
    expect(changed.translations?.title?.texts.pt).toEqual({ text: 'Assessores regionais certificados', outdated: true });

    const br = await as('admin', 'pt');
    const html = await page(br, `/indicators/${created}/edit`);
    expect(html).toContain(message('pt', 'content.mainOutdated', { language: 'português' }));
    expect(html).toContain('<details class="translations" open="" id="tr-title">');
    const again = fieldsOf(html, '<form class="edit"');
    expect(again).toMatchObject({ title: 'Assessores regionais certificados', 'title.lang': 'pt' });
    expect(again['title.pt.confirm']).toBeUndefined();
    // Saved without the box ticked, the mark stays; ticked, it goes and the text stays.
    expect((await br.post(`/indicators/${created}/edit`, again)).status).toBe(303);
    expect((await indicator(created)).translations?.title?.texts.pt?.outdated).toBe(true);
    const confirm = fieldsOf(await page(br, `/indicators/${created}/edit`), '<form class="edit"');
    expect((await br.post(`/indicators/${created}/edit`, { ...confirm, 'title.pt.confirm': 'on' })).status).toBe(303);
    const confirmed = await indicator(created);
    expect(confirmed.translations?.title?.texts.pt).toEqual({ text: 'Assessores regionais certificados' });
    expect(confirmed.title).toBe('Asesores regionales certificados por la OMA');
  });

  it.each([
    ['the title emptied', { title: '' }, 'title', 'form.err.required'],
    ['the title over 300 characters', { title: 'x'.repeat(301) }, 'title', 'form.err.too_big'],
    ['a translation over 300 characters', { 'title.fr': 'x'.repeat(301) }, 'title.fr', 'form.err.too_big'],
    ['a definition translation over 5,000 characters', { 'definition.pt': 'x'.repeat(5001) }, 'definition.pt', 'form.err.too_big'],
  ] as const)('%s: the form again with the error beside its input in the reader\'s language, nothing changed', async (_, change, field, key) => {
    const pe = await as('coord-pe');
    const form = await editForm(pe, `/indicators/${TRAINED}/edit`);
    const before = await indicator(TRAINED);
    const response = await pe.post(`/indicators/${TRAINED}/edit`, { ...form, ...change });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(fieldError(html, field)).toBe(message('es', key, { limit: field.startsWith('definition') ? '5000' : '300' }));
    // What was typed is kept.
    expect(fieldsOf(html, '<form class="edit"')[field]).toBe(Object.values(change)[0]);
    expect(await indicator(TRAINED)).toEqual(before);
  });

  it('a stale form gets the conflict page and changes nothing; sent again from it, it goes through', async () => {
    const pe = await as('coord-pe');
    const form = await editForm(pe, `/indicators/${TRAINED}/edit`);
    const admin = await as('admin');
    expect((await admin.post(`/indicators/${TRAINED}/edit`, { ...(await editForm(admin, `/indicators/${TRAINED}/edit`)), unit: 'officers' })).status).toBe(303);
    const before = await indicator(TRAINED);
    const stale = await pe.post(`/indicators/${TRAINED}/edit`, { ...form, 'title.fr': 'Agents formés au Recueil de l\'OMD (2 cours)' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain(message('es', 'conflict.title'));
    expect(await indicator(TRAINED)).toEqual(before);
    const resend = fieldsOf(html, '<form class="edit"');
    expect(resend['title.fr']).toBe('Agents formés au Recueil de l\'OMD (2 cours)');
    expect((await pe.post(`/indicators/${TRAINED}/edit`, resend)).status).toBe(303);
    expect((await indicator(TRAINED)).translations?.title?.texts.fr?.text).toBe('Agents formés au Recueil de l\'OMD (2 cours)');
  });
});

describe('the result edit form', () => {
  it('adds and removes a description translation; emptying the original description empties it in its own language', async () => {
    const admin = await as('admin');
    // Title translated, no description: the secretariat writes the English one first (a text written
    // where there was none is an original in its writer's language).
    const blank = await result(`${PLAN}.exchange`);
    expect(blank.description).toBe('');
    expect((await admin.post(`/results/${blank.id}/edit`, { ...(await editForm(admin, `/results/${blank.id}/edit`)), description: 'Profiles and alerts shared between administrations.' })).status).toBe(303);
    const before = await result(blank.id);
    expect(before.description).toBe('Profiles and alerts shared between administrations.');
    expect(before.translations?.description?.texts ?? {}).toEqual({});
    const form = await editForm(admin, `/results/${before.id}/edit`);
    expect(form).toMatchObject({ title: before.title, description: before.description, 'description.lang': 'en', 'description.es': '' });
    expect((await admin.post(`/results/${before.id}/edit`, { ...form, 'description.es': 'Perfiles y alertas compartidos entre administraciones.' })).status).toBe(303);
    expect((await result(before.id)).translations?.description).toEqual({ lang: 'en', texts: { es: { text: 'Perfiles y alertas compartidos entre administraciones.' } } });
    // A Spanish reader's form holds it in the main input.
    expect(await editForm(await as('coord-pe'), `/results/${before.id}/edit`)).toMatchObject({ description: 'Perfiles y alertas compartidos entre administraciones.', 'description.lang': 'es' });

    const removed = await editForm(admin, `/results/${before.id}/edit`);
    expect((await admin.post(`/results/${before.id}/edit`, { ...removed, 'description.es': '' })).status).toBe(303);
    expect((await result(before.id)).translations?.description?.texts ?? {}).toEqual({});
    expect((await result(before.id)).description).toBe(before.description);

    const emptied = await editForm(admin, `/results/${before.id}/edit`);
    expect((await admin.post(`/results/${before.id}/edit`, { ...emptied, description: '' })).status).toBe(303);
    expect(await result(before.id)).toMatchObject({ description: '', title: before.title, translations: { title: before.translations!.title } });
  });

  it('a bad title translation comes back beside its input; a stale form is a 409; neither writes', async () => {
    const pe = await as('coord-pe');
    const form = await editForm(pe, `/results/${CAPACITY}/edit`);
    const before = await result(CAPACITY);
    const bad = await pe.post(`/results/${CAPACITY}/edit`, { ...form, 'title.pt': 'x'.repeat(301) });
    expect(bad.status).toBe(400);
    expect(fieldError(await bad.text(), 'title.pt')).toBe(message('es', 'form.err.too_big', { limit: '300' }));
    expect(await result(CAPACITY)).toEqual(before);
    const admin = await as('admin');
    expect((await admin.post(`/results/${CAPACITY}/edit`, { ...(await editForm(admin, `/results/${CAPACITY}/edit`)), type: '2' })).status).toBe(303);
    const changed = await result(CAPACITY);
    expect(changed.version).toBe(before.version + 1);
    const stale = await pe.post(`/results/${CAPACITY}/edit`, { ...form, 'title.fr': 'Agents formés' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain(message('es', 'conflict.title'));
    expect(await result(CAPACITY)).toEqual(changed);
  });
});

describe('who may edit', () => {
  it('a focal point, a donor and a Director General get 403 on the edit forms and on their POSTs, which change nothing', async () => {
    const form = await editForm(await as('admin'), `/indicators/${TRAINED}/edit`);
    const resultForm = await editForm(await as('admin'), `/results/${CAPACITY}/edit`);
    const [indicatorBefore, resultBefore] = [await indicator(TRAINED), await result(CAPACITY)];
    for (const person of ['focal-gt', 'donor-jica', 'dg-pe']) {
      const v = await as(person);
      expect((await v.get(`/indicators/${TRAINED}/edit`)).status, person).toBe(403);
      expect((await v.get(`/results/${CAPACITY}/edit`)).status, person).toBe(403);
      expect((await v.post(`/indicators/${TRAINED}/edit`, { ...form, _csrf: v.csrf, 'title.fr': 'Piraté' })).status, person).toBe(403);
      expect((await v.post(`/results/${CAPACITY}/edit`, { ...resultForm, _csrf: v.csrf, 'title.fr': 'Piraté' })).status, person).toBe(403);
    }
    expect(await indicator(TRAINED)).toEqual(indicatorBefore);
    expect(await result(CAPACITY)).toEqual(resultBefore);
  });
});
