// Confidence intervals for rates and proportions, as Fingertips and PHEindicatormethods compute
// them, so that our figures agree with the ones boards already see (see design/statistics.md).
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

/** Normal quantiles for two-sided 95% and 99.8% intervals, to the precision Fingertips uses. */
export const Z95 = 1.959964;
export const Z998 = 3.090232;

const LEVELS = [
  { z: Z95, coverage: 0.95 },
  { z: Z998, coverage: 0.998 },
] as const;

/** Below this count a rate's interval is exact Poisson; from it, Byar's approximation. */
const BYAR_FROM = 10;

/** A figure with its 95% and 99.8% confidence intervals. */
export interface Estimate {
  value: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/**
 * What is returned when the denominator is zero: there is nothing to estimate, and callers render
 * "no denominator" instead of a misleading 0 or an Infinity.
 */
export interface NoEstimate {
  value: null;
  lower95: null;
  upper95: null;
  lower998: null;
  upper998: null;
  reason: 'no_denominator';
}

/** Narrow on `value === null` (or on `'reason' in result`). */
export type EstimateResult = Estimate | NoEstimate;

const NO_DENOMINATOR: NoEstimate = {
  value: null,
  lower95: null,
  upper95: null,
  lower998: null,
  upper998: null,
  reason: 'no_denominator',
};

interface Bounds {
  lower: number;
  upper: number;
}

/**
 * A rate per `per` (default 10,000) of `population`, with exact Poisson limits for counts under 10
 * and Byar's limits from 10. Counts need not be whole (imported statistics may be averages), but
 * must be finite and non-negative. A population of 0 gives a {@link NoEstimate}.
 */
export function rateEstimate(count: number, population: number, per = 10_000): EstimateResult {
  requireNonNegative('count', count);
  requireNonNegative('population', population);
  if (!(Number.isFinite(per) && per > 0)) throw new RangeError(`per must be positive, got ${per}`);
  if (population === 0) return NO_DENOMINATOR;

  const scale = per / population;
  const [b95, b998] = LEVELS.map(({ z, coverage }) =>
    count < BYAR_FROM ? exactPoisson(count, coverage) : byar(count, z),
  ) as [Bounds, Bounds];
  return {
    value: count * scale,
    lower95: b95.lower * scale,
    upper95: b95.upper * scale,
    lower998: b998.lower * scale,
    upper998: b998.upper * scale,
  };
}

/**
 * A proportion (0..1) of `x` out of `n` with Wilson score limits. `x` must lie in 0..n; an `n` of 0
 * gives a {@link NoEstimate}.
 */
export function proportionEstimate(x: number, n: number): EstimateResult {
  requireNonNegative('x', x);
  requireNonNegative('n', n);
  if (x > n) throw new RangeError(`x (${x}) exceeds n (${n})`);
  if (n === 0) return NO_DENOMINATOR;

  const [b95, b998] = LEVELS.map(({ z }) => wilson(x, n, z)) as [Bounds, Bounds];
  return {
    value: x / n,
    lower95: b95.lower,
    upper95: b95.upper,
    lower998: b998.lower,
    upper998: b998.upper,
  };
}

function exactPoisson(x: number, coverage: number): Bounds {
  const tail = (1 - coverage) / 2;
  return {
    // For x = 0 this asks for 0 degrees of freedom, which stdlib treats as the point mass at 0:
    // the lower limit of 0 that the design defines (the count-0 test holds it to that).
    lower: chisquareQuantile(tail, 2 * x) / 2,
    upper: chisquareQuantile(coverage + tail, 2 * x + 2) / 2,
  };
}

function byar(x: number, z: number): Bounds {
  const y = x + 1;
  return {
    lower: x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3,
    upper: y * (1 - 1 / (9 * y) + z / (3 * Math.sqrt(y))) ** 3,
  };
}

function wilson(x: number, n: number, z: number): Bounds {
  const z2 = z * z;
  const centre = 2 * x + z2;
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  const denominator = 2 * (n + z2);
  return {
    lower: (centre - spread) / denominator,
    // At x = n the upper limit is 1 in theory, but the sum leaves rounding dust (40 of 40 gives
    // 1.0000000000000002), and a proportion above 1 would look like a bug on a chart.
    upper: x === n ? 1 : (centre + spread) / denominator,
  };
}

function requireNonNegative(name: string, v: number): void {
  if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${name} must be a finite number >= 0, got ${v}`);
}
