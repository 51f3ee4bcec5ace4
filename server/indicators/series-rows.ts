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
import type { EstimateRow } from '../statistics/estimate-row.js';
import type { Stat } from './catalogue.js';
import { isHiddenCount, type DisclosurePolicy } from './disclosure-policy.js';

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
  /** Counts from the published (perturbed) layer: small ones are shown as `c`. */
  protected: boolean;
  /** The largest difference there can be between a count of this figure and the truth. */
  maxChange: number;
}

/** How a row's figures were protected (contracts.md). */
export type Protection = 'none' | 'suppressed' | 'perturbed';

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
  protection: Protection;
  /** The largest difference there can be between a count in this row and the true count. */
  max_change: number;
  benchmark: Verdict | null;
  spc: SpcReading | null;
}

export const NEIGHBOURS_CODE = 'neighbours';
/** A median of fewer neighbours than this says too little about the group to compare with. */
const MIN_NEIGHBOURS = 3;

export interface RowOptions {
  stat: Stat;
  polarity: Polarity;
  disclosure: DisclosurePolicy;
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
  const working: Working[] = figures.map((figure) => ({ figure, row: publishedRow(figure, options) }));
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

/**
 * A protected figure's published counts are shown unless one of them (the numerator, or a share's
 * denominator) is from 1 to below the threshold: then the row is `c`, value and intervals too.
 */
function publishedRow(f: Figure, options: RowOptions): SeriesRow {
  const row = estimateRow(f, options.stat);
  if (!f.protected) return row;
  const counts = [f.numerator, options.stat === 'proportion' ? f.denominator : null];
  const hidden = counts.some((x) => x !== null && isHiddenCount(Math.round(x), options.disclosure));
  if (!hidden) return { ...row, protection: 'perturbed', max_change: f.maxChange };
  return {
    ...row,
    numerator: null,
    denominator: options.stat === 'rate' ? row.denominator : null,
    value: null,
    lower95: null,
    upper95: null,
    lower998: null,
    upper998: null,
    suppressed: true,
    protection: 'suppressed',
    max_change: f.maxChange,
  };
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
    protection: f.symbol === 'c' ? 'suppressed' : 'none',
    max_change: 0,
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
        protection: ws.some((w) => w.row.protection !== 'none') ? 'perturbed' : 'none',
        max_change: Math.max(...ws.map((w) => w.row.max_change)),
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
