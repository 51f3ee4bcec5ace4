/**
 * A CSV file as rows that remember the physical line they start on, so that an error in the row
 * after a quoted note of five lines is reported on the line a spreadsheet shows, not the row count.
 * The file rules are those of the extract format, at the string level (the caller decodes bytes):
 * optional BOM, LF/CRLF/CR line endings, a comma, tab or semicolon delimiter chosen from the
 * header line, RFC 4180 quoting, blank lines ignored, header names matched loosely.
 */
import Papa from 'papaparse';

import { restoreFormula } from '../csv-formulas.js';
import type { PlanFile, PlanIssue } from './plan-issues.js';

export interface CsvRow {
  /** Physical line of the row's first character; 1 is the header. */
  readonly line: number;
  /** Cell text by normalised column name; absent columns are absent keys. */
  readonly cells: ReadonlyMap<string, string>;
}

export interface CsvTable {
  readonly columns: readonly string[];
  readonly headerLine: number;
  readonly rows: readonly CsvRow[];
  readonly issues: readonly PlanIssue[];
}

const DELIMITERS = [',', '\t', ';'] as const;

/**
 * Limits that keep one upload from holding the server: a plan has tens or hundreds of actions,
 * and its longest cell (a pasted paragraph or table) a few thousand characters.
 */
export const MAX_PLAN_ROWS = 10_000;
export const MAX_CELL_CHARS = 20_000;

/** `Area Code`, `area-code` and ` AREA_CODE ` all name `area_code`. */
function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function readCsvTable(source: string, file: PlanFile): CsvTable {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lineOf = lineLocator(text);
  const issues: PlanIssue[] = [];
  const records: { line: number; fields: string[] }[] = [];
  let cursor = 0;

  Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(text),
    newline: '\n',
    skipEmptyLines: 'greedy',
    step(result, parser) {
      const line = lineOf(startOfRow(text, cursor));
      cursor = result.meta.cursor;
      if (records.length > MAX_PLAN_ROWS) {
        const message = `The file has more than ${MAX_PLAN_ROWS.toLocaleString('en-GB')} rows; a plan is read in files smaller than that.`;
        issues.push({ file, line, column: null, code: 'too_many_rows', message });
        parser.abort();
        return;
      }
      for (const error of result.errors) {
        issues.push({ file, line, column: null, code: 'malformed_csv', message: `${error.message}.` });
      }
      const fields = result.data.map((field, index) => {
        if (field.length <= MAX_CELL_CHARS) return field;
        const column = records.length === 0 ? null : (records[0]?.fields[index] ?? null);
        const message = `The cell has ${field.length.toLocaleString('en-GB')} characters; at most ${MAX_CELL_CHARS.toLocaleString('en-GB')} are accepted.`;
        issues.push({ file, line, column: column === null ? null : normaliseColumnName(column), code: 'field_too_long', message });
        return '';
      });
      records.push({ line, fields });
    },
  });

  const [header, ...body] = records;
  if (header === undefined) {
    const empty: PlanIssue = { file, line: 1, column: null, code: 'empty_file', message: 'The file is empty.' };
    return { columns: [], headerLine: 1, rows: [], issues: [empty] };
  }
  const columns = header.fields.map(normaliseColumnName);
  columns.forEach((column, index) => {
    if (column !== '' && columns.indexOf(column) !== index) {
      const message = `The column "${column}" appears twice.`;
      issues.push({ file, line: header.line, column, code: 'duplicate_column', message });
    }
  });

  const rows: CsvRow[] = [];
  for (const record of body) {
    const extra = record.fields.slice(columns.length);
    // Spreadsheets pad rows with empty cells; only a row with content past the header is ragged.
    if (record.fields.length < columns.length || extra.some((cell) => cell.trim() !== '')) {
      issues.push({
        file,
        line: record.line,
        column: null,
        code: 'ragged_row',
        message: `The row has ${record.fields.length} cells but the header has ${columns.length}.`,
      });
      continue;
    }
    const cells = new Map<string, string>();
    columns.forEach((column, index) => {
      if (column !== '' && !cells.has(column)) cells.set(column, restoreFormula(record.fields[index] ?? ''));
    });
    rows.push({ line: record.line, cells });
  }
  return { columns, headerLine: header.line, rows, issues };
}

/** The delimiter seen most often outside quotes on the first non-blank line; comma on a tie. */
function detectDelimiter(text: string): string {
  // Found without splitting the whole file into lines: a file of newlines must cost nothing here.
  const start = text.search(/[^\s]/);
  const end = start === -1 ? -1 : text.indexOf('\n', start);
  const headerLine = start === -1 ? '' : text.slice(text.lastIndexOf('\n', start) + 1, end === -1 ? undefined : end);
  const outsideQuotes = headerLine.replace(/"[^"]*"/g, '');
  let best: string = DELIMITERS[0];
  for (const delimiter of DELIMITERS) {
    if (outsideQuotes.split(delimiter).length > outsideQuotes.split(best).length) best = delimiter;
  }
  return best;
}

/** Papaparse skips blank lines before a row; the row starts at its first visible character. */
function startOfRow(text: string, from: number): number {
  let index = from;
  while (index < text.length && /[\n \t]/.test(text.charAt(index))) index += 1;
  return index;
}

function lineLocator(text: string): (offset: number) => number {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** Required columns that are missing and columns the format does not know, named on the header line. */
export function columnIssues(
  table: CsvTable,
  file: PlanFile,
  accepted: readonly string[],
  required: readonly string[],
): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const column of required) {
    if (!table.columns.includes(column)) {
      const message = `The required column "${column}" is missing.`;
      issues.push({ file, line: table.headerLine, column, code: 'missing_column', message });
    }
  }
  for (const column of table.columns) {
    if (column !== '' && !accepted.includes(column)) {
      const nearest = nearestName(column, accepted);
      issues.push({
        file,
        line: table.headerLine,
        column,
        code: 'unknown_column',
        message: nearest === null
          ? `"${column}" is not a column of this file; the columns are ${accepted.join(', ')}.`
          : `"${column}" is not a column of this file; did you mean "${nearest}"?`,
      });
    }
  }
  return issues;
}

/** The accepted name within two edits of a misspelt one, if any. */
function nearestName(name: string, accepted: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of accepted) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
