/**
 * How every function is bundled, written once. The CDK functions (`NodejsFunction`), the bundle
 * tests and the cold-start benchmark all build from these options, so what is tested and measured
 * is what is deployed.
 */
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { ACCOUNTS_FILE } from '../shared/accounts/port.ts';
import { ICALENDAR_ENTRY, ICALENDAR_FILE } from '../shared/web/icalendar.ts';
import { SHEETS_FILE } from '../shared/sheets/port.ts';
import { UPLOADS_FILE } from '../shared/sheets/uploads.ts';
import { LANGUAGES } from '../shared/domain/constants.ts';
import { catalogFile } from '../shared/i18n/beside.ts';
import type { Catalogs } from '../shared/i18n/index.ts';

/** The project's root folder (with a trailing slash). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * A few dependencies still ship CommonJS that calls `require` for Node built-ins; an ESM bundle
 * has no `require`, so the banner makes one.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __trackerCreateRequire } from 'node:module'; const require = __trackerCreateRequire(import.meta.url);";

/**
 * The esbuild options. `mainFields: ['module', 'main']` picks the ESM build of each package
 * (esbuild's default for node prefers `main`, about 1.5x larger and slower to load); the AWS SDK
 * is bundled, not taken from the runtime (the runtime's copy loads about 1.2x slower and is not
 * the version we test).
 */
export const esbuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  // Maps ship beside the code (file and line of every frame) without a copy of every source file,
  // which would triple the package. Node reads them only with NODE_OPTIONS=--enable-source-maps,
  // which is left off: it costs about 45 ms of every cold start (npm run bench:cold -- --node-options=--enable-source-maps).
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_BANNER },
  outExtension: { '.js': '.mjs' },
} as const satisfies BuildOptions;

/**
 * The message catalogs the code imports, by area (`web`, `mail`): each module exports one
 * `Catalogs` named after its area, built from the message files beside it (web-forms.ts, words.ts...).
 * In the bundles each is replaced by a loader of JSON files beside the bundle (shared/i18n/beside.ts),
 * written at bundling time from the module itself: V8 scanned their 155 KB of messages at every
 * cold start of the web function, though a request reads one language.
 */
export const CATALOG_MODULES = {
  web: { file: 'shared/i18n/web.ts', load: async () => import('../shared/i18n/web.ts') },
  mail: { file: 'shared/i18n/mail.ts', load: async () => import('../shared/i18n/mail.ts') },
  resultsMail: { file: 'shared/i18n/mail-results.ts', load: async () => import('../shared/i18n/mail-results.ts') },
  sheets: { file: 'shared/i18n/sheets.ts', load: async () => import('../shared/i18n/sheets.ts') },
  donorReport: { file: 'shared/i18n/donor-report.ts', load: async () => import('../shared/i18n/donor-report.ts') },
} as const;

export type CatalogArea = keyof typeof CATALOG_MODULES;

/** The files of an area's catalogs beside a bundle: `i18n/<area>.<language>.json`, one per language. */
export const catalogFiles = (area: CatalogArea): string[] => LANGUAGES.map((language) => catalogFile(area, language));

const CATALOGS_NAMESPACE = 'catalogs-beside';
/** What the plugins below resolve with: esbuild's own resolution, without any of them (each would call the other again). */
const RESOLVE_PLAINLY = Symbol('resolve without the plugins');

/**
 * The esbuild plugin that swaps each catalog module for `catalogsBeside(area, import.meta.url)`
 * (the loader, shared/i18n/beside.ts). It fails the build if a catalog module exports anything
 * but its catalogs, which the loader would silently drop. In the metafile and source map the
 * swapped modules appear as `catalogs-beside:shared/i18n/<area>.ts`.
 */
