import { describe, expect, it } from 'vitest';
import { xmr, type SpcRule, type SpcType } from '../../../server/statistics/spc.js';

const rules = (values: (number | null)[], options?: Parameters<typeof xmr>[1]): (SpcRule | null)[] =>
  xmr(values, options).points.map((p) => p?.rule ?? null);

const none = (n: number): SpcRule[] => Array<SpcRule>(n).fill('none');

describe('the worked example of statistics.md', () => {
  const series = [14, 18, 11, 16, 20, 13, 17, 15, 22, 24, 26, 27, 29, 31, 45];
  // Sum 328 → mean 21.8667. Moving ranges 4,7,5,4,7,4,2,7,2,2,1,2,2,14 sum to 63 → AmR 4.5; the
  // screen is 3.267 × 4.5 = 14.70, so the 14 stays. Limits 21.8667 ± 11.97.
  const result = xmr(series, { polarity: 'high_is_good' });

  it('has mean 21.867, AmR 4.5 and limits 9.897 and 33.837', () => {
    const [segment] = result.segments;
    expect(result.segments).toHaveLength(1);
    expect(segment?.mean).toBeCloseTo(21.867, 3);
    expect(segment?.amr).toBeCloseTo(4.5, 10);
    expect(segment?.lower).toBeCloseTo(9.897, 3);
    expect(segment?.upper).toBeCloseTo(33.837, 3);
    expect(segment?.nearLower).toBeCloseTo(21.8667 - 7.98, 3);
    expect(segment?.nearUpper).toBeCloseTo(21.8667 + 7.98, 3);
    expect(segment?.trial).toBe(false);
    expect(segment?.baselinePoints).toBe(15);
  });

  // Point 8 (15) is also the eighth point below the mean, and points 14–15 are two of three
  // beyond the near upper limit (29.847): precedence gives them to the trend and the limit.
  it('reads points 1–7 as a run below the mean, 8–14 as a rising trend, 15 above the upper limit', () => {
    expect(result.points.map((p) => p?.rule)).toEqual([
      ...Array<SpcRule>(7).fill('run'),
      ...Array<SpcRule>(7).fill('trend'),
      'outside_limits',
    ]);
  });

  it('reads them as concern, improvement, improvement when high is good', () => {
    expect(result.points.map((p) => p?.type)).toEqual([
      ...Array<SpcType>(7).fill('concern'),
      ...Array<SpcType>(8).fill('improvement'),
    ]);
  });

  it('reverses the reading when low is good, and is neutral without a polarity', () => {
    expect(xmr(series, { polarity: 'low_is_good' }).points.map((p) => p?.type)).toEqual([
      ...Array<SpcType>(7).fill('improvement'),
      ...Array<SpcType>(8).fill('concern'),
    ]);
    expect(xmr(series).points.every((p) => p?.type === 'neutral')).toBe(true);
  });

  it('gives every point the segment mean and limits, and no trial flag', () => {
    for (const point of result.points) {
      expect(point?.mean).toBeCloseTo(328 / 15, 10);
      expect(point?.lower).toBeCloseTo(328 / 15 - 11.97, 10);
      expect(point?.upper).toBeCloseTo(328 / 15 + 11.97, 10);
      expect(point?.trial).toBe(false);
    }
  });
});

// A baseline of 14 points alternating 12, 8 has mean 10 and 13 moving ranges of 4, so AmR 4,
// limits 10 ± 10.64 = (−0.64, 20.64) and near limits 10 ± 7.0933 = (2.9067, 17.0933). It has no
// signal of its own and ends below the mean, so what follows it is read in isolation.
const BASE = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8];
const FIXED = { baseline: { points: 14 } } as const;
const after = (tail: number[], polarity: 'high_is_good' | 'low_is_good' | 'none' = 'none') =>
  xmr([...BASE, ...tail], { ...FIXED, polarity });
const tailRules = (tail: number[]): (SpcRule | null)[] =>
  after(tail)
    .points.slice(BASE.length)
    .map((p) => p?.rule ?? null);

