/**
 * The directory the secretariat keeps: member administrations, donors and people. Inviting a
 * person records them and creates their sign-in through the Accounts port (Cognito in AWS);
 * changing a role or deactivating someone keeps the sign-in in step.
 */
import { SESSION_SECONDS } from '../domain/constants.ts';
import type { AccountHolder } from '../accounts/port.ts';
import { Slug } from '../domain/common.ts';
import {
  DIGEST_FREQUENCIES, CreateAdministration, CreateDonor, CreatePerson, NAME_TEXT_FIELDS, PatchAdministration, PatchDonor, PatchPerson, PersonRole,
  type Administration, type Donor, type Person,
} from '../domain/resources.ts';
import type { CommandDeps, Caller } from './context.ts';
import { actorOf, authorize, parse, requireSomeField } from './context.ts';
import { AlreadyExists, Invalid, VersionConflict, type FieldError } from './errors.ts';
import { languageOf, writtenTexts, type WriterLanguages } from './texts.ts';

// ---------------------------------------------------------------- administrations and donors

/**
 * A name in several languages (an administration's or a donor's: "Superintendencia Nacional de
 * Aduanas" and its English name), stored as the other translatable texts are (commands/texts.ts).
 */
const named = <T extends { name?: unknown }>(caller: Caller, input: WriterLanguages, current: { name: string; translations?: Administration['translations'] } | undefined, body: T) =>
  ({ ...body, ...writtenTexts(NAME_TEXT_FIELDS, current, body as { name?: string }, input.language ?? languageOf(caller), input.contentLanguage) });

export async function createAdministration(deps: CommandDeps, caller: Caller, input: { administration: unknown } & WriterLanguages): Promise<Administration> {
  const body = parse(CreateAdministration, input.administration);
  authorize(caller, 'administration:create', {}, 'administrations');
  return deps.store.administrations.create(named(caller, input, undefined, body) as Omit<Administration, 'version' | 'createdAt' | 'updatedAt'>, actorOf(caller));
}

export async function updateAdministration(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number } & WriterLanguages): Promise<Administration> {
  const body = parse(PatchAdministration, input.patch);
  requireSomeField(body);
  authorize(caller, 'administration:update', {}, `administration ${input.id}`);
  // The name's translations are worked out against the stored item the store reads for the update (no second read).
  return deps.store.administrations.update(input.id, (current) => named(caller, input, current, body) as Partial<Administration>, input.expectedVersion, actorOf(caller));
}

export async function createDonor(deps: CommandDeps, caller: Caller, input: { donor: unknown } & WriterLanguages): Promise<Donor> {
  const body = parse(CreateDonor, input.donor);
  authorize(caller, 'donor:create', {}, 'donors');
  return deps.store.donors.create(named(caller, input, undefined, body) as Omit<Donor, 'version' | 'createdAt' | 'updatedAt'>, actorOf(caller));
}

export async function updateDonor(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number } & WriterLanguages): Promise<Donor> {
  const body = parse(PatchDonor, input.patch);
  requireSomeField(body);
  authorize(caller, 'donor:update', {}, `donor ${input.id}`);
  return deps.store.donors.update(input.id, (current) => named(caller, input, current, removingNulls(body)) as Partial<Donor>, input.expectedVersion, actorOf(caller));
}

/** A patch's null means "remove this optional field": absent from the stored item. */
function removingNulls(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v === null ? undefined : v]));
}

// ---------------------------------------------------------------- people

const holder = (p: Person): AccountHolder => ({
  id: p.id, name: p.name, email: p.email, role: p.role,
  ...(p.administrationId ? { administrationId: p.administrationId } : {}),
  ...(p.donorId ? { donorId: p.donorId } : {}),
  ...(p.language ? { language: p.language } : {}),
});

/** The administration and donor a person names must exist; every unknown one is reported. */
async function checkAffiliation(deps: CommandDeps, body: { administrationId?: string | undefined; donorId?: string | undefined }) {
  const [administration, donor] = await Promise.all([
    body.administrationId ? deps.store.administrations.get(body.administrationId) : undefined,
    body.donorId ? deps.store.donors.get(body.donorId) : undefined,
  ]);
  const errors: FieldError[] = [];
  if (body.administrationId && !administration) errors.push({ field: 'administrationId', message: `names no known administration (${body.administrationId})`, code: 'unknown_reference' });
  if (body.donorId && !donor) errors.push({ field: 'donorId', message: `names no known donor (${body.donorId})`, code: 'unknown_reference' });
  if (errors.length > 0) throw new Invalid(errors);
}

