/**
 * What the spreadsheet module hands to the commands and takes from them: plain tables of cells.
 * No library here, so the commands and the doors can name these types without loading a parser.
 */

/** A cell as read: text, a number, a boolean, a calendar date (from a date cell), or empty. */
export type Cell = string | number | boolean | { date: string } | null;

/** One sheet (or the one table of a CSV file); the first row holds the headers. */
export interface Table {
  name: string;
  rows: Cell[][];
}

/** The limits an uploaded file must keep. */
export const LIMITS = {
  /** 5 MB. */
  bytes: 5 * 1024 * 1024,
  /** Data rows per sheet (the header row not counted). */
  rows: 2000,
  /** What the zip of an XLSX may inflate to, in all: far above any real plan's 2,000 rows. */
  inflatedBytes: 60 * 1024 * 1024,
  /** Compression ratio beyond which a large entry is a bomb, not a spreadsheet. */
  ratio: 200,
  zipEntries: 500,
} as const;

/** Why a file is refused; the doors say it in the reader's language (`sheets.bad.<code>`). */
export type BadFileCode =
  | 'empty' | 'too_large' | 'too_many_rows' | 'password_protected' | 'old_excel' | 'binary_workbook'
  | 'formula' | 'zip_bomb' | 'not_spreadsheet' | 'bad_csv' | 'no_milestones' | 'upload_missing';

/** The HTTP status a refused file gets: too large 413, an upload no longer there 404, anything else 422. */
export const badFileStatus = (code: BadFileCode): 413 | 404 | 422 => (code === 'too_large' ? 413 : code === 'upload_missing' ? 404 : 422);

export class BadFile extends Error {
  constructor(
    readonly code: BadFileCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`bad file: ${code} ${JSON.stringify(params)}`);
  }
}

/** How a column of an export is written. */
export type ColumnKind = 'text' | 'date' | 'integer' | 'percent' | 'money';

/** A money cell: the amount as a decimal string, written in its currency's format. */
export interface MoneyCell {
  amount: string;
  currency: string;
}

/**
 * A measured figure (an indicator's baseline, target or value): a decimal string, written as a
 * number cell; a percentage (37.5 meaning 37.5 %) as a percent cell in XLSX, as written in CSV.
 */
export interface FigureCell {
  figure: string;
  percent?: boolean;
}

/** A table to write: headers in the reader's language, and how each column is written. */
export interface SheetOut {
  name: string;
  /** Which table it is, whatever the language (a CSV download names it: `?sheet=indicators`). */
  key?: string;
  columns: { header: string; kind: ColumnKind; width?: number }[];
  /** Money and figure cells as above; dates as YYYY-MM-DD. */
  rows: (string | number | MoneyCell | FigureCell | null)[][];
}
