/**
 * Calendar feeds: a person makes (or resets) the secret address of a feed (a plan's milestones,
 * their own, an administration's), revokes it, and calendar clients read it. The token is 256 random bits, shown once; only its SHA-256 is stored, so
 * a reset or a revoke stops the old address at once. A feed reads under its person's permissions at
 * the time it is read (the policy table): a donor's feed shows only what the donor may see, and a
 * person deactivated or moved out of reach gets nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { FEED_KINDS, feedKey, parseFeedKey, type FeedList, type FeedTarget } from '../domain/calendar.ts';
import { CountryCode, Slug, lazy } from '../domain/common.ts';
import { recordsFor } from '../domain/internal.ts';
import { can, type Principal } from '../domain/policy.ts';
import type { Person, Plan } from '../domain/resources.ts';
import { NotFound, everyPage, inPlanOrder, type PlanRecord, type StoredMilestone } from '../store/index.ts';
import { actorOf, authorize, parse, type Caller, type CommandDeps } from './context.ts';
import { Forbidden, Invalid } from './errors.ts';

const FeedTargetSchema = lazy(() => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal(FEED_KINDS[0]), id: Slug }),
  z.strictObject({ kind: z.literal(FEED_KINDS[1]), id: Slug }),
  z.strictObject({ kind: z.literal(FEED_KINDS[2]), id: CountryCode }),
]));

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
): Promise<{ token: string; target: FeedTarget; feeds: FeedList; administrationId?: string }> {
  const target = parse(FeedTargetSchema, input.feed);
  authorize(caller, 'calendar-feed:manage', { personId: input.personId }, `the calendar feeds of ${input.personId}`);
  const { store } = deps;
  const [person, current] = await Promise.all([store.people.require(input.personId), store.calendarFeeds.get(input.personId), mayFollow(deps, target)]);
  const reader = principalOf(person);
  let administrationId: string | undefined;
  if (target.kind === 'plan') {
    const plan = await store.plans.get(target.id);
    if (!plan) throw new Invalid([{ field: 'feed.id', message: 'is not an action plan', code: 'unknown_reference' }]);
    if (!can(reader, 'milestone:read', plan.scope)) throw new Forbidden(`${person.id} may not read the milestones of plan ${plan.plan.id}.`);
  } else if (target.kind === 'person') {
    if (target.id !== person.id) throw new Invalid([{ field: 'feed.id', message: 'must be the person whose feed it is', code: 'invalid_reference' }]);
    if (!can(reader, 'calendar-feed:follow-own', { personId: person.id })) throw new Forbidden(`${person.id} reports on no milestones.`);
    if (!person.administrationId) throw new Invalid([{ field: 'feed.kind', message: 'needs a person of a member administration', code: 'no_administration' }]);
    administrationId = person.administrationId;
  } else if (!can(reader, 'calendar-feed:follow-administration', { ownerAdministrationId: target.id })) {
    throw new Forbidden(`${person.id} may not follow the milestones of administration ${target.id}.`);
  }
  const token = randomBytes(32).toString('base64url');
  const feeds = await store.calendarFeeds.change(current, feedKey(target), { tokenHash: hashFeedToken(token), createdAt: deps.now().toISOString() }, input.expectedVersion, actorOf(caller));
  return { token, target, feeds, ...(administrationId ? { administrationId } : {}) };
}

/** An administration's feed needs the administration to exist. */
async function mayFollow(deps: CommandDeps, target: FeedTarget): Promise<void> {
  if (target.kind !== 'administration') return;
  if (!(await deps.store.administrations.get(target.id))) throw new Invalid([{ field: 'feed.id', message: 'is not a member administration', code: 'unknown_reference' }]);
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

function tokenOpens(token: string, tokenHash: string): boolean {
  const given = Buffer.from(hashFeedToken(token), 'hex');
  const expected = Buffer.from(tokenHash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
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
  if (!tokenOpens(input.token, stored.tokenHash)) return undefined;
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

/** A milestone of a feed that spans plans, with its plan's title and the title's translations (the event names it). */
export interface FeedMilestone {
  milestone: StoredMilestone;
  plan: Pick<Plan, 'title' | 'translations'>;
}

export interface SpanningFeed {
  /** Changes whenever what the feed shows may change: the administration's feed marker, the feed list, the person. */
  etag: string;
  person: Person;
  reader: Principal;
  target: FeedTarget;
  /** The milestones, soonest due first; only asked for when the client's copy is stale. */
  milestones(): Promise<FeedMilestone[]>;
}

/**
 * A person's own feed (`person`: the milestones they may report on, which for a coordinator includes
 * those of the plans its administration co-coordinates) or an administration's (`administration`:
 * those it owns that the person may read), as `openPlanFeed` does for a plan: undefined for anything
 * that does not open it, the policy read at read time. One BatchGetItem: a person feed's address
 * names the person's administration so that its marker comes in the same request (a person who
 * moved to another administration since: one GetItem more, for the right marker).
 */
export async function openSpanningFeed(deps: CommandDeps, input: { personId: string; target: FeedTarget; token: string; administrationId?: string }): Promise<SpanningFeed | undefined> {
  const { target } = input;
  if (target.kind === 'plan') return undefined;
  const { store } = deps;
  // The administration whose marker to read with the person: the feed's own, or the one the person
  // feed's address names (the person's when it was made).
  const first = target.kind === 'administration' ? target.id : input.administrationId;
  if (!first) return undefined;
  const { person, feeds, mark } = await store.calendarFeeds.forSpanningFeed(input.personId, first);
  const stored = feeds.feeds[feedKey(target)];
  if (!person || !stored || person.active === false || !tokenOpens(input.token, stored.tokenHash)) return undefined;
  const reader = principalOf(person);
  const administrationId = target.kind === 'administration' ? target.id : person.administrationId;
  const allowed = target.kind === 'administration'
    ? can(reader, 'calendar-feed:follow-administration', { ownerAdministrationId: target.id })
    : target.id === person.id && can(reader, 'calendar-feed:follow-own', { personId: person.id });
  if (!allowed || !administrationId) return undefined;
  const rev = administrationId === first ? mark : await store.calendarFeeds.feedMark(administrationId);
  return {
    etag: `"f2.${target.kind}.${administrationId}.${rev}.${feeds.version}.${person.version}"`,
    person,
    reader,
    target,
    milestones: async () => {
      const plans = await plansConcerning(deps, administrationId);
      const shown = (m: StoredMilestone, plan: PlanRecord) => {
        const scope = { ...plan.scope, ownerAdministrationId: m.ownerAdministrationId };
        return target.kind === 'administration'
          ? m.ownerAdministrationId === administrationId && can(reader, 'milestone:read', scope)
          : can(reader, 'milestone:report', scope);
      };
      // An administration's feed needs only the plans it takes part in; a person's also those it co-coordinates.
      const wanted = plans.filter((p) => target.kind === 'person' || p.scope.participantIds.includes(administrationId));
      const lists = await Promise.all(wanted.map(async (plan) =>
        (await everyPage((page) => store.milestones.ofPlan(plan.plan.id, page))).filter((m) => shown(m, plan)).map((milestone) => ({ milestone, plan: plan.plan }))));
      return lists.flat().sort((a, b) => a.milestone.dueDate.localeCompare(b.milestone.dueDate) || a.milestone.id.localeCompare(b.milestone.id));
    },
  };
}

/** The plans an administration co-coordinates or takes part in: one Query of the strategies, one per strategy. */
async function plansConcerning(deps: CommandDeps, administrationId: string): Promise<PlanRecord[]> {
  const strategies = await everyPage((page) => deps.store.strategies.list(page));
  const lists = await Promise.all(strategies.map((s) => everyPage((page) => deps.store.plans.ofStrategy(s.id, page, { administrationId }))));
  return lists.flat();
}
