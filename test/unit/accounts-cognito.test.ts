/**
 * The Cognito Accounts adapter, against a mocked Cognito client: the exact calls, in order and with
 * their inputs, that each change of a person makes; what happens when the address is taken; and
 * that making the adapter (as the web function does at init) neither builds a client nor calls.
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
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountConflict, COGNITO_ACTIONS, cognitoAccounts } from '../../shared/accounts/cognito.ts';
import type { AccountHolder } from '../../shared/accounts/port.ts';

/** Every client the code under test builds, counted: the SDK's class, with a constructor that keeps a note. */
const built = vi.hoisted(() => [] as unknown[]);
vi.mock('@aws-sdk/client-cognito-identity-provider', async (importOriginal) => {
  const sdk = await importOriginal<typeof import('@aws-sdk/client-cognito-identity-provider')>();
  class CountedClient extends sdk.CognitoIdentityProviderClient {
    constructor(...args: ConstructorParameters<typeof sdk.CognitoIdentityProviderClient>) {
      super(...args);
      built.push(this);
    }
  }
  return { ...sdk, CognitoIdentityProviderClient: CountedClient };
});

const POOL = 'eu-west-1_AbCdEf123';
const cognito = mockClient(CognitoIdentityProviderClient);
const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const accounts = cognitoAccounts(POOL, client);

/** The calls the mocked client received, in order: command class and input. */
const sent = () => cognito.calls().map((call) => [(call.args[0] as object).constructor, (call.args[0] as { input: unknown }).input]);
const exists = () => new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} });

const people = {
  admin: { id: 'secretariat-admin', name: 'Secretariat', email: 'admin@example.org', role: 'admin' },
  coordinator: { id: 'coord-pe', name: 'Rosa Quispe', email: 'coord-pe@example.org', role: 'coordinator', administrationId: 'PE', language: 'es' },
  focalPoint: { id: 'fp-br', name: 'Fernanda Costa', email: 'focal-br@example.org', role: 'focal_point', administrationId: 'BR', language: 'pt' },
  directorGeneral: { id: 'dg-gt', name: 'Directora General', email: 'dg-gt@example.org', role: 'director_general', administrationId: 'GT' },
  donor: { id: 'donor-idb', name: 'Programme Officer', email: 'officer@donor.example.org', role: 'donor', donorId: 'idb', language: 'en' },
} satisfies Record<string, AccountHolder>;

beforeEach(() => {
  cognito.reset();
  built.length = 0;
});

