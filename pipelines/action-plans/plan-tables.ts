/**
 * Writing action plans to their tables (migration 005). Every function runs inside the caller's
 * transaction; values are always bound parameters, lists go in as JSON and are cast in SQL.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

import type { PlanAction, PlanSummary } from './actions-file.js';
import type { StatusRecord } from './status-history.js';

/** The area of the plan held under this slug, or null when none is. */
export async function heldAreaCode(c: DuckDBConnection, plan: string): Promise<string | null> {
  const reader = await c.runAndReadAll('SELECT area_code FROM action_plans WHERE plan = $plan', { plan });
  const row = reader.getRowObjectsJS()[0];
  return row === undefined ? null : String(row.area_code);
}

/** Area codes among `codes` that the reference areas do not know. */
export async function unknownAreaCodes(c: DuckDBConnection, codes: readonly string[]): Promise<Set<string>> {
  const reader = await c.runAndReadAll(
    `SELECT code FROM (SELECT unnest($codes::JSON::VARCHAR[]) AS code)
     WHERE code NOT IN (SELECT code FROM areas)`,
    { codes: JSON.stringify(codes) },
  );
  return new Set(reader.getRowObjectsJS().map((row) => String(row.code)));
}

export async function readStatusHistory(c: DuckDBConnection, plan: string): Promise<StatusRecord[]> {
  const reader = await c.runAndReadAll(
    `SELECT ref, period, status, rag, note, source, recorded_by, epoch_ms(recorded_at) AS recorded_ms
     FROM plan_statuses WHERE plan = $plan ORDER BY ref, period`,
    { plan },
  );
  return reader.getRowObjectsJS().map((row) => ({
    ref: String(row.ref),
    period: String(row.period),
    status: String(row.status) as StatusRecord['status'],
    rag: String(row.rag) as StatusRecord['rag'],
    note: row.note === null ? null : String(row.note),
    source: String(row.source) as StatusRecord['source'],
    recorded_by: String(row.recorded_by),
    recorded_at: new Date(Number(row.recorded_ms)).toISOString(),
  }));
}

export async function deletePlan(c: DuckDBConnection, plan: string): Promise<void> {
  for (const table of ['plan_indicator_links', 'plan_statuses', 'plan_actions', 'plan_strands', 'action_plans']) {
    await c.run(`DELETE FROM ${table} WHERE plan = $plan`, { plan });
  }
}

export async function insertPlan(
  c: DuckDBConnection,
  summary: PlanSummary,
  actions: readonly PlanAction[],
  importer: { by: string; at: string },
): Promise<void> {
  await c.run(
    `INSERT INTO action_plans (plan, name, area_code, imported_by, imported_at)
     VALUES ($plan, $name, $area, $by, $at::TIMESTAMPTZ)`,
    { plan: summary.plan, name: summary.name, area: summary.area_code, by: importer.by, at: importer.at },
  );
  // The plan's own headings, in the order the plan first uses them.
  const strands = [...new Set(actions.map((action) => action.strand))];
  await insertAll(c, 'INSERT INTO plan_strands (plan, position, name) VALUES ($plan, $position, $name)',
    strands.map((name, position) => ({ plan: summary.plan, position, name })));
  await insertAll(
    c,
    `INSERT INTO plan_actions (plan, ref, position, parent_ref, strand, objective, action, lead, due_text, due_date,
       milestones, output, cost_text, cost_gbp, budget_source, cross_references, priority)
     VALUES ($plan, $ref, $position, $parent_ref, $strand, $objective, $action, $lead::JSON::VARCHAR[], $due_text,
       $due_date::DATE, $milestones::JSON::VARCHAR[]::DATE[], $output, $cost_text, $cost_gbp, $budget_source,
       $cross_references, $priority)`,
    actions.map((action, position) => ({
      plan: summary.plan,
      ref: action.ref,
      position,
      parent_ref: action.parent_ref,
      strand: action.strand,
      objective: action.objective,
      action: action.action,
      lead: JSON.stringify(action.lead),
      due_text: action.due_text,
      due_date: action.due_date,
      milestones: JSON.stringify(action.milestones),
      output: action.output,
      cost_text: action.cost_text,
      cost_gbp: action.cost_gbp,
      budget_source: action.budget_source,
      cross_references: action.references,
      priority: action.priority,
    })),
  );
  await insertAll(
    c,
    `INSERT INTO plan_indicator_links (plan, ref, position, indicator, direction, target)
     VALUES ($plan, $ref, $position, $indicator, $direction, $target)`,
    actions.flatMap((action) =>
      action.indicators.map((link, position) => ({
        plan: summary.plan,
        ref: action.ref,
        position,
        indicator: link.id,
        direction: link.direction,
        target: link.target,
      })),
    ),
  );
}

export async function insertStatuses(c: DuckDBConnection, plan: string, rows: readonly StatusRecord[]): Promise<void> {
  await insertAll(
    c,
    `INSERT INTO plan_statuses (plan, ref, period, status, rag, note, source, recorded_by, recorded_at)
     VALUES ($plan, $ref, $period, $status, $rag, $note, $source, $recorded_by, $recorded_at::TIMESTAMPTZ)`,
    rows.map((row) => ({ plan, ...row })),
  );
}

/** Replaces the statuses held for the same action and quarter. */
export async function replaceStatuses(c: DuckDBConnection, plan: string, rows: readonly StatusRecord[]): Promise<void> {
  for (const row of rows) {
    await c.run('DELETE FROM plan_statuses WHERE plan = $plan AND ref = $ref AND period = $period',
      { plan, ref: row.ref, period: row.period });
  }
  await insertStatuses(c, plan, rows);
}

/** One prepared statement bound once per row: plans are tens of rows, so clarity beats bulk loading. */
export async function insertAll(c: DuckDBConnection, sql: string, rows: readonly Record<string, DuckDBValue>[]): Promise<void> {
  if (rows.length === 0) return;
  const statement = await c.prepare(sql);
  try {
    for (const row of rows) {
      statement.bind(row);
      await statement.run();
    }
  } finally {
    statement.destroySync();
  }
}