export function catalogsBesidePlugin(): Plugin {
  const areas = new Map(Object.entries(CATALOG_MODULES).map(([area, { file }]) => [`${PROJECT_ROOT}${file}`, area as CatalogArea]));
  return {
    name: CATALOGS_NAMESPACE,
    setup(build) {
      build.onResolve({ filter: /(?:^|\/)(?:web|mail|mail-results|sheets|donor-report)(?:\.ts)?$/ }, async (args) => {
        if (args.pluginData === RESOLVE_PLAINLY) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: RESOLVE_PLAINLY });
        if (resolved.errors.length) return { errors: resolved.errors };
        const area = areas.get(resolved.path);
        return area ? { path: CATALOG_MODULES[area].file, namespace: CATALOGS_NAMESPACE, pluginData: area } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: CATALOGS_NAMESPACE }, async (args) => {
        const area = args.pluginData as CatalogArea;
        const exported = Object.keys(await CATALOG_MODULES[area].load());
        if (exported.join() !== area) {
          return { errors: [{ text: `${args.path} must export only \`${area}\` (its catalogs) to be loaded from JSON beside the bundle; it exports ${exported.join(', ')}` }] };
        }
        return {
          contents: `import { catalogsBeside } from './beside.ts';\nexport const ${area} = catalogsBeside('${area}', import.meta.url);\n`,
          loader: 'ts',
          resolveDir: `${PROJECT_ROOT}shared/i18n`,
        };
      });
    },
  };
}

/**
 * The commands (`shared/commands/`) run nothing when imported: they only define functions (and
 * schemas built on first use). This plugin tells esbuild so, which lets it leave out of a bundle
 * every command module the bundle's code never calls. Without it, a door importing one command
 * through the barrel (`commands/index.ts`, `export * from` every module) kept all of them in every
 * cold start: the results, spreadsheet, IATI commands and what they import, in the API's and the
 * web app's init.
 */
export function commandsWithoutSideEffectsPlugin(): Plugin {
  const commands = `${PROJECT_ROOT}shared/commands/`;
  return {
    name: 'commands-without-side-effects',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === RESOLVE_PLAINLY || !args.importer.startsWith(PROJECT_ROOT)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: RESOLVE_PLAINLY });
        if (resolved.errors.length || !resolved.path.startsWith(commands)) return undefined;
        return { path: resolved.path, sideEffects: false };
      });
    },
  };
}

/** The catalog areas whose modules the plugin swapped in a bundle, from its metafile output. */
export function catalogAreasIn(output: Metafile['outputs'][string]): CatalogArea[] {
  const prefix = `${CATALOGS_NAMESPACE}:`;
  return Object.keys(output.inputs)
    .filter((input) => input.startsWith(prefix))
    .map((input) => Object.entries(CATALOG_MODULES).find(([, { file }]) => input === `${prefix}${file}`)![0] as CatalogArea)
    .sort();
}

/**
 * Writes each area's catalogs as `i18n/<area>.<language>.json` into `dir`: every language fully
 * merged, as the TypeScript module builds it. Returns the files written (relative to `dir`).
 */
export async function writeCatalogs(dir: string, areas: readonly CatalogArea[]): Promise<string[]> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const written: string[] = [];
  for (const area of areas) {
    const module: Record<string, unknown> = await CATALOG_MODULES[area].load();
    const catalogs = module[area] as Catalogs;
    for (const language of LANGUAGES) {
      const file = catalogFile(area, language);
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), JSON.stringify(catalogs[language]));
      written.push(file);
    }
  }
  return written;
}

/** The same options in the shape `NodejsFunction` takes. */
export const functionBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: esbuildOptions.target,
  minify: esbuildOptions.minify,
  sourceMap: esbuildOptions.sourcemap,
  sourcesContent: esbuildOptions.sourcesContent,
  mainFields: [...esbuildOptions.mainFields],
  banner: esbuildOptions.banner.js,
  bundleAwsSDK: true,
  externalModules: [],
};

/** The API description's file beside the API bundle (functions/api.ts reads it). */
export const DESCRIPTION_FILE = 'openapi.json';

/**
 * People's accounts on Cognito (shared/accounts/cognito.ts), built as their own ESM file beside
 * the bundle of each function that invites and changes people (about 320 KB: the Cognito client
 * with its own copy of the SDK's core, which a separate file cannot share with the bundle). The
 * function imports it on the first such change (`cognitoAccountsBeside`, shared/accounts/port.ts),
 * so its init carries none of the Cognito client.
 */
export { ACCOUNTS_FILE };
export const ACCOUNTS_ENTRY = 'shared/accounts/cognito.ts';

/**
 * The calendar feeds' iCalendar writer (ical-generator), its own file beside the web bundle,
 * imported on the first feed a container serves (shared/web/icalendar.ts): in the bundle it cost
 * the web function's init 7 M instructions (314 M -> 321 M) though few requests are feeds.
 */
