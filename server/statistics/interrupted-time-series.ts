// Interrupted time series: did a quarterly series change at a known date? Segmented regression as
// public-health evaluation does it (Bernal, Cummins & Gasparrini, IJE 2017): a level and a trend
// before, a step at the first quarter after and a change of slope from there, quarter-of-year terms
// where there are 12 or more quarters before. Counts and rates: Poisson with log(population) as
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
  /** The quasi-likelihood dispersion used: Pearson χ²/df, never below 1 (a few points can look under-dispersed by chance). */
  dispersion: number;
  df: number;
  /** exp(step coefficient): the rate ratio (counts, rates) or odds ratio (shares) at the first quarter after. */
  step_ratio: Interval;
  /** The step in the indicator's own unit at the first quarter after: model with the step minus the counterfactual. */
  step: Interval;
  /** exp(slope-change coefficient): how much faster (> 1) or slower the series grows each quarter after. */
  slope_change_ratio: Interval;
  /** The smallest step (in the indicator's unit, either way) the fit would detect 80% of the time at the 5% level. */
  detectable_step: number;
  /** The fitted model over the quarters fitted (no counterfactual). */
  fitted: { t: number; value: number }[];
  /** The pre-action model carried forward over the quarters after, with its 95% band. */
  counterfactual: ItsCurvePoint[];
}

/**
 * Null when there are fewer than 3 usable quarters either side, or the model cannot be fitted
 * (counts all zero, a share of 0% or 100% throughout): say so rather than guess.
 */
export function interruptedTimeSeries(points: readonly ItsPoint[], scale: ItsScale): ItsResult | null {
  const usable = points.filter((p) => p.t !== 0 && Number.isFinite(p.numerator) && p.numerator >= 0 && hasDenominator(p, scale));
  const before = usable.filter((p) => p.t < 0);
  const after = usable.filter((p) => p.t > 0);
  if (before.length < MIN_POINTS_EACH_SIDE || after.length < MIN_POINTS_EACH_SIDE) return null;
  // A side with no events (or, for a share, nothing but events) puts the step at ±infinity.
  if (before.some((p) => p.numerator > 0) === false || after.some((p) => p.numerator > 0) === false) return null;
  if (scale.kind === 'share' && (before.every((p) => p.numerator === p.denominator) || after.every((p) => p.numerator === p.denominator))) return null;
  const seasonal = before.length >= SEASONAL_FROM;
  const family: GlmFamily = scale.kind === 'share' ? 'binomial' : 'poisson';
  const row = (p: { t: number; quarter: number }, effect: boolean): number[] => designRow(p, seasonal, effect);
  const fit = fitGlm({
    family,
    x: usable.map((p) => row(p, true)),
    y: usable.map((p) => p.numerator),
    ...(scale.kind === 'share' ? { trials: usable.map((p) => p.denominator as number) } : {}),
    ...(scale.kind === 'rate' ? { offset: usable.map((p) => Math.log((p.denominator as number) / scale.per)) } : {}),
  });
  if (fit === null || fit.dfResidual < 1) return null;

  const dispersion = Math.max(1, fit.dispersion);
  const df = fit.dfResidual;
  const critical = tQuantile(0.975, df);
  const V = fit.unscaledCovariance.map((r) => r.map((v) => v * dispersion));
  const beta = fit.coefficients;
  const linear = (x: readonly number[]) => x.reduce((sum, xi, i) => sum + xi * beta[i]!, 0);
  const variance = (x: readonly number[]) => x.reduce((sum, xi, i) => sum + xi * x.reduce((s, xj, j) => s + xj * V[i]![j]!, 0), 0);
  const toUnit = (eta: number) => (scale.kind === 'share' ? 100 / (1 + Math.exp(-eta)) : Math.exp(eta));
  const ratio = (k: number): Interval => {
    const se = Math.sqrt(V[k]![k]!);
    return { estimate: Math.exp(beta[k]!), lower95: Math.exp(beta[k]! - critical * se), upper95: Math.exp(beta[k]! + critical * se) };
  };

  // The step in the unit: at the first quarter after, the counterfactual moved by the step coefficient.
  const first = after[0] as ItsPoint;
  const cfEta = linear(row(first, false));
  const stepSe = Math.sqrt(V[STEP]![STEP]!);
  const stepAt = (coefficient: number) => toUnit(cfEta + coefficient) - toUnit(cfEta);
  const detectable = (critical + normalQuantile(POWER, 0, 1)) * stepSe;

  const tAfter = Math.max(...after.map((p) => p.t));
  const counterfactual: ItsCurvePoint[] = [];
  for (let t = 0; t <= tAfter; t++) {
    const x = row({ t, quarter: quarterAt(first, t) }, false);
    const eta = linear(x);
    const se = Math.sqrt(variance(x));
    counterfactual.push({ t, value: toUnit(eta), lower95: toUnit(eta - critical * se), upper95: toUnit(eta + critical * se) });
  }
  return {
    family,
    before_n: before.length,
    after_n: after.length,
    seasonal,
    dispersion,
    df,
    step_ratio: ratio(STEP),
    step: { estimate: stepAt(beta[STEP]!), lower95: stepAt(beta[STEP]! - critical * stepSe), upper95: stepAt(beta[STEP]! + critical * stepSe) },
    slope_change_ratio: ratio(SLOPE_CHANGE),
    detectable_step: Math.min(Math.abs(stepAt(detectable)), Math.abs(stepAt(-detectable))),
    fitted: usable.map((p) => ({ t: p.t, value: toUnit(linear(row(p, true))) })),
    counterfactual,
  };
}

/** Columns: intercept, time, step, time since the first quarter after, then quarters 2–4 of the year. */
const STEP = 2;
const SLOPE_CHANGE = 3;

function designRow(p: { t: number; quarter: number }, seasonal: boolean, effect: boolean): number[] {
  const after = effect && p.t > 0 ? 1 : 0;
  const row = [1, p.t, after, after * (p.t - 1)];
  if (seasonal) row.push(p.quarter === 2 ? 1 : 0, p.quarter === 3 ? 1 : 0, p.quarter === 4 ? 1 : 0);
  return row;
}

/** The quarter of the year `t` quarters from the transition, given one point's. */
function quarterAt(known: { t: number; quarter: number }, t: number): number {
  return ((((known.quarter - 1 + t - known.t) % 4) + 4) % 4) + 1;
}

function hasDenominator(p: ItsPoint, scale: ItsScale): boolean {
  if (scale.kind === 'count') return true;
  if (p.denominator === null || !(p.denominator > 0)) return false;
  return scale.kind === 'rate' || p.numerator <= p.denominator;
}
