/**
 * Consistent bounded perturbation of one reporting area's rollup (docs/disclosure.md): the
 * published counts every protected answer reads. Pure: rollup rows and a key in, published rows out.
 *
 * Each series (a measure of a cell: the total, or one value of one dimension) carries a cumulative
 * error E in {-1, 0, 1}; a quarter is published as `true + E_t - E_{t-1}`. So any run of
 * consecutive quarters (a quarter, a financial year, a rolling year) is off by `E_end - E_before`,
 * at most 2, and windows are exact sums of published quarters. Within a quarter every dimension's
 * errors add up to the total's, so every breakdown adds up to the same published total; a measure
 * that may not exceed another (children <= referrals) is kept at most that one, cell by cell.
 * Those three properties make the published figures one consistent table, which is what stops
 * differencing: any small cell can move by 1 or 2 together with everything above it and stay
 * consistent with all that is published.
 */
import { createHmac } from 'node:crypto';
import type { Dataset } from './extract-schema.js';

/** The largest change to one series over any run of consecutive quarters. */
export const SERIES_MAX_CHANGE = 2;

/** A rollup row: `dimension` '' is the total; `value` null means "not broken down". */
export interface CountRow {
  period: string;
  dimension: string;
  value: string | null;
  /** By measure name; null where every fact row left the measure blank. */
  counts: Record<string, number | null>;
}

const cellId = (dimension: string, value: string | null) => `${dimension}\u0000${value ?? '\u0001'}`;

/**
 * Published rows for one area's rollup rows (any periods, any mixture of blank measures). `area`
 * names the series in the key so that two areas with equal counts get unrelated errors.
 */
export function perturbArea(dataset: Dataset, area: string, rows: readonly CountRow[], key: string): CountRow[] {
  // Rows with different blank measures are different fact rows: each set is its own table.
  const groups = new Map<string, CountRow[]>();
  for (const row of rows) {
    const blanks = dataset.measures.map((m) => (row.counts[m.name] === null ? '1' : '0')).join('');
    groups.set(blanks, [...(groups.get(blanks) ?? []), row]);
  }
  return [...groups].flatMap(([blanks, group]) => perturbGroup(dataset, `${dataset.id}|${area}|${blanks}`, group, key));
}

interface Cell {
  dimension: string;
  value: string | null;
  id: string;
}

