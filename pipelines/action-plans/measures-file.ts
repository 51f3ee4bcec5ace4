/**
 * `measures.csv` (action-plan-format.md): a plan's measures of success, one row per measure per
 * quarter. A measure's details (name, unit, polarity, refs, whether it counts children) are given
 * on its first row and may be repeated, but not contradicted, on later rows. Like status.csv, the
 * rows may arrive with their plan or later on their own, so the actions (and, when values are
 * recorded in the app, the measures already held) are passed in rather than read here.
 */
import { columnIssues, readCsvTable, type CsvRow } from './csv-table.js';
import {
  readMeasureNumber, readPolarity, readUnit, readYesNo, UNIT_RULE, type MeasurePolarity, type MeasureUnit,
} from './measure-values.js';
import { checked, type Checked, type PlanIssue, type PlanIssueCode } from './plan-issues.js';
import { readReviewPeriod } from './review-periods.js';
import { toSafeText } from './safe-text.js';
import type { KnownActions } from './status-file.js';

export interface MeasureDefinition {
  readonly plan: string;
  readonly measure: string;
  readonly name: string;
  readonly unit: MeasureUnit;
  readonly polarity: MeasurePolarity | null;
  /** Refs of the actions the measure belongs to, in the order written. */
  readonly refs: string[];
  /** The figure counts children or young people: disclosure control applies for viewers. */
  readonly counts_children: boolean;
}

export interface MeasureValue {
  readonly plan: string;
  readonly measure: string;
  readonly line: number;
  /** `YYYY-Qn`. */
  readonly period: string;
  readonly value: number;
  readonly target: number | null;
  readonly note: string | null;
}

export interface MeasuresContent {
  readonly measures: MeasureDefinition[];
  readonly values: MeasureValue[];
}

/** Measures already held, by `plan\nmeasure`: rows recorded in the app may only name these. */
export type KnownMeasures = ReadonlyMap<string, MeasureDefinition>;

const MEASURE_COLUMNS = [
  'plan', 'measure', 'name', 'unit', 'polarity', 'refs', 'counts_children', 'period', 'value', 'target', 'note',
] as const;
const REQUIRED_COLUMNS = ['plan', 'measure', 'period', 'value'];
const MEASURE_SLUG = /^[a-z][a-z0-9_]*$/;

export const measureKey = (plan: string, measure: string): string => `${plan}\n${measure}`;

type Report = (line: number, column: string | null, code: PlanIssueCode, message: string) => void;

/**
 * With `knownMeasures`, the file may only add quarters to measures already held (recording in the
 * app): their details come from what is held, and a row naming another measure is refused.
 */
export function parseMeasuresCsv(
  text: string,
  knownActions: KnownActions,
  knownMeasures: KnownMeasures | null = null,
): Checked<MeasuresContent> {
  const table = readCsvTable(text, 'measures');
  const errors = table.issues.length > 0
    ? [...table.issues]
    : columnIssues(table, 'measures', MEASURE_COLUMNS, REQUIRED_COLUMNS);
  if (errors.length > 0) return checked({ measures: [], values: [] }, errors, []);
  const error: Report = (line, column, code, message) =>
    errors.push({ file: 'measures', line, column, code, message } satisfies PlanIssue);

  const definitions = new Map<string, MeasureDefinition>(knownMeasures ?? []);
  // A measure whose first row was refused is reported once, not again on each of its rows.
  const refused = new Set<string>();
  const defined: MeasureDefinition[] = [];
  const values: MeasureValue[] = [];
  const firstLines = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (column: string) => (row.cells.get(column) ?? '').trim();
    const plan = cell('plan').toLowerCase();
    const measure = cell('measure').toLowerCase();
    if (plan === '') error(row.line, 'plan', 'missing_plan', 'Every measure row needs the slug of its plan.');
    else if (!knownActions.has(plan)) error(row.line, 'plan', 'unknown_plan', `There is no plan "${plan}" in this upload.`);
    if (measure === '') error(row.line, 'measure', 'missing_measure', 'Every row needs the slug of its measure, e.g. training_attendees.');
    else if (!MEASURE_SLUG.test(measure)) {
      error(row.line, 'measure', 'unreadable_measure',
        `"${measure}" is not a measure slug: use lower-case letters, digits and _, starting with a letter (training_attendees).`);
    }
    const planKnown = plan !== '' && knownActions.has(plan);
    const measureValid = MEASURE_SLUG.test(measure);
    let definition: MeasureDefinition | null = null;
    if (planKnown && measureValid) {
      const key = measureKey(plan, measure);
      const held = definitions.get(key);
      if (knownMeasures !== null && !knownMeasures.has(key)) {
        error(row.line, 'measure', 'unknown_measure',
          `Plan "${plan}" has no measure "${measure}"; new measures come with the plan's measures.csv.`);
      } else if (held === undefined && !refused.has(key)) {
        definition = readDefinition(row, plan, measure, knownActions.get(plan) ?? new Set(), error);
        if (definition === null) refused.add(key);
        else {
          definitions.set(key, definition);
          defined.push(definition);
        }
      } else if (held !== undefined) {
        definition = held;
        checkRepeatedDetails(row, held, error);
      }
    }

    const periodText = cell('period');
    const period = readReviewPeriod(periodText);
    if (periodText === '') error(row.line, 'period', 'missing_period', 'Every measure row needs its quarter, e.g. 2014-Q2.');
    else if (period === null) {
      error(row.line, 'period', 'unreadable_period',
        `"${periodText}" is not a quarter (2014-Q2, Q2 2014, 2014/15 Q1 or a date such as 30/06/2014).`);
    }
    const unit = definition?.unit ?? readUnit(cell('unit'));
    const value = readNumberCell(row, 'value', unit, error);
    const target = cell('target') === '' ? null : readNumberCell(row, 'target', unit, error);
    if (definition === null || period === null || value === null || value === undefined || target === undefined) continue;

    const key = `${plan}\n${measure}\n${period}`;
    const firstLine = firstLines.get(key);
    if (firstLine !== undefined) {
      error(row.line, 'period', 'duplicate_measure_period',
        `Measure "${measure}" already has a value for ${period} on line ${firstLine}.`);
      continue;
    }
    firstLines.set(key, row.line);
    const note = toSafeText(row.cells.get('note') ?? '');
    values.push({ plan, measure, line: row.line, period, value, target, note: note === '' ? null : note });
  }
  return checked({ measures: defined, values }, errors, []);
}

