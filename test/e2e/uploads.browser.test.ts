/**
 * The upload through the uploads bucket in a real browser (Chromium via playwright-core): the plan
 * page's form posts the file to "S3" (a stand-in on loopback that checks the form as S3 would: the
 * presigned fields, the file last, the key under the form's prefix with `${filename}` replaced) and
 * S3 redirects back to the app (`success_action_redirect`), which reads the object (S3 mocked with
 * aws-sdk-client-mock), deletes it and shows the preview. The page's Content-Security-Policy must
 * let the form post to the bucket. Screenshots of the upload section in English and Spanish
 * (test/e2e/screenshots/uploads-*.png).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { serve, type ServerType } from '@hono/node-server';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlan } from '../../shared/commands/plans.ts';
import { s3Uploads, type Uploads } from '../../shared/sheets/uploads.ts';
import { csv } from '../support/sheets.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { launchBrowser, seriousViolations, signedInPage } from './support/browser.ts';

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const FILES = join(tmpdir(), `uploads-browser-${process.pid}`);
const BUCKET = 'tracker-uploads-test';
const s3 = mockClient(S3Client);

let app: RunningApp;
let browser: Browser;
let fakeS3: ServerType;
/** What the stand-in received, in order of the form's fields. */
const received: { fields: string[]; key: string; bytes: number }[] = [];

/** S3's POST as far as the browser sees it: a multipart form, then a 303 to `success_action_redirect`. */
async function fakeS3Post(request: Request): Promise<Response> {
  const form = await request.formData();
  const names = [...form.keys()];
  const file = form.get('file');
  const key = String(form.get('key'));
  const policy = JSON.parse(Buffer.from(String(form.get('Policy')), 'base64').toString('utf8')) as { conditions: unknown[] };
  const prefix = (policy.conditions.find((c) => Array.isArray(c) && c[0] === 'starts-with') as string[])[2]!;
  if (!(file instanceof File) || names.at(-1) !== 'file' || !key.startsWith(prefix)) return new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403 });
  const stored = key.replace('${filename}', file.name);
  const bytes = new Uint8Array(await file.arrayBuffer());
  received.push({ fields: names, key: stored, bytes: bytes.byteLength });
  s3.on(HeadObjectCommand, { Key: stored }).resolves({ ContentLength: bytes.byteLength });
  s3.on(GetObjectCommand, { Key: stored }).resolves({ Body: { transformToByteArray: async () => bytes } as never });
  s3.on(DeleteObjectCommand).resolves({});
  const back = new URL(String(form.get('success_action_redirect')));
  back.search = new URLSearchParams({ bucket: BUCKET, key: stored, etag: '"9b2cf535f27731c974343645a3985328"' }).toString();
  return new Response(null, { status: 303, headers: { Location: back.href } });
}

beforeAll(async () => {
  fakeS3 = serve({ fetch: fakeS3Post, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => (fakeS3.listening ? resolve() : fakeS3.once('listening', () => resolve())));
  const origin = `http://127.0.0.1:${(fakeS3.address() as AddressInfo).port}`;
  const real = s3Uploads({ bucket: BUCKET, region: 'eu-west-1', config: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } } });
  // The real presigned form, sent to the stand-in instead of the bucket's own address.
  const uploads: Uploads = { ...real, origin, form: async (request) => ({ ...(await real.form(request)), url: `${origin}/` }) };
  [app, browser] = await Promise.all([startApp(undefined, { uploads }), launchBrowser()]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(FILES, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise<void>((resolve) => (fakeS3 ? fakeS3.close(() => resolve()) : resolve()));
  s3.restore();
});

describe('an upload through the uploads bucket', () => {
  for (const [lang, preview, section] of [['es', 'Vista previa de la importación: taller-lima.csv', 'Hojas de cálculo'], ['en', 'Import preview: taller-lima.csv', 'Spreadsheets']] as const) {
    it(`goes from the plan page to S3 and back to the preview (${lang})`, async () => {
      const plan = await createPlan({ store: app.store, now: () => new Date() }, { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE' }, {
        strategyId: 'ams-rm', plan: { title: `Plan de Lima ${lang}`, period: { start: '2026-01-01', end: '2027-12-31' } },
      });
      const { page, csp } = await signedInPage(browser, app.baseUrl, 'coord-pe', lang, { locale: lang === 'es' ? 'es-PE' : 'en-GB' });
      await page.goto(`${app.baseUrl}/plans/${plan.id}`);
      const upload = page.locator('section[aria-labelledby="spreadsheets"]');
      await expect(upload.locator('h2').textContent()).resolves.toBe(section);
      await upload.scrollIntoViewIfNeeded();
      await upload.screenshot({ path: join(SCREENSHOTS, `uploads-section-${lang}.png`) });
      expect(await seriousViolations(page)).toEqual([]);

      const path = join(FILES, 'taller-lima.csv');
      writeFileSync(path, csv([['Title', 'Owner administration', 'Due date'], ['Comité de gestión de riesgos', 'PE', '2026-06-30'], ['Perfiles de riesgo', 'AR', '2026-07-31']]));
      const before = received.length;
      await page.setInputFiles('#import-file', path);
      await Promise.all([page.waitForURL(new RegExp(`/plans/${plan.id}/imports/[a-z0-9-]+$`)), page.click('form.upload button[type=submit]')]);
      expect(received).toHaveLength(before + 1);
      expect(received.at(-1)!.fields.at(-1)).toBe('file');
      expect(received.at(-1)!.key).toMatch(new RegExp(`^uploads/${plan.id}/coord-pe/[0-9a-f]{32}/taller-lima\\.csv$`));
      await expect(page.locator('h1').textContent()).resolves.toBe(preview);
      await expect(page.locator('body').textContent()).resolves.toContain('Perfiles de riesgo');
      expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: BUCKET, Key: received.at(-1)!.key });
      await page.screenshot({ path: join(SCREENSHOTS, `uploads-preview-${lang}.png`), fullPage: true });
      expect(csp).toEqual([]);
      await page.context().close();
    }, 60_000);
  }
});
