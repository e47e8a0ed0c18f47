/**
 * The secretariat's set-up screens over HTTP, in process (app.request) against DynamoDB Local with
 * the demo world: who may open them, each form's happy path and its refusals (every field error in
 * the reader's language, nothing written), version conflicts, forged requests, the development
 * sign-in of deactivated people, and what each page and change costs in DynamoDB requests.
 */
import { inLanguage } from '../../shared/domain/translations.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../local/seed.ts';
import type { Accounts } from '../../shared/accounts/port.ts';
import { createApp } from '../../shared/app.ts';
import { devSessions, devVerifier, generateDevKeys } from '../../shared/api/identity.ts';
import { createStore, type Store } from '../../shared/store/index.ts';
import { testTables, type TestTables } from '../support/dynamo.ts';
import { Visitor } from './support/visitor.ts';

const SITE = 'http://tracker.test';
let tables: TestTables;
let store: Store;
let app: ReturnType<typeof createApp>;
/** The same world with a sign-in service that is down (invitations fail). */
let broken: ReturnType<typeof createApp>;
const accountCalls: string[] = [];

beforeAll(async () => {
  tables = await testTables();
  store = createStore(tables.doc, tables.tableName);
  await seedDemo(store);
  const keys = generateDevKeys();
  const signIn = { dev: devSessions(keys, (id) => store.people.get(id)) };
  const base = { store, verifier: devVerifier(keys), now: () => new Date(), config: { corsOrigins: [], publicUrl: SITE }, signIn };
  const recording: Accounts = {
    invite: async (p) => void accountCalls.push(`invite ${p.id}`),
    update: async (p) => void accountCalls.push(`update ${p.id}`),
    disable: async (p) => void accountCalls.push(`disable ${p.id}`),
    enable: async (p) => void accountCalls.push(`enable ${p.id}`),
  };
  const down = async () => { throw new Error('Cognito timed out'); };
  app = createApp({ ...base, accounts: recording });
  broken = createApp({ ...base, accounts: { invite: down, update: down, disable: down, enable: down } });
}, 60_000);

afterAll(() => tables?.client.destroy());

const as = (person: string, lang?: string) => Visitor.signedIn(app, SITE, person, lang);
const html = async (response: Response) => response.text();
/** The error shown beside a field (its id is the field's name). */
const fieldError = (page: string, field: string) => new RegExp(`<span class="err" id="e-${field.replace('.', '\\.')}">([^<]*)</span>`).exec(page)?.[1];
const formValue = (page: string, name: string) => new RegExp(`name="${name.replace('.', '\\.')}"[^>]*value="([^"]*)"`).exec(page)?.[1];

const ADMINISTRATION = { id: 'BZ', name: 'Belize Customs and Excise Department', language: 'en', timeZone: 'America/Belize', 'directorGeneral.name': 'Gordon Tillett', 'directorGeneral.email': 'dg-bz@example.org', digestFrequency: 'monthly' };
const DONOR = { id: 'wco-ccf-korea', name: 'WCO Customs Cooperation Fund of Korea (CCF-Korea)', organisationType: '40', iatiRef: 'XM-WCO-KR' };
const PERSON = { name: 'Ximena Quispe', email: 'ximena.quispe@example.org', language: 'es', role: 'focal_point', administrationId: 'PE', donorId: '', id: '' };

