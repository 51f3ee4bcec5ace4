/**
 * The review a status update belongs to, as the extract format writes periods: a calendar
 * quarter (`2013-Q3`, `2013 Q3`, `Q3 2013`), a financial-year quarter (`2013/14 Q2`, where Q1 is
 * April to June, so it is `2013-Q3`), or the date of the review (`16/07/2013`, `2013-07-16`),
 * which falls in its calendar quarter. Everything becomes `YYYY-Qn`.
 */

const CALENDAR_QUARTER = /^(\d{4})\s*-?\s*q([1-4])$/i;
const QUARTER_FIRST = /^q([1-4])\s*-?\s*(\d{4})$/i;
const FINANCIAL_QUARTER = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*-?\s*q([1-4])$/i;
const DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reviews of these plans began after 2000; an earlier year is a typing slip. */
const FIRST_YEAR = 2000;

export function readReviewPeriod(text: string): string | null {
  const value = text.trim();
  let match = CALENDAR_QUARTER.exec(value);
  if (match) return quarter(Number(match[1]), Number(match[2]));
  match = QUARTER_FIRST.exec(value);
  if (match) return quarter(Number(match[2]), Number(match[1]));
  match = FINANCIAL_QUARTER.exec(value);
  if (match) return financialQuarter(match[1] ?? '', match[2] ?? '', Number(match[3]));
  match = DAY_MONTH_YEAR.exec(value);
  if (match) return dateQuarter(Number(match[3]), Number(match[2]), Number(match[1]));
  match = ISO_DATE.exec(value);
  if (match) return dateQuarter(Number(match[1]), Number(match[2]), Number(match[3]));
  return null;
}

function financialQuarter(startText: string, endText: string, fiscal: number): string | null {
  const start = Number(startText);
  const end = endText.length === 2 ? Math.floor(start / 100) * 100 + Number(endText) : Number(endText);
  if (end !== start + 1) return null;
  // Financial Q1-Q3 are calendar Q2-Q4 of the first year; financial Q4 is calendar Q1 of the next.
  return fiscal === 4 ? quarter(end, 1) : quarter(start, fiscal + 1);
}

function dateQuarter(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return quarter(year, Math.ceil(month / 3));
}

function quarter(year: number, number: number): string | null {
  return year >= FIRST_YEAR ? `${year}-Q${number}` : null;
}
