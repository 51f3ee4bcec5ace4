import { describe, expect, it } from 'vitest';
import {
  isSmallCount,
  suppressBreakdown,
  suppressRow,
  suppressTable,
  type Suppression,
  type Table,
  type TableSuppression,
} from '../../../server/statistics/suppression.js';

const P: Suppression = 'primary';
const S: Suppression = 'secondary';
const N: Suppression = 'none';

describe('isSmallCount', () => {
  it('is true from 1 to the threshold (default 4); zero is shown', () => {
    const counts = [0, 1, 2, 3, 4, 5, 100];
    expect(counts.map((c) => isSmallCount(c))).toEqual([false, true, true, true, true, false, false]);
  });

  it('takes another threshold, including 0 for none', () => {
    expect([2, 3].map((c) => isSmallCount(c, { threshold: 2 }))).toEqual([true, false]);
    expect(isSmallCount(9, { threshold: 9 })).toBe(true);
    expect(isSmallCount(1, { threshold: 0 })).toBe(false);
  });

  it('refuses a negative count or a bad threshold', () => {
    expect(() => isSmallCount(-1)).toThrow(RangeError);
    expect(() => isSmallCount(1, { threshold: -1 })).toThrow(RangeError);
    expect(() => isSmallCount(1, { threshold: 2.5 })).toThrow(RangeError);
  });
});

describe('suppressRow', () => {
  const intervals = { lower95: 0.3, upper95: 4.4, lower998: 0.1, upper998: 6.5 };
  const rate = { period: '2024-Q1', numerator: 3, denominator: 20_000, value: 1.5, ...intervals };
  const nulls = { lower95: null, upper95: null, lower998: null, upper998: null };
  const hidden = { value: null, ...nulls, suppressed: true };

  it('hides a small count and everything derived from it, keeping the population and other fields', () => {
    expect(suppressRow(rate)).toEqual({ period: '2024-Q1', numerator: null, denominator: 20_000, ...hidden });
  });

  it('leaves zero and counts above the threshold alone', () => {
    expect(suppressRow({ ...rate, numerator: 0 })).toEqual({ ...rate, numerator: 0, suppressed: false });
    expect(suppressRow({ ...rate, numerator: 5 })).toEqual({ ...rate, numerator: 5, suppressed: false });
    expect(suppressRow({ ...rate, numerator: 5 }, { threshold: 5 }).suppressed).toBe(true);
  });

  it('hides a proportion whose denominator is a small count, and that count: 2 of 3', () => {
    const row = { numerator: 2, denominator: 3, value: 2 / 3, ...intervals };
    expect(suppressRow(row)).toEqual({ numerator: null, denominator: null, ...hidden });
  });

  it('hides a proportion of 0 of 3 but still shows the zero', () => {
    const row = { numerator: 0, denominator: 3, value: 0, ...intervals };
    expect(suppressRow(row)).toEqual({ numerator: 0, denominator: null, ...hidden });
  });

  it('hides a large count when secondary suppression says so', () => {
    expect(suppressRow({ ...rate, numerator: 12 }, { secondary: true })).toEqual({
      period: '2024-Q1',
      numerator: null,
      denominator: 20_000,
      ...hidden,
    });
  });

  it('passes a row with no figures through', () => {
    const empty = { numerator: null, denominator: null, value: null, ...nulls };
    expect(suppressRow(empty)).toEqual({ ...empty, suppressed: false });
  });
});

describe('suppressBreakdown (one way)', () => {
  it('adds the next smallest cell when exactly one is suppressed under a published total', () => {
    expect(suppressBreakdown({ cells: [3, 10, 12], total: 25 })).toEqual({ cells: [P, S, N], total: N });
  });

  it('skips zeros when choosing the secondary cell', () => {
    expect(suppressBreakdown({ cells: [3, 0, 12, 10], total: 25 })).toEqual({ cells: [P, N, N, S], total: N });
  });

  it('breaks ties between equal cells by taking the first', () => {
    expect(suppressBreakdown({ cells: [10, 3, 10], total: 23 })).toEqual({ cells: [S, P, N], total: N });
  });

  it('needs no secondary cell when two are already suppressed', () => {
    expect(suppressBreakdown({ cells: [3, 2, 10], total: 15 })).toEqual({ cells: [P, P, N], total: N });
  });

  it('needs none without a published total', () => {
    expect(suppressBreakdown({ cells: [3, 10, 12], total: null })).toEqual({ cells: [P, N, N], total: null });
  });

  it('suppresses a small total itself, which then protects its single small cell', () => {
    expect(suppressBreakdown({ cells: [3, 0], total: 3 })).toEqual({ cells: [P, N], total: P });
  });

  it('leaves a breakdown without small counts alone, and honours the threshold', () => {
    expect(suppressBreakdown({ cells: [5, 10], total: 15 })).toEqual({ cells: [N, N], total: N });
    const five = suppressBreakdown({ cells: [5, 10, 6], total: 21 }, { threshold: 5 });
    expect(five).toEqual({ cells: [P, N, S], total: N });
  });

  it('refuses negative counts', () => {
    expect(() => suppressBreakdown({ cells: [-1, 5], total: 4 })).toThrow(RangeError);
  });
});