describe('who may open the set-up pages', () => {
  const PAGES = [
    '/setup', '/setup/administrations', '/setup/administrations/new', '/setup/administrations/PE', '/setup/donors', '/setup/donors/new', '/setup/donors/jica',
    '/setup/people', '/setup/people/new', '/setup/people/focal-gt', '/setup/people/focal-gt/role', '/setup/people/focal-gt/deactivate',
  ];

  it('the secretariat opens every page', async () => {
    const admin = await as('admin');
    for (const path of PAGES) expect((await admin.get(path)).status, path).toBe(200);
  });

  it.each(['coord-pe', 'focal-gt', 'donor-jica', 'dg-pe'])('%s gets 403 on every page (even their own person page) and no Set-up link', async (person) => {
    const visitor = await as(person);
    for (const path of PAGES) expect((await visitor.get(path)).status, `${person} ${path}`).toBe(403);
    expect(await html(await visitor.get('/'))).not.toContain('href="/setup"');
    // A forged form is refused and writes nothing.
    expect((await visitor.post('/setup/administrations/PE', { version: '1', name: 'Hacked' })).status).toBe(403);
    expect((await visitor.post('/setup/people/new', PERSON)).status).toBe(403);
    expect((await store.administrations.get('PE'))!.name).toBe('Superintendencia Nacional de Aduanas y de Administración Tributaria (SUNAT)');
  });

  it('answer unknown and absurd ids with 404, and malformed bodies with 400, never 500', async () => {
    const admin = await as('admin');
    const long = 'a'.repeat(3000);
    for (const path of [`/setup/administrations/${long}`, `/setup/donors/${long}`, `/setup/people/${long}`, `/setup/people/${long}/role`, '/setup/administrations/ZZ', '/setup/donors/no-such-donor', '/setup/people/nobody']) {
      expect((await admin.get(path)).status, path.slice(0, 40)).toBe(404);
    }
    expect((await admin.post(`/setup/people/${long}/deactivate`, { version: '1' })).status).toBe(404);
    expect((await admin.post(`/setup/donors/${long}`, { version: '1', name: 'x' })).status).toBe(404);
    expect((await admin.raw('/setup/donors/new', '--x\r\nnot multipart', 'multipart/form-data; boundary=zz')).status).toBe(400);
    expect((await admin.raw('/setup/donors/new', '{"id":"x"}', 'application/json')).status).toBe(400);
    expect((await admin.post('/setup/donors/jica', { name: 'JICA', version: 'one' })).status).toBe(400);
    expect((await admin.post('/setup/donors/jica', { name: 'JICA' })).status).toBe(400);
    expect((await store.donors.get('jica'))!.version).toBe(1);
  });
});

describe('what needs set-up', () => {
  it('lists administrations without a digest recipient or anyone to remind, co-coordinators without a coordinator, and invitations never used; the home page counts them', async () => {
    const admin = await as('admin');
    const page = await html(await admin.get('/setup'));
    // Demo world: the Dominican Republic has nobody who receives reminders; Costa Rica and Guatemala
    // co-coordinate the Central America strategy with focal points only.
    const section = (kind: string) => new RegExp(`id="need-${kind}">([^<]*)</h3>[\\s\\S]*?</ul>`).exec(page)?.[0] ?? '';
    expect(section('noReminderRecipient')).toContain('Dominican Republic Customs (DGA)');
    expect(section('noReminderRecipient')).not.toContain('Peru Customs');
    expect(section('noCoordinator')).toContain('Costa Rica National Customs Service');
    expect(section('noCoordinator')).toContain('Guatemala Customs (SAT)');
    expect(section('noCoordinator')).not.toContain('Peru Customs');
    expect(page).not.toContain('id="need-noDigestRecipient"');
    const count = Number(/(\d+) things need set-up/.exec(page)?.[1]);
    expect(count).toBeGreaterThanOrEqual(3);
    const home = await html(await admin.get('/'));
    expect(home).toContain(`${count} things need set-up.`);
    expect(home).toContain('href="/setup#needs"');
  });
});

