/**
 * Impact verdicts on series built for the purpose: a clear shift after an action, no change, a
 * shift the wrong way, an action finished last quarter; when an action took effect; the red-red list.
 */
import { describe, expect, it } from 'vitest';

import {
  actionTiming, assessLink, planImpact, redRedActions, type IndicatorSeries,
} from '../../../server/action-plans/impact.js';
import { action, quarterly } from './plan-fixtures.js';

/** Small quarter-to-quarter wobble, as every real series has. */
const WOBBLE = [0.5, -0.5, 1, -1, 0.3, -0.3, 0.8, -0.8];
const around = (level: number, count: number, offset = 0) =>
  Array.from({ length: count }, (_, i) => level + (WOBBLE[(i + offset) % WOBBLE.length] ?? 0));

/** 2014-Q1 to 2017-Q2: eight quarters at `before`, then six at `after`. */
function stepSeries(before: number, after: number): IndicatorSeries {
  return { polarity: 'none', series: quarterly('2014-Q1', [...around(before, 8), ...around(after, 6, 3)]) };
}

const TODAY = '2017-06-30';
/** Reported complete at the review of 2015-Q4: it took effect by 31 December 2015. */
const completedEnd2015 = action({ ref: '1', due_date: '2015-09-30', statuses: [['2015-Q3', 'amber'], ['2015-Q4', 'complete']] });

describe('verdicts', () => {
  it('a clear shift after completion, the way intended: moved_as_intended', () => {
    const result = assessLink(actionTiming(completedEnd2015, TODAY), 'up', stepSeries(10, 18), TODAY);
    expect(result.verdict).toBe('moved_as_intended');
    expect(result.rebase_period).toBe('2016-Q1');
    expect(result.change).toMatchObject({
      before_periods: ['2015-Q1', '2015-Q2', '2015-Q3', '2015-Q4'],
      after_periods: ['2016-Q1', '2016-Q2', '2016-Q3', '2016-Q4'],
    });
    expect(result.change?.difference).toBeCloseTo(8, 0);
    expect(result.change?.lower95).toBeGreaterThan(0);
  });

  it('no change: no_signal_yet', () => {
    const result = assessLink(actionTiming(completedEnd2015, TODAY), 'up', stepSeries(10, 10), TODAY);
    expect(result.verdict).toBe('no_signal_yet');
    expect(result.change?.lower95).toBeLessThan(0);
    expect(result.change?.upper95).toBeGreaterThan(0);
  });

  it('a shift the wrong way: moved_against_intention', () => {
    expect(assessLink(actionTiming(completedEnd2015, TODAY), 'up', stepSeries(10, 4), TODAY).verdict).toBe('moved_against_intention');
    expect(assessLink(actionTiming(completedEnd2015, TODAY), 'down', stepSeries(10, 18), TODAY).verdict).toBe('moved_against_intention');
  });

  it('an action completed last quarter: too_early', () => {
    const lastQuarter = action({ ref: '2', due_date: '2017-03-31', statuses: [['2017-Q1', 'complete']] });
    const result = assessLink(actionTiming(lastQuarter, TODAY), 'up', stepSeries(10, 18), TODAY);
    expect(result.verdict).toBe('too_early');
    expect(result.change).toBeNull();
  });

  it('is too early while fewer than four quarters of data follow, however long ago the action was', () => {
    const series: IndicatorSeries = { polarity: 'none', series: quarterly('2014-Q1', around(10, 11)) };
    expect(assessLink(actionTiming(completedEnd2015, TODAY), 'up', series, TODAY).verdict).toBe('too_early');
  });

  it('a shift with no intended direction: moved; no series: no_data; no date: no_date', () => {
    const timing = actionTiming(completedEnd2015, TODAY);
    expect(assessLink(timing, null, stepSeries(10, 18), TODAY).verdict).toBe('moved');
    expect(assessLink(timing, 'up', { polarity: 'none', series: null }, TODAY).verdict).toBe('no_data');
    expect(assessLink(null, 'up', stepSeries(10, 18), TODAY).verdict).toBe('no_date');
  });

  it('sees only what was known "as at" the day asked', () => {
    // On 30 June 2016 two quarters followed the action: too early, whatever came later.
    expect(assessLink(actionTiming(completedEnd2015, '2016-06-30'), 'up', stepSeries(10, 18), '2016-06-30').verdict).toBe('too_early');
  });
});

