/**
 * Exchange rates and converted funding in the web app, over HTTP in process against DynamoDB Local
 * with the demo world: the secretariat's rate pages (record, correct; refusals in the reader's
 * language, stale versions, who may open them), the agreed rate on the contribution form, and the
 * gap in the budget currency on the plan, strategy and donor pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../shared/app.ts';
import type { Store } from '../../shared/store/index.ts';
import type { TestTables } from '../support/dynamo.ts';
import { Visitor } from './support/visitor.ts';
import { webWorld } from './support/web-world.ts';
import { schemaErrors } from '../support/iati.ts';

const SITE = 'http://tracker.test';
let tables: TestTables;
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  ({ tables, store, app } = await webWorld(SITE));
}, 60_000);

afterAll(() => tables?.client.destroy());

const as = (person: string, lang?: string) => Visitor.signedIn(app, SITE, person, lang);
const fieldError = (page: string, field: string) => new RegExp(`<span class="err" id="e-${field.replace('.', '\\.')}">([^<]*)</span>`).exec(page)?.[1];
const RATE = { from: 'eur', to: 'USD', rate: '1.0812', date: '2026-01-05', source: 'ECB reference rate, 5 January 2026' };

describe('the exchange rate pages', () => {
  it('the secretariat records a rate, sees it listed, and corrects it; the pair and day stay', async () => {
    const admin = await as('admin');
    const created = await admin.post('/setup/exchange-rates/new', RATE);
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe('/setup/exchange-rates/eur-usd-2026-01-05?created#done');
    expect(await store.exchangeRates.get('eur-usd-2026-01-05')).toMatchObject({ from: 'EUR', to: 'USD', rate: '1.0812', recordedBy: 'admin', version: 1 });
    const list = await (await admin.get('/setup/exchange-rates')).text();
    expect(list).toContain('1 EUR = 1.0812 USD');
    expect(list).toContain('1 JPY = 0.00664 USD');
    const saved = await admin.post('/setup/exchange-rates/eur-usd-2026-01-05', { ...RATE, from: 'GBP', rate: '1.0813', version: '1' });
    expect(saved.status).toBe(303);
    expect(await store.exchangeRates.get('eur-usd-2026-01-05')).toMatchObject({ from: 'EUR', rate: '1.0813', version: 2 });
  });

  it('shows every field error in the reader\'s language and records nothing; the same pair and day twice is said on the day', async () => {
    const admin = await as('admin', 'es');
    const bad = await admin.post('/setup/exchange-rates/new', { from: 'usd', to: 'USD', rate: '1,08', date: '2026-02-01', source: '' });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(fieldError(page, 'rate')).toBe('Indique un tipo positivo con punto decimal, por ejemplo 0.0067.');
    expect(fieldError(page, 'source')).toBe('Complete este campo.');
    const same = await admin.post('/setup/exchange-rates/new', { ...RATE, from: 'usd', date: '2026-02-01' });
    expect(same.status).toBe(400);
    expect(fieldError(await same.text(), 'to')).toBe('Elija una moneda distinta de la de origen.');
    expect(await store.exchangeRates.get('usd-usd-2026-02-01')).toBeUndefined();
    const twice = await admin.post('/setup/exchange-rates/new', { ...RATE, date: '2026-01-05' });
    expect(twice.status).toBe(400);
    expect(fieldError(await twice.text(), 'date')).toBe('Ya hay un tipo registrado para este par y esta fecha: corrija ese.');
  });

  it('an edit from a stale version is a 409 and writes nothing', async () => {
    const admin = await as('admin');
    const stale = await admin.post('/setup/exchange-rates/eur-usd-2026-01-05', { rate: '9.99', source: RATE.source, version: '1' });
    expect(stale.status).toBe(409);
    expect((await store.exchangeRates.get('eur-usd-2026-01-05'))!.rate).toBe('1.0813');
  });

  it.each(['coord-pe', 'focal-gt', 'donor-jica', 'dg-pe'])('%s may not open the pages nor post to them', async (person) => {
    const visitor = await as(person);
    for (const path of ['/setup/exchange-rates', '/setup/exchange-rates/new', '/setup/exchange-rates/jpy-usd-2014-05-01']) expect((await visitor.get(path)).status, path).toBe(403);
    expect((await visitor.post('/setup/exchange-rates/new', { ...RATE, date: '2026-04-01' })).status).toBe(403);
    expect(await store.exchangeRates.get('eur-usd-2026-04-01')).toBeUndefined();
  });
});

describe('converted funding on the pages', () => {
  it('the plan page shows the gap in USD with JPY and ARS converted, the rates used, and each contribution in USD', async () => {
    const page = await (await (await as('coord-pe', 'en')).get('/plans/ams-rm-current')).text();
    expect(page).toContain('Budget US$250,000.00 · secured US$189,880.00 · gap US$60,120.00');
    expect(page).not.toContain('US$90,000.00');
    expect(page).toContain('1 JPY = 0.00664 USD, recorded rate from');
    expect(page).toContain('1 ARS = 0.00069 USD, recorded rate from');
    expect(page).toContain('In USD');
    expect(page).toContain('US$29,880.00'); // JPY 4,500,000 disbursed
    expect(page).not.toContain('Not converted: no exchange rate');
  });

  it('a contribution with no rate is shown apart on the plan page, never counted', async () => {
    const admin = await as('admin');
    const created = await admin.post('/plans/ams-rm-current/contributions', {
      donorId: 'idb', kind: 'financial', description: 'Venue for the regional meeting', amount: '15000.00', currency: 'BRL', stage: 'pledged', 'stageDates.pledged': '2026-01-10',
    });
    expect(created.status).toBe(303);
    const page = await (await admin.get('/plans/ams-rm-current')).text();
    expect(page).toContain('Not converted: no exchange rate');
    expect(page).toContain('R$15,000.00 pledged (1): no rate into USD on the stage date');
    expect(page).toContain('gap US$60,120.00');
    expect(page).toContain('href="/setup/exchange-rates/new"');
  });

  it('the contribution form takes an agreed rate into the budget currency, and the gap uses it', async () => {
    const admin = await as('admin');
    const contributions = await store.contributions.ofPlan('ams-rm-current', { limit: 50 });
    const brl = contributions.items.find((x) => x.currency === 'BRL')!;
    const form = await (await admin.get(`/contributions/${brl.id}/edit`)).text();
    expect(form).toContain('Agreed rate into USD (optional)');
    const bad = await admin.post(`/contributions/${brl.id}/edit`, { description: brl.description, amount: '15000.00', currency: 'BRL', stage: 'pledged', 'stageDates.pledged': '2026-01-10', 'agreedRate.rate': 'abc', version: String(brl.version) });
    expect(bad.status).toBe(400);
    expect(fieldError(await bad.text(), 'agreedRate.rate')).toBe('Enter a positive rate with a dot for decimals, such as 0.0067.');
    const saved = await admin.post(`/contributions/${brl.id}/edit`, { description: brl.description, amount: '15000.00', currency: 'BRL', stage: 'pledged', 'stageDates.pledged': '2026-01-10', 'agreedRate.rate': '0.18', version: String(brl.version) });
    expect(saved.status).toBe(303);
    expect((await store.contributions.get(brl.id))!.contribution.agreedRate).toEqual({ rate: '0.18', currency: 'USD' });
    const page = await (await admin.get('/plans/ams-rm-current')).text();
    expect(page).toContain('1 BRL = 0.18 USD, rate agreed for the contribution');
    expect(page).not.toContain('Not converted: no exchange rate');
    // Emptying the field removes the agreed rate.
    const cleared = await admin.post(`/contributions/${brl.id}/edit`, { description: brl.description, amount: '15000.00', currency: 'BRL', stage: 'pledged', 'stageDates.pledged': '2026-01-10', 'agreedRate.rate': '', version: String(brl.version + 1) });
    expect(cleared.status).toBe(303);
    expect((await store.contributions.get(brl.id))!.contribution.agreedRate).toBeUndefined();
  });

  it('the strategy page shows the funding of its plans in USD, and each plan\'s gap', async () => {
    const page = await (await (await as('coord-pe', 'fr')).get('/strategies/ams-rm')).text();
    expect(page).toContain('Financement des plans, dans les devises de leurs budgets');
    expect(page).toMatch(/Budget 250[\s\u202f\u00a0]000,00[\s\u202f\u00a0]\$US · acquis 189[\s\u202f\u00a0]880,00[\s\u202f\u00a0]\$US · écart 60[\s\u202f\u00a0]120,00[\s\u202f\u00a0]\$US/);
  });

  it('the donor page shows the plan\'s totals in its budget currency and the donor\'s contributions converted', async () => {
    const page = await (await (await as('donor-jica')).get('/')).text();
    expect(page).toContain('The plan&#39;s funding, in USD: Budget US$250,000.00 · secured US$189,880.00 · gap US$60,120.00');
    expect(page).toContain('at 0.00664 (recorded rate of');
  });
});

describe('the IATI files from the pages', () => {
  it('the plan and strategy pages link their IATI file, which is valid and served by the same command and policy', async () => {
    const pe = await as('coord-pe', 'pt');
    const page = await (await pe.get('/plans/ams-rm-current')).text();
    expect(page).toContain('href="/plans/ams-rm-current/iati.xml"');
    expect(page).toContain('Arquivo de atividade IATI (XML, padrão IATI 2.03)');
    const file = await pe.get('/plans/ams-rm-current/iati.xml');
    expect(file.status).toBe(200);
    expect(file.headers.get('Content-Type')).toBe('application/xml; charset=utf-8');
    expect(schemaErrors(await file.text())).toBe('');
    expect(await (await pe.get('/strategies/ams-rm')).text()).toContain('href="/strategies/ams-rm/iati.xml"');
    const strategy = await pe.get('/strategies/ams-rm/iati.xml');
    expect(strategy.status).toBe(200);
    expect(schemaErrors(await strategy.text())).toBe('');
    // A donor does not get the file of a plan it does not fund.
    expect((await (await as('donor-captac')).get('/plans/toa-rm-2023/iati.xml')).status).toBe(403);
  });
});
