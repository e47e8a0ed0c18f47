/**
 * Calendar feeds (issue 13) over HTTP, in process against DynamoDB Local with the demo world: a
 * person makes a plan's feed on their profile page, a calendar client reads it as iCalendar (parsed
 * here with ical.js, not the library that wrote it), polls it cheaply with If-None-Match, and the
 * address stops at once when reset or revoked. The commands behind the page get the write-path
 * cases: bad input, a stale version, the policy.
 */
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { Forbidden, Invalid, addMilestone, resetCalendarFeed, revokeCalendarFeed, updateMilestone } from '../../shared/commands/index.ts';
import { NotFound, VersionConflict } from '../../shared/store/index.ts';
import { addressIn, calendarWorld, events, expectCancelledInFeed } from './support/calendar.ts';
import { Visitor } from './support/visitor.ts';

const SITE = 'http://tracker.test';
const w = calendarWorld(SITE);
const { poll, feedVersion, deps } = w;
const PLAN = 'ams-rm-current';
const admin = { userId: 'admin', role: 'admin' as const };
const focalGt = { userId: 'focal-gt', role: 'focal_point' as const, administrationId: 'GT' };
const donorJica = { userId: 'donor-jica', role: 'donor' as const, donorId: 'jica' };

let gt: Visitor;
let address: string;

