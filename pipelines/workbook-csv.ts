import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { loadExcel } from './excel-library.js';

/**
 * Excel workbooks (.xlsx) are read by streaming one sheet into a CSV file that the extract
 * pipeline then reads like any other, so a workbook gets exactly the same validation, transaction
 * and upload log. exceljs's streaming reader holds one row at a time (and the shared strings),
 * so memory stays bounded on a sheet of a million rows.
 *
 * Line N of the CSV is row N + `rowOffset` of the sheet, and its columns start at A, so every
 * problem found in the CSV can be named by sheet and cell.
 */
export interface WorkbookCsv {
  sheet: string;
  /** Sheet row = CSV line + rowOffset (rows above the header are left out). */
  rowOffset: number;
  /** The header as written, to name each column's letter. */
  header: string[];
}

export type WorkbookProblem =
  | { kind: 'unknown_sheet'; wanted: string; sheets: string[] }
  | { kind: 'sheet_too_large'; sheet: string; maxBytes: number }
  | { kind: 'empty_sheet'; sheet: string }
  | { kind: 'not_a_workbook'; reason: string };

/** True when a file starts as a zip archive does: an .xlsx, never a CSV. */
export async function isWorkbook(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32BE(0) === 0x504b0304;
  } finally {
    await handle.close();
  }
}

/**
 * A zip archive ends with its central directory: without one (a truncated upload, a copy cut
 * short) the streaming reader would wait for entries that never come, so it is refused first.
 */
async function hasZipDirectory(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 65_557); // the end record (22 bytes) and the longest comment
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    return tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) >= 0;
  } finally {
    await handle.close();
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as the text the format means: a number Excel stored as 5.0000000001 or 4.9999999999
 * (floating point) as the whole number, a date as `YYYY-MM-DD` (a period typed as a date falls
 * in its quarter; a band Excel made a date is then named as such), a formula as its result.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\r\n?|\n/g, ' ');
  if (typeof value === 'number') {
    const whole = Math.round(value);
    return Math.abs(value - whole) < 1e-9 * Math.max(1, Math.abs(value)) ? String(whole) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    return `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('').replace(/\r\n?|\n/g, ' ');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

class SheetTooLarge extends Error {}

const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** Column letters as Excel shows them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * A workbook is compressed: a small upload can hold a sheet many times its size (a zip bomb, or
 * a sheet filled to Excel's last row). The sheet's CSV stops here, far beyond any real extract
 * (a million records make 80 MB).
 */
export const MAX_SHEET_CSV_BYTES = 2 ** 31;

/** Streams the chosen sheet (the first, or the one named) of `from` into a CSV file `to`. */
export async function workbookToCsv(from: string, to: string, sheetName?: string, maxBytes = MAX_SHEET_CSV_BYTES): Promise<WorkbookCsv | WorkbookProblem> {
  if (!(await hasZipDirectory(from))) return { kind: 'not_a_workbook', reason: 'the file is incomplete: it has no zip directory' };
  const excel = await loadExcel();
  const reader = new excel.stream.xlsx.WorkbookReader(from, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const out = createWriteStream(to, { flags: 'wx', mode: 0o600 });
  let written = 0;
  const write = async (line: string) => {
    written += Buffer.byteLength(line);
    if (written > maxBytes) throw new SheetTooLarge();
    if (!out.write(line)) await once(out, 'drain');
  };
  const seen: string[] = [];
  let found: WorkbookCsv | { kind: 'empty_sheet'; sheet: string } | null = null;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${seen.length + 1}`;
      seen.push(name);
      const wanted = found === null && (sheetName === undefined ? seen.length === 1 : name.toLowerCase() === sheetName.trim().toLowerCase());
      if (!wanted) {
        // The reader must be drained for the next sheet to arrive.
        for await (const _row of worksheet) void _row;
        continue;
      }
      let header: string[] | null = null;
      let rowOffset = 0;
      let lastRow = 0;
      for await (const row of worksheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        let width = values.length;
        while (width > 0 && values[width - 1]!.trim() === '') width--;
        if (header === null) {
          if (width === 0) continue;
          header = values.slice(0, width);
          rowOffset = row.number - 1;
          lastRow = row.number;
          await write(`${header.map(csvField).join(',')}\r\n`);
          continue;
        }
        // Blank lines keep CSV lines and sheet rows in step; the reader ignores them.
        for (let gap = lastRow + 1; gap < row.number; gap++) await write('\r\n');
        lastRow = row.number;
        if (width === 0) {
          await write('\r\n');
          continue;
        }
        const cells = values.slice(0, Math.max(width, header.length));
        while (cells.length < header.length) cells.push('');
        await write(`${cells.map(csvField).join(',')}\r\n`);
      }
      found = header === null ? { kind: 'empty_sheet', sheet: name } : { sheet: name, rowOffset, header };
    }
  } catch (error) {
    if (error instanceof SheetTooLarge) return { kind: 'sheet_too_large', sheet: seen.at(-1) ?? '', maxBytes };
    return { kind: 'not_a_workbook', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (found) return found;
  if (sheetName !== undefined) return { kind: 'unknown_sheet', wanted: sheetName, sheets: seen };
  return { kind: 'not_a_workbook', reason: 'it has no worksheet' };
}
