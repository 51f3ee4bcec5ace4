import { describe, expect, it } from 'vitest';
import { readEesPeriod } from '../../../pipelines/official-stats/ees-periods.js';

const value = (identifier: string, tp: string) => {
  const r = readEesPeriod(identifier, tp);
  if (!r.ok) throw new Error(`not read: ${r.expected}`);
  return r.value;
};

describe('EES time periods', () => {
  it('reads a reporting year as the year to 31 March', () => {
    expect(value('Reporting year', '2025')).toEqual({ period: '2025', periodType: 'year', start: '2024-04-01', end: '2025-03-31' });
  });

  it('reads six-digit financial and academic years', () => {
    expect(value('Financial year', '201819')).toMatchObject({ period: '2018/19', periodType: 'financial_year', start: '2018-04-01', end: '2019-03-31' });
    expect(value('Academic year', '199900')).toMatchObject({ period: '1999/00', periodType: 'academic_year' });
    expect(value('Tax year', '202021')).toMatchObject({ period: '2020/21', start: '2020-04-06', end: '2021-04-05' });
  });

  it('turns financial quarters into calendar quarters', () => {
    expect(value('Financial year Q1', '201819').period).toBe('2018-Q2');
    expect(value('Financial year Q4', '201819').period).toBe('2019-Q1');
    expect(value('Calendar year Q3', '2018')).toMatchObject({ period: '2018-Q3', start: '2018-07-01', end: '2018-09-30' });
  });

  it('reads months, weeks and terms', () => {
    expect(value('February', '2024')).toMatchObject({ period: '2024-02', end: '2024-02-29' });
    expect(value('Week 1', '2021')).toMatchObject({ period: '2021-W01', start: '2021-01-04', end: '2021-01-10' });
    expect(value('Autumn term', '202223')).toMatchObject({ period: '2022/23 Autumn term', periodType: 'part_year' });
  });

  it('matches identifiers whatever their case', () => {
    expect(value('REPORTING YEAR', '2019').period).toBe('2019');
  });

  it('refuses a time period that does not fit its identifier', () => {
    expect(readEesPeriod('Financial year', '2018')).toEqual({ ok: false, expected: expect.stringContaining('201819') });
    expect(readEesPeriod('Financial year', '201820')).toMatchObject({ ok: false });
    expect(readEesPeriod('Reporting year', '201819')).toMatchObject({ ok: false });
  });

  it('keeps an identifier it does not know as a period of its own', () => {
    expect(readEesPeriod('Up until 31st March', '2020')).toEqual({
      ok: true,
      known: false,
      value: { period: '2020 Up until 31st March', periodType: 'other', start: null, end: null },
    });
  });
});
