import { describe, expect, it } from 'vitest';

import { levelChange } from '../../../server/statistics/level-change.js';

describe('change in level (Welch)', () => {
  it('gives the difference of means with a Welch 95% interval', () => {
    // Equal variances and sizes: df = 2(n − 1) = 6, se = √(s²/4 + s²/4) with s² = 5/3.
    const change = levelChange([10, 12, 11, 13], [20, 22, 21, 23]);
    expect(change).toMatchObject({ before_mean: 11.5, after_mean: 21.5, difference: 10, before_n: 4, after_n: 4 });
    expect(change?.df).toBeCloseTo(6, 10);
    const half = 2.446912 * Math.sqrt(5 / 3 / 2);
    expect(change?.lower95).toBeCloseTo(10 - half, 5);
    expect(change?.upper95).toBeCloseTo(10 + half, 5);
  });

  it('uses Welch–Satterthwaite degrees of freedom when the spreads differ', () => {
    // s² = 2/3 before and 200/3 after, four values each: v = s²/n, df = (v₁ + v₂)² / (v₁²/3 + v₂²/3).
    const [v1, v2] = [2 / 3 / 4, 200 / 3 / 4];
    const change = levelChange([9, 10, 11, 10], [10, 20, 30, 20]);
    expect(change?.df).toBeCloseTo((v1 + v2) ** 2 / (v1 ** 2 / 3 + v2 ** 2 / 3), 10);
    expect(change?.upper95).toBeCloseTo(10 + 3.158 * Math.sqrt(v1 + v2), 1);
  });

  it('is a point when nothing varies, and needs two values a side', () => {
    expect(levelChange([5, 5], [7, 7, 7])).toMatchObject({ difference: 2, lower95: 2, upper95: 2, df: null });
    expect(levelChange([5], [7, 8])).toBeNull();
    expect(levelChange([5, 6], [7])).toBeNull();
  });
});
