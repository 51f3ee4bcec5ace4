/**
 * Periods in the upload format, read in SQL so that DuckDB parses millions of rows without a
 * round trip through JavaScript. Every accepted form becomes the date it stands for: the first
 * day of a quarter, or the day itself for a record's date; the stored period is its calendar
 * quarter, `YYYY-Qn`.
 */

export const EARLIEST_PERIOD = '2000-01-01';

/** Temporary macros, created on the connection that validates an extract. */
export const PERIOD_MACROS = [
  // Plain expressions, no subquery: a subquery in a macro becomes a join over every row, where
  // a CASE lets DuckDB run these regular expressions only on the rows that need them.
  `CREATE OR REPLACE TEMP MACRO cse_period_date_of(s) AS CASE
      WHEN regexp_full_match(s, '(\\d{4})\\s*-?\\s*Q([1-4])') OR regexp_full_match(s, 'Q([1-4])\\s*-?\\s*(\\d{4})')
        THEN make_date(regexp_extract(s, '(\\d{4})', 1)::INTEGER,
                       regexp_extract(s, 'Q([1-4])', 1)::INTEGER * 3 - 2, 1)
      WHEN regexp_full_match(s, '(\\d{4})\\s*/\\s*(\\d{4}|\\d{2})\\s*-?\\s*Q([1-4])')
           AND right((regexp_extract(s, '^(\\d{4})', 1)::INTEGER + 1)::VARCHAR, 2)
               = right(regexp_extract(s, '/\\s*(\\d{4}|\\d{2})', 1), 2)
        -- A financial year starts in April: its Q1 is the calendar year's Q2.
        THEN (make_date(regexp_extract(s, '^(\\d{4})', 1)::INTEGER, 4, 1)
              + to_months(3 * (regexp_extract(s, 'Q([1-4])$', 1)::INTEGER - 1)))::DATE
      WHEN regexp_full_match(s, '\\d{4}-\\d{2}-\\d{2}') THEN try_strptime(s, '%Y-%m-%d')::DATE
      WHEN regexp_full_match(s, '\\d{1,2}/\\d{1,2}/\\d{4}') THEN try_strptime(s, '%d/%m/%Y')::DATE
    END`,
  `CREATE OR REPLACE TEMP MACRO cse_period_date(raw) AS cse_period_date_of(upper(trim(raw)))`,
  `CREATE OR REPLACE TEMP MACRO cse_quarter(d) AS
    year(d)::VARCHAR || '-Q' || quarter(d)::VARCHAR`,
] as const;

/**
 * The day a period value stands for. DuckDB's own date cast reads ISO dates (most record-level
 * rows) without a regular expression; the macro reads every other form.
 */
export function periodDateSql(raw: string): string {
  // CASE rather than coalesce(): DuckDB evaluates only the branch a row takes, so the macro's
  // regular expressions never run on rows the cast has read.
  return `CASE WHEN TRY_CAST(${raw} AS DATE) IS NOT NULL THEN TRY_CAST(${raw} AS DATE) ELSE cse_period_date(${raw}) END`;
}

/** The quarter's first day for an acceptable period, NULL otherwise. */
export function periodQuarterSql(raw: string): string {
  const day = periodDateSql(raw);
  return `CASE WHEN ${day} BETWEEN DATE '${EARLIEST_PERIOD}' AND current_date THEN date_trunc('quarter', ${day})::DATE END`;
}

/** Rule code for a period value, or NULL when it is acceptable. */
export function periodErrorSql(raw: string): string {
  const day = periodDateSql(raw);
  return `CASE
    WHEN ${raw} IS NULL OR trim(${raw}) = '' THEN 'missing_value'
    WHEN ${day} IS NULL THEN 'invalid_period'
    WHEN ${day} < DATE '${EARLIEST_PERIOD}' THEN 'period_before_2000'
    WHEN ${day} > current_date THEN 'period_in_future'
  END`;
}

export function parseQuarter(period: string): { year: number; quarter: number } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m ? { year: Number(m[1]), quarter: Number(m[2]) } : null;
}
