/**
 * Reading an uploaded spreadsheet (XLSX or CSV) into plain tables of cells, or refusing it with
 * the reason (`BadFile`): too large, too many rows, password-protected, an old .xls, formulas, a
 * zip bomb, or not a spreadsheet at all. Nothing here knows milestones: the import command reads
 * the tables (shared/commands/imports.ts).
 *
 * Libraries: SheetJS (`@e965/xlsx`) parses the workbook; fflate inspects and inflates the zip
 * first, with a cap, so a bomb is refused before SheetJS inflates anything; csv-parse reads CSV as
 * text (no type guessing: amounts stay the strings people wrote). This module is loaded on first
 * use (shared/sheets/port.ts), never at a function's cold start.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { parse as parseCsv } from 'csv-parse/sync';
import * as XLSX from '@e965/xlsx';
import { BadFile, LIMITS, type Cell, type Table } from './types.ts';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The tables of a file (first row: headers), or BadFile. */
export function readSpreadsheet(bytes: Uint8Array): Table[] {
  if (bytes.byteLength > LIMITS.bytes) throw new BadFile('too_large');
  if (bytes.byteLength === 0) throw new BadFile('empty');
  if (startsWith(bytes, OLE_MAGIC)) {
    // An encrypted XLSX is an OLE compound file holding an "EncryptedPackage" stream (its name in UTF-16).
    throw new BadFile(containsUtf16(bytes, 'EncryptedPackage') ? 'password_protected' : 'old_excel');
  }
  if (startsWith(bytes, ZIP_MAGIC)) return readXlsx(bytes);
  return readCsv(bytes);
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

// ------------------------------------------------------------------ XLSX

/**
 * What the zip says it holds (its central directory), then the real inflation with a cap: a
 * declared size can lie, so each entry is inflated in slices and stopped as soon as it passes its
 * declared size or the total passes the cap. Only then does SheetJS read the file.
 */
function checkZip(bytes: Uint8Array): void {
  const declared: { name: string; size: number; originalSize: number }[] = [];
  try {
    unzipSync(bytes, { filter: (f) => (declared.push({ name: f.name, size: f.size, originalSize: f.originalSize }), false) });
  } catch {
    throw new BadFile('not_spreadsheet');
  }
  if (!declared.some((f) => f.name === 'xl/workbook.xml')) {
    throw new BadFile(declared.some((f) => f.name === 'xl/workbook.bin') ? 'binary_workbook' : 'not_spreadsheet');
  }
  if (declared.length > LIMITS.zipEntries) throw new BadFile('zip_bomb');
  const total = declared.reduce((t, f) => t + f.originalSize, 0);
  if (total > LIMITS.inflatedBytes || declared.some((f) => f.size > 0 && f.originalSize / f.size > LIMITS.ratio && f.originalSize > 1_000_000)) {
    throw new BadFile('zip_bomb');
  }
  const limitOf = new Map(declared.map((f) => [f.name, f.originalSize]));
  let inflated = 0;
  let bomb = false;
  const unzip = new Unzip((file) => {
    let own = 0;
    const limit = limitOf.get(file.name) ?? 0;
    file.ondata = (error, chunk) => {
      if (error || bomb) return;
      own += chunk.length;
      inflated += chunk.length;
      if (own > limit || inflated > LIMITS.inflatedBytes) {
        bomb = true;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !bomb; at += 16_384) unzip.push(bytes.subarray(at, at + 16_384), at + 16_384 >= bytes.length);
  } catch {
    if (!bomb) throw new BadFile('not_spreadsheet');
  }
  if (bomb) throw new BadFile('zip_bomb');
}

function readXlsx(bytes: Uint8Array): Table[] {
  checkZip(bytes);
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, { type: 'array', cellFormula: true, cellNF: true, cellDates: false, cellHTML: false, cellText: false, dense: true });
  } catch {
    throw new BadFile('not_spreadsheet');
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  return workbook.SheetNames.map((name) => {
    const sheet = workbook.Sheets[name]!;
    const dense = ((sheet as unknown as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? []);
    if (dense.length > LIMITS.rows + 1) throw new BadFile('too_many_rows', { rows: dense.length - 1 });
    const rows: Cell[][] = [];
    dense.forEach((row, r) => {
      const out: Cell[] = [];
      (row ?? []).forEach((cell, c) => {
        if (!cell) return;
        if (cell.f !== undefined) throw new BadFile('formula', { cell: `${name}!${XLSX.utils.encode_cell({ r, c })}` });
        out[c] = cellValue(cell, date1904);
      });
      rows[r] = Array.from({ length: out.length }, (_, i) => out[i] ?? null);
    });
    return { name, rows: Array.from({ length: rows.length }, (_, i) => rows[i] ?? []) };
  });
}

/** A cell as the import reads it: dates as calendar dates (from the serial number and the cell's date format). */
function cellValue(cell: XLSX.CellObject, date1904: boolean): Cell {
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) return { date: serialToDate(v, date1904) };
      return v;
    }
    case 'd':
      return { date: (cell.v as Date).toISOString().slice(0, 10) };
    case 'b':
      return cell.v as boolean;
    case 's':
      return cell.v === '' ? null : String(cell.v);
    case 'e':
      return String(cell.w ?? '#ERROR');
    default:
      return null;
  }
}

/** Excel's serial day (1900 system, with its phantom 29 February 1900; or the 1904 system) as YYYY-MM-DD. */
export function serialToDate(serial: number, date1904 = false): string {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  const epoch = Date.UTC(1899, 11, 30);
  return new Date(epoch + (days < 61 && !date1904 ? days + 1 : days) * 86_400_000).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ CSV

/** UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, Windows-1252. */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Comma or semicolon: whichever the header line holds more of, outside quotes. */
function delimiterOf(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text.slice(0, 10_000)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

function readCsv(bytes: Uint8Array): Table[] {
  // Binary files (images, PDFs, executables) hold NUL bytes or other control bytes no CSV has.
  const head = bytes.subarray(0, 8192);
  if (head.some((b) => b === 0 || (b < 0x09) || (b > 0x0d && b < 0x20 && b !== 0x1b))) throw new BadFile('not_spreadsheet');
  const text = decodeText(bytes);
  let records: string[][];
  try {
    // Quotes inside an unquoted cell (Workshop "Risk 101" held) are text, as Excel and LibreOffice read them.
    records = parseCsv(text, { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, to: LIMITS.rows + 2 }) as string[][];
  } catch (error) {
    throw new BadFile('bad_csv', { line: Number((error as { lines?: number }).lines ?? 0) });
  }
  if (records.length > LIMITS.rows + 1) throw new BadFile('too_many_rows', { rows: countLines(text) - 1 });
  if (records.length === 0 || records[0]!.length < 2) throw new BadFile('not_spreadsheet');
  return [{ name: 'csv', rows: records.map((r) => r.map((v) => (v.trim() === '' ? null : v))) }];
}

function countLines(text: string): number {
  return text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').length;
}
