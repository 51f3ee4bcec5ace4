import { describe, expect, it } from 'vitest';

import { readDue } from '../../../pipelines/action-plans/due-dates.js';

describe('readDue', () => {
  it.each([
    ['End of May 2013', ['2013-05-31']],
    ['30/06/13', ['2013-06-30']],
    ['Sept2015', ['2015-09-30']],
    ['Jan 15', ['2015-01-31']],
    ['Academic year 2013 – 14', ['2014-07-31']],
    ['Academic year 2013/2014', ['2014-07-31']],
    ['April 2014 Dec 2014', ['2014-04-30', '2014-12-31']],
    ['December 2013 for tendering of services', ['2013-12-31']],
    ['June 12', ['2012-06-30']],
    ['Dec 14', ['2014-12-31']],
    ['March 2014 conference to be held', ['2014-03-31']],
    ['January 2014 To deliver training', ['2014-01-31']],
    ['Feb 2016', ['2016-02-29']],
    ['2015', ['2015-12-31']],
    ['2014/15', ['2015-03-31']],
    ['15 November 2013', ['2013-11-15']],
    ['June 12, 2013', ['2013-06-12']],
    ['2015-04-17', ['2015-04-17']],
    ['26.3.2015', ['2015-03-26']],
    ['by December 2013', ['2013-12-31']],
  ])('reads %j', (text, dates) => {
    expect(readDue(text)).toEqual({ text, dates, due_date: dates.at(-1), readable: true });
  });

  it('keeps the last milestone as written, not the latest', () => {
    expect(readDue('March 2015 then Jan 2015').due_date).toBe('2015-01-31');
  });

  it.each(['Ongoing', 'Quarterly', 'ongoing - reviewed quarterly', '', 'March', 'April 152015', '31/02/13', '2013-14-01', '2012-14'])(
    'never guesses %j',
    (text) => {
      expect(readDue(text)).toEqual({ text, dates: [], due_date: null, readable: false });
    },
  );

  it('keeps the original text untouched', () => {
    expect(readDue('  Academic year 2013 – 14. ').text).toBe('  Academic year 2013 – 14. ');
  });

  it('does not read a month out of a name', () => {
    expect(readDue('Martin 2014').dates).toEqual(['2014-12-31']);
    expect(readDue('Mayor to decide').readable).toBe(false);
  });
});
