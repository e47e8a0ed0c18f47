/**
 * The message catalogs as the deployed functions load them: one JSON file per area and language
 * beside the function's bundle (`i18n/web.es.json`, `i18n/mail.fr.json`), read and parsed on the
 * first use of that language. The bundles carry this loader instead of the catalog modules
 * (shared/i18n/web.ts, mail.ts): infra/bundling.ts swaps them at bundling time and writes the
 * files from those same modules, so a cold start scans none of their thousands of strings.
 * Source, tests and the local server import the TypeScript catalogs and never come here.
 */
import { readFileSync } from 'node:fs';
import { LANGUAGES, lazyCatalogs, type Catalog, type Catalogs, type Language } from './index.ts';

/** The folder beside the bundle that holds the catalogs' JSON files. */
export const CATALOGS_DIR = 'i18n';

/** One area's catalog in one language, relative to the bundle's folder: `i18n/web.es.json`. */
export function catalogFile(area: string, language: Language): string {
  return `${CATALOGS_DIR}/${area}.${language}.json`;
}

/**
 * An area's catalogs read from the JSON files beside `bundleUrl` (the bundle's `import.meta.url`),
 * each language on its first use: the same `Catalogs` as the TypeScript module exports.
 */
export function catalogsBeside(area: string, bundleUrl: string): Catalogs {
  const read = (language: Language) => (): Catalog => JSON.parse(readFileSync(new URL(`./${catalogFile(area, language)}`, bundleUrl), 'utf8')) as Catalog;
  return lazyCatalogs(Object.fromEntries(LANGUAGES.map((language) => [language, read(language)])) as Record<Language, () => Catalog>);
}
