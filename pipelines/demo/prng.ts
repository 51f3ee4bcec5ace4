/**
 * A small seeded pseudo-random number generator for the synthetic demo data.
 *
 * The demo files are committed, so the same seed must give the same bytes on every machine and
 * Node version: Math.random cannot be seeded, hence sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 128-bit state, passes PractRand) seeded through splitmix32. Only 32-bit
 * integer arithmetic is used for the state, so results do not depend on the platform.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units: turns a stream label into 32 bits. */
function hashLabel(label: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), FNV_PRIME);
  }
  return h >>> 0;
}

/** splitmix32: spreads a weak seed (0, 1, 2, ...) over the whole state. */
function splitmix32(state: number): { state: number; value: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return { state: next, value: z >>> 0 };
}

/** Coefficients of numpy's Stirling-series log-gamma (accurate to double precision for x >= 7). */
const LOG_GAMMA_SERIES = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
  8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
  1.796443723688307e-1, -1.3924322169059,
] as const;

function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + shift;
  const x2 = 1 / (x0 * x0);
  let series = 0;
  for (let k = LOG_GAMMA_SERIES.length - 1; k >= 0; k--) {
    series = series * x2 + (LOG_GAMMA_SERIES[k] ?? 0);
  }
  let result = series / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 0; k < shift; k++) {
    x0 -= 1;
    result -= Math.log(x0);
  }
  return result;
}

/** Below this mean Knuth's product method is fast and exact; above it, PTRS. */
const SMALL_POISSON_MEAN = 10;

/** Items with non-negative weights, prepared once so that each draw is a short search. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([item, weight], i) => {
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        throw new RangeError(`weight of ${String(item)} must be a finite number >= 0`);
      }
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (!(sum > 0)) throw new RangeError('a weighted table needs a positive total weight');
    this.total = sum;
  }

  /** The item whose cumulative band holds u in [0, 1). */
  pick(u: number): T {
    const target = u * this.total;
    let i = 0;
    while (i < this.cumulative.length - 1 && (this.cumulative[i] ?? 0) <= target) i++;
    return this.items[i] as T;
  }
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed any 32-bit integer
   * @param stream a label for an independent stream from the same seed, so that adding a file or
   *   an area does not change the numbers drawn for the others
   */
  constructor(
    readonly seed: number,
    readonly stream = '',
  ) {
    let s = splitmix32((seed ^ hashLabel(stream)) | 0);
    this.a = s.value;
    s = splitmix32(s.state);
    this.b = s.value;
    s = splitmix32(s.state);
    this.c = s.value;
    s = splitmix32(s.state);
    this.d = s.value;
    // The first outputs of sfc32 still echo the seed; the reference implementation discards 12.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A generator for a sub-stream: depends only on the seed and the labels, never on draws made. */
  derive(label: string): Prng {
    return new Prng(this.seed, this.stream === '' ? label : `${this.stream}/${label}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Box–Muller; one of the pair is dropped so that each call costs the same two draws. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]: log(0) must not happen
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Poisson counts. Knuth's product of uniforms for small means; for larger means Hörmann's PTRS
   * (transformed rejection with squeeze, 1993), exact and O(1) per draw, as numpy uses.
   */
  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean ${mean}`);
    if (mean === 0) return 0;
    return mean < SMALL_POISSON_MEAN ? this.poissonSmall(mean) : this.poissonLarge(mean);
  }

  private poissonSmall(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let product = this.next();
    while (product > limit) {
      k++;
      product *= this.next();
    }
    return k;
  }

  private poissonLarge(mean: number): number {
    const sqrtMean = Math.sqrt(mean);
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * sqrtMean;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      if (lhs <= -mean + k * logMean - logGamma(k + 1)) return k;
    }
  }

  /** Successes in n trials; n in this project is at most a few hundred, so trials are drawn. */
  binomial(n: number, p: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }

  choose<T>(table: WeightedTable<T>): T {
    return table.pick(this.next());
  }
}
