/**
 * What becomes of a plan's measures and their values when the plan is imported again: the rules
 * of statuses (status-history.ts), applied to measures. Values are often recorded in the app
 * quarter by quarter, and re-uploading a corrected actions.csv must not wipe them. So:
 *
 * - without a measures file, every measure and value is kept; a measure's refs to actions the new
 *   actions file no longer has are dropped (they would point at nothing);
 * - with a measures file, its measures are the plan's measures: values of measures it no longer
 *   has are dropped; earlier imported values go; values recorded in the app stay unless the file
 *   gives the same measure and quarter, and then the file wins, being the later word;
 * - a file row that says exactly what the held row says (value, target and note) keeps the held
 *   row, with who recorded it and when, so that exporting a plan and importing it again changes
 *   nothing.
 */
import type { MeasureDefinition, MeasureValue } from './measures-file.js';
import { mergeReimported } from './reimported-history.js';
import type { Recorder, StatusSource } from './status-history.js';

export interface MeasureValueRecord {
  readonly measure: string;
  /** `YYYY-Qn`. */
  readonly period: string;
  readonly value: number;
  readonly target: number | null;
  readonly note: string | null;
  readonly source: StatusSource;
  readonly recorded_by: string;
  /** ISO 8601 instant. */
  readonly recorded_at: string;
}

export interface MeasureHistory {
  readonly measures: MeasureDefinition[];
  readonly values: MeasureValueRecord[];
}

export interface MergedMeasures extends MeasureHistory {
  /** Values held before that are held still. */
  readonly kept: number;
  /** Values held before whose measure is gone from the plan. */
  readonly dropped: number;
}

export function mergeMeasures(
  held: MeasureHistory,
  incoming: { readonly measures: readonly MeasureDefinition[]; readonly values: readonly MeasureValue[] } | null,
  refs: ReadonlySet<string>,
  importer: Recorder,
): MergedMeasures {
  if (incoming === null) {
    const measures = held.measures.map((m) => ({ ...m, refs: m.refs.filter((ref) => refs.has(ref)) }));
    return { measures, values: [...held.values], kept: held.values.length, dropped: 0 };
  }
  const defined = new Set(incoming.measures.map((m) => m.measure));
  const surviving = held.values.filter((row) => defined.has(row.measure));
  const { rows: values, kept } = mergeReimported(
    surviving,
    incoming.values,
    (row) => `${row.measure}\n${row.period}`,
    (same, row) => same.value === row.value && same.target === row.target && same.note === row.note,
    (row): MeasureValueRecord => ({
      measure: row.measure,
      period: row.period,
      value: row.value,
      target: row.target,
      note: row.note,
      source: 'import',
      recorded_by: importer.by,
      recorded_at: importer.at,
    }),
  );
  return { measures: [...incoming.measures], values, kept, dropped: held.values.length - surviving.length };
}
