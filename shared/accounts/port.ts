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

/**
 * Locally with the development issuer's sessions: as `localAccounts`, and deactivating a person
 * ends their sessions (as AdminUserGlobalSignOut does in Cognito).
 */
export function devIssuerAccounts(sessions: { revokeAll(personId: string): void }): Accounts {
  return {
    ...localAccounts,
    async disable(person) {
      sessions.revokeAll(person.id);
    },
  };
}

/**
 * An Accounts whose adapter is loaded on the first call, not when this is made: the functions load
 * the Cognito adapter (its own file beside their bundle) only when a person is invited or changed.
 * The load happens once; after a failed load the next call tries again.
 */
export function lazyAccounts(load: () => Promise<Accounts>): Accounts {
  let loading: Promise<Accounts> | undefined;
  const adapter = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return {
    async invite(person) {
      return (await adapter()).invite(person);
    },
    async update(person, before) {
      return (await adapter()).update(person, before);
    },
    async disable(person) {
      return (await adapter()).disable(person);
    },
    async enable(person) {
      return (await adapter()).enable(person);
    },
  };
}

/** The Cognito adapter's own file beside each function bundle that uses it (infra/bundling.ts). */
export const ACCOUNTS_FILE = 'accounts.mjs';

/**
 * The deployed functions' accounts: the Cognito adapter (shared/accounts/cognito.ts, built on its
 * own as `ACCOUNTS_FILE`) imported from `bundleUrl`'s folder on the first invitation or change of a
 * person. The import's specifier is made at run time, so esbuild leaves it alone and neither the
 * adapter nor the Cognito client is in the function's bundle or its init.
 */
export function cognitoAccountsBeside(bundleUrl: string, userPoolId: string): Accounts {
  const file = new URL(`./${ACCOUNTS_FILE}`, bundleUrl).href;
  return lazyAccounts(async () => {
    const { cognitoAccounts } = (await import(file)) as AccountsModule;
    return cognitoAccounts(userPoolId);
  });
}

/** What `ACCOUNTS_FILE` exports (among others): `cognitoAccounts` of ./cognito.ts, which imports this file, not the reverse. */
interface AccountsModule {
  cognitoAccounts(userPoolId: string): Accounts;
}
