/**
 * Impact verdicts on series built for the purpose: a clear step after an action, no change, a
 * step the wrong way, a trend that was there before (not the action's doing), an action finished
 * last quarter, too few figures; the verdict from the full figures whatever the user is shown; the
 * chart's series, counterfactual and SPC phases; when an action took effect.
 */
import { describe, expect, it } from 'vitest';

import { actionTiming, assessLink, planImpact, type IndicatorSeries } from '../../../server/action-plans/impact.js';
import { action, rateSeries, shareSeries } from './plan-fixtures.js';

/** Quarter-to-quarter noise of about the size Poisson gives at 40. */
const NOISE = [3, -5, 6, -2, 1, -6, 4, -1, 5, -3, 2, -4, 6, -5, 0, 3, -2, 4];
const level = (before: number, after: number) => NOISE.map((n, i) => Math.round((i < 11 ? before : after) * (1 + n / 40)));
/** 2013-Q1 to 2017-Q2: 11 quarters before the action's quarter (2015-Q4), then 6 after. */
const FIRST = '2013-Q1';
const stepSeries = (before: number, after: number) => rateSeries(FIRST, level(before, after));

const TODAY = '2017-06-30';
const UP = { direction: 'up' as const, target: null };
/** Reported complete at the review of 2015-Q4: it took effect by 31 December 2015. */
const completedEnd2015 = action({ ref: '1', due_date: '2015-09-30', statuses: [['2015-Q3', 'amber'], ['2015-Q4', 'complete']] });
const timing = actionTiming(completedEnd2015, TODAY);

describe('verdicts by interrupted time series', () => {
  it('a clear step after completion, the way intended: moved_as_intended, with the step in the unit', () => {
    const result = assessLink(timing, UP, stepSeries(40, 60), TODAY);
    expect(result.verdict).toBe('moved_as_intended');
    expect(result.transition_period).toBe('2015-Q4');
    expect(result.rebase_period).toBe('2016-Q1');
    expect(result.model).toMatchObject({ method: 'quasi_poisson', unit: 'rate_per_10000', before_n: 11, after_n: 6, first_period: '2013-Q1', last_period: '2017-Q2' });
    expect(result.model!.step.estimate).toBeGreaterThan(10);
    expect(result.model!.step.estimate).toBeLessThan(30);
    expect(result.model!.step.lower95).toBeGreaterThan(0);
    expect(result.model!.step_ratio.estimate).toBeCloseTo(1.5, 0);
  });

  it('no change: no_signal_yet ("no clear change"), the interval either side of no change', () => {
    const result = assessLink(timing, UP, stepSeries(40, 40), TODAY);
    expect(result.verdict).toBe('no_signal_yet');
    expect(result.model!.step.lower95).toBeLessThan(0);
    expect(result.model!.step.upper95).toBeGreaterThan(0);
  });

  it('a step the wrong way: moved_against_intention; with no direction: moved', () => {
    expect(assessLink(timing, UP, stepSeries(40, 22), TODAY).verdict).toBe('moved_against_intention');
    expect(assessLink(timing, { direction: 'down', target: null }, stepSeries(40, 60), TODAY).verdict).toBe('moved_against_intention');
    expect(assessLink(timing, { direction: null, target: null }, stepSeries(40, 60), TODAY).verdict).toBe('moved');
  });

  it('a series rising 6% a quarter all along is not credited to the action (the old before/after means did)', () => {
    const rising = rateSeries(FIRST, NOISE.map((n, i) => Math.round(30 * 1.06 ** i * (1 + n / 40))));
    const result = assessLink(timing, UP, rising, TODAY);
    expect(result.verdict).toBe('no_signal_yet');
    // The counterfactual carries the trend on: it rises over the quarters after.
    const cf = result.series.filter((p) => p.counterfactual !== null).map((p) => p.counterfactual!.value);
    expect(cf.at(-1)!).toBeGreaterThan(cf[0]! * 1.2);
  });

  it('too_early until figures reach 3 quarters past the action\'s quarter, however long ago it was', () => {
    expect(assessLink(timing, UP, stepSeries(40, 60), '2016-06-30').verdict).toBe('too_early');
    const short = rateSeries(FIRST, level(40, 60).slice(0, 13));
    expect(short.full!.at(-1)!.period).toBe('2016-Q1');
    const result = assessLink(timing, UP, short, TODAY);
    expect(result.verdict).toBe('too_early');
    expect(result.reason).toMatch(/3 quarters after/);
  });

  it('too few quarters before for a model: no_data, saying so (Cochrane EPOC: 3 each side)', () => {
    const late = rateSeries('2015-Q2', [40, 41, 39, 60, 62, 58, 61, 63]);
    const result = assessLink(timing, UP, late, TODAY);
    expect(result.verdict).toBe('no_data');
    expect(result.reason).toMatch(/2 before .* it needs 3 each side/);
    expect(result.model).toBeNull();
  });

  it('a small series with no clear change says how big a change it could have seen: too little data to tell', () => {
    const small = rateSeries(FIRST, [3, 1, 4, 2, 0, 3, 5, 1, 2, 4, 2, 3, 1, 4, 2, 3, 5, 2]);
    const result = assessLink(timing, UP, small, TODAY);
    expect(result.verdict).toBe('no_signal_yet');
    expect(result.model!.too_little_data).toBe(true);
    expect(result.model!.detectable_step).toBeGreaterThan(result.model!.hoped_for_step);
    // A large, steady series can tell: its "no clear change" is not for want of data.
    const large = rateSeries(FIRST, level(400, 400));
    expect(assessLink(timing, UP, large, TODAY).model!.too_little_data).toBe(false);
  });

  it('the hoped-for step is the way to the link\'s target when it has one', () => {
    const result = assessLink(timing, { direction: 'up', target: 100 }, stepSeries(40, 40), TODAY);
    const cf = result.series.find((p) => p.period === '2016-Q1')!.counterfactual!.value;
    expect(result.model!.hoped_for_step).toBeCloseTo(100 - cf, 6);
  });

  it('a share is modelled as binomial, its step in percentage points', () => {
    const parts = NOISE.map((n, i) => (i < 11 ? 15 : 30) + Math.round(n / 2));
    const result = assessLink(timing, UP, shareSeries(FIRST, parts, 100), TODAY);
    expect(result.verdict).toBe('moved_as_intended');
    expect(result.model).toMatchObject({ method: 'quasi_binomial', unit: 'percentage' });
    expect(result.model!.step.estimate).toBeGreaterThan(8);
    expect(result.model!.step.estimate).toBeLessThan(22);
  });
});

