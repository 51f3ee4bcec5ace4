import type { DuckDBConnection } from '@duckdb/node-api';
import type { CsvHeader } from '../csv-header.js';
import type { ColumnRoles } from './column-roles.js';
import { OBSERVATIONAL_COLUMNS, SYMBOLS } from './ees-format.js';
import { STATS_RULES, type StatsError, type StatsRuleCode } from './stats-errors.js';
import { isBlankSql, isNumberSql, isSymbolSql, lit } from './stats-sql.js';

/** How many errors a refusal lists; the total is always counted. */
export const MAX_LISTED_ERRORS = 100;
const MAX_ECHO = 60;

interface Check {
  column: string;
  /** SQL giving a rule code, or NULL when the row passes. */
  code: string;
  raw: string;
  expected: string;
}

interface Found {
  rec: number;
  column: string;
  code: StatsRuleCode;
  raw: string | null;
  expected: string;
  firstRec: number | null;
}

/**
 * Every rule over every staged row (`ees_rows`) in one query: the first problems in file order
 * are described, all are counted. Nothing is stored unless this finds none.
 */
export async function findStatsErrors(
  c: DuckDBConnection,
  header: CsvHeader,
  roles: ColumnRoles,
  locate: (records: ReadonlySet<number>) => Promise<Map<number, number>>,
): Promise<{ errors: StatsError[]; count: number }> {
  const col = (name: string) => `c${header.names.indexOf(name)}`;
  const has = (name: string) => header.names.includes(name);
  const checks: Check[] = [
    {
      column: 'time_identifier',
      code: `CASE WHEN ${isBlankSql(col('time_identifier'))} THEN 'missing_value' END`,
      raw: col('time_identifier'),
      expected: 'an EES time identifier, e.g. Reporting year or Financial year',
    },
    {
      column: 'time_period',
      code: `CASE WHEN ${isBlankSql(col('time_period'))} THEN 'missing_value'
                  WHEN period_expected IS NOT NULL THEN 'invalid_time_period' END`,
      raw: col('time_period'),
      expected: "period_expected",
    },
    {
      column: 'geographic_level',
      code: `CASE WHEN ${isBlankSql(col('geographic_level'))} THEN 'missing_value' END`,
      raw: col('geographic_level'),
      expected: 'National, Regional, Local authority or another EES level',
    },
    areaCheck('National', 'country_code'),
    areaCheck('Regional', 'region_code'),
    {
      column: has('new_la_code') || !has('old_la_code') ? 'new_la_code' : 'old_la_code',
      code: `CASE WHEN geographic_level = 'Local authority' AND area_code IS NULL
                  THEN CASE WHEN old_code IS NULL THEN 'missing_value' ELSE 'unknown_area' END END`,
      raw: has('old_la_code') ? col('old_la_code') : 'NULL',
      expected: 'new_la_code (E06/E08/E09/E10…) or a known DfE old_la_code',
    },
    ...roles.indicators.map((i) => ({
      column: i.column,
      code: `CASE WHEN NOT (${isBlankSql(`c${i.index}`)} OR ${isNumberSql(`c${i.index}`)} OR ${isSymbolSql(`c${i.index}`)})
                  THEN 'not_a_number' END`,
      raw: `c${i.index}`,
      expected: `a number or one of the EES symbols ${SYMBOLS.join(', ')} (if the column is a filter, give the EES metadata file <name>.meta.csv beside it)`,
    })),
  ];

  const union = checks
    .map((check, ord) => `SELECT rec, ${ord} AS ord, ${lit(check.column)} AS column_name, (${check.code}) AS code,
        ${check.raw} AS raw, ${check.expected === 'period_expected' ? 'period_expected' : lit(check.expected)} AS expected,
        NULL::BIGINT AS first_rec
      FROM ees_rows WHERE (${check.code}) IS NOT NULL`)
    .join('\nUNION ALL\n');

  // A row's identity is everything but its indicators: time, level, every place column, filters.
  const filterIndexes = new Set(roles.filters.map((f) => f.index));
  const keyColumns = header.names
    .flatMap((n, i) => (OBSERVATIONAL_COLUMNS.has(n) || filterIndexes.has(i) ? [`coalesce(trim(c${i}), '')`] : []));
  const duplicates = `SELECT rec, ${checks.length} AS ord, 'time_period' AS column_name, 'duplicate_key' AS code, NULL AS raw,
      'one row per time, geography and filter values' AS expected, first_rec
    FROM (SELECT rec, min(rec) OVER w AS first_rec, row_number() OVER w AS rn FROM ees_rows
          WINDOW w AS (PARTITION BY ${keyColumns.join(', ')} ORDER BY rec))
    WHERE rn > 1`;

  const reader = await c.runAndReadAll(`WITH e AS (${union} UNION ALL ${duplicates})
    SELECT (SELECT count(*) FROM e) AS total, * FROM e ORDER BY rec, ord LIMIT ${MAX_LISTED_ERRORS}`);
  const rows = reader.getRowObjectsJS();
  if (rows.length === 0) return { errors: [], count: 0 };
  const found: Found[] = rows.map((r) => ({
    rec: Number(r.rec),
    column: String(r.column_name),
    code: String(r.code) as StatsRuleCode,
    raw: r.raw === null ? null : String(r.raw),
    expected: String(r.expected),
    firstRec: r.first_rec === null ? null : Number(r.first_rec),
  }));
  const wanted = new Set(found.flatMap((f) => (f.firstRec === null ? [f.rec] : [f.rec, f.firstRec])));
  const lines = await locate(wanted);
  return { errors: found.map((f) => describe(f, lines)), count: Number(rows[0]!.total) };
}

function areaCheck(level: string, column: string): Check {
  return {
    column,
    code: `CASE WHEN geographic_level = ${lit(level)} AND area_code IS NULL THEN 'missing_value' END`,
    raw: 'NULL',
    expected: `the ${column} of every ${level} row`,
  };
}

function describe(f: Found, lines: Map<number, number>): StatsError {
  const line = lines.get(f.rec) ?? null;
  const where = `Line ${line ?? '?'}, column ${f.column}`;
  const shown = f.raw === null ? '' : f.raw.length > MAX_ECHO ? `${f.raw.slice(0, MAX_ECHO)}…` : f.raw;
  let message: string;
  switch (f.code) {
    case 'missing_value':
      message = `${where}: a value is required (${f.expected}).`;
      break;
    case 'duplicate_key':
      message = `Line ${line ?? '?'} has the same time, geography and filter values as line ${lines.get(f.firstRec ?? -1) ?? '?'}.`;
      break;
    default:
      message = `${where}: "${shown}" — ${STATS_RULES[f.code].toLowerCase().replace(/\.$/, '')}. Expected ${f.expected}.`;
  }
  return { line, column: f.column, code: f.code, message, expected: f.expected };
}