/**
 * The person's sign-in could not be created (the account service failed or timed out). Nothing was
 * recorded: inviting again is safe.
 */
export class InvitationFailed extends Error {
  constructor(readonly personId: string, override readonly cause: unknown) {
    super(`The sign-in for ${personId} could not be created, so nothing was recorded: try again in a moment (${String((cause as Error)?.message ?? cause)}).`);
  }
}

/** The account service's answer, in the command's terms: an address someone else signs in with is a field error. */
async function withAccounts(person: Person, call: () => Promise<void> | undefined): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof Invalid) throw error;
    if ((error as Error).name === 'AccountConflict') {
      throw new Invalid([{ field: 'email', message: 'another person already signs in with this address', code: 'email_taken' }]);
    }
    throw new InvitationFailed(person.id, error);
  }
}

/**
 * Records a person and creates their sign-in (Cognito mails the invitation in AWS). The sign-in is
 * made first, so a failure there records nothing; a Cognito user left by a failed write after it is
 * the same person's (its `custom:person` is this id), and inviting again resends its invitation.
 */
export async function invitePerson(deps: CommandDeps, caller: Caller, input: { person: unknown }): Promise<Person> {
  const body = parse(CreatePerson, input.person);
  authorize(caller, 'person:create', {}, 'people');
  const [, existing] = await Promise.all([checkAffiliation(deps, body), deps.store.people.get(body.id)]);
  if (existing) throw new AlreadyExists('person', body.id);
  const person = { ...body, active: true, invitedAt: deps.now().toISOString() } as Person;
  await withAccounts(person, () => deps.accounts?.invite(holder(person)));
  return deps.store.people.create(person, actorOf(caller));
}

/** Sends the invitation again (lost mail, expired temporary password, a failed first attempt). */
export async function resendInvitation(deps: CommandDeps, caller: Caller, input: { id: string }): Promise<Person> {
  authorize(caller, 'person:create', {}, 'people');
  const person = await deps.store.people.require(input.id);
  if (person.active === false) throw new Invalid([{ field: 'active', message: 'the person is deactivated: reactivate them first', code: 'deactivated' }]);
  await withAccounts(person, async () => {
    try {
      await deps.accounts?.invite(holder(person));
    } catch (error) {
      // Cognito resends only to someone who never chose a password.
      if ((error as Error).name !== 'UnsupportedUserStateException') throw error;
      throw new Invalid([{ field: 'email', message: 'has already signed in: no invitation is needed', code: 'already_signed_in' }]);
    }
  });
  return person;
}

/** Name, email, language, reminders: the person themself or the secretariat. */
export async function updatePerson(deps: CommandDeps, caller: Caller, input: { id: string; patch: unknown; expectedVersion: number }): Promise<Person> {
  const body = parse(PatchPerson, input.patch);
  requireSomeField(body);
  authorize(caller, 'person:update', { personId: input.id }, `person ${input.id}`);
  const before = await deps.store.people.require(input.id);
  const after = await deps.store.people.update(input.id, removingNulls(body) as Partial<Person>, input.expectedVersion, actorOf(caller));
  if (after.version !== before.version && before.active !== false) await syncAccount(deps, after, before);
  return after;
}

/**
 * Brings the sign-in in line with the directory after a change. A person whose sign-in was never
 * made (an invitation that failed earlier) gets one now.
 */
async function syncAccount(deps: CommandDeps, after: Person, before: Person) {
  await withAccounts(after, async () => {
    try {
      await deps.accounts?.update(holder(after), holder(before));
    } catch (error) {
      if ((error as Error).name !== 'UserNotFoundException') throw error;
      await deps.accounts?.invite(holder(after));
    }
  });
}

