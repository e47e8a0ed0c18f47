/**
 * The one policy table: who may do what, on which object. Routes ask `can()`, the web pages ask
 * it before showing a control, `/me` lists it, and the tests read it.
 */
import type { Role } from './resources.ts';

export interface Principal {
  userId: string;
  role: Role;
  administrationId?: string;
  donorId?: string;
  name?: string;
  language?: string;
  /** The sign-in session the token belongs to (its `origin_jti`), for ending it at sign-out. */
  sessionId?: string;
  /** When the token was issued (epoch seconds): tokens older than a change of the person's access are refused. */
  issuedAt?: number;
}

/** What a rule may look at: the denormalised facts kept on strategies, plans and their children. */
export interface Scope {
  coordinatorIds?: readonly string[];
  donorIds?: readonly string[];
  participantIds?: readonly string[];
  ownerAdministrationId?: string;
  donorId?: string;
  personId?: string;
}

type Rule = true | ((p: Principal, s: Scope) => boolean);

const coordinates = (p: Principal, s: Scope) =>
  !!p.administrationId && (s.coordinatorIds ?? []).includes(p.administrationId);
const owns = (p: Principal, s: Scope) => !!p.administrationId && s.ownerAdministrationId === p.administrationId;
const funds = (p: Principal, s: Scope) => !!p.donorId && (s.donorIds ?? []).includes(p.donorId);
const concerns = (p: Principal, s: Scope) =>
  coordinates(p, s) || (!!p.administrationId && (s.participantIds ?? []).includes(p.administrationId));
/** The administrations an internal item involves: a milestone's owner, else (a contribution) the plan's participants. */
const involved = (p: Principal, s: Scope) =>
  s.ownerAdministrationId !== undefined ? owns(p, s) : !!p.administrationId && (s.participantIds ?? []).includes(p.administrationId);
const seesInternal = (p: Principal, s: Scope) => coordinates(p, s) || involved(p, s);
const isSelf = (p: Principal, s: Scope) => s.personId === p.userId;
const ownDonor = (p: Principal, s: Scope) => !!p.donorId && s.donorId === p.donorId;

const everyone = { admin: true, coordinator: true, focal_point: true, donor: true, director_general: true } as const;

