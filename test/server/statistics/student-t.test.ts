import { describe, expect, it } from 'vitest';

import { incompleteBeta, studentTCdf, studentTQuantile } from '../../../server/statistics/student-t.js';

describe("Student's t", () => {
  it('gives the two-sided 95% critical values of the tables', () => {
    const table: [number, number][] = [[1, 12.706205], [2, 4.302653], [3, 3.182446], [4, 2.776445], [6, 2.446912], [10, 2.228139], [30, 2.042272]];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 5);
  });

  it('takes the fractional degrees of freedom of Welch\u2019s test', () => {
    const t = studentTQuantile(0.975, 4.5);
    expect(t).toBeLessThan(studentTQuantile(0.975, 4));
    expect(t).toBeGreaterThan(studentTQuantile(0.975, 5));
    expect(studentTCdf(t, 4.5)).toBeCloseTo(0.975, 10);
  });

  it('is symmetric and tends to the normal', () => {
    expect(studentTQuantile(0.025, 6)).toBeCloseTo(-2.446912, 5);
    expect(studentTCdf(0, 3)).toBeCloseTo(0.5, 12);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
  });

  it('rests on the regularised incomplete beta function', () => {
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    // I_x(1, b) = 1 − (1 − x)^b
    expect(incompleteBeta(0.3, 1, 3)).toBeCloseTo(1 - 0.7 ** 3, 12);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('refuses what has no quantile', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
  });
});
