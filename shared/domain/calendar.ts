/**
 * Calendar feeds (iCalendar, RFC 5545): which feeds a person may hold and what each event says.
 * A feed is read with a secret token that reads that one feed only; only its hash is stored.
 */
import type { Milestone } from './resources.ts';

/**
 * The feeds there are: a plan's milestones; a person's own (those they report on or coordinate, id =
 * the person); an administration's (those it owns, id = its ISO code).
 */
export const FEED_KINDS = ['plan', 'person', 'administration'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export interface FeedTarget {
  kind: FeedKind;
  id: string;
}

/** The key a feed is stored under on its person's feed list: `plan:ams-rm-current`. */
export const feedKey = (target: FeedTarget) => `${target.kind}:${target.id}`;

export function parseFeedKey(value: string): FeedTarget | undefined {
  const [kind, id] = value.split(':');
  return (FEED_KINDS as readonly string[]).includes(kind ?? '') && id ? { kind: kind as FeedKind, id } : undefined;
}

/** One stored feed: the token's SHA-256 (hex) and when it was made. */
export interface StoredFeed {
  tokenHash: string;
  createdAt: string;
}

/** A person's feeds, kept in one item guarded by its own version. */
export interface FeedList {
  personId: string;
  feeds: Record<string, StoredFeed>;
  /** 0 when the person never had a feed. */
  version: number;
}

/** What an event needs from a milestone, and the event's fields (the door formats them). */
export function eventOf(m: Pick<Milestone, 'id' | 'dueDate' | 'version' | 'updatedAt' | 'status'>) {
  return {
    uid: m.id,
    date: m.dueDate,
    // The milestone's version moves with every change: calendar clients replace the event when it grows.
    sequence: m.version,
    stamp: m.updatedAt,
    cancelled: m.status === 'cancelled',
  };
}

