/**
 * `actions.csv` (action-plan-format.md): one row per action, any number of plans per file.
 * Free text is reduced to safe plain text as it enters; dates, costs and indicator links are read
 * beside the text they came from, and what cannot be read is flagged rather than guessed.
 */
import { columnIssues, readCsvTable, type CsvRow } from './csv-table.js';
import { readCost } from './costs.js';
import { readDue } from './due-dates.js';
import { readIndicatorLinks, type IndicatorLink } from './indicator-links.js';
import type { PlanIssue, PlanIssueCode } from './plan-issues.js';
import { toSafeText } from './safe-text.js';

export interface PlanSummary {
  readonly plan: string;
  readonly name: string;
  readonly area_code: string;
  /** The line of the plan's first row. */
  readonly line: number;
}

export interface PlanAction {
  readonly plan: string;
  readonly line: number;
  readonly ref: string;
  readonly parent_ref: string | null;
  readonly strand: string;
  readonly objective: string | null;
  readonly action: string;
  readonly lead: string[];
  /** The due text as written (tags removed); null when blank. */
  readonly due_text: string | null;
  /** Every date read from the due text, `YYYY-MM-DD`, in the order written. */
  readonly milestones: string[];
  /** The last milestone; null when the due is blank or unreadable. */
  readonly due_date: string | null;
  readonly output: string | null;
  readonly cost_text: string | null;
  readonly cost_gbp: number | null;
  readonly budget_source: string | null;
  readonly references: string | null;
  readonly priority: boolean;
  readonly indicators: IndicatorLink[];
}

export interface ActionsContent {
  readonly plans: PlanSummary[];
  readonly actions: PlanAction[];
}

const ACTION_COLUMNS = [
  'plan', 'plan_name', 'area_code', 'ref', 'parent_ref', 'strand', 'objective', 'action', 'lead', 'due',
  'output', 'cost_gbp', 'budget_source', 'references', 'priority', 'indicators',
] as const;
const REQUIRED_COLUMNS = ['plan', 'plan_name', 'area_code', 'ref', 'strand', 'action'];

interface PlanDetails {
  readonly line: number;
  name: string;
  area_code: string;
}

const PLAN_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PRIORITY: Readonly<Record<string, boolean>> = {
  '': false, no: false, n: false, false: false, '0': false,
  yes: true, y: true, true: true, '1': true,
};

/** Reports one issue of the actions file. */
type Report = (line: number, column: string | null, code: PlanIssueCode, message: string) => void;

/**
 * Everything that could be read, with the errors beside it, so that a status file checked in
 * the same upload can still be matched to the actions that are well formed.
 */
export function readActions(
  text: string,
  indicatorIds: ReadonlySet<string>,
): ActionsContent & { errors: PlanIssue[]; warnings: PlanIssue[] } {
  const table = readCsvTable(text, 'actions');
  // An unreadable file has no header worth checking.
  const errors = table.issues.length > 0
    ? [...table.issues]
    : columnIssues(table, 'actions', ACTION_COLUMNS, REQUIRED_COLUMNS);
  const warnings: PlanIssue[] = [];
  if (errors.length > 0) return { plans: [], actions: [], errors, warnings };
  const reporter = (list: PlanIssue[]): Report => (line, column, code, message) => {
    list.push({ file: 'actions', line, column, code, message });
  };
  const error = reporter(errors);
  const warn = reporter(warnings);

  const plans = new Map<string, PlanDetails>();
  const actions: PlanAction[] = [];
  const refLines = new Map<string, number>();
  for (const row of table.rows) {
    const plan = (row.cells.get('plan') ?? '').trim().toLowerCase();
    if (plan === '') {
      error(row.line, 'plan', 'missing_plan', 'Every action needs the slug of its plan.');
      continue;
    }
    if (!PLAN_SLUG.test(plan)) {
      error(row.line, 'plan', 'unreadable_plan',
        `"${plan}" is not a slug (letters, digits and hyphens, e.g. stockport-2014-16).`);
      continue;
    }
    recordPlanDetails(plans, plan, row, error);
    const action = readActionRow(row, plan, indicatorIds, error, warn);
    const key = `${plan}\n${action.ref}`;
    const firstLine = refLines.get(key);
    if (action.ref !== '' && firstLine !== undefined) {
      error(row.line, 'ref', 'duplicate_ref',
        `The ref "${action.ref}" is already used in plan "${plan}" on line ${firstLine}.`);
    }
    refLines.set(key, firstLine ?? row.line);
    actions.push(action);
  }

  const summaries: PlanSummary[] = [];
  for (const [plan, details] of plans) {
    if (details.name === '') {
      error(details.line, 'plan_name', 'missing_plan_name',
        `Plan "${plan}" needs a plan_name on its first row.`);
    }
    if (details.area_code === '') {
      error(details.line, 'area_code', 'missing_area_code',
        `Plan "${plan}" needs an area_code on its first row.`);
    }
    summaries.push({ plan, name: details.name, area_code: details.area_code, line: details.line });
  }
  for (const problem of parentProblems(actions)) error(problem.line, 'parent_ref', problem.code, problem.message);
  return { plans: summaries, actions, errors, warnings };
}

