/** Digest ids that look like periods but are not (week 99, week 0 of year 0) are a 4xx on the API and the web page, never a 500 (issue 10, item 4). */
import { beforeAll, describe, expect, it } from 'vitest';
import { appOver, jobsWorld, PUBLIC_URL, RUN_AT, type JobsWorld } from './jobs-world.ts';

let w: JobsWorld;
let over: ReturnType<typeof appOver>;
beforeAll(async () => {
  w = await jobsWorld();
  over = appOver(w, () => RUN_AT);
});

describe('impossible digest periods', () => {
  for (const id of ['9999-W99', '0000-W01', '2026-W00', '2026-13', '2026-Q5', 'x'.repeat(3000)]) {
    it(`${id.slice(0, 12)}: 4xx on the API`, async () => {
      const res = await over.app.request(`/api/v1/administrations/PE/digests/${id}`, { headers: await over.bearer('dg-pe') });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  }

  it('4xx or an empty page on the web digests page', async () => {
    const token = (await over.bearer('dg-pe')).Authorization.replace('Bearer ', '');
    for (const id of ['9999-W99', '0000-W01', 'x'.repeat(3000)]) {
      const res = await over.app.request(`${PUBLIC_URL}/digests?digest=${id}`, { headers: { Cookie: `__Host-session=${token}` } });
      expect(res.status, id.slice(0, 12)).toBeLessThan(500);
    }
  });
});