export const policy = {
  'administration:read': everyone,
  'administration:create': { admin: true },
  'administration:update': { admin: true },
  'donor:read': everyone,
  'donor:create': { admin: true },
  'donor:update': { admin: true },
  'person:list': { admin: true },
  'person:read': { admin: true, coordinator: isSelf, focal_point: isSelf, donor: isSelf, director_general: isSelf },
  /** Inviting a person (and sending the invitation again). */
  'person:create': { admin: true },
  'person:change-role': { admin: true },
  'person:deactivate': { admin: true },
  'person:update': { admin: true, coordinator: isSelf, focal_point: isSelf, donor: isSelf, director_general: isSelf },
  /** A person's calendar feeds (make, reset, revoke): their own; the secretariat anyone's. A feed still reads as its person. */
  'calendar-feed:manage': { admin: true, coordinator: isSelf, focal_point: isSelf, donor: isSelf, director_general: isSelf },
  /**
   * A feed of one's own milestones (those one may report on: `milestone:report`): the people who
   * report (the feed needs the person to belong to an administration; the secretariat's would be everything).
   */
  'calendar-feed:follow-own': { admin: true, coordinator: isSelf, focal_point: isSelf },
  /** A feed of an administration's milestones (scope.ownerAdministrationId): who may read them all; a Director General their own. */
  'calendar-feed:follow-administration': { admin: true, coordinator: true, focal_point: true, director_general: owns },
  'strategy:read': everyone,
  'strategy:create': { admin: true },
  'strategy:update': { admin: true, coordinator: coordinates },
  'coordinator:add': { admin: true },
  'coordinator:remove': { admin: true },
  'plan:read': { admin: true, coordinator: true, focal_point: true, donor: funds, director_general: concerns },
  'plan:create': { admin: true, coordinator: coordinates },
  'plan:update': { admin: true, coordinator: coordinates },
  'plan:delete': { admin: true, coordinator: coordinates },
  'milestone:read': { admin: true, coordinator: true, focal_point: true, donor: funds, director_general: concerns },
  'milestone:create': { admin: true, coordinator: coordinates },
  /** All fields: admin and the plan's co-coordinators. */
  'milestone:update': { admin: true, coordinator: coordinates },
  /** Status, progress, note and evidence only: the owning administration's focal points. */
  'milestone:report': { admin: true, coordinator: (p, s) => coordinates(p, s) || owns(p, s), focal_point: owns },
  'milestone:delete': { admin: true, coordinator: coordinates },
  'contribution:read': { admin: true, coordinator: true, focal_point: true, donor: ownDonor, director_general: concerns },
  'contribution:create': { admin: true, coordinator: coordinates },
  'contribution:update': { admin: true, coordinator: coordinates },
  'contribution:delete': { admin: true, coordinator: coordinates },
  'donor-contributions:list': { admin: true, coordinator: true, focal_point: true, donor: ownDonor },
  /** A donor's report (contributions, what they fund, what changed in a period): the donor itself, the secretariat and the co-coordinators. */
  'donor-report:read': { admin: true, coordinator: true, donor: ownDonor },
  /** Results, indicators, reporting periods and approved values: whoever may read the plan. */
  'result:read': { admin: true, coordinator: true, focal_point: true, donor: funds, director_general: concerns },
  /** Results, indicators (baselines, targets) and reporting periods: the secretariat and the plan's co-coordinators. */
  'result:define': { admin: true, coordinator: coordinates },
  /** A value for an administration (scope.ownerAdministrationId): only that administration's people; the secretariat on its behalf. */
  'result:submit': { admin: true, coordinator: owns, focal_point: owns },
  /** Approve or return a submission: the strategy's co-coordinators (and the secretariat). */
  'result:review': { admin: true, coordinator: coordinates },
  /** Reopen an approved value, with a reason: the secretariat only. */
  'result:reopen': { admin: true },
  /** A Director General chooses how often their digest comes (from the link in every digest). */
  /** Exchange rates are public facts: everyone reads them; the secretariat records and corrects them. */
  'exchange-rate:read': everyone,
  'exchange-rate:record': { admin: true },
  'exchange-rate:update': { admin: true },
  /** A donor-grade IATI activity file: as the plan itself (a donor only for the plans it funds). */
  'plan:publish-iati': { admin: true, coordinator: true, focal_point: true, donor: funds, director_general: concerns },
  /**
   * What stays internal (domain/internal.ts): a milestone, its note, an evidence link or a contribution
   * marked internal is read by the secretariat, the strategy's co-coordinators and the administrations
   * involved (the milestone's owner; for a contribution, the plan's participating administrations), whatever the
   * person's role there.
   * Never by donors. Scope: the plan's facts, with the milestone's owner for a milestone's items.
   */
  'internal:read': { admin: true, coordinator: seesInternal, focal_point: seesInternal, director_general: seesInternal },
  /** Marking an item internal or clearing the flag: the secretariat and the strategy's co-coordinators only. */
  'internal:mark': { admin: true, coordinator: coordinates },
  'digest-frequency:set': { admin: true, director_general: (p, s) => !!p.administrationId && s.ownerAdministrationId === p.administrationId },
  'digest:read': { admin: true, director_general: (p, s) => !!p.administrationId && s.ownerAdministrationId === p.administrationId, coordinator: (p, s) => !!p.administrationId && s.ownerAdministrationId === p.administrationId },
} satisfies Record<string, Partial<Record<Role, Rule>>>;

export type Action = keyof typeof policy;

export function can(principal: Principal, action: Action, scope: Scope = {}): boolean {
  const rule = (policy[action] as Partial<Record<Role, Rule>>)[principal.role];
  if (rule === undefined) return false;
  return rule === true || rule(principal, scope);
}

/** For `/me`: each action as 'always', 'own' (depends on the object) or absent. */
export function capabilities(principal: Principal): Partial<Record<Action, 'always' | 'own'>> {
  const out: Partial<Record<Action, 'always' | 'own'>> = {};
  for (const action of Object.keys(policy) as Action[]) {
    const rule = (policy[action] as Partial<Record<Role, Rule>>)[principal.role];
    if (rule !== undefined) out[action] = rule === true ? 'always' : 'own';
  }
  return out;
}

/** What a list of plans is narrowed to for the caller (the policy's object-level rules for plan:read). */
export function planScopeFilter(p: Principal): { donorId?: string; administrationId?: string } | undefined {
  if (p.role === 'donor') return { donorId: p.donorId ?? '-' };
  if (p.role === 'director_general') return { administrationId: p.administrationId ?? '-' };
  return undefined;
}