describe('each rule in isolation', () => {
  it('the baseline itself is common cause, with the limits worked out above', () => {
    const result = after([]);
    expect(result.points.map((p) => p?.rule)).toEqual(none(14));
    expect(result.points.map((p) => p?.type)).toEqual(Array<SpcType>(14).fill('common_cause'));
    const [segment] = result.segments;
    expect(segment?.mean).toBe(10);
    expect(segment?.amr).toBe(4);
    expect(segment?.lower).toBeCloseTo(-0.64, 10);
    expect(segment?.upper).toBeCloseTo(20.64, 10);
    expect(segment?.nearLower).toBeCloseTo(2.906667, 5);
    expect(segment?.nearUpper).toBeCloseTo(17.093333, 5);
  });

  it('outside the limits, above and below', () => {
    expect(tailRules([10, 21, 10, -1])).toEqual(['none', 'outside_limits', 'none', 'outside_limits']);
    expect(after([10, 21, 10, -1], 'high_is_good').points.slice(14).map((p) => p?.type)).toEqual([
      'common_cause',
      'improvement',
      'common_cause',
      'concern',
    ]);
  });

  it('a point just inside a limit is not outside it', () => {
    expect(tailRules([10, 20.6, 10, -0.6])).toEqual(none(4));
  });

  it('a trend: 7 strictly rising points, crossing the mean so that no run forms', () => {
    expect(tailRules([7, 8, 9, 10, 11, 12, 13])).toEqual(Array<SpcRule>(7).fill('trend'));
    expect(after([7, 8, 9, 10, 11, 12, 13], 'low_is_good').points[20]?.type).toBe('concern');
  });

  it('a falling trend is improvement when low is good', () => {
    const result = after([13, 12, 11, 10, 9, 8, 7], 'low_is_good');
    expect(result.points.slice(14).map((p) => p?.rule)).toEqual(Array<SpcRule>(7).fill('trend'));
    expect(result.points.slice(14).map((p) => p?.type)).toEqual(Array<SpcType>(7).fill('improvement'));
  });

  it('6 rising points (5 rises) are not a trend', () => {
    expect(tailRules([7, 8, 9, 10, 11, 12])).toEqual(none(6));
  });

  it('a repeated value breaks a trend', () => {
    expect(tailRules([7, 8, 9, 10, 10, 11, 12, 13])).toEqual(none(8));
  });

  it('a turning point keeps the trend it completes', () => {
    // 8 → 5 then up to 17 (7 points), then down to 5 (7 points sharing the 17).
    const tail = [5, 7, 9, 11, 13, 15, 17, 15, 13, 11, 9, 7, 5];
    const result = after(tail);
    expect(result.points.slice(14).map((p) => p?.rule)).toEqual(Array<SpcRule>(13).fill('trend'));
    const types = after(tail, 'high_is_good').points.slice(14).map((p) => p?.type);
    expect(types).toEqual([...Array<SpcType>(7).fill('improvement'), ...Array<SpcType>(6).fill('concern')]);
  });

  it('two of three beyond the near limits, all on one side: only the two are flagged', () => {
    expect(tailRules([18, 11, 18])).toEqual(['two_of_three', 'none', 'two_of_three']);
    expect(tailRules([2, 9, 2])).toEqual(['two_of_three', 'none', 'two_of_three']);
    expect(after([2, 9, 2], 'high_is_good').points[14]?.type).toBe('concern');
  });

  it('two of three needs all three on the same side, and two beyond the near limit', () => {
    expect(tailRules([18, 9, 18])).toEqual(none(3));
    expect(tailRules([18, 11, 12])).toEqual(none(3));
    expect(tailRules([17, 11, 17])).toEqual(none(3));
  });

  it('a run of 7 on one side of the mean', () => {
    expect(tailRules([11, 12, 11, 12, 11, 12, 11])).toEqual(Array<SpcRule>(7).fill('run'));
    expect(after([11, 12, 11, 12, 11, 12, 11], 'high_is_good').points[20]?.type).toBe('improvement');
  });

  it('6 on one side are not a run', () => {
    expect(tailRules([11, 12, 11, 12, 11, 12])).toEqual(none(6));
  });

  it('a point on the mean breaks a run', () => {
    expect(tailRules([11, 12, 11, 10, 12, 11, 12, 11])).toEqual(none(8));
  });
});

describe('precedence when rules overlap', () => {
  it('outside_limits over trend', () => {
    expect(tailRules([4, 6, 8, 10, 12, 14, 22])).toEqual([...Array<SpcRule>(6).fill('trend'), 'outside_limits']);
  });

  it('outside_limits over two_of_three', () => {
    expect(tailRules([18, 25, 11])).toEqual(['two_of_three', 'outside_limits', 'none']);
  });

  it('trend over two_of_three', () => {
    expect(tailRules([5, 10, 12, 14, 17.5, 18, 19])).toEqual(Array<SpcRule>(7).fill('trend'));
  });

  it('trend over run (the baseline point before the trend stays in the run)', () => {
    const result = after([3, 4, 5, 6, 7, 8, 9]).points.map((p) => p?.rule);
    expect(result.slice(13)).toEqual(['run', ...Array<SpcRule>(7).fill('trend')]);
  });

  it('two_of_three over run', () => {
    expect(tailRules([11, 12, 18, 11, 18, 12, 11])).toEqual([
      'run',
      'run',
      'two_of_three',
      'run',
      'two_of_three',
      'run',
      'run',
    ]);
  });
});