describe('calendar feeds', () => {
  it('a focal point makes a plan feed on the profile page; the address is shown once and reads as iCalendar in their language', async () => {
    gt = await Visitor.signedIn(w.app, SITE, 'focal-gt');
    const offer = await (await gt.get(`/profile?plan=${PLAN}`)).text();
    expect(offer).toContain('Seguir «Current action plan');
    const made = await gt.post('/profile/feeds', { plan: PLAN, version: '0' });
    expect(made.status).toBe(200);
    address = addressIn(await made.text())!;
    expect(address).toMatch(new RegExp(`^${SITE}/feeds/focal-gt/plans/${PLAN}/[A-Za-z0-9_-]{43}\\.ics$`));

    const response = await poll(address);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('ETag')).toMatch(/^"f1\./);
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    const text = await response.text();
    // RFC 5545: CRLF line ends, lines folded at 75 octets.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);

    // All of the plan's milestones but the internal ones Guatemala is not involved in (the demo's m10).
    const { milestones: all } = await w.store.plans.collection(PLAN);
    const milestones = all.filter(({ milestone: m }) => !m.internal || m.ownerAdministrationId === 'GT');
    expect(milestones.length).toBe(all.length - 1);
    const list = events(text);
    expect(list).toHaveLength(milestones.length);
    expect(text).not.toContain('ams-rm-current.m10@');
    for (const { milestone: m } of milestones) {
      const e = list.find((x) => x.uid === `${m.id}@tracker.test`)!;
      expect(e, m.id).toBeDefined();
      expect(e.start.isDate).toBe(true);
      expect(e.start.toString()).toBe(m.dueDate);
      expect(e.sequence).toBe(m.version);
      // DTSTAMP: when the milestone last changed, to the second (iCalendar has no smaller unit).
      expect(e.stamp.toJSDate().toISOString()).toBe(`${m.updatedAt.slice(0, 19)}.000Z`);
      // The title in the feed's language (Spanish, the person's): the demo has it for this plan's milestones.
      expect(e.summary).toBe(`Hito ${m.ref}: ${m.translations!.title!.texts.es!.text}`);
      expect(e.url).toBe(`${SITE}/milestones/${m.id}`);
      expect(e.status).toBe('CONFIRMED');
    }
    // Shown once: the profile lists the feed, not its address.
    const later = await (await gt.get('/profile')).text();
    expect(later).toContain('Current action plan');
    expect(addressIn(later)).toBeUndefined();
    expect(later).not.toContain('.ics');
    // Only the token's hash is stored.
    const item = JSON.stringify(await w.store.db.get({ pk: 'PERSON#focal-gt', sk: 'FEEDS' }));
    expect(item).not.toContain(address.split('/').pop()!.replace('.ics', ''));
    expect(item).toMatch(/"tokenHash":"[0-9a-f]{64}"/);
  });

  it('a calendar polling an unchanged feed gets 304 for one BatchGetItem; a full read costs one more Query', async () => {
    const first = await poll(address);
    const etag = first.headers.get('ETag')!;
    w.tables.counter.reset();
    const again = await poll(address, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe(etag);
    expect(w.tables.counter.commands).toEqual(['BatchGetItemCommand']);
    w.tables.counter.reset();
    expect((await poll(address, { 'If-None-Match': '"f1.0.0.0"' })).status).toBe(200);
    expect(w.tables.counter.commands).toEqual(['BatchGetItemCommand', 'QueryCommand']);
  });

  it('a milestone change moves the ETag and its SEQUENCE; a cancelled milestone is STATUS:CANCELLED', async () => {
    const before = await poll(address);
    const etag = before.headers.get('ETag')!;
    await expectCancelledInFeed(w, address, etag, `${PLAN}.m04`);
  });

  it('reading that feed only: the token opens no other plan, no other person, and no altered token', async () => {
    const token = address.split('/').pop()!;
    expect((await poll(`${SITE}/feeds/focal-gt/plans/ams-rm-2014/${token}`)).status).toBe(404);
    expect((await poll(`${SITE}/feeds/coord-pe/plans/${PLAN}/${token}`)).status).toBe(404);
    const altered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    expect((await poll(`${SITE}/feeds/focal-gt/plans/${PLAN}/${altered}`)).status).toBe(404);
    expect((await poll(`${SITE}/feeds/focal-gt/plans/${PLAN}/short.ics`)).status).toBe(404);
    expect((await poll(`${SITE}/feeds/focal-gt/plans/${PLAN}/${token.replace('.ics', '.txt')}`)).status).toBe(404);
  });

  it('reset stops the old address at once and gives a new one; revoke stops it too', async () => {
    const version = await feedVersion('focal-gt');
    await gt.get('/profile');
    const reset = await gt.post('/profile/feeds', { plan: PLAN, version: String(version) });
    expect(reset.status).toBe(200);
    const renewed = addressIn(await reset.text())!;
    expect(renewed).not.toBe(address);
    expect((await poll(address)).status).toBe(404);
    expect((await poll(renewed)).status).toBe(200);

    const revoked = await gt.post('/profile/feeds/revoke', { feed: `plan:${PLAN}`, version: String(version + 1) });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('Location')).toBe('/profile?done=revoked#calendar');
    expect((await poll(renewed)).status).toBe(404);
    expect(await (await gt.get('/profile?done=revoked')).text()).toContain('Todavía no tiene ninguna suscripción de calendario');
  });

  it('the profile forms refuse a stale version (409, nothing changed), a missing CSRF token and a plan the person may not read', async () => {
    await gt.get('/profile');
    const made = await gt.post('/profile/feeds', { plan: PLAN, version: String(await feedVersion('focal-gt')) });
    const current = addressIn(await made.text())!;
    const stale = await gt.post('/profile/feeds', { plan: PLAN, version: '1' });
    expect(stale.status).toBe(409);
    expect(addressIn(await stale.text())).toBeUndefined();
    expect((await poll(current)).status).toBe(200);
    expect((await gt.post('/profile/feeds', { plan: PLAN, version: '0', _csrf: '' })).status).toBe(400);
    expect((await gt.post('/profile/feeds', { plan: 'no-such-plan', version: String(await feedVersion('focal-gt')) })).status).toBe(400);
    expect((await gt.post('/profile/feeds', { plan: PLAN, version: 'x' })).status).toBe(400);

    const jica = await Visitor.signedIn(w.app, SITE, 'donor-jica');
    // JICA funds the current plan but not the 2017 Central America one.
    expect((await jica.post('/profile/feeds', { plan: 'ca-crm-2017', version: '0' })).status).toBe(403);
    expect(await feedVersion('donor-jica')).toBe(0);
    expect((await (await jica.get('/profile?plan=ca-crm-2017')).text())).not.toContain('name="plan"');
  });

  it('commands: bad input, a stale version and the policy (own feeds only; the secretariat anyone’s)', async () => {
    const d = deps();
    const v = () => feedVersion('focal-gt');
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'strategy', id: 'ams-rm' }, expectedVersion: await v() })).rejects.toBeInstanceOf(Invalid);
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'plan', id: 'Not A Slug' }, expectedVersion: await v() })).rejects.toBeInstanceOf(Invalid);
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'plan', id: PLAN, extra: 1 }, expectedVersion: await v() })).rejects.toBeInstanceOf(Invalid);
    await expect(revokeCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: 'plan', expectedVersion: await v() })).rejects.toBeInstanceOf(Invalid);
    await expect(revokeCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: 'plan:ams-rm-2014', expectedVersion: await v() })).rejects.toBeInstanceOf(NotFound);
    const before = await w.store.calendarFeeds.get('focal-gt');
    await expect(resetCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: { kind: 'plan', id: PLAN }, expectedVersion: before.version - 1 })).rejects.toBeInstanceOf(VersionConflict);
    await expect(revokeCalendarFeed(d, focalGt, { personId: 'focal-gt', feed: `plan:${PLAN}`, expectedVersion: before.version + 1 })).rejects.toBeInstanceOf(VersionConflict);
    expect(await w.store.calendarFeeds.get('focal-gt')).toEqual(before);

    // Someone else's feeds: refused, except to the secretariat (as every action in the policy table).
    await expect(resetCalendarFeed(d, donorJica, { personId: 'focal-gt', feed: { kind: 'plan', id: PLAN }, expectedVersion: before.version })).rejects.toBeInstanceOf(Forbidden);
    await expect(revokeCalendarFeed(d, donorJica, { personId: 'focal-gt', feed: `plan:${PLAN}`, expectedVersion: before.version })).rejects.toBeInstanceOf(Forbidden);
    await expect(revokeCalendarFeed(d, { userId: 'coord-pe', role: 'coordinator', administrationId: 'PE' }, { personId: 'focal-gt', feed: `plan:${PLAN}`, expectedVersion: before.version })).rejects.toBeInstanceOf(Forbidden);
    expect(await w.store.calendarFeeds.get('focal-gt')).toEqual(before);
    const after = await revokeCalendarFeed(d, admin, { personId: 'focal-gt', feed: `plan:${PLAN}`, expectedVersion: before.version });
    expect(after.feeds).toEqual({});
    expect((await w.store.history.list('calendar-feeds/focal-gt', { limit: 1 })).items[0]).toMatchObject({ actor: 'admin', changes: [{ field: `plan:${PLAN}`, before: 'active', after: null }] });
  });

  it('a donor’s feed shows the plans it funds, and nothing once the person is deactivated', async () => {
    const { token } = await resetCalendarFeed(deps(), donorJica, { personId: 'donor-jica', feed: { kind: 'plan', id: PLAN }, expectedVersion: await feedVersion('donor-jica') });
    const url = `${SITE}/feeds/donor-jica/plans/${PLAN}/${token}.ics`;
    const response = await poll(url);
    expect(response.status).toBe(200);
    expect(events(await response.text())[0]!.summary).toMatch(/^Milestone 1: /);
    const person = (await w.store.people.require('donor-jica'));
    await w.store.people.update('donor-jica', { active: false }, person.version, { userId: 'admin', role: 'admin' });
    expect((await poll(url)).status).toBe(404);
  });
});

