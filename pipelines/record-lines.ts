import { createReadStream } from 'node:fs';

export interface StructuralError {
  line: number;
  kind: 'ragged_row' | 'unterminated_quote' | 'line_too_long';
  fields: number;
  /** The record's length in bytes (UTF-8), for `line_too_long`. */
  bytes: number;
}

/** DuckDB's reader refuses a record longer than this (its `max_line_size`, pinned in readCsvSql). */
export const MAX_LINE_BYTES = 2_097_152;

export interface RecordScan {
  /** Data record index (0 = first row after the header, blank lines not counted) → physical line. */
  lines: Map<number, number>;
  structuralErrors: StructuralError[];
  structuralErrorCount: number;
}

const MESSAGES: Record<StructuralError['kind'], (e: StructuralError, expectedFields: number) => string> = {
  ragged_row: (e, expected) => `Line ${e.line} has ${e.fields} fields but the header has ${expected}.`,
  unterminated_quote: (e) => `Line ${e.line} opens a quoted field that is never closed.`,
  line_too_long: (e) =>
    `Line ${e.line} is ${e.bytes.toLocaleString('en-GB')} bytes long; a line may hold at most ${MAX_LINE_BYTES.toLocaleString('en-GB')}. ` +
    'A stray quote can run many lines into one, or a cell can hold a whole document: look at that line in a text editor.',
};

export const describeStructuralError = (e: StructuralError, expectedFields: number) => MESSAGES[e.kind](e, expectedFields);

export const structuralExpectation = (e: StructuralError, expectedFields: number) =>
  e.kind === 'line_too_long' ? `at most ${MAX_LINE_BYTES.toLocaleString('en-GB')} bytes per line` : `${expectedFields} fields`;

/**
 * Walks a CSV file as RFC 4180 records while counting physical lines, so that a record found
 * in the database by its position can be reported at the line an analyst sees in an editor.
 * Only run when something must be reported: the fast path never pays for it.
 */
export async function scanRecords(
  path: string,
  delimiter: string,
  expectedFields: number,
  wanted: ReadonlySet<number>,
  maxErrors: number,
): Promise<RecordScan> {
  const lines = new Map<number, number>();
  const structuralErrors: StructuralError[] = [];
  let structuralErrorCount = 0;
  let line = 1;
  let recordStartLine = 1;
  let fields = 1;
  let fieldChars = 0;
  let recordBytes = 0;
  let quoted = false;
  let record = -1; // the header is record -1
  let previousCr = false;

  const report = (kind: StructuralError['kind']) => {
    structuralErrorCount++;
    if (structuralErrors.length < maxErrors) structuralErrors.push({ line: recordStartLine, kind, fields, bytes: recordBytes });
  };
  const endRecord = () => {
    const blank = fields === 1 && fieldChars === 0;
    if (!blank) {
      if (record >= 0 && wanted.has(record)) lines.set(record, recordStartLine);
      if (recordBytes > MAX_LINE_BYTES) report('line_too_long');
      else if (record >= 0 && fields !== expectedFields) report('ragged_row');
      record++;
    }
    fields = 1;
    fieldChars = 0;
    recordBytes = 0;
  };

  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (ch === '\n' && previousCr) {
        previousCr = false;
        continue;
      }
      previousCr = ch === '\r';
      const newline = ch === '\n' || ch === '\r';
      const code = chunk.charCodeAt(i);
      recordBytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 2 : 3;
      if (quoted) {
        if (ch === '"') {
          quoted = false;
        } else if (newline) line++;
        continue;
      }
      if (ch === '"') {
        // A doubled quote inside a quoted field reopens it: "a""b".
        quoted = true;
        fieldChars++;
      } else if (ch === delimiter) {
        fields++;
        fieldChars = 0;
      } else if (newline) {
        endRecord();
        line++;
        recordStartLine = line;
      } else if (ch !== '\uFEFF' || line > 1 || fieldChars > 0) {
        fieldChars++;
      }
    }
  }
  if (quoted) {
    report(recordBytes > MAX_LINE_BYTES ? 'line_too_long' : 'unterminated_quote');
  } else if (fields > 1 || fieldChars > 0) {
    endRecord();
  }
  return { lines, structuralErrors, structuralErrorCount };
}
