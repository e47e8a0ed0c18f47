/** What the calendar feed tests share: reading events back with ical.js and the address the profile page shows once. */
import ICAL from 'ical.js';
import { afterAll, beforeAll } from 'vitest';
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
