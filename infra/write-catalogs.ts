/**
 * Writes message catalogs as JSON beside a function's bundle: `tsx infra/write-catalogs.ts <dir>
 * <area>...` writes `<dir>/i18n/<area>.<language>.json` for each language, from the TypeScript
 * catalog modules (shared/i18n/web.ts, mail.ts). NodejsFunction runs it after bundling each
 * function (infra/bundling.ts); the bundle tests and the benchmark write them with the same code.
 */
import { CATALOG_MODULES, writeCatalogs, type CatalogArea } from './bundling.ts';

const [dir, ...areas] = process.argv.slice(2);
if (!dir || !areas.length || !areas.every((area) => area in CATALOG_MODULES)) {
  throw new Error(`usage: tsx infra/write-catalogs.ts <dir> <${Object.keys(CATALOG_MODULES).join('|')}>...`);
}
await writeCatalogs(dir, areas as CatalogArea[]);
