/**
 * The cells of measures.csv that are not free text (action-plan-format.md): the unit, the
 * polarity, whether the figure counts children, and a value or target read as a number of its unit.
 */

export const MEASURE_UNITS = ['count', 'percent', 'score'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

/** `up`: higher is better; `down`: lower is better. */
export type MeasurePolarity = 'up' | 'down';

const YES_NO: Readonly<Record<string, boolean>> = {
  '': false, no: false, n: false, false: false, '0': false,
  yes: true, y: true, true: true, '1': true,
};

export function readUnit(text: string): MeasureUnit | null {
  const unit = text.trim().toLowerCase();
  return (MEASURE_UNITS as readonly string[]).includes(unit) ? (unit as MeasureUnit) : null;
}

/** Blank is no polarity (null); anything else than up or down is unreadable (undefined). */
export function readPolarity(text: string): MeasurePolarity | null | undefined {
  const polarity = text.trim().toLowerCase();
  if (polarity === '') return null;
  return polarity === 'up' || polarity === 'down' ? polarity : undefined;
}

/** `yes`/`no` and their usual spellings; blank is no. Undefined when unreadable. */
export function readYesNo(text: string): boolean | undefined {
  return YES_NO[text.trim().toLowerCase()];
}

/** A plain decimal, with thousands separators allowed (`1,250`), as spreadsheets write them. */
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/** What a value of this unit must be, said so that the fix is plain. */
export const UNIT_RULE: Readonly<Record<MeasureUnit, string>> = {
  count: 'a whole number of 0 or more',
  percent: 'a number from 0 to 100',
  score: 'a number',
};

/**
 * The number a cell holds if it is a number of the unit (or of any unit, when the unit itself
 * could not be read); null otherwise.
 */
export function readMeasureNumber(text: string, unit: MeasureUnit | null): number | null {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return null;
  const value = Number(trimmed.replaceAll(',', ''));
  if (!Number.isFinite(value)) return null;
  if (unit === 'count' && (!Number.isInteger(value) || value < 0)) return null;
  if (unit === 'percent' && (value < 0 || value > 100)) return null;
  // -0 would be written back as 0, a different cell: store plain zero.
  return value === 0 ? 0 : value;
}