/** Lines that sum to a published total: every one must hide none or at least two of its members. */
function expectNoLoneSuppression(table: Table, result: TableSuppression): void {
  const hidden = (s: Suppression | undefined) => s !== undefined && s !== 'none';
  const count = (xs: (Suppression | undefined)[]) => xs.filter(hidden).length;
  result.cells.forEach((row, r) => {
    if (table.rowTotals) expect(count([...row, result.rowTotals?.[r]]), `row ${r}`).not.toBe(1);
  });
  (table.cells[0] ?? []).forEach((_, c) => {
    const column = result.cells.map((row) => row[c]);
    if (table.columnTotals) expect(count([...column, result.columnTotals?.[c]]), `column ${c}`).not.toBe(1);
  });
}

describe('suppressTable (two way)', () => {
  it('iterates across rows and columns until no line has a lone suppressed cell', () => {
    // Pass 1: row 0 adds 20 (smallest beside the 3); column 0 adds 10; column 1 adds 25.
    // Pass 2: row 1 now has only the 10 hidden, so adds 8; row 2 only the 25, so adds 9.
    const table: Table = {
      cells: [
        [3, 20, 30],
        [10, 40, 8],
        [15, 25, 9],
      ],
      rowTotals: [53, 58, 49],
      columnTotals: [28, 85, 47],
      grandTotal: 160,
    };
    const result = suppressTable(table);
    expect(result).toEqual({
      cells: [
        [P, S, N],
        [S, N, S],
        [N, S, S],
      ],
      rowTotals: [N, N, N],
      columnTotals: [N, N, N],
      grandTotal: N,
    });
    expectNoLoneSuppression(table, result);
  });

  it('forms the usual 2 × 2 block when one pass suffices', () => {
    const table: Table = {
      cells: [
        [3, 20, 30],
        [10, 7, 40],
        [15, 25, 9],
      ],
      rowTotals: [53, 57, 49],
      columnTotals: [28, 52, 79],
      grandTotal: 159,
    };
    expect(suppressTable(table).cells).toEqual([
      [P, S, N],
      [S, S, N],
      [N, N, N],
    ]);
  });

  it('protects a small margin too: a suppressed row total is a lone hidden part of the grand total', () => {
    // Row 0 (1, 2 | 3) is all primary. Columns add 10 and 20 from row 1; the row totals 3, 30, 37
    // sum to the grand total 70, so 30 is hidden too.
    const table: Table = {
      cells: [
        [1, 2],
        [10, 20],
        [12, 25],
      ],
      rowTotals: [3, 30, 37],
      columnTotals: [23, 47],
      grandTotal: 70,
    };
    expect(suppressTable(table)).toEqual({
      cells: [
        [P, P],
        [S, S],
        [N, N],
      ],
      rowTotals: [P, S, N],
      columnTotals: [N, N],
      grandTotal: N,
    });
  });

  it('hides a zero when no non-zero cell is left in the line', () => {
    // Row 0 adds 7; column 0 adds 5; column 1 (7 hidden, 0) can only add the 0.
    const table: Table = {
      cells: [
        [3, 7],
        [5, 0],
      ],
      rowTotals: [10, 5],
      columnTotals: [8, 7],
      grandTotal: null,
    };
    expect(suppressTable(table).cells).toEqual([
      [P, S],
      [S, S],
    ]);
  });

  it('hides the total when a line has no other cell to give', () => {
    // Column 0 (3, 7 | 10) adds the 7; row 1 is then the 7 alone against its total 7.
    const table: Table = { cells: [[3], [7]], rowTotals: [3, 7], columnTotals: [10], grandTotal: null };
    expect(suppressTable(table)).toEqual({
      cells: [[P], [S]],
      rowTotals: [P, S],
      columnTotals: [N],
      grandTotal: null,
    });
  });

  it('with only a grand total, treats all cells as one line', () => {
    const table: Table = { cells: [[3, 10], [20, 30]], rowTotals: null, columnTotals: null, grandTotal: 63 };
    expect(suppressTable(table)).toEqual({
      cells: [
        [P, S],
        [N, N],
      ],
      rowTotals: null,
      columnTotals: null,
      grandTotal: N,
    });
  });

  it('with column totals only, leaves rows unconstrained', () => {
    const table: Table = { cells: [[3, 10], [20, 30]], rowTotals: null, columnTotals: [23, 40], grandTotal: null };
    expect(suppressTable(table).cells).toEqual([[P, N], [S, N]]);
  });

  it('refuses tables of the wrong shape', () => {
    const bare = { rowTotals: null, columnTotals: null, grandTotal: null };
    expect(() => suppressTable({ ...bare, cells: [[1, 2], [3]] })).toThrow(RangeError);
    expect(() => suppressTable({ ...bare, cells: [[1, 2]], rowTotals: [3, 4] })).toThrow(RangeError);
    expect(() => suppressTable({ ...bare, cells: [[1, 2]], columnTotals: [1] })).toThrow(RangeError);
  });
});
