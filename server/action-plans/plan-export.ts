/**
 * A stored plan written back in the action-plan format (actions.csv, status.csv), so that a board
 * can edit its plan in a spreadsheet and upload it again: importing the export changes nothing.
 * Every cell is written so that the importer's reading (toSafeText, the lead and indicator lists)
 * gives back exactly the stored value.
 */
import { toSafeText } from '../../pipelines/action-plans/safe-text.js';
import { csvLine } from '../http/response-format.js';
import type { ActionView, PlanDetail } from './plan-view.js';

const ACTION_HEADER = [
  'plan', 'plan_name', 'area_code', 'ref', 'parent_ref', 'strand', 'objective', 'action', 'lead', 'due',
  'output', 'cost_gbp', 'budget_source', 'references', 'priority', 'indicators',
];
const STATUS_HEADER = ['plan', 'ref', 'period', 'status', 'note'];

/** actions.csv as lines; the plan's name and area on its first row, as the format asks. */
export function actionsCsv(plan: PlanDetail, actions: readonly ActionView[]): string[] {
  return [
    csvLine(ACTION_HEADER),
    ...actions.map((action, index) => csvLine([
      plan.plan,
      index === 0 ? cell(plan.name) : null,
      index === 0 ? plan.area_code : null,
      cell(action.ref),
      cell(action.parent_ref),
      cell(action.strand),
      cell(action.objective),
      cell(action.action),
      cell(action.lead.join('; ')),
      cell(action.due_text),
      cell(action.output),
      cell(action.cost_text),
      cell(action.budget_source),
      cell(action.references),
      action.priority ? 'yes' : null,
      action.indicators.join('; '),
    ])),
  ];
}

/** status.csv as lines: every review of every action, in the plan's order. */
export function statusCsv(plan: PlanDetail, actions: readonly ActionView[]): string[] {
  return [
    csvLine(STATUS_HEADER),
    ...actions.flatMap((action) =>
      action.statuses.map((status) =>
        csvLine([plan.plan, cell(action.ref), status.period, status.status.replaceAll('_', ' '), cell(status.note)]))),
  ];
}

/**
 * Stored text is already safe text, and reading it again leaves it alone, except where it holds
 * something that reads as an HTML entity (`&amp;` typed as such in the plan): then every `&` is
 * written as `&amp;`, which the importer decodes back once.
 */
export function cell(text: string | null): string | null {
  if (text === null || toSafeText(text) === text) return text;
  return text.replaceAll('&', '&amp;');
}
