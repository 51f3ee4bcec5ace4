/**
 * Reading action plans from their tables (migration 005; the importer in
 * pipelines/action-plans writes them). Parameterised SQL only.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import type { Direction } from '../../pipelines/action-plans/indicator-links.js';
import type { StatusSource } from '../../pipelines/action-plans/status-history.js';
import type { Rag, StatusValue } from '../../pipelines/action-plans/status-values.js';
import {
  linkText, type ActionStatusView, type ActionView, type IndicatorLinkView, type PlanDetail, type PlanListing,
} from './plan-view.js';

export async function listPlans(c: DuckDBConnection): Promise<PlanListing[]> {
  const reader = await c.runAndReadAll(`
    SELECT p.plan, p.name, p.area_code, (SELECT count(*) FROM plan_actions a WHERE a.plan = p.plan)::INTEGER AS actions
    FROM action_plans p ORDER BY p.name, p.plan`);
  return reader.getRowObjectsJS().map((row) => ({
    plan: String(row.plan),
    name: String(row.name),
    area_code: String(row.area_code),
    actions: Number(row.actions),
  }));
}

export async function readPlan(c: DuckDBConnection, plan: string): Promise<PlanDetail | null> {
  const reader = await c.runAndReadAll(`
    SELECT p.plan, p.name, p.area_code, p.imported_by, epoch_ms(p.imported_at) AS imported_ms,
      (SELECT count(*) FROM plan_actions a WHERE a.plan = p.plan)::INTEGER AS actions,
      (SELECT list(name ORDER BY position) FROM plan_strands s WHERE s.plan = p.plan) AS strands,
      (SELECT list(DISTINCT period ORDER BY period) FROM plan_statuses s WHERE s.plan = p.plan) AS periods
    FROM action_plans p WHERE p.plan = $plan`, { plan });
  const row = reader.getRowObjectsJS()[0];
  if (row === undefined) return null;
  return {
    plan: String(row.plan),
    name: String(row.name),
    area_code: String(row.area_code),
    actions: Number(row.actions),
    strands: strings(row.strands),
    review_periods: strings(row.periods),
    imported_by: String(row.imported_by),
    imported_at: new Date(Number(row.imported_ms)).toISOString(),
  };
}

/** Every action of the plan in the plan's order, with its status history and indicator links. */
export async function readPlanActions(c: DuckDBConnection, plan: string): Promise<ActionView[]> {
  const statuses = await readStatuses(c, plan);
  const links = await readLinks(c, plan);
  const reader = await c.runAndReadAll(`
    SELECT ref, parent_ref, strand, objective, action, lead, due_text, due_date::VARCHAR AS due_date,
      milestones::VARCHAR[] AS milestones, output, cost_text, cost_gbp, budget_source, cross_references, priority
    FROM plan_actions WHERE plan = $plan ORDER BY position`, { plan });
  return reader.getRowObjectsJS().map((row): ActionView => {
    const ref = String(row.ref);
    const history = statuses.get(ref) ?? [];
    const latest = history.at(-1) ?? null;
    const indicatorLinks = links.get(ref) ?? [];
    return {
      ref,
      parent_ref: text(row.parent_ref),
      strand: String(row.strand),
      action: String(row.action),
      lead: strings(row.lead),
      due_text: text(row.due_text),
      due_date: text(row.due_date),
      milestones: strings(row.milestones),
      status: latest?.status ?? null,
      statuses: history,
      indicators: indicatorLinks.map(linkText),
      rag: latest?.rag ?? null,
      objective: text(row.objective),
      output: text(row.output),
      cost_text: text(row.cost_text),
      cost_gbp: row.cost_gbp === null ? null : Number(row.cost_gbp),
      budget_source: text(row.budget_source),
      references: text(row.cross_references),
      priority: row.priority === true,
      indicator_links: indicatorLinks,
    };
  });
}

/** Plans of one area, for the impact of one indicator on the plans made for it. */
/** Plans of an area under any of its codes (AreaIndex.codesOf): a recoded authority keeps its plans. */
export async function plansOfArea(c: DuckDBConnection, areaCodes: readonly string[]): Promise<PlanListing[]> {
  return (await listPlans(c)).filter((plan) => areaCodes.includes(plan.area_code));
}

async function readStatuses(c: DuckDBConnection, plan: string): Promise<Map<string, ActionStatusView[]>> {
  const reader = await c.runAndReadAll(`
    SELECT ref, period, status, note, rag, source, recorded_by, epoch_ms(recorded_at) AS recorded_ms
    FROM plan_statuses WHERE plan = $plan ORDER BY ref, period`, { plan });
  const byRef = new Map<string, ActionStatusView[]>();
  for (const row of reader.getRowObjectsJS()) {
    const ref = String(row.ref);
    const list = byRef.get(ref) ?? [];
    list.push({
      period: String(row.period),
      status: String(row.status) as StatusValue,
      note: text(row.note),
      rag: String(row.rag) as Rag,
      source: String(row.source) as StatusSource,
      recorded_by: String(row.recorded_by),
      recorded_at: new Date(Number(row.recorded_ms)).toISOString(),
    });
    byRef.set(ref, list);
  }
  return byRef;
}

async function readLinks(c: DuckDBConnection, plan: string): Promise<Map<string, IndicatorLinkView[]>> {
  const reader = await c.runAndReadAll(`
    SELECT ref, indicator, direction, target FROM plan_indicator_links WHERE plan = $plan ORDER BY ref, position`,
  { plan });
  const byRef = new Map<string, IndicatorLinkView[]>();
  for (const row of reader.getRowObjectsJS()) {
    const ref = String(row.ref);
    const list = byRef.get(ref) ?? [];
    list.push({
      id: String(row.indicator),
      direction: row.direction === null ? null : (String(row.direction) as Direction),
      target: row.target === null ? null : Number(row.target),
    });
    byRef.set(ref, list);
  }
  return byRef;
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
