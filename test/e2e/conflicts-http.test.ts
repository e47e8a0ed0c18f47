/**
 * A change refused by a rule about stored state (store/errors.ts Conflict with a `reason`): the
 * page says why in the reader's language, the API keeps its English detail and adds `reason`, and
 * nothing is written. Over HTTP in process against DynamoDB Local with the demo world.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/constants.ts';
import { translator } from '../../shared/i18n/index.ts';
import { web } from '../../shared/i18n/web.ts';
import { CONFLICT_REASONS } from '../../shared/store/errors.ts';
import { message } from './support/forms.ts';
import { Visitor } from './support/visitor.ts';
import { useWebWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
const world = useWebWorld(SITE);

const plan = { id: 'ams-rm-tmp', title: 'Temporary plan', 'period.start': '2027-01-01', 'period.end': '2027-06-30', 'budget.amount': '', 'budget.currency': '', origin: '', status: 'active' };

describe('a refusal by a rule, in the reader’s language', () => {
  it('has a message for every reason in every language, with its placeholders filled', () => {
    const params = { id: 'ams-rm-x', count: 120, administration: 'PE', since: '2026-05-01' };
    for (const lang of LANGUAGES) {
      const t = translator(web, lang);
      for (const reason of CONFLICT_REASONS) {
        const text = t(`conflict.${reason}`, params);
        expect(text, `${lang} ${reason}`).not.toMatch(/[{}]/);
        expect(text.length, `${lang} ${reason}`).toBeGreaterThan(20);
      }
    }
  });

  it('re-using a deleted plan’s id: a Spanish page says so in Spanish (409), nothing is created', async () => {
    const es = await Visitor.signedIn(world.app, SITE, 'coord-pe', 'es');
    expect((await es.get('/strategies/ams-rm/plans/new')).status).toBe(200);
    expect((await es.post('/strategies/ams-rm/plans', plan)).status).toBe(303);
    const created = await world.store.plans.require('ams-rm-tmp');
    await world.store.plans.delete(created, created.plan.version, { userId: 'coord-pe', role: 'coordinator' });

    expect((await es.get('/strategies/ams-rm/plans/new')).status).toBe(200);
    const again = await es.post('/strategies/ams-rm/plans', plan);
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain(message('es', 'conflict.idUsedBefore', { id: 'ams-rm-tmp' }));
    expect(html).not.toContain('was used by a plan that was deleted');
    // The form comes back with what was typed.
    expect(html).toContain('value="Temporary plan"');
    expect(await world.store.plans.get('ams-rm-tmp')).toBeUndefined();

    const fr = await Visitor.signedIn(world.app, SITE, 'coord-pe', 'fr');
    expect((await fr.get('/strategies/ams-rm/plans/new')).status).toBe(200);
    const inFrench = await fr.post('/strategies/ams-rm/plans', plan);
    expect(inFrench.status).toBe(409);
    expect(await inFrench.text()).toContain(message('fr', 'conflict.idUsedBefore', { id: 'ams-rm-tmp' }));
  });
});
