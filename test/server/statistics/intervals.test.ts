import { describe, expect, it } from 'vitest';
import {
  proportionEstimate,
  rateEstimate,
  type Estimate,
  type EstimateResult,
} from '../../../server/statistics/intervals.js';

function estimate(result: EstimateResult): Estimate {
  if (result.value === null) throw new Error('expected an estimate');
  return result;
}

function expectClose(actual: Estimate, expected: Partial<Estimate>, digits = 4): void {
  for (const [key, value] of Object.entries(expected)) {
    expect(actual[key as keyof Estimate], key).toBeCloseTo(value, digits);
  }
}

describe('rateEstimate: reference values of statistics.md', () => {
  it('3 per 20,000 (exact Poisson) → 1.5 (0.3093, 4.3836), 99.8% (0.0953, 6.5311)', () => {
    expectClose(estimate(rateEstimate(3, 20_000)), {
      value: 1.5,
      lower95: 0.3093,
      upper95: 4.3836,
      lower998: 0.0953,
      upper998: 6.5311,
    });
  });

  it('10 per 20,000 (Byar) → 5.0 (2.3937, 9.1957)', () => {
    expectClose(estimate(rateEstimate(10, 20_000)), { value: 5, lower95: 2.3937, upper95: 9.1957 });
  });

  it('25 per 20,000 (Byar) → 12.5 (8.0871, 18.4532)', () => {
    expectClose(estimate(rateEstimate(25, 20_000)), { value: 12.5, lower95: 8.0871, upper95: 18.4532 });
  });
});

describe('rateEstimate: hand-derived cases', () => {
  // With 2 degrees of freedom the chi-squared quantile is −2 ln(1 − p), so the exact Poisson
  // limits for counts 0 and 1 have closed forms.
  it('count 0: lower is 0, upper is −ln(0.025) (95%) and −ln(0.001) (99.8%) per population', () => {
    const r = estimate(rateEstimate(0, 20_000));
    expect(r.value).toBe(0);
    expect(r.lower95).toBe(0);
    expect(r.lower998).toBe(0);
    const perPopulation = 10_000 / 20_000;
    expectClose(r, { upper95: -Math.log(0.025) * perPopulation, upper998: -Math.log(0.001) * perPopulation }, 8);
  });

  it('count 1: lower is −ln(0.975) per population', () => {
    const r = estimate(rateEstimate(1, 10_000));
    expectClose(r, { value: 1, lower95: -Math.log(0.975), lower998: -Math.log(0.999) }, 8);
  });

  // Exact Poisson at 9 would give (2.0577, 8.5424) and Byar (2.0534, 8.5429); at 10 exact Poisson
  // would give (2.3977, 9.1952) against Byar's (2.3937, 9.1957). Values checked with scipy.
  it('count 9 uses exact Poisson', () => {
    expectClose(estimate(rateEstimate(9, 20_000)), {
      value: 4.5,
      lower95: 2.057687,
      upper95: 8.542402,
      lower998: 1.226212,
      upper998: 11.328687,
    });
  });

  it('count exactly 10 uses Byar', () => {
    expectClose(estimate(rateEstimate(10, 20_000)), {
      lower95: 2.393725,
      upper95: 9.195729,
      lower998: 1.458159,
      upper998: 12.096862,
    });
  });

  it('honours another multiplier', () => {
    expectClose(estimate(rateEstimate(7, 3_500, 1_000)), { value: 2, lower95: 0.804104, upper95: 4.120764 });
  });

  it('a population of 0 gives a typed "no denominator" estimate', () => {
    expect(rateEstimate(3, 0)).toEqual({
      value: null,
      lower95: null,
      upper95: null,
      lower998: null,
      upper998: null,
      reason: 'no_denominator',
    });
  });

  it('refuses negative or non-finite input', () => {
    expect(() => rateEstimate(-1, 100)).toThrow(RangeError);
    expect(() => rateEstimate(1, -100)).toThrow(RangeError);
    expect(() => rateEstimate(Number.NaN, 100)).toThrow(RangeError);
    expect(() => rateEstimate(1, 100, 0)).toThrow(RangeError);
  });
});

describe('proportionEstimate (Wilson)', () => {
  it('3/12 → 0.25 (0.08894, 0.53231)', () => {
    expectClose(estimate(proportionEstimate(3, 12)), { value: 0.25, lower95: 0.08894, upper95: 0.53231 });
  });

  it('7/40 → 0.175 (0.08745, 0.31950)', () => {
    expectClose(estimate(proportionEstimate(7, 40)), { value: 0.175, lower95: 0.08745, upper95: 0.3195 });
  });

  it('3/12 at 99.8% → (0.05198, 0.66960)', () => {
    expectClose(estimate(proportionEstimate(3, 12)), { lower998: 0.051977, upper998: 0.669595 });
  });

  // At x = 0 the formula reduces to (0, z² / (n + z²)); at x = n to (n / (n + z²), 1).
  it('0 of 10 → lower exactly 0, upper z²/(n + z²)', () => {
    const z2 = 1.959964 ** 2;
    const p = estimate(proportionEstimate(0, 10));
    expect(p.value).toBe(0);
    expect(p.lower95).toBe(0);
    expect(p.lower998).toBe(0);
    expect(p.upper95).toBeCloseTo(z2 / (10 + z2), 10);
    expect(p.upper998).toBeCloseTo(3.090232 ** 2 / (10 + 3.090232 ** 2), 10);
  });

  it('10 of 10 → upper exactly 1, lower n/(n + z²)', () => {
    const z2 = 1.959964 ** 2;
    const p = estimate(proportionEstimate(10, 10));
    expect(p.value).toBe(1);
    expect(p.upper95).toBe(1);
    expect(p.upper998).toBe(1);
    expect(p.lower95).toBeCloseTo(10 / (10 + z2), 10);
  });

  it('never exceeds 1 (40 of 40 would otherwise round to 1.0000000000000002)', () => {
    expect(estimate(proportionEstimate(40, 40)).upper95).toBe(1);
  });

  it('n of 0 gives "no denominator"; x > n and negatives are refused', () => {
    const none = proportionEstimate(0, 0);
    expect(none.value).toBeNull();
    expect('reason' in none && none.reason).toBe('no_denominator');
    expect(() => proportionEstimate(5, 4)).toThrow(RangeError);
    expect(() => proportionEstimate(-1, 4)).toThrow(RangeError);
  });
});
