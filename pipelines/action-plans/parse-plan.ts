/**
 * An action plan upload: `actions.csv` and, optionally, its `status.csv` and `measures.csv`, checked
 * together so that every problem in any file is reported at once and nothing is stored unless all
 * are sound.
 * Pure: the caller decodes the bytes and supplies the indicator ids its catalogue knows.
 */
import { readActions, type PlanAction, type PlanSummary } from './actions-file.js';
import { parseMeasuresCsv, type MeasureDefinition, type MeasureValue } from './measures-file.js';
import { checked, type Checked } from './plan-issues.js';
import { parseStatusCsv, type PlanStatus } from './status-file.js';

export interface PlanUpload {
  readonly actions: string;
  readonly status?: string;
  readonly measures?: string;
  readonly indicatorIds: ReadonlySet<string>;
}

export interface PlanContent {
  readonly plans: PlanSummary[];
  readonly actions: PlanAction[];
  readonly statuses: PlanStatus[];
  readonly measures: MeasureDefinition[];
  readonly measureValues: MeasureValue[];
}

export function parsePlan(upload: PlanUpload): Checked<PlanContent> {
  const actions = readActions(upload.actions, upload.indicatorIds);
  const knownActions = new Map<string, Set<string>>();
  for (const action of actions.actions) {
    const refs = knownActions.get(action.plan) ?? new Set<string>();
    knownActions.set(action.plan, refs.add(action.ref));
  }
  const status = upload.status === undefined ? null : parseStatusCsv(upload.status, knownActions);
  const measures = upload.measures === undefined ? null : parseMeasuresCsv(upload.measures, knownActions);
  const errors = [
    ...actions.errors,
    ...(status !== null && !status.ok ? status.errors : []),
    ...(measures !== null && !measures.ok ? measures.errors : []),
  ];
  const statuses = status !== null && status.ok ? status.statuses : [];
  const measured = measures !== null && measures.ok ? measures : { measures: [], values: [] };
  return checked(
    { plans: actions.plans, actions: actions.actions, statuses, measures: measured.measures, measureValues: measured.values },
    errors,
    actions.warnings,
  );
}
