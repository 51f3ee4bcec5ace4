/**
 * Dates of action plans against the quarters of the indicator series. Plans speak in days
 * (`YYYY-MM-DD`, a month meaning its last day); reviews and series in quarters (`YYYY-Qn`), whose
 * index (year × 4 + quarter − 1) the indicator periods module defines.
 */
import { quarterIndex } from '../indicators/periods.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The index of the quarter a `YYYY-MM-DD` day falls in. */
export function quarterOfDate(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return year * 4 + Math.floor((month - 1) / 3);
}

/** The last day of a quarter, `YYYY-MM-DD`. */
export function quarterEndDate(index: number): string {
  const year = Math.floor(index / 4);
  const lastMonth = (index % 4) * 3 + 3;
  const day = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return `${year}-${String(lastMonth).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A review quarter has begun by `today`: its status may be reported. */
export function reviewHasBegun(period: string, today: string): boolean {
  const index = quarterIndex(period);
  return index !== null && index <= quarterOfDate(today);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today in UTC as `YYYY-MM-DD`: the default "as at" of delivery and impact. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
