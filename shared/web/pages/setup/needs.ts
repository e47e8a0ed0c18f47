/**
 * What still needs set-up in the directory, for the secretariat: whatever would reach nobody (a
 * digest without a Director General, reminders without a focal point, a co-coordinating
 * administration nobody can act for) and people who were invited but never signed in. Deactivated
 * people count nowhere. One function for the set-up page and the secretariat's home.
 */
import type { Administration, Person, Strategy } from '../../../domain/resources.ts';
import type { Store } from '../../../store/index.ts';
import { all } from '../../data.ts';

export type SetupNeed =
  | { kind: 'noDigestRecipient'; administration: Administration }
  | { kind: 'noReminderRecipient'; administration: Administration }
  | { kind: 'noCoordinator'; administrationId: string; administration?: Administration; strategies: Strategy[] }
  | { kind: 'neverSignedIn'; person: Person };

export interface Directory {
  administrations: Administration[];
  people: Person[];
  strategies: Strategy[];
}

/** Strategies that are over need nobody to act as coordinator any more. */
const FINISHED: readonly Strategy['status'][] = ['completed', 'archived'];
const REMINDED: readonly Person['role'][] = ['focal_point', 'coordinator'];

export const isActive = (p: Person) => p.active !== false;

export function setupNeeds({ administrations, people, strategies }: Directory): SetupNeed[] {
  const active = people.filter(isActive);
  const byId = new Map(administrations.map((a) => [a.id, a]));
  const reminded = new Set(active.filter((p) => REMINDED.includes(p.role) && !p.remindersOptOut && p.administrationId).map((p) => p.administrationId));
  const coordinators = new Set(active.filter((p) => p.role === 'coordinator' && p.administrationId).map((p) => p.administrationId));
  const needs: SetupNeed[] = [];
  for (const a of administrations) if (!a.directorGeneral) needs.push({ kind: 'noDigestRecipient', administration: a });
  for (const a of administrations) if (!reminded.has(a.id)) needs.push({ kind: 'noReminderRecipient', administration: a });
  const coordinating = new Map<string, Strategy[]>();
  for (const s of strategies) {
    if (FINISHED.includes(s.status)) continue;
    for (const id of s.coordinatorIds) coordinating.set(id, [...(coordinating.get(id) ?? []), s]);
  }
  for (const [id, list] of [...coordinating].sort(([a], [b]) => a.localeCompare(b))) {
    if (coordinators.has(id)) continue;
    const administration = byId.get(id);
    needs.push({ kind: 'noCoordinator', administrationId: id, ...(administration ? { administration } : {}), strategies: list });
  }
  for (const p of active) if (p.invitedAt && !p.signedInAt) needs.push({ kind: 'neverSignedIn', person: p });
  return needs;
}

/** The three lists the needs are made from: one Query per 100 of each (strategies reused when the caller has them). */
export async function readDirectory(store: Store, strategies?: Strategy[]): Promise<Directory> {
  const [administrations, people, read] = await Promise.all([
    all((page) => store.administrations.list(page)),
    all((page) => store.people.list(page)),
    strategies ?? all((page) => store.strategies.list(page)),
  ]);
  return { administrations, people, strategies: read };
}
