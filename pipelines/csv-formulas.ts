/**
 * CSV injection (OWASP): a spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (or a
 * tab or carriage return before one) as a formula. Every CSV we write puts a `'` before such text;
 * every CSV we read takes that one `'` off again, so a file exported and imported is unchanged.
 * Text already beginning with `'` and then one of those gets a second `'`, so the two are inverses.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** The text as a CSV cell a spreadsheet shows rather than runs. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell read from CSV: the `'` that neutraliseFormula added, taken off. */
export function restoreFormula(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}
