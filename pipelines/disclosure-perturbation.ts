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
    const list = groups.get(blanks);
    if (list) list.push(row);
    else groups.set(blanks, [row]);
  }
  return [...groups].flatMap(([blanks, group]) => perturbGroup(dataset, `${dataset.id}|${area}|${blanks}`, group, key));
}

interface Cell {
  dimension: string;
  value: string | null;
}

/**
 * One table (an area's rows with one pattern of blank measures): cells × periods, per measure,
 * held in flat arrays indexed `cell * periods + t` because an upload redoes every area it touches.
 */
function perturbGroup(dataset: Dataset, groupKey: string, rows: readonly CountRow[], key: string): CountRow[] {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const P = periods.length;
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const measures = dataset.measures.filter((m) => rows[0]!.counts[m.name] !== null);
  // Parents first, so a measure's ceiling (the one it may not exceed) is settled before it is.
  const present = new Set(measures.map((m) => m.name));
  const parentOf = new Map(measures.filter((m) => m.atMost && present.has(m.atMost)).map((m) => [m.name, m.atMost!]));
  const depth = (m: string): number => (parentOf.has(m) ? 1 + depth(parentOf.get(m)!) : 0);
  const order = measures.map((m) => m.name).sort((a, b) => depth(a) - depth(b));
  const M = order.length;
  const parent = order.map((m) => (parentOf.has(m) ? order.indexOf(parentOf.get(m)!) : -1));
  const children = order.map((_, i) => parent.flatMap((p, j) => (p === i ? [j] : [])));

  const cells: Cell[] = [{ dimension: '', value: null }];
  const cellIndex = new Map<string, number>([['\u0000', 0]]);
  const cellOf = (r: CountRow) => {
    const id = `${r.dimension}\u0000${r.value ?? '\u0001'}`;
    const known = cellIndex.get(r.dimension === '' ? '\u0000' : id);
    if (known !== undefined) return known;
    cellIndex.set(id, cells.length);
    cells.push({ dimension: r.dimension, value: r.value });
    return cells.length - 1;
  };
  const located = rows.map((r) => ({ r, c: cellOf(r), t: periodIndex.get(r.period)! }));
  const C = cells.length;
  const truth = order.map(() => new Float64Array(C * P));
  const exists = new Uint8Array(C * P);
  for (const { r, c, t } of located) {
    exists[c * P + t] = 1;
    order.forEach((m, k) => (truth[k]![c * P + t] = r.counts[m] ?? 0));
  }
  const dimensions = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    if (cell.dimension === '') return;
    const list = dimensions.get(cell.dimension);
    if (list) list.push(i);
    else dimensions.set(cell.dimension, [i]);
  });
  // One keyed seed per series; a cheap mix of it with the period gives each quarter's draw.
  const seeds = order.map((m) => cells.map((cell) => seedOf(key, `${groupKey}|${m}|${cell.dimension}\u0000${cell.value ?? '\u0001'}`)));
  const periodHashes = periods.map(fnv1a);

  const before = order.map(() => new Int8Array(C));
  const after = order.map(() => new Int8Array(C));
  const published = order.map(() => new Float64Array(C * P));
  const lower = new Int8Array(C);
  const upper = new Int8Array(C);
  const values = new Int8Array(C);

  for (let t = 0; t < P; t++) {
    for (let k = 0; k < M; k++) {
      const eBefore = before[k]!;
      const own = truth[k]!;
      for (let c = 0; c < C; c++) {
        const count = own[c * P + t]!;
        let lo = Math.max(-1, eBefore[c]! - count);
        let hi = 1;
        // A ceiling measure may only drop as far as leaves its children room to stay under it.
        for (const child of children[k]!) lo = Math.max(lo, eBefore[c]! - Math.max(0, count - truth[child]![c * P + t]!));
        const p = parent[k]!;
        if (p >= 0) {
          const slack = Math.max(0, truth[p]![c * P + t]! - count);
          hi = Math.min(hi, slack + eBefore[c]! + after[p]![c]! - before[p]![c]!);
        }
        // A cell with no records this quarter stays exactly 0: its error carries over unchanged.
        // Were it published as 1, someone who knows (or guesses) that no record has that value in
        // that quarter would know its error, and every figure that sums it would lose a step of cover.
        if (!exists[c * P + t]) lo = hi = eBefore[c]!;
        lower[c] = lo;
        upper[c] = hi;
      }
      let lo = lower[0]!;
      let hi = upper[0]!;
      for (const list of dimensions.values()) {
        let sumLower = 0;
        let sumUpper = 0;
        for (const c of list) {
          sumLower += lower[c]!;
          sumUpper += upper[c]!;
        }
        lo = Math.max(lo, sumLower);
        hi = Math.min(hi, sumUpper);
      }
      const draw = (c: number) => mix(seeds[k]![c]!, periodHashes[t]!);
      const eAfter = after[k]!;
      eAfter[0] = clamp((draw(0) % 3) - 1, lo, hi);
      for (const list of dimensions.values()) splitTotal(eAfter[0]!, list, lower, upper, values, draw, eAfter);
      const out = published[k]!;
      for (let c = 0; c < C; c++) out[c * P + t] = own[c * P + t]! + eAfter[c]! - eBefore[c]!;
    }
    for (let k = 0; k < M; k++) before[k]!.set(after[k]!);
  }

  const out: CountRow[] = [];
  for (let t = 0; t < P; t++) {
    for (let c = 0; c < C; c++) {
      // A cell with no fact rows stays 0 (above) and adds nothing to any sum: no row, as in the rollup.
      if (!exists[c * P + t]) continue;
      const counts: Record<string, number | null> = Object.fromEntries(dataset.measures.map((m) => [m.name, null]));
      order.forEach((m, k) => (counts[m] = published[k]![c * P + t]!));
      out.push({ period: periods[t]!, dimension: cells[c]!.dimension, value: cells[c]!.value, counts });
    }
  }
  return out;
}

const clamp = (v: number, lower: number, upper: number) => Math.min(upper, Math.max(lower, v));

/** 32 bits of HMAC-SHA256 of the series' name under the database's key. */
function seedOf(key: string, name: string): number {
  return createHmac('sha256', key).update(name).digest().readUInt32BE(0);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A well-mixed 32-bit draw from a series' seed and a period (murmur3's finaliser). */
function mix(seed: number, period: number): number {
  let h = (seed ^ Math.imul(period, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Errors of one dimension's cells, each within its bounds, adding up to the total's: start from
 * each cell's own draw and move cells one step at a time, in draw order, until the sum fits.
 * Possible because the total was chosen between the sums of the lower and of the upper bounds.
 */
function splitTotal(
  target: number,
  list: readonly number[],
  lower: Int8Array,
  upper: Int8Array,
  values: Int8Array,
  draw: (c: number) => number,
  into: Int8Array,
): void {
  let gap = target;
  for (const c of list) {
    values[c] = clamp((draw(c) % 3) - 1, lower[c]!, upper[c]!);
    gap -= values[c]!;
  }
  if (gap !== 0) {
    const byRank = [...list].sort((a, b) => (draw(a) >>> 8) - (draw(b) >>> 8));
    while (gap !== 0) {
      const step = Math.sign(gap);
      const c = byRank.find((j) => (step > 0 ? values[j]! < upper[j]! : values[j]! > lower[j]!));
      if (c === undefined) throw new Error('disclosure: no consistent split of a total (a bound was violated)');
      values[c] = values[c]! + step;
      gap -= step;
    }
  }
  for (const c of list) into[c] = values[c]!;
}
