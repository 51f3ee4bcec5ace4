/**
 * GET /api/plans and GET /api/plans/:plan/actions as CSV and Arrow (content negotiation of every
 * data route). Actions as CSV are the plan's actions.csv, the format a board already edits; as Arrow
 * they keep their lists and status history as lists.
 */
import { Bool, Field, Float64, Int32, List, Struct, Table, Utf8, vectorFromArray, type DataType } from 'apache-arrow';

import type { ActionView, PlanListing } from '../action-plans/plan-view.js';
import { csvLine } from './response-format.js';

export function plansCsv(plans: readonly PlanListing[]): string[] {
  return [csvLine(['plan', 'name', 'area_code', 'actions']), ...plans.map((p) => csvLine([p.plan, p.name, p.area_code, p.actions]))];
}

export function plansArrow(plans: readonly PlanListing[]): Table {
  return new Table({
    plan: vectorFromArray(plans.map((p) => p.plan), new Utf8()),
    name: vectorFromArray(plans.map((p) => p.name), new Utf8()),
    area_code: vectorFromArray(plans.map((p) => p.area_code), new Utf8()),
    actions: vectorFromArray(plans.map((p) => p.actions), new Int32()),
  });
}

const TEXT = [
  'ref', 'parent_ref', 'strand', 'action', 'due_text', 'due_date', 'status', 'rag', 'objective', 'output', 'cost_text',
  'budget_source', 'references',
] as const;
const LISTS = ['lead', 'milestones', 'indicators'] as const;
const STATUS_FIELDS = ['period', 'status', 'note', 'rag', 'source', 'recorded_by', 'recorded_at'] as const;

export function actionsArrow(actions: readonly ActionView[]): Table {
  const text = (): DataType => new Utf8();
  const statusType = new Struct(STATUS_FIELDS.map((name) => Field.new(name, text(), true)));
  return new Table({
    ...Object.fromEntries(TEXT.map((k) => [k, vectorFromArray(actions.map((a) => a[k]), text())])),
    ...Object.fromEntries(LISTS.map((k) => [k, vectorFromArray(actions.map((a) => [...a[k]]), new List(Field.new('item', text(), true)))])),
    cost_gbp: vectorFromArray(actions.map((a) => a.cost_gbp), new Float64()),
    priority: vectorFromArray(actions.map((a) => a.priority), new Bool()),
    statuses: vectorFromArray(actions.map((a) => a.statuses.map((s) => ({ ...s }))), new List(Field.new('item', statusType, true))),
  });
}
