/**
 * The period-close reminder's one-click report links, end to end over DynamoDB Local and the demo
 * world: the reminder links each value an administration owes to a form that needs no sign-in;
 * the link is signed for exactly one indicator, period, administration and person, expires, works
 * once, and is refused (with a page saying why) when expired, tampered with, of another kind, sent
 * to someone who may not report for that administration, or once the period's value is approved.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { approveSubmission } from '../../shared/commands/index.ts';
import { runReminders } from '../../shared/jobs/reminders.ts';
import { LINK_PATHS, UPDATE_LINK_DAYS } from '../../shared/mail/links.ts';
import { appOver, jobsWorld, SEEDED_AT, type JobsWorld } from './jobs-world.ts';

/** Five days before round 2 of the demo plan closes (local/demo-results.ts): its reminder goes out. */
const SENT_AT = new Date(SEEDED_AT.getTime() + 3_600_000);
const PLAN = 'ams-rm-current';
const ROUND_2 = `${PLAN}.round-2`;
const RM_UNIT = `${PLAN}.rm-unit`;

let w: JobsWorld;
let now = SENT_AT;
let app: ReturnType<typeof appOver>['app'];

beforeAll(async () => {
  w = await jobsWorld();
  app = appOver(w, () => now).app;
  await runReminders(w.deps(SENT_AT));
});

