/** The secretariat's set-up pages: member administrations, donors, people and what still needs set-up. */
import type { Pages } from '../page.tsx';

export function setupPages(_pages: Pages) {}
