/**
 * Entries sent as JSON (a status, a measure's value) written as rows of the plan's CSV file, so
 * that they go through exactly the checks of an uploaded file, with the line each entry starts on,
 * so that a problem is reported against the entry (1 for the first) rather than a line nobody sent.
 */
import Papa from 'papaparse';
import { neutraliseFormula } from '../csv-formulas.js';

export function entriesAsCsv(
  plan: string,
  entries: readonly unknown[],
  fields: readonly string[],
): { text: string; entryOf: Map<number, number> } {
  const entryOf = new Map<number, number>();
  const lines = [['plan', ...fields].join(',')];
  let line = 2;
  entries.forEach((entry, index) => {
    const row = Papa.unparse([[plan, ...fields.map((field) => fieldText(entry, field))]], { quotes: true, newline: '\n' });
    entryOf.set(line, index + 1);
    lines.push(row);
    line += row.split('\n').length;
  });
  return { text: lines.join('\n'), entryOf };
}

/** Strings and numbers as given; anything else is as good as missing, and reported so. */
function fieldText(entry: unknown, field: string): string {
  if (typeof entry !== 'object' || entry === null) return '';
  const value: unknown = (entry as Record<string, unknown>)[field];
  // The files read \r as a line break too; the entry's line count must match what they read.
  // Written as our CSV exports write text, so the reader's restoreFormula gives back what was sent.
  return typeof value === 'string' || typeof value === 'number' ? neutraliseFormula(String(value).replace(/\r\n?/g, '\n')) : '';
}