/** The report links in the mail to a person, as paths on the app, with the indicator each names. */
function reportLinks(email: string): { path: string; indicatorId: string }[] {
  const text = w.mailer.to(email).map((m) => m.text).join('\n');
  return [...text.matchAll(/https:\/\/tracker\.example\.org(\/mail\/report\/([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+)/g)].map((m) => ({
    path: m[1]!,
    indicatorId: (JSON.parse(Buffer.from(m[2]!, 'base64url').toString('utf8')) as { i: string }).i,
  }));
}

const pathOf = (url: string) => new URL(url).pathname;
const linkFor = (indicatorId: string, administrationId: string, personId: string, issuedAt = now) =>
  pathOf(w.links.resultReport({ indicatorId, periodId: ROUND_2, administrationId }, personId, issuedAt));

async function page(path: string, form?: Record<string, string>) {
  const res = await app.request(path, form
    ? { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }
    : {});
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const waiting = async () => (await w.store.results.awaitingReview('ams-rm'));

describe('the period-close reminder links each value owed to its one-click form', () => {
  it('a Report link per indicator Brazil still owes for round 2, and the page opens without signing in', async () => {
    const links = reportLinks('focal-br@example.org');
    // Brazil has round 2's selection share and hit rate approved; the five others are owed.
    expect(links.map((l) => l.indicatorId).sort()).toEqual(['certified', 'exchange-use', 'profiles-shared', 'rm-unit', 'trained'].map((i) => `${PLAN}.${i}`));
    const mail = w.mailer.to('focal-br@example.org')[0]!;
    expect(mail.text).toContain(`${UPDATE_LINK_DAYS}`);
    const res = await page(links.find((l) => l.indicatorId === RM_UNIT)!.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.html).toContain('<html lang="pt"');
    expect(res.html).toContain('Administrations with a national risk-management committee or unit in place');
    expect(res.html).toContain('Relatar um valor');
    expect(res.html).not.toMatch(/<script|style="/);
    // A GET changes nothing.
    expect((await waiting()).filter((s) => s.administrationId === 'BR')).toEqual([]);
  });
});

describe('submitting from the link', () => {
  it('submits the value as the person it was sent to, for the link\'s indicator whatever the form says, into the review queue, once', async () => {
    const link = reportLinks('focal-br@example.org').find((l) => l.indicatorId === RM_UNIT)!.path;
    // Bad input first: refused with the field named, nothing written, the link still usable.
    const bad = await page(link, { value: 'twelve', note: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="value-error"');
    expect((await waiting()).filter((s) => s.administrationId === 'BR')).toEqual([]);

    const saved = await page(link, { value: '1', note: 'Comitê de gestão de riscos criado por portaria.', indicatorId: `${PLAN}.hit-rate`, administrationId: 'MX' });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Obrigado');
    const queued = (await waiting()).filter((s) => s.administrationId === 'BR');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ indicatorId: RM_UNIT, periodId: ROUND_2, administrationId: 'BR', value: '1', submittedBy: 'focal-br', state: 'submitted' });
    const history = await w.store.history.list(`submission/${queued[0]!.id}`, { limit: 1 });
    expect(history.items[0]).toMatchObject({ actor: 'focal-br', via: 'reminder-link', action: 'submitted' });

    // Once: neither the form nor a second submission works any more.
    expect((await page(link)).status).toBe(410);
    const again = await page(link, { value: '1', note: '' });
    expect(again.status).toBe(410);
    expect(again.html).toContain('Este link já foi usado');
    expect((await waiting()).filter((s) => s.administrationId === 'BR')).toHaveLength(1);
  });

  it('a returned value: the form shows the reason and the value, and submitting corrects that submission', async () => {
    const share = `${PLAN}.selected-share`;
    const link = linkFor(share, 'GT', 'focal-gt');
    const form = await page(link);
    expect(form.status).toBe(200);
    expect(form.html).toContain('The figure covers three months only');
    expect(form.html).toContain('value="52"');
    const version = /name="version" value="(\d+)"/.exec(form.html)?.[1];
    expect(version).toBeDefined();
    const saved = await page(link, { value: '50', note: 'Whole round, August to January.', version: version! });
    expect(saved.status).toBe(200);
    const framework = await w.store.results.framework(PLAN);
    const gt = framework.submissions.filter((s) => s.indicatorId === share && s.periodId === ROUND_2 && s.administrationId === 'GT');
    expect(gt).toHaveLength(1);
    expect(gt[0]).toMatchObject({ value: '50', state: 'submitted', submittedBy: 'focal-gt' });
  });
});

describe('links that cannot be used get a page saying why', () => {
  it('expired, tampered with, or of another kind: refused, nothing written', async () => {
    const expired = linkFor(`${PLAN}.certified`, 'BR', 'focal-br', new Date(now.getTime() - (UPDATE_LINK_DAYS + 1) * 86_400_000));
    const old = await page(expired);
    expect(old.status).toBe(410);
    // Whose link it was is not read from an expired one: the page speaks the browser's language.
    expect(old.html).toContain('This link has expired. Sign in to the tracker to report the value.');
    expect((await page(expired, { value: '3', note: '' })).status).toBe(410);

    const good = linkFor(`${PLAN}.certified`, 'BR', 'focal-br');
    const tampered = `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await page(tampered)).status).toBe(400);
    // The claims of another indicator under this link's signature: the signature no longer fits.
    const [body, signature] = good.slice(LINK_PATHS.report.length).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${LINK_PATHS.report}${Buffer.from(JSON.stringify({ ...claims, i: `${PLAN}.trained` })).toString('base64url')}.${signature}`;
    expect((await page(forged, { value: '30', note: '' })).status).toBe(400);
    // A milestone update link is not a report link, nor the other way round.
    const update = pathOf(w.links.milestoneUpdate(`${PLAN}.m04`, 'focal-br', now));
    expect((await page(`${LINK_PATHS.report}${update.split('/').pop()}`)).status).toBe(400);
    expect((await page(`${LINK_PATHS.update}${good.split('/').pop()}`)).status).toBe(400);
    // A period of another plan under the indicator's: no such value to report.
    expect((await page(pathOf(w.links.resultReport({ indicatorId: RM_UNIT, periodId: 'toa-rm-2023.round-2', administrationId: 'BR' }, 'focal-br', now)))).status).toBe(404);
    expect((await w.store.results.framework(PLAN)).submissions.filter((s) => s.administrationId === 'BR' && s.indicatorId !== `${PLAN}.rm-unit` && s.periodId === ROUND_2 && s.state === 'submitted')).toEqual([]);
  });

  it('a focal point of another administration cannot use a link for Brazil', async () => {
    const link = linkFor(`${PLAN}.trained`, 'BR', 'focal-mx');
    const res = await page(link);
    expect(res.status).toBe(403);
    expect(res.html).toContain('No puede reportar este valor desde este enlace');
    expect((await page(link, { value: '8', note: '' })).status).toBe(403);
    expect((await waiting()).filter((s) => s.administrationId === 'BR' && s.indicatorId === `${PLAN}.trained`)).toEqual([]);
  });

  it('once the period\'s value is approved, a link for it is refused', async () => {
    // Guatemala's round 2 unit was approved in the demo.
    const approved = await page(linkFor(RM_UNIT, 'GT', 'focal-gt'));
    expect(approved.status).toBe(409);
    expect(approved.html).toContain('ya está aprobado');
    // Brazil's, submitted from its link above, once a co-coordinator approves it.
    const [mine] = (await waiting()).filter((s) => s.administrationId === 'BR' && s.indicatorId === RM_UNIT);
    await approveSubmission({ store: w.store, now: () => now }, { userId: 'coord-ar', role: 'coordinator', administrationId: 'AR' }, { id: mine!.id, expectedVersion: mine!.version });
    const fresh = linkFor(RM_UNIT, 'BR', 'focal-br');
    expect((await page(fresh)).status).toBe(409);
    const post = await page(fresh, { value: '0', note: '' });
    expect(post.status).toBe(409);
    const values = (await w.store.results.framework(PLAN)).submissions.filter((s) => s.administrationId === 'BR' && s.indicatorId === RM_UNIT && s.periodId === ROUND_2);
    expect(values.map((s) => [s.state, s.value])).toEqual([['approved', '1']]);
  });
});