export { ICALENDAR_ENTRY, ICALENDAR_FILE };
/**
 * The spreadsheet module (shared/sheets/index.ts: SheetJS, fflate, write-excel-file, the CSV parser
 * and writer), built as its own ESM file beside the API and web bundles and imported on the first
 * import or export (`sheetsBeside`, shared/sheets/port.ts): no cold start carries it.
 */
export { SHEETS_FILE };
export const SHEETS_ENTRY = 'shared/sheets/index.ts';
/**
 * The uploads bucket's adapter (shared/sheets/s3.ts: the S3 client and the presigned-POST signer,
 * with their own copy of the SDK's core), its own file beside the API and web bundles, imported on
 * the first upload (`s3UploadsBeside`). Reached through `import()` inside the bundles instead, code
 * splitting put the code it shares with the DynamoDB client into chunks every init loads: +23 KB.
 */
export { UPLOADS_FILE };
export const UPLOADS_ENTRY = 'shared/sheets/s3.ts';

/**
 * The catalogs each function's code uses (the API for its digest preview, the web app for its
 * pages and the mail links' pages, the jobs for the mail they send). A bundle that swaps a catalog
 * module not listed here fails to build.
 */
export const CATALOGS_BESIDE: Record<FunctionName, readonly CatalogArea[]> = {
  api: ['donorReport', 'resultsMail', 'sheets'],
  web: ['donorReport', 'mail', 'resultsMail', 'sheets', 'web'],
  reminders: ['resultsMail'],
  digests: ['resultsMail'],
};

/** What the step after bundling writes beside each function's bundle. */
export const BESIDE_BUNDLE: Record<FunctionName, readonly string[]> = {
  api: [DESCRIPTION_FILE, ACCOUNTS_FILE, SHEETS_FILE, UPLOADS_FILE, ...CATALOGS_BESIDE.api.flatMap(catalogFiles)],
  web: [ACCOUNTS_FILE, ICALENDAR_FILE, SHEETS_FILE, UPLOADS_FILE, ...CATALOGS_BESIDE.web.flatMap(catalogFiles)],
  reminders: CATALOGS_BESIDE.reminders.flatMap(catalogFiles),
  digests: CATALOGS_BESIDE.digests.flatMap(catalogFiles),
};

const tsx = (script: string, ...args: string[]) =>
  [process.execPath, `${PROJECT_ROOT}node_modules/tsx/dist/cli.mjs`, `${PROJECT_ROOT}${script}`, ...args].map((a) => `"${a}"`).join(' ');

/**
 * `NodejsFunction` bundling for one function: the shared options, and a step after bundling.
 * NodejsFunction runs esbuild's command line, which takes no plugins, so that step first builds
 * the bundle again over NodejsFunction's own output, with the same options plus the catalogs
 * plugin (infra/write-bundle.ts; the tests check it equals `buildBundles`' byte for byte). Then it
 * writes the files of `BESIDE_BUNDLE` beside the bundle: the API description
 * (infra/write-description.ts), the accounts module (infra/write-accounts.ts) and the catalogs'
 * JSON files (infra/write-catalogs.ts).
 */
export function bundlingFor(name: FunctionName): BundlingOptions {
  const beside = BESIDE_BUNDLE[name];
  const catalogs = CATALOGS_BESIDE[name];
  return {
    ...functionBundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [
        tsx('infra/write-bundle.ts', name, `${outputDir}/${BUNDLE_FILE}`),
        ...(beside.includes(DESCRIPTION_FILE) ? [tsx('infra/write-description.ts', `${outputDir}/${DESCRIPTION_FILE}`)] : []),
        ...(beside.includes(ACCOUNTS_FILE) ? [tsx('infra/write-accounts.ts', `${outputDir}/${ACCOUNTS_FILE}`)] : []),
        ...(beside.includes(ICALENDAR_FILE) ? [tsx('infra/write-accounts.ts', `${outputDir}/${ICALENDAR_FILE}`, ICALENDAR_ENTRY)] : []),
        ...(beside.includes(SHEETS_FILE) ? [tsx('infra/write-accounts.ts', `${outputDir}/${SHEETS_FILE}`, SHEETS_ENTRY)] : []),
        ...(beside.includes(UPLOADS_FILE) ? [tsx('infra/write-accounts.ts', `${outputDir}/${UPLOADS_FILE}`, UPLOADS_ENTRY)] : []),
        ...(catalogs.length ? [tsx('infra/write-catalogs.ts', outputDir, ...catalogs)] : []),
      ],
    },
  };
}

