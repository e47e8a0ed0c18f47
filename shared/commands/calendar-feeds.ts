/**
 * Calendar feeds: a person makes (or resets) the secret address of a plan's feed, revokes it, and
 * calendar clients read it. The token is 256 random bits, shown once; only its SHA-256 is stored, so
 * a reset or a revoke stops the old address at once. A feed reads under its person's permissions at
 * the time it is read (the policy table): a donor's feed shows only what the donor may see, and a
 * person deactivated or moved out of reach gets nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { FEED_KINDS, feedKey, parseFeedKey, type FeedList, type FeedTarget } from '../domain/calendar.ts';
import { Slug, lazy } from '../domain/common.ts';
import { recordsFor } from '../domain/internal.ts';
import { can, type Principal } from '../domain/policy.ts';
import type { Person } from '../domain/resources.ts';
import { NotFound, inPlanOrder, type PlanRecord, type StoredMilestone } from '../store/index.ts';
import { actorOf, authorize, parse, type Caller, type CommandDeps } from './context.ts';
import { Forbidden, Invalid } from './errors.ts';

const FeedTargetSchema = lazy(() => z.strictObject({ kind: z.enum(FEED_KINDS), id: Slug }));

export const hashFeedToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The person as the policy table sees them. */
export function principalOf(person: Person): Principal {
  return {
    userId: person.id,
    role: person.role,
    ...(person.administrationId ? { administrationId: person.administrationId } : {}),
    ...(person.donorId ? { donorId: person.donorId } : {}),
    ...(person.language ? { language: person.language } : {}),
    name: person.name,
  };
}

export async function readCalendarFeeds(deps: CommandDeps, caller: Caller, personId: string): Promise<FeedList> {
  authorize(caller, 'calendar-feed:manage', { personId }, `the calendar feeds of ${personId}`);
  return deps.store.calendarFeeds.get(personId);
}

/**
 * A new secret address for one of the caller's feeds (made if it did not exist): the old one stops
 * at once. Returns the token, which is never stored nor shown again.
 */
export async function resetCalendarFeed(
  deps: CommandDeps,
  caller: Caller,
  input: { personId: string; feed: unknown; expectedVersion: number },
): Promise<{ token: string; target: FeedTarget; feeds: FeedList }> {
  const target = parse(FeedTargetSchema, input.feed);
  authorize(caller, 'calendar-feed:manage', { personId: input.personId }, `the calendar feeds of ${input.personId}`);
  const { store } = deps;
  const [person, plan, current] = await Promise.all([store.people.require(input.personId), store.plans.get(target.id), store.calendarFeeds.get(input.personId)]);
  if (!plan) throw new Invalid([{ field: 'feed.id', message: 'is not an action plan', code: 'unknown_reference' }]);
  if (!can(principalOf(person), 'milestone:read', plan.scope)) throw new Forbidden(`${person.id} may not read the milestones of plan ${plan.plan.id}.`);
  const token = randomBytes(32).toString('base64url');
  const feeds = await store.calendarFeeds.change(current, feedKey(target), { tokenHash: hashFeedToken(token), createdAt: deps.now().toISOString() }, input.expectedVersion, actorOf(caller));
  return { token, target, feeds };
}

/** Removes one feed: its address stops at once. */
export async function revokeCalendarFeed(deps: CommandDeps, caller: Caller, input: { personId: string; feed: unknown; expectedVersion: number }): Promise<FeedList> {
  const target = typeof input.feed === 'string' ? parseFeedKey(input.feed) : undefined;
  if (!target) throw new Invalid([{ field: 'feed', message: 'must name a feed, such as plan:ams-rm-current', code: 'invalid_format' }]);
  authorize(caller, 'calendar-feed:manage', { personId: input.personId }, `the calendar feeds of ${input.personId}`);
  const current = await deps.store.calendarFeeds.get(input.personId);
  if (!current.feeds[feedKey(target)]) throw new NotFound('calendar feed', feedKey(target));
  return deps.store.calendarFeeds.change(current, feedKey(target), null, input.expectedVersion, actorOf(caller));
}

export interface PlanFeed {
  /** Changes whenever what the feed shows may change: the plan's revision, the feed list, the person. */
  etag: string;
  person: Person;
  reader: Principal;
  plan: PlanRecord;
  /** The milestones, in the plan's order (one Query); only asked for when the client's copy is stale. */
  milestones(): Promise<StoredMilestone[]>;
}

/**
 * The plan feed a token opens, or undefined for anything that does not open it (unknown person or
 * plan, no such feed, wrong token, person deactivated, plan out of the person's reach): a calendar
 * client is told nothing more. One BatchGetItem.
 */
export async function openPlanFeed(deps: CommandDeps, input: { personId: string; planId: string; token: string }): Promise<PlanFeed | undefined> {
  const { person, feeds, plan } = await deps.store.calendarFeeds.forPlanFeed(input.personId, input.planId);
  const stored = feeds.feeds[feedKey({ kind: 'plan', id: input.planId })];
  if (!person || !plan || !stored || person.active === false) return undefined;
  const given = Buffer.from(hashFeedToken(input.token), 'hex');
  const expected = Buffer.from(stored.tokenHash, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const reader = principalOf(person);
  if (!can(reader, 'milestone:read', plan.scope)) return undefined;
  return {
    etag: `"f1.${plan.rev}.${feeds.version}.${person.version}"`,
    person,
    reader,
    plan,
    milestones: async () => {
      const collection = await deps.store.plans.collection(input.planId);
      // The feed reads as its person: what stays internal to others is not in it (domain/internal.ts).
      const { milestones } = recordsFor(reader, collection.record.scope, collection);
      return inPlanOrder(milestones.map((m) => m.milestone), collection.record.plan.milestoneOrder);
    },
  };
}
