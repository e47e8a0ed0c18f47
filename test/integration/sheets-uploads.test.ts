/**
 * Spreadsheets through the uploads bucket (in AWS: API Gateway passes at most 6 MB, base64): the
 * presigned POST the plan page and the API hand out, then the import reading the object by its key.
 * S3 is mocked (aws-sdk-client-mock: HeadObject, GetObject, DeleteObject; the presigned POST is
 * signed for real and its policy decoded); the preview itself runs over DynamoDB Local with the demo
 * world. Without a bucket, the direct path stays (test/integration/sheets-import.test.ts,
 * test/e2e/sheets-http.test.ts) and the upload routes say so.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlan } from '../../shared/commands/plans.ts';
import { LIMITS } from '../../shared/sheets/types.ts';
import { UPLOAD_EXPIRES_SECONDS, UPLOAD_MAX_BYTES, s3Uploads, uploadedFileName } from '../../shared/sheets/uploads.ts';
import type { Store } from '../../shared/store/index.ts';
import { Visitor } from '../e2e/support/visitor.ts';
import { webWorld, type WebWorld } from '../e2e/support/web-world.ts';
import { demoApp } from '../support/api.ts';
import { csv } from '../support/sheets.ts';

const BUCKET = 'tracker-uploads-test';
const REGION = 'eu-west-1';
const SITE = 'http://tracker.test';
const s3 = mockClient(S3Client);
const uploads = () => s3Uploads({ bucket: BUCKET, region: REGION, config: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } } });
const WORKSHOP = csv([['Title', 'Owner administration', 'Due date'], ['Comité de gestión de riesgos', 'PE', '2026-06-30'], ['Perfiles de riesgo', 'AR', '2026-07-31']]);

/** S3 holds `bytes` at `key` (HeadObject and GetObject), and deletes it. */
function stored(key: string, bytes: Uint8Array, size = bytes.byteLength) {
  s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: key }).resolves({ ContentLength: size });
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).resolves({ Body: { transformToByteArray: async () => bytes } as never });
  s3.on(DeleteObjectCommand).resolves({});
}

/** S3 has nothing at `key` (a role without s3:ListBucket gets 403, with it 404). */
function missing(key: string, status: 403 | 404) {
  s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: key }).rejects(Object.assign(new Error(status === 404 ? 'NotFound' : 'Forbidden'), { name: status === 404 ? 'NotFound' : 'Forbidden', $metadata: { httpStatusCode: status } }));
}

const policyOf = (fields: Record<string, string>) =>
  JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };

async function newPlan(store: Store, title: string): Promise<string> {
  const plan = await createPlan({ store, now: () => new Date() }, { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE' }, {
    strategyId: 'ams-rm', plan: { title, period: { start: '2026-01-01', end: '2027-12-31' } },
  });
  return plan.id;
}

beforeEach(() => s3.reset());
afterAll(() => s3.restore());

