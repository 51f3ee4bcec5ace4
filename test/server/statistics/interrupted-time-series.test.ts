/**
 * R stops its iterations when the deviance changes by less than 1e-8 relatively, so its printed
 * figures are good to about 6 significant digits, and the comparisons are made at that precision.
 *
 * The GLM and the interrupted time series against reference fits computed independently with R
 * 4.2.2 (Debian bookworm r-base-core 4.2.2.20221110-2): the R code is quoted beside each case, and
 * the numbers are R's printed output (options(digits = 10)), written in by hand.
 */
import { describe, expect, it } from 'vitest';

import { fitGlm } from '../../../server/statistics/glm.js';
import { interruptedTimeSeries, type ItsPoint } from '../../../server/statistics/interrupted-time-series.js';

// R:
//   y   <- c(21,25,17,24,23,28,19,27,26,24,20,30, 38,41,33,45,40,47,36,49)
//   pop <- c(50100, 50200, …, 51200, 51400, …, 52100)        # +100 a quarter, the transition skipped
//   t   <- c(-12:-1, 1:8); q <- ((t + 12) %% 4) + 1
//   after <- as.numeric(t > 0); since <- after * (t - 1)
//   m <- glm(y ~ t + after + since + q2 + q3 + q4 + offset(log(pop / 10000)), family = quasipoisson)
const Y = [21, 25, 17, 24, 23, 28, 19, 27, 26, 24, 20, 30, 38, 41, 33, 45, 40, 47, 36, 49];
const T = [...Array.from({ length: 12 }, (_, i) => i - 12), ...Array.from({ length: 8 }, (_, i) => i + 1)];
const POP = T.map((t) => 50100 + 100 * (t < 0 ? t + 12 : t + 12));
const QUARTER = T.map((t) => ((((t + 12) % 4) + 4) % 4) + 1);
const R_POISSON = {
  coefficients: [1.730850317605, 0.01954569981, 0.310775670352, 0.001485603977, -0.028989887876, -0.124889198809, -0.106351410967],
  dispersion: 0.6606015594,
  quasiSe: [0.12525876383, 0.01434443876, 0.14403912152, 0.02559870063, 0.09744223358, 0.09655259379, 0.09471514492],
  // glm(…, family = poisson): the standard errors with the dispersion fixed at 1.
  poissonSe: [0.15411266271, 0.01764874236, 0.17721915715, 0.03149547222, 0.11988847422, 0.11879390205, 0.11653318887],
  df: 13,
  t975: 2.160368656, // qt(0.975, 13)
};

// R:
//   s <- c(12,15,11,14,13,16, 25,27,24,29,26); n <- c(80,85,78,90,82,88, 84,86,80,91,83)
//   t2 <- c(-6:-1, 1:5); a2 <- as.numeric(t2 > 0); s2 <- a2 * (t2 - 1)
//   b <- glm(cbind(s, n - s) ~ t2 + a2 + s2, family = quasibinomial)
const S = [12, 15, 11, 14, 13, 16, 25, 27, 24, 29, 26];
const N = [80, 85, 78, 90, 82, 88, 84, 86, 80, 91, 83];
const T2 = [-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5];
const R_BINOMIAL = {
  coefficients: [-1.563241821312, 0.025440385805, 0.698520638487, -0.008403162121],
  dispersion: 0.1024892669,
  quasiSe: [0.08673339231, 0.02276230742, 0.12256732353, 0.03296157145],
  df: 7,
};

// R (over-dispersed counts, no population):
//   y <- c(30, 52, 18, 41, 25, 70, 44, 95, 58); t <- c(-5:-1, 1:4); after <- as.numeric(t > 0); since <- after * (t - 1)
//   full <- glm(y ~ t + after + since, family = quasipoisson)   # the segmented model with a slope change
//   step <- glm(y ~ t + after, family = quasipoisson)           # the verdict's model
//   exp(coef(m)["after"] + c(-1, 1) * qt(0.975, df.residual(m)) * sqrt(vcov(m)["after", "after"]))
//   counterfactual at t = 1 (step model): x <- c(1, 1, 0); exp(sum(x * coef(step)) + c(0, -1, 1) * qt(0.975, 6) * se)
const Y3 = [30, 52, 18, 41, 25, 70, 44, 95, 58];
const T3 = [-5, -4, -3, -2, -1, 1, 2, 3, 4];
const R_OVERDISPERSED = {
  full: {
    coefficients: [3.30844953601, -0.06336298627, 0.92183937386, 0.08583811241],
    dispersion: 8.182728181,
    quasiSe: [0.5398846213, 0.1574024364, 0.7477259119, 0.2220441078],
    stepRatio: [0.3677870145, 17.183163204],
  },
  step: {
    coefficients: [3.44129599205, -0.02028086896, 0.81010342158],
    dispersion: 7.080602794,
    stepRatio: [0.4850461193, 10.4199073463],
    counterfactualAt1: [30.6004625, 9.80435847, 95.50735092],
  },
};

