/**
 * Running a strategy from the browser: the forms behind strategies, co-coordinators, reminder
 * settings, plans, milestones and contributions (shared/web/pages/planning/). Each form calls one
 * command; the pages they start from (strategy.tsx, plan.tsx, milestone.tsx) show the controls the
 * policy allows.
 */
import type { Pages } from '../page.tsx';
import { contributionForms } from './planning/contributions.tsx';
import { planForms } from './planning/plans.tsx';
import { strategyForms } from './planning/strategies.tsx';

export function planningPages(pages: Pages) {
  strategyForms(pages);
  planForms(pages);
  contributionForms(pages);
}
