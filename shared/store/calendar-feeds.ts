/**
 * A person's calendar feeds: one item beside the person (`PERSON#<id>` / `FEEDS`) holding, per feed,
 * the SHA-256 of its secret token (never the token) and when it was made, guarded by its own version.
 * Every change is one transaction: the item and a history event (without the hashes).
 */
import type { FeedList, StoredFeed } from '../domain/calendar.ts';
import type { Person } from '../domain/resources.ts';
import type { Db, Item } from './db.ts';
import { VersionConflict } from './errors.ts';
import { feedMarkKey, FEED_MARK_SK } from './feed-marks.ts';
import { strip, type Actor, type History } from './history.ts';
import { key } from './keys.ts';
import { toPlanRecord, type PlanRecord } from './plan-collection.ts';

const feedsKey = (personId: string) => ({ pk: key.person(personId).pk, sk: 'FEEDS' });

function toFeedList(personId: string, item: Item | undefined): FeedList {
  return { personId, feeds: (item?.feeds as Record<string, StoredFeed> | undefined) ?? {}, version: Number(item?.version ?? 0) };
}

export class CalendarFeeds {
  constructor(
    private readonly db: Db,
    private readonly history: History,
    private readonly now: () => Date,
  ) {}

  async get(personId: string): Promise<FeedList> {
    return toFeedList(personId, await this.db.get(feedsKey(personId)));
  }

  /**
   * What serving a plan's feed needs, in one BatchGetItem: the person (whose permissions the feed
   * reads under), their feeds (the token's hash) and the plan (its revision moves with every change
   * to it or its milestones, so it is the feed's change marker).
   */
  async forPlanFeed(personId: string, planId: string): Promise<{ person?: Person; feeds: FeedList; plan?: PlanRecord }> {
    const items = await this.db.batchGet([key.person(personId), feedsKey(personId), key.plan(planId)]);
    const person = items.find((i) => i.sk === 'PERSON');
    const plan = items.find((i) => i.sk === '#PLAN');
    return {
      ...(person ? { person: strip<Person>(person) } : {}),
      feeds: toFeedList(personId, items.find((i) => i.sk === 'FEEDS')),
      ...(plan ? { plan: toPlanRecord(plan) } : {}),
    };
  }

  /**
   * What serving a feed that spans plans (a person's own, an administration's) needs, in one
   * BatchGetItem: the person, their feeds, and the change marker of `administrationId` (feed-marks.ts).
   */
  async forSpanningFeed(personId: string, administrationId: string): Promise<{ person?: Person; feeds: FeedList; mark: number }> {
    const items = await this.db.batchGet([key.person(personId), feedsKey(personId), feedMarkKey(administrationId)]);
    const person = items.find((i) => i.sk === 'PERSON');
    return {
      ...(person ? { person: strip<Person>(person) } : {}),
      feeds: toFeedList(personId, items.find((i) => i.sk === 'FEEDS')),
      mark: Number(items.find((i) => i.sk === FEED_MARK_SK)?.rev ?? 0),
    };
  }

  /** An administration's feed marker alone (one GetItem): for a person feed whose person moved. */
  async feedMark(administrationId: string): Promise<number> {
    return Number((await this.db.get(feedMarkKey(administrationId)))?.rev ?? 0);
  }

  /** Sets (a new token for) or removes one feed, if the list is still at `expectedVersion`. */
  async change(current: FeedList, feed: string, next: StoredFeed | null, expectedVersion: number, actor: Actor): Promise<FeedList> {
    if (current.version !== expectedVersion) throw new VersionConflict('calendar feeds', current.personId, current.version);
    const at = this.now();
    const feeds = { ...current.feeds };
    if (next) feeds[feed] = next;
    else delete feeds[feed];
    const updated: FeedList = { personId: current.personId, feeds, version: current.version + 1 };
    await this.db.transact([
      this.db.guardedPut({ ...feedsKey(current.personId), entity: 'feeds', personId: current.personId, feeds, version: updated.version, updatedAt: at.toISOString() },
        expectedVersion === 0 ? null : expectedVersion, () => new VersionConflict('calendar feeds', current.personId)),
      // Who made or revoked which feed, and when; the hash stays out of the history.
      this.history.event(`calendar-feeds/${current.personId}`, expectedVersion === 0 ? 'created' : 'updated', updated.version,
        [{ field: feed, before: current.feeds[feed] ? 'active' : null, after: next ? (current.feeds[feed] ? 'reset' : 'active') : null }], actor, at),
    ]);
    return updated;
  }
}
