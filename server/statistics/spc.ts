// Making Data Count XmR charts: limits from the average moving range, and the four special-cause
// rules that NHS boards read. See design/statistics.md for the worked example this reproduces.
import { judge, type Polarity } from './polarity.js';

/** Scaling constants of the XmR chart (3 sigma ≈ 2.66 × AmR for moving ranges of two). */
const LIMIT_FACTOR = 2.66;
/** Two thirds of the way to the limits (2 sigma), the 1.7733 of the design note. */
const NEAR_FACTOR = (LIMIT_FACTOR * 2) / 3;
/** Moving ranges this many times the average are outliers and are left out of AmR. */
const SCREEN_FACTOR = 3.267;
/** Fewer baseline points than this give trial limits. */
const MIN_POINTS = 13;
const TREND_POINTS = 7;
const RUN_POINTS = 7;
const TWO_OF_THREE = 3;

/** The special-cause rule a point triggers, highest precedence first; 'none' for common cause. */
export type SpcRule = 'outside_limits' | 'trend' | 'two_of_three' | 'run' | 'none';
export type SpcType = 'improvement' | 'concern' | 'neutral' | 'common_cause';

/**
 * A point's reading, the `spc` object of the API rows. `lower`/`upper` are null when the baseline
 * has no moving range (a single value, or values never in adjacent periods).
 */
export interface SpcPoint {
  mean: number;
  lower: number | null;
  upper: number | null;
  rule: SpcRule;
  type: SpcType;
  trial: boolean;
}

/**
 * Limits are computed from the first `points` values of each segment, or from the values at
 * indices `start` (inclusive) to `end` (exclusive, like `Array.prototype.slice`), which must lie in
 * one segment; the other segments then use all their values.
 */
export type Baseline = { points: number } | { start: number; end: number };

export interface SpcOptions {
  polarity?: Polarity;
  baseline?: Baseline;
  /** Indices at which new limits begin (for example the first period after an action completed). */
  rebaseAt?: readonly number[];
  /**
   * The range the measure can take (a percentage 0 to 100, a count or rate 0 and up): limits beyond
   * it are shown at it. The rules read the same either way, since no value lies beyond it.
   */
  bounds?: { lower: number | null; upper: number | null };
}

/** One stretch of the series with its own limits; `start`/`end` are input indices, end exclusive. */
export interface SpcSegment {
  start: number;
  end: number;
  /** How many values the limits were computed from. */
  baselinePoints: number;
  mean: number | null;
  amr: number | null;
  lower: number | null;
  upper: number | null;
  nearLower: number | null;
  nearUpper: number | null;
  trial: boolean;
}

export interface SpcResult {
  /** One entry per input value, null where the value is null. */
  points: (SpcPoint | null)[];
  segments: SpcSegment[];
}

type Direction = 'up' | 'down';

interface Signal {
  rule: SpcRule;
  direction: Direction | null;
}

interface Limits {
  mean: number;
  amr: number | null;
  lower: number | null;
  upper: number | null;
  nearLower: number | null;
  nearUpper: number | null;
}

/**
 * XmR analysis of a series in time order.
 *
 * Null values are missing periods: they get no reading and are skipped by the rules, so a run or a
 * trend continues across a gap. A moving range is only taken between values of adjacent periods,
 * because a range across a gap spans two intervals and would inflate AmR.
 *
 * A trend is 7 points (6 consecutive strict rises or falls), as in Making Data Count; a repeated
 * value breaks it. It is read as improvement or concern by its direction, not by its side of the
 * mean, so a rising trend that starts below the mean is still a rise.
 */