describe('calendar feeds in the feed\'s language (issue 14)', () => {
  /** Each event's SUMMARY and its LANGUAGE parameter (null: the feed's), by UID, as ical.js reads them. */
  const summaries = (text: string) => new Map(new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => {
    const summary = e.getFirstProperty('summary')!;
    return [String(e.getFirstPropertyValue('uid')), { text: String(summary.getFirstValue()), language: summary.getParameter('language') ?? null }] as const;
  }));

  it('titles in the person\'s language; a title not yet translated is the original, with its LANGUAGE', async () => {
    const br = await Visitor.signedIn(w.app, SITE, 'focal-br');
    await br.get('/profile');
    const url = addressIn(await (await br.post('/profile/feeds', { plan: PLAN, version: String(await feedVersion('focal-br')) })).text())!;
    const added = await addMilestone(deps(), admin, { planId: PLAN, milestone: { title: 'Regional workshop on passenger risk profiles for all the member administrations', ownerAdministrationId: 'BR', dueDate: '2031-03-01' } });
    const response = await poll(url);
    expect(response.status).toBe(200);
    const text = await response.text();
    const byUid = summaries(text);
    const m04 = (await w.store.milestones.require(`${PLAN}.m04`)).milestone;
    expect(byUid.get(`${m04.id}@tracker.test`)).toEqual({ text: `Marco ${m04.ref}: ${m04.translations!.title!.texts.pt!.text}`, language: null });
    expect(byUid.get(`${added.id}@tracker.test`)).toEqual({ text: `Marco ${added.ref}: Regional workshop on passenger risk profiles for all the member administrations`, language: 'en' });
    // The plan's title in the description is the Portuguese one; lines stay folded at 75 octets.
    const event = events(text).find((e) => e.uid === `${m04.id}@tracker.test`)!;
    expect(event.description.startsWith('Plano de ação vigente')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    expect(text).toMatch(/\r\nSUMMARY;LANGUAGE=en:Marco \d+: Regional workshop/);
  });
});
