/**
 * Quarterly status updates recorded in the app for one stored plan (`POST /api/plans/:plan/status`):
 * a status.csv, or JSON entries `{ref, period, status, note}`. Both go through the status file's
 * own checks, so a JSON update is held to exactly the rules of an uploaded file. A status for a
 * quarter the action already has replaces it: that is how a board corrects its review.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import Papa from 'papaparse';

import { neutraliseFormula } from '../csv-formulas.js';

import type { PlanIssue } from './plan-issues.js';
import { readStatusHistory, replaceStatuses } from './plan-tables.js';
import { parseStatusCsv } from './status-file.js';
import type { StatusRecord } from './status-history.js';

export type StatusUpdate =
  | { readonly kind: 'csv'; readonly text: string }
  /** Entries as the client sent them; each is checked like a row of status.csv. */
  | { readonly kind: 'json'; readonly entries: readonly unknown[] };

export interface RecordedStatus extends StatusRecord {
  /** The status this one replaced, if the action had one for the quarter. */
  readonly previous: { readonly status: string; readonly note: string | null } | null;
}

export type RecordStatusResult =
  | { readonly ok: true; readonly plan: string; readonly statuses: RecordedStatus[] }
  | { readonly ok: false; readonly errors: PlanIssue[]; readonly error_count: number };

const ENTRY_FIELDS = ['ref', 'period', 'status', 'note'] as const;

export async function recordPlanStatuses(
  c: DuckDBConnection,
  plan: string,
  update: StatusUpdate,
  recorder: { by: string; now?: Date },
): Promise<RecordStatusResult> {
  const refs = await c.runAndReadAll('SELECT ref FROM plan_actions WHERE plan = $plan', { plan });
  const known = new Map([[plan, new Set(refs.getRowObjectsJS().map((row) => String(row.ref)))]]);
  const source = update.kind === 'csv' ? { text: update.text, entryOf: null } : entriesAsCsv(plan, update.entries);
  const parsed = parseStatusCsv(source.text, known);
  if (!parsed.ok) {
    const errors = source.entryOf === null
      ? parsed.errors
      : parsed.errors.map((issue) => ({ ...issue, line: source.entryOf.get(issue.line) ?? issue.line }));
    return { ok: false, errors, error_count: errors.length };
  }

  const at = (recorder.now ?? new Date()).toISOString();
  const rows: StatusRecord[] = parsed.statuses.map((status) => ({
    ref: status.ref,
    period: status.period,
    status: status.status,
    rag: status.rag,
    note: status.note,
    source: 'app',
    recorded_by: recorder.by,
    recorded_at: at,
  }));
  await c.run('BEGIN TRANSACTION');
  let held: StatusRecord[];
  try {
    held = await readStatusHistory(c, plan);
    await replaceStatuses(c, plan, rows);
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
  const heldByKey = new Map(held.map((row) => [`${row.ref}\n${row.period}`, row]));
  return {
    ok: true,
    plan,
    statuses: rows.map((row) => {
      const previous = heldByKey.get(`${row.ref}\n${row.period}`);
      return { ...row, previous: previous === undefined ? null : { status: previous.status, note: previous.note } };
    }),
  };
}

/**
 * JSON entries written as a status.csv of this plan, with the line each entry starts on, so that
 * a problem is reported against the entry (1 for the first) rather than a line nobody sent.
 */
function entriesAsCsv(plan: string, entries: readonly unknown[]): { text: string; entryOf: Map<number, number> } {
  const entryOf = new Map<number, number>();
  const lines = ['plan,ref,period,status,note'];
  let line = 2;
  entries.forEach((entry, index) => {
    const fields = ENTRY_FIELDS.map((field) => fieldText(entry, field));
    const row = Papa.unparse([[plan, ...fields]], { quotes: true, newline: '\n' });
    entryOf.set(line, index + 1);
    lines.push(row);
    line += row.split('\n').length;
  });
  return { text: lines.join('\n'), entryOf };
}

/** Strings and numbers as given; anything else is as good as missing, and reported so. */
function fieldText(entry: unknown, field: string): string {
  if (typeof entry !== 'object' || entry === null) return '';
  const value: unknown = (entry as Record<string, unknown>)[field];
  // status.csv reads \r as a line break too; the entry's line count must match what it reads.
  // Written as our CSV exports write text, so the reader's restoreFormula gives back what was sent.
  return typeof value === 'string' || typeof value === 'number' ? neutraliseFormula(String(value).replace(/\r\n?/g, '\n')) : '';
}