function perturbGroup(dataset: Dataset, groupKey: string, rows: readonly CountRow[], key: string): CountRow[] {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const measures = dataset.measures.filter((m) => rows[0]!.counts[m.name] !== null);
  // Parents first, so a measure's ceiling (the one it may not exceed) is settled before it is.
  const present = new Set(measures.map((m) => m.name));
  const parentOf = new Map(measures.filter((m) => m.atMost && present.has(m.atMost)).map((m) => [m.name, m.atMost!]));
  const depth = (m: string): number => (parentOf.has(m) ? 1 + depth(parentOf.get(m)!) : 0);
  const order = measures.map((m) => m.name).sort((a, b) => depth(a) - depth(b));
  const childrenOf = (m: string) => order.filter((n) => parentOf.get(n) === m);

  const truth = new Map<string, CountRow>();
  const cells = new Map<string, Cell>();
  for (const r of rows) {
    const id = cellId(r.dimension, r.value);
    truth.set(`${r.period}\u0002${id}`, r);
    if (!cells.has(id)) cells.set(id, { dimension: r.dimension, value: r.value, id });
  }
  const total = cells.get(cellId('', null)) ?? { dimension: '', value: null, id: cellId('', null) };
  cells.set(total.id, total);
  const dimensions = new Map<string, Cell[]>();
  for (const c of cells.values()) if (c.dimension !== '') dimensions.set(c.dimension, [...(dimensions.get(c.dimension) ?? []), c]);

  const trueCount = (period: string, cell: Cell, measure: string) => truth.get(`${period}\u0002${cell.id}`)?.counts[measure] ?? 0;
  const errors = new Map<string, number>(); // measure|cell → E at the previous quarter
  const errorOf = (measure: string, cell: Cell) => errors.get(`${measure}\u0003${cell.id}`) ?? 0;
  const out: CountRow[] = [];

  for (const period of periods) {
    const next = new Map<string, number>();
    const nextOf = (measure: string, cell: Cell) => next.get(`${measure}\u0003${cell.id}`)!;
    for (const measure of order) {
      const parent = parentOf.get(measure);
      const bounds = (cell: Cell): [number, number] => {
        const before = errorOf(measure, cell);
        const count = trueCount(period, cell, measure);
        let lower = Math.max(-1, before - count);
        let upper = 1;
        // A ceiling measure may only drop as far as leaves its children room to stay under it.
        for (const child of childrenOf(measure)) lower = Math.max(lower, before - Math.max(0, count - trueCount(period, cell, child)));
        if (parent !== undefined) {
          const slack = Math.max(0, trueCount(period, cell, parent) - count);
          upper = Math.min(upper, slack + before + nextOf(parent, cell) - errorOf(parent, cell));
        }
        return [lower, upper];
      };
      const pref = (cell: Cell) => preference(key, `${groupKey}|${measure}|${cell.id}|${period}`);
      let [lower, upper] = bounds(total);
      const cellBounds = new Map<string, [number, number]>();
      for (const list of dimensions.values()) {
        let sumLower = 0;
        let sumUpper = 0;
        for (const c of list) {
          const b = bounds(c);
          cellBounds.set(c.id, b);
          sumLower += b[0];
          sumUpper += b[1];
        }
        lower = Math.max(lower, sumLower);
        upper = Math.min(upper, sumUpper);
      }
      const chosen = clamp(pref(total).value, lower, upper);
      next.set(`${measure}\u0003${total.id}`, chosen);
      for (const list of dimensions.values()) {
        for (const [id, e] of splitTotal(chosen, list.map((c) => ({ id: c.id, bounds: cellBounds.get(c.id)!, pref: pref(c) })))) {
          next.set(`${measure}\u0003${id}`, e);
        }
      }
    }
    for (const cell of cells.values()) {
      const existing = truth.get(`${period}\u0002${cell.id}`);
      const counts: Record<string, number | null> = Object.fromEntries(dataset.measures.map((m) => [m.name, null]));
      let changed = false;
      for (const measure of order) {
        const published = trueCount(period, cell, measure) + nextOf(measure, cell) - errorOf(measure, cell);
        counts[measure] = published;
        if (published !== 0) changed = true;
      }
      // A cell with no fact rows that stays 0 adds nothing to any sum: no row is needed.
      if (existing || changed) out.push({ period, dimension: cell.dimension, value: cell.value, counts });
    }
    for (const [k, v] of next) errors.set(k, v);
  }
  return out;
}

const clamp = (v: number, lower: number, upper: number) => Math.min(upper, Math.max(lower, v));

/** A keyed draw in {-1, 0, 1} and a tie-breaking rank, fixed by the key and the cell's name. */
function preference(key: string, name: string): { value: number; rank: number } {
  const digest = createHmac('sha256', key).update(name).digest();
  return { value: (digest[0]! % 3) - 1, rank: digest.readUInt32BE(1) };
}

/**
 * Errors of one dimension's cells, each within its bounds, adding up to the total's: start from
 * each cell's own preference and move cells one step at a time, in key order, until the sum fits.
 * Possible because the total was chosen between the sums of the lower and of the upper bounds.
 */
function splitTotal(target: number, cells: { id: string; bounds: [number, number]; pref: { value: number; rank: number } }[]): [string, number][] {
  const values = cells.map((c) => clamp(c.pref.value, c.bounds[0], c.bounds[1]));
  const byRank = cells.map((_, i) => i).sort((a, b) => cells[a]!.pref.rank - cells[b]!.pref.rank);
  let gap = target - values.reduce((a, b) => a + b, 0);
  while (gap !== 0) {
    const step = Math.sign(gap);
    const i = byRank.find((j) => (step > 0 ? values[j]! < cells[j]!.bounds[1] : values[j]! > cells[j]!.bounds[0]));
    if (i === undefined) throw new Error('disclosure: no consistent split of a total (a bound was violated)');
    values[i]! += step;
    gap -= step;
  }
  return cells.map((c, i) => [c.id, values[i]!]);
}
