/**
 * `lazyAccounts` (shared/accounts/port.ts), as the functions use it to load the Cognito adapter
 * from its own file: nothing is loaded when it is made, the adapter is loaded once on the first
 * call and shared by the calls after it, and a failed load is tried again on the next call.
 */
import { describe, expect, it, vi } from 'vitest';
import { lazyAccounts, type AccountHolder, type Accounts } from '../../shared/accounts/port.ts';

const person: AccountHolder = { id: 'coord-pe', name: 'Rosa Quispe', email: 'coord-pe@example.org', role: 'coordinator', administrationId: 'PE' };

function recorder() {
  const calls: string[] = [];
  const adapter: Accounts = {
    invite: async (p) => void calls.push(`invite ${p.id}`),
    update: async (p, before) => void calls.push(`update ${before.email} -> ${p.email}`),
    disable: async (p) => void calls.push(`disable ${p.id}`),
    enable: async (p) => void calls.push(`enable ${p.id}`),
  };
  return { calls, adapter };
}

describe('lazyAccounts', () => {
  it('loads nothing when made, then loads once and passes every call through', async () => {
    const { calls, adapter } = recorder();
    const load = vi.fn(async () => adapter);
    const accounts = lazyAccounts(load);
    expect(load).not.toHaveBeenCalled();
    await Promise.all([accounts.invite(person), accounts.disable(person)]);
    await accounts.update({ ...person, email: 'rosa@example.org' }, person);
    await accounts.enable(person);
    expect(load).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['invite coord-pe', 'disable coord-pe', 'update coord-pe@example.org -> rosa@example.org', 'enable coord-pe']);
  });

  it('fails the call when the load fails, and tries the load again on the next call', async () => {
    const { calls, adapter } = recorder();
    const load = vi.fn<() => Promise<Accounts>>().mockRejectedValueOnce(new Error('Cannot find module accounts.mjs')).mockResolvedValue(adapter);
    const accounts = lazyAccounts(load);
    await expect(accounts.invite(person)).rejects.toThrow('Cannot find module accounts.mjs');
    await accounts.invite(person);
    await accounts.invite(person);
    expect(load).toHaveBeenCalledTimes(2);
    expect(calls).toEqual(['invite coord-pe', 'invite coord-pe']);
  });

  it('passes the adapter\'s own errors through unchanged (the commands read their names)', async () => {
    const conflict = Object.assign(new Error('Another person already signs in with coord-pe@example.org.'), { name: 'AccountConflict' });
    const accounts = lazyAccounts(async () => ({ ...recorder().adapter, invite: async () => Promise.reject(conflict) }));
    await expect(accounts.invite(person)).rejects.toBe(conflict);
  });
});
