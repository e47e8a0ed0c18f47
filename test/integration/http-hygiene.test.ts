/**
 * Small things a reviewer found (issue 10): personal API answers are never cached (item 9), the
 * token in a mail link never leaves in a Referer (item 10), robots are kept out (item 20).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../shared/jobs/reminders.ts';
import { appOver, jobsWorld, PUBLIC_URL, RUN_AT, type JobsWorld } from './jobs-world.ts';

let w: JobsWorld;
let over: ReturnType<typeof appOver>;

beforeAll(async () => {
  w = await jobsWorld();
  over = appOver(w, () => RUN_AT);
  await runReminders(w.deps(RUN_AT));
});

describe('what a response tells caches and browsers', () => {
  it('every authenticated API answer is private and not stored, errors included', async () => {
    for (const [who, path] of [['donor-jica', '/api/v1/me'], ['admin', '/api/v1/people'], ['donor-jica', '/api/v1/donors/jica/contributions'], ['admin', '/api/v1/milestones/ams-rm-current.m03'], ['focal-gt', '/api/v1/people'], ['admin', '/api/v1/plans/nope']] as const) {
      const res = await over.app.request(path, { headers: await over.bearer(who) });
      expect(`${path} ${res.headers.get('Cache-Control')}`).toBe(`${path} private, no-store`);
    }
  });

  it('the page behind a reminder link sends no Referer, over the app-wide security headers', async () => {
    const text = w.mailer.to('focal-br@example.org')[0]!.text;
    const path = /https:\/\/tracker\.example\.org(\/mail\/update\/[A-Za-z0-9_.-]+)/.exec(text)![1]!;
    const res = await over.app.request(`${PUBLIC_URL}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    // Elsewhere the app keeps same-origin (its CSRF check reads the Origin of form posts).
    expect((await over.app.request(`${PUBLIC_URL}/sign-in`)).headers.get('Referrer-Policy')).toBe('same-origin');
  });

  it('robots.txt keeps crawlers out', async () => {
    const res = await over.app.request(`${PUBLIC_URL}/robots.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('User-agent: *\nDisallow: /\n');
  });
});

describe("a Director General's e-mail address (issue 10, item 7)", () => {
  it('is seen by the secretariat and the administration\'s own people only', async () => {
    const read = async (who: string, path: string) => (await over.app.request(path, { headers: await over.bearer(who) })).json();
    expect((await read('admin', '/api/v1/administrations/PE')).directorGeneral).toEqual({ name: 'Lucía Paredes', email: 'dg-pe@example.org' });
    expect((await read('coord-pe', '/api/v1/administrations/PE')).directorGeneral.email).toBe('dg-pe@example.org');
    for (const [who, own] of [['donor-jica', null], ['focal-gt', 'gt'], ['coord-ar', 'ar'], ['dg-gt', 'gt']] as const) {
      const one = await read(who, '/api/v1/administrations/PE');
      expect(one.directorGeneral).toEqual({ name: 'Lucía Paredes' });
      const listed = JSON.stringify(await read(who, '/api/v1/administrations?limit=100'));
      const emails = [...listed.matchAll(/dg-([a-z]{2})@example\.org/g)].map((m) => m[1]);
      expect(emails).toEqual(own ? [own] : []);
    }
  });
});
