import { createReadStream } from 'node:fs';

export interface StructuralError {
  line: number;
  kind: 'ragged_row' | 'unterminated_quote';
  fields: number;
}

export interface RecordScan {
  /** Data record index (0 = first row after the header, blank lines not counted) → physical line. */
  lines: Map<number, number>;
  structuralErrors: StructuralError[];
  structuralErrorCount: number;
}

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
  let quoted = false;
  let record = -1; // the header is record -1
  let previousCr = false;

  const endRecord = () => {
    const blank = fields === 1 && fieldChars === 0;
    if (!blank) {
      if (record >= 0 && wanted.has(record)) lines.set(record, recordStartLine);
      if (record >= 0 && fields !== expectedFields) {
        structuralErrorCount++;
        if (structuralErrors.length < maxErrors) {
          structuralErrors.push({ line: recordStartLine, kind: 'ragged_row', fields });
        }
      }
      record++;
    }
    fields = 1;
    fieldChars = 0;
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
    structuralErrorCount++;
    if (structuralErrors.length < maxErrors) {
      structuralErrors.push({ line: recordStartLine, kind: 'unterminated_quote', fields });
    }
  } else if (fields > 1 || fieldChars > 0) {
    endRecord();
  }
  return { lines, structuralErrors, structuralErrorCount };
}
