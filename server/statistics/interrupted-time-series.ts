// Interrupted time series: did a quarterly series change at a known date? Segmented regression as
// public-health evaluation does it (Bernal, Cummins & Gasparrini, IJE 2017): a level and a trend,
// a step at the first quarter after, a change of slope from there, quarter-of-year terms where
// there are 12 or more quarters before. Counts and rates: Poisson with log(population) as
// offset; shares: binomial; both with a quasi-likelihood dispersion, because quarterly CSE figures
// vary more than Poisson or binomial noise. The quarter holding the date (the transition) is left
// out: part of it came before the action and part after.
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

import { fitGlm, type GlmFamily } from './glm.js';

/** Cochrane EPOC's minimum for an interrupted time series: 3 points before and 3 after. */
export const MIN_POINTS_EACH_SIDE = 3;
/** Quarters before from which quarter-of-year terms are estimable with some precision (3 years). */
export const SEASONAL_FROM = 12;
/** The power a "could have detected" size is worked out for. */
const POWER = 0.8;

export type ItsScale =
  /** Counts with a population: a rate per `per` of it (per 10,000 children). */
  | { kind: 'rate'; per: number }
  /** Counts with no population. */
  | { kind: 'count' }
  /** Numerator of denominator, shown as a percentage. */
  | { kind: 'share' };

export interface ItsPoint {
  /** Quarters from the transition quarter (negative before, positive after; 0 is left out). */
  t: number;
  /** 1 to 4: quarter of the year, for the seasonal terms. */
  quarter: number;
  numerator: number;
  /** Population (rates), trials (shares); ignored for counts. */
  denominator: number | null;
}

export interface Interval {
  estimate: number;
  lower95: number;
  upper95: number;
}

export interface ItsCurvePoint {
  t: number;
  value: number;
  lower95: number;
  upper95: number;
}

export interface ItsResult {
  family: GlmFamily;
  before_n: number;
  after_n: number;
  seasonal: boolean;
  /** The verdict model's quasi-likelihood dispersion, Pearson χ²/df, as R's quasipoisson estimates it (below 1 too: bench/impact-calibration.ts shows the intervals keep their level). */
  dispersion: number;
  df: number;
  /** exp(step coefficient): the rate ratio (counts, rates) or odds ratio (shares) at the first quarter after. */
  step_ratio: Interval;
  /** The step of the full segmented model, which also lets the slope change. */
  step_ratio_with_slope_change: Interval;
  /** The step in the indicator's own unit at the first quarter after: model with the step minus the counterfactual. */
  step: Interval;
  /** exp(slope-change coefficient): how much faster (> 1) or slower the series grows each quarter after. */
  slope_change_ratio: Interval;
  /** The smallest step (in the indicator's unit, either way) the fit would detect 80% of the time at the 5% level. */
  detectable_step: number;
  /** Level, trend and season without the step, carried over the quarters after, with its 95% band. */
  counterfactual: ItsCurvePoint[];
}

/**
 * Two fits of the same quarters. The verdict's model is level + trend + step (+ season): the change
 * the plans hope for is a step ("more children spotted"), chosen before looking, and with a trend
 * to estimate from a few quarters each side a change of slope in the same model costs power to see
 * the step, most in short series (bench/impact-calibration.ts measures both). The full segmented model
 * (level, trend, step, change of slope) gives the change of slope, and its own step for reference.
 *
 * Null when there are fewer than 3 usable quarters either side, or the model cannot be fitted
 * (counts all zero, a share of 0% or 100% throughout): say so rather than guess.
 */