// R (the rate above, step model):
//   p <- glm(y ~ t + after + q2 + q3 + q4 + offset(log(pop / 10000)), family = quasipoisson)
//   summary(p)$dispersion; exp(coef(p)["after"] + c(-1, 1) * qt(0.975, 14) * sqrt(vcov(p)["after", "after"]))
const R_RATE_STEP = { after: 0.31090334058, dispersion: 0.6137086844, stepRatio: [1.013451053, 1.837572285] };

// R: coef(glm(cbind(s, n - s) ~ t2 + a2, family = quasibinomial)), the share's step model.
const R_BINOMIAL_STEP = [-1.57690852961, 0.02143365816, 0.70730569947] as const;

const design = (t: number, q: number, seasonal: boolean) => {
  const after = t > 0 ? 1 : 0;
  const row = [1, t, after, after * (t - 1)];
  return seasonal ? [...row, q === 2 ? 1 : 0, q === 3 ? 1 : 0, q === 4 ? 1 : 0] : row;
};
const se = (covariance: number[][], scale: number) => covariance.map((row, i) => Math.sqrt(row[i]! * scale));

describe('fitGlm against R glm()', () => {
  it('Poisson with a log-population offset and quarter-of-year terms (quasipoisson)', () => {
    const fit = fitGlm({ family: 'poisson', x: T.map((t, i) => design(t, QUARTER[i]!, true)), y: Y, offset: POP.map((p) => Math.log(p / 10000)) })!;
    fit.coefficients.forEach((b, i) => expect(b).toBeCloseTo(R_POISSON.coefficients[i]!, 6));
    expect(fit.dispersion).toBeCloseTo(R_POISSON.dispersion, 5);
    expect(fit.dfResidual).toBe(R_POISSON.df);
    se(fit.unscaledCovariance, fit.dispersion).forEach((s, i) => expect(s).toBeCloseTo(R_POISSON.quasiSe[i]!, 6));
    se(fit.unscaledCovariance, 1).forEach((s, i) => expect(s).toBeCloseTo(R_POISSON.poissonSe[i]!, 6));
  });

  it('binomial (quasibinomial) for a share', () => {
    const fit = fitGlm({ family: 'binomial', x: T2.map((t) => design(t, 1, false)), y: S, trials: N })!;
    fit.coefficients.forEach((b, i) => expect(b).toBeCloseTo(R_BINOMIAL.coefficients[i]!, 6));
    expect(fit.dispersion).toBeCloseTo(R_BINOMIAL.dispersion, 5);
    expect(fit.dfResidual).toBe(R_BINOMIAL.df);
    se(fit.unscaledCovariance, fit.dispersion).forEach((s, i) => expect(s).toBeCloseTo(R_BINOMIAL.quasiSe[i]!, 6));
  });

  it('refuses a design that is not of full rank rather than answer nonsense', () => {
    expect(fitGlm({ family: 'poisson', x: [[1, 2], [1, 2], [1, 2]], y: [3, 4, 5] })).toBeNull();
    expect(fitGlm({ family: 'poisson', x: [[1, 0]], y: [3] })).toBeNull();
  });
});

