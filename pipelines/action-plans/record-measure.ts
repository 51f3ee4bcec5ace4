/**
 * A quarter's value (and target) of a measure of success, recorded in the app for one stored plan
 * (`POST /api/plans/:plan/measures`): JSON entries `{measure, period, value, target, note}`. Each is
 * written as a row of measures.csv and goes through that file's own checks, with the plan's held
 * measures supplying unit and the rest, so an entry is held to exactly the rules of an uploaded
 * file. A value for a quarter the measure already has replaces it: that is how a board corrects it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import { entriesAsCsv } from './json-entries.js';
import type { MeasureValueRecord } from './measure-history.js';
import { readMeasureHistory, replaceMeasureValues } from './measure-tables.js';
import { measureKey, parseMeasuresCsv } from './measures-file.js';
import type { PlanIssue } from './plan-issues.js';

export interface RecordedMeasureValue extends MeasureValueRecord {
  /** What this value replaced, if the measure had one for the quarter. */
  readonly previous: { readonly value: number; readonly target: number | null } | null;
}

export type RecordMeasureResult =
  | { readonly ok: true; readonly plan: string; readonly values: RecordedMeasureValue[] }
  | { readonly ok: false; readonly errors: PlanIssue[]; readonly error_count: number };

const ENTRY_FIELDS = ['measure', 'period', 'value', 'target', 'note'] as const;

export async function recordMeasureValues(
  c: DuckDBConnection,
  plan: string,
  entries: readonly unknown[],
  recorder: { by: string; now?: Date },
): Promise<RecordMeasureResult> {
  const held = await readMeasureHistory(c, plan);
  const refs = await c.runAndReadAll('SELECT ref FROM plan_actions WHERE plan = $plan', { plan });
  const knownActions = new Map([[plan, new Set(refs.getRowObjectsJS().map((row) => String(row.ref)))]]);
  const knownMeasures = new Map(held.measures.map((m) => [measureKey(plan, m.measure), m]));
  const source = entriesAsCsv(plan, entries, ENTRY_FIELDS);
  const parsed = parseMeasuresCsv(source.text, knownActions, knownMeasures);
  if (!parsed.ok) {
    const errors = parsed.errors.map((issue) => ({ ...issue, line: source.entryOf.get(issue.line) ?? issue.line }));
    return { ok: false, errors, error_count: errors.length };
  }

  const at = (recorder.now ?? new Date()).toISOString();
  const rows: MeasureValueRecord[] = parsed.values.map((row) => ({
    measure: row.measure,
    period: row.period,
    value: row.value,
    target: row.target,
    note: row.note,
    source: 'app',
    recorded_by: recorder.by,
    recorded_at: at,
  }));
  await c.run('BEGIN TRANSACTION');
  try {
    await replaceMeasureValues(c, plan, rows);
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
  const heldByKey = new Map(held.values.map((row) => [`${row.measure}\n${row.period}`, row]));
  return {
    ok: true,
    plan,
    values: rows.map((row) => {
      const previous = heldByKey.get(`${row.measure}\n${row.period}`);
      return { ...row, previous: previous === undefined ? null : { value: previous.value, target: previous.target } };
    }),
  };
}
