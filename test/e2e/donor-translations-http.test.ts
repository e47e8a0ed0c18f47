/**
 * Pages built from roll-up data (the donor page; its milestones come from the plan's progress read,
 * which projects only what roll-ups need) name milestones in the reader's language too (issue 14).
 * Over HTTP in process against DynamoDB Local with the demo world (demo translations: es, fr, pt).
 */
import { describe, expect, it } from 'vitest';
import { escape } from './support/forms.ts';
import { Visitor } from './support/visitor.ts';
import { useWebWorld } from './support/web-world.ts';

const SITE = 'http://tracker.test';
const world = useWebWorld(SITE);

/** The milestone table's title cells of the donor page's section for a plan. */
function titlesOf(html: string, planId: string): string[] {
  const section = html.split(`id="plan-${planId}"`)[1]?.split('</section>')[0] ?? '';
  return [...section.matchAll(/<td class="title">(.*?)<\/td>/g)].map((m) => m[1]!);
}

describe('the donor page in the reader\'s language', () => {
  it('lists the funded milestones by their Spanish, French and Portuguese titles, and the original marked where none is held', async () => {
    const stored = (await world.store.milestones.ofPlan('ams-rm-current', { limit: 50 })).items;
    const translated = stored.filter((m) => m.translations?.title?.texts.es);
    expect(translated.length).toBeGreaterThan(3);
    for (const lang of ['es', 'fr', 'pt'] as const) {
      const donor = await Visitor.signedIn(world.app, SITE, 'donor-jica', lang);
      const response = await donor.get('/donors/jica');
      expect(response.status).toBe(200);
      const cells = titlesOf(await response.text(), 'ams-rm-current');
      expect(cells.length, lang).toBeGreaterThan(0);
      for (const cell of cells) {
        const id = /href="\/milestones\/([^"]+)"/.exec(cell)![1]!;
        const m = stored.find((x) => x.id === id)!;
        const own = m.translations?.title?.texts[lang]?.text;
        if (own) {
          expect(cell, `${lang} ${id}`).toContain(`>${escape(own)}</a>`);
          expect(cell, `${lang} ${id}`).not.toContain('class="untranslated"');
        } else {
          expect(cell, `${lang} ${id}`).toContain('lang="en"');
          expect(cell, `${lang} ${id}`).toContain('class="untranslated"');
        }
      }
      // At least one of them is held in the reader's language (the demo translates the current plan).
      expect(cells.some((cell) => !cell.includes('class="untranslated"')), lang).toBe(true);
    }
  });
});

describe('the home page\'s results to report in the reader\'s language', () => {
  it('names each task\'s plan by its Portuguese title for a Portuguese reader', async () => {
    const plan = (await world.store.plans.require('ams-rm-current')).plan;
    const portuguese = plan.translations!.title!.texts.pt!.text;
    const home = await Visitor.signedIn(world.app, SITE, 'focal-gt', 'pt');
    const html = await (await home.get('/')).text();
    const section = html.split('aria-labelledby="to-report"')[1]?.split('</section>')[0] ?? '';
    expect(section).toContain(`<span>${escape(portuguese)}</span>`);
    expect(section).not.toContain(escape(plan.title));
  });
});
