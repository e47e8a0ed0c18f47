/**
 * What stays internal. Risk-management plans hold enforcement-sensitive items (a targeted control
 * operation's timing and targets): a milestone, a milestone's note, an evidence link or a
 * contribution may be marked internal by the secretariat or the strategy's co-coordinators
 * (policy `internal:mark`). Such an item is read only by those involved (policy `internal:read`):
 * the secretariat, the co-coordinators, and the administration that owns the milestone (for a
 * contribution: the administrations taking part in the plan). Never by donors, and never in a
 * publication (IATI files, donor exports), whoever asks for it.
 *
 * This module is the one place the rule is applied: every door (API, pages, exports, IATI files,
 * calendar feeds, digests, reminder mail) reads a plan's milestones and contributions through
 * `readerView` (or `milestoneFor` / `contributionFor` for one item) before it shows, counts or
 * sums anything. Roll-ups and totals are made from what the reader may see, so an internal
 * contribution's amount cannot leak through a total either.
 */
import { can, type Principal, type Scope } from './policy.ts';

/** Who reads: a person, or `PUBLICATION` for what leaves the tracker (IATI files, donor exports): nobody involved. */
export type Reader = Principal | typeof PUBLICATION;
export const PUBLICATION = 'publication' as const;

/** The plan's facts the rule reads (a PlanRecord's scope). */
export type PlanFacts = Pick<Scope, 'coordinatorIds' | 'participantIds'>;

export interface MilestoneLike {
  ownerAdministrationId: string;
  internal?: boolean;
  noteInternal?: boolean;
  note?: string;
  evidence?: readonly { internal?: boolean }[];
  /** Texts in other languages (domain/translations.ts): an internal note's go with it. */
  translations?: { note?: unknown };
}
export interface ContributionLike {
  internal?: boolean;
}

/** Whether the reader sees the internal items of this milestone (with its owner) or of the plan (a contribution). */
export function seesInternal(reader: Reader, plan: PlanFacts, ownerAdministrationId?: string): boolean {
  if (reader === PUBLICATION) return false;
  return can(reader, 'internal:read', { ...plan, ...(ownerAdministrationId !== undefined ? { ownerAdministrationId } : {}) });
}

/**
 * Whether the reader sees every internal milestone of the plan, whoever owns it (the secretariat,
 * the co-coordinators): others see only the internal milestones their own administration owns.
 * Asked of the policy for a milestone owned by no administration.
 */
export function seesAllInternalMilestones(reader: Reader, plan: PlanFacts): boolean {
  return seesInternal(reader, plan, '');
}

const hasInternal = (m: MilestoneLike) => !!(m.internal || m.noteInternal || m.evidence?.some((e) => e.internal));

/**
 * The milestone as the reader may see it: as stored for those involved; for anyone else nothing
 * when the milestone is internal, else without its internal note (empty, and no flag saying there
 * was one) and without its internal evidence links.
 */
export function milestoneFor<M extends MilestoneLike>(reader: Reader, plan: PlanFacts, m: M): M | undefined {
  if (!hasInternal(m) || seesInternal(reader, plan, m.ownerAdministrationId)) return m;
  if (m.internal) return undefined;
  const { noteInternal, ...rest } = m;
  let translations = m.translations;
  if (noteInternal && translations?.note !== undefined) {
    const { note: _hidden, ...others } = translations;
    translations = Object.keys(others).length > 0 ? others : undefined;
  }
  return {
    ...rest,
    ...(m.translations ? { translations } : {}),
    ...(m.note !== undefined ? { note: noteInternal ? '' : m.note } : {}),
    ...(m.evidence ? { evidence: m.evidence.filter((e) => !e.internal) } : {}),
  } as M;
}

export function contributionFor<C extends ContributionLike>(reader: Reader, plan: PlanFacts, c: C): C | undefined {
  return !c.internal || seesInternal(reader, plan) ? c : undefined;
}

/**
 * A plan's milestones (records holding a `milestone`, or milestones) and contributions as the
 * reader may see them. `hidden` counts what was left out or trimmed: roll-ups cached for everyone
 * key on it.
 */
