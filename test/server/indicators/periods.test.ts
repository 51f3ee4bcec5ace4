import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
  financialYearLabel,
  populationYear,
  populationYearSql,
  quarterIndex,
  quarterIndexSql,
  quarterLabel,
  requiredQuarters,
  statsPeriodOrdinal,
  windowLabel,
  windowQuarters,
  windowsOfQuarter,
  windowsOfQuarterSql,
} from '../../../server/indicators/periods.js';

const q = (p: string) => quarterIndex(p)!;
const labels = (w: { first: number; last: number }) => [quarterLabel(w.first), quarterLabel(w.last)];

describe('quarters', () => {
  it('round-trip between labels and indices', () => {
    expect(quarterLabel(q('2015-Q2'))).toBe('2015-Q2');
    expect(q('2016-Q1') - q('2015-Q4')).toBe(1);
    expect(quarterIndex('2015 Q2')).toBeNull();
  });
});

describe('financial years', () => {
  it('2015/16 is 2015-Q2 to 2016-Q1', () => {
    expect(financialYearLabel(2015)).toBe('2015/16');
    expect(financialYearLabel(1999)).toBe('1999/00');
    expect(labels(windowQuarters('financial_year', 2015))).toEqual(['2015-Q2', '2016-Q1']);
    expect(windowLabel('financial_year', 2015)).toBe('2015/16');
  });

  it('assigns each quarter to its financial year', () => {
    expect(windowsOfQuarter('financial_year', q('2015-Q1'))).toEqual([2014]);
    expect(windowsOfQuarter('financial_year', q('2015-Q2'))).toEqual([2015]);
    expect(windowsOfQuarter('financial_year', q('2016-Q1'))).toEqual([2015]);
  });

  it('uses the mid-year inside the year, as DfE does for reporting years', () => {
    expect(populationYear('financial_year', 2015)).toBe(2015);
    // Reporting year 2016 (to 31 March 2016) is the same window, labelled by its end, with mid-2015.
    expect(windowLabel('year', 2016)).toBe('2016');
    expect(labels(windowQuarters('year', 2016))).toEqual(['2015-Q2', '2016-Q1']);
    expect(populationYear('year', 2016)).toBe(2015);
    expect(windowsOfQuarter('year', q('2016-Q1'))).toEqual([2016]);
    expect(windowsOfQuarter('year', q('2016-Q2'))).toEqual([2017]);
  });
});

describe('rolling 12 months', () => {
  it('ends at each quarter and covers the three before it', () => {
    expect(windowLabel('rolling_12m', q('2016-Q3'))).toBe('2016-Q3');
    expect(labels(windowQuarters('rolling_12m', q('2016-Q3')))).toEqual(['2015-Q4', '2016-Q3']);
    expect(windowsOfQuarter('rolling_12m', q('2016-Q1')).map(quarterLabel)).toEqual(['2016-Q1', '2016-Q2', '2016-Q3', '2016-Q4']);
  });

  it('takes the population of the 30 June inside the window', () => {
    expect(populationYear('rolling_12m', q('2016-Q1'))).toBe(2015);
    expect(populationYear('rolling_12m', q('2016-Q2'))).toBe(2016);
    expect(populationYear('rolling_12m', q('2016-Q4'))).toBe(2016);
  });
});

describe('part years', () => {
  it('needs four quarters for any year, one for a quarter', () => {
    expect(requiredQuarters('quarter')).toBe(1);
    expect(requiredQuarters('financial_year')).toBe(4);
    expect(requiredQuarters('rolling_12m')).toBe(4);
    expect(requiredQuarters('year')).toBe(4);
  });

  it('a quarter uses its calendar year', () => {
    expect(populationYear('quarter', q('2016-Q1'))).toBe(2016);
  });
});

describe('imported periods', () => {
  it('orders years by year and quarters by quarter so that gaps show', () => {
    expect(statsPeriodOrdinal('year', '2017-04-01')).toBe(2017);
    expect(statsPeriodOrdinal('financial_year', '2019-04-01')! - statsPeriodOrdinal('financial_year', '2018-04-01')!).toBe(1);
    expect(statsPeriodOrdinal('quarter', '2019-04-01')! - statsPeriodOrdinal('quarter', '2019-01-01')!).toBe(1);
    expect(statsPeriodOrdinal('part_year', '2019-09-01')).toBeNull();
  });
});

describe('the SQL the aggregate query uses', () => {
  it('assigns quarters to windows and windows to mid-years exactly as the rules above', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      for (const type of ['quarter', 'financial_year', 'year', 'rolling_12m'] as const) {
        const reader = await c.runAndReadAll(`
          SELECT p, qi, win, ${populationYearSql(type, 'win')} AS pop
          FROM (SELECT p, qi, unnest(${windowsOfQuarterSql(type, 'qi')}) AS win
                FROM (SELECT p, ${quarterIndexSql('p')} AS qi
                      FROM (SELECT y::VARCHAR || '-Q' || n::VARCHAR AS p FROM range(2010, 2031) a(y), range(1, 5) b(n))))`);
        for (const r of reader.getRowObjectsJS()) {
          expect(Number(r.qi)).toBe(q(String(r.p)));
          expect(windowsOfQuarter(type, Number(r.qi))).toContain(Number(r.win));
          expect(Number(r.pop)).toBe(populationYear(type, Number(r.win)));
        }
      }
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });
});
