/**
 * The periods the series API speaks: calendar quarters of the extracts and the longer windows
 * built from them, and the periods of imported official statistics.
 *
 * Windows are numbered so that SQL can compute them from a quarter and TypeScript can label them:
 * a quarter's index is year × 4 + quarter − 1; a financial year's index is its first year; a
 * reporting year's is the year it ends in (the year to 31 March T, DfE's convention); a rolling
 * 12 months' is the index of its last quarter.
 *
 * Part years: a financial year, reporting year or rolling 12 months with fewer than four quarters
 * of data is never returned as a figure. It is left out of the rows (so it is never compared with
 * a full year, nor with England) and listed as incomplete beside them.
 */
import { STATS_PERIOD_TYPES, type StatsPeriodType } from '../../pipelines/official-stats/ees-periods.js';

/** Windows the extracts (calendar quarters) can be read in. */
export const EXTRACT_PERIOD_TYPES = ['quarter', 'financial_year', 'rolling_12m', 'year'] as const;
export type ExtractPeriodType = (typeof EXTRACT_PERIOD_TYPES)[number];

export type PeriodType = ExtractPeriodType | StatsPeriodType;
export const PERIOD_TYPES: readonly PeriodType[] = [...new Set<PeriodType>([...EXTRACT_PERIOD_TYPES, ...STATS_PERIOD_TYPES])];

export function isPeriodType(value: string): value is PeriodType {
  return (PERIOD_TYPES as readonly string[]).includes(value);
}

/** `2015-Q2` → 8061; null for anything else. */
export function quarterIndex(period: string): number | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m ? Number(m[1]) * 4 + Number(m[2]) - 1 : null;
}

export function quarterLabel(index: number): string {
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** `2015` → `2015/16`: April 2015 to March 2016. */
export function financialYearLabel(firstYear: number): string {
  return `${firstYear}/${String((firstYear + 1) % 100).padStart(2, '0')}`;
}

/** The quarters a window covers, as first and last quarter index (inclusive). */
export function windowQuarters(type: ExtractPeriodType, index: number): { first: number; last: number } {
  switch (type) {
    case 'quarter':
      return { first: index, last: index };
    case 'financial_year':
      // April to March: calendar Q2 of the first year to Q1 of the next.
      return { first: index * 4 + 1, last: index * 4 + 4 };
    case 'year':
      return { first: (index - 1) * 4 + 1, last: index * 4 };
    case 'rolling_12m':
      return { first: index - 3, last: index };
  }
}

/** The window's label: `2015-Q2`, `2015/16`, `2016` (year to 31 March 2016), or the last quarter. */
export function windowLabel(type: ExtractPeriodType, index: number): string {
  switch (type) {
    case 'quarter':
    case 'rolling_12m':
      return quarterLabel(index);
    case 'financial_year':
      return financialYearLabel(index);
    case 'year':
      return String(index);
  }
}

/** The windows one quarter belongs to (a quarter is in four rolling windows). */
export function windowsOfQuarter(type: ExtractPeriodType, quarter: number): number[] {
  switch (type) {
    case 'quarter':
      return [quarter];
    case 'financial_year':
      return [Math.floor((quarter - 1) / 4)];
    case 'year':
      return [Math.floor((quarter - 1) / 4) + 1];
    case 'rolling_12m':
      return [quarter, quarter + 1, quarter + 2, quarter + 3];
  }
}

/** Quarters of data a window needs before it is a figure. */
export function requiredQuarters(type: ExtractPeriodType): number {
  return type === 'quarter' ? 1 : 4;
}

/**
 * The ONS mid-year estimate a window's rate uses. A quarter uses the year it falls in. A longer
 * window uses the mid-year (30 June) inside it: the year to 31 March T contains 30 June T−1, as
 * DfE's rates do, and a rolling year ending in 2016-Q3 contains 30 June 2016.
 */
export function populationYear(type: ExtractPeriodType, index: number): number {
  return type === 'quarter' ? Math.floor(index / 4) : Math.floor((windowQuarters(type, index).last - 1) / 4);
}

/** The same rules in SQL, over an integer quarter index expression, for the aggregate query. */
export function windowsOfQuarterSql(type: ExtractPeriodType, quarter: string): string {
  switch (type) {
    case 'quarter':
      return `[${quarter}]`;
    case 'financial_year':
      return `[(${quarter} - 1) // 4]`;
    case 'year':
      return `[(${quarter} - 1) // 4 + 1]`;
    case 'rolling_12m':
      return `range(${quarter}, ${quarter} + 4)`;
  }
}

export function populationYearSql(type: ExtractPeriodType, window: string): string {
  switch (type) {
    case 'quarter':
      return `(${window} // 4)`;
    case 'financial_year':
      return `(${window})`;
    case 'year':
      return `(${window} - 1)`;
    case 'rolling_12m':
      return `((${window} - 1) // 4)`;
  }
}

/** `2015-Q2` as a quarter index, in SQL. */
export function quarterIndexSql(period: string): string {
  return `(left(${period}, 4)::INTEGER * 4 + right(${period}, 1)::INTEGER - 1)`;
}

/**
 * For an imported period: the mid-year (30 June) that falls between its first and last day, or
 * the year it starts in when none does (a quarter, a month). Reporting year T → T−1.
 */
export function statsPopulationYearSql(start: string, end: string): string {
  return `CASE WHEN make_date(year(${start}), 6, 30) BETWEEN ${start} AND ${end} THEN year(${start})
               WHEN make_date(year(${end}), 6, 30) BETWEEN ${start} AND ${end} THEN year(${end})
               ELSE year(${start}) END`;
}

/**
 * A position for an imported period such that consecutive periods of a regular type differ by 1
 * (years by year, quarters by quarter, months by month), so that SPC sees gaps; null for types
 * with no regular step, whose periods are taken in order.
 */
export function statsPeriodOrdinal(type: PeriodType, start: string | null): number | null {
  if (start === null) return null;
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  switch (type) {
    case 'year':
    case 'calendar_year':
    case 'financial_year':
    case 'academic_year':
    case 'tax_year':
      return year;
    case 'quarter':
      return year * 4 + Math.floor((month - 1) / 3);
    case 'month':
      return year * 12 + month - 1;
    default:
      return null;
  }
}