export function readerView<R, C extends ContributionLike>(
  reader: Reader,
  plan: PlanFacts,
  collection: { milestones: readonly R[]; contributions: readonly C[] },
  milestoneOf: (r: R) => MilestoneLike = (r) => r as MilestoneLike,
  withMilestone: (r: R, m: MilestoneLike) => R = (_r, m) => m as R,
): { milestones: R[]; contributions: C[]; hidden: number } {
  let hidden = 0;
  const milestones: R[] = [];
  for (const r of collection.milestones) {
    const m = milestoneOf(r);
    const seen = milestoneFor(reader, plan, m);
    if (seen !== m) hidden++;
    if (seen) milestones.push(seen === m ? r : withMilestone(r, seen));
  }
  const contributions = collection.contributions.filter((c) => contributionFor(reader, plan, c) !== undefined);
  hidden += collection.contributions.length - contributions.length;
  return { milestones, contributions, hidden };
}

/** For records `{ milestone }` as the store reads a plan's collection. */
export function recordsFor<R extends { milestone: MilestoneLike }, C extends ContributionLike>(
  reader: Reader,
  plan: PlanFacts,
  collection: { milestones: readonly R[]; contributions: readonly C[] },
) {
  return readerView(reader, plan, collection, (r) => r.milestone, (r, m) => ({ ...r, milestone: m }) as R);
}

/**
 * Which internal flags a change of a milestone sets or clears, against the milestone as stored:
 * what needs `internal:mark`. An evidence link sent without `internal` keeps its stored flag (by
 * url), so a report that resends the list changes nothing; `carried` is the list to store.
 */
export function internalChanges(
  current: Omit<MilestoneLike, 'evidence'> & { evidence: readonly { url: string; internal?: boolean }[] },
  patch: { internal?: boolean; noteInternal?: boolean; evidence?: readonly { url: string; label?: string; internal?: boolean }[] },
): { changed: string[]; carried?: { url: string; label?: string; internal?: boolean }[] } {
  const changed: string[] = [];
  if (patch.internal !== undefined && patch.internal !== !!current.internal) changed.push('internal');
  if (patch.noteInternal !== undefined && patch.noteInternal !== !!current.noteInternal) changed.push('noteInternal');
  if (!patch.evidence) return { changed };
  const stored = new Map(current.evidence.map((e) => [e.url, !!e.internal]));
  const carried = patch.evidence.map((e, i) => {
    const was = stored.get(e.url) ?? false;
    if (e.internal === undefined) return was ? { ...e, internal: true } : e;
    if (e.internal !== was) changed.push(`evidence.${i}.internal`);
    return e.internal ? e : (({ internal: _, ...rest }) => rest)(e);
  });
  return { changed, carried };
}

interface HistoryEventLike {
  changes: { field: string; before: unknown; after: unknown }[];
  /** What was internal before or after the change (recorded since issue 13; older events have none). */
  sealed?: readonly ('milestone' | 'note')[];
}

/**
 * A milestone's history as the reader may see it. For those the milestone does not involve: none
 * when it is (or, deleted, last was) internal; otherwise without the changes of the flags, without
 * internal evidence links in the lists before and after, without the events made while the
 * milestone was internal and without the note's changes made while its note was internal (what was
 * written then stays internal after the item is made public), and without the note's changes while
 * the note is internal now (a deleted milestone's notes are left out altogether).
 * `undefined` means: not found.
 */
export function historyFor<E extends HistoryEventLike>(
  reader: Reader,
  plan: PlanFacts,
  milestone: MilestoneLike | undefined,
  events: readonly E[],
): E[] | undefined {
  const flagged = (e: E) => e.changes.some((c) => c.field === 'internal' && (c.before === true || c.after === true));
  const owner = milestone?.ownerAdministrationId ?? ownerIn(events);
  if (seesInternal(reader, plan, owner ?? '-')) return [...events];
  if (milestone ? milestone.internal : events.some(flagged)) return undefined;
  const hideNoteNow = !milestone || !!milestone.noteInternal;
  const publicLinks = (v: unknown) => (Array.isArray(v) ? v.filter((e) => !(e as { internal?: boolean }).internal) : v);
  return events
    .filter((e) => !e.sealed?.includes('milestone'))
    .map(({ sealed, ...e }) => {
      const hideNote = hideNoteNow || !!sealed?.includes('note');
      return {
        ...e,
        changes: e.changes
          .filter((c) => c.field !== 'internal' && c.field !== 'noteInternal' && !(hideNote && (c.field === 'note' || c.field === 'translations')))
          .map((c) => (c.field === 'evidence' ? { ...c, before: publicLinks(c.before), after: publicLinks(c.after) } : c)),
      } as unknown as E;
    });
}

function ownerIn(events: readonly HistoryEventLike[]): string | undefined {
  for (const e of events) {
    const c = e.changes.find((x) => x.field === 'ownerAdministrationId');
    if (c) return String(c.before ?? c.after);
  }
  return undefined;
}
