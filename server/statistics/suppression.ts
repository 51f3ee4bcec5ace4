// Disclosure control for what viewers see: small counts, anything computed from them, and any
// count that could be worked out from a published total by subtraction (or addition).

/** Counts from 1 up to this are suppressed unless a caller configures otherwise. */
export const DEFAULT_THRESHOLD = 4;

export interface SuppressionOptions {
  /** Largest count that is suppressed; 0 switches primary suppression off. */
  threshold?: number;
}

/** Why a count is hidden: itself small ('primary'), or to protect a small one ('secondary'). */
export type Suppression = 'none' | 'primary' | 'secondary';

/** True for a count from 1 to the threshold. Zero is shown: it discloses no one. */
export function isSmallCount(count: number, options: SuppressionOptions = {}): boolean {
  const threshold = thresholdOf(options);
  requireCount(count);
  return count >= 1 && count <= threshold;
}

/** The figures of an API row that disclosure control acts on. */
export interface EstimateRow {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
}

export type PublishedRow<R extends EstimateRow> = Omit<R, keyof EstimateRow | 'suppressed'> &
  EstimateRow & { suppressed: boolean };

export interface RowOptions extends SuppressionOptions {
  /** The numerator was hidden by secondary suppression of the breakdown it belongs to. */
  secondary?: boolean;
}

/**
 * The row as a viewer may see it. A small numerator, or a small denominator (a proportion of 2 of 3
 * discloses as much as its counts), hides the value and all its intervals, and the small counts
 * themselves; a zero numerator stays visible. Population denominators are never small in practice,
 * so the same rule serves rates and proportions.
 */
export function suppressRow<R extends EstimateRow>(row: R, options: RowOptions = {}): PublishedRow<R> {
  const smallNumerator = row.numerator !== null && isSmallCount(row.numerator, options);
  const smallDenominator = row.denominator !== null && isSmallCount(row.denominator, options);
  const hideNumerator = smallNumerator || options.secondary === true;
  if (!hideNumerator && !smallDenominator) return { ...row, suppressed: false };
  return {
    ...row,
    numerator: hideNumerator ? null : row.numerator,
    denominator: smallDenominator ? null : row.denominator,
    value: null,
    lower95: null,
    upper95: null,
    lower998: null,
    upper998: null,
    suppressed: true,
  };
}

/** Counts of one breakdown (e.g. by sex) and their published total, or null when none is. */
export interface Breakdown {
  cells: readonly number[];
  total: number | null;
}

export interface BreakdownSuppression {
  cells: Suppression[];
  total: Suppression | null;
}

/** Primary and secondary suppression of a one-way breakdown. */
export function suppressBreakdown(breakdown: Breakdown, options: SuppressionOptions = {}): BreakdownSuppression {
  const { cells, total } = breakdown;
  const n = cells.length;
  const values = total === null ? [...cells] : [...cells, total];
  const lines = total === null ? [] : [{ cells: range(0, n), total: n }];
  const marks = protect(values, lines, thresholdOf(options));
  return { cells: marks.slice(0, n), total: total === null ? null : (marks[n] as Suppression) };
}

/**
 * A two-way table (e.g. sex × age band). Margins are published whole or not at all: null row or
 * column totals mean that margin is not published; `grandTotal` likewise.
 */
export interface Table {
  cells: readonly (readonly number[])[];
  rowTotals: readonly number[] | null;
  columnTotals: readonly number[] | null;
  grandTotal: number | null;
}

export interface TableSuppression {
  cells: Suppression[][];
  rowTotals: Suppression[] | null;
  columnTotals: Suppression[] | null;
  grandTotal: Suppression | null;
}

/**
 * Primary and secondary suppression of a two-way table, iterated across rows, columns and margins
 * until no published total has exactly one hidden count among its parts and itself.
 *
 * This is the line-by-line rule of the design; like most publication practice it does not defend
 * against solving several lines together, which the usual 2 × 2 pattern of hidden cells resists.
 */
export function suppressTable(table: Table, options: SuppressionOptions = {}): TableSuppression {
  const { cells, rowTotals, columnTotals, grandTotal } = table;
  const rows = cells.length;
  const columns = cells[0]?.length ?? 0;
  if (cells.some((row) => row.length !== columns)) throw new RangeError('table rows differ in length');
  if (rowTotals && rowTotals.length !== rows) throw new RangeError('one row total is needed per row');
  if (columnTotals && columnTotals.length !== columns) {
    throw new RangeError('one column total is needed per column');
  }

  const cellAt = (r: number, c: number): number => r * columns + c;
  const values = cells.flat();
  const rowTotalAt = values.length;
  values.push(...(rowTotals ?? []));
  const columnTotalAt = values.length;
  values.push(...(columnTotals ?? []));
  const grandAt = values.length;
  if (grandTotal !== null) values.push(grandTotal);

  const lines: Line[] = [];
  if (rowTotals) {
    for (let r = 0; r < rows; r++) {
      lines.push({ cells: range(0, columns).map((c) => cellAt(r, c)), total: rowTotalAt + r });
    }
  }
  if (columnTotals) {
    for (let c = 0; c < columns; c++) {
      lines.push({ cells: range(0, rows).map((r) => cellAt(r, c)), total: columnTotalAt + c });
    }
  }
  if (grandTotal !== null) {
    if (rowTotals) lines.push({ cells: range(rowTotalAt, rowTotalAt + rows), total: grandAt });
    if (columnTotals) lines.push({ cells: range(columnTotalAt, columnTotalAt + columns), total: grandAt });
    if (!rowTotals && !columnTotals) lines.push({ cells: range(0, rows * columns), total: grandAt });
  }

  const marks = protect(values, lines, thresholdOf(options));
  return {
    cells: range(0, rows).map((r) => marks.slice(cellAt(r, 0), cellAt(r, 0) + columns)),
    rowTotals: rowTotals ? marks.slice(rowTotalAt, rowTotalAt + rows) : null,
    columnTotals: columnTotals ? marks.slice(columnTotalAt, columnTotalAt + columns) : null,
    grandTotal: grandTotal === null ? null : (marks[grandAt] as Suppression),
  };
}

/** A published total and the counts that add up to it, as indices into the table's values. */
interface Line {
  cells: number[];
  total: number;
}

/**
 * Hides small counts, then, while some line has exactly one hidden member (so that member follows
 * from the others), hides one more member of that line: its smallest non-zero visible cell, since a
 * hidden zero protects little; a zero only when no other cell is left; the total as a last resort.
 * Ties go to the first cell. Each pass hides a count, so the loop ends.
 */
function protect(values: readonly number[], lines: readonly Line[], threshold: number): Suppression[] {
  values.forEach(requireCount);
  const marks: Suppression[] = values.map((v) => (v >= 1 && v <= threshold ? 'primary' : 'none'));
  const visible = (i: number): boolean => marks[i] === 'none';
  const preference = (i: number): number => (values[i] === 0 ? Infinity : (values[i] as number));

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const members = [...line.cells, line.total];
      if (members.filter((i) => !visible(i)).length !== 1) continue;
      const candidates = line.cells.filter(visible).sort((a, b) => preference(a) - preference(b) || a - b);
      marks[candidates[0] ?? line.total] = 'secondary';
      changed = true;
    }
  }
  return marks;
}

function thresholdOf(options: SuppressionOptions): number {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new RangeError(`the threshold must be a whole number >= 0, got ${threshold}`);
  }
  return threshold;
}

function requireCount(count: number): void {
  if (!(Number.isFinite(count) && count >= 0)) throw new RangeError(`a count must be finite and >= 0, got ${count}`);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
