/** Messages of printed pages, in en, es, fr and pt (merged into the web catalog, shared/i18n/web.ts). */
import type { Catalog } from './index.ts';

export const en = () => ({
  // At the top of every printed sheet, beside the page's title.
  'print.printed': 'Printed {when}',
} satisfies Catalog);

type Keys = keyof ReturnType<typeof en>;

export const es = (): Record<Keys, string> => ({
  'print.printed': 'Impreso el {when}',
});

export const fr = (): Record<Keys, string> => ({
  'print.printed': 'Imprimé le {when}',
});

export const pt = (): Record<Keys, string> => ({
  'print.printed': 'Impresso em {when}',
});