describe('the presigned POST', () => {
  it('lets one file of 1 byte to 50 MB go to this person\'s uploads of this plan, for 2 hours, back to the page (browser) or to a fixed key (API)', async () => {
    const bucket = uploads();
    const now = new Date();
    const web = await bucket.form({ planId: 'ams-rm-2026', userId: 'coord-pe', redirect: `${SITE}/plans/ams-rm-2026/imports/uploaded`, now });
    expect(new URL(web.url).origin).toBe(bucket.origin);
    expect(bucket.origin).toBe(`https://${BUCKET}.s3.${REGION}.amazonaws.com`);
    expect(web.key).toMatch(/^uploads\/ams-rm-2026\/coord-pe\/[0-9a-f]{32}\/\$\{filename\}$/);
    expect(web.fields).toMatchObject({ bucket: BUCKET, key: web.key, success_action_redirect: `${SITE}/plans/ams-rm-2026/imports/uploaded`, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
    expect(web.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(web.maxBytes).toBe(UPLOAD_MAX_BYTES);
    const policy = policyOf(web.fields);
    const prefix = web.key.slice(0, -'${filename}'.length);
    expect(policy.conditions).toEqual(expect.arrayContaining([
      ['content-length-range', 1, 50 * 1024 * 1024],
      { bucket: BUCKET },
      ['starts-with', '$key', prefix],
      { success_action_redirect: `${SITE}/plans/ams-rm-2026/imports/uploaded` },
    ]));
    const expires = new Date(policy.expiration).getTime() - now.getTime();
    expect(expires).toBeGreaterThan((UPLOAD_EXPIRES_SECONDS - 5) * 1000);
    expect(expires).toBeLessThanOrEqual((UPLOAD_EXPIRES_SECONDS + 1) * 1000);
    expect(UPLOAD_EXPIRES_SECONDS).toBe(2 * 60 * 60);
    expect(Math.abs(new Date(web.expiresAt).getTime() - new Date(policy.expiration).getTime())).toBeLessThan(2000);

    const api = await bucket.form({ planId: 'ams-rm-2026', userId: 'coord-pe', fileName: 'C:\\taller\\plan 2026.xlsx', now });
    expect(api.key).toMatch(/^uploads\/ams-rm-2026\/coord-pe\/[0-9a-f]{32}\/plan 2026\.xlsx$/);
    expect(policyOf(api.fields).conditions).toContainEqual({ key: api.key });
    expect(api.fields.success_action_redirect).toBeUndefined();
    // Every form gets a new key.
    expect((await bucket.form({ planId: 'ams-rm-2026', userId: 'coord-pe', fileName: 'plan 2026.xlsx', now })).key).not.toBe(api.key);
    // Made locally: no request to S3.
    expect(s3.calls()).toHaveLength(0);
  });

  it('names a file only for a key of this person\'s upload to this plan', () => {
    const random = 'a'.repeat(32);
    expect(uploadedFileName('p1', 'coord-pe', `uploads/p1/coord-pe/${random}/taller.xlsx`)).toBe('taller.xlsx');
    expect(uploadedFileName('p1', 'coord-pe', `uploads/p2/coord-pe/${random}/taller.xlsx`)).toBeUndefined();
    expect(uploadedFileName('p1', 'coord-pe', `uploads/p1/coord-ar/${random}/taller.xlsx`)).toBeUndefined();
    expect(uploadedFileName('p1', 'coord-pe', `uploads/p1/coord-pe/../../p2/coord-pe/${random}/taller.xlsx`)).toBeUndefined();
    expect(uploadedFileName('p1', 'coord-pe', `uploads/p1/coord-pe/${random}/..`)).toBeUndefined();
    expect(uploadedFileName('p1', 'coord-pe', `uploads/p1/coord-pe/${random}/a/b.xlsx`)).toBeUndefined();
    expect(uploadedFileName('p1', 'coord-pe', `uploads/p1/coord-pe/short/taller.xlsx`)).toBeUndefined();
    expect(uploadedFileName('p1', 'coord-pe', `other/p1/coord-pe/${random}/taller.xlsx`)).toBeUndefined();
  });
});

describe('the API with an uploads bucket', () => {
  let t: Awaited<ReturnType<typeof demoApp>>;
  beforeAll(async () => {
    t = await demoApp(new Date(), { uploads: uploads() });
  }, 60_000);
  afterAll(() => t?.tables.client.destroy());

  const form = (person: string, planId: string, body: unknown = { fileName: 'taller.csv' }) => t.as(person).post(`/api/v1/plans/${planId}/imports/uploads`, body);
  const importUpload = (person: string, planId: string, key: string, query = '') =>
    t.as(person).send('POST', `/api/v1/plans/${planId}/imports?upload=${encodeURIComponent(key)}${query}`, {});

  it('hands out a form, then previews the uploaded file as a direct upload would, and deletes it', async () => {
    const plan = await newPlan(t.store, 'API upload plan');
    const res = await form('coord-pe', plan, { fileName: 'taller-lima.csv' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'fields', 'key', 'maxBytes', 'url']);
    expect(res.body.key).toMatch(new RegExp(`^uploads/${plan}/coord-pe/[0-9a-f]{32}/taller-lima\\.csv$`));
    expect(res.body.fields.key).toBe(res.body.key);
    expect(res.body.url).toBe(`https://${BUCKET}.s3.${REGION}.amazonaws.com/`);
    expect(res.body.maxBytes).toBe(UPLOAD_MAX_BYTES);

    stored(res.body.key, WORKSHOP);
    const preview = await importUpload('coord-pe', plan, res.body.key, '&lang=es');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ planId: plan, fileName: 'taller-lima.csv', confirmable: true, summary: { create: 2, update: 0, unchanged: 0 } });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: BUCKET, Key: res.body.key });
    // The preview is the same saved preview: it confirms as any other.
    const done = await t.as('coord-pe').post(`/api/v1/plans/${plan}/imports/${preview.body.id}/confirm`, {});
    expect(done.status).toBe(200);
    expect((await t.as('coord-pe').get(`/api/v1/plans/${plan}/milestones`)).body.items).toHaveLength(2);
  });

  it('refuses a file over 5 MB by its size, with the sentence in the caller\'s language, without reading it', async () => {
    const plan = await newPlan(t.store, 'API big upload plan');
    const { body } = await form('coord-pe', plan);
    stored(body.key, WORKSHOP, LIMITS.bytes + 1);
    const res = await importUpload('coord-pe', plan, body.key, '&lang=es');
    expect(res.status).toBe(413);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
    expect(res.body.detail).toBe('El archivo pesa más de 5 MB: divídalo o quite lo que la importación no lee.');
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Key: body.key });
  });

  it('answers 404 with "upload again" for an upload that is not there (read already, or expired)', async () => {
    const plan = await newPlan(t.store, 'API missing upload plan');
    for (const status of [404, 403] as const) {
      const { body } = await form('coord-pe', plan);
      missing(body.key, status);
      const res = await importUpload('coord-pe', plan, body.key, '&lang=fr');
      expect(res.status).toBe(404);
      expect(res.body.detail).toContain('téléversez-le de nouveau');
    }
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect((await t.store.plans.collection(plan)).milestones).toEqual([]);
  });

  it('refuses another plan\'s or person\'s key and made-up keys (400 naming `upload`) without asking S3', async () => {
    const plan = await newPlan(t.store, 'API key plan');
    const other = await newPlan(t.store, 'API other key plan');
    const theirs = (await form('coord-pe', other)).body.key as string;
    const admins = (await form('admin', plan)).body.key as string;
    for (const key of [theirs, admins, `uploads/${plan}/coord-pe/../../${other}/coord-pe/${'a'.repeat(32)}/x.csv`, 'x', `uploads/${plan}/coord-pe/`]) {
      const res = await importUpload('coord-pe', plan, key);
      expect(res.status, key).toBe(400);
      expect(res.body.errors, key).toEqual([expect.objectContaining({ field: 'upload' })]);
    }
    expect(s3.calls()).toHaveLength(0);
  });

  it('is for those who may import into the plan, as the direct upload is (403 before anything is asked of S3); an unknown plan is 404', async () => {
    const plan = await newPlan(t.store, 'API upload policy plan');
    const key = (await form('coord-pe', plan)).body.key as string;
    for (const person of ['focal-gt', 'donor-jica', 'dg-pe']) {
      expect((await form(person, plan)).status, person).toBe(403);
      expect((await importUpload(person, plan, key)).status, person).toBe(403);
    }
    expect((await form('coord-pe', 'no-such-plan')).status).toBe(404);
    expect(s3.calls()).toHaveLength(0);
  });

  it('refuses a bad request for a form, naming the field, and a body that is not JSON', async () => {
    const plan = await newPlan(t.store, 'API upload bad input plan');
    for (const body of [{}, { fileName: '' }, { fileName: 'x'.repeat(201) }, { fileName: 'x.csv', extra: 1 }]) {
      const res = await form('coord-pe', plan, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toEqual([Object.keys(body).includes('extra') ? 'extra' : 'fileName']);
    }
    const text = await t.as('coord-pe').send('POST', `/api/v1/plans/${plan}/imports/uploads`, { raw: 'fileName=x.csv', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(text.status).toBe(415);
    // The direct upload still needs its file name.
    const nameless = await t.as('coord-pe').send('POST', `/api/v1/plans/${plan}/imports`, { raw: WORKSHOP, headers: { 'Content-Type': 'text/csv' } });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors).toEqual([expect.objectContaining({ field: 'fileName' })]);
  });
});