describe('trial limits', () => {
  const alternating = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 12 : 8));

  it('fewer than 13 points give trial limits', () => {
    const result = xmr(alternating(12));
    expect(result.segments[0]?.trial).toBe(true);
    expect(result.points.every((p) => p?.trial === true)).toBe(true);
  });

  it('13 points do not', () => {
    const result = xmr(alternating(13));
    expect(result.segments[0]?.trial).toBe(false);
    expect(result.points.every((p) => p?.trial === false)).toBe(true);
  });

  it('a baseline of fewer than 13 points is trial however long the series', () => {
    expect(xmr(alternating(30), { baseline: { points: 12 } }).segments[0]?.trial).toBe(true);
  });
});

describe('baselines', () => {
  it('fixes the limits on the first k points and extends them', () => {
    // Without the baseline the 30s would pull the mean to (140 + 90) / 17.
    const values = [...BASE, 30, 30, 30];
    const fixed = xmr(values, FIXED);
    expect(fixed.segments[0]?.mean).toBe(10);
    expect(fixed.points[16]).toEqual({
      mean: 10,
      lower: fixed.segments[0]?.lower,
      upper: fixed.segments[0]?.upper,
      rule: 'outside_limits',
      type: 'neutral',
      trial: false,
    });
    expect(xmr(values).segments[0]?.mean).toBeCloseTo(230 / 17, 10);
  });

  it('fixes the limits on an index range, and reads the points before it too', () => {
    const result = xmr([50, 60, ...BASE], { baseline: { start: 2, end: 16 } });
    expect(result.segments[0]?.mean).toBe(10);
    expect(result.segments[0]?.amr).toBe(4);
    expect(result.segments[0]?.baselinePoints).toBe(14);
    expect(result.points.map((p) => p?.rule)).toEqual(['outside_limits', 'outside_limits', ...none(14)]);
  });

  it('refuses a baseline range that is empty, outside the series, across a re-base, or all null', () => {
    expect(() => xmr(BASE, { baseline: { start: 5, end: 5 } })).toThrow(RangeError);
    expect(() => xmr(BASE, { baseline: { start: 0, end: 20 } })).toThrow(RangeError);
    expect(() => xmr(BASE, { baseline: { start: 0, end: 10 }, rebaseAt: [5] })).toThrow(RangeError);
    expect(() => xmr([null, null, 1, 2], { baseline: { start: 0, end: 2 } })).toThrow(RangeError);
    expect(() => xmr(BASE, { baseline: { points: 0 } })).toThrow(RangeError);
  });
});

