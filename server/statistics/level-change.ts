// The change in an indicator's level between two stretches of quarters (before and after an
// action), with Welch's 95% confidence interval for the difference of their means.
//
// Why Welch on the quarterly values rather than a Poisson interval on the pooled counts: CSE counts
// vary from quarter to quarter far more than Poisson allows (recording drives, staff changes,
// seasonal school terms), and a Poisson interval would call that noise a change. Welch uses the
// variation the quarters actually show, does not assume the two stretches vary alike, and works the
// same for counts, rates and percentages. With four quarters a side it is wide: a change must be
// large to count, which is the honest answer from eight numbers.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface LevelChange {
  before_mean: number;
  after_mean: number;
  /** After minus before. */
  difference: number;
  lower95: number;
  upper95: number;
  /** Welch–Satterthwaite degrees of freedom; null when neither stretch varies (the interval is a point). */
  df: number | null;
  before_n: number;
  after_n: number;
}

/** Null unless each stretch has at least two values (a variance needs two). */
export function levelChange(before: readonly number[], after: readonly number[]): LevelChange | null {
  if (before.length < 2 || after.length < 2) return null;
  const a = summary(before);
  const b = summary(after);
  const difference = b.mean - a.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const base = { before_mean: a.mean, after_mean: b.mean, difference, before_n: a.n, after_n: b.n };
  if (se === 0) return { ...base, lower95: difference, upper95: difference, df: null };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = tQuantile(0.975, df) * se;
  return { ...base, lower95: difference - half, upper95: difference + half, df };
}

function summary(values: readonly number[]): { n: number; mean: number; variance: number } {
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}
