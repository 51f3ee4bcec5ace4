import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE } from '../../../server/indicators/disclosure-policy.js';
import { buildRows, median, type Figure, type RowOptions } from '../../../server/indicators/series-rows.js';

const figure = (f: Partial<Figure>): Figure => ({
  role: 'area',
  areaCode: 'A',
  period: '2015-Q1',
  order: 0,
  breakdown: null,
  numerator: 10,
  denominator: 10_000,
  symbol: null,
  protected: false,
  maxChange: 0,
  ...f,
});
const options = (o: Partial<RowOptions>): RowOptions => ({ stat: 'rate', polarity: 'none', disclosure: DEFAULT_DISCLOSURE, compare: null, spc: false, ...o });

describe('neighbours', () => {
  it('are their median, once at least three have a value', () => {
    const neighbours = [12, 3, 40, 7].map((n, i) => figure({ role: 'neighbour', areaCode: `N${i}`, numerator: n }));
    const rows = buildRows(neighbours, options({}));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ area_code: 'neighbours', numerator: null, value: median([12, 3, 40, 7]) });
    expect(buildRows(neighbours.slice(0, 2), options({}))).toEqual([]);
  });

  it('leave out what a viewer may not see before taking the median', () => {
    const neighbours = [12, 3, 40, 7, 20].map((n, i) => figure({ role: 'neighbour', areaCode: `N${i}`, numerator: n, protected: true, maxChange: 2 }));
    const rows = buildRows(neighbours, options({}));
    expect(rows[0]!.value).toBeCloseTo(median([12, 40, 7, 20]), 12);
  });
});

describe('benchmarks', () => {
  it('judge a rate by whether the comparator lies in its 95% interval', () => {
    const rows = buildRows(
      [figure({ numerator: 100 }), figure({ role: 'england', areaCode: 'E92000001', numerator: 1000, denominator: 200_000 })],
      options({ compare: 'england', polarity: 'low_is_good' }),
    );
    // 100 per 10,000 against England's 50: significantly higher, which is worse for this polarity.
    expect(rows[0]).toMatchObject({ area_code: 'A', benchmark: 'worse' });
    expect(rows[1]).toMatchObject({ area_code: 'E92000001', benchmark: null });
  });

  it('are not given for counts, whose populations differ', () => {
    const rows = buildRows([figure({ numerator: 100 }), figure({ role: 'england', areaCode: 'E92000001', numerator: 1000 })], options({ stat: 'count', compare: 'england' }));
    expect(rows[0]!.benchmark).toBeNull();
    expect(rows[0]!.denominator).toBeNull();
  });
});

describe('disclosure control', () => {
  it('shows a protected figure as published, saying it was perturbed and by how much at most', () => {
    const rows = buildRows([figure({ numerator: 10, denominator: 12, protected: true, maxChange: 2 })], options({ stat: 'proportion' }));
    expect(rows[0]).toMatchObject({ numerator: 10, denominator: 12, suppressed: false, protection: 'perturbed', max_change: 2 });
    expect(rows[0]!.value).toBeCloseTo(1000 / 12, 10);
  });

  it('hides a protected row whose published numerator or share denominator is 1 to threshold − 1, and shows 0', () => {
    const rows = buildRows(
      [
        figure({ numerator: 4, denominator: 12, protected: true, maxChange: 2 }),
        figure({ period: '2015-Q2', order: 1, numerator: 3, denominator: 4, protected: true, maxChange: 2 }),
        figure({ period: '2015-Q3', order: 2, numerator: 0, denominator: 9, protected: true, maxChange: 2 }),
        figure({ period: '2015-Q4', order: 3, numerator: 5, denominator: 9, protected: true, maxChange: 2 }),
      ],
      options({ stat: 'proportion' }),
    );
    expect(rows.map((r) => [r.numerator, r.denominator, r.value === null, r.lower95, r.suppressed, r.protection])).toEqual([
      [null, null, true, null, true, 'suppressed'],
      [null, null, true, null, true, 'suppressed'],
      [0, 9, false, 0, false, 'perturbed'],
      [5, 9, false, rows[3]!.lower95, false, 'perturbed'],
    ]);
    const threshold3 = buildRows([figure({ numerator: 4, protected: true, maxChange: 2 })], options({ stat: 'count', disclosure: { ...DEFAULT_DISCLOSURE, threshold: 3 } }));
    expect(threshold3[0]).toMatchObject({ numerator: 4, suppressed: false });
  });

  it('keeps a rate\'s population when its count is hidden: the population is public', () => {
    const rows = buildRows([figure({ numerator: 2, denominator: 10_000, protected: true, maxChange: 2 })], options({ stat: 'rate' }));
    expect(rows[0]).toMatchObject({ numerator: null, denominator: 10_000, value: null, suppressed: true });
  });

  it('leaves published official statistics alone, and marks their c as suppressed', () => {
    const rows = buildRows(
      [figure({ numerator: 3 }), figure({ period: '2015-Q2', order: 1, numerator: null, symbol: 'c' }), figure({ period: '2015-Q3', order: 2, numerator: null, symbol: 'x' })],
      options({ stat: 'count' }),
    );
    expect(rows.map((r) => [r.numerator, r.suppressed, r.protection])).toEqual([[3, false, 'none'], [null, true, 'suppressed'], [null, false, 'none']]);
  });
});

describe('SPC', () => {
  it('reads each breakdown cell as its own series, with gaps for missing periods', () => {
    const values = [14, 18, 11, 16, 20, 13, 17, 15, 22, 24, 26, 27, 29, 31, 45];
    const figures = values.map((v, i) => figure({ period: `p${String(i).padStart(2, '0')}`, order: i, numerator: v, denominator: 1 }));
    const rows = buildRows(figures, options({ stat: 'value', spc: true }));
    expect(rows[14]!.spc).toMatchObject({ rule: 'outside_limits', trial: false });
    expect(rows[0]!.spc!.mean).toBeCloseTo(21.867, 3);

    const gapped = buildRows(
      [0, 1, 3].map((order) => figure({ period: `q${order}`, order, numerator: [10, 20, 0, 10][order]! })),
      options({ stat: 'count', spc: true }),
    );
    // Only the 10 → 20 step is a moving range; the gap between q1 and q3 is not one.
    expect(gapped[0]!.spc).toMatchObject({ mean: 40 / 3, trial: true });
    expect(gapped[0]!.spc!.upper).toBeCloseTo(40 / 3 + 2.66 * 10, 9);
  });
});