/** The value or target of a row: its number, null when blank or unreadable (reported), undefined for a bad target. */
function readNumberCell(row: CsvRow, column: 'value' | 'target', unit: MeasureUnit | null, error: Report): number | null | undefined {
  const text = (row.cells.get(column) ?? '').trim();
  if (text === '') {
    error(row.line, column, 'missing_value', 'Every measure row needs its value for the quarter.');
    return null;
  }
  const value = readMeasureNumber(text, unit);
  if (value === null) {
    const rule = unit === null ? 'a number' : `${UNIT_RULE[unit]} (the unit is ${unit})`;
    error(row.line, column, column === 'value' ? 'unreadable_value' : 'unreadable_target', `"${text}" is not ${rule}.`);
    return column === 'value' ? null : undefined;
  }
  return value;
}

/** The details on a measure's first row; null (with the problems reported) when they cannot be read. */
function readDefinition(
  row: CsvRow,
  plan: string,
  measure: string,
  refsOfPlan: ReadonlySet<string>,
  error: Report,
): MeasureDefinition | null {
  const cell = (column: string) => (row.cells.get(column) ?? '').trim();
  const name = toSafeText(row.cells.get('name') ?? '');
  const unitText = cell('unit');
  const unit = readUnit(unitText);
  const polarity = readPolarity(cell('polarity'));
  const countsChildren = readYesNo(cell('counts_children'));
  const refs = readRefs(row.cells.get('refs') ?? '');
  let sound = true;
  const fail: Report = (...args) => {
    sound = false;
    error(...args);
  };
  if (name === '') fail(row.line, 'name', 'missing_measure_name', `The first row of measure "${measure}" needs its name.`);
  if (unitText === '') fail(row.line, 'unit', 'missing_unit', `The first row of measure "${measure}" needs its unit: count, percent or score.`);
  else if (unit === null) fail(row.line, 'unit', 'unreadable_unit', `"${unitText}" is not a unit: use count, percent or score.`);
  if (polarity === undefined) {
    fail(row.line, 'polarity', 'unreadable_polarity', `"${cell('polarity')}" is not a polarity: use up (higher is better), down, or leave it blank.`);
  }
  if (countsChildren === undefined) {
    fail(row.line, 'counts_children', 'unreadable_counts_children', `"${cell('counts_children')}" is not yes or no.`);
  }
  for (const ref of refs) {
    if (!refsOfPlan.has(ref)) fail(row.line, 'refs', 'unknown_action', `No action "${ref}" in plan "${plan}".`);
  }
  if (!sound || unit === null || polarity === undefined || countsChildren === undefined) return null;
  return { plan, measure, name, unit, polarity, refs, counts_children: countsChildren };
}

/** A later row may repeat its measure's details, or leave them blank, but not change them. */
function checkRepeatedDetails(row: CsvRow, held: MeasureDefinition, error: Report): void {
  const cell = (column: string) => (row.cells.get(column) ?? '').trim();
  const differs: string[] = [];
  if (cell('name') !== '' && toSafeText(row.cells.get('name') ?? '') !== held.name) differs.push('name');
  if (cell('unit') !== '' && readUnit(cell('unit')) !== held.unit) differs.push('unit');
  if (cell('polarity') !== '' && readPolarity(cell('polarity')) !== held.polarity) differs.push('polarity');
  if (cell('refs') !== '' && readRefs(row.cells.get('refs') ?? '').join('\n') !== held.refs.join('\n')) differs.push('refs');
  if (cell('counts_children') !== '' && readYesNo(cell('counts_children')) !== held.counts_children) differs.push('counts_children');
  for (const column of differs) {
    error(row.line, column, 'conflicting_measure_details',
      `Measure "${held.measure}" was given another ${column} on its first row; give a measure's details once, or the same each time.`);
  }
}

export function readRefs(text: string): string[] {
  return [...new Set(text.split(';').map((ref) => toSafeText(ref)).filter((ref) => ref !== ''))];
}
