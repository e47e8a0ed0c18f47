/**
 * Bad files, each a real crafted file, refused with one reason before anything is read into the
 * plan: not a spreadsheet, over 5 MB, over 2,000 rows, password-protected, an old .xls, formulas
 * (refused: the import reads values only), zip bombs (declared and lying). And good files: CSV in
 * UTF-8 with or without BOM and in Windows-1252, commas or semicolons; XLSX with date cells.
 */
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, serialToDate } from '../../shared/sheets/read.ts';
import { BadFile, LIMITS } from '../../shared/sheets/types.ts';
import { csv, encryptedWorkbook, honestBomb, lyingBomb, oldExcel, xlsx } from '../support/sheets.ts';

function refusal(bytes: Uint8Array): BadFile {
  try {
    readSpreadsheet(bytes);
  } catch (error) {
    if (error instanceof BadFile) return error;
    throw error;
  }
  throw new Error('the file was read');
}

describe('bad files', () => {
  it('a PNG image, a PDF and a Word document are not spreadsheets', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
    expect(refusal(png).code).toBe('not_spreadsheet');
    const pdf = new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\u0000\u0001');
    expect(refusal(pdf).code).toBe('not_spreadsheet');
    const docx = xlsx({ x: [['a', 'b']] });
    // A zip without a workbook (a .docx has word/document.xml instead).
    const files = unzipSync(docx);
    delete files['xl/workbook.xml'];
    expect(refusal(zipSync(files)).code).toBe('not_spreadsheet');
    expect(refusal(new Uint8Array(0)).code).toBe('empty');
  });

  it('over 5 MB', () => {
    const big = new Uint8Array(LIMITS.bytes + 1).fill(0x61);
    expect(refusal(big).code).toBe('too_large');
  });

  it('over 2,000 rows, in CSV and in XLSX', () => {
    const rows = Array.from({ length: 2001 }, (_, i) => [`Milestone ${i}`, 'PE', '2026-01-01']);
    expect(refusal(csv([['Title', 'Owner administration', 'Due date'], ...rows]))).toMatchObject({ code: 'too_many_rows', params: { rows: 2001 } });
    expect(refusal(xlsx({ x: [['Title', 'Owner administration', 'Due date'], ...rows] }))).toMatchObject({ code: 'too_many_rows', params: { rows: 2001 } });
    const fine = readSpreadsheet(csv([['Title', 'Owner administration', 'Due date'], ...rows.slice(1)]));
    expect(fine[0]!.rows).toHaveLength(2001);
  });

  it('password-protected (an OLE compound file with an EncryptedPackage), and an old .xls', () => {
    const encrypted = encryptedWorkbook();
    expect([...encrypted.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    expect(refusal(encrypted).code).toBe('password_protected');
    expect(refusal(oldExcel()).code).toBe('old_excel');
  });

  it('formulas are refused, naming the cell (the import reads values only)', () => {
    const file = xlsx({ Hitos: [['Title', 'Owner administration', 'Due date', 'Progress'], ['Committee', 'PE', '2026-01-01', { f: '20+30', v: 50 }]] });
    expect(refusal(file)).toMatchObject({ code: 'formula', params: { cell: 'Hitos!D2' } });
  });

  it('a zip bomb that declares its size is refused before inflating; one that lies is stopped while inflating', () => {
    const honest = honestBomb(70);
    expect(honest.byteLength).toBeLessThan(LIMITS.bytes);
    expect(refusal(honest).code).toBe('zip_bomb');
    const lying = lyingBomb();
    expect(refusal(lying).code).toBe('zip_bomb');
  });
});

describe('good files', () => {
  const grid = [['Título', 'Administración responsable', 'Fecha prevista'], ['Operación; fase "1"', 'Perú', '30/06/2026']];

  it('CSV with commas or semicolons, in UTF-8 with or without a BOM, or Windows-1252', () => {
    for (const options of [{ delimiter: ';' as const }, { delimiter: ',' as const, encoding: 'utf-8-bom' as const }, { delimiter: ';' as const, encoding: 'windows-1252' as const }]) {
      const [table] = readSpreadsheet(csv(grid, options));
      expect(table!.rows, JSON.stringify(options)).toEqual(grid);
    }
  });

  it('CSV typed by hand: quotes inside an unquoted cell are text (as Excel reads them); a quoted cell never closed is refused with its line', () => {
    const typed = new TextEncoder().encode('ref;title;due date\n1;Workshop "Risk 101" held;31/12/2026\n');
    expect(readSpreadsheet(typed)[0]!.rows).toEqual([['ref', 'title', 'due date'], ['1', 'Workshop "Risk 101" held', '31/12/2026']]);
    const unclosed = refusal(new TextEncoder().encode('ref,title\n1,"Workshop\n2,Audit\n'));
    expect(unclosed.code).toBe('bad_csv');
    expect(unclosed.params).toEqual({ line: 3 });
  });

  it('XLSX date cells become calendar dates; numbers stay numbers; text stays text', () => {
    const [table] = readSpreadsheet(xlsx({ x: [['Due date', 'Progress', 'Amount'], [new Date('2026-06-30T00:00:00Z'), 40, '150.000,50']] }));
    expect(table!.rows[1]).toEqual([{ date: '2026-06-30' }, 40, '150.000,50']);
  });

  it("Excel's serial days, with the 1900 leap-year bug and the 1904 system", () => {
    expect(serialToDate(46203)).toBe('2026-06-30');
    expect(serialToDate(1)).toBe('1900-01-01');
    expect(serialToDate(61)).toBe('1900-03-01');
    expect(serialToDate(46203 - 1462, true)).toBe('2026-06-30');
  });
});

describe('formula injection in exports', () => {
  it('puts an apostrophe before text starting with =, +, -, @, tab or CR, in CSV and XLSX, and leaves numbers and dates alone', async () => {
    const { writeCsv, writeXlsx } = await import('../../shared/sheets/write.ts');
    const sheet = {
      name: 'x',
      columns: [{ header: 'Text', kind: 'text' as const }, { header: 'Amount', kind: 'money' as const }, { header: 'Date', kind: 'date' as const }],
      rows: ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'plain'].map((v) => [v, { amount: '1500.50', currency: 'USD' }, '2026-01-02']),
    };
    const lines = writeCsv(sheet).replace(/^\ufeff/, '').split('\r\n');
    expect(lines.slice(1, 8).map((l) => l.replace(/^"/, '').slice(0, 2))).toEqual(["'=", "'+", "'-", "'@", "'\t", "'\r", 'pl']);
    expect(lines[1]).toBe("'=1+1,1500.50,2026-01-02");
    const [table] = readSpreadsheet(await writeXlsx([sheet]));
    expect(table!.rows.slice(1).map((r) => r[0])).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", 'plain']);
    expect(table!.rows[1]!.slice(1)).toEqual([1500.5, { date: '2026-01-02' }]);
  });
});
