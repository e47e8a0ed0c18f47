/**
 * The signed links in mail, end to end: a reminder's one-click update (single use, 7 days, its
 * milestone only, version-guarded, recorded as the person), the reminders opt-out with RFC 8058
 * one-click, and a Director General's digest frequency (never off).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../shared/jobs/reminders.ts';
import { LINK_PATHS } from '../../shared/mail/links.ts';
import { appOver, jobsWorld, PUBLIC_URL, RUN_AT, type JobsWorld } from './jobs-world.ts';

const seeder = { userId: 'seed', role: 'admin' as const };
let w: JobsWorld;
let now = RUN_AT;
let app: ReturnType<typeof appOver>['app'];

beforeAll(async () => {
  w = await jobsWorld();
  app = appOver(w, () => now).app;
  await runReminders(w.deps(RUN_AT));
});

/** The links of one kind in the mail to a person, as paths on the app. */
function linksIn(email: string, path: string): string[] {
  const text = w.mailer.to(email).map((m) => m.text).join('\n');
  const found = [...text.matchAll(/https:\/\/tracker\.example\.org(\/mail\/[a-z-]+\/[A-Za-z0-9_.-]+)/g)].map((m) => m[1]!);
  return found.filter((p) => p.startsWith(path));
}

async function page(path: string, form?: Record<string, string>) {
  const res = await app.request(path, form
    ? { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }
    : {});
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

describe('one-click update from a reminder', () => {
  it('opens a form for its milestone without signing in, and changes nothing on GET', async () => {
    const [link] = linksIn('focal-br@example.org', LINK_PATHS.update);
    const res = await page(link!);
    expect(res.status).toBe(200);
    expect(res.html).toContain('Joint targeted control operation: planning meeting');
    expect(res.html).toContain('<html lang="pt"');
    expect(res.html).not.toMatch(/<script|style="/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'none'");
    expect((await w.store.milestones.require('ams-rm-current.m04')).milestone.version).toBe(1);
  });

  it('saves status, progress and a note as the person it was sent to, once', async () => {
    const [link] = linksIn('focal-br@example.org', LINK_PATHS.update);
    const form = await page(link!);
    const saved = await page(link!, { status: 'in_progress', progress: '30', note: 'Reunião marcada para 4 de dezembro.', version: versionIn(form.html) });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Obrigado: a atualização foi salva.');

    const { milestone } = await w.store.milestones.require('ams-rm-current.m04');
    expect(milestone).toMatchObject({ status: 'in_progress', progress: 30, note: 'Reunião marcada para 4 de dezembro.', updatedBy: 'focal-br', version: 2 });
    const history = await w.store.history.list('milestone/ams-rm-current.m04', { limit: 1 });
    expect(history.items[0]).toMatchObject({ actor: 'focal-br', actorRole: 'focal_point', via: 'reminder-link', action: 'updated' });

    // Single use: neither the form nor a second save works any more.
    expect((await page(link!)).status).toBe(410);
    const again = await page(link!, { status: 'done', progress: '100', note: '', version: '2' });
    expect(again.status).toBe(410);
    expect(again.html).toContain('Este link já foi usado');
    expect((await w.store.milestones.require('ams-rm-current.m04')).milestone.status).toBe('in_progress');
  });

  it('honours the version guard: a stale form is refused, shows the current state, and the link stays usable', async () => {
    const link = new URL(w.links.milestoneUpdate('ams-rm-current.m05', 'focal-ht', now)).pathname;
    const form = await page(link);
    const current = await w.store.milestones.require('ams-rm-current.m05');
    await w.store.milestones.update(current.milestone, { progress: 65 }, current.milestone.version, { userId: 'coord-pe', role: 'coordinator' });

    const stale = await page(link, { status: 'in_progress', progress: '70', note: 'x', version: versionIn(form.html) });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('Quelqu’un d’autre a modifié ce jalon');
    expect(stale.html).toContain('value="65"');
    const retried = await page(link, { status: 'in_progress', progress: '70', note: 'Accord signé.', version: versionIn(stale.html) });
    expect(retried.status).toBe(200);
    expect((await w.store.milestones.require('ams-rm-current.m05')).milestone).toMatchObject({ progress: 70, updatedBy: 'focal-ht' });
  });

  it('refuses bad input with the field named, and stays usable', async () => {
    const link = new URL(w.links.milestoneUpdate('ams-rm-current.m06', 'focal-jm', now)).pathname;
    const form = await page(link);
    const bad = await page(link, { status: 'in_progress', progress: '140', note: '', version: versionIn(form.html) });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="progress-error"');
    expect(bad.html).toContain('Progress must be a whole number from 0 to 100.');
    const done = await page(link, { status: 'done', progress: '', note: 'Deployed.', version: versionIn(form.html) });
    expect(done.status).toBe(200);
    expect((await w.store.milestones.require('ams-rm-current.m06')).milestone).toMatchObject({ status: 'done', progress: 100 });
  });

  it('expires after 7 days, and refuses forged or foreign links', async () => {
    const link = new URL(w.links.milestoneUpdate('ams-rm-current.m07', 'focal-mx', RUN_AT)).pathname;
    now = new Date(RUN_AT.getTime() + 8 * 86_400_000);
    try {
      expect((await page(link)).status).toBe(410);
    } finally {
      now = RUN_AT;
    }
    expect((await page(`${link.slice(0, -3)}abc`)).status).toBe(400);
    // Signed correctly, but for a person whose administration does not own the milestone: 403.
    const foreign = new URL(w.links.milestoneUpdate('ams-rm-current.m07', 'focal-br', now)).pathname;
    expect((await page(foreign)).status).toBe(403);
    // An unsubscribe token cannot be used as an update link.
    const [unsubscribe] = linksIn('focal-mx@example.org', LINK_PATHS.remindersOff);
    expect((await page(`${LINK_PATHS.update}${unsubscribe!.split('/').pop()}`)).status).toBe(400);
  });
});

describe('reminder opt-out', () => {
  it('asks on GET, stops reminders on the RFC 8058 one-click POST, and the next run leaves the person out', async () => {
    const [link] = linksIn('focal-jm@example.org', LINK_PATHS.remindersOff);
    const ask = await page(link!);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain('Stop sending reminder emails to focal-jm@example.org?');
    expect((await w.store.people.require('focal-jm')).remindersOptOut).toBe(false);

    const done = await page(link!, { 'List-Unsubscribe': 'One-Click' });
    expect(done.status).toBe(200);
    expect((await w.store.people.require('focal-jm')).remindersOptOut).toBe(true);
    expect((await page(link!, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200); // idempotent

    const m = await w.store.milestones.require('ams-rm-current.m06');
    await w.store.milestones.update(m.milestone, { status: 'in_progress', progress: 50 }, m.milestone.version, seeder);
    const before = w.mailer.sent.length;
    await runReminders(w.deps(new Date('2026-12-07T12:00:00Z')));
    expect(w.mailer.sent.slice(before).map((x) => x.to.email)).not.toContain('focal-jm@example.org');
  });
});

describe('digest frequency for Directors General', () => {
  const link = () => new URL(w.links.digestFrequency('PE')).pathname;

  it('offers the three frequencies and no way to turn the digest off', async () => {
    const res = await page(link());
    expect(res.status).toBe(200);
    expect(res.html).toContain('<html lang="es"');
    expect(res.html).toContain('no pueden darse de baja');
    expect(res.html.match(/type="radio"/g)).toHaveLength(3);
  });

  it('sets the chosen frequency, and a mail client\'s one-click unsubscribe the least frequent one', async () => {
    expect((await page(link(), { frequency: 'weekly' })).status).toBe(200);
    expect((await w.store.administrations.require('PE')).digestFrequency).toBe('weekly');
    const oneClick = await page(link(), { 'List-Unsubscribe': 'One-Click' });
    expect(oneClick.status).toBe(200);
    expect(oneClick.html).toContain('ahora es trimestral');
    expect((await w.store.administrations.require('PE')).digestFrequency).toBe('quarterly');
    expect((await page(link(), { frequency: 'never' })).status).toBe(400);
    const history = await w.store.history.list('administration/PE', { limit: 5 });
    expect(history.items[0]).toMatchObject({ actor: 'dg-pe', actorRole: 'director_general', via: 'digest-link' });
  });
});

it('the link pages answer 404 in an app without a link signer', async () => {
  const { createApp } = await import('../../shared/app.ts');
  const bare = createApp({ store: w.store, verifier: { verify: async () => { throw new Error('no'); } }, now: () => now, config: { corsOrigins: [], publicUrl: PUBLIC_URL } });
  const res = await bare.request(new URL(w.links.remindersOff('focal-br')).pathname);
  expect(res.status).toBe(404);
});
