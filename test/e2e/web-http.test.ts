/**
 * The web app over HTTP, in process (app.request) against DynamoDB Local with the demo world:
 * headers, sign-in and CSRF, the policy behind every form, the version guard, and what each page
 * costs in DynamoDB requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../shared/app.ts';
import type { Store } from '../../shared/store/index.ts';
import type { TestTables } from '../support/dynamo.ts';
import { webWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
let tables: TestTables;
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  ({ tables, store, app } = await webWorld(SITE));
}, 60_000);

afterAll(() => tables?.client.destroy());

/** A browser in miniature: keeps cookies, sends Origin on POSTs, reads the CSRF field of the last page. */
class Visitor {
  readonly cookies = new Map<string, string>();
  csrf = '';

  async get(path: string) {
    const response = await this.send(path, {});
    const text = await response.clone().text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return response;
  }

  post(path: string, fields: Record<string, string>, headers: Record<string, string> = { Origin: SITE }) {
    return this.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  private async send(path: string, init: RequestInit) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await app.request(`${SITE}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) } });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split(/=(.*)/s) as [string, string];
      if (/Max-Age=0/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  static async signedIn(person: string): Promise<Visitor> {
    const v = new Visitor();
    await v.get('/sign-in');
    const response = await v.post('/sign-in/dev', { _csrf: v.csrf, person, next: '/' });
    expect(response.status).toBe(303);
    return v;
  }
}

/** The update form of a milestone page, as the browser would send it back. */
async function formOf(v: Visitor, id: string): Promise<Record<string, string>> {
  const html = await (await v.get(`/milestones/${id}`)).text();
  const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '';
  const status = /<option value="(\w+)" selected/.exec(html)?.[1] ?? '';
  const note = /<textarea[^>]*name="note"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '';
  const dueDate = field('dueDate');
  return { _csrf: v.csrf, version: field('version'), status, progress: field('progress'), note, evidenceUrl: '', evidenceLabel: '', ...(dueDate ? { dueDate } : {}) };
}

/** Every signed-in page asks once (one BatchGetItem) whether its session has ended: see sessions-http.test.ts. */
const SESSION = ['BatchGetItemCommand'];

describe('web pages over HTTP', () => {
  it('send a CSP without inline script or style, and are never cached; the stylesheet is, for a year', async () => {
    const response = await app.request(`${SITE}/sign-in`);
    const csp = response.headers.get('Content-Security-Policy')!;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toMatch(/style-src 'self'\s*(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const html = await response.text();
    expect(html).not.toMatch(/<script|style="/);
    const cssPath = /href="(\/assets\/app\.[0-9a-f]+\.css)"/.exec(html)![1]!;
    const css = await app.request(`${SITE}${cssPath}`);
    expect(css.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(css.headers.get('Content-Type')).toMatch(/^text\/css/);
    // One small stylesheet for every page (12.0 KB with the results forms and the internal badge).
    expect((await css.text()).length).toBeLessThan(12_500);
  });

  it('send people without a session to sign in, answer unknown pages in HTML and unknown API paths in problem+json', async () => {
    const page = await app.request(`${SITE}/plans/ams-rm-current`);
    expect(page.status).toBe(303);
    expect(page.headers.get('Location')).toBe('/sign-in?next=%2Fplans%2Fams-rm-current');
    const missing = await app.request(`${SITE}/no/such/page`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Type')).toMatch(/^text\/html/);
    const api = await app.request(`${SITE}/api/v1/no-such-thing`, { headers: { Authorization: 'Bearer x' } });
    expect(api.headers.get('Content-Type')).toBe('application/problem+json');
  });

  it('refuse a sign-in or an update without the CSRF token, with another person’s token, or from another site', async () => {
    const v = new Visitor();
    await v.get('/sign-in');
    expect((await v.post('/sign-in/dev', { person: 'coord-pe' })).status).toBe(400);
    expect((await v.post('/sign-in/dev', { _csrf: v.csrf, person: 'coord-pe' }, { Origin: 'https://evil.example' })).status).toBe(400);
    expect(v.cookies.has('session')).toBe(false);

    const pe = await Visitor.signedIn('coord-pe');
    const form = await formOf(pe, 'ams-rm-current.m09');
    expect((await pe.post('/milestones/ams-rm-current.m09', { ...form, progress: '5', _csrf: '' })).status).toBe(400);
    const ar = await Visitor.signedIn('coord-ar');
    await ar.get('/');
    expect((await pe.post('/milestones/ams-rm-current.m09', { ...form, progress: '5', _csrf: ar.csrf })).status).toBe(400);
    expect((await pe.post('/milestones/ams-rm-current.m09', { ...form, progress: '5' }, { Origin: 'https://evil.example' })).status).toBe(400);
    expect((await store.milestones.get('ams-rm-current.m09'))!.milestone.version).toBe(1);
    // Forms are small; a huge one is refused before it is read.
    expect((await pe.post('/milestones/ams-rm-current.m09', { ...form, note: 'x'.repeat(40_000) })).status).toBe(413);
    // The same form, sent properly, goes through.
    expect((await pe.post('/milestones/ams-rm-current.m09', { ...form, progress: '5' })).status).toBe(303);
    expect((await store.milestones.get('ams-rm-current.m09'))!.milestone).toMatchObject({ version: 2, progress: 5 });
  });

  it("let a focal point report only on its administration's milestones, and only the reporting fields", async () => {
    const gt = await Visitor.signedIn('focal-gt');
    // Haiti's milestone: no form on the page, and a forged POST is refused.
    const haiti = await (await gt.get('/milestones/ams-rm-current.m05')).text();
    expect(haiti).not.toContain('class="update"');
    const forged = await gt.post('/milestones/ams-rm-current.m05', { _csrf: gt.csrf, version: '1', status: 'done', progress: '100', note: '' });
    expect(forged.status).toBe(403);
    expect((await store.milestones.get('ams-rm-current.m05'))!.milestone.status).toBe('in_progress');

    // Guatemala's own: progress changes, a smuggled due date does not.
    const form = await formOf(gt, 'ams-rm-current.m03');
    expect(form.version).toBe('1');
    const saved = await gt.post('/milestones/ams-rm-current.m03', { ...form, progress: '55', dueDate: '2030-01-01' });
    expect(saved.status).toBe(303);
    const after = (await store.milestones.get('ams-rm-current.m03'))!.milestone;
    expect(after).toMatchObject({ progress: 55, version: 2, updatedBy: 'focal-gt' });
    expect(after.dueDate).not.toBe('2030-01-01');
  });

  it('give a donor no form and refuse its forged update', async () => {
    const jica = await Visitor.signedIn('donor-jica');
    const page = await (await jica.get('/milestones/ams-rm-current.m02')).text();
    expect(page).not.toContain('class="update"');
    const forged = await jica.post('/milestones/ams-rm-current.m02', { _csrf: jica.csrf, version: '1', status: 'done', progress: '100', note: '' });
    expect(forged.status).toBe(403);
    // Plans it does not fund are not shown at all.
    expect((await jica.get('/plans/toa-rm-2023')).status).toBe(403);
    expect((await jica.get('/donors/ccf-japan')).status).toBe(403);
  });

  it('refuse a stale version with 409 and the other change, overwriting nothing', async () => {
    const pe = await Visitor.signedIn('coord-pe');
    const stale = await formOf(pe, 'ams-rm-current.m10');
    const ar = await Visitor.signedIn('coord-ar');
    const theirs = await formOf(ar, 'ams-rm-current.m10');
    expect((await ar.post('/milestones/ams-rm-current.m10', { ...theirs, note: 'Operation window agreed with CAPTAC-DR.' })).status).toBe(303);
    const response = await pe.post('/milestones/ams-rm-current.m10', { ...stale, progress: '10' });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain('Operation window agreed with CAPTAC-DR.');
    expect(html).toContain('name="version" value="2"');
    expect((await store.milestones.get('ams-rm-current.m10'))!.milestone).toMatchObject({ progress: 0, version: 2, note: 'Operation window agreed with CAPTAC-DR.' });
  });

  it('cost as few DynamoDB requests as the matching API calls', async () => {
    const pe = await Visitor.signedIn('coord-pe');
    const cost = async (path: string) => {
      tables.counter.reset();
      expect((await pe.get(path)).status, path).toBe(200);
      return [...tables.counter.commands].sort();
    };
    // The item collection (one Query), the strategy for the breadcrumb, the donors' names, and (in
    // parallel with those two) the recorded rates into the budget currency: one Query for its JPY and
    // ARS contributions (issue 13).
    // Every signed-in page also asks once whether its session has ended (one BatchGetItem, SESSION
    // below; see sessions-http.test.ts), which the API calls with plain tokens do not.
    expect(await cost('/plans/ams-rm-current')).toEqual([...SESSION, 'BatchGetItemCommand', 'GetItemCommand', 'QueryCommand', 'QueryCommand']);
    // A plan whose contributions are all in its budget currency reads no rates.
    expect(await cost('/plans/toa-rm-2023')).toEqual([...SESSION, 'BatchGetItemCommand', 'GetItemCommand', 'QueryCommand']);
    // The milestone with its plan (one BatchGetItem) and its history (one Query).
    expect(await cost('/milestones/ams-rm-current.m05')).toEqual([...SESSION, 'BatchGetItemCommand', 'QueryCommand']);
    // The donor, its contributions, one read per plan it funds, and one Query for the rates into USD.
    expect((await cost('/donors/jica')).length).toBeLessThanOrEqual(2 + 2 * 2 + 1 + SESSION.length);
    // The strategy with its co-coordinators, its plans, one read per plan, and one Query for the rates into USD.
    expect((await cost('/strategies/ams-rm')).filter((c) => c === 'QueryCommand').length).toBeLessThanOrEqual(2 + 3 + 1);
  });

  it("read each plan once on a person's home", async () => {
    const cost = async (person: string) => {
      const visitor = await Visitor.signedIn(person);
      tables.counter.reset();
      expect((await visitor.get('/')).status).toBe(200);
      return [...tables.counter.commands].sort();
    };
    // Strategies, the open milestones GT owns, the plans of each of the three strategies and the
    // results of the two active plans (one Query each, for the results to report this period, issue
    // 12); the plans of GT's milestones are among those, so no BatchGetItem reads them again.
    expect(await cost('focal-gt')).toEqual([...SESSION, ...Array(7).fill('QueryCommand')]);
    // Strategies, PE's open milestones, the plans of the two strategies PE co-coordinates, and the item
    // collections of their two open plans; the plans are not read a second time.
    expect(await cost('coord-pe')).toEqual([...SESSION, ...Array(6).fill('QueryCommand')]);
  });
});

describe('milestones in the reader\'s language (issue 14)', () => {
  it('show the title in the page\'s language, or the original with its lang and "not yet translated" in words', async () => {
    const pe = await Visitor.signedIn('coord-pe');
    const translated = await (await pe.get('/milestones/ams-rm-current.m05')).text();
    expect(translated).toContain('<h1><span>Perfiles de riesgo compartidos a través del intercambio regional de información</span></h1>');
    expect(translated).toContain('Acuerdo de intercambio de datos pendiente de firma.');
    const original = await (await pe.get('/milestones/toa-rm-2023.m02')).text();
    expect(original).toContain('<h1><span lang="en">Field missions for the best performers</span> <span class="untranslated">(aún sin traducir: en inglés)</span></h1>');
    const plan = await (await pe.get('/plans/ams-rm-current')).text();
    expect(plan).toContain('>Comité nacional de gestión de riesgos constituido</a>');
  });

  it('a focal point\'s report edits the note in the language it reads, leaving the original as it was', async () => {
    const ht = await Visitor.signedIn('focal-ht');
    const form = await formOf(ht, 'ams-rm-current.m05');
    expect(form.note).toBe('Accord d&#39;échange de données en attente de signature.');
    const res = await ht.post('/milestones/ams-rm-current.m05', { ...form, note: 'Accord signé par les deux administrations.' });
    expect(res.status).toBe(303);
    const { milestone } = (await store.milestones.get('ams-rm-current.m05'))!;
    expect(milestone.note).toBe('Data-sharing agreement awaiting signature.');
    expect(milestone.translations?.note?.texts.fr).toEqual({ text: 'Accord signé par les deux administrations.' });
  });
});
