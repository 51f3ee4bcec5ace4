/**
 * From aggregated figures to the rows of GET /api/series: estimates with their intervals,
 * disclosure control for viewers, the neighbours' median, benchmarks and SPC. Pure functions over
 * what the queries returned; the statistics themselves are server/statistics/.
 */
import { benchmark, type Verdict } from '../statistics/benchmark.js';
import { proportionEstimate, rateEstimate, type EstimateResult } from '../statistics/intervals.js';
import type { Polarity } from '../statistics/polarity.js';
import type { SpcRule, SpcType } from '../statistics/spc.js';
import { xmrInPhases } from '../statistics/spc-phases.js';
import { suppressBreakdown, suppressRow, type EstimateRow, type SuppressionOptions } from '../statistics/suppression.js';
import type { Stat } from './catalogue.js';

/** Which line of the chart a figure belongs to. */
export type SeriesRole = 'area' | 'england' | 'region' | 'neighbour';

/** One aggregated figure, before any statistic: what the queries hand over. */
export interface Figure {
  role: SeriesRole;
  /** The code shown in the row; a neighbour's own code (rows show their median as `neighbours`). */
  areaCode: string;
  period: string;
  /** Position in time; consecutive periods differ by 1 where the period type has a regular step. */
  order: number | null;
  breakdown: string | null;
  numerator: number | null;
  /** Population (rate) or the count the numerator is part of (proportion); null for counts. */
  denominator: number | null;
  /** A published symbol standing in for the number (official statistics). */
  symbol: string | null;
  /** Local, unpublished counts: subject to disclosure control for viewers. */
  disclosive: boolean;
}

export interface SpcReading {
  mean: number;
  lower: number | null;
  upper: number | null;
  rule: SpcRule;
  type: SpcType;
  /** Fewer than 13 points: trial limits, to be read with care. */
  trial: boolean;
}

/** A row of the contract, exactly. */
export interface SeriesRow extends EstimateRow {
  period: string;
  area_code: string;
  breakdown: string | null;
  suppressed: boolean;
  benchmark: Verdict | null;
  spc: SpcReading | null;
}

export const NEIGHBOURS_CODE = 'neighbours';
/** A median of fewer neighbours than this says too little about the group to compare with. */
const MIN_NEIGHBOURS = 3;

export interface RowOptions {
  stat: Stat;
  polarity: Polarity;
  /** Apply disclosure control (viewers). */
  suppress: boolean;
  suppression?: SuppressionOptions;
  /** The comparator each area row is judged against, if any. */
  compare: Exclude<SeriesRole, 'area'> | null;
  /** SPC on the area's rows (not on rolling windows: overlapping years are not independent). */
  spc: boolean;
  /**
   * Periods where the process may have changed (a linked action's completion, a date the user
   * chose): new SPC limits begin at each one that a sustained shift follows.
   */
  spcChanges?: readonly string[];
}

interface Working {
  figure: Figure;
  row: SeriesRow;
}

export function buildRows(figures: readonly Figure[], options: RowOptions): SeriesRow[] {
  return buildRowsCounting(figures, options).rows;
}

/** The rows, and per period and cell how many neighbours had a value to take the median of. */
export function buildRowsCounting(figures: readonly Figure[], options: RowOptions): { rows: SeriesRow[]; neighbourValues: Map<string, number> } {
  let working: Working[] = figures.map((figure) => ({ figure, row: estimateRow(figure, options.stat) }));
  if (options.suppress) working = suppress(working, options);
  const areaRows = working.filter((w) => w.figure.role === 'area');
  const comparators = working.filter((w) => w.figure.role !== 'area' && w.figure.role !== 'neighbour');
  const neighbourValues = new Map<string, number>();
  const neighbours = neighbourMedians(working.filter((w) => w.figure.role === 'neighbour'), neighbourValues);

  if (options.compare) {
    const against = options.compare === 'neighbour' ? neighbours : comparators.filter((w) => w.figure.role === options.compare);
    const byKey = new Map(against.map((w) => [cellKey(w.figure), w.row.value]));
    const judged = options.stat === 'rate' || options.stat === 'proportion';
    for (const w of areaRows) {
      const comparator = byKey.get(cellKey(w.figure)) ?? null;
      w.row.benchmark = judged ? benchmark(w.row, comparator, options.polarity).verdict95 : null;
    }
  }
  if (options.spc) addSpc(areaRows, options);
  const ordered = (ws: Working[]) => [...ws].sort(byTime);
  return { rows: [...ordered(areaRows), ...ordered(comparators), ...ordered(neighbours)].map((w) => w.row), neighbourValues };
}

function estimateRow(f: Figure, stat: Stat): SeriesRow {
  const estimate = estimateOf(f, stat);
  return {
    period: f.period,
    area_code: f.areaCode,
    breakdown: f.breakdown,
    numerator: f.numerator,
    denominator: stat === 'count' || stat === 'value' ? null : f.denominator,
    value: estimate?.value ?? null,
    lower95: estimate?.lower95 ?? null,
    upper95: estimate?.upper95 ?? null,
    lower998: estimate?.lower998 ?? null,
    upper998: estimate?.upper998 ?? null,
    suppressed: f.symbol === 'c',
    benchmark: null,
    spc: null,
  };
}

type Estimated = Pick<EstimateResult, 'value' | 'lower95' | 'upper95' | 'lower998' | 'upper998'>;

