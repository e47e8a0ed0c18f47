/**
 * Page cursors are opaque and bound to their list (issue 10, item 6): a cursor reads as nothing,
 * names only items the caller was given, and a changed cursor, or one from another list or another
 * caller's view, is refused with 400 (problem+json, field `cursor`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cursors, cursorKey } from '../../shared/store/cursors.ts';
import { demoApp, type Call } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

function expectCursorRefused(res: Call) {
  expect(res.status).toBe(400);
  expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
}

/** Every page of a list, one item at a time, with the cursors it was given. */
async function walk(person: string, path: string) {
  const items: string[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const res: Call = await t.as(person).get(`${path}${path.includes('?') ? '&' : '?'}limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(1);
    items.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.nextCursor;
    if (!cursor) break;
    // Never an empty page that only says "there is more".
    expect(res.body.items).toHaveLength(1);
    cursors.push(cursor);
  }
  return { items, cursors };
}

/** Every readable string a cursor could carry, decoded as base64url, base64 and text. */
function readings(cursor: string): string {
  return [Buffer.from(cursor, 'base64url').toString('latin1'), Buffer.from(cursor, 'base64').toString('latin1'), cursor].join('\n');
}

describe('a donor paging one item at a time', () => {
  const lists = [
    '/api/v1/plans/ams-rm-current/contributions',
    '/api/v1/strategies/ams-rm/plans',
    '/api/v1/strategies/toa-rm/plans',
    '/api/v1/plans/ams-rm-current/milestones',
  ];

  it('gets what it gets in one page, and cursors that name nothing, least of all what it may not see', async () => {
    // Other donors' contributions and the plans JICA does not fund: ids it must not learn.
    const all = await t.as('admin').get('/api/v1/plans/ams-rm-current/contributions?limit=100');
    const hidden = all.body.items.filter((c: { donorId: string }) => c.donorId !== 'jica').map((c: { id: string }) => c.id);
    const plans = await t.as('admin').get('/api/v1/strategies/ams-rm/plans?limit=100');
    const unfunded = (await Promise.all(plans.body.items.map(async (p: { id: string }) => [p.id, (await t.as('donor-jica').get(`/api/v1/plans/${p.id}`)).status])))
      .filter(([, status]) => status === 403).map(([id]) => id as string);
    expect(hidden.length).toBeGreaterThan(0);
    expect(unfunded.length).toBeGreaterThan(0);
    let cursorsSeen = 0;
    for (const path of lists) {
      const whole = await t.as('donor-jica').get(`${path}?limit=100`);
      const paged = await walk('donor-jica', path);
      expect(paged.items).toEqual(whole.body.items.map((i: { id: string }) => i.id));
      for (const cursor of paged.cursors) {
        cursorsSeen++;
        const text = readings(cursor);
        for (const id of [...hidden, ...unfunded, ...paged.items, 'PLAN#', 'CONTRIB#', 'MS#', 'STRAT#', 'jica', 'ams-rm']) expect(text).not.toContain(id);
      }
    }
    expect(cursorsSeen).toBeGreaterThan(10);
  });

  it("cannot use another donor's cursor, nor the secretariat's for the same list", async () => {
    const path = '/api/v1/plans/ams-rm-current/contributions';
    const jica = await t.as('donor-jica').get(`${path}?limit=1`);
    const admin = await t.as('admin').get(`${path}?limit=1`);
    expect(jica.body.nextCursor).toEqual(expect.any(String));
    expect(admin.body.nextCursor).toEqual(expect.any(String));
    expectCursorRefused(await t.as('donor-captac').get(`${path}?limit=1&cursor=${jica.body.nextCursor}`));
    expectCursorRefused(await t.as('donor-jica').get(`${path}?limit=1&cursor=${admin.body.nextCursor}`));
  });
});

describe('a cursor', () => {
  it('changed in any byte is refused', async () => {
    const first = await t.as('admin').get('/api/v1/plans/ams-rm-current/milestones?limit=2');
    const cursor: string = first.body.nextCursor;
    const bytes = Buffer.from(cursor, 'base64url');
    for (const at of [0, 1, 5, 13, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 0x01;
      expectCursorRefused(await t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?limit=2&cursor=${changed.toString('base64url')}`));
    }
    expectCursorRefused(await t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?limit=2&cursor=${cursor.slice(0, -4)}`));
    expectCursorRefused(await t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?limit=2&cursor=${cursor}%3D%3D`));
    // The key in clear, as cursors were before.
    const clear = Buffer.from(JSON.stringify({ pk: 'PLAN#ams-rm-current', sk: 'MS#ams-rm-current.m02' })).toString('base64url');
    expectCursorRefused(await t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?limit=2&cursor=${clear}`));
    // The untouched cursor still works.
    expect((await t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?limit=2&cursor=${cursor}`)).status).toBe(200);
  });

  it('from one list is refused by another: another plan, another kind of child, another route', async () => {
    const milestones = (await t.as('admin').get('/api/v1/plans/ams-rm-current/milestones?limit=1')).body.nextCursor;
    const contributions = (await t.as('admin').get('/api/v1/plans/ams-rm-current/contributions?limit=1')).body.nextCursor;
    const plans = (await t.as('admin').get('/api/v1/strategies/ams-rm/plans?limit=1')).body.nextCursor;
    expectCursorRefused(await t.as('admin').get(`/api/v1/plans/ams-rm-current/contributions?cursor=${milestones}`));
    expectCursorRefused(await t.as('admin').get(`/api/v1/plans/ams-rm-current/milestones?cursor=${contributions}`));
    expectCursorRefused(await t.as('admin').get(`/api/v1/plans/toa-rm-2023/milestones?cursor=${milestones}`));
    expectCursorRefused(await t.as('admin').get(`/api/v1/strategies/ca-crm/plans?cursor=${plans}`));
    expectCursorRefused(await t.as('admin').get(`/api/v1/donors/jica/contributions?cursor=${contributions}`));
    expectCursorRefused(await t.as('admin').get(`/api/v1/people?cursor=${plans}`));
  });

  it('is sealed with a key of its own, derived from the deployment secret: another deployment cannot open it, another process of this one can', async () => {
    const secret = 'a deployment secret of at least thirty-two characters';
    const key = cursorKey(secret);
    expect(key).toHaveLength(32);
    expect(key.toString('latin1')).not.toContain(secret.slice(0, 16));
    expect(key.equals(cursorKey(`${secret}!`))).toBe(false);
    const sealed = await new Cursors(() => secret).seal({ pk: 'PLAN#p', sk: 'MS#p.m1' }, 'list');
    expect(await new Cursors(async () => secret).open(sealed, 'list')).toEqual({ pk: 'PLAN#p', sk: 'MS#p.m1' });
    await expect(new Cursors(() => `${secret}!`).open(sealed, 'list')).rejects.toThrow(/cursor/);
    await expect(new Cursors(() => secret).open(sealed, 'another list')).rejects.toThrow(/cursor/);
    // Two cursors for the same place differ (a fresh nonce each time): nothing to compare.
    expect(await new Cursors(() => secret).seal({ pk: 'PLAN#p', sk: 'MS#p.m1' }, 'list')).not.toBe(sealed);
  });
});
