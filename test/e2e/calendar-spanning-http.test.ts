/**
 * Calendar feeds that span plans (issue 13): a person's own milestones (those they report on or
 * coordinate) and an administration's, in process against DynamoDB Local with the demo world. Read
 * as iCalendar by ical.js (not the library that wrote it); polled with If-None-Match for one
 * BatchGetItem (the administration's feed marker moves with every change to what the feed shows);
 * each token reads its own feed only; reset, revoke and lost access stop it. The commands behind the
 * profile page get the write-path cases: bad input, a stale version, the policy.
 */
import { describe, expect, it } from 'vitest';
import { Forbidden, Invalid, addCoordinator, removeCoordinator, resetCalendarFeed, revokeCalendarFeed, updateMilestone, updatePlan } from '../../shared/commands/index.ts';
import { VersionConflict } from '../../shared/store/index.ts';
import { inLanguage } from '../../shared/domain/translations.ts';
import { addressIn, calendarWorld, events, expectCancelledInFeed } from './support/calendar.ts';
import { Visitor } from './support/visitor.ts';

const SITE = 'http://tracker.test';
const w = calendarWorld(SITE);
const { poll, feedVersion, deps } = w;
const admin = { userId: 'admin', role: 'admin' as const };
const focalGt = { userId: 'focal-gt', role: 'focal_point' as const, administrationId: 'GT' };
const coordPe = { userId: 'coord-pe', role: 'coordinator' as const, administrationId: 'PE' };
const dgGt = { userId: 'dg-gt', role: 'director_general' as const, administrationId: 'GT' };
const donorJica = { userId: 'donor-jica', role: 'donor' as const, donorId: 'jica' };

const tokenOf = (url: string) => url.split('/').pop()!;

/** Every milestone of the demo world, with its plan's title and co-coordinators. */
async function everyMilestone() {
  const out = [];
  for (const planId of ['ams-rm-2013-targeting', 'ams-rm-2014', 'ams-rm-current', 'ca-crm-2017', 'toa-rm-2023']) {
    const { record, milestones } = await w.store.plans.collection(planId);
    for (const { milestone } of milestones) out.push({ ...milestone, planTitle: inLanguage(record.plan, ['es']).title, coordinatorIds: record.scope.coordinatorIds });
  }
  return out;
}

const uids = (text: string) => events(text).map((e) => e.uid.replace('@tracker.test', '')).sort();

let gt: Visitor;
let own: string;