function readActionRow(
  row: CsvRow,
  plan: string,
  indicatorIds: ReadonlySet<string>,
  error: Report,
  warn: Report,
): PlanAction {
  const cell = (column: string) => toSafeText(row.cells.get(column) ?? '');
  const optional = (column: string) => {
    const text = cell(column);
    return text === '' ? null : text;
  };

  const ref = cell('ref');
  if (ref === '') error(row.line, 'ref', 'missing_ref', 'Every action needs a ref, unique within its plan.');
  const strand = cell('strand');
  if (strand === '') {
    error(row.line, 'strand', 'missing_strand',
      "Every action needs a strand (the plan's own heading).");
  }
  const action = cell('action');
  if (action === '') error(row.line, 'action', 'missing_action', 'The action text is empty.');

  const dueText = optional('due');
  const due = dueText === null ? null : readDue(dueText);
  if (due !== null && !due.readable) {
    warn(row.line, 'due', 'unreadable_due',
      `No date could be read from "${due.text}"; it is kept as text with no due date.`);
  }
  const costText = optional('cost_gbp');
  const cost = costText === null ? null : readCost(costText);
  if (costText !== null && cost === null) {
    warn(row.line, 'cost_gbp', 'unreadable_cost', `No amount could be read from "${costText}"; it is kept as text.`);
  }
  const priorityText = cell('priority').toLowerCase();
  const priority = PRIORITY[priorityText];
  if (priority === undefined) {
    error(row.line, 'priority', 'unreadable_priority',
      `Priority must be yes or blank, not "${priorityText}".`);
  }
  const links = readIndicatorLinks(row.cells.get('indicators') ?? '', indicatorIds);
  for (const problem of links.problems) error(row.line, 'indicators', problem.code, problem.message);

  return {
    plan,
    line: row.line,
    ref,
    parent_ref: optional('parent_ref'),
    strand,
    objective: optional('objective'),
    action,
    lead: cell('lead').split(/[;\n]/).map((lead) => lead.trim()).filter((lead) => lead !== ''),
    due_text: dueText,
    milestones: due?.dates ?? [],
    due_date: due?.due_date ?? null,
    output: optional('output'),
    cost_text: costText,
    cost_gbp: cost,
    budget_source: optional('budget_source'),
    references: optional('references'),
    priority: priority ?? false,
    indicators: links.links,
  };
}

/** A plan's name and area may be repeated on later rows, but must then agree with the first. */
function recordPlanDetails(plans: Map<string, PlanDetails>, plan: string, row: CsvRow, error: Report): void {
  const details = plans.get(plan) ?? { line: row.line, name: '', area_code: '' };
  plans.set(plan, details);
  const given = {
    name: toSafeText(row.cells.get('plan_name') ?? ''),
    area_code: (row.cells.get('area_code') ?? '').trim().toUpperCase(),
  };
  for (const [key, column] of [['name', 'plan_name'], ['area_code', 'area_code']] as const) {
    if (given[key] === '') continue;
    if (details[key] === '') details[key] = given[key];
    else if (details[key] !== given[key]) {
      error(row.line, column, 'conflicting_plan_details',
        `Plan "${plan}" already has ${column} "${details[key]}" (line ${details.line}).`);
    }
  }
}

/** Parents must be actions of the same plan, and following parents must never lead back. */
function parentProblems(actions: readonly PlanAction[]): { line: number; code: PlanIssueCode; message: string }[] {
  const parentOf = new Map(actions.map((action) => [`${action.plan}\n${action.ref}`, action.parent_ref]));
  const problems: { line: number; code: PlanIssueCode; message: string }[] = [];
  for (const action of actions) {
    if (action.parent_ref === null) continue;
    if (!parentOf.has(`${action.plan}\n${action.parent_ref}`)) {
      problems.push({
        line: action.line,
        code: 'unknown_parent',
        message: `No action "${action.parent_ref}" in plan "${action.plan}".`,
      });
      continue;
    }
    const seen = new Set([action.ref]);
    let parent: string | null | undefined = action.parent_ref;
    while (typeof parent === 'string') {
      if (seen.has(parent)) {
        problems.push({
          line: action.line,
          code: 'parent_cycle',
          message: `Following parent_ref from "${action.ref}" comes back to "${parent}".`,
        });
        break;
      }
      seen.add(parent);
      parent = parentOf.get(`${action.plan}\n${parent}`);
    }
  }
  return problems;
}
