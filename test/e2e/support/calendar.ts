/** What the calendar feed tests share: reading events back with ical.js and the address the profile page shows once. */
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { updateMilestone } from '../../../shared/commands/milestones.ts';
import type { Store } from '../../../shared/store/index.ts';
import { webWorld, type WebWorld } from './web-world.ts';

/** The VEVENTs of an iCalendar text, parsed by ical.js (not the library that wrote it). */
export function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((e) => ({
    uid: String(e.getFirstPropertyValue('uid')),
    start: e.getFirstPropertyValue('dtstart') as ICAL.Time,
    sequence: Number(e.getFirstPropertyValue('sequence')),
    stamp: e.getFirstPropertyValue('dtstamp') as ICAL.Time,
    summary: String(e.getFirstPropertyValue('summary')),
    description: String(e.getFirstPropertyValue('description')),
    url: String(e.getFirstPropertyValue('url')),
    status: String(e.getFirstPropertyValue('status')),
  }));
}

/** The new feed address on the profile page (shown once), if any. */
export const addressIn = (html: string) => /id="feed-url"[^>]*value="([^"]+)"/.exec(html)?.[1];

/**
 * The demo world for a calendar test file (its own tables, made before the tests and dropped
 * after), with what the tests do to it: poll a feed as a calendar client (a plain GET, no cookies),
 * read a person's feed list version, and the deps the commands take.
 */
export function calendarWorld(site: string) {
  const world = {
    poll: (url: string, headers: Record<string, string> = {}) => world.app.request(url, { headers }),
    feedVersion: async (personId: string) => (await world.store.calendarFeeds.get(personId)).version,
    deps: () => ({ store: world.store, now: () => new Date() }),
  } as WebWorld & { poll(url: string, headers?: Record<string, string>): Promise<Response>; feedVersion(personId: string): Promise<number>; deps(): { store: Store; now: () => Date } };
  beforeAll(async () => {
    Object.assign(world, await webWorld(site));
  }, 60_000);
  afterAll(() => world.tables?.client.destroy());
  return world;
}

/**
 * The secretariat cancels a milestone and moves its due date; the feed at `url`, polled with the
 * ETag it had, answers in full with a new ETag, and the milestone's event carries the new SEQUENCE,
 * STATUS:CANCELLED and the new date.
 */
export async function expectCancelledInFeed(world: ReturnType<typeof calendarWorld>, url: string, etag: string, milestoneId: string) {
  const m = (await world.store.milestones.require(milestoneId)).milestone;
  await updateMilestone(world.deps(), { userId: 'admin', role: 'admin' }, { id: m.id, patch: { status: 'cancelled', dueDate: '2031-05-06' }, expectedVersion: m.version });
  const stale = await world.poll(url, { 'If-None-Match': etag });
  expect(stale.status).toBe(200);
  expect(stale.headers.get('ETag')).not.toBe(etag);
  const e = events(await stale.text()).find((x) => x.uid === `${m.id}@tracker.test`)!;
  expect(e.sequence).toBe(m.version + 1);
  expect(e.status).toBe('CANCELLED');
  expect(e.start.toString()).toBe('2031-05-06');
}
