/**
 * `import-actions` and `POST /api/plans`: check every file completely, then store every plan of
 * the upload in one transaction, or nothing. A plan already held is replaced; its status history
 * follows the rules of status-history.ts, its measures those of measure-history.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import { parsePlan } from './parse-plan.js';
import type { PlanIssue, PlanIssueCode } from './plan-issues.js';
import type { PlanSummary } from './actions-file.js';
import {
  deletePlan, heldAreaCode, insertPlan, insertStatuses, readStatusHistory, unknownAreaCodes,
} from './plan-tables.js';
import { mergeMeasures } from './measure-history.js';
import { readMeasureHistory, writeMeasureHistory } from './measure-tables.js';
import { mergeStatusHistory } from './status-history.js';

export interface ImportActionsRequest {
  /** actions.csv, decoded (plan-text.ts). */
  readonly actions: string;
  /** status.csv, decoded, when the upload has one. */
  readonly status?: string;
  /** measures.csv, decoded, when the upload has one. */
  readonly measures?: string;
  /** The indicator ids the catalogue offers, for the `indicators` column. */
  readonly indicatorIds: ReadonlySet<string>;
  readonly user: string;
  /**
   * Whether the user may write plans of this area (an analyst scoped to one partnership). Both the
   * uploaded plan's area and, on a re-import, the area of the plan it would replace must pass.
   */
  readonly mayWriteArea?: (areaCode: string) => boolean;
  /** The import's time; tests fix it. */
  readonly now?: Date;
}

/** A plan issue, or a plan naming an area that is unknown or not the user's to write. */
export type ImportIssue = Omit<PlanIssue, 'code'> & { readonly code: PlanIssueCode | 'unknown_area' | 'area_not_allowed' };

export interface ImportedPlan {
  readonly plan: string;
  readonly name: string;
  readonly area_code: string;
  readonly actions: number;
  /** Status rows the plan holds after the import. */
  readonly statuses: number;
  /** True when the plan was held before and has been replaced. */
  readonly replaced: boolean;
  /** Status rows held before the import that are held still. */
  readonly statuses_kept: number;
  /** Status rows held before whose action the new file no longer has. */
  readonly statuses_dropped: number;
  /** Measures of success the plan holds after the import, and their values. */
  readonly measures: number;
  readonly measure_values: number;
  /** Values held before that are held still, and those whose measure the new measures file no longer has. */
  readonly measure_values_kept: number;
  readonly measure_values_dropped: number;
}

export type ImportActionsResult =
  | {
    readonly ok: true;
    readonly plans: ImportedPlan[];
    readonly actions: number;
    /** Rows read from the status file. */
    readonly statuses: number;
    /** Rows read from the measures file. */
    readonly measure_values: number;
    readonly warnings: PlanIssue[];
  }
  | { readonly ok: false; readonly errors: ImportIssue[]; readonly error_count: number; readonly warnings: PlanIssue[] };

/** A refusal lists this many problems at most; `error_count` says how many there were. */
const MAX_ERRORS = 200;

export async function importActionPlans(c: DuckDBConnection, request: ImportActionsRequest): Promise<ImportActionsResult> {
  const parsed = parsePlan(request);
  const errors: ImportIssue[] = parsed.ok ? [] : [...parsed.errors];
  if (parsed.ok) errors.push(...await areaIssues(c, parsed.plans, request.mayWriteArea ?? (() => true)));
  if (!parsed.ok || errors.length > 0) {
    return { ok: false, errors: errors.slice(0, MAX_ERRORS), error_count: errors.length, warnings: parsed.warnings };
  }

  const importer = { by: request.user, at: (request.now ?? new Date()).toISOString() };
  const plans: ImportedPlan[] = [];
  await c.run('BEGIN TRANSACTION');
  try {
    for (const summary of parsed.plans) {
      const actions = parsed.actions.filter((action) => action.plan === summary.plan);
      const incoming = request.status === undefined
        ? null
        : parsed.statuses.filter((status) => status.plan === summary.plan);
      const replaced = (await heldAreaCode(c, summary.plan)) !== null;
      const history = mergeStatusHistory(
        await readStatusHistory(c, summary.plan),
        incoming,
        new Set(actions.map((action) => action.ref)),
        importer,
      );
      const incomingMeasures = request.measures === undefined ? null : {
        measures: parsed.measures.filter((measure) => measure.plan === summary.plan),
        values: parsed.measureValues.filter((value) => value.plan === summary.plan),
      };
      const measures = mergeMeasures(
        await readMeasureHistory(c, summary.plan),
        incomingMeasures,
        new Set(actions.map((action) => action.ref)),
        importer,
      );
      await deletePlan(c, summary.plan);
      await insertPlan(c, summary, actions, importer);
      await insertStatuses(c, summary.plan, history.rows);
      await writeMeasureHistory(c, summary.plan, measures);
      plans.push({
        plan: summary.plan,
        name: summary.name,
        area_code: summary.area_code,
        actions: actions.length,
        statuses: history.rows.length,
        replaced,
        statuses_kept: history.kept,
        statuses_dropped: history.dropped,
        measures: measures.measures.length,
        measure_values: measures.values.length,
        measure_values_kept: measures.kept,
        measure_values_dropped: measures.dropped,
      });
    }
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
  return {
    ok: true,
    plans,
    actions: parsed.actions.length,
    statuses: parsed.statuses.length,
    measure_values: parsed.measureValues.length,
    warnings: parsed.warnings,
  };
}

async function areaIssues(
  c: DuckDBConnection,
  plans: readonly PlanSummary[],
  mayWriteArea: (areaCode: string) => boolean,
): Promise<ImportIssue[]> {
  const unknown = await unknownAreaCodes(c, plans.map((plan) => plan.area_code));
  const issues: ImportIssue[] = [];
  for (const plan of plans) {
    const at = { file: 'actions', line: plan.line } as const;
    if (unknown.has(plan.area_code)) {
      issues.push({ ...at, column: 'area_code', code: 'unknown_area',
        message: `"${plan.area_code}" is not an area code we know (ONS codes such as E08000007).` });
    } else if (!mayWriteArea(plan.area_code)) {
      issues.push({ ...at, column: 'area_code', code: 'area_not_allowed',
        message: `Your account cannot write plans of ${plan.area_code}.` });
    }
    const held = await heldAreaCode(c, plan.plan);
    if (held !== null && held !== plan.area_code && !mayWriteArea(held)) {
      issues.push({ ...at, column: 'plan', code: 'area_not_allowed',
        message: `Plan "${plan.plan}" is held for ${held}, whose plans your account cannot replace.` });
    }
  }
  return issues;
}
