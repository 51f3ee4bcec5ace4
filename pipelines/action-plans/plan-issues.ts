/**
 * What is wrong with an uploaded action plan, said so that a board officer can find it in a
 * spreadsheet: the file, the physical line (1 = the header), the column and a stable code.
 */

export type PlanFile = 'actions' | 'status' | 'measures';

export type PlanIssueCode =
  | 'empty_file'
  | 'malformed_csv'
  | 'too_many_rows'
  | 'field_too_long'
  | 'ragged_row'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'missing_plan'
  | 'unreadable_plan'
  | 'missing_plan_name'
  | 'missing_area_code'
  | 'conflicting_plan_details'
  | 'missing_ref'
  | 'duplicate_ref'
  | 'unknown_parent'
  | 'parent_cycle'
  | 'missing_strand'
  | 'missing_action'
  | 'unknown_indicator'
  | 'unreadable_direction'
  | 'unreadable_target'
  | 'duplicate_indicator'
  | 'unreadable_priority'
  | 'unknown_action'
  | 'missing_period'
  | 'unreadable_period'
  | 'missing_status'
  | 'unreadable_status'
  | 'duplicate_status'
  // measures.csv (measures-file.ts)
  | 'unknown_plan'
  | 'missing_measure'
  | 'unreadable_measure'
  | 'unknown_measure'
  | 'missing_measure_name'
  | 'missing_unit'
  | 'unreadable_unit'
  | 'unreadable_polarity'
  | 'unreadable_counts_children'
  | 'conflicting_measure_details'
  | 'missing_value'
  | 'unreadable_value'
  | 'duplicate_measure_period'
  // Warnings: the row is kept, its text stays beside a null value.
  | 'unreadable_due'
  | 'unreadable_cost';

export interface PlanIssue {
  readonly file: PlanFile;
  readonly line: number;
  /** The column as named in the format (`due`, `indicators`), or null for the whole row or file. */
  readonly column: string | null;
  readonly code: PlanIssueCode;
  readonly message: string;
}

function byPosition(a: PlanIssue, b: PlanIssue): number {
  return a.file.localeCompare(b.file) || a.line - b.line || (a.column ?? '').localeCompare(b.column ?? '');
}

/** A file's reading: its content when nothing is wrong, otherwise every error; warnings either way. */
export type Checked<T> =
  | ({ readonly ok: true; readonly warnings: PlanIssue[] } & T)
  | { readonly ok: false; readonly errors: PlanIssue[]; readonly warnings: PlanIssue[] };

export function checked<T extends object>(content: T, errors: PlanIssue[], warnings: PlanIssue[]): Checked<T> {
  const sortedWarnings = [...warnings].sort(byPosition);
  if (errors.length > 0) return { ok: false, errors: [...errors].sort(byPosition), warnings: sortedWarnings };
  return { ok: true, warnings: sortedWarnings, ...content };
}