describe('one verdict for every role', () => {
  it('the verdict and the model come from the full figures; the values shown are the user\'s', () => {
    const counts = level(40, 60);
    const analyst = rateSeries(FIRST, counts);
    // A viewer who is shown only some quarters (the rest withheld).
    const viewer = rateSeries(FIRST, counts, counts.map((c, i) => (i % 3 === 0 ? null : c)));
    const a = assessLink(timing, UP, analyst, TODAY);
    const v = assessLink(timing, UP, viewer, TODAY);
    expect(v.verdict).toBe(a.verdict);
    expect(v.model).toEqual(a.model);
    expect(v.series.map((p) => p.counterfactual)).toEqual(a.series.map((p) => p.counterfactual));
    expect(v.series[0]).toMatchObject({ period: '2013-Q1', value: null, suppressed: true });
    expect(a.series[0]).toMatchObject({ period: '2013-Q1', value: counts[0], suppressed: false });
  });
});

describe('the chart\'s series', () => {
  it('ends at the last quarter with figures, and a quarter with no figure is not "withheld"', () => {
    const counts: (number | null)[] = [...level(40, 60).slice(0, 15), null, null, null];
    counts[5] = null;
    const result = assessLink(timing, UP, rateSeries(FIRST, counts), '2020-12-31');
    expect(result.series.at(-1)!.period).toBe('2016-Q3');
    expect(result.series[5]).toMatchObject({ period: '2014-Q2', value: null, suppressed: false });
  });

  it('draws the counterfactual from the action\'s quarter on, with a band around it', () => {
    const result = assessLink(timing, UP, stepSeries(40, 60), TODAY);
    expect(result.series.filter((p) => p.counterfactual !== null).map((p) => p.period)).toEqual(['2015-Q4', '2016-Q1', '2016-Q2', '2016-Q3', '2016-Q4', '2017-Q1', '2017-Q2']);
    for (const p of result.series.filter((q) => q.counterfactual)) {
      expect(p.counterfactual!.lower95).toBeLessThan(p.counterfactual!.value);
      expect(p.counterfactual!.upper95).toBeGreaterThan(p.counterfactual!.value);
    }
    // The values after the step lie above the band of the series as it was going.
    const after = result.series.filter((p) => p.period >= '2016-Q1');
    expect(after.filter((p) => p.value! > p.counterfactual!.upper95).length).toBeGreaterThanOrEqual(4);
  });

  it('re-bases the SPC limits after the action only where a sustained shift follows it', () => {
    const mean = (r: ReturnType<typeof assessLink>, period: string) => r.series.find((p) => p.period === period)?.spc?.mean;
    // The shift begins in the action's own quarter (2015-Q4) or the one after: limits from there.
    const inQuarter = assessLink(timing, UP, rateSeries(FIRST, level(40, 60)), TODAY);
    expect(mean(inQuarter, '2015-Q3')).toBeCloseTo(40, -1);
    expect(mean(inQuarter, '2015-Q4')).toBeCloseTo(60, -1);
    const counts = level(40, 60);
    counts[11] = 36;
    const after = assessLink(timing, UP, rateSeries(FIRST, counts.concat(62, 59, 64)), '2018-03-31');
    expect(mean(after, '2015-Q4')).toBeCloseTo(40, -1);
    expect(mean(after, '2016-Q1')).toBeCloseTo(60, -1);
    // Only 6 quarters after a transition quarter at the old level: not yet a run of 7, one set of limits.
    const early = assessLink(timing, UP, rateSeries(FIRST, counts), TODAY);
    expect(mean(early, '2016-Q1')).toBe(mean(early, '2015-Q4'));
    const flat = assessLink(timing, UP, rateSeries(FIRST, level(40, 40).concat(41, 39, 42)), '2018-03-31');
    expect(mean(flat, '2016-Q1')).toBe(mean(flat, '2015-Q4'));
  });

  it('keeps percentage limits within 0 to 100 and rates at 0 or above', () => {
    const low = assessLink(timing, UP, shareSeries(FIRST, [1, 6, 0, 4, 1, 7, 0, 2, 5, 0, 3, 1, 6, 0, 2, 5, 1, 3], 50), TODAY);
    const high = assessLink(timing, UP, shareSeries(FIRST, [49, 44, 50, 46, 49, 43, 50, 48, 45, 50, 47, 49, 44, 50, 48, 45, 49, 47], 50), TODAY);
    const spc = (r: ReturnType<typeof assessLink>) => r.series.map((p) => p.spc!).filter(Boolean);
    expect(spc(low).every((p) => p.lower! >= 0)).toBe(true);
    expect(spc(low).some((p) => p.lower === 0)).toBe(true);
    expect(spc(high).every((p) => p.upper! <= 100)).toBe(true);
    expect(spc(high).some((p) => p.upper === 100)).toBe(true);
    const rate = assessLink(timing, UP, rateSeries(FIRST, [1, 6, 0, 4, 1, 7, 0, 2, 5, 0, 3, 1, 6, 0, 2, 5, 1, 3]), TODAY);
    expect(spc(rate).every((p) => p.lower! >= 0)).toBe(true);
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

describe('a plan\'s impact', () => {
  it('assesses every link of every action', () => {
    const series = new Map<string, IndicatorSeries>([['step', stepSeries(40, 60)]]);
    const links = planImpact(
      [completedEnd2015, action({ ref: 'x', links: [{ id: 'step', direction: 'up' }] })].map((a) =>
        a.ref === '1' ? { ...a, indicator_links: [{ id: 'step', direction: 'up', target: null }, { id: 'gone', direction: 'down', target: null }] } : a),
      series,
      TODAY,
    );
    expect(links.map(({ ref, indicator, verdict }) => [ref, indicator, verdict])).toEqual([
      ['1', 'step', 'moved_as_intended'],
      ['1', 'gone', 'no_data'],
      ['x', 'step', 'no_date'],
    ]);
  });
});
