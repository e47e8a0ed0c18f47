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

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** A download's headers: its type, and a file name that survives any characters (RFC 6266 / 5987). */
export function downloadHeaders(baseName: string, format: 'xlsx' | 'csv'): Record<string, string> {
  const name = `${baseName}.${format}`;
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\;]/g, '').trim() || `export.${format}`;
  return {
    'Content-Type': format === 'xlsx' ? XLSX_TYPE : CSV_TYPE,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Cache-Control': 'private, no-store',
  };
}

/** A readable file name from a title: 'Plan de acción 2026' -> 'plan-de-accion-2026'. */
export function fileBaseName(title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'export';
}
