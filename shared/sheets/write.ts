/**
 * Writing exports: XLSX (write-excel-file: date cells, amounts as numbers with their currency's
 * format, a frozen header row) and CSV (csv-stringify, UTF-8 with a BOM so Excel reads accents).
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written inert in
 * both: in CSV behind an apostrophe (OWASP's advice; the import takes it off again), in XLSX as
 * string cells, which no spreadsheet evaluates, with the same apostrophe for a copy to CSV.
 */
import writeXlsxFile from 'write-excel-file/universal';
import { stringify } from 'csv-stringify/sync';
import type { SheetOut } from './types.ts';

const RISKY = /^[=+\-@\t\r]/;

/** Text no spreadsheet will run: a leading =, +, -, @, tab or CR gets an apostrophe before it. */
export function inert(text: string): string {
  return RISKY.test(text) ? `'${text}` : text;
}

const minorDigits = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Excel's number format for a currency: `#,##0.00 "USD"`, `#,##0 "JPY"`. */
function currencyFormat(currency: string): string {
  const digits = minorDigits(currency);
  return `#,##0${digits ? `.${'0'.repeat(digits)}` : ''} "${currency}"`;
}

/** Up to two decimals of a percentage (figures hold up to four; the cell keeps them all). */
const PERCENT_FORMAT = '0.0#%';

export async function writeXlsx(sheets: SheetOut[]): Promise<Uint8Array> {
  const blob = await writeXlsxFile(
    sheets.map((sheet) => ({
      sheet: sheet.name.slice(0, 31),
      stickyRowsCount: 1,
      columns: sheet.columns.map((c) => ({ width: c.width ?? (c.kind === 'text' ? 30 : 14) })),
      data: [
        sheet.columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' as const })),
        ...sheet.rows.map((row) =>
          sheet.columns.map((column, i) => {
            const v = row[i];
            if (v === null || v === undefined || v === '') return null;
            if (typeof v === 'object' && 'figure' in v) {
              // A percentage is a percent cell (0.375 shown as 37.5%), so a spreadsheet computes with it as one.
              return v.percent ? { value: Number(v.figure) / 100, type: Number, format: PERCENT_FORMAT } : { value: Number(v.figure), type: Number };
            }
            if (typeof v === 'object') {
              // A number cell: the decimal string's value; its currency's format shows the currency.
              return { value: Number(v.amount), type: Number, format: currencyFormat(v.currency) };
            }
            switch (column.kind) {
              case 'date':
                return { value: new Date(`${v}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' };
              case 'integer':
              case 'percent':
                return { value: Number(v), type: Number };
              default:
                return { value: inert(String(v)), type: String };
            }
          })),
      ],
    })) as never,
  ).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

/** One table as CSV: comma-separated, UTF-8 with a BOM, CRLF; amounts and figures as plain decimal strings (a percentage as its number: 37.5). */
export function writeCsv(sheet: SheetOut): string {
  const rows = sheet.rows.map((row) =>
    sheet.columns.map((column, i) => {
      const v = row[i];
      if (v === null || v === undefined) return '';
      if (typeof v === 'object') return 'figure' in v ? v.figure : v.amount;
      return column.kind === 'text' ? inert(String(v)) : String(v);
    }));
  return `\ufeff${stringify([sheet.columns.map((c) => inert(c.header)), ...rows], { record_delimiter: '\r\n' })}`;
}
