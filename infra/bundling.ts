/**
 * How every function is bundled, written once. The CDK functions (`NodejsFunction`), the bundle
 * tests and the cold-start benchmark all build from these options, so what is tested and measured
 * is what is deployed.
 */
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

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
  sourcemap: true,
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
  mainFields: [...esbuildOptions.mainFields],
  banner: esbuildOptions.banner.js,
  bundleAwsSDK: true,
  externalModules: [],
};

/** The functions this project deploys: name → entry file (relative to the project root). */
export const FUNCTION_ENTRIES = {
  api: 'functions/api.ts',
  reminders: 'functions/reminders.ts',
  digests: 'functions/digests.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;