function estimateOf(f: Figure, stat: Stat): Estimated | null {
  const x = f.numerator;
  if (x === null) return null;
  switch (stat) {
    case 'value':
      return { value: x, lower95: null, upper95: null, lower998: null, upper998: null };
    case 'count':
      // The count with its Poisson interval: a rate per 1 of a population of 1.
      return x >= 0 ? rateEstimate(x, 1, 1) : null;
    case 'rate':
      return f.denominator === null || x < 0 ? null : rateEstimate(x, f.denominator);
    case 'proportion': {
      if (f.denominator === null || x < 0 || x > f.denominator) return null;
      const p = proportionEstimate(x, f.denominator);
      if (p.value === null) return p;
      return { value: p.value * 100, lower95: p.lower95 * 100, upper95: p.upper95 * 100, lower998: p.lower998 * 100, upper998: p.upper998 * 100 };
    }
  }
}

/**
 * Viewers: small counts hidden (primary), then within each breakdown of an area and period the
 * next smallest count too where one alone is hidden (secondary), so that none can be worked out
 * from the published total. A share also publishes its denominator, so its complement
 * (denominator − numerator) is protected the same way.
 */
function suppress(working: Working[], options: RowOptions): Working[] {
  const groups = new Map<string, Working[]>();
  for (const w of working) {
    if (!w.figure.disclosive) continue;
    const key = `${w.figure.areaCode}|${w.figure.period}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  const hidden = new Set<Working>();
  for (const cells of groups.values()) {
    const counted = cells.filter((w) => w.figure.numerator !== null && w.figure.numerator >= 0);
    const counts = counted.map((w) => Math.round(w.figure.numerator!));
    const marks = suppressBreakdown({ cells: counts, total: counted.length > 1 ? counts.reduce((a, b) => a + b, 0) : null }, options.suppression).cells;
    counted.forEach((w, i) => {
      if (marks[i] !== 'none') hidden.add(w);
    });
  }
  return working.map((w) => {
    if (!w.figure.disclosive) return w;
    const published = suppressRow(w.row, { ...options.suppression, secondary: hidden.has(w) || complementHidden(w.figure, options) });
    return { figure: w.figure, row: { ...published, suppressed: published.suppressed || w.row.suppressed } };
  });
}

/** A share publishes its denominator too, so denominator − numerator must not be a small count. */
function complementHidden(f: Figure, options: RowOptions): boolean {
  if (options.stat !== 'proportion' || f.numerator === null || f.denominator === null) return false;
  const x = Math.round(f.numerator);
  const n = Math.round(f.denominator);
  return suppressBreakdown({ cells: [x, Math.max(0, n - x)], total: n }, options.suppression).cells.some((m) => m !== 'none');
}

/** DfE's neighbour benchmark: the median of the neighbours' values, per period and cell. */
function neighbourMedians(neighbours: Working[], counted: Map<string, number>): Working[] {
  const cells = new Map<string, Working[]>();
  for (const w of neighbours) cells.set(cellKey(w.figure), [...(cells.get(cellKey(w.figure)) ?? []), w]);
  const out: Working[] = [];
  for (const [key, ws] of cells) {
    const values = ws.map((w) => w.row.value).filter((v): v is number => v !== null);
    counted.set(key, values.length);
    if (values.length < MIN_NEIGHBOURS) continue;
    const first = ws[0]!.figure;
    const figure: Figure = { ...first, areaCode: NEIGHBOURS_CODE, numerator: null, denominator: null, symbol: null };
    out.push({
      figure,
      row: {
        period: first.period,
        area_code: NEIGHBOURS_CODE,
        breakdown: first.breakdown,
        numerator: null,
        denominator: null,
        value: median(values),
        lower95: null,
        upper95: null,
        lower998: null,
        upper998: null,
        suppressed: false,
        benchmark: null,
        spc: null,
      },
    });
  }
  return out;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * XmR per breakdown cell over the area's published values in time order. Missing periods are
 * gaps (null), so a moving range never spans one; suppressed values are gaps too, so limits never
 * leak a hidden figure.
 */
function addSpc(areaRows: Working[], options: RowOptions): void {
  const changes = new Set(options.spcChanges ?? []);
  // The range the measure can take, so that limits never show a negative count or a share over 100%.
  const bounds = options.stat === 'proportion' ? { lower: 0, upper: 100 } : options.stat === 'value' ? undefined : { lower: 0, upper: null };
  const series = new Map<string, Working[]>();
  for (const w of areaRows) series.set(w.figure.breakdown ?? '', [...(series.get(w.figure.breakdown ?? '') ?? []), w]);
  for (const ws of series.values()) {
    ws.sort(byTime);
    const slots: (Working | null)[] = [];
    ws.forEach((w, i) => {
      const previous = ws[i - 1]?.figure.order;
      const order = w.figure.order;
      if (i > 0 && previous !== null && previous !== undefined && order !== null) {
        for (let gap = previous + 1; gap < order; gap++) slots.push(null);
      }
      slots.push(w);
    });
    const cuts = slots.flatMap((w, i) => (w !== null && changes.has(w.figure.period) ? [i] : []));
    const result = xmrInPhases(slots.map((w) => w?.row.value ?? null), cuts, { polarity: options.polarity, ...(bounds ? { bounds } : {}) });
    slots.forEach((w, i) => {
      const p = result.points[i];
      if (w && p) w.row.spc = { mean: p.mean, lower: p.lower, upper: p.upper, rule: p.rule, type: p.type, trial: p.trial };
    });
  }
}

export function cellKey(f: Pick<Figure, 'period' | 'breakdown'>): string {
  return `${f.period}|${f.breakdown ?? ''}`;
}

function byTime(a: Working, b: Working): number {
  const oa = a.figure.order;
  const ob = b.figure.order;
  if (oa !== null && ob !== null && oa !== ob) return oa - ob;
  if (a.figure.period !== b.figure.period) return a.figure.period < b.figure.period ? -1 : 1;
  return (a.figure.breakdown ?? '').localeCompare(b.figure.breakdown ?? '');
}
