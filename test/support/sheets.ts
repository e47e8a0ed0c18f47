/**
 * Real spreadsheet files for the import tests, made the way other software makes them: XLSX with
 * SheetJS (as a workshop's Excel would save it, formulas included), CSV as text in a given
 * encoding, and the bad files (an OLE compound file with an EncryptedPackage stream, as Office
 * saves a password-protected workbook; zip bombs honest and lying about their sizes).
 */
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';

export type Grid = (string | number | Date | null | { f: string; v?: number })[][];

/** An XLSX workbook from grids (one sheet each); `{ f }` cells are formulas, Dates date cells. */
export function xlsx(sheets: Record<string, Grid>): Uint8Array {
  const workbook = XLSX.utils.book_new();
  for (const [name, grid] of Object.entries(sheets)) {
    const sheet = XLSX.utils.aoa_to_sheet(grid.map((row) => row.map((v) => (v && typeof v === 'object' && 'f' in v ? null : v))), { cellDates: true, dateNF: 'yyyy-mm-dd' });
    grid.forEach((row, r) => row.forEach((v, c) => {
      if (v && typeof v === 'object' && 'f' in v) sheet[XLSX.utils.encode_cell({ r, c })] = { t: 'n', f: v.f, v: v.v ?? 0 };
    }));
    XLSX.utils.book_append_sheet(workbook, sheet, name);
  }
  return new Uint8Array(XLSX.write(workbook, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** CSV text with a delimiter, as UTF-8 (optionally with a BOM) or Windows-1252. */
export function csv(grid: (string | number | null)[][], options: { delimiter?: ',' | ';'; encoding?: 'utf-8' | 'utf-8-bom' | 'windows-1252' } = {}): Uint8Array {
  const d = options.delimiter ?? ',';
  const text = grid.map((row) => row.map((v) => {
    const s = v === null ? '' : String(v);
    return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(d)).join('\r\n');
  if (options.encoding === 'windows-1252') {
    return Uint8Array.from([...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code < 0x100) return code;
      throw new Error(`not in Windows-1252 here: ${ch}`);
    }));
  }
  const bytes = strToU8(text);
  return options.encoding === 'utf-8-bom' ? Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]) : bytes;
}

/** What Office saves for a password-protected workbook: an OLE compound file with EncryptionInfo and EncryptedPackage streams. */
export function encryptedWorkbook(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0, ...Buffer.from('<?xml version="1.0"?><encryption/>')]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/** An old Excel 97-2003 file: an OLE compound file with a Workbook stream. */
export function oldExcel(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/Workbook', Buffer.alloc(4096, 1));
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

const WORKBOOK = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="x" sheetId="1"/></sheets></workbook>';

/** A zip bomb that says what it holds: an XLSX-looking zip whose sheet inflates to `megabytes` MB. */
export function honestBomb(megabytes = 120): Uint8Array {
  return zipSync({ 'xl/workbook.xml': strToU8(WORKBOOK), 'xl/worksheets/sheet1.xml': new Uint8Array(megabytes * 1024 * 1024) }, { level: 9 });
}

/**
 * A zip bomb that lies: its headers declare 1 KB for a sheet that inflates to 8 MB, so only the
 * inflation itself can tell (the declared sizes are patched in the local header and the central directory).
 */
export function lyingBomb(): Uint8Array {
  const zip = zipSync({ 'xl/workbook.xml': strToU8(WORKBOOK), 'xl/worksheets/sheet1.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const size = 8 * 1024 * 1024;
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint32(i + 22, true) === size) view.setUint32(i + 22, 1024, true);
    if (sig === 0x02014b50 && view.getUint32(i + 24, true) === size) view.setUint32(i + 24, 1024, true);
  }
  return zip;
}
