import type { ExtractError } from './extract-errors.js';
import { normaliseColumnName } from './csv-header.js';
import { columnLetter, type WorkbookCsv, type WorkbookProblem } from './workbook-csv.js';

/**
 * A problem found in a workbook's CSV, named where the analyst will look for it: the sheet and
 * cell (`Data!C14`), with `line` the sheet's row number.
 */
export function inWorkbook(error: ExtractError, workbook: WorkbookCsv): ExtractError {
  if (error.line === null) return error;
  const row = error.line + workbook.rowOffset;
  const index = error.column === null ? -1 : columnIndex(workbook.header, error.column);
  const sheet = /^[A-Za-z0-9_]+$/.test(workbook.sheet) ? workbook.sheet : `'${workbook.sheet.replaceAll("'", "''")}'`;
  const cell = index >= 0 ? `${sheet}!${columnLetter(index)}${row}` : `${sheet}!${row}:${row}`;
  // "Line 14, column sex: …" reads as the sheet's cell; other messages keep their words.
  const message = error.message.replace(/^Line \d+(, column [^:]+)?: /, '').replace(/^Line \d+ /, `Row ${row} `);
  return { ...error, line: row, cell, message: `Sheet ${workbook.sheet}, cell ${index >= 0 ? columnLetter(index) + row : `row ${row}`}: ${message}` };
}

function columnIndex(header: readonly string[], column: string): number {
  const exact = header.indexOf(column);
  if (exact >= 0) return exact;
  const wanted = normaliseColumnName(column);
  return header.findIndex((h) => normaliseColumnName(h) === wanted);
}

export function workbookError(problem: WorkbookProblem): ExtractError {
  switch (problem.kind) {
    case 'unknown_sheet':
      return {
        line: null,
        column: null,
        code: 'unknown_sheet',
        message: `The workbook has no sheet "${problem.wanted}"; its sheets are ${problem.sheets.map((s) => `"${s}"`).join(', ')}.`,
        expected: problem.sheets.join(', '),
      };
    case 'sheet_too_large':
      return {
        line: null,
        column: null,
        code: 'not_a_workbook',
        message: `Sheet ${problem.sheet} holds more than ${Math.round(problem.maxBytes / 2 ** 30)} GiB of text, far beyond any extract. Check that it holds only the extract, or split it by quarter.`,
      };
    case 'empty_sheet':
      return { line: null, column: null, code: 'empty_file', message: `Sheet ${problem.sheet} is empty.`, cell: `${problem.sheet}!A1` };
    case 'not_a_workbook':
      return {
        line: null,
        column: null,
        code: 'not_a_workbook',
        message: `The file looks like an Excel workbook but could not be read (${problem.reason}). Save it again from Excel as .xlsx, or as CSV.`,
      };
  }
}
