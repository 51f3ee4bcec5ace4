/** The "show as table" figures of the time-series charts: rows in time order, whatever series holds them. */
import { describe, expect, it } from 'vitest';
import type { SeriesRow } from '../../client/api-types.js';
import { intervalLine } from '../../client/charts/interval-line.js';
import { smallMultiples } from '../../client/charts/small-multiples.js';

function row(period: string, breakdown: string | null, value: number | null, suppressed = false): SeriesRow {
  return {
    period, area_code: 'E07000172', breakdown, numerator: value, denominator: null, value,
    lower95: null, upper95: null, lower998: null, upper998: null, suppressed,
    protection: 'perturbed', max_change: 2, benchmark: null, spc: null,
  };
}

// Female has no figure for 2022-Q2: a table built panel by panel would put that quarter last.
const rows = [
  row('2022-Q1', 'female', 12), row('2022-Q3', 'female', 14), row('2022-Q4', 'female', null, true),
  row('2022-Q1', 'male', 6), row('2022-Q2', 'male', 7), row('2022-Q3', 'male', 8), row('2022-Q4', 'male', 9),
];
const labels = (table: { rows: Record<string, unknown>[] }) => table.rows.map((r) => r.period);
const IN_ORDER = ['2022 Q1', '2022 Q2', '2022 Q3', '2022 Q4'];

describe('chart tables', () => {
  it('small multiples list periods in time order, with x where a panel has no figure', () => {
    const content = smallMultiples({ title: 'T', source: 's', indicatorName: 'Referrals', areaName: 'Broxtowe', breakdownLabel: 'Sex', stat: 'count', rows, order: ['female', 'male'] });
    expect(labels(content.table)).toEqual(IN_ORDER);
    expect(content.table.rows[1]).toMatchObject({ p0: 'x', p1: '7' });
    expect(content.table.rows[3]).toMatchObject({ p0: 'c', p1: '9' });
  });

  it('a line chart with a comparator lists periods in time order', () => {
    const content = intervalLine({
      title: 'T', source: 's', indicatorName: 'Referrals', stat: 'count',
      series: [{ key: 'area', name: 'Broxtowe', rows: rows.filter((r) => r.breakdown === 'female') }, { key: 'england', name: 'England', rows: rows.filter((r) => r.breakdown === 'male') }],
    });
    expect(labels(content.table)).toEqual(IN_ORDER);
  });
});
