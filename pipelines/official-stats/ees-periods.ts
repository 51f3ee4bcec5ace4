/**
 * EES time: `time_period` (`2018` or `201819`) read with `time_identifier` ("Reporting year",
 * "Financial year Q1", "January", ...) into the product's period labels, with the dates the period
 * covers so that a rate can find the population estimate that belongs to it.
 */

/** How the product groups imported periods; the series API's `period_type` uses the same words. */
export const STATS_PERIOD_TYPES = [
  'year',
  'calendar_year',
  'financial_year',
  'academic_year',
  'tax_year',
  'quarter',
  'month',
  'week',
  'part_year',
  'other',
] as const;
export type StatsPeriodType = (typeof STATS_PERIOD_TYPES)[number];

export interface StatsPeriod {
  /** `2018`, `2018/19`, `2018-Q2`, `2018-01`, `2018-W05`, or `2018/19 Autumn term` and the like. */
  period: string;
  periodType: StatsPeriodType;
  /** First and last day covered (YYYY-MM-DD); null for an identifier the product does not know. */
  start: string | null;
  end: string | null;
}

export type PeriodReading =
  | { ok: true; value: StatsPeriod; known: boolean }
  | { ok: false; expected: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

const FOUR_DIGITS = 'a year of four digits, e.g. 2018';
const SIX_DIGITS = 'two consecutive years of six digits, e.g. 201819';

/** Reads one (time_identifier, time_period) pair; identifiers are matched case-insensitively. */
export function readEesPeriod(identifier: string, timePeriod: string): PeriodReading {
  const id = identifier.trim().toLowerCase().replace(/\s+/g, ' ');
  const tp = timePeriod.trim();
  const four = /^\d{4}$/.test(tp) ? Number(tp) : null;
  const six = sixDigitYear(tp);
  const needFour = (make: (y: number) => StatsPeriod): PeriodReading =>
    four === null ? { ok: false, expected: FOUR_DIGITS } : { ok: true, value: make(four), known: true };
  const needSix = (make: (y: number) => StatsPeriod): PeriodReading =>
    six === null ? { ok: false, expected: SIX_DIGITS } : { ok: true, value: make(six), known: true };

  if (id === 'reporting year') {
    // DfE's reporting year T is the year to 31 March T.
    return needFour((y) => ({ period: `${y}`, periodType: 'year', start: day(y - 1, 4, 1), end: day(y, 3, 31) }));
  }
  if (id === 'calendar year') {
    return needFour((y) => ({ period: `${y}`, periodType: 'calendar_year', start: day(y, 1, 1), end: day(y, 12, 31) }));
  }
  const calendarQuarter = /^calendar year q([1-4])$/.exec(id);
  if (calendarQuarter) return needFour((y) => quarter(y, Number(calendarQuarter[1])));
  if (id === 'financial year') {
    return needSix((y) => ({ period: twoYears(y), periodType: 'financial_year', start: day(y, 4, 1), end: day(y + 1, 3, 31) }));
  }
  const financialQuarter = /^financial year q([1-4])$/.exec(id);
  if (financialQuarter) {
    // Financial Q1 is April to June: the calendar year's Q2; Q4 is the next January to March.
    const q = Number(financialQuarter[1]);
    return needSix((y) => (q === 4 ? quarter(y + 1, 1) : quarter(y, q + 1)));
  }
  if (id === 'academic year') {
    return needSix((y) => ({ period: twoYears(y), periodType: 'academic_year', start: day(y, 9, 1), end: day(y + 1, 8, 31) }));
  }
  if (id === 'tax year') {
    return needSix((y) => ({ period: twoYears(y), periodType: 'tax_year', start: day(y, 4, 6), end: day(y + 1, 4, 5) }));
  }
  const partYear = PART_YEARS.find((p) => p.id === id);
  if (partYear) {
    return needSix((y) => ({
      period: `${twoYears(y)} ${identifier.trim()}`,
      periodType: 'part_year',
      start: shiftedDay(y, partYear.from),
      end: shiftedDay(y, partYear.to),
    }));
  }
  const month = MONTHS.findIndex((m) => m.toLowerCase() === id);
  if (month >= 0) {
    return needFour((y) => ({
      period: `${y}-${pad(month + 1)}`,
      periodType: 'month',
      start: day(y, month + 1, 1),
      end: day(y, month + 1, daysInMonth(y, month + 1)),
    }));
  }
  const week = /^week (\d{1,2})$/.exec(id);
  if (week && Number(week[1]) >= 1 && Number(week[1]) <= 53) {
    return needFour((y) => isoWeek(y, Number(week[1])));
  }
  if (tp === '') return { ok: false, expected: 'a time period' };
  return { ok: true, known: false, value: { period: `${tp} ${identifier.trim()}`, periodType: 'other', start: null, end: null } };
}

/** [year offset from the first year of `201819`, month, day] */
type Shifted = readonly [number, number, number];

/** Terms, academic and tax quarters, financial halves: six-digit periods shorter than a year. */
const PART_YEARS: readonly { id: string; from: Shifted; to: Shifted }[] = [
  { id: 'autumn term', from: [0, 9, 1], to: [0, 12, 31] },
  { id: 'spring term', from: [1, 1, 1], to: [1, 4, 30] },
  { id: 'summer term', from: [1, 5, 1], to: [1, 8, 31] },
  { id: 'autumn and spring term', from: [0, 9, 1], to: [1, 4, 30] },
  // EES academic quarters start in August.
  { id: 'academic year q1', from: [0, 8, 1], to: [0, 10, 31] },
  { id: 'academic year q2', from: [0, 11, 1], to: [1, 1, 31] },
  { id: 'academic year q3', from: [1, 2, 1], to: [1, 4, 30] },
  { id: 'academic year q4', from: [1, 5, 1], to: [1, 7, 31] },
  { id: 'tax year q1', from: [0, 4, 6], to: [0, 7, 5] },
  { id: 'tax year q2', from: [0, 7, 6], to: [0, 10, 5] },
  { id: 'tax year q3', from: [0, 10, 6], to: [1, 1, 5] },
  { id: 'tax year q4', from: [1, 1, 6], to: [1, 4, 5] },
  { id: 'part 1 (april to september)', from: [0, 4, 1], to: [0, 9, 30] },
  { id: 'part 2 (october to march)', from: [0, 10, 1], to: [1, 3, 31] },
];

function sixDigitYear(tp: string): number | null {
  const m = /^(\d{4})(\d{2})$/.exec(tp);
  if (!m) return null;
  const first = Number(m[1]);
  return (first + 1) % 100 === Number(m[2]) ? first : null;
}

function quarter(year: number, q: number): StatsPeriod {
  const firstMonth = 3 * q - 2;
  return {
    period: `${year}-Q${q}`,
    periodType: 'quarter',
    start: day(year, firstMonth, 1),
    end: day(year, firstMonth + 2, daysInMonth(year, firstMonth + 2)),
  };
}

function isoWeek(year: number, week: number): StatsPeriod {
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  const start = new Date(mondayOfWeek1 + (week - 1) * 7 * 86_400_000);
  const end = new Date(start.getTime() + 6 * 86_400_000);
  return { period: `${year}-W${pad(week)}`, periodType: 'week', start: isoDay(start), end: isoDay(end) };
}

const twoYears = (y: number) => `${y}/${pad((y + 1) % 100)}`;
const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const shiftedDay = (y: number, [offset, m, d]: Shifted) => day(y + offset, m, d);
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
