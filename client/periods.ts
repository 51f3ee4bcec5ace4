/**
 * Periods as the API writes them: `YYYY-Qn` calendar quarters, `YYYY` reporting years (for
 * official statistics, the year to 31 March YYYY) and `YYYY/YY` financial years (April to March).
 * A rolling 12 months is labelled by its last quarter (docs/indicators.md).
 */
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;
const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;

export function isQuarter(period: string): boolean {
  return QUARTER.test(period);
}

export function isYear(period: string): boolean {
  return YEAR.test(period);
}

/** First day of the period (UTC). A reporting year starts on 1 April of the year before. */
export function periodStart(period: string): Date {
  const q = QUARTER.exec(period);
  if (q) return new Date(Date.UTC(Number(q[1]), (Number(q[2]) - 1) * 3, 1));
  const y = YEAR.exec(period);
  if (y) return new Date(Date.UTC(Number(y[1]) - 1, 3, 1));
  const f = FINANCIAL_YEAR.exec(period);
  if (f) return new Date(Date.UTC(Number(f[1]), 3, 1));
  return new Date(Number.NaN);
}

/** Last day of the period (UTC). */
export function periodEnd(period: string): Date {
  const q = QUARTER.exec(period);
  if (q) return new Date(Date.UTC(Number(q[1]), Number(q[2]) * 3, 0));
  const y = YEAR.exec(period);
  if (y) return new Date(Date.UTC(Number(y[1]), 2, 31));
  const f = FINANCIAL_YEAR.exec(period);
  if (f) return new Date(Date.UTC(Number(f[1]) + 1, 2, 31));
  return new Date(Number.NaN);
}

/** The middle of the period as an ISO date, where a time axis places its point. */
export function periodMid(period: string): string {
  const a = periodStart(period).getTime();
  const b = periodEnd(period).getTime();
  return new Date((a + b) / 2).toISOString().slice(0, 10);
}

export function comparePeriods(a: string, b: string): number {
  return periodStart(a).getTime() - periodStart(b).getTime() || a.localeCompare(b);
}

export function sortPeriods(periods: Iterable<string>): string[] {
  return [...new Set(periods)].sort(comparePeriods);
}

export function latestPeriod(periods: readonly string[]): string | null {
  return sortPeriods(periods).at(-1) ?? null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2015-Q2` → `2015 Q2 (Apr to Jun)`; `2024` → `2023 to 2024 (year to March)`. */
export function periodLabel(period: string, long = false): string {
  const q = QUARTER.exec(period);
  if (q) {
    const n = Number(q[2]);
    return long ? `${q[1]} Q${n} (${MONTHS[(n - 1) * 3]} to ${MONTHS[n * 3 - 1]})` : `${q[1]} Q${n}`;
  }
  const y = YEAR.exec(period);
  if (y) return long ? `${Number(y[1]) - 1} to ${y[1]} (year to 31 March)` : `${Number(y[1]) - 1}-${y[1]!.slice(2)}`;
  return period;
}

const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

/** The period types the series API offers for extract indicators, as the pages name them. */
export const PERIOD_TYPE_LABELS: Readonly<Record<string, string>> = {
  quarter: 'Quarters', financial_year: 'Financial years (April to March)', rolling_12m: 'Rolling 12 months', year: 'Years',
};

/**
 * A period of the given type: `rolling_12m` `2016-Q4` → `12 months to Dec 2016` (long: `12 months
 * to December 2016 (2016 Q1 to 2016 Q4)`); `financial_year` `2015/16` → `2015/16` (long: `2015/16
 * (April 2015 to March 2016)`); quarters and years as periodLabel.
 */
export function windowLabel(period: string, periodType: string, long = false): string {
  const q = QUARTER.exec(period);
  if (periodType === 'rolling_12m' && q) {
    const year = Number(q[1]);
    const n = Number(q[2]);
    const first = n === 4 ? `${year}-Q1` : `${year - 1}-Q${n + 1}`;
    return long
      ? `12 months to ${FULL_MONTHS[n * 3 - 1]} ${year} (${periodLabel(first)} to ${periodLabel(period)})`
      : `12 months to ${MONTHS[n * 3 - 1]} ${year}`;
  }
  const f = FINANCIAL_YEAR.exec(period);
  if (f) return long ? `${period} (April ${f[1]} to March ${Number(f[1]) + 1})` : period;
  return periodLabel(period, long);
}

/** The calendar quarter a date (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(date);
  if (!m) return null;
  return `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}`;
}

/** The latest period of `periods` that ends on or before the end of `at` (a quarter or year). */
export function latestAtOrBefore(periods: readonly string[], at: string): string | null {
  const limit = periodEnd(at).getTime();
  const eligible = periods.filter((p) => periodEnd(p).getTime() <= limit);
  return latestPeriod(eligible);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}
