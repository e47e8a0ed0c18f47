/**
 * The Accounts port on a Cognito user pool: each person of the directory is a user whose username
 * is their email address (the pool signs in with `email`, infra/identity.ts), with the attributes
 * the app reads from the ID token (shared/api/identity.ts) and membership of the group named after
 * their role. These are the attributes README's "Create the first admin user" sets by hand.
 *
 * In Lambda this module is not in the function's bundle: it is built as its own file beside the
 * API and web bundles (`accounts.mjs`, infra/bundling.ts) and imported on the first invitation or
 * change of a person (`cognitoAccountsBeside`, ./port.ts), since most containers never invite
 * anyone. The client too is made on first use, not when the adapter is. Retries and timeouts are
 * the SDK's own (standard retry mode: throttling, 5xx and timeouts, with backoff), bounded so that
 * a call fits well inside the functions' 10 s. Every call here is safe to repeat: a retried AdminCreateUser that had
 * gone through meets UsernameExistsException for the same person and resends the invitation.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../domain/constants.ts';
import type { AccountHolder, Accounts } from './port.ts';

/**
 * Someone else (another `custom:person`, or a user made by hand without one) already signs in with
 * this email address. The caller reports it as a problem with the `email` field.
 */
export class AccountConflict extends Error {
  override readonly name = 'AccountConflict';
  readonly field = 'email';
  constructor(readonly email: string) {
    super(`Another person already signs in with ${email}.`);
  }
}

/** The Cognito calls the adapter makes: the API and web functions' roles are granted exactly these (infra/api.ts). */
export const COGNITO_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDeleteUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
] as const;

/** The client of the deployed function: at most 3 attempts, each given up after 2 s (1 s to connect). */
export function cognitoClient(): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
  });
}

/** Roles whose people belong to an administration (the rule of shared/domain/resources.ts). */
const ADMINISTRATION_ROLES: ReadonlySet<Role> = new Set(['coordinator', 'focal_point', 'director_general']);

/** The attributes of a person's user, in the order README's CLI example gives them. */
function attributesOf(person: AccountHolder): Map<string, string> {
  const attributes = new Map<string, string>([
    ['email', person.email],
    ['email_verified', 'true'],
    ['name', person.name],
    ['custom:role', person.role],
    ['custom:person', person.id],
  ]);
  if (ADMINISTRATION_ROLES.has(person.role) && person.administrationId) attributes.set('custom:administration', person.administrationId);
  if (person.role === 'donor' && person.donorId) attributes.set('custom:donor', person.donorId);
  if (person.language) attributes.set('locale', person.language);
  return attributes;
}

const list = (attributes: Map<string, string>): AttributeType[] => [...attributes].map(([Name, Value]) => ({ Name, Value }));

export function cognitoAccounts(userPoolId: string, client?: CognitoIdentityProviderClient): Accounts {
  let made = client;
  const cognito = () => (made ??= cognitoClient());
  const UserPoolId = userPoolId;

  return {
    async invite(person) {
      const Username = person.email;
      try {
        await cognito().send(
          new AdminCreateUserCommand({ UserPoolId, Username, UserAttributes: list(attributesOf(person)), DesiredDeliveryMediums: ['EMAIL'] }),
        );
      } catch (error) {
        if ((error as Error).name !== 'UsernameExistsException') throw error;
        const existing = await cognito().send(new AdminGetUserCommand({ UserPoolId, Username }));
        const owner = existing.UserAttributes?.find((a) => a.Name === 'custom:person')?.Value;
        if (owner !== person.id) throw new AccountConflict(person.email);
        // Cognito refuses this (UnsupportedUserStateException) once the person has chosen a password:
        // there is no invitation left to send, and the caller hears so.
        await cognito().send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }));
      }
      // Also on a resend: an earlier invitation may have stopped before this step.
      await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: person.role }));
    },

    async update(person, before) {
      let Username = before.email;
      const now = attributesOf(person);
      const was = attributesOf(before);
      const changed = new Map([...now].filter(([name, value]) => name !== 'email_verified' && was.get(name) !== value));
      // A new address is verified by whoever entered it (the secretariat), as on invitation; without
      // this Cognito would mail a code and the person could not sign in with it until confirmed.
      if (changed.has('email')) changed.set('email_verified', 'true');
      const dropped = [...was.keys()].filter((name) => !now.has(name));

      // What no longer applies goes first, so a failure part-way leaves less access, never more.
      if (before.role !== person.role) {
        await cognito().send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName: before.role }));
      }
      if (dropped.length) {
        await cognito().send(new AdminDeleteUserAttributesCommand({ UserPoolId, Username, UserAttributeNames: dropped }));
      }
      if (changed.size) {
        await cognito().send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username, UserAttributes: list(changed) }));
        Username = person.email; // the user is now found by the new address
      }
      if (before.role !== person.role) {
        await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: person.role }));
      }
    },

    async disable(person) {
      const Username = person.email;
      await cognito().send(new AdminDisableUserCommand({ UserPoolId, Username }));
      // Disabling stops new sign-ins; signing out everywhere also revokes the refresh tokens, so the
      // web session cannot renew itself (ID tokens already issued last their hour).
      await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username }));
    },

    async enable(person) {
      await cognito().send(new AdminEnableUserCommand({ UserPoolId, Username: person.email }));
    },
  };
}
