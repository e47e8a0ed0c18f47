/**
 * People and their sign-in, through the API over DynamoDB Local, with the Cognito adapter against a
 * mocked Cognito (the one part DynamoDB Local cannot show): inviting creates the user, a change of
 * role moves the person between administrations and groups, deactivation stops sign-in and mail and
 * keeps the history; bad input, stale versions and the policy change nothing.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cognitoAccounts } from '../../shared/accounts/cognito.ts';
import { devVerifier, generateDevKeys, signDevToken } from '../../shared/api/identity.ts';
import { createApp } from '../../shared/app.ts';
import { createStore, type Store } from '../../shared/store/index.ts';
import { seedDemo } from '../../local/seed.ts';
import { testTables } from '../support/dynamo.ts';

const POOL = 'eu-west-1_AbCdEf123';
const cognito = mockClient(CognitoIdentityProviderClient);
const client = new CognitoIdentityProviderClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const keys = generateDevKeys();
const now = new Date('2026-12-01T12:00:00Z');
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const tables = await testTables();
  store = createStore(tables.doc, tables.tableName, () => now);
  await seedDemo(store, now);
  app = createApp({ store, verifier: devVerifier(keys), now: () => now, config: { corsOrigins: [], publicUrl: 'http://localhost:3000' }, accounts: cognitoAccounts(POOL, client) });
});

beforeEach(() => {
  cognito.reset();
  cognito.onAnyCommand().resolves({});
});

async function call(who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const person = await store.people.require(who);
  const res = await app.request(`/api/v1${path}`, {
    method,
    // Signed now, whatever day the app is told it is: the verifier checks expiry against the real clock.
    headers: { Authorization: `Bearer ${signDevToken(keys, { ...person, id: person.id }, new Date())}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, etag: res.headers.get('ETag'), body: await res.json().catch(() => null) };
}

const honduras = { id: 'focal-hn', name: 'Carlos Mejía', email: 'focal-hn@example.org', role: 'focal_point', administrationId: 'GT', language: 'es' };

describe('inviting a person', () => {
  it('records them and creates their Cognito user with the attributes and group the app reads', async () => {
    const res = await call('admin', 'POST', '/people', honduras);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'focal-hn', role: 'focal_point', administrationId: 'GT', active: true, invitedAt: now.toISOString() });
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: POOL,
      Username: 'focal-hn@example.org',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: expect.arrayContaining([{ Name: 'custom:person', Value: 'focal-hn' }, { Name: 'custom:administration', Value: 'GT' }, { Name: 'custom:role', Value: 'focal_point' }]),
    });
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, { GroupName: 'focal_point', Username: 'focal-hn@example.org' });
    // The new focal point is among Guatemala's people at once (what reminders read).
    expect((await store.people.ofAdministration('GT')).map((p) => p.id)).toContain('focal-hn');
  });

  it('refuses bad input, an unknown administration and a taken id, and creates no user', async () => {
    const bad = await call('admin', 'POST', '/people', { ...honduras, id: 'focal-hn2', email: 'not-an-email', administrationId: 'XX' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['administrationId', 'email']);
    const unknown = await call('admin', 'POST', '/people', { ...honduras, id: 'focal-hn2', administrationId: 'HN' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'administrationId', message: 'names no known administration (HN)' }]);
    const taken = await call('admin', 'POST', '/people', honduras);
    expect(taken.status).toBe(409);
    expect(cognito).not.toHaveReceivedCommand(AdminCreateUserCommand);
    expect(await store.people.get('focal-hn2')).toBeUndefined();
  });

  it('is the secretariat\'s: a coordinator may not invite', async () => {
    const res = await call('coord-pe', 'POST', '/people', { ...honduras, id: 'focal-hn3' });
    expect(res.status).toBe(403);
    expect(await store.people.get('focal-hn3')).toBeUndefined();
    expect(cognito).not.toHaveReceivedCommand(AdminCreateUserCommand);
  });

  it('records nothing when the sign-in could not be created, so inviting again is safe', async () => {
    cognito.on(AdminCreateUserCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    const person = { ...honduras, id: 'focal-hn4', email: 'focal-hn4@example.org' };
    const failed = await call('admin', 'POST', '/people', person);
    expect(failed.status).toBe(502);
    expect(failed.body.detail).toContain('The sign-in for focal-hn4 could not be created, so nothing was recorded');
    expect(await store.people.get('focal-hn4')).toBeUndefined();
    const again = await call('admin', 'POST', '/people', person);
    expect(again.status).toBe(201);
    expect(cognito).toHaveReceivedCommandTimes(AdminCreateUserCommand, 2);
  });

  it("refuses an address another person signs in with, as a field error, and records nothing", async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('exists'), { name: 'UsernameExistsException' }));
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'custom:person', Value: 'focal-gt' }] });
    const res = await call('admin', 'POST', '/people', { ...honduras, id: 'focal-hn5', email: 'focal-gt@example.org' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'email', message: 'another person already signs in with this address' }]);
    expect(await store.people.get('focal-hn5')).toBeUndefined();
  });

  it('sends the invitation again, and says so when the person has already signed in', async () => {
    const again = await call('admin', 'POST', '/people/focal-hn/invitation');
    expect(again.status).toBe(200);
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('exists'), { name: 'UsernameExistsException' }));
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'custom:person', Value: 'focal-hn' }] });
    cognito.on(AdminCreateUserCommand, { MessageAction: 'RESEND' }).rejects(Object.assign(new Error('confirmed'), { name: 'UnsupportedUserStateException' }));
    const done = await call('admin', 'POST', '/people/focal-hn/invitation');
    expect(done.status).toBe(400);
    expect(done.body.errors[0]).toEqual({ field: 'email', message: 'has already signed in: no invitation is needed' });
  });
});

describe('changing a role', () => {
  it('moves the person to the new administration and Cognito group, guarded by the version', async () => {
    const read = await call('admin', 'GET', '/people/focal-hn');
    const res = await call('admin', 'PUT', '/people/focal-hn/role', { role: 'coordinator', administrationId: 'CR' }, { 'If-Match': read.etag! });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'coordinator', administrationId: 'CR' });
    expect((await store.people.ofAdministration('CR')).map((p) => p.id)).toContain('focal-hn');
    expect((await store.people.ofAdministration('GT')).map((p) => p.id)).not.toContain('focal-hn');
    expect(cognito).toHaveReceivedCommandWith(AdminRemoveUserFromGroupCommand, { GroupName: 'focal_point' });
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, { GroupName: 'coordinator' });
    expect(cognito).toHaveReceivedCommandWith(AdminUpdateUserAttributesCommand, { UserAttributes: expect.arrayContaining([{ Name: 'custom:role', Value: 'coordinator' }, { Name: 'custom:administration', Value: 'CR' }]) });

    // The old ETag is stale now: nothing changes, nothing is sent to Cognito.
    cognito.reset();
    const stale = await call('admin', 'PUT', '/people/focal-hn/role', { role: 'donor', donorId: 'jica' }, { 'If-Match': read.etag! });
    expect(stale.status).toBe(412);
    expect((await store.people.require('focal-hn')).role).toBe('coordinator');
    expect(cognito.calls()).toHaveLength(0);
  });

  it('refuses a role without the affiliation it needs, and refuses anyone but the secretariat', async () => {
    const read = await call('admin', 'GET', '/people/focal-hn');
    const missing = await call('admin', 'PUT', '/people/focal-hn/role', { role: 'donor' }, { 'If-Match': read.etag! });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'donorId', message: 'is required for the role donor' }]);
    const self = await call('focal-gt', 'PUT', '/people/focal-gt/role', { role: 'coordinator', administrationId: 'GT' }, { 'If-Match': '"1"' });
    expect(self.status).toBe(403);
    expect((await store.people.require('focal-gt')).role).toBe('focal_point');
  });
});

describe('deactivating a person', () => {
  it('disables sign-in (and signs them out everywhere), keeps the person and their history; reactivation undoes it', async () => {
    const read = await call('admin', 'GET', '/people/focal-hn');
    const off = await call('admin', 'POST', '/people/focal-hn/deactivate', undefined, { 'If-Match': read.etag! });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(cognito).toHaveReceivedCommand(AdminDisableUserCommand);
    expect(cognito).toHaveReceivedCommand(AdminUserGlobalSignOutCommand);
    const history = await store.history.list('person/focal-hn', { limit: 10 });
    expect(history.items.length).toBeGreaterThanOrEqual(3);

    const on = await call('admin', 'POST', '/people/focal-hn/reactivate', undefined, { 'If-Match': off.etag! });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    expect(cognito).toHaveReceivedCommand(AdminEnableUserCommand);
  });

  it('is refused for oneself, without If-Match, and for anyone but the secretariat', async () => {
    const admin = await call('admin', 'GET', '/people/admin');
    const self = await call('admin', 'POST', '/people/admin/deactivate', undefined, { 'If-Match': admin.etag! });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].field).toBe('active');
    expect((await call('admin', 'POST', '/people/focal-hn/deactivate')).status).toBe(428);
    expect((await call('coord-pe', 'POST', '/people/focal-hn/deactivate', undefined, { 'If-Match': '"1"' })).status).toBe(403);
    expect((await store.people.require('focal-hn')).active).toBe(true);
    expect(cognito).not.toHaveReceivedCommand(AdminDisableUserCommand);
  });
});

describe('a person on file who never had a sign-in (added before invitations, or seeded)', () => {
  it('gets one when the secretariat changes them, instead of an error', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).rejects(Object.assign(new Error('no such user'), { name: 'UserNotFoundException' }));
    const read = await call('admin', 'GET', '/people/focal-jm');
    const res = await call('admin', 'PATCH', '/people/focal-jm', { name: 'Kimberly A. Brown' }, { 'If-Match': read.etag! });
    expect(res.status).toBe(200);
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { Username: 'focal-jm@example.org', UserAttributes: expect.arrayContaining([{ Name: 'name', Value: 'Kimberly A. Brown' }]) });
  });
});

describe('removing an optional field', () => {
  it("a person's language and a donor's IATI identifier are removed with null", async () => {
    const person = await call('admin', 'GET', '/people/focal-gt');
    expect(person.body.language).toBe('es');
    const cleared = await call('admin', 'PATCH', '/people/focal-gt', { language: null }, { 'If-Match': person.etag! });
    expect(cleared.status).toBe(200);
    expect('language' in (await store.people.require('focal-gt'))).toBe(false);
    const donor = await call('admin', 'GET', '/donors/jica');
    expect(donor.body.iatiRef).toBeTruthy();
    const noRef = await call('admin', 'PATCH', '/donors/jica', { iatiRef: null }, { 'If-Match': donor.etag! });
    expect(noRef.status).toBe(200);
    expect((await store.donors.require('jica')).iatiRef).toBeUndefined();
    expect((await call('admin', 'PATCH', '/donors/jica', { name: null }, { 'If-Match': noRef.etag! })).status).toBe(400);
  });
});

describe('removing an optional field of a strategy or a plan', () => {
  it('approval date and forum, and a plan\'s origin, are removed with null (the budget too), guarded by the version', async () => {
    const read = await call('admin', 'GET', '/strategies/ams-rm');
    const strategy = await call('admin', 'PATCH', '/strategies/ams-rm', { approvedOn: '2014-04-15', approvalForum: 'Regional Conference of Directors General, Peru' }, { 'If-Match': read.etag! });
    expect(strategy.body).toMatchObject({ approvedOn: '2014-04-15' });
    const cleared = await call('admin', 'PATCH', '/strategies/ams-rm', { approvedOn: null, approvalForum: null }, { 'If-Match': strategy.etag! });
    expect(cleared.status).toBe(200);
    const stored = await store.strategies.require('ams-rm');
    expect('approvedOn' in stored || 'approvalForum' in stored).toBe(false);
    expect((await call('admin', 'PATCH', '/strategies/ams-rm', { approvedOn: '2014-04-01' }, { 'If-Match': strategy.etag! })).status).toBe(412);

    const plan = await call('admin', 'GET', '/plans/ams-rm-current');
    expect(plan.body.origin).toBeTruthy();
    const noOrigin = await call('admin', 'PATCH', '/plans/ams-rm-current', { origin: null }, { 'If-Match': plan.etag! });
    expect(noOrigin.status).toBe(200);
    expect(noOrigin.body.origin).toBeUndefined();
    expect(noOrigin.body.budget).toEqual(plan.body.budget); // only what was asked for
    expect((await store.plans.require('ams-rm-current')).plan.origin).toBeUndefined();
  });
});
