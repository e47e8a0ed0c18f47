/**
 * How every function is bundled, written once. The CDK functions (`NodejsFunction`), the bundle
 * tests and the cold-start benchmark all build from these options, so what is tested and measured
 * is what is deployed.
 */
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { ACCOUNTS_FILE } from '../shared/accounts/port.ts';

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

/** What the step after bundling writes beside each function's bundle. */
export const BESIDE_BUNDLE: Record<FunctionName, readonly string[]> = {
  api: [DESCRIPTION_FILE, ACCOUNTS_FILE],
  web: [ACCOUNTS_FILE],
  reminders: [],
  digests: [],
};

const tsx = (script: string, ...args: string[]) =>
  [process.execPath, `${PROJECT_ROOT}node_modules/tsx/dist/cli.mjs`, `${PROJECT_ROOT}${script}`, ...args].map((a) => `"${a}"`).join(' ');

/**
 * `NodejsFunction` bundling for one function: the shared options, and a step after bundling that
 * writes the files of `BESIDE_BUNDLE` beside the bundle: the API description
 * (infra/write-description.ts) and the accounts module (infra/write-accounts.ts).
 */
export function bundlingFor(name: FunctionName): BundlingOptions {
  const beside = BESIDE_BUNDLE[name];
  if (!beside.length) return functionBundling;
  return {
    ...functionBundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [
        ...(beside.includes(DESCRIPTION_FILE) ? [tsx('infra/write-description.ts', `${outputDir}/${DESCRIPTION_FILE}`)] : []),
        ...(beside.includes(ACCOUNTS_FILE) ? [tsx('infra/write-accounts.ts', `${outputDir}/${ACCOUNTS_FILE}`)] : []),
      ],
    },
  };
}

/**
 * Builds the accounts module into `outfile` with the functions' esbuild options (minified ESM for
 * the functions' Node, the AWS SDK inside, a source map beside it). Returns its size in bytes.
 */
export async function buildAccountsModule(outfile: string): Promise<number> {
  const { build } = await import('esbuild');
  const { statSync } = await import('node:fs');
  await build({
    ...esbuildOptions,
    mainFields: [...esbuildOptions.mainFields],
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'warning',
    entryPoints: [`${PROJECT_ROOT}${ACCOUNTS_ENTRY}`],
    outfile,
  });
  return statSync(outfile).size;
}

/** The functions this project deploys: name → entry file (relative to the project root). */
export const FUNCTION_ENTRIES = {
  api: 'functions/api.ts',
  web: 'functions/web.ts',
  reminders: 'functions/reminders.ts',
  digests: 'functions/digests.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

export interface BuiltBundle {
  /** The bundle (`<name>.mjs`); its source map sits beside it. */
  file: string;
  /** Size of the minified bundle in bytes (without the source map). */
  bytes: number;
  /** What the bundle still imports at run time (should be Node built-ins only). */
  imports: string[];
}

/** An entry file (absolute, or relative to the project root), or source code resolved from the root. */
export type BundleEntry = string | { contents: string };

/**
 * Builds bundles exactly as `NodejsFunction` does (same options), for the bundle tests and the
 * benchmark: `<outdir>/<name>.mjs` for each entry; by default, every deployed function.
 */
export async function buildBundles<N extends string = FunctionName>(
  outdir: string,
  entries: Record<N, BundleEntry> = FUNCTION_ENTRIES as unknown as Record<N, BundleEntry>,
): Promise<Record<N, BuiltBundle>> {
  const { build } = await import('esbuild');
  const { statSync } = await import('node:fs');
  const { isAbsolute, join } = await import('node:path');
  const root = PROJECT_ROOT;
  const options = { ...esbuildOptions, mainFields: [...esbuildOptions.mainFields], absWorkingDir: root, logLevel: 'warning' as const, metafile: true };
  const files = Object.entries<BundleEntry>(entries).filter((e): e is [string, string] => typeof e[1] === 'string');
  const sources = Object.entries<BundleEntry>(entries).filter((e): e is [string, { contents: string }] => typeof e[1] !== 'string');
  const results = await Promise.all([
    files.length
      ? build({ ...options, outdir, entryPoints: Object.fromEntries(files.map(([name, entry]) => [name, isAbsolute(entry) ? entry : join(root, entry)])) })
      : undefined,
    ...sources.map(([name, { contents }]) =>
      build({ ...options, outfile: join(outdir, `${name}.mjs`), stdin: { contents, resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts' } }),
    ),
  ]);
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
  const outputs = Object.assign({}, ...results.map((r) => r?.metafile?.outputs ?? {})) as Record<string, { imports: { path: string; external?: boolean }[] }>;
  return Object.fromEntries(
    Object.keys(entries).map((name) => {
      const file = join(outdir, `${name}.mjs`);
      const output = Object.entries(outputs).find(([path]) => join(root, path) === file || path === file)?.[1];
      const imports = [...new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path))].sort();
      return [name, { file, bytes: statSync(file).size, imports }];
    }),
  ) as Record<N, BuiltBundle>;
}