export function xmr(values: readonly (number | null)[], options: SpcOptions = {}): SpcResult {
  for (const v of values) {
    if (v !== null && !Number.isFinite(v)) throw new RangeError(`SPC needs finite values, got ${v}`);
  }
  const polarity = options.polarity ?? 'none';
  const bounds = segmentBounds(values.length, options.rebaseAt ?? []);
  if (options.baseline && 'start' in options.baseline) checkBaselineRange(options.baseline, bounds);

  const points: (SpcPoint | null)[] = values.map(() => null);
  const segments = bounds.map(([start, end]): SpcSegment => {
    const observed = indicesWithValues(values, start, end);
    const baseline = baselineIndices(observed, [start, end], options.baseline);
    if (baseline.length === 0 && observed.length > 0) {
      throw new RangeError(`the baseline of the segment starting at ${start} has no values`);
    }
    const limits = baseline.length === 0 ? null : clampLimits(computeLimits(values, baseline), options.bounds);
    const trial = baseline.length < MIN_POINTS;
    if (limits) {
      const ys = observed.map((i) => values[i] as number);
      classify(ys, limits).forEach((signal, k) => {
        points[observed[k] as number] = {
          mean: limits.mean,
          lower: limits.lower,
          upper: limits.upper,
          rule: signal.rule,
          type: typeOf(signal, polarity),
          trial,
        };
      });
    }
    return {
      start,
      end,
      baselinePoints: baseline.length,
      mean: limits?.mean ?? null,
      amr: limits?.amr ?? null,
      lower: limits?.lower ?? null,
      upper: limits?.upper ?? null,
      nearLower: limits?.nearLower ?? null,
      nearUpper: limits?.nearUpper ?? null,
      trial,
    };
  });
  return { points, segments };
}

/**
 * Re-basing at 0 or at the length is accepted and changes nothing, so a caller can pass the index
 * of a date that falls before or after the series. An empty series has no segments.
 */
function segmentBounds(length: number, rebaseAt: readonly number[]): [number, number][] {
  for (const i of rebaseAt) {
    if (!Number.isInteger(i) || i < 0 || i > length) {
      throw new RangeError(`cannot re-base at index ${i} of a series of ${length}`);
    }
  }
  const cuts = [...new Set([0, ...rebaseAt, length])].sort((a, b) => a - b);
  const bounds: [number, number][] = [];
  for (let k = 1; k < cuts.length; k++) bounds.push([cuts[k - 1] as number, cuts[k] as number]);
  return bounds;
}

function checkBaselineRange(range: { start: number; end: number }, bounds: [number, number][]): void {
  const { start, end } = range;
  const valid = Number.isInteger(start) && Number.isInteger(end) && start < end;
  if (!valid || !bounds.some(([s, e]) => start >= s && end <= e)) {
    throw new RangeError(`baseline ${start}..${end} must be a non-empty range inside one segment`);
  }
}

function indicesWithValues(values: readonly (number | null)[], start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) if (values[i] !== null) out.push(i);
  return out;
}

function baselineIndices(observed: number[], segment: [number, number], baseline: Baseline | undefined): number[] {
  if (!baseline) return observed;
  if ('points' in baseline) {
    if (!Number.isInteger(baseline.points) || baseline.points < 1) {
      throw new RangeError(`a baseline needs at least one point, got ${baseline.points}`);
    }
    return observed.slice(0, baseline.points);
  }
  const { start, end } = baseline;
  const inThisSegment = start >= segment[0] && end <= segment[1];
  return inThisSegment ? observed.filter((i) => i >= start && i < end) : observed;
}

function computeLimits(values: readonly (number | null)[], baseline: number[]): Limits {
  const mean = average(baseline.map((i) => values[i] as number));
  const ranges: number[] = [];
  for (let k = 1; k < baseline.length; k++) {
    const i = baseline[k] as number;
    const previous = baseline[k - 1] as number;
    if (i === previous + 1) ranges.push(Math.abs((values[i] as number) - (values[previous] as number)));
  }
  if (ranges.length === 0) {
    return { mean, amr: null, lower: null, upper: null, nearLower: null, nearUpper: null };
  }
  const first = average(ranges);
  // With AmR = 0 every range would be "at least 3.267 × AmR"; nothing is unusual, so keep them all.
  const amr = first > 0 ? average(ranges.filter((r) => r < SCREEN_FACTOR * first)) : first;
  return {
    mean,
    amr,
    lower: mean - LIMIT_FACTOR * amr,
    upper: mean + LIMIT_FACTOR * amr,
    nearLower: mean - NEAR_FACTOR * amr,
    nearUpper: mean + NEAR_FACTOR * amr,
  };
}

