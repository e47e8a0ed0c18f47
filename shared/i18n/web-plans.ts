/** Messages of the plans screens, in en, es, fr and pt (merged into the web catalog, shared/i18n/web.ts). */
import type { Catalog } from './index.ts';

export const en = {} satisfies Catalog;

type Keys = keyof typeof en;

export const es: Record<Keys, string> = {};
export const fr: Record<Keys, string> = {};
export const pt: Record<Keys, string> = {};