/**
 * How every function bundle is built with esbuild's API: the shared options, the catalogs plugin, a
 * metafile, and code splitting. Whatever the code reaches only through `import()` (a route's
 * command, a page, a library used by few requests, the AWS SDK's own credential providers) becomes
 * a chunk file beside the bundle that Node reads when that import first runs, not at init. Without
 * splitting, esbuild puts it all in the one file (wrapped in lazy initialisers that V8 still scans
 * at every cold start). Chunks sit in the bundle's own folder, so `import.meta.url` in any of them
 * names the folder the catalogs and the modules beside the bundle are in.
 */
function bundleOptions() {
  return {
    ...esbuildOptions,
    mainFields: [...esbuildOptions.mainFields],
    plugins: [catalogsBesidePlugin(), commandsWithoutSideEffectsPlugin()],
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'warning' as const,
    metafile: true as const,
    splitting: true,
    chunkNames: '[name]-[hash]',
  };
}

/** The bundle's name in NodejsFunction's output (ESM). */
export const BUNDLE_FILE = 'index.mjs';

/** Fails if a function's bundle swapped a catalog module whose JSON files are not written beside it. */
function checkCatalogsBeside(name: FunctionName, swapped: readonly CatalogArea[]): void {
  const missing = swapped.filter((area) => !CATALOGS_BESIDE[name].includes(area));
  if (missing.length) throw new Error(`The ${name} bundle loads the ${missing.join(', ')} catalogs from JSON files that are not written beside it: add them to CATALOGS_BESIDE.${name} (infra/bundling.ts)`);
}

/**
 * Builds one function's bundle into `outfile` as `buildBundles` does (same options and plugins),
 * for the step after NodejsFunction's bundling: `outfile` and its chunks beside it. Returns the
 * catalog areas it loads from beside it.
 */
export async function buildFunctionBundle(name: FunctionName, outfile: string): Promise<CatalogArea[]> {
  const { catalogs } = await buildSplit(outfile, `${PROJECT_ROOT}${FUNCTION_ENTRIES[name]}`);
  checkCatalogsBeside(name, catalogs);
  return catalogs;
}

/**
 * One bundle with its chunks: `outfile` (named `<name>.mjs`) and the chunk files esbuild writes
 * beside it, from an entry file (absolute) or source code resolved from the project root.
 */
async function buildSplit(outfile: string, entry: string | { contents: string }): Promise<BuiltBundle> {
  const { build } = await import('esbuild');
  const { statSync } = await import('node:fs');
  const { basename, dirname, join } = await import('node:path');
  const name = basename(outfile, '.mjs');
  const outdir = dirname(outfile);
  const result = await build({
    ...bundleOptions(),
    outdir,
    ...(typeof entry === 'string'
      ? { entryPoints: { [name]: entry } }
      : { entryNames: name, stdin: { contents: entry.contents, resolveDir: PROJECT_ROOT, sourcefile: `${name}.ts`, loader: 'ts' as const } }),
  });
  const outputs = Object.fromEntries(Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs')).map(([path, output]) => [join(PROJECT_ROOT, path), output]));
  // What init loads: the bundle and the chunks it imports statically, and theirs.
  const atInit = new Set<string>();
  const visit = (file: string) => {
    if (atInit.has(file)) return;
    atInit.add(file);
    for (const i of outputs[file]!.imports) if (!i.external && i.kind === 'import-statement') visit(join(PROJECT_ROOT, i.path));
  };
  visit(outfile);
  const files = Object.keys(outputs);
  const all = Object.values(outputs);
  return {
    file: outfile,
    bytes: [...atInit].reduce((sum, file) => sum + statSync(file).size, 0),
    atInit: [...atInit].sort(),
    chunks: files.filter((file) => file !== outfile).sort(),
    allBytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
    imports: [...new Set(all.flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path)))].sort(),
    catalogs: [...new Set(all.flatMap(catalogAreasIn))].sort(),
  };
}

/**
 * Builds a module that sits beside function bundles (the accounts module, the iCalendar writer) into
 * `outfile` with the functions' esbuild options (minified ESM for the functions' Node, the AWS SDK
 * inside, a source map beside it). Returns its size in bytes.
 */
export async function buildModuleBeside(outfile: string, entry: string): Promise<number> {
  const { build } = await import('esbuild');
  const { statSync } = await import('node:fs');
  await build({
    ...esbuildOptions,
    mainFields: [...esbuildOptions.mainFields],
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'warning',
    // A project file by its path, a package (ICALENDAR_ENTRY) by its name.
    entryPoints: [entry.includes('/') ? `${PROJECT_ROOT}${entry}` : entry],
    outfile,
  });
  return statSync(outfile).size;
}

