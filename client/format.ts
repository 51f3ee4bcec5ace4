/**
 * How figures are written: en-GB numbers, `c` for a suppressed figure, `x` for one that
 * is not available, percentages for proportions, rates per 10,000 children.
 */
import type { Stat } from './api-types.js';

export const SUPPRESSED = 'c';
export const NOT_AVAILABLE = 'x';

/** Plain words for what disclosure control did (docs/disclosure.md); true for every role, so always shown with figures. */
export const PROTECTED_NOTE =
  'To protect children\u2019s privacy, figures for viewers (and, for analysts, figures beyond their own areas) are changed slightly: ' +
  'a count for one area as uploaded (a partnership or district) is within 2 of the true count, and a total over several areas within 2 for each area in it; ' +
  'a 0 can stand for a true count of up to 2, and parts still add up to their totals.';
export const SUPPRESSED_NOTE =
  'c: hidden to protect privacy \u2013 a changed count of 1 to 4, or a figure worked out from one. The true count can be anything from 0 to about 6.';
export const NOT_AVAILABLE_NOTE = 'x: not available (not recorded or not supplied).';

const counts = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDp = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? NOT_AVAILABLE : counts.format(n);
}

/** A number on the scale of its stat: counts whole, rates to 1 dp, proportions (0–100) as a percentage. */
export function formatNumber(n: number, stat: Stat | string): string {
  if (stat === 'proportion') return `${oneDp.format(n)}%`;
  if (stat === 'count') return Number.isInteger(n) ? counts.format(n) : oneDp.format(n);
  return oneDp.format(n);
}

export interface Figure {
  value: number | null;
  suppressed?: boolean;
}

export function formatFigure(f: Figure, stat: Stat | string): string {
  if (f.suppressed) return SUPPRESSED;
  if (f.value === null || !Number.isFinite(f.value)) return NOT_AVAILABLE;
  return formatNumber(f.value, stat);
}

export function formatInterval(lower: number | null, upper: number | null, suppressed: boolean, stat: Stat | string): string {
  if (suppressed) return SUPPRESSED;
  if (lower === null || upper === null) return NOT_AVAILABLE;
  return `${formatNumber(lower, stat)} to ${formatNumber(upper, stat)}`;
}

export function statLabel(stat: Stat | string): string {
  switch (stat) {
    case 'rate':
      return 'rate per 10,000 children aged 0 to 17';
    case 'proportion':
      return 'percentage';
    case 'value':
      return 'value as published';
    default:
      return 'count';
  }
}

/** A value as a chart draws it (the API already gives proportions as percentages 0–100). */
export function chartValue(n: number | null, _stat?: Stat | string): number | null {
  return n;
}

export function humanise(code: string): string {
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${oneDp.format(n / 1024)} KB`;
  return `${oneDp.format(n / 1024 / 1024)} MB`;
}

export function formatGbp(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 }).format(n);
}
