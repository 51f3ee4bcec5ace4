// Generalised linear models for counts and shares, fitted by iteratively reweighted least squares
// (McCullagh & Nelder, Generalized Linear Models, 2nd ed., §2.5), as R's glm() fits them: Poisson
// with a log link and an offset (log population), binomial with a logit link. The dispersion is
// Pearson's chi-squared over the residual degrees of freedom, the quasi-Poisson / quasi-binomial
// factor. The linear algebra (X'WX and its Cholesky solve and inverse) is ml-matrix's; this file is
// the IRLS loop around it.
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export type GlmFamily = 'poisson' | 'binomial';

export interface GlmInput {
  family: GlmFamily;
  /** Design matrix, one row per observation (include a column of ones for the intercept). */
  x: readonly (readonly number[])[];
  /** Counts (Poisson) or successes (binomial). */
  y: readonly number[];
  /** Binomial trials per observation; ignored for Poisson. */
  trials?: readonly number[];
  /** Added to the linear predictor (Poisson: log of the population). */
  offset?: readonly number[];
}

export interface GlmFit {
  coefficients: number[];
  /** (X'WX)⁻¹ at convergence: the covariance of the coefficients before scaling by the dispersion. */
  unscaledCovariance: number[][];
  /** Pearson chi-squared / residual df (NaN with no residual df). */
  dispersion: number;
  dfResidual: number;
  /** Fitted means (Poisson) or probabilities (binomial). */
  fitted: number[];
  iterations: number;
}

const MAX_ITERATIONS = 50;
/** R's glm.control default: stop when the deviance changes by less than this, relatively. */
const TOLERANCE = 1e-8;

/**
 * Null when the model cannot be fitted: the design is not of full rank (a column repeats or is
 * constant where it must vary), or the iterations do not converge (a share of 0% or 100% in every
 * quarter, counts all zero).
 */
export function fitGlm(input: GlmInput): GlmFit | null {
  const n = input.y.length;
  const p = input.x[0]?.length ?? 0;
  if (n === 0 || p === 0 || n < p) return null;
  const family = FAMILIES[input.family];
  const trials = input.trials ?? input.y.map(() => 1);
  const offset = input.offset ?? input.y.map(() => 0);
  const X = new Matrix(input.x.map((row) => [...row]));

  let mu = input.y.map((y, i) => family.start(y, trials[i] as number));
  let eta = mu.map((m) => family.link(m));
  let deviance = family.deviance(input.y, mu, trials);
  let beta: number[] = [];
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    // Working response and weights of the Fisher scoring step.
    const weights = mu.map((m, i) => family.weight(m, trials[i] as number));
    const z = eta.map((e, i) => e - (offset[i] as number) + (input.y[i]! / trials[i]! - mu[i]!) / family.muEta(mu[i]!));
    const xtw = X.transpose().mulRowVector(weights);
    const chol = new CholeskyDecomposition(symmetric(xtw.mmul(X)));
    if (!chol.isPositiveDefinite()) return null;
    beta = chol.solve(xtw.mmul(Matrix.columnVector(z))).getColumn(0);
    if (!beta.every(Number.isFinite)) return null;
    eta = X.mmul(Matrix.columnVector(beta)).getColumn(0).map((e, i) => e + (offset[i] as number));
    mu = eta.map((e) => family.inverse(e));
    const next = family.deviance(input.y, mu, trials);
    const converged = Math.abs(next - deviance) / (Math.abs(next) + 0.1) < TOLERANCE;
    deviance = next;
    if (converged) {
      const pearson = input.y.reduce((sum, y, i) => sum + family.pearson(y, mu[i]!, trials[i]!), 0);
      const dfResidual = n - p;
      // The covariance at the final fitted values, as summary.glm reports it.
      const finalWeights = mu.map((m, i) => family.weight(m, trials[i] as number));
      const finalChol = new CholeskyDecomposition(symmetric(X.transpose().mulRowVector(finalWeights).mmul(X)));
      if (!finalChol.isPositiveDefinite()) return null;
      return {
        coefficients: beta,
        unscaledCovariance: finalChol.solve(Matrix.eye(p)).to2DArray(),
        dispersion: dfResidual > 0 ? pearson / dfResidual : Number.NaN,
        dfResidual,
        fitted: mu,
        iterations: iteration,
      };
    }
  }
  return null;
}

/** X'WX is symmetric in exact arithmetic; rounding can leave it a few ulps off, which Cholesky refuses. */
function symmetric(m: Matrix): Matrix {
  return m.add(m.transpose()).div(2);
}

interface Family {
  link(mu: number): number;
  inverse(eta: number): number;
  /** dμ/dη. */
  muEta(mu: number): number;
  /** IRLS weight: (dμ/dη)² / Var(y/trials) × trials. */
  weight(mu: number, trials: number): number;
  start(y: number, trials: number): number;
  deviance(y: readonly number[], mu: readonly number[], trials: readonly number[]): number;
  pearson(y: number, mu: number, trials: number): number;
}

const xlogy = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(y));

const FAMILIES: Record<GlmFamily, Family> = {
  poisson: {
    link: (mu) => Math.log(mu),
    inverse: (eta) => Math.exp(eta),
    muEta: (mu) => mu,
    weight: (mu) => mu,
    // R's poisson()$initialize: y + 0.1, so that a zero count has a finite log.
    start: (y) => y + 0.1,
    deviance: (y, mu) => 2 * y.reduce((sum, yi, i) => sum + xlogy(yi, yi / mu[i]!) - (yi - mu[i]!), 0),
    pearson: (y, mu) => (y - mu) ** 2 / mu,
  },
  binomial: {
    link: (p) => Math.log(p / (1 - p)),
    inverse: (eta) => 1 / (1 + Math.exp(-eta)),
    muEta: (p) => Math.max(p * (1 - p), Number.EPSILON),
    weight: (p, m) => m * Math.max(p * (1 - p), Number.EPSILON),
    // R's binomial()$initialize: (m·y + 0.5) / (m + 1), away from 0 and 1.
    start: (y, m) => (y + 0.5) / (m + 1),
    deviance: (y, p, m) =>
      2 * y.reduce((sum, yi, i) => {
        const mi = m[i]!;
        const pi = p[i]!;
        return sum + xlogy(yi, yi / (mi * pi)) + xlogy(mi - yi, (mi - yi) / (mi * (1 - pi)));
      }, 0),
    pearson: (y, p, m) => (y - m * p) ** 2 / (m * p * (1 - p)),
  },
};
