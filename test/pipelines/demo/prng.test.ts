import { describe, expect, it } from 'vitest';
import { Prng, WeightedTable } from '../../../pipelines/demo/prng.js';

function draws(prng: Prng, n: number, f: (p: Prng) => number): number[] {
  return Array.from({ length: n }, () => f(prng));
}

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('Prng', () => {
  it('repeats itself for a seed and differs between seeds', () => {
    const a = draws(new Prng(42), 5, (p) => p.next());
    expect(draws(new Prng(42), 5, (p) => p.next())).toEqual(a);
    expect(draws(new Prng(43), 5, (p) => p.next())).not.toEqual(a);
  });

  it('derives streams from the seed and labels alone, not from draws already made', () => {
    const used = new Prng(7);
    used.next();
    used.next();
    expect(used.derive('x').next()).toBe(new Prng(7).derive('x').next());
    expect(new Prng(7).derive('x').next()).not.toBe(new Prng(7).derive('y').next());
    expect(new Prng(7).derive('x').derive('y').next()).toBe(new Prng(7, 'x/y').next());
  });

  it('draws uniforms in [0, 1) and integers within their bounds', () => {
    const prng = new Prng(1);
    const u = draws(prng, 20_000, (p) => p.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(meanVar(u).mean).toBeCloseTo(0.5, 2);
    const ints = draws(prng, 5_000, (p) => p.int(3, 6));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6]));
    expect(meanVar(draws(prng, 20_000, (p) => p.uniform(10, 20))).mean).toBeCloseTo(15, 0);
  });

  it.each([0.3, 4, 9.9, 10, 37, 250, 5_000])('draws Poisson counts with mean and variance %d', (lambda) => {
    const xs = draws(new Prng(3).derive(String(lambda)), 40_000, (p) => p.poisson(lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const { mean, variance } = meanVar(xs);
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / xs.length) + 1e-9);
    expect(variance / lambda).toBeGreaterThan(0.95);
    expect(variance / lambda).toBeLessThan(1.05);
  });

  it('gives Poisson(0) as 0 and refuses a negative mean', () => {
    expect(new Prng(4).poisson(0)).toBe(0);
    expect(() => new Prng(4).poisson(-1)).toThrow(RangeError);
  });

  it('draws binomial counts around n·p', () => {
    const { mean } = meanVar(draws(new Prng(5), 10_000, (p) => p.binomial(20, 0.3)));
    expect(mean).toBeCloseTo(6, 1);
  });

  it('chooses by weight and never picks a zero weight', () => {
    const table = new WeightedTable([['a', 1], ['b', 3], ['c', 0], ['d', 6]]);
    const prng = new Prng(6);
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const item = prng.choose(table);
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    expect(counts.get('c')).toBeUndefined();
    expect((counts.get('a') ?? 0) / 50_000).toBeCloseTo(0.1, 2);
    expect((counts.get('b') ?? 0) / 50_000).toBeCloseTo(0.3, 2);
    expect((counts.get('d') ?? 0) / 50_000).toBeCloseTo(0.6, 2);
  });

  it('refuses weights that cannot be drawn from', () => {
    expect(() => new WeightedTable([['a', 0]])).toThrow(RangeError);
    expect(() => new WeightedTable([['a', -1], ['b', 2]])).toThrow(RangeError);
    expect(() => new WeightedTable([['a', Number.NaN]])).toThrow(RangeError);
  });
});