describe('interruptedTimeSeries against R', () => {
  const points = (ts: number[], ys: number[], denominators: (number | null)[]): ItsPoint[] =>
    ts.map((t, i) => ({ t, quarter: ((((t + 12) % 4) + 4) % 4) + 1, numerator: ys[i]!, denominator: denominators[i]! }));

  it('an over-dispersed count: step and counterfactual band use the quasi-Poisson dispersion', () => {
    const result = interruptedTimeSeries(points(T3, Y3, T3.map(() => null)), { kind: 'count' })!;
    const { full, step } = R_OVERDISPERSED;
    expect(result.seasonal).toBe(false);
    expect(result.dispersion).toBeCloseTo(step.dispersion, 4);
    expect(result.df).toBe(6);
    expect(result.step_ratio.estimate).toBeCloseTo(Math.exp(step.coefficients[2]!), 5);
    expect(result.step_ratio.lower95).toBeCloseTo(step.stepRatio[0]!, 5);
    expect(result.step_ratio.upper95).toBeCloseTo(step.stepRatio[1]!, 4);
    const atFirst = result.counterfactual.find((p) => p.t === 1)!;
    expect(atFirst.value).toBeCloseTo(step.counterfactualAt1[0]!, 4);
    expect(atFirst.lower95).toBeCloseTo(step.counterfactualAt1[1]!, 4);
    expect(atFirst.upper95).toBeCloseTo(step.counterfactualAt1[2]!, 3);
    // The step in the unit at the first quarter after: counterfactual × (rate ratio − 1).
    expect(result.step.estimate).toBeCloseTo(step.counterfactualAt1[0]! * (Math.exp(step.coefficients[2]!) - 1), 3);
    // The full segmented model's step and slope change.
    expect(result.step_ratio_with_slope_change.lower95).toBeCloseTo(full.stepRatio[0]!, 5);
    expect(result.step_ratio_with_slope_change.upper95).toBeCloseTo(full.stepRatio[1]!, 3);
    expect(result.slope_change_ratio.estimate).toBeCloseTo(Math.exp(full.coefficients[3]!), 5);
  });

  it('a rate with seasonal terms, less dispersed than Poisson: the dispersion is used as estimated, as R does', () => {
    const result = interruptedTimeSeries(points(T, Y, POP), { kind: 'rate', per: 10000 })!;
    expect(result.seasonal).toBe(true);
    expect(result.dispersion).toBeCloseTo(R_RATE_STEP.dispersion, 5);
    expect(result.step_ratio.estimate).toBeCloseTo(Math.exp(R_RATE_STEP.after), 6);
    expect(result.step_ratio.lower95).toBeCloseTo(R_RATE_STEP.stepRatio[0]!, 6);
    expect(result.step_ratio.upper95).toBeCloseTo(R_RATE_STEP.stepRatio[1]!, 6);
    const half = R_POISSON.t975 * R_POISSON.quasiSe[2]!;
    expect(result.step_ratio_with_slope_change.lower95).toBeCloseTo(Math.exp(R_POISSON.coefficients[2]! - half), 6);
    expect(result.slope_change_ratio.estimate).toBeCloseTo(Math.exp(R_POISSON.coefficients[3]!), 6);
  });

  it('a share: the step is an odds ratio, the step in the unit is in percentage points', () => {
    const result = interruptedTimeSeries(points(T2, S, N), { kind: 'share' })!;
    expect(result.family).toBe('binomial');
    expect(result.step_ratio_with_slope_change.estimate).toBeCloseTo(Math.exp(R_BINOMIAL.coefficients[2]!), 6);
    // The step model's (R: glm(cbind(s, n - s) ~ t2 + a2, family = quasibinomial)).
    const [b0, b1, b2] = R_BINOMIAL_STEP;
    expect(result.step_ratio.estimate).toBeCloseTo(Math.exp(b2), 6);
    const expit = (x: number) => 100 / (1 + Math.exp(-x));
    expect(result.step.estimate).toBeCloseTo(expit(b0 + b1 + b2) - expit(b0 + b1), 5);
    for (const p of result.counterfactual) {
      expect(p.lower95).toBeGreaterThanOrEqual(0);
      expect(p.upper95).toBeLessThanOrEqual(100);
    }
  });

  it('needs 3 usable quarters each side (Cochrane EPOC) and leaves the transition quarter out', () => {
    const two = points([-3, -2, -1, 0, 1, 2], [10, 11, 12, 99, 20, 21], [1e4, 1e4, 1e4, 1e4, 1e4, 1e4]);
    expect(interruptedTimeSeries(two, { kind: 'rate', per: 10000 })).toBeNull();
    const withTransition = points([-3, -2, -1, 0, 1, 2, 3], [10, 12, 11, 500, 20, 23, 21], Array(7).fill(1e4));
    const without = points([-3, -2, -1, 1, 2, 3], [10, 12, 11, 20, 23, 21], Array(6).fill(1e4));
    expect(interruptedTimeSeries(withTransition, { kind: 'rate', per: 10000 })!.step_ratio.estimate)
      .toBeCloseTo(interruptedTimeSeries(without, { kind: 'rate', per: 10000 })!.step_ratio.estimate, 12);
  });

  it('a share of 0 in every quarter cannot be modelled: null, not a verdict', () => {
    const zeros = points([-3, -2, -1, 1, 2, 3], [0, 0, 0, 0, 0, 0], Array(6).fill(50));
    expect(interruptedTimeSeries(zeros, { kind: 'share' })).toBeNull();
  });
});
