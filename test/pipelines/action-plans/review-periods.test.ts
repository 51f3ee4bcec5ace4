import { describe, expect, it } from 'vitest';

import { readReviewPeriod } from '../../../pipelines/action-plans/review-periods.js';

describe('readReviewPeriod', () => {
  it.each([
    ['2013-Q3', '2013-Q3'],
    ['2013 Q3', '2013-Q3'],
    ['2013q3', '2013-Q3'],
    ['Q3 2013', '2013-Q3'],
    [' q1-2014 ', '2014-Q1'],
    ['2013/14 Q1', '2013-Q2'],
    ['2013/14 Q2', '2013-Q3'],
    ['2013/14 Q3', '2013-Q4'],
    ['2013/14 Q4', '2014-Q1'],
    ['2013/2014 Q4', '2014-Q1'],
    ['16/07/2013', '2013-Q3'],
    ['1/4/2013', '2013-Q2'],
    ['2013-07-16', '2013-Q3'],
    ['2013-12-31', '2013-Q4'],
  ])('reads %j as %s', (text, period) => {
    expect(readReviewPeriod(text)).toBe(period);
  });

  it.each(['', 'July 2013', '2013-Q5', '2013/15 Q1', '31/02/2013', '16/07/13', '1999-Q4', 'J', 'Spring 2013'])(
    'refuses %j',
    (text) => {
      expect(readReviewPeriod(text)).toBeNull();
    },
  );
});
