import { describe, expect, it } from 'vitest';
import { rankAreas } from '../../../server/statistics/ranking.js';

describe('rankAreas', () => {
  it('ranks highest first when high is good; ties share the best rank; nulls are left out', () => {
    // Ordered: 5, 5, 4, 3, 1 → ranks 1, 1, 3, 4, 5 of 5; bands floor(4(r − 1)/5): A, A, B, C, D.
    expect(rankAreas([5, 3, null, 5, 1, 4], 'high_is_good')).toEqual([
      { rank: 1, of: 5, band: 'A' },
      { rank: 4, of: 5, band: 'C' },
      null,
      { rank: 1, of: 5, band: 'A' },
      { rank: 5, of: 5, band: 'D' },
      { rank: 3, of: 5, band: 'B' },
    ]);
  });

  it('ranks lowest first when low is good', () => {
    // Ordered: 1, 3, 4, 5, 5 → ranks 1, 2, 3, 4, 4; bands A, A, B, C, C.
    expect(rankAreas([5, 3, null, 5, 1, 4], 'low_is_good')).toEqual([
      { rank: 4, of: 5, band: 'C' },
      { rank: 2, of: 5, band: 'A' },
      null,
      { rank: 4, of: 5, band: 'C' },
      { rank: 1, of: 5, band: 'A' },
      { rank: 3, of: 5, band: 'B' },
    ]);
  });

  it('ranks highest first without a polarity', () => {
    expect(rankAreas([2, 9, 4], 'none').map((r) => r?.rank)).toEqual([3, 1, 2]);
  });

  it('puts four areas in four bands', () => {
    expect(rankAreas([10, 20, 30, 40], 'high_is_good').map((r) => r?.band)).toEqual(['D', 'C', 'B', 'A']);
  });

  it('bands 152 LAs as 1–38 A, 39–76 B, 77–114 C, 115–152 D', () => {
    const values = Array.from({ length: 152 }, (_, i) => i + 1);
    const ranks = rankAreas(values, 'low_is_good');
    const bandAt = (rank: number) => ranks[rank - 1]?.band;
    expect([1, 38, 39, 76, 77, 114, 115, 152].map(bandAt)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
    expect(ranks[151]).toEqual({ rank: 152, of: 152, band: 'D' });
  });

  it('a tie straddling a band boundary takes the band of its shared rank', () => {
    // Ordered 8, 7, 7, 1: ranks 1, 2, 2, 4 of 4 → A, B, B, D.
    expect(rankAreas([7, 8, 1, 7], 'high_is_good').map((r) => r?.band)).toEqual(['B', 'A', 'D', 'B']);
  });

  it('handles no values at all, and refuses non-finite ones', () => {
    expect(rankAreas([], 'none')).toEqual([]);
    expect(rankAreas([null, null], 'none')).toEqual([null, null]);
    expect(() => rankAreas([1, Number.NaN], 'none')).toThrow(RangeError);
  });
});