/** The accounts module (shared/accounts/cognito.ts) into `outfile`. */
export const buildAccountsModule = (outfile: string) => buildModuleBeside(outfile, ACCOUNTS_ENTRY);

/** The functions this project deploys: name → entry file (relative to the project root). */
export const FUNCTION_ENTRIES = {
  api: 'functions/api.ts',
  web: 'functions/web.ts',
  reminders: 'functions/reminders.ts',
  digests: 'functions/digests.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

export interface BuiltBundle {
  /** The bundle (`<name>.mjs`); its source map sits beside it, as do its chunks'. */
  file: string;
  /** What its init loads, in bytes of minified code (without source maps): the bundle and the chunks it imports statically. */
  bytes: number;
  /** Those files: the bundle and the chunks it imports statically. */
  atInit: string[];
  /** Its chunk files (beside it), loaded at init or on the first `import()` that reaches them. */
  chunks: string[];
  /** The bundle and all its chunks, in bytes. */
  allBytes: number;
  /** What the bundle and its chunks still import at run time (should be Node built-ins only). */
  imports: string[];
  /** The catalog areas it loads from JSON files beside it (written into the same folder). */
  catalogs: CatalogArea[];
}

/** An entry file (absolute, or relative to the project root), or source code resolved from the root. */
export type BundleEntry = string | { contents: string };

/**
 * Builds bundles exactly as the stack's functions are built (same options and plugin, the same
 * files beside them), for the bundle tests and the benchmark: `<outdir>/<name>.mjs` for each entry,
 * each built on its own (as each function is) with its chunks beside it; by default, every deployed
 * function. The catalogs' JSON files of every bundle go in `<outdir>/i18n/`.
 */
export async function buildBundles<N extends string = FunctionName>(
  outdir: string,
  entries: Record<N, BundleEntry> = FUNCTION_ENTRIES as unknown as Record<N, BundleEntry>,
): Promise<Record<N, BuiltBundle>> {
  const { isAbsolute, join } = await import('node:path');
  const built = Object.fromEntries(
    await Promise.all(
      Object.entries<BundleEntry>(entries).map(async ([name, entry]) => {
        const bundle = await buildSplit(join(outdir, `${name}.mjs`), typeof entry === 'string' ? (isAbsolute(entry) ? entry : join(PROJECT_ROOT, entry)) : entry);
        if (name in FUNCTION_ENTRIES && entry === FUNCTION_ENTRIES[name as FunctionName]) checkCatalogsBeside(name as FunctionName, bundle.catalogs);
        return [name, bundle] as const;
      }),
    ),
  ) as Record<N, BuiltBundle>;
  // As the functions' bundling step does: the files of BESIDE_BUNDLE beside each deployed function's bundle.
  const beside = new Set(
    Object.entries<BundleEntry>(entries).flatMap(([name, entry]) =>
      name in FUNCTION_ENTRIES && entry === FUNCTION_ENTRIES[name as FunctionName] ? BESIDE_BUNDLE[name as FunctionName] : [],
    ),
  );
  if (beside.has(DESCRIPTION_FILE)) {
    const { writeFileSync } = await import('node:fs');
    const { builtDescription } = await import('../shared/api/description.ts');
    writeFileSync(join(outdir, DESCRIPTION_FILE), JSON.stringify(await builtDescription()));
  }
  if (beside.has(ACCOUNTS_FILE)) await buildAccountsModule(join(outdir, ACCOUNTS_FILE));
  if (beside.has(ICALENDAR_FILE)) await buildModuleBeside(join(outdir, ICALENDAR_FILE), ICALENDAR_ENTRY);
  if (beside.has(SHEETS_FILE)) await buildModuleBeside(join(outdir, SHEETS_FILE), SHEETS_ENTRY);
  if (beside.has(UPLOADS_FILE)) await buildModuleBeside(join(outdir, UPLOADS_FILE), UPLOADS_ENTRY);
  // The catalogs every bundle here loads, beside them (for a deployed function, those of CATALOGS_BESIDE).
  await writeCatalogs(outdir, [...new Set(Object.values<BuiltBundle>(built).flatMap((b) => b.catalogs))].sort());
  return built;
}
