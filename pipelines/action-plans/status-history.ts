/**
 * What becomes of a plan's status history when the plan is imported again. Actions are the plan
 * and are replaced by the new file; statuses are history, often typed into the app quarter by
 * quarter, and re-uploading a corrected actions.csv must not wipe them. So:
 *
 * - statuses of refs the new file no longer has are dropped (they would belong to nothing);
 * - without a status file every other status is kept as it is;
 * - with a status file, the file is the plan's imported history: earlier imported rows go, rows
 *   recorded in the app stay unless the file gives the same action and quarter, and then the file
 *   wins, being the later word;
 * - a file row that says exactly what the held row says (status and note) keeps the held row, with
 *   who recorded it and when, so that exporting a plan and importing it again changes nothing.
 */
import { mergeReimported } from './reimported-history.js';
import type { PlanStatus } from './status-file.js';
import type { Rag, StatusValue } from './status-values.js';

export type StatusSource = 'import' | 'app';

export interface StatusRecord {
  readonly ref: string;
  /** `YYYY-Qn`. */
  readonly period: string;
  readonly status: StatusValue;
  readonly rag: Rag;
  readonly note: string | null;
  readonly source: StatusSource;
  readonly recorded_by: string;
  /** ISO 8601 instant. */
  readonly recorded_at: string;
}

export interface MergedHistory {
  readonly rows: StatusRecord[];
  /** Rows held before that are held still. */
  readonly kept: number;
  /** Rows held before whose action is gone from the plan. */
  readonly dropped: number;
}

export interface Recorder {
  readonly by: string;
  readonly at: string;
}

export function mergeStatusHistory(
  held: readonly StatusRecord[],
  incoming: readonly PlanStatus[] | null,
  refs: ReadonlySet<string>,
  importer: Recorder,
): MergedHistory {
  const surviving = held.filter((row) => refs.has(row.ref));
  const dropped = held.length - surviving.length;
  if (incoming === null) return { rows: surviving, kept: surviving.length, dropped };

  const { rows, kept } = mergeReimported(
    surviving,
    incoming,
    (row) => `${row.ref}\n${row.period}`,
    (same, status) => same.status === status.status && same.note === status.note,
    (status): StatusRecord => ({
      ref: status.ref,
      period: status.period,
      status: status.status,
      rag: status.rag,
      note: status.note,
      source: 'import',
      recorded_by: importer.by,
      recorded_at: importer.at,
    }),
  );
  return { rows, kept, dropped };
}
