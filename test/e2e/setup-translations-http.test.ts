/**
 * Administration and donor names in several languages on the secretariat's set-up forms (issue 14),
 * over HTTP in process against DynamoDB Local with the demo world: the edit form holds the name in
 * the reader's language with the others beside it; a translation added is read in its language on
 * the lists, others get the original marked with its lang; a new administration's name is its
 * language's original, a new donor's the writer's; a changed original marks translations to review
 * until confirmed; bad input, a stale form and anyone but the secretariat change nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/i18n/index.ts';
import { editForm, fieldError, fieldsOf, message, pageText } from './support/forms.ts';
import { Visitor } from './support/visitor.ts';
import { webWorldOfFile } from './support/web-world.ts';

const SITE = 'http://tracker.test';
const world = webWorldOfFile(SITE);

const as = (person: string, lang?: Language) => Visitor.signedIn(world().app, SITE, person, lang);
const page = pageText;
const donor = async (id: string) => (await world().store.donors.get(id))!;
const administration = async (id: string) => (await world().store.administrations.get(id))!;

describe('a donor\'s name', () => {
  it('is edited as its reader reads it, every other language beside it with its lang', async () => {
    const jica = await donor('jica');
    const en = await page(await as('admin'), '/setup/donors/jica');
    expect(fieldsOf(en, '<form class="edit"')).toMatchObject({
      name: jica.name, 'name.lang': 'en', 'name.es': jica.translations!.name!.texts.es!.text, 'name.pt': jica.translations!.name!.texts.pt!.text, 'name.fr': jica.translations!.name!.texts.fr!.text,
    });
    expect(en).toContain(message('en', 'content.originalIn', { language: 'English' }));
    expect(en).toMatch(/<input type="text" id="f-name\.pt" name="name\.pt" lang="pt"/);
    // In Portuguese: the page's title and the main input are the Portuguese name; English is the original beside it.
    const pt = await page(await as('admin', 'pt'), '/setup/donors/jica');
    expect(pt).toContain('<h1>Agência de Cooperação Internacional do Japão (JICA)</h1>');
    expect(fieldsOf(pt, '<form class="edit"')).toMatchObject({ name: 'Agência de Cooperação Internacional do Japão (JICA)', 'name.lang': 'pt', 'name.en': jica.name });
    expect(pt).toContain(`<label for="f-name.en">${message('pt', 'content.nameIn', { language: 'inglês' })} (original)</label>`);
  });

  it('a new donor\'s name is in its writer\'s language; a translation added is read in that language, others get the original marked', async () => {
    const es = await as('admin', 'es');
    await page(es, '/setup/donors/new');
    const created = await es.post('/setup/donors/new', { id: 'aecid', name: 'Agencia Española de Cooperación Internacional para el Desarrollo (AECID)', organisationType: '10', iatiRef: '' });
    expect(created.status).toBe(303);
    expect((await donor('aecid')).translations?.name).toEqual({ lang: 'es', texts: {} });

    const en = await as('admin');
    const form = await editForm(en, '/setup/donors/aecid');
    expect(form).toMatchObject({ name: 'Agencia Española de Cooperación Internacional para el Desarrollo (AECID)', 'name.lang': 'es', 'name.en': '' });
    const saved = await en.post('/setup/donors/aecid', { ...form, 'name.en': 'Spanish Agency for International Development Cooperation (AECID)' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe('/setup/donors/aecid?saved#done');
    const after = await donor('aecid');
    expect(after.name).toBe('Agencia Española de Cooperación Internacional para el Desarrollo (AECID)');
    expect(after.translations?.name).toEqual({ lang: 'es', texts: { en: { text: 'Spanish Agency for International Development Cooperation (AECID)' } } });

    expect(await page(en, '/setup/donors')).toContain('<a href="/setup/donors/aecid">Spanish Agency for International Development Cooperation (AECID)</a>');
    // A French reader gets the Spanish original, said to be one, with its lang.
    const fr = await page(await as('admin', 'fr'), '/setup/donors');
    expect(fr).toContain(`<a href="/setup/donors/aecid" lang="es">Agencia Española de Cooperación Internacional para el Desarrollo (AECID)</a> <span class="untranslated">(${message('fr', 'content.untranslated', { language: 'espagnol' })})</span>`);
  });

  it.each([
    ['the name emptied', { name: '' }, 'name', 'form.err.required'],
    ['the name over 200 characters', { name: 'x'.repeat(201) }, 'name', 'form.err.too_big'],
    ['a translation over 200 characters', { 'name.fr': 'x'.repeat(201) }, 'name.fr', 'form.err.too_big'],
  ] as const)('%s: the form again with the error beside its input in the reader\'s language, nothing changed', async (_, change, field, key) => {
    const pt = await as('admin', 'pt');
    const form = await editForm(pt, '/setup/donors/jica');
    const before = await donor('jica');
    const response = await pt.post('/setup/donors/jica', { ...form, ...change });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(fieldError(html, field)).toBe(message('pt', key, { limit: '200' }));
    expect(fieldsOf(html, '<form class="edit"')[field]).toBe(Object.values(change)[0]);
    expect(await donor('jica')).toEqual(before);
  });

  /**
   * A Portuguese reader's form of donor `id` made stale by an English reader's change (`theirs`),
   * then sent with `mine`: the conflict page, in Portuguese, having changed nothing.
   */
  async function staleEdit(id: string, theirs: Record<string, string>, mine: Record<string, string>) {
    const pt = await as('admin', 'pt');
    const form = await editForm(pt, `/setup/donors/${id}`);
    const en = await as('admin');
    expect((await en.post(`/setup/donors/${id}`, { ...(await editForm(en, `/setup/donors/${id}`)), ...theirs })).status).toBe(303);
    const before = await donor(id);
    const stale = await pt.post(`/setup/donors/${id}`, { ...form, ...mine });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain(message('pt', 'setup.conflictTitle'));
    expect(await donor(id)).toEqual(before);
    return { pt, html, before };
  }

  it('a stale form gets the conflict page with the other change shown and changes nothing; sent again, it goes through', async () => {
    const { pt, html, before } = await staleEdit('idb', { 'name.es': 'Banco Interamericano de Desarrollo (BID) – Grupo BID' }, { 'name.fr': 'Banque interaméricaine de développement (BID), Groupe BID' });
    expect(html).not.toContain(message('pt', 'setup.conflictBoth', { fields: '' }).slice(0, -1));
    // The other person's Spanish is there now, this person's French kept.
    const resend = fieldsOf(html, '<form class="edit"');
    expect(resend).toMatchObject({ 'name.es': 'Banco Interamericano de Desarrollo (BID) – Grupo BID', 'name.fr': 'Banque interaméricaine de développement (BID), Groupe BID', version: String(before.version) });
    expect((await pt.post('/setup/donors/idb', resend)).status).toBe(303);
    expect((await donor('idb')).translations?.name?.texts).toMatchObject({
      es: { text: 'Banco Interamericano de Desarrollo (BID) – Grupo BID' }, fr: { text: 'Banque interaméricaine de développement (BID), Groupe BID' },
    });
  });

  it('after a conflict, a translation both people changed is named as such, this person\'s entry kept', async () => {
    const { html } = await staleEdit('ccf-japan', { 'name.fr': 'Fonds de coopération douanière du Japon' }, { 'name.fr': 'Fonds japonais de coopération douanière (CCF-Japon)' });
    expect(html).toContain(message('pt', 'setup.conflictBoth', { fields: message('pt', 'content.nameIn', { language: 'francês' }) }));
    expect(fieldsOf(html, '<form class="edit"')['name.fr']).toBe('Fonds japonais de coopération douanière (CCF-Japon)');
  });
});

