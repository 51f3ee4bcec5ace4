/** The red-red list: actions behind schedule whose linked indicators are getting worse. */
import { describe, expect, it } from 'vitest';

import type { IndicatorSeries } from '../../../server/action-plans/impact.js';
import { redRedActions } from '../../../server/action-plans/red-red.js';
import { action, rateSeries } from './plan-fixtures.js';

/** Small quarter-to-quarter wobble, as every real series has. */
const WOBBLE = [0.5, -0.5, 1, -1, 0.3, -0.3, 0.8, -0.8];
const around = (level: number, count: number, offset = 0) =>
  Array.from({ length: count }, (_, i) => level + (WOBBLE[(i + offset) % WOBBLE.length] ?? 0));
const TODAY = '2017-06-30';

describe('the red-red list', () => {
  // 2015-Q3 to 2017-Q2: `falling` drops from about 20 to about 12 in the last four quarters.
  const falling = around(20, 4).concat(around(12, 4, 2));
  const rising = around(12, 4).concat(around(20, 4, 2));
  const withPolarity = (series: IndicatorSeries, polarity: IndicatorSeries['polarity']) => ({ ...series, polarity });
  const series = new Map<string, IndicatorSeries>([
    ['falling', rateSeries('2015-Q3', falling)],
    ['rising', rateSeries('2015-Q3', rising)],
    ['falling_good', withPolarity(rateSeries('2015-Q3', falling), 'high_is_good')],
  ]);
  const actions = [
    action({ ref: 'overdue-worse', due_date: '2016-12-31', statuses: [['2016-Q4', 'amber']], links: [{ id: 'falling', direction: 'up' }] }),
    action({ ref: 'overdue-better', due_date: '2016-12-31', links: [{ id: 'rising', direction: 'up' }] }),
    action({ ref: 'red-worse', due_date: '2018-03-31', statuses: [['2017-Q2', 'red']], links: [{ id: 'falling', direction: 'up' }, { id: 'rising', direction: 'up' }] }),
    action({ ref: 'done-worse', due_date: '2016-12-31', statuses: [['2017-Q1', 'complete']], links: [{ id: 'falling', direction: 'up' }] }),
    action({ ref: 'on-time-worse', due_date: '2018-03-31', statuses: [['2017-Q2', 'green']], links: [{ id: 'falling', direction: 'up' }] }),
    action({ ref: 'overdue-no-direction', due_date: '2016-12-31', links: [{ id: 'falling', direction: null }] }),
    action({ ref: 'overdue-polarity', due_date: '2016-12-31', links: [{ id: 'falling_good', direction: null }] }),
  ];

  it('lists actions behind schedule whose indicators are getting worse, and only those', () => {
    const list = redRedActions(actions, series, TODAY);
    expect(list.map(({ ref, behind, worsening }) => [ref, behind, worsening.map((w) => `${w.indicator}:${w.wanted}`)])).toEqual([
      ['overdue-worse', ['overdue'], ['falling:up']],
      ['red-worse', ['red'], ['falling:up']],
      ['overdue-polarity', ['overdue'], ['falling_good:up']],
    ]);
    expect(list[0]?.worsening[0]?.change).toMatchObject({
      before_periods: ['2015-Q3', '2015-Q4', '2016-Q1', '2016-Q2'],
      after_periods: ['2016-Q3', '2016-Q4', '2017-Q1', '2017-Q2'],
    });
  });

  it('judges the full figures, whatever the user is shown', () => {
    const hidden = new Map([...series].map(([id, s]) => [id, { ...s, shown: s.shown!.map((q) => ({ ...q, value: null })) }]));
    expect(redRedActions(actions, hidden, TODAY)).toEqual(redRedActions(actions, series, TODAY));
  });

  it('is empty on a day when nothing was yet overdue', () => {
    expect(redRedActions(actions.filter((a) => a.ref !== 'red-worse'), series, '2016-06-30')).toEqual([]);
  });
});