export function interruptedTimeSeries(points: readonly ItsPoint[], scale: ItsScale): ItsResult | null {
  const usable = points.filter((p) => p.t !== 0 && Number.isFinite(p.numerator) && p.numerator >= 0 && hasDenominator(p, scale));
  const before = usable.filter((p) => p.t < 0);
  const after = usable.filter((p) => p.t > 0).sort((a, b) => a.t - b.t);
  if (before.length < MIN_POINTS_EACH_SIDE || after.length < MIN_POINTS_EACH_SIDE) return null;
  // A side with no events (or, for a share, nothing but events) puts the step at ±infinity.
  if (!before.some((p) => p.numerator > 0) || !after.some((p) => p.numerator > 0)) return null;
  if (scale.kind === 'share' && (before.every((p) => p.numerator === p.denominator) || after.every((p) => p.numerator === p.denominator))) return null;
  const seasonal = before.length >= SEASONAL_FROM;
  const family: GlmFamily = scale.kind === 'share' ? 'binomial' : 'poisson';
  const stepModel = fitSegments(usable, scale, family, { seasonal, slopeChange: false });
  const fullModel = fitSegments(usable, scale, family, { seasonal, slopeChange: true });
  if (stepModel === null || fullModel === null) return null;

  const toUnit = (eta: number) => (scale.kind === 'share' ? 100 / (1 + Math.exp(-eta)) : Math.exp(eta));
  const { critical, se } = stepModel;
  // The step in the unit: at the first quarter after, the counterfactual moved by the step coefficient.
  const first = after[0] as ItsPoint;
  const cfEta = stepModel.linear(stepModel.row(first, false));
  const stepAt = (coefficient: number) => toUnit(cfEta + coefficient) - toUnit(cfEta);
  const beta = stepModel.beta[STEP]!;
  const detectable = (critical + normalQuantile(POWER, 0, 1)) * se(STEP);

  const tAfter = Math.max(...after.map((p) => p.t));
  const counterfactual: ItsCurvePoint[] = [];
  for (let t = 0; t <= tAfter; t++) {
    const x = stepModel.row({ t, quarter: quarterAt(first, t) }, false);
    const eta = stepModel.linear(x);
    const band = critical * Math.sqrt(stepModel.variance(x));
    counterfactual.push({ t, value: toUnit(eta), lower95: toUnit(eta - band), upper95: toUnit(eta + band) });
  }
  return {
    family,
    before_n: before.length,
    after_n: after.length,
    seasonal,
    dispersion: stepModel.dispersion,
    df: stepModel.df,
    step_ratio: stepModel.ratio(STEP),
    step: { estimate: stepAt(beta), lower95: stepAt(beta - critical * se(STEP)), upper95: stepAt(beta + critical * se(STEP)) },
    step_ratio_with_slope_change: fullModel.ratio(STEP),
    slope_change_ratio: fullModel.ratio(SLOPE_CHANGE),
    detectable_step: Math.min(Math.abs(stepAt(detectable)), Math.abs(stepAt(-detectable))),
    counterfactual,
  };
}

/** Columns: intercept, time, step, [time since the first quarter after], then quarters 2–4 of the year. */
const STEP = 2;
const SLOPE_CHANGE = 3;

interface Terms {
  seasonal: boolean;
  slopeChange: boolean;
}

function fitSegments(points: readonly ItsPoint[], scale: ItsScale, family: GlmFamily, terms: Terms) {
  const row = (p: { t: number; quarter: number }, effect: boolean): number[] => designRow(p, terms, effect);
  const fit = fitGlm({
    family,
    x: points.map((p) => row(p, true)),
    y: points.map((p) => p.numerator),
    ...(scale.kind === 'share' ? { trials: points.map((p) => p.denominator as number) } : {}),
    ...(scale.kind === 'rate' ? { offset: points.map((p) => Math.log((p.denominator as number) / scale.per)) } : {}),
  });
  if (fit === null || fit.dfResidual < 1) return null;
  const dispersion = fit.dispersion;
  const critical = tQuantile(0.975, fit.dfResidual);
  const V = fit.unscaledCovariance.map((r) => r.map((v) => v * dispersion));
  const beta = fit.coefficients;
  const se = (k: number) => Math.sqrt(V[k]![k]!);
  return {
    beta,
    dispersion,
    df: fit.dfResidual,
    critical,
    se,
    row,
    linear: (x: readonly number[]) => x.reduce((sum, xi, i) => sum + xi * beta[i]!, 0),
    variance: (x: readonly number[]) => x.reduce((sum, xi, i) => sum + xi * x.reduce((s, xj, j) => s + xj * V[i]![j]!, 0), 0),
    ratio: (k: number): Interval => ({
      estimate: Math.exp(beta[k]!),
      lower95: Math.exp(beta[k]! - critical * se(k)),
      upper95: Math.exp(beta[k]! + critical * se(k)),
    }),
  };
}

function designRow(p: { t: number; quarter: number }, terms: Terms, effect: boolean): number[] {
  const after = effect && p.t > 0 ? 1 : 0;
  const row = [1, p.t, after];
  if (terms.slopeChange) row.push(after * (p.t - 1));
  if (terms.seasonal) row.push(p.quarter === 2 ? 1 : 0, p.quarter === 3 ? 1 : 0, p.quarter === 4 ? 1 : 0);
  return row;
}

function quarterAt(known: { t: number; quarter: number }, t: number): number {
  return ((((known.quarter - 1 + t - known.t) % 4) + 4) % 4) + 1;
}

function hasDenominator(p: ItsPoint, scale: ItsScale): boolean {
  if (scale.kind === 'count') return true;
  if (p.denominator === null || !(p.denominator > 0)) return false;
  return scale.kind === 'rate' || p.numerator <= p.denominator;
}