describe('an administration\'s name', () => {
  it('a new administration\'s name is the original in its own language, whoever writes it', async () => {
    const en = await as('admin');
    await page(en, '/setup/administrations/new');
    const created = await en.post('/setup/administrations/new', {
      id: 'sv', name: 'Dirección General de Aduanas de El Salvador (DGA)', language: 'es', timeZone: 'America/El_Salvador', 'directorGeneral.name': '', 'directorGeneral.email': '', digestFrequency: 'monthly',
    });
    expect(created.status).toBe(303);
    expect(await administration('SV')).toMatchObject({ name: 'Dirección General de Aduanas de El Salvador (DGA)', translations: { name: { lang: 'es', texts: {} } } });
    // The English reader is told the name is not yet in English.
    expect(await page(en, '/setup/administrations')).toContain(`<a href="/setup/administrations/SV" lang="es">Dirección General de Aduanas de El Salvador (DGA)</a> <span class="untranslated">(${message('en', 'content.untranslated', { language: 'Spanish' })})</span>`);
  });

  it('Brazil\'s Portuguese original changed marks its English name to review; the "still correct" box clears it', async () => {
    const pt = await as('admin', 'pt');
    const form = await editForm(pt, '/setup/administrations/BR');
    expect(form).toMatchObject({ name: 'Receita Federal do Brasil – Aduana', 'name.lang': 'pt', 'name.en': 'Brazil Federal Revenue – Customs' });
    expect((await pt.post('/setup/administrations/BR', { ...form, name: 'Receita Federal do Brasil – Aduana (RFB)' })).status).toBe(303);
    expect((await administration('BR')).translations?.name).toEqual({ lang: 'pt', texts: { en: { text: 'Brazil Federal Revenue – Customs', outdated: true } } });

    const en = await as('admin');
    const html = await page(en, '/setup/administrations/BR');
    expect(html).toContain(message('en', 'content.mainOutdated', { language: 'English' }));
    const again = fieldsOf(html, '<form class="edit"');
    expect(again).toMatchObject({ name: 'Brazil Federal Revenue – Customs', 'name.lang': 'en', 'name.pt': 'Receita Federal do Brasil – Aduana (RFB)' });
    expect((await en.post('/setup/administrations/BR', { ...again, 'name.en.confirm': 'on' })).status).toBe(303);
    const after = await administration('BR');
    expect(after.translations?.name).toEqual({ lang: 'pt', texts: { en: { text: 'Brazil Federal Revenue – Customs' } } });
    expect(after.name).toBe('Receita Federal do Brasil – Aduana (RFB)');
  });

  it('a translation in Spanish added from a Spanish page is read by Spanish readers; the original Portuguese stays', async () => {
    const es = await as('admin', 'es');
    const form = await editForm(es, '/setup/administrations/BR');
    expect(form).toMatchObject({ name: 'Receita Federal do Brasil – Aduana (RFB)', 'name.lang': 'pt', 'name.es': '' });
    expect((await es.post('/setup/administrations/BR', { ...form, 'name.es': 'Receita Federal de Brasil – Aduana (RFB)' })).status).toBe(303);
    expect((await administration('BR')).name).toBe('Receita Federal do Brasil – Aduana (RFB)');
    expect(await page(es, '/setup/administrations')).toContain('<a href="/setup/administrations/BR">Receita Federal de Brasil – Aduana (RFB)</a>');
  });
});

describe('who may edit names', () => {
  it.each(['coord-pe', 'focal-br', 'donor-jica', 'dg-br'])('%s gets 403 on the edit forms and their POSTs, which change nothing', async (person) => {
    const [jica, br] = [await editForm(await as('admin'), '/setup/donors/jica'), await editForm(await as('admin'), '/setup/administrations/BR')];
    const before = [await donor('jica'), await administration('BR')];
    const v = await as(person);
    expect((await v.get('/setup/donors/jica')).status).toBe(403);
    expect((await v.get('/setup/administrations/BR')).status).toBe(403);
    expect((await v.post('/setup/donors/jica', { ...jica, _csrf: v.csrf, 'name.fr': 'Piraté' })).status).toBe(403);
    expect((await v.post('/setup/administrations/BR', { ...br, _csrf: v.csrf, 'name.fr': 'Piraté' })).status).toBe(403);
    expect([await donor('jica'), await administration('BR')]).toEqual(before);
  });
});
