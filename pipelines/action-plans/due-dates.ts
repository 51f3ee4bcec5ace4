/**
 * Reading the `due` text of an action as boards write it: "End of May 2013", "30/06/13",
 * "Sept2015", "Jan 15", "Academic year 2013 – 14", "April 2014 Dec 2014" (milestones),
 * "December 2013 for tendering of services". A period means its last day, because a plan that
 * says "March 2014" is on time until March is over.
 *
 * Text with no recognisable date ("Ongoing", "Quarterly") is unreadable: we never guess.
 */

export interface DueReading {
  /** The text exactly as given. */
  readonly text: string;
  /** Every date found, `YYYY-MM-DD`, in the order written. */
  readonly dates: string[];
  /** The last milestone, or null when nothing could be read. */
  readonly due_date: string | null;
  readonly readable: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A month name, full or short ("Sept", "Dec."), captured under `name`. */
function month(name: string): string {
  const names = String.raw`jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?`
    + String.raw`|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`;
  return String.raw`(?<${name}>${names})\.?`;
}
/** A year after a month name: four digits, or two meaning 20yy ("Jan 15" is January 2015). */
const YEAR = String.raw`(?:'?\d{2}|\d{4})(?!\d)`;
const DASH = String.raw`\s*[-–—/]\s*`;

/**
 * One pattern per form, tried together so that the earliest match in the text wins and the
 * longer forms are listed first where two could start at the same place.
 */
const DUE_PATTERN = new RegExp(
  [
    String.raw`(?<academic>academic\s+year\s+(?<acStart>\d{4})${DASH}(?<acEnd>\d{2}|\d{4})(?!\d))`,
    String.raw`(?<iso>(?<!\d)(?<isoY>\d{4})-(?<isoM>\d{1,2})-(?<isoD>\d{1,2})(?!\d))`,
    String.raw`(?<dmy>(?<!\d)(?<dmyD>\d{1,2})(?<sep>[/.-])(?<dmyM>\d{1,2})\k<sep>(?<dmyY>\d{4}|\d{2})(?!\d))`,
    String.raw`(?<dayMonth>(?<!\d)(?<dmD>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?`
      + String.raw`${month('dmMonth')}\s*,?\s*(?<dmY>${YEAR}))`,
    String.raw`(?<monthDay>\b${month('mdMonth')}\s+(?<mdD>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<mdY>\d{4})(?!\d))`,
    String.raw`(?<financial>(?<!\d)(?<fyStart>\d{4})${DASH}(?<fyEnd>\d{2}|\d{4})(?!\d))`,
    String.raw`(?<monthYear>\b${month('myMonth')}(?![a-z])\s*(?:of\s+)?(?<myY>${YEAR}))`,
    String.raw`(?<year>(?<!\d)(?<yY>(?:19|20)\d{2})(?!\d))`,
  ].join('|'),
  'giu',
);

export function readDue(text: string): DueReading {
  const dates: string[] = [];
  for (const match of text.matchAll(DUE_PATTERN)) {
    const date = dateOf(match);
    // A milestone that looks like a date but is none (31/02/13) makes the whole text doubtful.
    if (date === null) return { text, dates: [], due_date: null, readable: false };
    dates.push(date);
  }
  return { text, dates, due_date: dates.at(-1) ?? null, readable: dates.length > 0 };
}

function dateOf(match: RegExpMatchArray): string | null {
  const g = match.groups ?? {};
  if (g.academic !== undefined) {
    const end = followingYear(g.acStart, g.acEnd);
    return end === null ? null : isoDate(end, 7, 31);
  }
  if (g.iso !== undefined) return validDate(num(g.isoY), num(g.isoM), num(g.isoD));
  if (g.dmy !== undefined) return validDate(fullYear(g.dmyY), num(g.dmyM), num(g.dmyD));
  if (g.dayMonth !== undefined) return validDate(fullYear(g.dmY), monthNumber(g.dmMonth), num(g.dmD));
  if (g.monthDay !== undefined) return validDate(num(g.mdY), monthNumber(g.mdMonth), num(g.mdD));
  if (g.financial !== undefined) {
    const end = followingYear(g.fyStart, g.fyEnd);
    return end === null ? null : isoDate(end, 3, 31);
  }
  if (g.monthYear !== undefined) {
    const year = fullYear(g.myY);
    const month = monthNumber(g.myMonth);
    return isoDate(year, month, daysIn(year, month));
  }
  if (g.year !== undefined) return isoDate(num(g.yY), 12, 31);
  return null;
}

function monthNumber(name: string | undefined): number {
  const lower = (name ?? '').toLowerCase();
  return MONTHS.findIndex((prefix) => lower.startsWith(prefix)) + 1;
}

/** "2013 – 14" or "2013/2014": the second year, which must follow the first. */
function followingYear(start: string | undefined, end: string | undefined): number | null {
  const from = num(start);
  const to = end !== undefined && end.length === 2 ? Math.floor(from / 100) * 100 + num(end) : num(end);
  return to === from + 1 ? to : null;
}

function fullYear(text: string | undefined): number {
  const digits = (text ?? '').replace("'", '');
  return digits.length === 2 ? 2000 + num(digits) : num(digits);
}

function num(text: string | undefined): number {
  return Number.parseInt(text ?? '', 10);
}

function validDate(year: number, month: number, day: number): string | null {
  if (!(month >= 1 && month <= 12) || !(day >= 1 && day <= daysIn(year, month))) return null;
  return isoDate(year, month, day);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
