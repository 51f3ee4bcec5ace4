import type { Request, Response } from 'express';
import { tableToIPC, type Table } from 'apache-arrow';
import { neutraliseFormula } from '../../pipelines/csv-formulas.js';

/** The Arrow IPC stream media type of the contract. */
export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

export type ResponseFormat = 'json' | 'csv' | 'arrow';

/** Content negotiation of every data route: CSV or Arrow when asked for, JSON otherwise. */
export function responseFormat(req: Request): ResponseFormat {
  const best = req.accepts(['application/json', 'text/csv', ARROW_STREAM]);
  if (best === 'text/csv') return 'csv';
  if (best === ARROW_STREAM) return 'arrow';
  return 'json';
}

/**
 * One CSV line (RFC 4180): fields with a comma, quote or line break are quoted. Text that a
 * spreadsheet would run as a formula (OWASP's CSV injection list: `=`, `+`, `-`, `@`, tab, CR
 * first) is written with a `'` in front; numbers, negative ones included, are written as numbers.
 */
export function csvLine(cells: readonly (string | number | boolean | null)[]): string {
  return cells
    .map((cell) => {
      const text = cell === null ? '' : typeof cell === 'string' ? neutraliseFormula(cell) : String(cell);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}

export function sendCsv(res: Response, lines: readonly string[]): void {
  res.type('text/csv; charset=utf-8').send(`${lines.join('\r\n')}\r\n`);
}

export function sendArrow(res: Response, table: Table): void {
  res.type(ARROW_STREAM).send(Buffer.from(tableToIPC(table, 'stream')));
}