describe('member administrations', () => {
  it('the secretariat adds one, sees it listed, then edits it with only the changed fields; clearing the Director General leaves no digest recipient', async () => {
    const admin = await as('admin');
    const created = await admin.post('/setup/administrations/new', { ...ADMINISTRATION, id: 'bz' });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe('/setup/administrations/BZ?created#done');
    expect(await store.administrations.get('BZ')).toMatchObject({ name: ADMINISTRATION.name, timeZone: 'America/Belize', directorGeneral: { name: 'Gordon Tillett', email: 'dg-bz@example.org' }, version: 1 });
    const list = await html(await admin.get('/setup/administrations'));
    expect(list).toContain('Belize Customs and Excise Department');
    expect(list).toContain('Belize</span>');

    const form = await html(await admin.get('/setup/administrations/BZ?created'));
    expect(form).toContain('Added');
    expect(form).toMatch(/id="f-id"[^>]*readonly/);
    expect(formValue(form, 'version')).toBe('1');
    const saved = await admin.post('/setup/administrations/BZ', { ...ADMINISTRATION, id: 'XX', digestFrequency: 'weekly', 'directorGeneral.name': '', 'directorGeneral.email': '', version: '1' });
    expect(saved.status).toBe(303);
    const after = (await store.administrations.get('BZ'))!;
    expect(after).toMatchObject({ id: 'BZ', digestFrequency: 'weekly', version: 2 });
    expect(after.directorGeneral ?? null).toBeNull();
    const [event] = (await store.history.list('administration/BZ', { limit: 1 })).items;
    expect(event!.changes.map((ch) => ch.field).sort()).toEqual(['digestFrequency', 'directorGeneral']);
    expect(await html(await admin.get('/setup/administrations'))).toContain('No digest recipient');
    expect(await html(await admin.get('/setup'))).toMatch(/id="need-noDigestRecipient"[\s\S]*Belize Customs/);

    // The same form sent again changes nothing.
    const again = await admin.post('/setup/administrations/BZ', { ...ADMINISTRATION, digestFrequency: 'weekly', 'directorGeneral.name': '', 'directorGeneral.email': '', version: '2' });
    expect(again.headers.get('Location')).toBe('/setup/administrations/BZ?unchanged#done');
    expect((await store.administrations.get('BZ'))!.version).toBe(2);
  });

  it.each([
    ['en', { name: '' }, 'name', 'Fill this in.'],
    ['es', { name: '' }, 'name', 'Complete este campo.'],
    ['en', { name: 'x'.repeat(201) }, 'name', 'Too long or too large: at most 200.'],
    ['fr', { name: 'x'.repeat(201) }, 'name', 'Trop long ou trop grand : au plus 200.'],
    ['en', { id: 'QQ' }, 'id', 'Enter a two-letter ISO 3166-1 country code in capitals, such as PE.'],
    ['es', { id: 'Peru' }, 'id', 'Indique un código de país ISO 3166-1 de dos letras en mayúsculas, como PE.'],
    ['en', { id: 'PE' }, 'id', 'This identifier is already taken: choose another.'],
    ['pt', { id: 'PE' }, 'id', 'Este identificador já está em uso: escolha outro.'],
    ['en', { timeZone: 'America/Atlantis' }, 'timeZone', 'Enter an IANA time zone, such as America/Lima.'],
    ['es', { timeZone: 'Lima' }, 'timeZone', 'Indique una zona horaria IANA, como America/Lima.'],
    ['en', { 'directorGeneral.email': '' }, 'directorGeneral.email', 'Give both the Director General’s name and email address, or leave both empty.'],
    ['es', { 'directorGeneral.name': '' }, 'directorGeneral.name', 'Indique el nombre y el correo electrónico del Director/a General, o deje ambos vacíos.'],
    ['en', { 'directorGeneral.email': 'not-an-address' }, 'directorGeneral.email', 'Enter an email address such as name@example.org.'],
    ['en', { language: 'de' }, 'language', 'Choose one of the options.'],
    ['fr', { digestFrequency: 'daily' }, 'digestFrequency', 'Choisissez l’une des options.'],
  ] as const)('a new one (%s) with %o: the error beside %s, 400, nothing written', async (lang, change, field, message) => {
    const admin = await as('admin', lang);
    const fields = { ...ADMINISTRATION, id: 'SV', name: 'El Salvador Customs (DGA)', ...change };
    const before = await store.administrations.get(fields.id.toUpperCase());
    const response = await admin.post('/setup/administrations/new', fields);
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(fieldError(page, field)).toBe(message);
    // Every entry is kept for the next try.
    if (!('name' in change)) expect(formValue(page, 'name')).toBe('El Salvador Customs (DGA)');
    expect(await store.administrations.get(fields.id.toUpperCase())).toEqual(before);
    expect(await store.administrations.get('SV')).toBeUndefined();
  });

  it('shows every field error at once', async () => {
    const admin = await as('admin');
    const response = await admin.post('/setup/administrations/new', { id: '', name: '', language: '', timeZone: 'Mars/Olympus', 'directorGeneral.name': 'Only a name', 'directorGeneral.email': '', digestFrequency: 'monthly' });
    expect(response.status).toBe(400);
    const page = await html(response);
    for (const field of ['id', 'name', 'language', 'timeZone', 'directorGeneral.email']) expect(fieldError(page, field), field).toBeTruthy();
    expect(page.match(/<li><a href="#f-/g)).toHaveLength(5);
  });

  it('an edit based on a stale version gets 409 with the other change, keeps the entries and writes nothing', async () => {
    const admin = await as('admin', 'es');
    const other = await as('admin');
    const form = await html(await admin.get('/setup/administrations/JM'));
    expect(formValue(form, 'version')).toBe('1');
    const jm = (await store.administrations.get('JM'))!;
    const values = { name: jm.name, language: jm.language, timeZone: jm.timeZone, 'directorGeneral.name': jm.directorGeneral!.name, 'directorGeneral.email': jm.directorGeneral!.email, digestFrequency: jm.digestFrequency };
    expect((await other.post('/setup/administrations/JM', { ...values, digestFrequency: 'monthly', version: '1' })).status).toBe(303);
    const response = await admin.post('/setup/administrations/JM', { ...values, name: 'Jamaica Customs Agency (JCA)', version: '1' });
    expect(response.status).toBe(409);
    const page = await html(response);
    expect(page).toContain('No guardado: otra persona lo modificó antes');
    expect(formValue(page, 'version')).toBe('2');
    expect(formValue(page, 'name')).toBe('Jamaica Customs Agency (JCA)');
    // Their change is shown, not the stale value this form held.
    expect(page).toMatch(/<option value="monthly" selected/);
    expect(await store.administrations.get('JM')).toMatchObject({ name: 'Jamaica Customs Agency', digestFrequency: 'monthly', version: 2 });
    // Sent again as shown, it goes through.
    expect((await admin.post('/setup/administrations/JM', { ...values, digestFrequency: 'monthly', name: 'Jamaica Customs Agency (JCA)', version: '2' })).status).toBe(303);
    expect(await store.administrations.get('JM')).toMatchObject({ name: 'Jamaica Customs Agency (JCA)', digestFrequency: 'monthly', version: 3 });
  });

  it('refuses a forged or foreign form with 400 and writes nothing', async () => {
    const admin = await as('admin');
    const other = await as('coord-pe');
    const fields = { ...ADMINISTRATION, id: 'HN', name: 'Honduras Customs (Aduanas Honduras)' };
    expect((await admin.post('/setup/administrations/new', { ...fields, _csrf: '' })).status).toBe(400);
    expect((await admin.post('/setup/administrations/new', { ...fields, _csrf: other.csrf })).status).toBe(400);
    expect((await admin.post('/setup/administrations/new', fields, { Origin: 'https://evil.example' })).status).toBe(400);
    expect((await admin.post('/setup/administrations/PE', { name: 'Forged', version: '1', _csrf: 'forged' })).status).toBe(400);
    expect(await store.administrations.get('HN')).toBeUndefined();
    expect((await store.administrations.get('PE'))!.version).toBe(1);
  });
});

describe('donors', () => {
  it('the secretariat adds one with its IATI type and reference, then renames it', async () => {
    const admin = await as('admin');
    const form = await html(await admin.get('/setup/donors/new'));
    expect(form).toContain('<option value="40">Multilateral (40)</option>');
    const created = await admin.post('/setup/donors/new', DONOR);
    expect(created.headers.get('Location')).toBe(`/setup/donors/${DONOR.id}?created#done`);
    expect(await store.donors.get(DONOR.id)).toMatchObject({ name: DONOR.name, organisationType: '40', iatiRef: 'XM-WCO-KR', version: 1 });
    expect(await html(await admin.get('/setup/donors'))).toContain(DONOR.name);
    const saved = await admin.post(`/setup/donors/${DONOR.id}`, { ...DONOR, name: 'Customs Cooperation Fund of Korea (CCF-Korea)', version: '1' });
    expect(saved.status).toBe(303);
    expect(await store.donors.get(DONOR.id)).toMatchObject({ name: 'Customs Cooperation Fund of Korea (CCF-Korea)', version: 2 });
  });

  it.each([
    ['en', { id: 'CCF Korea' }, 'id', 'Use lowercase letters, digits and dashes, such as jica or ams-rm-2026.'],
    ['es', { id: '' }, 'id', 'Complete este campo.'],
    ['en', { id: 'jica' }, 'id', 'This identifier is already taken: choose another.'],
    ['fr', { id: 'jica' }, 'id', 'Cet identifiant est déjà pris : choisissez-en un autre.'],
    ['en', { id: 'new' }, 'id', 'This identifier is reserved: choose another.'],
    ['en', { name: '  ' }, 'name', 'Fill this in.'],
    ['pt', { name: 'x'.repeat(201) }, 'name', 'Longo ou grande demais: no máximo 200.'],
    ['en', { organisationType: '99' }, 'organisationType', 'Choose one of the options.'],
    ['en', { iatiRef: 'not an id' }, 'iatiRef', 'Enter an IATI organisation identifier, such as JP-8.'],
    ['es', { iatiRef: '#' }, 'iatiRef', 'Indique un identificador de organización IATI, como JP-8.'],
  ] as const)('a new one (%s) with %o: the error beside %s, 400, nothing written', async (lang, change, field, message) => {
    const admin = await as('admin', lang);
    const fields = { ...DONOR, id: 'koica', name: 'Korea International Cooperation Agency (KOICA)', ...change };
    const before = await store.donors.get(fields.id);
    const response = await admin.post('/setup/donors/new', fields);
    expect(response.status).toBe(400);
    expect(fieldError(await html(response), field)).toBe(message);
    expect(await store.donors.get(fields.id)).toEqual(before);
    expect(await store.donors.get('koica')).toBeUndefined();
  });

  it('an edit from a stale version is a 409 and a bad edit a 400; neither writes', async () => {
    const admin = await as('admin', 'fr');
    const usaid = (await store.donors.get('usaid'))!;
    // The form shows the name in the page's language (French), as a French reader reads it.
    const fields = { name: inLanguage(usaid, ['fr']).name, organisationType: usaid.organisationType, iatiRef: usaid.iatiRef! };
    expect((await admin.post('/setup/donors/usaid', { ...fields, name: '', version: '1' })).status).toBe(400);
    expect((await admin.post('/setup/donors/usaid', { ...fields, iatiRef: 'US-GOV-1 ', name: 'USAID', version: '1' })).status).toBe(303);
    const stale = await admin.post('/setup/donors/usaid', { ...fields, organisationType: '15', version: '1' });
    expect(stale.status).toBe(409);
    const page = await html(stale);
    expect(page).toContain('Non enregistré : quelqu’un d’autre l’a modifié avant vous');
    expect(formValue(page, 'name')).toBe('USAID');
    // The French reader's plain text edits the French name it read; the English original stays.
    expect(await store.donors.get('usaid')).toMatchObject({
      name: 'United States Agency for International Development (USAID)', organisationType: '10', version: 2, translations: { name: { texts: { fr: { text: 'USAID' } } } },
    });
  });
});

describe('people', () => {
  it('the secretariat invites a focal point: recorded with the invitation, listed, offered on the development sign-in, and recorded when they sign in', async () => {
    const admin = await as('admin');
    accountCalls.length = 0;
    const response = await admin.post('/setup/people/new', PERSON);
    expect(response.status).toBe(303);
    const id = /\/setup\/people\/([^?]+)\?invited/.exec(response.headers.get('Location')!)![1]!;
    expect(id).toMatch(/^ximena-quispe-[a-z0-9]{1,4}$/);
    expect(accountCalls).toEqual([`invite ${id}`]);
    const person = (await store.people.get(id))!;
    expect(person).toMatchObject({ name: 'Ximena Quispe', role: 'focal_point', administrationId: 'PE', language: 'es', active: true });
    expect(person.invitedAt).toBeTruthy();
    expect(person.signedInAt).toBeUndefined();
    const page = await html(await admin.get(`/setup/people/${id}?invited`));
    expect(page).toContain('Invitation sent to ximena.quispe@example.org');
    expect(page).toContain('not signed in yet');
    expect(await html(await admin.get('/setup'))).toMatch(/id="need-neverSignedIn"[\s\S]*Ximena Quispe/);
    expect(await html(await admin.get('/setup/people?role=focal_point&administration=PE'))).toContain('Ximena Quispe');
    expect(await html(await admin.get('/setup/people?role=donor'))).not.toContain('Ximena Quispe');

    expect(await html(await new Visitor(app, SITE).get('/sign-in'))).toContain(`value="${id}"`);
    const ximena = await as(id);
    expect(await html(await ximena.get('/'))).toContain('Ximena Quispe');
    const signedIn = (await store.people.get(id))!;
    expect(signedIn.signedInAt).toBeTruthy();
    expect(signedIn.version).toBe(person.version);
    expect(await html(await admin.get('/setup'))).not.toMatch(/id="need-neverSignedIn"[\s\S]*Ximena Quispe/);
    expect(await html(await admin.get(`/setup/people/${id}`))).toMatch(/Active, last signed in on/);
  });

  it.each([
    ['en', { name: '' }, 'name', 'Fill this in.'],
    ['es', { name: '' }, 'name', 'Complete este campo.'],
    ['en', { email: 'ximena at example.org' }, 'email', 'Enter an email address such as name@example.org.'],
    ['pt', { email: '' }, 'email', 'Preencha este campo.'],
    ['en', { administrationId: '' }, 'administrationId', 'Choose the administration: this role needs one.'],
    ['es', { administrationId: '' }, 'administrationId', 'Elija la administración: este rol la necesita.'],
    ['en', { administrationId: 'FR' }, 'administrationId', 'No member administration has this code.'],
    ['fr', { administrationId: 'FR' }, 'administrationId', 'Aucune administration membre n’a ce code.'],
    ['en', { role: 'donor', donorId: 'jica' }, 'administrationId', 'Leave this empty: this role belongs to no administration.'],
    ['en', { role: 'donor', administrationId: '' }, 'donorId', 'Choose the donor: this role needs one.'],
    ['en', { role: 'donor', administrationId: '', donorId: 'no-such-donor' }, 'donorId', 'No donor has this identifier.'],
    ['en', { role: 'chief' }, 'role', 'Choose one of the options.'],
    ['en', { id: 'focal-gt' }, 'id', 'This identifier is already taken: choose another.'],
    ['es', { id: 'focal-gt' }, 'id', 'Este identificador ya está en uso: elija otro.'],
    ['en', { id: 'Ximena Q' }, 'id', 'Use lowercase letters, digits and dashes, such as jica or ams-rm-2026.'],
    ['en', { id: 'new' }, 'id', 'This identifier is reserved: choose another.'],
  ] as const)('an invitation (%s) with %o: the error beside %s, 400, nobody recorded or invited', async (lang, change, field, message) => {
    const admin = await as('admin', lang);
    accountCalls.length = 0;
    const before = (await store.people.list({ limit: 100 })).items.length;
    const response = await admin.post('/setup/people/new', { ...PERSON, name: 'Rosa Huamán', id: 'rosa-huaman', ...change });
    expect(response.status).toBe(400);
    expect(fieldError(await html(response), field)).toBe(message);
    expect((await store.people.list({ limit: 100 })).items.length).toBe(before);
    expect(accountCalls).toEqual([]);
    if ('id' in change && change.id === 'focal-gt') expect((await store.people.get('focal-gt'))!.name).toBe('José Luis Pérez');
  });

  it('an invitation the sign-in service cannot send records nobody and keeps the form (503); sending again later works', async () => {
    const admin = await Visitor.signedIn(broken, SITE, 'admin');
    const response = await admin.post('/setup/people/new', { ...PERSON, name: 'Pedro Condori', id: 'pedro-condori' });
    expect(response.status).toBe(503);
    const page = await html(response);
    expect(page).toContain('The invitation could not be sent');
    expect(formValue(page, 'name')).toBe('Pedro Condori');
    expect(await store.people.get('pedro-condori')).toBeUndefined();
    // Resending to someone on file while the service is down: a warning with an "Invite again" button.
    const resend = await admin.post('/setup/people/focal-cr/invite', {});
    expect(resend.headers.get('Location')).toBe('/setup/people/focal-cr?invitation=failed#done');
    const warned = await html(await admin.get('/setup/people/focal-cr?invitation=failed'));
    expect(warned).toContain('Invite again');
    expect(warned).toContain('action="/setup/people/focal-cr/invite"');
    const working = await as('admin');
    accountCalls.length = 0;
    expect((await working.post('/setup/people/focal-cr/invite', {})).headers.get('Location')).toBe('/setup/people/focal-cr?invited#done');
    expect(accountCalls).toEqual(['invite focal-cr']);
  });

  it('edits a person’s details and reminders with only what changed; a stale or forged form writes nothing', async () => {
    const admin = await as('admin');
    const form = await html(await admin.get('/setup/people/focal-br'));
    const fields = { name: 'Fernanda Costa', email: 'focal-br@example.org', language: 'pt', version: formValue(form, 'version')! };
    expect(fields.version).toBe('1');
    accountCalls.length = 0;
    const saved = await admin.post('/setup/people/focal-br', { ...fields, email: 'fernanda.costa@example.org', remindersOptOut: 'on' });
    expect(saved.status).toBe(303);
    expect(await store.people.get('focal-br')).toMatchObject({ email: 'fernanda.costa@example.org', remindersOptOut: true, version: 2 });
    expect(accountCalls).toEqual(['update focal-br']);
    const [event] = (await store.history.list('person/focal-br', { limit: 1 })).items;
    expect(event!.changes.map((ch) => ch.field).sort()).toEqual(['email', 'remindersOptOut']);

    const stale = await admin.post('/setup/people/focal-br', { ...fields, name: 'Fernanda Costa Lima' });
    expect(stale.status).toBe(409);
    const page = await html(stale);
    expect(page).toContain('Not saved: someone else changed this first');
    expect(formValue(page, 'name')).toBe('Fernanda Costa Lima');
    expect(formValue(page, 'email')).toBe('fernanda.costa@example.org');
    expect(formValue(page, 'version')).toBe('2');
    expect((await admin.post('/setup/people/focal-br', { ...fields, version: '2', email: 'broken' })).status).toBe(400);
    expect((await admin.post('/setup/people/focal-br', { ...fields, version: '2', name: 'X', _csrf: 'forged' })).status).toBe(400);
    expect(await store.people.get('focal-br')).toMatchObject({ name: 'Fernanda Costa', version: 2 });
  });

  it('changes a role with the administration it needs; refuses a role without one', async () => {
    const admin = await as('admin', 'es');
    const refused = await admin.post('/setup/people/focal-jm/role', { role: 'coordinator', administrationId: '', donorId: '', version: '1' });
    expect(refused.status).toBe(400);
    expect(fieldError(await html(refused), 'administrationId')).toBe('Elija la administración: este rol la necesita.');
    expect((await store.people.get('focal-jm'))!.version).toBe(1);
    const changed = await admin.post('/setup/people/focal-jm/role', { role: 'coordinator', administrationId: 'JM', donorId: '', version: '1' });
    expect(changed.status).toBe(303);
    expect(await store.people.get('focal-jm')).toMatchObject({ role: 'coordinator', administrationId: 'JM', version: 2 });
    const stale = await admin.post('/setup/people/focal-jm/role', { role: 'focal_point', administrationId: 'JM', donorId: '', version: '1' });
    expect(stale.status).toBe(409);
    expect(await html(stale)).toContain('No guardado: otra persona lo modificó antes');
    expect((await store.people.get('focal-jm'))!.role).toBe('coordinator');
  });

  it('deactivates after a confirmation: no longer offered or allowed on the development sign-in, counted nowhere; reactivates', async () => {
    const admin = await as('admin');
    const confirm = await html(await admin.get('/setup/people/focal-mx/deactivate'));
    expect(confirm).toContain('Deactivate Alejandro Ruiz?');
    expect(confirm).toContain('Yes, deactivate Alejandro Ruiz');
    const anonymous = new Visitor(app, SITE);
    expect(await html(await anonymous.get('/sign-in'))).toContain('value="focal-mx"');
    expect((await admin.post('/setup/people/focal-mx/deactivate', { version: '1' })).headers.get('Location')).toBe('/setup/people/focal-mx?deactivated#done');
    expect(await store.people.get('focal-mx')).toMatchObject({ active: false, version: 2 });
    expect(await html(await anonymous.get('/sign-in'))).not.toContain('value="focal-mx"');
    const refused = await anonymous.post('/sign-in/dev', { person: 'focal-mx', next: '/' });
    expect(refused.status).toBe(403);
    expect(await html(refused)).toContain('This account is deactivated');
    expect(anonymous.cookies.has('session')).toBe(false);
    // Mexico now has nobody to remind, and the deactivated person is not "never signed in".
    const needs = await html(await admin.get('/setup'));
    expect(needs).toMatch(/id="need-noReminderRecipient"[\s\S]*Mexico National Customs Agency/);
    const person = await html(await admin.get('/setup/people/focal-mx'));
    expect(person).toContain('Deactivated');
    expect(person).toContain('action="/setup/people/focal-mx/reactivate"');
    expect(person).not.toContain('href="/setup/people/focal-mx/deactivate"');
    expect((await admin.post('/setup/people/focal-mx/reactivate', { version: '2' })).status).toBe(303);
    expect(await store.people.get('focal-mx')).toMatchObject({ active: true, version: 3 });
  });

  it('a stale deactivation is a 409; the secretariat cannot deactivate itself (and is offered no button)', async () => {
    const admin = await as('admin', 'pt');
    const stale = await admin.post('/setup/people/focal-ht/deactivate', { version: '7' });
    expect(stale.status).toBe(409);
    expect(await html(stale)).toContain('Não salvo: outra pessoa alterou isto antes');
    expect((await store.people.get('focal-ht'))!.active).not.toBe(false);
    expect(await html(await admin.get('/setup/people/admin'))).not.toContain('/setup/people/admin/deactivate"');
    const self = await admin.post('/setup/people/admin/deactivate', { version: '1' });
    expect(self.status).toBe(400);
    expect(await html(self)).toContain('Você não pode desativar a si mesmo/a.');
    expect((await store.people.get('admin'))!.active).not.toBe(false);
  });
});

/** Every signed-in page asks once (one BatchGetItem) whether its session has ended: see sessions-http.test.ts. */
const SESSION_CHECK = 1;

describe('what the set-up pages cost', () => {
  it('a form page at most 2 DynamoDB requests (a change of role 3: the person and both lists), a list page one Query per list', async () => {
    const admin = await as('admin');
    const cost = async (path: string) => {
      tables.counter.reset();
      expect((await admin.get(path)).status, path).toBe(200);
      return tables.counter.total;
    };
    for (const path of ['/setup/administrations/new', '/setup/administrations/PE', '/setup/donors/new', '/setup/donors/jica', '/setup/people/new', '/setup/people/coord-pe', '/setup/people/coord-pe/deactivate']) {
      expect(await cost(path), path).toBeLessThanOrEqual(2 + SESSION_CHECK);
    }
    expect(await cost('/setup/people/coord-pe/role')).toBe(3 + SESSION_CHECK);
    expect(await cost('/setup/administrations')).toBe(1 + SESSION_CHECK);
    expect(await cost('/setup/donors')).toBe(1 + SESSION_CHECK);
    expect(await cost('/setup')).toBe(3 + SESSION_CHECK);
    expect([...tables.counter.commands].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
  });

  it('each change is exactly one TransactWriteItems', async () => {
    const admin = await as('admin');
    const writes = async (path: string, fields: Record<string, string>) => {
      tables.counter.reset();
      const response = await admin.post(path, fields);
      expect(response.status, `${path} ${await response.clone().text().then((t) => t.slice(0, 0))}`).toBe(303);
      return tables.counter.count('TransactWriteItems');
    };
    const dr = (await store.administrations.get('DO'))!;
    expect(await writes('/setup/administrations/DO', { name: dr.name, language: 'es', timeZone: dr.timeZone, 'directorGeneral.name': 'Rafael Peña', 'directorGeneral.email': 'dg-do@example.org', digestFrequency: 'quarterly', version: String(dr.version) })).toBe(1);
    expect(await writes('/setup/administrations/new', { ...ADMINISTRATION, id: 'PA', name: 'Panama National Customs Authority' })).toBe(1);
    expect(await writes('/setup/donors/new', { ...DONOR, id: 'eu', name: 'European Union', iatiRef: 'XI-IATI-EC_INTPA' })).toBe(1);
    expect(await writes('/setup/people/new', { ...PERSON, name: 'Ana Torres', id: 'ana-torres' })).toBe(1);
    expect(await writes('/setup/people/ana-torres', { name: 'Ana María Torres', email: PERSON.email, language: 'es', version: '1' })).toBe(1);
    expect(await writes('/setup/people/ana-torres/role', { role: 'coordinator', administrationId: 'PE', donorId: '', version: '2' })).toBe(1);
    expect(await writes('/setup/people/ana-torres/deactivate', { version: '3' })).toBe(1);
  });
});