describe('SPC around the action', () => {
  it('re-bases the limits at the first quarter after the action', () => {
    const result = assessLink(actionTiming(completedEnd2015, TODAY), 'up', stepSeries(10, 18), TODAY);
    const mean = (period: string) => result.series.find((point) => point.period === period)?.spc?.mean;
    expect(result.series[0]?.period).toBe('2014-Q1');
    expect(result.series.at(-1)?.period).toBe('2017-Q2');
    expect(mean('2015-Q4')).toBeCloseTo(10, 0);
    expect(mean('2016-Q1')).toBeCloseTo(18, 0);
    expect(result.series.every((point) => point.spc?.trial === true)).toBe(true);
  });
});

describe('when an action took effect', () => {
  it('the end of the first review reporting it done', () => {
    expect(actionTiming(completedEnd2015, TODAY)).toEqual({ date: '2015-12-31', basis: 'completed', completed: true });
    const blue = action({ ref: 'b', due_date: '2014-05-31', statuses: [['2014-Q2', 'green'], ['2014-Q3', 'blue'], ['2014-Q4', 'blue']] });
    expect(actionTiming(blue, TODAY)).toEqual({ date: '2014-09-30', basis: 'completed', completed: true });
  });

  it('otherwise its due date, saying whether reviews show it open or there are none', () => {
    const open = action({ ref: 'o', due_date: '2015-03-31', statuses: [['2015-Q1', 'amber']] });
    expect(actionTiming(open, TODAY)).toEqual({ date: '2015-03-31', basis: 'due_date', completed: false });
    const unreviewed = action({ ref: 'u', due_date: '2015-03-31' });
    expect(actionTiming(unreviewed, TODAY)).toEqual({ date: '2015-03-31', basis: 'due_date', completed: null });
    expect(actionTiming(action({ ref: 'n' }), TODAY)).toBeNull();
  });

  it('not from a review that had not happened by the day asked', () => {
    expect(actionTiming(completedEnd2015, '2015-08-01')).toEqual({ date: '2015-09-30', basis: 'due_date', completed: false });
  });
});

describe('the red-red list', () => {
  // 2015-Q3 to 2017-Q2: `falling` drops from about 20 to about 12 in the last four quarters.
  const falling = quarterly('2015-Q3', [...around(20, 4), ...around(12, 4, 2)]);
  const rising = quarterly('2015-Q3', [...around(12, 4), ...around(20, 4, 2)]);
  const series = new Map<string, IndicatorSeries>([
    ['falling', { polarity: 'none', series: falling }],
    ['rising', { polarity: 'none', series: rising }],
    ['falling_good', { polarity: 'high_is_good', series: falling }],
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

  it('is empty on a day when nothing was yet overdue', () => {
    expect(redRedActions(actions.filter((a) => a.ref !== 'red-worse'), series, '2016-06-30')).toEqual([]);
  });
});

describe('a plan\'s impact', () => {
  it('assesses every link of every action', () => {
    const links = planImpact(
      [completedEnd2015, action({ ref: 'x', links: [{ id: 'step', direction: 'up' }] })].map((a) =>
        a.ref === '1' ? { ...a, indicator_links: [{ id: 'step', direction: 'up', target: null }, { id: 'gone', direction: 'down', target: null }] } : a),
      new Map([['step', stepSeries(10, 18)]]),
      TODAY,
    );
    expect(links.map(({ ref, indicator, verdict }) => [ref, indicator, verdict])).toEqual([
      ['1', 'step', 'moved_as_intended'],
      ['1', 'gone', 'no_data'],
      ['x', 'step', 'no_date'],
    ]);
  });
});