describe('re-basing', () => {
  // Two phases, each with mean 10 then 20 and AmR 4; the jump of 14 between them belongs to neither.
  const phase2 = [22, 18, 22, 18, 22, 18, 22, 18, 22, 18, 22, 18, 22, 18];

  it('gives each segment its own limits from its own points', () => {
    const result = xmr([...BASE, ...phase2], { rebaseAt: [14] });
    expect(result.segments.map((s) => [s.start, s.end, s.mean, s.amr, s.trial])).toEqual([
      [0, 14, 10, 4, false],
      [14, 28, 20, 4, false],
    ]);
    expect(result.points[14]?.mean).toBe(20);
    expect(result.points.map((p) => p?.rule)).toEqual(none(28));
  });

  it('without the re-base the same series shows runs on each side of one mean', () => {
    const result = xmr([...BASE, ...phase2]);
    expect(result.segments[0]?.mean).toBe(15);
    expect(result.points.map((p) => p?.rule)).toEqual(Array<SpcRule>(28).fill('run'));
  });

  it('marks a segment shorter than 13 points as trial', () => {
    const result = xmr([...BASE, ...phase2], { rebaseAt: [20] });
    expect(result.segments.map((s) => [s.start, s.end, s.trial])).toEqual([
      [0, 20, false],
      [20, 28, true],
    ]);
    expect(result.points[19]?.trial).toBe(false);
    expect(result.points[20]?.trial).toBe(true);
  });

  it('re-bases at several indices; 0, the length and duplicates add no segment', () => {
    const values = [...BASE, ...phase2, ...BASE];
    const result = xmr(values, { rebaseAt: [28, 14, 0, 14, 42] });
    expect(result.segments.map((s) => [s.start, s.end, s.mean])).toEqual([
      [0, 14, 10],
      [14, 28, 20],
      [28, 42, 10],
    ]);
  });

  it('applies a first-k baseline within each segment', () => {
    // The second segment's limits are 20 ± 10.64, so its last value, 31, is outside them.
    const result = xmr([...BASE, 10, ...phase2, 31], { rebaseAt: [15], baseline: { points: 14 } });
    expect(result.segments.map((s) => [s.mean, s.baselinePoints])).toEqual([
      [10, 14],
      [20, 14],
    ]);
    expect(result.points[29]?.rule).toBe('outside_limits');
  });

  it('an index-range baseline applies to its own segment only', () => {
    const result = xmr([...BASE, ...phase2], { rebaseAt: [14], baseline: { start: 0, end: 6 } });
    // 12, 8, 12, 8, 12, 8: mean 10, AmR 4, 6 points; the second segment uses all 14 of its own.
    expect(result.segments.map((s) => [s.mean, s.amr, s.baselinePoints, s.trial])).toEqual([
      [10, 4, 6, true],
      [20, 4, 14, false],
    ]);
  });

  it('refuses an index outside the series', () => {
    expect(() => xmr(BASE, { rebaseAt: [15] })).toThrow(RangeError);
    expect(() => xmr(BASE, { rebaseAt: [2.5] })).toThrow(RangeError);
  });
});

describe('moving ranges', () => {
  it('screens out ranges of at least 3.267 × AmR before recomputing AmR', () => {
    // Ranges 2 × 8 and 28: first AmR 44/9 = 4.889, screen 15.97, so the 28 goes and AmR is 2.
    const result = xmr([10, 12, 10, 12, 10, 12, 10, 12, 10, 40]);
    expect(result.segments[0]?.amr).toBe(2);
  });

  it('keeps every range when they are all zero (a flat series), and flags nothing', () => {
    const result = xmr([5, 5, 5, 5]);
    expect(result.segments[0]).toMatchObject({ mean: 5, amr: 0, lower: 5, upper: 5 });
    expect(result.points.map((p) => p?.rule)).toEqual(none(4));
  });
});

describe('missing values', () => {
  it('get no reading, and no moving range is taken across the gap', () => {
    // Mean (10 + 14 + 30 + 34) / 4 = 22; ranges 4 and 4 (not |30 − 14| = 16), so AmR 4 and limits
    // 22 ± 10.64 = (11.36, 32.64): the 10 and the 34 are outside.
    const result = xmr([10, 14, null, 30, 34]);
    expect(result.segments[0]).toMatchObject({ mean: 22, amr: 4, baselinePoints: 4 });
    expect(rules([10, 14, null, 30, 34])).toEqual(['outside_limits', 'none', null, 'none', 'outside_limits']);
  });

  it('do not break a run: the rules read the values present in order', () => {
    // Six values above the mean are no run; a seventh after a missing period completes one.
    expect(tailRules([11, 12, 11, 12, 11, 12])).toEqual(none(6));
    expect(rules([...BASE, 11, 12, 11, null, 12, 11, 12, 11], FIXED).slice(14)).toEqual([
      'run',
      'run',
      'run',
      null,
      'run',
      'run',
      'run',
      'run',
    ]);
  });

  it('the first-k baseline counts values, not periods', () => {
    const result = xmr([null, ...BASE, 30], FIXED);
    expect(result.segments[0]).toMatchObject({ mean: 10, baselinePoints: 14 });
    expect(result.points[15]?.rule).toBe('outside_limits');
  });

  it('a single value has a mean but no limits; an empty series has no segments', () => {
    expect(xmr([null, 5, null]).points).toEqual([
      null,
      { mean: 5, lower: null, upper: null, rule: 'none', type: 'common_cause', trial: true },
      null,
    ]);
    expect(xmr([])).toEqual({ points: [], segments: [] });
  });

  it('a segment with no values at all has null statistics', () => {
    const result = xmr([...BASE, null, null], { rebaseAt: [14] });
    expect(result.segments[1]).toMatchObject({ start: 14, end: 16, mean: null, lower: null, baselinePoints: 0 });
  });

  it('refuses non-finite values', () => {
    expect(() => xmr([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});
