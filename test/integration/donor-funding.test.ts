/**
 * A donor reading a plan it funds sees the plan's funding totals and gap, as everyone does; only
 * other donors' contributions stay hidden (issue 10, item 15).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../shared/api/identity.ts';
import { demoApp } from '../support/api.ts';

let t: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  t = await demoApp();
});

describe("a donor's view of a plan's funding", () => {
  it('has the same totals and gap as the secretariat\'s, in the API and on the plan page, and no other donor\'s rows', async () => {
    const admin = await t.as('admin').get('/api/v1/plans/ams-rm-current/progress');
    const donor = await t.as('donor-jica').get('/api/v1/plans/ams-rm-current/progress');
    expect(donor.status).toBe(200);
    expect(donor.body.funding).toEqual(admin.body.funding);
    const contributions = await t.as('donor-jica').get('/api/v1/plans/ams-rm-current/contributions');
    expect(contributions.body.items.length).toBeGreaterThan(0);
    expect(contributions.body.items.every((x: { donorId: string }) => x.donorId === 'jica')).toBe(true);

    // The plan page: the same budget, secured and gap line (session cookie, as a browser sends it).
    const page = async (who: string) => {
      const person = await t.store.people.require(who);
      const token = signDevToken(t.keys, { ...person, id: person.id }, new Date());
      const res = await t.app.request('http://localhost:3000/plans/ams-rm-current', { headers: { Cookie: `session=${token}`, 'Accept-Language': 'en' } });
      expect(res.status).toBe(200);
      return /Budget [^<]* · secured [^<]* · gap [^<]*/.exec(await res.text())?.[0];
    };
    const adminLine = await page('admin');
    expect(adminLine).toMatch(/gap US\$/);
    expect(await page('donor-jica')).toBe(adminLine);
  });
});