describe('the API without an uploads bucket (locally, in the tests)', () => {
  let t: Awaited<ReturnType<typeof demoApp>>;
  beforeAll(async () => {
    t = await demoApp();
  }, 60_000);
  afterAll(() => t?.tables.client.destroy());

  it('says files go in the body here: 404 for a form, 400 naming `upload` for a key; the direct upload works', async () => {
    const plan = await newPlan(t.store, 'No bucket plan');
    const res = await t.as('coord-pe').post(`/api/v1/plans/${plan}/imports/uploads`, { fileName: 'x.csv' });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('send the file as the body');
    const key = `uploads/${plan}/coord-pe/${'a'.repeat(32)}/x.csv`;
    const byKey = await t.as('coord-pe').send('POST', `/api/v1/plans/${plan}/imports?upload=${encodeURIComponent(key)}`, {});
    expect(byKey.status).toBe(400);
    expect(byKey.body.errors).toEqual([expect.objectContaining({ field: 'upload' })]);
    const direct = await t.as('coord-pe').send('POST', `/api/v1/plans/${plan}/imports?fileName=x.csv`, { raw: WORKSHOP, headers: { 'Content-Type': 'text/csv' } });
    expect(direct.status).toBe(200);
    expect(direct.body.summary.create).toBe(2);
    expect(s3.calls()).toHaveLength(0);
  });

  it('describes both steps in the OpenAPI document', async () => {
    const doc = (await t.as(null).get('/api/v1/openapi.json')).body;
    const uploadsOp = doc.paths['/api/v1/plans/{id}/imports/uploads'].post;
    expect(uploadsOp.operationId).toBeTruthy();
    expect(uploadsOp.requestBody.content['application/json']).toBeDefined();
    expect(Object.keys(uploadsOp.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
    const importOp = doc.paths['/api/v1/plans/{id}/imports'].post;
    expect(importOp.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['upload', 'fileName']));
  });
});

describe('the web pages with an uploads bucket', () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await webWorld(SITE, { uploads: uploads() });
  }, 60_000);
  afterAll(() => w?.tables.client.destroy());

  const signedIn = (person: string, lang?: string) => Visitor.signedIn(w.app, SITE, person, lang);
  /** The upload form on the plan page, as the browser would send it to S3. */
  async function s3Form(v: Visitor, planId: string) {
    const page = await v.get(`/plans/${planId}`);
    const html = await page.text();
    const form = /<form method="post" action="(https:[^"]+)" enctype="multipart\/form-data" class="upload">([\s\S]*?)<\/form>/.exec(html);
    return { page, html, form };
  }
  const uploaded = (v: Visitor, planId: string, key: string) =>
    v.get(`/plans/${planId}/imports/uploaded?bucket=${BUCKET}&key=${encodeURIComponent(key)}&etag=${encodeURIComponent('"abc"')}`);

  it('the plan page\'s form posts to S3 with the presigned fields and the file last, and the page lets it (CSP form-action)', async () => {
    const plan = await newPlan(w.store, 'Web form plan');
    const { page, form } = await s3Form(await signedIn('coord-pe'), plan);
    expect(form, 'a form to S3').not.toBeNull();
    expect(form![1]).toBe(`https://${BUCKET}.s3.${REGION}.amazonaws.com/`);
    const names = [...form![2]!.matchAll(/<input[^>]* name="([^"]+)"/g)].map((m) => m[1]);
    expect(names.at(-1)).toBe('file');
    expect(names).toEqual(expect.arrayContaining(['key', 'bucket', 'Policy', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Algorithm', 'success_action_redirect']));
    // S3 refuses a field its policy does not name: no CSRF field goes there.
    expect(names).not.toContain('_csrf');
    const value = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(form![2]!)?.[1];
    expect(value('success_action_redirect')).toBe(`${SITE}/plans/${plan}/imports/uploaded`);
    expect(value('key')).toMatch(new RegExp(`^uploads/${plan}/coord-pe/[0-9a-f]{32}/\\$\\{filename\\}$`));
    expect(page.headers.get('Content-Security-Policy')).toMatch(new RegExp(`form-action 'self' https://${BUCKET}\\.s3\\.${REGION}\\.amazonaws\\.com`));
    // Someone who may not import gets no form (and no S3 form made for them).
    const { html } = await s3Form(await signedIn('focal-gt'), plan);
    expect(html).not.toContain('class="upload"');
    expect(s3.calls()).toHaveLength(0);
  });

  it('S3\'s redirect back previews the upload (its file name kept), deletes it, and shows the saved preview', async () => {
    const plan = await newPlan(w.store, 'Web uploaded plan');
    const pe = await signedIn('coord-pe', 'es');
    const key = `uploads/${plan}/coord-pe/${'b'.repeat(32)}/taller de Lima.csv`;
    stored(key, WORKSHOP);
    const res = await uploaded(pe, plan, key);
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    expect(location).toMatch(new RegExp(`^/plans/${plan}/imports/[a-z0-9-]+$`));
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: BUCKET, Key: key });
    const html = await (await pe.get(location)).text();
    expect(html).toContain('Vista previa de la importación: taller de Lima.csv');
    expect(html).toContain('Comité de gestión de riesgos');
    expect((await w.store.plans.collection(plan)).milestones).toEqual([]);
  });

  it('a file over 5 MB gets the page with the sentence in the reader\'s language (413), and is never read', async () => {
    const plan = await newPlan(w.store, 'Web big upload plan');
    const key = `uploads/${plan}/coord-pe/${'c'.repeat(32)}/grande.xlsx`;
    stored(key, WORKSHOP, 6 * 1024 * 1024);
    for (const [lang, sentence] of [['es', 'El archivo pesa más de 5 MB'], ['en', 'The file is larger than 5 MB']] as const) {
      const res = await uploaded(await signedIn('coord-pe', lang), plan, key);
      expect(res.status).toBe(413);
      expect(res.headers.get('Content-Type')).toContain('text/html');
      expect(await res.text()).toContain(sentence);
    }
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Key: key });
  });

  it('an upload no longer there gets a page that says to upload again (404); someone else\'s key 400; who may not import 403', async () => {
    const plan = await newPlan(w.store, 'Web missing upload plan');
    const other = await newPlan(w.store, 'Web other plan');
    const pe = await signedIn('coord-pe', 'pt');
    const key = `uploads/${plan}/coord-pe/${'d'.repeat(32)}/x.csv`;
    missing(key, 404);
    const gone = await uploaded(pe, plan, key);
    expect(gone.status).toBe(404);
    const html = (await gone.text()).replace(/&#39;/g, "'");
    expect(html).toContain('envie-o de novo');
    expect(html).toContain(`href="/plans/${plan}#spreadsheets"`);
    s3.reset();
    for (const wrong of [`uploads/${other}/coord-pe/${'d'.repeat(32)}/x.csv`, `uploads/${plan}/coord-ar/${'d'.repeat(32)}/x.csv`, '../../etc/passwd']) {
      expect((await uploaded(pe, plan, wrong)).status, wrong).toBe(400);
    }
    expect((await uploaded(await signedIn('focal-gt'), plan, `uploads/${plan}/focal-gt/${'d'.repeat(32)}/x.csv`)).status).toBe(403);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('the web pages without an uploads bucket', () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await webWorld(SITE);
  }, 60_000);
  afterAll(() => w?.tables.client.destroy());

  it('keep the upload form on the app itself, with its CSRF field, and have no page for S3 to come back to', async () => {
    const plan = await newPlan(w.store, 'Direct web plan');
    const pe = await Visitor.signedIn(w.app, SITE, 'coord-pe');
    const page = await pe.get(`/plans/${plan}`);
    const html = await page.text();
    expect(html).toMatch(new RegExp(`<form method="post" action="/plans/${plan}/imports" enctype="multipart/form-data" class="upload"><input type="hidden" name="_csrf"`));
    expect(page.headers.get('Content-Security-Policy')).toContain("form-action 'self';");
    const res = await pe.get(`/plans/${plan}/imports/uploaded?key=${encodeURIComponent(`uploads/${plan}/coord-pe/${'e'.repeat(32)}/x.csv`)}`);
    expect(res.status).toBe(404);
    expect(s3.calls()).toHaveLength(0);
  });

  it('answer someone who may not import with 403, not an error page (a crafted direct upload)', async () => {
    const plan = await newPlan(w.store, 'Direct web policy plan');
    const gt = await Visitor.signedIn(w.app, SITE, 'focal-gt');
    await gt.get(`/plans/${plan}`);
    const form = new FormData();
    form.set('_csrf', gt.csrf);
    form.set('file', new File([WORKSHOP as Uint8Array<ArrayBuffer>], 'x.csv', { type: 'text/csv' }));
    const res = await gt.send(`/plans/${plan}/imports`, { method: 'POST', headers: { Origin: SITE }, body: form });
    expect(res.status).toBe(403);
    expect((await w.store.plans.collection(plan)).milestones).toEqual([]);
  });
});