describe('inviting', () => {
  const base = (p: AccountHolder) => [
    { Name: 'email', Value: p.email },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'name', Value: p.name },
    { Name: 'custom:role', Value: p.role },
    { Name: 'custom:person', Value: p.id },
  ];
  const cases: [string, AccountHolder, { Name: string; Value: string }[]][] = [
    ['admin', people.admin, []],
    ['coordinator', people.coordinator, [{ Name: 'custom:administration', Value: 'PE' }, { Name: 'locale', Value: 'es' }]],
    ['focal_point', people.focalPoint, [{ Name: 'custom:administration', Value: 'BR' }, { Name: 'locale', Value: 'pt' }]],
    ['director_general', people.directorGeneral, [{ Name: 'custom:administration', Value: 'GT' }]],
    ['donor', people.donor, [{ Name: 'custom:donor', Value: 'idb' }, { Name: 'locale', Value: 'en' }]],
  ];

  it.each(cases)('a %s: creates the user with the attributes the app reads and mails the invitation, then adds the role group', async (role, person, extra) => {
    await accounts.invite(person);
    expect(sent()).toEqual([
      [AdminCreateUserCommand, { UserPoolId: POOL, Username: person.email, UserAttributes: [...base(person), ...extra], DesiredDeliveryMediums: ['EMAIL'] }],
      [AdminAddUserToGroupCommand, { UserPoolId: POOL, Username: person.email, GroupName: role }],
    ]);
  });

  it('leaves out an administration or donor the role does not carry', async () => {
    await accounts.invite({ ...people.admin, administrationId: 'PE', donorId: 'idb' });
    const names = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input.UserAttributes!.map((a) => a.Name);
    expect(names).toEqual(['email', 'email_verified', 'name', 'custom:role', 'custom:person']);
  });

  it('resends the invitation when the same person already has a user, and makes sure of the group', async () => {
    cognito.on(AdminCreateUserCommand).rejectsOnce(exists()).resolves({});
    cognito.on(AdminGetUserCommand).resolves({
      Username: 'b1e2c3d4-0000-4000-8000-000000000001',
      UserStatus: 'FORCE_CHANGE_PASSWORD',
      UserAttributes: [{ Name: 'email', Value: people.focalPoint.email }, { Name: 'custom:person', Value: 'fp-br' }],
    });
    await accounts.invite(people.focalPoint);
    expect(sent().slice(1)).toEqual([
      [AdminGetUserCommand, { UserPoolId: POOL, Username: 'focal-br@example.org' }],
      [AdminCreateUserCommand, { UserPoolId: POOL, Username: 'focal-br@example.org', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }],
      [AdminAddUserToGroupCommand, { UserPoolId: POOL, Username: 'focal-br@example.org', GroupName: 'focal_point' }],
    ]);
  });

  it('refuses, with AccountConflict on the email, when another person signs in with that address', async () => {
    cognito.on(AdminCreateUserCommand).rejects(exists());
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'custom:person', Value: 'someone-else' }] });
    const error = await accounts.invite(people.focalPoint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountConflict);
    expect(error).toMatchObject({ name: 'AccountConflict', field: 'email', email: 'focal-br@example.org' });
    // Nothing resent, no group given to someone else's user.
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 1);
    expect(cognito).not.toHaveReceivedCommand(AdminAddUserToGroupCommand);
  });

  it('refuses as well when the existing user belongs to no person (made by hand without custom:person)', async () => {
    cognito.on(AdminCreateUserCommand).rejects(exists());
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'email', Value: people.focalPoint.email }] });
    await expect(accounts.invite(people.focalPoint)).rejects.toBeInstanceOf(AccountConflict);
    expect(cognito).not.toHaveReceivedCommand(AdminAddUserToGroupCommand);
  });

  it('passes any other Cognito error on, and stops there', async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('Invalid email address format.'), { name: 'InvalidParameterException' }));
    await expect(accounts.invite(people.donor)).rejects.toThrow('Invalid email address format.');
    expect(sent().map(([command]) => command)).toEqual([AdminCreateUserCommand]);
  });
});

