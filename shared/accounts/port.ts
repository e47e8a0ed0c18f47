/**
 * Sign-in accounts of the people in the directory. The commands (shared/commands/people.ts) keep
 * the person in the table and call this port so that the way people sign in follows: in AWS a
 * Cognito user with the attributes and group the app reads (shared/api/identity.ts); locally the
 * development sign-in page, which lists the people on file, so the local adapter has nothing to do.
 */
import type { Role } from '../domain/constants.ts';

/** What an account is made from: the person as the directory holds it. */
export interface AccountHolder {
  id: string;
  name: string;
  email: string;
  role: Role;
  administrationId?: string;
  donorId?: string;
  language?: string;
}

export interface Accounts {
  /**
   * Creates the person's sign-in and sends the invitation (Cognito mails a temporary password).
   * Inviting again someone who already has an account resends the invitation.
   */
  invite(person: AccountHolder): Promise<void>;
  /** After a change of name, email, language, role, administration or donor: attributes and group follow. */
  update(person: AccountHolder, before: AccountHolder): Promise<void>;
  /** Deactivation: the person can no longer sign in (their history stays). */
  disable(person: AccountHolder): Promise<void>;
  /** Reactivation. */
  enable(person: AccountHolder): Promise<void>;
}

/** Locally: the development sign-in page reads the directory itself, so there is nothing to do. */
export const localAccounts: Accounts = {
  async invite() {},
  async update() {},
  async disable() {},
  async enable() {},
};
