/**
 * The import's pages in process (the web app over DynamoDB Local with the demo world): the upload
 * answers with a redirect to the saved preview, which survives a reload and belongs to its maker;
 * a preview the plan moved past says what changed and offers no confirm; uploads over 5 MB (by one
 * byte, and by far) get the page with one sentence in the reader's language, never plain text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlan } from '../../shared/commands/plans.ts';
import { LIMITS } from '../../shared/sheets/types.ts';
import { csv } from '../support/sheets.ts';
import { Visitor } from './support/visitor.ts';
import { webWorld, type WebWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
let w: WebWorld;

beforeAll(async () => {
  w = await webWorld(SITE);
}, 60_000);

afterAll(() => w?.tables.client.destroy());

const signedIn = (person: string, lang?: string) => Visitor.signedIn(w.app, SITE, person, lang);

async function upload(v: Visitor, planId: string, name: string, bytes: Uint8Array): Promise<Response> {
  await v.get(`/plans/${planId}`);
  const form = new FormData();
  form.set('_csrf', v.csrf);
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'text/csv' }));
  return v.send(`/plans/${planId}/imports`, { method: 'POST', headers: { Origin: SITE }, body: form });
}

async function newPlan(title: string): Promise<string> {
  const plan = await createPlan({ store: w.store, now: () => new Date() }, { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE' }, {
    strategyId: 'ams-rm', plan: { title, period: { start: '2026-01-01', end: '2027-12-31' } },
  });
  return plan.id;
}

/** A page's text as a reader sees it (entities decoded). */
const text = async (res: Response) => (await res.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('the preview is a page of its own', () => {
  it('the upload redirects to the saved preview, which a reload shows again, to its maker only', async () => {
    const planId = await newPlan('Reload plan');
    const pe = await signedIn('coord-pe', 'fr');
    const posted = await upload(pe, planId, 'atelier.csv', csv([['Title', 'Owner administration', 'Due date'], ['Comité', 'PE', '2026-06-30'], ['Profils', 'Atlantis', '2026-07-31']]));
    expect(posted.status).toBe(303);
    const location = posted.headers.get('Location')!;
    expect(location).toMatch(new RegExp(`^/plans/${planId}/imports/[a-z0-9-]+$`));
    for (let reload = 0; reload < 2; reload++) {
      const page = await pe.get(location);
      expect(page.status).toBe(200);
      const html = await text(page);
      expect(html).toContain("Aperçu de l'import : atelier.csv");
      expect(html).toContain('Atlantis');
      expect(html).not.toContain('form method="post" action="' + location);
    }
    // Someone else, even the other co-coordinator, finds nothing there.
    const ar = await signedIn('coord-ar');
    expect((await ar.get(location)).status).toBe(404);
    expect((await (await signedIn('focal-gt')).get(location)).status).toBe(404);
    expect((await w.store.plans.collection(planId)).milestones).toEqual([]);
  });

  it('a preview the plan moved past says what changed, offers no confirm, and its confirm changes nothing', async () => {
    const planId = await newPlan('Stale page plan');
    const pe = await signedIn('coord-pe', 'pt');
    const first = await upload(pe, planId, 'v1.csv', csv([['Title', 'Owner administration', 'Due date'], ['Comité', 'PE', '2026-06-30']]));
    const firstPage = first.headers.get('Location')!;
    await pe.get(firstPage);
    const confirmed = await pe.post(`${firstPage}/confirm`, {});
    expect(confirmed.status).toBe(200);
    // The imported preview, read again, says so and offers no second confirm.
    const after = await text(await pe.get(firstPage));
    expect(after).toContain('Esta pré-visualização já foi importada.');
    expect(after).not.toContain(`action="${firstPage}/confirm"`);

    const second = await upload(pe, planId, 'v2.csv', csv([['Ref', 'Title', 'Owner administration', 'Due date'], ['1', 'Comité', 'PE', '2026-07-15']]));
    const location = second.headers.get('Location')!;
    const open = await text(await pe.get(location));
    expect(open).toContain(`action="${location}/confirm"`);
    const [m] = (await w.store.plans.collection(planId)).milestones;
    await w.store.milestones.update(m!.milestone, { progress: 30 }, m!.milestone.version, { userId: 'coord-ar', role: 'coordinator' });
    const stale = await pe.get(location);
    expect(stale.status).toBe(200);
    const html = await text(stale);
    expect(html).toContain('O plano mudou desde esta pré-visualização');
    expect(html).toContain('o marco 1 (Comité) foi alterado por');
    expect(html).not.toContain(`action="${location}/confirm"`);
    // A confirm sent anyway (an old tab) is refused, saying what changed; nothing is written.
    const refused = await pe.post(`${location}/confirm`, {});
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain('O plano mudou desde a pré-visualização');
    expect((await w.store.plans.collection(planId)).milestones[0]!.milestone).toMatchObject({ dueDate: '2026-06-30', progress: 30 });
  });
});

describe('uploads over 5 MB get the sentence page, not plain text', () => {
  for (const [label, size] of [['5 MB + 1 byte', LIMITS.bytes + 1], ['20 MB', 20 * 1024 * 1024]] as const) {
    it(`${label}: 413 with the page and one sentence in the reader's language; nothing saved`, async () => {
      const planId = await newPlan(`Large ${label}`);
      const pe = await signedIn('coord-pe', 'fr');
      const bytes = new Uint8Array(size).fill(0x41);
      const res = await upload(pe, planId, 'enorme.csv', bytes);
      expect(res.status).toBe(413);
      expect(res.headers.get('Content-Type')).toContain('text/html');
      const html = await text(res);
      expect(html).toContain("Le fichier n'a pas été importé");
      expect(html).toContain('Le fichier dépasse 5 Mo');
      expect(html).toContain(`href="/plans/${planId}#spreadsheets"`);
      expect((await w.store.plans.collection(planId)).milestones).toEqual([]);
    }, 60_000);
  }
});

describe('the results framework in the web exports', () => {
  it('the plan, strategy and donor pages link the indicators CSV, which comes in the reader\'s language', async () => {
    const v = await signedIn('coord-pe', 'es');
    for (const [page, base] of [['/plans/ams-rm-current', '/plans/ams-rm-current'], ['/strategies/ams-rm', '/strategies/ams-rm'], ['/donors/jica', '/donors/jica']]) {
      const html = await (await v.get(page!)).text();
      expect(html, page).toContain(`${base}/export/csv?sheet=indicators`);
      const file = await v.get(`${base}/export/csv?sheet=indicators`);
      expect(file.status, base).toBe(200);
      expect((await file.text()).replace(/^\ufeff/, ''), base).toMatch(/^(Plan de acción,)?Resultado,Tipo de resultado,Indicador,/);
    }
  });
});