describe('updating', () => {
  it('sends nothing when nothing the account holds has changed', async () => {
    await accounts.update({ ...people.focalPoint }, people.focalPoint);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('a new name: one AdminUpdateUserAttributes with the name only', async () => {
    await accounts.update({ ...people.focalPoint, name: 'Fernanda Costa Lima' }, people.focalPoint);
    expect(sent()).toEqual([
      [AdminUpdateUserAttributesCommand, { UserPoolId: POOL, Username: 'focal-br@example.org', UserAttributes: [{ Name: 'name', Value: 'Fernanda Costa Lima' }] }],
    ]);
  });

  it('focal point to donor: group left, administration cleared, role and donor set, group joined', async () => {
    const donor: AccountHolder = { ...people.focalPoint, role: 'donor', administrationId: undefined, donorId: 'idb' };
    await accounts.update(donor, people.focalPoint);
    const Username = 'focal-br@example.org';
    expect(sent()).toEqual([
      [AdminRemoveUserFromGroupCommand, { UserPoolId: POOL, Username, GroupName: 'focal_point' }],
      [AdminDeleteUserAttributesCommand, { UserPoolId: POOL, Username, UserAttributeNames: ['custom:administration'] }],
      [
        AdminUpdateUserAttributesCommand,
        { UserPoolId: POOL, Username, UserAttributes: [{ Name: 'custom:role', Value: 'donor' }, { Name: 'custom:donor', Value: 'idb' }] },
      ],
      [AdminAddUserToGroupCommand, { UserPoolId: POOL, Username, GroupName: 'donor' }],
    ]);
  });

  it('a new administration for the same role: only that attribute, no group moves', async () => {
    await accounts.update({ ...people.coordinator, administrationId: 'GT' }, people.coordinator);
    expect(sent()).toEqual([
      [AdminUpdateUserAttributesCommand, { UserPoolId: POOL, Username: 'coord-pe@example.org', UserAttributes: [{ Name: 'custom:administration', Value: 'GT' }] }],
    ]);
  });

  it('a language removed: the locale is deleted, nothing set', async () => {
    await accounts.update({ ...people.donor, language: undefined }, people.donor);
    expect(sent()).toEqual([[AdminDeleteUserAttributesCommand, { UserPoolId: POOL, Username: 'officer@donor.example.org', UserAttributeNames: ['locale'] }]]);
  });

  it('a new email: set as verified on the user found by the old address; what follows uses the new one', async () => {
    const moved: AccountHolder = { ...people.admin, email: 'secretariat@example.org', role: 'coordinator', administrationId: 'PE' };
    await accounts.update(moved, people.admin);
    expect(sent()).toEqual([
      [AdminRemoveUserFromGroupCommand, { UserPoolId: POOL, Username: 'admin@example.org', GroupName: 'admin' }],
      [
        AdminUpdateUserAttributesCommand,
        {
          UserPoolId: POOL,
          Username: 'admin@example.org',
          UserAttributes: [
            { Name: 'email', Value: 'secretariat@example.org' },
            { Name: 'custom:role', Value: 'coordinator' },
            { Name: 'custom:administration', Value: 'PE' },
            { Name: 'email_verified', Value: 'true' },
          ],
        },
      ],
      [AdminAddUserToGroupCommand, { UserPoolId: POOL, Username: 'secretariat@example.org', GroupName: 'coordinator' }],
    ]);
  });
});

describe('disabling and enabling', () => {
  it('disable: the user is disabled, then signed out everywhere (refresh tokens revoked)', async () => {
    await accounts.disable(people.donor);
    expect(sent()).toEqual([
      [AdminDisableUserCommand, { UserPoolId: POOL, Username: 'officer@donor.example.org' }],
      [AdminUserGlobalSignOutCommand, { UserPoolId: POOL, Username: 'officer@donor.example.org' }],
    ]);
  });

  it('disable: a failed disable does not go on to sign out as if it had worked', async () => {
    cognito.on(AdminDisableUserCommand).rejects(Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' }));
    await expect(accounts.disable(people.donor)).rejects.toThrow('User does not exist.');
    expect(cognito).not.toHaveReceivedCommand(AdminUserGlobalSignOutCommand);
  });

  it('enable: one AdminEnableUser', async () => {
    await accounts.enable(people.coordinator);
    expect(sent()).toEqual([[AdminEnableUserCommand, { UserPoolId: POOL, Username: 'coord-pe@example.org' }]]);
  });
});

describe('the client', () => {
  it('is not built, and nothing is sent, when the adapter is made (the web function does so at init)', async () => {
    const lazy = cognitoAccounts(POOL);
    expect(built).toHaveLength(0);
    expect(cognito.calls()).toHaveLength(0);

    await lazy.enable(people.admin);
    await lazy.disable(people.admin);
    expect(built).toHaveLength(1); // on first use, then kept
    expect(cognito).toHaveReceivedCommandWith(AdminEnableUserCommand, { UserPoolId: POOL, Username: 'admin@example.org' });
    // The SDK's own retries: three attempts in all.
    expect(await (built[0] as CognitoIdentityProviderClient).config.maxAttempts()).toBe(3);
  });

  it('given one, uses it and builds none', async () => {
    await accounts.enable(people.admin);
    expect(built).toHaveLength(0);
    expect(cognito).toHaveReceivedCommandTimes(AdminEnableUserCommand, 1);
  });

  it('names every action the adapter calls, for the IAM grant (and no other)', async () => {
    cognito.on(AdminCreateUserCommand).rejectsOnce(exists()).resolves({});
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'custom:person', Value: 'fp-br' }] });
    await accounts.invite(people.focalPoint);
    await accounts.update({ ...people.focalPoint, role: 'donor', administrationId: undefined, donorId: 'idb' }, people.focalPoint);
    await accounts.disable(people.focalPoint);
    await accounts.enable(people.focalPoint);
    const used = new Set(sent().map(([command]) => `cognito-idp:${(command as { name: string }).name.replace(/Command$/, '')}`));
    expect([...used].sort()).toEqual([...COGNITO_ACTIONS].sort());
  });
});
