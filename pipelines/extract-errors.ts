/** Stable rule codes: scripts and the refusal report rely on them, so they never change meaning. */
export const RULES = {
  empty_file: 'The file has no data rows.',
  not_a_workbook: 'The file looks like an Excel workbook but cannot be read.',
  unknown_sheet: 'The workbook has no sheet of that name.',
  missing_column: 'A required column is missing.',
  unknown_column: 'A column is not part of the data dictionary.',
  duplicate_column: 'Two columns have the same name.',
  conflicting_columns: 'Two columns give the same thing in different ways.',
  personal_data_column: 'A column looks like it holds personal data.',
  personal_data: 'A value looks like personal data.',
  ragged_row: 'A row has a different number of fields from the header.',
  line_too_long: 'A line is longer than the reader accepts.',
  unterminated_quote: 'A quoted field is never closed.',
  missing_value: 'A required value is blank.',
  invalid_period: 'The period is not in an accepted form.',
  period_in_future: 'The period is in the future.',
  period_before_2000: 'The period is before 2000.',
  unknown_area: 'The area is not known to the product.',
  area_not_allowed: 'The area is outside the areas you may upload for.',
  invalid_value: 'The value is not one of the accepted values.',
  excel_date: 'Excel turned the value into a date.',
  not_a_number: 'A count is not a number.',
  negative_count: 'A count is negative.',
  fractional_count: 'A count is not a whole number.',
  measure_above_bound: 'A count is larger than the count it is part of.',
  duplicate_key: 'Two rows have the same period, area and breakdown.',
} as const;

export type RuleCode = keyof typeof RULES;

export interface ExtractError {
  /** Physical line of the file, 1 being the header; null for file-level problems. */
  line: number | null;
  column: string | null;
  code: RuleCode;
  message: string;
  expected?: string;
  /** In a workbook, the sheet and cell (`Sheet1!C14`). */
  cell?: string;
}

/** How many problems one rule found, and the first lines it found them on. */
export interface RuleCount {
  code: RuleCode;
  count: number;
  lines: number[];
}

/** A rule's count in a refusal, with what the rule means and, where there is one, the fix. */
export interface RuleSummary extends RuleCount {
  about: string;
  fix?: string;
}

/**
 * One sentence of how to put right what Excel (or a copy from a web page) does to a file.
 * The report says it once per rule, however many lines it hit.
 */
export const FIXES: Partial<Record<RuleCode, string>> = {
  excel_date:
    'Excel read these bands as dates: format the column as Text (Home > Number > Text) before typing or pasting, or start from the template, and type the bands again.',
  unknown_column: 'Rename the column to its name in the data dictionary, or remove it.',
  personal_data_column: 'Remove the column: extracts are anonymised counts or records.',
  line_too_long: 'Open the file in a text editor at that line: a stray quote often runs many lines into one.',
};

export function summariseRules(counts: readonly RuleCount[]): RuleSummary[] {
  const merged = new Map<RuleCode, RuleCount>();
  for (const c of counts) {
    const m = merged.get(c.code);
    if (m) {
      m.count += c.count;
      m.lines = [...new Set([...m.lines, ...c.lines])].sort((a, b) => a - b).slice(0, 5);
    } else merged.set(c.code, { ...c, lines: [...c.lines] });
  }
  // In the order an analyst meets them in the file; file-level problems (no line) last.
  const first = (r: RuleCount) => r.lines[0] ?? Number.MAX_SAFE_INTEGER;
  return [...merged.values()].sort((a, b) => first(a) - first(b)).map((r) => ({ ...r, about: RULES[r.code], ...(FIXES[r.code] ? { fix: FIXES[r.code] } : {}) }));
}

/** How many errors a refusal lists; the total is always counted. */
export const MAX_LISTED_ERRORS = 100;
