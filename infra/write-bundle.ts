/**
 * Builds a function's bundle again over NodejsFunction's own output: `tsx infra/write-bundle.ts
 * <function> <dir>/index.mjs`. NodejsFunction runs esbuild's command line, which takes no plugins;
 * this builds with the same options plus the plugin that swaps the message catalogs for their
 * loader (infra/bundling.ts), exactly as the bundle tests and the benchmark build (`buildBundles`).
 */
import { buildFunctionBundle, FUNCTION_ENTRIES, type FunctionName } from './bundling.ts';

const [name, file] = process.argv.slice(2);
if (!name || !file || !(name in FUNCTION_ENTRIES)) throw new Error(`usage: tsx infra/write-bundle.ts <${Object.keys(FUNCTION_ENTRIES).join('|')}> <file>`);
await buildFunctionBundle(name as FunctionName, file);
