/** Stable rule codes: scripts and the refusal report rely on them, so they never change meaning. */
export const RULES = {
  empty_file: 'The file has no data rows.',
  missing_column: 'A required column is missing.',
  unknown_column: 'A column is not part of the data dictionary.',
  duplicate_column: 'Two columns have the same name.',
  conflicting_columns: 'Two columns give the same thing in different ways.',
  personal_data_column: 'A column looks like it holds personal data.',
  personal_data: 'A value looks like personal data.',
  ragged_row: 'A row has a different number of fields from the header.',
  unterminated_quote: 'A quoted field is never closed.',
  missing_value: 'A required value is blank.',
  invalid_period: 'The period is not in an accepted form.',
  period_in_future: 'The period is in the future.',
  period_before_2000: 'The period is before 2000.',
  unknown_area: 'The area is not known to the product.',
  area_not_allowed: 'The area is outside the areas you may upload for.',
  invalid_value: 'The value is not one of the accepted values.',
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
}

/** How many errors a refusal lists; the total is always counted. */
export const MAX_LISTED_ERRORS = 100;
