/**
 * Seeded random draws for the synthetic demo data.
 *
 * The demo files are committed, so the same seed must give the same bytes on every machine and
 * Node version: Math.random cannot be seeded. The generator is stdlib's 32-bit Mersenne Twister
 * (53-bit uniforms) and its Poisson sampler; both are pure JavaScript on 32-bit integers, so
 * results do not depend on the platform.
 */
import mt19937 from '@stdlib/random-base-mt19937';
import poisson from '@stdlib/random-base-poisson';

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
  private readonly draw: () => number;
  private readonly poissonDraw: (mean: number) => number;

  /**
   * @param seed any 32-bit integer
   * @param stream a label for an independent stream from the same seed, so that adding a file or
   *   an area does not change the numbers drawn for the others
   */
  constructor(
    readonly seed: number,
    readonly stream = '',
  ) {
    // MT19937 seeded by array (init_by_array): the seed, then every code unit of the label.
    const key = new Uint32Array(1 + stream.length);
    key[0] = seed >>> 0;
    for (let i = 0; i < stream.length; i++) key[i + 1] = stream.charCodeAt(i);
    // stdlib's typings omit `normalized` (uniform doubles in [0, 1) from two 32-bit draws), which every generator carries.
    const generator = mt19937.factory({ seed: key }) as unknown as { normalized: () => number };
    this.draw = generator.normalized;
    this.poissonDraw = poisson.factory({ prng: generator.normalized });
  }

  /** A generator for a sub-stream: depends only on the seed and the labels, never on draws made. */
  derive(label: string): Prng {
    return new Prng(this.seed, this.stream === '' ? label : `${this.stream}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.draw();
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

  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean ${mean}`);
    return mean === 0 ? 0 : this.poissonDraw(mean);
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
