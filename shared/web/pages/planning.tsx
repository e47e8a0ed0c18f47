/** Running a strategy: strategies, co-coordinators, plans, milestones and contributions, through forms. */
import type { Pages } from '../page.tsx';

export function planningPages(_pages: Pages) {}
