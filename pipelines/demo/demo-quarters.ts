/**
 * The quarters the demo covers and the ways partnerships write them (extract-format.md `period`).
 * The product has its own period parser; this module only writes.
 */

export interface Quarter {
  readonly year: number;
  readonly q: 1 | 2 | 3 | 4;
}

export const FIRST_DEMO_YEAR = 2012;
export const LAST_DEMO_YEAR = 2025;

export const DEMO_QUARTERS: readonly Quarter[] = Array.from(
  { length: (LAST_DEMO_YEAR - FIRST_DEMO_YEAR + 1) * 4 },
  (_, i) => ({ year: FIRST_DEMO_YEAR + Math.floor(i / 4), q: ((i % 4) + 1) as Quarter['q'] }),
);

/** Position from 0 (2012-Q1); shifts and trends are stated on this scale. */
export function quarterIndex(quarter: Quarter): number {
  return (quarter.year - FIRST_DEMO_YEAR) * 4 + quarter.q - 1;
}

/**
 * The DfE reporting year a quarter falls in: the year to 31 March, named by its end (April 2017
 * to March 2018 is 2018), as the children-in-need statistics count.
 */
export function reportingYear(quarter: Quarter): number {
  return quarter.q === 1 ? quarter.year : quarter.year + 1;
}

/** The product's canonical label, `2015-Q2`. */
export function quarterLabel(quarter: Quarter): string {
  return `${quarter.year}-Q${quarter.q}`;
}

export function parseQuarterLabel(label: string): Quarter {
  const match = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!match) throw new RangeError(`not a quarter label: ${label}`);
  return { year: Number(match[1]), q: Number(match[2]) as Quarter['q'] };
}

/**
 * How a file writes its periods: quarters for aggregate files; record-level files may give the
 * date of each record instead.
 */
export type PeriodStyle =
  | 'calendar' // 2015-Q2
  | 'calendar-spaced' // 2015 Q2
  | 'quarter-first' // Q2 2015
  | 'financial' // 2015/16 Q1 (April–June)
  | 'iso-date' // 2015-04-17
  | 'uk-date'; // 17/04/2015

export function isDateStyle(style: PeriodStyle): style is 'iso-date' | 'uk-date' {
  return style === 'iso-date' || style === 'uk-date';
}

/** The financial year starts in April, so calendar Q2 is its Q1 and calendar Q1 its Q4. */
function financialQuarter(quarter: Quarter): string {
  const startYear = quarter.q === 1 ? quarter.year - 1 : quarter.year;
  const fq = quarter.q === 1 ? 4 : quarter.q - 1;
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')} Q${fq}`;
}

export function formatQuarter(quarter: Quarter, style: PeriodStyle): string {
  switch (style) {
    case 'calendar':
      return quarterLabel(quarter);
    case 'calendar-spaced':
      return `${quarter.year} Q${quarter.q}`;
    case 'quarter-first':
      return `Q${quarter.q} ${quarter.year}`;
    case 'financial':
      return financialQuarter(quarter);
    case 'iso-date':
    case 'uk-date':
      throw new RangeError(`${style} writes a day, not a quarter`);
  }
}

const DAY_MS = 86_400_000;

function quarterStartMs(quarter: Quarter): number {
  return Date.UTC(quarter.year, (quarter.q - 1) * 3, 1);
}

export function daysInQuarter(quarter: Quarter): number {
  const next = quarter.q === 4 ? { year: quarter.year + 1, q: 1 as const } : { year: quarter.year, q: (quarter.q + 1) as Quarter['q'] };
  return Math.round((quarterStartMs(next) - quarterStartMs(quarter)) / DAY_MS);
}

/** `yyyy-mm-dd` of the given day (0-based) of the quarter. */
export function isoDateInQuarter(quarter: Quarter, day: number): string {
  return new Date(quarterStartMs(quarter) + day * DAY_MS).toISOString().slice(0, 10);
}

/** Writes an ISO date in the file's style (`17/04/2015` for the UK form). */
export function formatDate(isoDate: string, style: 'iso-date' | 'uk-date'): string {
  if (style === 'iso-date') return isoDate;
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}
