import {
  AGE_BAND_LIMITS,
  AGE_BANDS,
  AGE_COLUMN,
  type Dataset,
  valueLookup,
} from './extract-schema.js';
import { areaScopeRule, type AllowedAreas } from './area-scope-rule.js';
import { periodErrorSql, periodQuarterSql } from './periods.js';

/** Which staging column (`c0`, `c1`, ...) holds each known column of the file. */
export type ColumnMap = ReadonlyMap<string, string>;

/** One rule applied to one column of the file: a SQL expression giving a rule code or NULL. */
export interface CellCheck {
  column: string;
  /** The staging column whose raw value is reported. */
  source: string;
  code: string;
  expected: string;
}

/**
 * A grouping key as the fast path reads it: `fast` is cheap to evaluate, hold and group by (a
 * quarter's date, an area's number, the dimensions packed into one integer), NULL when any value
 * in it is unacceptable; `decode` gives back the fact table's columns from the grouped value.
 */
export interface KeySql {
  fast: string;
  decode: (grouped: string) => DecodedColumn[];
}

/**
 * A fact column decoded from a grouped key. Dimensions also give their value's position in
 * `values` (`index`), so that sums over them can be grouped on small integers and only their
 * results named.
 */
export interface DecodedColumn {
  name: string;
  sql: string;
  dimension?: { index: string; values: readonly string[] };
}