/** A new role (and the administration or donor it needs), without recreating the person. */
export async function changePersonRole(deps: CommandDeps, caller: Caller, input: { id: string; role: unknown; expectedVersion: number }): Promise<Person> {
  const body = parse(PersonRole, input.role);
  authorize(caller, 'person:change-role', {}, `person ${input.id}`);
  await checkAffiliation(deps, body);
  const before = await deps.store.people.require(input.id);
  // Fields the new role does not have are removed, not left behind.
  const patch = { role: body.role, administrationId: body.administrationId, donorId: body.donorId } as Partial<Person>;
  const after = await deps.store.people.update(input.id, patch, input.expectedVersion, actorOf(caller));
  if (after.version !== before.version && before.active !== false) await syncAccount(deps, after, before);
  // Tokens issued before carry the old role: they stop at once (a browser renews into the new role).
  if (after.version !== before.version) await deps.store.endedSessions.endAllOf(input.id, SESSION_SECONDS.idToken);
  return after;
}

/** Stops sign-in and mail; the person and their history stay. */
export async function deactivatePerson(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<Person> {
  return setActive(deps, caller, input, false);
}

export async function reactivatePerson(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }): Promise<Person> {
  return setActive(deps, caller, input, true);
}

async function setActive(deps: CommandDeps, caller: Caller, input: { id: string; expectedVersion: number }, active: boolean): Promise<Person> {
  authorize(caller, 'person:deactivate', { personId: input.id }, `person ${input.id}`);
  if (!active && caller.userId === input.id) throw new Invalid([{ field: 'active', message: 'you cannot deactivate yourself', code: 'self' }]);
  const person = await deps.store.people.update(input.id, { active } as Partial<Person>, input.expectedVersion, actorOf(caller));
  // A deactivated person's tokens stop at once, not when they expire.
  if (!active) await deps.store.endedSessions.endAllOf(input.id, SESSION_SECONDS.idToken);
  await withAccounts(person, async () => {
    try {
      if (active) await deps.accounts?.enable(holder(person));
      else await deps.accounts?.disable(holder(person));
    } catch (error) {
      if ((error as Error).name !== 'UserNotFoundException') throw error;
      // Never had a sign-in (an invitation that failed): nothing to disable; reactivating invites them.
      if (active) await deps.accounts?.invite(holder(person));
    }
  });
  return person;
}

/** Recorded when a person signs in, so the secretariat sees who never did. */
export async function recordSignIn(deps: CommandDeps, personId: string): Promise<void> {
  if (!Slug.safeParse(personId).success) return;
  await deps.store.people.touchSignIn(personId, deps.now());
}

/**
 * A person stops reminder mail (the unsubscribe link in every reminder, RFC 8058 one-click).
 * Repeating it changes nothing; a concurrent change of the person is read again and kept.
 */
export async function optOutOfReminders(deps: CommandDeps, caller: Caller, input: { id: string }): Promise<Person> {
  authorize(caller, 'person:update', { personId: input.id }, `person ${input.id}`);
  let person = await deps.store.people.require(input.id);
  for (let attempt = 0; !person.remindersOptOut && attempt < 3; attempt++) {
    try {
      person = await deps.store.people.update(person.id, { remindersOptOut: true }, person.version, actorOf(caller));
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      person = await deps.store.people.require(person.id);
    }
  }
  return person;
}

/** How often an administration's Director General receives the digest (it cannot be turned off). */
export async function setDigestFrequency(deps: CommandDeps, caller: Caller, input: { administrationId: string; frequency: unknown }): Promise<Administration> {
  const frequency = DIGEST_FREQUENCIES.find((f) => f === input.frequency);
  if (!frequency) throw new Invalid([{ field: 'frequency', message: `must be one of ${DIGEST_FREQUENCIES.join(', ')}`, code: 'invalid_value' }]);
  authorize(caller, 'digest-frequency:set', { ownerAdministrationId: input.administrationId }, `administration ${input.administrationId}`);
  let administration = await deps.store.administrations.require(input.administrationId);
  for (let attempt = 0; administration.digestFrequency !== frequency && attempt < 3; attempt++) {
    try {
      administration = await deps.store.administrations.update(administration.id, { digestFrequency: frequency }, administration.version, actorOf(caller));
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      administration = await deps.store.administrations.require(administration.id);
    }
  }
  return administration;
}
