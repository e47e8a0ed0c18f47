/**
 * The spreadsheet module is loaded on first use, never at a cold start: SheetJS, fflate,
 * write-excel-file and the CSV parser add about 500 KB that no page and no other API call needs.
 * In AWS it is its own file beside the API and web bundles (`SHEETS_FILE`, infra/bundling.ts),
 * imported by a specifier made at run time so esbuild leaves it out of the bundles; locally and
 * in the tests the source module is imported the same lazy way.
 */
import type { SheetOut, Table } from './types.ts';

export interface Sheets {
  readSpreadsheet(bytes: Uint8Array): Table[];
  writeXlsx(sheets: SheetOut[]): Promise<Uint8Array>;
  writeCsv(sheet: SheetOut): string;
}

/** The module's own file beside each function bundle that reads or writes spreadsheets. */
export const SHEETS_FILE = 'sheets.mjs';

/** Loads a module once; after a failed load the next call tries again. */
export function lazySheets(load: () => Promise<Sheets>): () => Promise<Sheets> {
  let loading: Promise<Sheets> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/** The deployed functions' spreadsheets: `SHEETS_FILE` beside `bundleUrl`. */
export function sheetsBeside(bundleUrl: string): () => Promise<Sheets> {
  const file = new URL(`./${SHEETS_FILE}`, bundleUrl).href;
  return lazySheets(async () => (await import(file)) as Sheets);
}

/** Locally and in the tests: the source module, imported on first use. */
export const sourceSheets = lazySheets(async () => {
  const file = new URL('./index.ts', import.meta.url).href;
  return (await import(file)) as Sheets;
});
