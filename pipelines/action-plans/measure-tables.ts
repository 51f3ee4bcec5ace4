/**
 * Writing and reading a plan's measures of success (migration 009). Every function runs inside
 * the caller's transaction where it writes; values are bound parameters, lists go in as JSON.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import type { MeasureHistory, MeasureValueRecord } from './measure-history.js';
import type { MeasurePolarity, MeasureUnit } from './measure-values.js';
import type { MeasureDefinition } from './measures-file.js';
import { insertAll } from './plan-tables.js';
import type { StatusSource } from './status-history.js';

/** The plan's measures in the plan's order, and every value held for them in time order. */
export async function readMeasureHistory(c: DuckDBConnection, plan: string): Promise<MeasureHistory> {
  const measures = await c.runAndReadAll(
    `SELECT measure, name, unit, polarity, refs, counts_children FROM plan_measures WHERE plan = $plan ORDER BY position`,
    { plan },
  );
  const values = await c.runAndReadAll(
    `SELECT measure, period, value, target, note, source, recorded_by, epoch_ms(recorded_at) AS recorded_ms
     FROM plan_measure_values WHERE plan = $plan ORDER BY measure, period`,
    { plan },
  );
  return {
    measures: measures.getRowObjectsJS().map((row): MeasureDefinition => ({
      plan,
      measure: String(row.measure),
      name: String(row.name),
      unit: String(row.unit) as MeasureUnit,
      polarity: row.polarity === null ? null : (String(row.polarity) as MeasurePolarity),
      refs: Array.isArray(row.refs) ? row.refs.map(String) : [],
      counts_children: row.counts_children === true,
    })),
    values: values.getRowObjectsJS().map((row): MeasureValueRecord => ({
      measure: String(row.measure),
      period: String(row.period),
      value: Number(row.value),
      target: row.target === null ? null : Number(row.target),
      note: row.note === null ? null : String(row.note),
      source: String(row.source) as StatusSource,
      recorded_by: String(row.recorded_by),
      recorded_at: new Date(Number(row.recorded_ms)).toISOString(),
    })),
  };
}

/** Replaces everything held for the plan's measures with `history`. */
export async function writeMeasureHistory(c: DuckDBConnection, plan: string, history: MeasureHistory): Promise<void> {
  await deleteMeasures(c, plan);
  await insertAll(
    c,
    `INSERT INTO plan_measures (plan, measure, position, name, unit, polarity, refs, counts_children)
     VALUES ($plan, $measure, $position, $name, $unit, $polarity, $refs::JSON::VARCHAR[], $counts_children)`,
    history.measures.map((m, position) => ({
      plan, measure: m.measure, position, name: m.name, unit: m.unit, polarity: m.polarity,
      refs: JSON.stringify(m.refs), counts_children: m.counts_children,
    })),
  );
  await insertMeasureValues(c, plan, history.values);
}

export async function deleteMeasures(c: DuckDBConnection, plan: string): Promise<void> {
  await c.run('DELETE FROM plan_measure_values WHERE plan = $plan', { plan });
  await c.run('DELETE FROM plan_measures WHERE plan = $plan', { plan });
}

/** Replaces the values held for the same measure and quarter. */
export async function replaceMeasureValues(c: DuckDBConnection, plan: string, rows: readonly MeasureValueRecord[]): Promise<void> {
  for (const row of rows) {
    await c.run('DELETE FROM plan_measure_values WHERE plan = $plan AND measure = $measure AND period = $period',
      { plan, measure: row.measure, period: row.period });
  }
  await insertMeasureValues(c, plan, rows);
}

async function insertMeasureValues(c: DuckDBConnection, plan: string, rows: readonly MeasureValueRecord[]): Promise<void> {
  await insertAll(
    c,
    `INSERT INTO plan_measure_values (plan, measure, period, value, target, note, source, recorded_by, recorded_at)
     VALUES ($plan, $measure, $period, $value, $target, $note, $source, $recorded_by, $recorded_at::TIMESTAMPTZ)`,
    rows.map((row) => ({ plan, ...row })),
  );
}