function clampLimits(limits: Limits, bounds: SpcOptions['bounds']): Limits {
  if (!bounds) return limits;
  const clamp = (v: number | null) => {
    if (v === null) return null;
    const above = bounds.lower === null ? v : Math.max(bounds.lower, v);
    return bounds.upper === null ? above : Math.min(bounds.upper, above);
  };
  return { ...limits, lower: clamp(limits.lower), upper: clamp(limits.upper), nearLower: clamp(limits.nearLower), nearUpper: clamp(limits.nearUpper) };
}

/** Applies the rules lowest precedence first, so that a stronger rule overwrites a weaker one. */
function classify(ys: number[], limits: Limits): Signal[] {
  const signals: Signal[] = ys.map(() => ({ rule: 'none', direction: null }));
  const mark = (k: number, rule: SpcRule, direction: Direction): void => {
    signals[k] = { rule, direction };
  };
  const side = (y: number): Direction | null => (y > limits.mean ? 'up' : y < limits.mean ? 'down' : null);

  for (const { from, to, direction } of stretches(ys.map(side), RUN_POINTS)) {
    for (let k = from; k < to; k++) mark(k, 'run', direction);
  }

  const { nearLower, nearUpper, lower, upper } = limits;
  if (nearLower !== null && nearUpper !== null) {
    const beyondNear = (y: number, d: Direction): boolean => (d === 'up' ? y > nearUpper : y < nearLower);
    for (let k = TWO_OF_THREE - 1; k < ys.length; k++) {
      const window = ys.slice(k - TWO_OF_THREE + 1, k + 1);
      const d = side(window[0] as number);
      if (d === null || !window.every((y) => side(y) === d)) continue;
      if (window.filter((y) => beyondNear(y, d)).length < 2) continue;
      // Only the points beyond the near limits are unusual; the third merely stays on their side.
      window.forEach((y, j) => {
        if (beyondNear(y, d)) mark(k - TWO_OF_THREE + 1 + j, 'two_of_three', d);
      });
    }
  }

  // steps[k] is the move from point k − 1 to point k, so 6 like steps span 7 points.
  const steps = ys.map((y, k): Direction | null => {
    const previous = ys[k - 1];
    if (previous === undefined || y === previous) return null;
    return y > previous ? 'up' : 'down';
  });
  for (const { from, to, direction } of stretches(steps, TREND_POINTS - 1)) {
    // A turning point ends one trend and starts the opposite one; it keeps the trend it completes.
    const start = signals[from - 1]?.rule === 'trend' ? from : from - 1;
    for (let k = start; k < to; k++) mark(k, 'trend', direction);
  }

  if (lower !== null && upper !== null) {
    ys.forEach((y, k) => {
      if (y > upper) mark(k, 'outside_limits', 'up');
      else if (y < lower) mark(k, 'outside_limits', 'down');
    });
  }
  return signals;
}

/** Maximal stretches (`to` exclusive) of at least `min` equal, non-null entries. */
function stretches(
  entries: (Direction | null)[],
  min: number,
): { from: number; to: number; direction: Direction }[] {
  const found: { from: number; to: number; direction: Direction }[] = [];
  let from = 0;
  for (let k = 1; k <= entries.length; k++) {
    if (k < entries.length && entries[k] === entries[from]) continue;
    const direction = entries[from];
    if (direction && k - from >= min) found.push({ from, to: k, direction });
    from = k;
  }
  return found;
}

function typeOf(signal: Signal, polarity: Polarity): SpcType {
  if (signal.rule === 'none' || signal.direction === null) return 'common_cause';
  switch (judge(signal.direction, polarity)) {
    case 'good':
      return 'improvement';
    case 'bad':
      return 'concern';
    case 'neutral':
      return 'neutral';
  }
}

function average(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
