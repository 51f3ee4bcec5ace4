/**
 * Rule codes for official-statistics files. A refusal has the same shape as an extract's
 * (line, column, code, message, expected), so scripts read both the same way.
 */
export const STATS_RULES = {
  empty_file: 'The file has no data rows.',
  missing_column: 'A required column is missing.',
  duplicate_column: 'Two columns have the same name.',
  no_indicators: 'No column holds numbers, so there is nothing to import.',
  ragged_row: 'A row has a different number of fields from the header.',
  unterminated_quote: 'A quoted field is never closed.',
  line_too_long: 'A line is longer than the reader accepts.',
  missing_value: 'A required value is blank.',
  invalid_time_period: 'The time period does not fit its time identifier.',
  unknown_area: 'The area code is not known to the product.',
  not_a_number: 'An indicator value is neither a number nor an EES symbol.',
  duplicate_key: 'Two rows have the same time, geography and filter values.',
} as const;

export type StatsRuleCode = keyof typeof STATS_RULES;

export interface StatsError {
  /** Physical line of the file, 1 being the header; null for file-level problems. */
  line: number | null;
  column: string | null;
  code: StatsRuleCode;
  message: string;
  expected?: string;
}
