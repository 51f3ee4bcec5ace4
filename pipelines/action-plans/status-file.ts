/**
 * `status.csv` (action-plan-format.md): one row per action per review. Rows may arrive with
 * their plan or later on their own (`POST /api/plans/:plan/status`), so the actions they refer
 * to are passed in rather than read here.
 */
import { columnIssues, readCsvTable } from './csv-table.js';
import { checked, type Checked, type PlanIssue, type PlanIssueCode } from './plan-issues.js';
import { readReviewPeriod } from './review-periods.js';
import { toSafeText } from './safe-text.js';
import { readStatus, STATUS_RAG, type Rag, type StatusValue } from './status-values.js';

export interface PlanStatus {
  readonly plan: string;
  readonly ref: string;
  readonly line: number;
  /** `YYYY-Qn`. */
  readonly period: string;
  readonly status: StatusValue;
  readonly rag: Rag;
  readonly note: string | null;
}

export interface StatusContent {
  readonly statuses: PlanStatus[];
}

/** The refs of every action that a status row may name, by plan slug. */
export type KnownActions = ReadonlyMap<string, ReadonlySet<string>>;

const STATUS_COLUMNS = ['plan', 'ref', 'period', 'status', 'note'] as const;
const REQUIRED_COLUMNS = ['plan', 'ref', 'period', 'status'];

export function parseStatusCsv(text: string, knownActions: KnownActions): Checked<StatusContent> {
  const table = readCsvTable(text, 'status');
  // An unreadable file has no header worth checking.
  const errors = table.issues.length > 0
    ? [...table.issues]
    : columnIssues(table, 'status', STATUS_COLUMNS, REQUIRED_COLUMNS);
  if (errors.length > 0) return checked({ statuses: [] }, errors, []);
  const error = (line: number, column: string, code: PlanIssueCode, message: string) =>
    errors.push({ file: 'status', line, column, code, message } satisfies PlanIssue);

  const statuses: PlanStatus[] = [];
  const firstLines = new Map<string, number>();
  for (const row of table.rows) {
    const plan = (row.cells.get('plan') ?? '').trim().toLowerCase();
    const ref = toSafeText(row.cells.get('ref') ?? '');
    const periodText = (row.cells.get('period') ?? '').trim();
    const statusText = (row.cells.get('status') ?? '').trim();
    const period = readReviewPeriod(periodText);
    const status = readStatus(statusText);

    if (plan === '') error(row.line, 'plan', 'missing_plan', 'Every status row needs the slug of its plan.');
    if (ref === '') error(row.line, 'ref', 'missing_ref', 'Every status row needs the ref of its action.');
    if (plan !== '' && ref !== '' && !(knownActions.get(plan)?.has(ref) ?? false)) {
      error(row.line, 'ref', 'unknown_action', `No action "${ref}" in plan "${plan}".`);
    }
    if (periodText === '') {
      error(row.line, 'period', 'missing_period', 'Every status row needs the quarter or date of its review.');
    } else if (period === null) {
      error(row.line, 'period', 'unreadable_period',
        `"${periodText}" is not a review period (2013-Q3, Q3 2013, 2013/14 Q2 or a date such as 16/07/2013).`);
    }
    if (statusText === '') error(row.line, 'status', 'missing_status', 'The status is empty.');
    else if (status === null) {
      error(row.line, 'status', 'unreadable_status',
        `"${statusText}" is not a status (red, amber, green, complete, on track, not started, not completed or blue).`);
    }
    if (period === null || status === null) continue;

    const key = `${plan}\n${ref}\n${period}`;
    const firstLine = firstLines.get(key);
    if (firstLine !== undefined) {
      error(row.line, 'period', 'duplicate_status',
        `Action "${ref}" already has a status for ${period} on line ${firstLine}.`);
      continue;
    }
    firstLines.set(key, row.line);
    const note = toSafeText(row.cells.get('note') ?? '');
    statuses.push({
      plan, ref, line: row.line, period, status, rag: STATUS_RAG[status], note: note === '' ? null : note,
    });
  }
  return checked({ statuses }, errors, []);
}