export interface ExtractSql {
  keys: KeySql[];
  /** Measures present in the file: the parsed BIGINT (NULL when blank) and whether the cell is valid. */
  measures: { name: string; sql: string; valid: string }[];
  /** Joins the key expressions need (period forms, area lookups), appended after `FROM <source> s`. */
  joins: string;
  checks: CellCheck[];
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const blank = (raw: string) => `(${raw} IS NULL OR trim(${raw}) = '')`;

function dimensionSql(raw: string, lookup: Map<string, string>): string {
  const whens = [...lookup].map(([from, to]) => `WHEN ${lit(from)} THEN ${lit(to)}`).join(' ');
  return `CASE coalesce(lower(trim(${raw})), '') WHEN '' THEN 'unknown' ${whens} END`;
}

/**
 * The same mapping as a position in the dimension's value list. Values written exactly as the
 * dictionary spells them (the common case) match without lower() and trim(), which would
 * otherwise cost more than reading the file.
 */
function dimensionIndexSql(raw: string, values: readonly string[], lookup: Map<string, string>): string {
  const position = (v: string) => values.indexOf(v);
  const exact = values.map((v) => `WHEN ${lit(v)} THEN ${position(v)}`).join(' ');
  const loose = [...lookup].map(([from, to]) => `WHEN ${lit(from)} THEN ${position(to)}`).join(' ');
  const unknown = position('unknown');
  return `CASE ${raw} ${exact} ELSE CASE coalesce(lower(trim(${raw})), '') WHEN '' THEN ${unknown} ${loose} END END`;
}

/** Bits per dimension in the packed key: every dictionary list has fewer than 16 values. */
const DIMENSION_BITS = 4;

const listSql = (values: readonly string[]) => `[${values.map(lit).join(', ')}]`;

/** Whole years of age as a position in the age-band list, NULL outside 0..24 or not a number. */
function ageIndexSql(raw: string): string {
  const years = `CASE WHEN regexp_full_match(trim(${raw}), '\\d{1,3}') THEN TRY_CAST(trim(${raw}) AS INTEGER) END`;
  const position = (band: string) => (AGE_BANDS as readonly string[]).indexOf(band);
  const bands = AGE_BAND_LIMITS.map((b) => `WHEN ${years} BETWEEN ${b.from} AND ${b.to} THEN ${position(b.band)}`).join(' ');
  return `CASE WHEN ${blank(raw)} THEN ${position('unknown')} ${bands} END`;
}

function countSql(raw: string): string {
  return `CASE WHEN regexp_full_match(trim(${raw}), '\\d{1,15}') THEN trim(${raw})::BIGINT END`;
}

function countErrorSql(raw: string): string {
  return `CASE
    WHEN ${blank(raw)} OR regexp_full_match(trim(${raw}), '\\d{1,15}') THEN NULL
    WHEN regexp_full_match(trim(${raw}), '-\\s*\\d+(\\.\\d*)?') THEN 'negative_count'
    WHEN regexp_full_match(trim(${raw}), '\\d*\\.\\d+') THEN 'fractional_count'
    ELSE 'not_a_number'
  END`;
}

/**
 * Builds the SQL that reads one extract: the normalised keys and measures for loading, and the
 * checks of every rule in extract-format.md for reporting. Values are mapped with CASE over the
 * data dictionary's lists, which DuckDB evaluates vectorised over millions of rows.
 */
export function buildExtractSql(dataset: Dataset, columns: ColumnMap, allowedAreas: AllowedAreas = null): ExtractSql {
  const keys: ExtractSql['keys'] = [];
  const measures: ExtractSql['measures'] = [];
  const checks: CellCheck[] = [];
  const col = (name: string) => {
    const c = columns.get(name);
    return c ? `s.${c}` : undefined;
  };

  const period = col('period')!;
  keys.push({ fast: periodQuarterSql(period), decode: (g) => [{ name: 'period', sql: `cse_quarter(${g})` }] });
  checks.push({
    column: "'period'",
    source: period,
    code: periodErrorSql(period),
    expected: 'a quarter (2015-Q2, 2015 Q2, Q2 2015, 2015/16 Q1) or a date (2015-04-17, 17/04/2015) from 2000 to today',
  });

  const code = col('area_code');
  const name = col('area_name');
  // Joined on the value as written: the lookups hold each code and name in upper, lower and
  // written case, which costs nothing per row, where upper(trim()) on every row would not.
  const joins: string[] = [];
  if (code) joins.push(`LEFT JOIN cse_area_codes ac ON ac.key = ${code}`);
  if (name) joins.push(`LEFT JOIN cse_area_names an ON an.key = ${name}`);
  const area =
    code && name
      ? `CASE WHEN ${blank(code)} THEN an.idx ELSE ac.idx END`
      : code
        ? 'ac.idx'
        : 'an.idx';
  const areaRaw = code && name ? `CASE WHEN ${blank(code)} THEN ${name} ELSE ${code} END` : (code ?? name)!;
  const areaColumn = code && name ? `CASE WHEN ${blank(code)} THEN 'area_name' ELSE 'area_code' END` : code ? "'area_code'" : "'area_name'";
  const scope = areaScopeRule(area, { column: areaColumn, source: areaRaw }, allowedAreas);
  keys.push({ fast: scope.key, decode: (g) => [{ name: 'area_code', sql: `(SELECT list(code ORDER BY idx) FROM cse_area_index)[${g}]` }] });
  checks.push({
    column: areaColumn,
    source: areaRaw,
    code: `CASE WHEN ${blank(areaRaw)} THEN 'missing_value' WHEN ${area} IS NULL THEN 'unknown_area' END`,
    expected: code ? 'an ONS area code known to the product (E92, E12, E06–E10 or E07)' : 'the exact name of a known area',
  });
  if (scope.check) checks.push(scope.check);

  const packed: { name: string; index: string; values: readonly string[]; shift: number }[] = [];
  const absent: string[] = [];
  for (const dim of dataset.dimensions) {
    const raw = col(dim.name);
    const age = dim.name === 'age_band' ? col(AGE_COLUMN) : undefined;
    const shift = packed.length * DIMENSION_BITS;
    if (raw) {
      const lookup = valueLookup(dim);
      packed.push({ name: dim.name, index: dimensionIndexSql(raw, dim.values, lookup), values: dim.values, shift });
      checks.push({
        column: lit(dim.name),
        source: raw,
        code: `CASE WHEN ${dimensionSql(raw, lookup)} IS NULL THEN 'invalid_value' END`,
        expected: `one of ${dim.values.join(', ')}`,
      });
    } else if (age) {
      const index = ageIndexSql(age);
      packed.push({ name: dim.name, index, values: AGE_BANDS, shift });
      checks.push({
        column: lit(AGE_COLUMN),
        source: age,
        code: `CASE WHEN ${index} IS NULL THEN 'invalid_value' END`,
        expected: 'a whole number of years from 0 to 24',
      });
    } else {
      absent.push(dim.name);
    }
  }
  // One integer carries every dimension, so the aggregate's hash table holds three small keys
  // whatever the breakdown; a NULL in any dimension makes the whole key NULL (a bad row).
  keys.push({
    fast: packed.length ? packed.map((p) => `((${p.index})::UINTEGER << ${p.shift})`).join(' | ') : '0::UINTEGER',
    decode: (g) => [
      ...packed.map((p) => {
        const index = `((${g} >> ${p.shift}) & ${(1 << DIMENSION_BITS) - 1})`;
        // The fact table's own ENUM: its values are found by position, not by their text.
        return { name: p.name, sql: `(${listSql(p.values)}::cse_${p.name}[])[${index} + 1]`, dimension: { index, values: p.values } };
      }),
      ...absent.map((name) => ({ name, sql: 'NULL::VARCHAR', dimension: { index: 'NULL::UTINYINT', values: [] } })),
    ],
  });

  for (const m of dataset.measures) {
    const raw = col(m.name);
    if (!raw) continue;
    const bound = m.atMost ? col(m.atMost) : undefined;
    const withinBound = bound ? ` AND NOT coalesce(${countSql(raw)} > ${countSql(bound)}, false)` : '';
    measures.push({ name: m.name, sql: countSql(raw), valid: `((${countErrorSql(raw)}) IS NULL${withinBound})` });
    checks.push({ column: lit(m.name), source: raw, code: countErrorSql(raw), expected: 'a whole number of 0 or more, or blank' });
    if (bound) {
      checks.push({
        column: lit(m.name),
        source: raw,
        code: `CASE WHEN ${countSql(raw)} > ${countSql(bound)} THEN 'measure_above_bound' END`,
        expected: `at most ${m.atMost}`,
      });
    }
  }

  return { keys, measures, joins: joins.join('\n'), checks };
}

/**
 * True for a row with any problem, over a row that already has its keys as `k0, k1, …` and
 * each measure's validity as `<measure>_valid`, so nothing is computed twice.
 */
export function rowIsBadSql(sql: ExtractSql): string {
  const keys = sql.keys.map((_, i) => `k${i} IS NULL`);
  const measures = sql.measures.map((m) => `NOT ${m.name}_valid`);
  return [...keys, ...measures].join(' OR ');
}

/** The keys as `k0, k1, …` and each measure with its validity, for the fast path and duplicates. */
export function normalisedRowsSql(sql: ExtractSql, source: string, extra = ''): string {
  const keys = sql.keys.map((k, i) => `${k.fast} AS k${i}`);
  const measures = sql.measures.flatMap((m) => [`${m.sql} AS ${m.name}`, `${m.valid} AS ${m.name}_valid`]);
  return `SELECT ${[...keys, ...measures, ...(extra ? [extra] : [])].join(',\n')} FROM ${source} s ${sql.joins}`;
}

/** Lookups of area codes and names, made once per validating connection. */
export const AREA_LOOKUP_TABLES = [
  `CREATE OR REPLACE TEMP TABLE cse_area_index AS
    SELECT code, name, live, row_number() OVER (ORDER BY code)::USMALLINT AS idx FROM areas`,
  `CREATE OR REPLACE TEMP TABLE cse_area_codes AS
    SELECT DISTINCT unnest([code, upper(code), lower(code)]) AS key, idx FROM cse_area_index`,
  // A name shared by a live and a retired area means the live one; two live ones are ambiguous.
  `CREATE OR REPLACE TEMP TABLE cse_area_names AS
    WITH chosen AS (
      SELECT lower(name) AS folded, arg_max(name, live::INTEGER) AS name, arg_max(idx, live::INTEGER) AS idx
      FROM cse_area_index GROUP BY lower(name) HAVING count(*) FILTER (WHERE live) <= 1
    )
    SELECT DISTINCT unnest([name, folded, upper(name)]) AS key, idx FROM chosen`,
] as const;