describe('a person’s own feed', () => {
  it('a focal point follows the milestones they report on from the profile page: every milestone its administration owns, across plans, in their language', async () => {
    gt = await Visitor.signedIn(w.app, SITE, 'focal-gt');
    const page = await (await gt.get('/profile')).text();
    expect(page).toContain('Seguir «Sus hitos (los que informa o coordina)» en un calendario');
    const made = await gt.post('/profile/feeds', { person: 'focal-gt', version: String(await feedVersion('focal-gt')) });
    expect(made.status).toBe(200);
    own = addressIn(await made.text())!;
    expect(own).toMatch(new RegExp(`^${SITE}/feeds/focal-gt/milestones/GT/[A-Za-z0-9_-]{43}\\.ics$`));

    const response = await poll(own);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    const text = await response.text();
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);

    const gtOwns = (await everyMilestone()).filter((m) => m.ownerAdministrationId === 'GT');
    expect(gtOwns.length).toBe(5);
    expect(new Set(gtOwns.map((m) => m.planId)).size).toBe(3);
    const list = events(text);
    expect(uids(text)).toEqual(gtOwns.map((m) => m.id).sort());
    for (const m of gtOwns) {
      const e = list.find((x) => x.uid === `${m.id}@tracker.test`)!;
      expect(e.start.isDate).toBe(true);
      expect(e.start.toString()).toBe(m.dueDate);
      expect(e.sequence).toBe(m.version);
      // Titles in the person's language (Spanish) where held, else the original (calendar-http.test.ts: its LANGUAGE).
      expect(e.summary).toBe(`Hito ${m.ref}: ${m.translations?.title?.texts.es?.text ?? m.title}`);
      expect(e.description.startsWith(`${m.planTitle}. Estado: `)).toBe(true);
      expect(e.url).toBe(`${SITE}/milestones/${m.id}`);
    }
    // The feed is listed on the profile, its address not shown again.
    const later = await (await gt.get('/profile')).text();
    expect(later).toContain('Sus hitos (los que informa o coordina)');
    expect(later).not.toContain('.ics');
  });

  it('an unchanged feed answers 304 for one BatchGetItem; a full read adds one Query of the strategies, one per strategy and one per plan', async () => {
    const etag = (await poll(own)).headers.get('ETag')!;
    expect(etag).toMatch(/^"f2\.person\.GT\./);
    w.tables.counter.reset();
    const again = await poll(own, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(w.tables.counter.commands).toEqual(['BatchGetItemCommand']);
    w.tables.counter.reset();
    expect((await poll(own, { 'If-None-Match': '"f2.person.GT.0.0.0"' })).status).toBe(200);
    // GT takes part in three plans of three strategies: 1 + 1 + 3 + 3.
    expect(w.tables.counter.count('BatchGetItem')).toBe(1);
    expect(w.tables.counter.count('Query')).toBe(7);
    expect(w.tables.counter.commands).toHaveLength(8);
  });

  it('a change to one of its milestones moves the ETag and the SEQUENCE; a cancelled one is STATUS:CANCELLED; a change elsewhere leaves it 304', async () => {
    const etag = (await poll(own)).headers.get('ETag')!;
    const elsewhere = (await w.store.milestones.require('ams-rm-current.m02')).milestone;
    await updateMilestone(deps(), admin, { id: elsewhere.id, patch: { progress: 85 }, expectedVersion: elsewhere.version });
    expect((await poll(own, { 'If-None-Match': etag })).status).toBe(304);

    await expectCancelledInFeed(w, own, etag, 'ams-rm-current.m08');
  });

  it('a new plan title moves the feeds of the plan’s administrations', async () => {
    const etag = (await poll(own)).headers.get('ETag')!;
    const plan = await w.store.plans.require('ca-crm-2017');
    await updatePlan(deps(), admin, { id: plan.plan.id, patch: { title: `${plan.plan.title} (2017)` }, expectedVersion: plan.plan.version });
    const moved = await poll(own, { 'If-None-Match': etag });
    expect(moved.status).toBe(200);
    expect(events(await moved.text()).find((x) => x.uid === 'ca-crm-2017.m02@tracker.test')!.description).toContain('(2017). Estado');
  });

  it('a coordinator’s feed also holds the milestones of the plans it co-coordinates, and loses them when its administration stops co-coordinating', async () => {
    const { token } = await resetCalendarFeed(deps(), coordPe, { personId: 'coord-pe', feed: { kind: 'person', id: 'coord-pe' }, expectedVersion: await feedVersion('coord-pe') });
    const url = `${SITE}/feeds/coord-pe/milestones/PE/${token}.ics`;
    const first = await poll(url);
    expect(first.status).toBe(200);
    const all = await everyMilestone();
    const expected = all.filter((m) => m.ownerAdministrationId === 'PE' || m.coordinatorIds.includes('PE')).map((m) => m.id).sort();
    expect(uids(await first.text())).toEqual(expected);
    expect(expected).toContain('ams-rm-current.m03'); // GT's, in a plan PE co-coordinates
    expect(expected.some((id) => id.startsWith('ca-crm-2017'))).toBe(false);

    const etag = first.headers.get('ETag')!;
    const strategy = await w.store.strategies.require('ams-rm');
    await removeCoordinator(deps(), admin, { strategyId: 'ams-rm', administrationId: 'PE', expectedVersion: strategy.version });
    const after = await poll(url, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    const left = uids(await after.text());
    expect(left).not.toContain('ams-rm-current.m03');
    expect(left).toContain('ams-rm-current.m01'); // PE's own stays
    expect(left).toEqual(all.filter((m) => m.ownerAdministrationId === 'PE' || (m.coordinatorIds.includes('PE') && m.strategyId !== 'ams-rm')).map((m) => m.id).sort());
    await addCoordinator(deps(), admin, { strategyId: 'ams-rm', coordinator: { administrationId: 'PE', since: '2026-01-01' } });
  });
});

describe('an administration’s feed', () => {
  let gtFeed: string;

  it('the secretariat follows an administration from its page; the feed holds the milestones it owns and polls for one BatchGetItem', async () => {
    const secretariat = await Visitor.signedIn(w.app, SITE, 'admin');
    const setup = await (await secretariat.get('/setup/administrations/GT')).text();
    expect(setup).toContain('href="/profile?administration=GT#calendar"');
    const offer = await (await secretariat.get('/profile?administration=GT')).text();
    expect(offer).toContain('name="administration" value="GT"');
    const made = await secretariat.post('/profile/feeds', { administration: 'GT', version: String(await feedVersion('admin')) });
    expect(made.status).toBe(200);
    gtFeed = addressIn(await made.text())!;
    expect(gtFeed).toMatch(new RegExp(`^${SITE}/feeds/admin/administrations/GT/[A-Za-z0-9_-]{43}\\.ics$`));
    const response = await poll(gtFeed);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(uids(text)).toEqual((await everyMilestone()).filter((m) => m.ownerAdministrationId === 'GT').map((m) => m.id).sort());
    expect(events(text)[0]!.summary).toMatch(/^Milestone \d+: /);

    const etag = response.headers.get('ETag')!;
    w.tables.counter.reset();
    expect((await poll(gtFeed, { 'If-None-Match': etag })).status).toBe(304);
    expect(w.tables.counter.commands).toEqual(['BatchGetItemCommand']);
  });

  it('a milestone moved to another administration leaves the feed of one and joins the other’s', async () => {
    const etag = (await poll(gtFeed)).headers.get('ETag')!;
    const m = (await w.store.milestones.require('toa-rm-2023.m01')).milestone;
    await updateMilestone(deps(), admin, { id: m.id, patch: { ownerAdministrationId: 'CR' }, expectedVersion: m.version });
    const moved = await poll(gtFeed, { 'If-None-Match': etag });
    expect(moved.status).toBe(200);
    expect(uids(await moved.text())).not.toContain(m.id);
    const back = (await w.store.milestones.require(m.id)).milestone;
    await updateMilestone(deps(), admin, { id: m.id, patch: { ownerAdministrationId: 'GT' }, expectedVersion: back.version });
    expect(uids(await (await poll(gtFeed)).text())).toContain(m.id);
  });

  it('a Director General is offered their own administration’s feed, and no other', async () => {
    const dg = await Visitor.signedIn(w.app, SITE, 'dg-gt');
    const page = await (await dg.get('/profile?administration=PE')).text();
    expect(page).toContain('name="administration" value="GT"');
    expect(page).not.toContain('name="administration" value="PE"');
    expect(page).not.toContain('name="person"');
    expect((await dg.post('/profile/feeds', { administration: 'PE', version: '0' })).status).toBe(403);
    const made = await dg.post('/profile/feeds', { administration: 'GT', version: '0' });
    expect(made.status).toBe(200);
    expect((await poll(addressIn(await made.text())!)).status).toBe(200);
  });
});

describe('each token reads its own feed only; reset, revoke and lost access stop it', () => {
  it('a token opens no other kind of feed, administration, person or altered token', async () => {
    const token = tokenOf(own);
    expect((await poll(own)).status).toBe(200);
    expect((await poll(`${SITE}/feeds/focal-gt/administrations/GT/${token}`)).status).toBe(404);
    expect((await poll(`${SITE}/feeds/focal-gt/plans/ams-rm-current/${token}`)).status).toBe(404);
    expect((await poll(`${SITE}/feeds/focal-br/milestones/GT/${token}`)).status).toBe(404);
    expect((await poll(`${SITE}/feeds/focal-gt/milestones/gt/${token}`)).status).toBe(404);
    const altered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    expect((await poll(`${SITE}/feeds/focal-gt/milestones/GT/${altered}`)).status).toBe(404);

    const { token: adm } = await resetCalendarFeed(deps(), focalGt, { personId: 'focal-gt', feed: { kind: 'administration', id: 'GT' }, expectedVersion: await feedVersion('focal-gt') });
    expect((await poll(`${SITE}/feeds/focal-gt/administrations/GT/${adm}.ics`)).status).toBe(200);
    expect((await poll(`${SITE}/feeds/focal-gt/administrations/PE/${adm}.ics`)).status).toBe(404);
    expect((await poll(`${SITE}/feeds/focal-gt/milestones/GT/${adm}.ics`)).status).toBe(404);
  });

  it('reset gives a new address and stops the old one at once; revoke stops it too', async () => {
    await gt.get('/profile');
    const version = await feedVersion('focal-gt');
    const reset = await gt.post('/profile/feeds', { person: 'focal-gt', version: String(version) });
    expect(reset.status).toBe(200);
    const renewed = addressIn(await reset.text())!;
    expect(renewed).not.toBe(own);
    expect((await poll(own)).status).toBe(404);
    expect((await poll(renewed)).status).toBe(200);
    const revoked = await gt.post('/profile/feeds/revoke', { feed: 'person:focal-gt', version: String(version + 1) });
    expect(revoked.status).toBe(303);
    expect((await poll(renewed)).status).toBe(404);
    own = '';
  });

  it('a person moved to another administration follows the new one’s milestones (one GetItem more); one who lost the role gets 404', async () => {
    const { token } = await resetCalendarFeed(deps(), { userId: 'focal-br', role: 'focal_point', administrationId: 'BR' }, { personId: 'focal-br', feed: { kind: 'person', id: 'focal-br' }, expectedVersion: await feedVersion('focal-br') });
    const url = `${SITE}/feeds/focal-br/milestones/BR/${token}.ics`;
    const before = await poll(url);
    expect(uids(await before.text())).toEqual((await everyMilestone()).filter((m) => m.ownerAdministrationId === 'BR').map((m) => m.id).sort());
    let person = await w.store.people.require('focal-br');
    person = await w.store.people.update('focal-br', { administrationId: 'CR' }, person.version, admin);
    const moved = await poll(url, { 'If-None-Match': before.headers.get('ETag')! });
    expect(moved.status).toBe(200);
    expect(uids(await moved.text())).toEqual((await everyMilestone()).filter((m) => m.ownerAdministrationId === 'CR').map((m) => m.id).sort());
    w.tables.counter.reset();
    expect((await poll(url, { 'If-None-Match': moved.headers.get('ETag')! })).status).toBe(304);
    expect(w.tables.counter.commands).toEqual(['BatchGetItemCommand', 'GetItemCommand']);

    await w.store.people.update('focal-br', { role: 'director_general' }, person.version, admin);
    expect((await poll(url)).status).toBe(404);
  });
});

describe('commands', () => {
  it('bad input, a stale version and the policy', async () => {
    const d = deps();
    const v = () => feedVersion('focal-gt');
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'person', id: 'focal-br' }, expectedVersion: await v() })).rejects.toBeInstanceOf(Invalid);
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'administration', id: 'gt' }, expectedVersion: await v() })).rejects.toBeInstanceOf(Invalid);
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'administration', id: 'FR' }, expectedVersion: await v() })).rejects.toMatchObject({ errors: [{ field: 'feed.id', code: 'unknown_reference' }] });
    await expect(revokeCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: 'administration:', expectedVersion: await v() })).rejects.toBeInstanceOf(Invalid);
    const before = await w.store.calendarFeeds.get('focal-gt');
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'person', id: 'focal-gt' }, expectedVersion: before.version - 1 })).rejects.toBeInstanceOf(VersionConflict);
    await expect(revokeCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: 'administration:GT', expectedVersion: before.version + 1 })).rejects.toBeInstanceOf(VersionConflict);
    expect(await w.store.calendarFeeds.get('focal-gt')).toEqual(before);

    // Who may hold which feed: donors and Directors General report on no milestones; a Director General follows only their own administration.
    await expect(resetCalendarFeed(d, donorJica, { personId: 'donor-jica', feed: { kind: 'person', id: 'donor-jica' }, expectedVersion: await feedVersion('donor-jica') })).rejects.toBeInstanceOf(Forbidden);
    await expect(resetCalendarFeed(d, donorJica, { personId: 'donor-jica', feed: { kind: 'administration', id: 'GT' }, expectedVersion: await feedVersion('donor-jica') })).rejects.toBeInstanceOf(Forbidden);
    await expect(resetCalendarFeed(d, dgGt, { personId: 'dg-gt', feed: { kind: 'person', id: 'dg-gt' }, expectedVersion: await feedVersion('dg-gt') })).rejects.toBeInstanceOf(Forbidden);
    await expect(resetCalendarFeed(d, dgGt, { personId: 'dg-gt', feed: { kind: 'administration', id: 'PE' }, expectedVersion: await feedVersion('dg-gt') })).rejects.toBeInstanceOf(Forbidden);
    await expect(resetCalendarFeed(d, donorJica, { personId: 'focal-gt', feed: { kind: 'person', id: 'focal-gt' }, expectedVersion: before.version })).rejects.toBeInstanceOf(Forbidden);
    // The secretariat belongs to no administration: its own feed would be every milestone.
    await expect(resetCalendarFeed(d, admin, { personId: 'admin', feed: { kind: 'person', id: 'admin' }, expectedVersion: await feedVersion('admin') })).rejects.toMatchObject({ errors: [{ field: 'feed.kind', code: 'no_administration' }] });
    expect(await w.store.calendarFeeds.get('focal-gt')).toEqual(before);
    expect(await feedVersion('donor-jica')).toBe(0);
  });
});
