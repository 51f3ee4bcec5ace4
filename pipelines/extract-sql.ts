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
  checks: CellCheck[];
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * How values are trimmed. The strict reading (the fast path) trims ASCII spaces only, as
 * DuckDB's trim() does; the lenient one, run only when the strict reading found a problem,
 * also reads non-breaking spaces and tabs (Excel and web pages leave them) as spaces, so
 * "Ashfield\u00A0" is Ashfield, with a warning.
 */
export type Trim = (raw: string) => string;
const strictTrim: Trim = (raw) => `trim(${raw})`;
const lenientTrim: Trim = (raw) => `trim(regexp_replace(${raw}, '[ \\t\\x{00A0}]+', ' ', 'g'))`;

/** Spaces a strict reading does not trim: the lenient pass counts them for its warning. */
export const strayspaceSql = (raw: string) => `regexp_matches(${raw}, '^[ \\t\\x{00A0}]|[ \\t\\x{00A0}]$|\\x{00A0}')`;

function blankSql(raw: string, t: Trim): string {
  return `(${raw} IS NULL OR ${t(raw)} = '')`;
}

function dimensionSql(raw: string, lookup: Map<string, string>, t: Trim): string {
  const whens = [...lookup].map(([from, to]) => `WHEN ${lit(from)} THEN ${lit(to)}`).join(' ');
  return `CASE coalesce(lower(${t(raw)}), '') WHEN '' THEN 'unknown' ${whens} END`;
}

/**
 * Excel reads a band such as `10-12` as a date and shows `10-Dec` (or `Dec-10`, or writes the
 * date itself): such a value gets a rule of its own, so the report can name Excel and the fix.
 */
const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
function excelDateSql(raw: string): string {
  return `regexp_full_match(lower(trim(${raw})), '\\d{1,2}[-/ ](${MONTHS})[a-z]*([-/ ]\\d{2,4})?|(${MONTHS})[a-z]*[-/ ]\\d{1,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4}')`;
}
const BANDS_LIKE_DATES = /^\d{1,2}-\d{1,2}$/;

/**
 * The same mapping as a position in the dimension's value list. Values written exactly as the
 * dictionary spells them (the common case) match without lower() and trim(), which would
 * otherwise cost more than reading the file.
 */
function dimensionIndexSql(raw: string, values: readonly string[], lookup: Map<string, string>, t: Trim): string {
  const position = (v: string) => values.indexOf(v);
  const exact = values.map((v) => `WHEN ${lit(v)} THEN ${position(v)}`).join(' ');
  const loose = [...lookup].map(([from, to]) => `WHEN ${lit(from)} THEN ${position(to)}`).join(' ');
  const unknown = position('unknown');
  return `CASE ${raw} ${exact} ELSE CASE coalesce(lower(${t(raw)}), '') WHEN '' THEN ${unknown} ${loose} END END`;
}

/** Bits per dimension in the packed key: every dictionary list has fewer than 16 values. */
const DIMENSION_BITS = 4;

const listSql = (values: readonly string[]) => `[${values.map(lit).join(', ')}]`;

/** Whole years of age as a position in the age-band list, NULL outside 0..24 or not a number. */
function ageIndexSql(raw: string, t: Trim): string {
  const years = `CASE WHEN regexp_full_match(${t(raw)}, '\\d{1,3}') THEN TRY_CAST(${t(raw)} AS INTEGER) END`;
  const position = (band: string) => (AGE_BANDS as readonly string[]).indexOf(band);
  const bands = AGE_BAND_LIMITS.map((b) => `WHEN ${years} BETWEEN ${b.from} AND ${b.to} THEN ${position(b.band)}`).join(' ');
  return `CASE WHEN ${blankSql(raw, t)} THEN ${position('unknown')} ${bands} END`;
}

function countSql(raw: string, t: Trim): string {
  return `CASE WHEN regexp_full_match(${t(raw)}, '\\d{1,15}') THEN ${t(raw)}::BIGINT END`;
}

function countErrorSql(raw: string, t: Trim): string {
  return `CASE
    WHEN ${blankSql(raw, t)} OR regexp_full_match(${t(raw)}, '\\d{1,15}') THEN NULL
    WHEN regexp_full_match(${t(raw)}, '-\\s*\\d+(\\.\\d*)?') THEN 'negative_count'
    WHEN regexp_full_match(${t(raw)}, '\\d*\\.\\d+') THEN 'fractional_count'
    ELSE 'not_a_number'
  END`;
}

/**
 * Builds the SQL that reads one extract: the normalised keys and measures for loading, and the
 * checks of every rule in extract-format.md for reporting. Values are mapped with CASE over the
 * data dictionary's lists, which DuckDB evaluates vectorised over millions of rows. `lenient`
 * is the second reading, only for a file the strict one found fault with (see Trim).
 */
export function buildExtractSql(
  dataset: Dataset,
  columns: ColumnMap,
  { lenient = false, allowedAreas = null }: { lenient?: boolean; allowedAreas?: AllowedAreas } = {},
): ExtractSql {
  const t = lenient ? lenientTrim : strictTrim;
  const blank = (raw: string) => blankSql(raw, t);
  const keys: ExtractSql['keys'] = [];
  const measures: ExtractSql['measures'] = [];
  const checks: CellCheck[] = [];
  const col = (name: string) => {
    const c = columns.get(name);
    return c ? `s.${c}` : undefined;
  };

  const periodRaw = col('period')!;
  const period = lenient ? t(periodRaw) : periodRaw;
  keys.push({ fast: periodQuarterSql(period), decode: (g) => [{ name: 'period', sql: `cse_quarter(${g})` }] });
  checks.push({
    column: "'period'",
    source: periodRaw,
    code: periodErrorSql(period),
    expected: 'a quarter (2015-Q2, 2015 Q2, Q2 2015, 2015/16 Q1) or a date (2015-04-17, 17/04/2015) from 2000 to today',
  });

  const code = col('area_code');
  const name = col('area_name');
  // Strictly, looked up as written: the lookups hold each code and name (and the common
  // variants of names) in upper, lower and written case, which costs nothing per row, where
  // upper(trim()) on every row would not. Leniently, on a folded key (area-names.ts).
  const codeIndex = code && (lenient ? `cse_area_code_idx(upper(regexp_replace(${code}, '[ \\t\\x{00A0}]', '', 'g')))` : `cse_area_code_idx(${code})`);
  const nameIndex = name && (lenient ? `cse_area_folded_idx(cse_name_key(${name}))` : `cse_area_name_idx(${name})`);
  const area = codeIndex && nameIndex ? `CASE WHEN ${blank(code!)} THEN ${nameIndex} ELSE ${codeIndex} END` : (codeIndex || nameIndex)!;
  const areaRaw = code && name ? `CASE WHEN ${blank(code)} THEN ${name} ELSE ${code} END` : (code ?? name)!;
  const areaColumn = code && name ? `CASE WHEN ${blank(code)} THEN 'area_name' ELSE 'area_code' END` : code ? "'area_code'" : "'area_name'";
  const scope = areaScopeRule(area, { column: areaColumn, source: areaRaw }, allowedAreas);
  keys.push({ fast: scope.key, decode: (g) => [{ name: 'area_code', sql: `(SELECT list(code ORDER BY idx) FROM cse_area_index)[${g}]` }] });
  checks.push({
    column: areaColumn,
    source: areaRaw,
    code: `CASE WHEN ${blank(areaRaw)} THEN 'missing_value' WHEN ${area} IS NULL THEN 'unknown_area' END`,
    expected: code ? 'an ONS area code known to the product (E92, E12, E06–E10 or E07)' : 'the name of a known area',
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
      packed.push({ name: dim.name, index: dimensionIndexSql(raw, dim.values, lookup, t), values: dim.values, shift });
      const invalid = dim.values.some((v) => BANDS_LIKE_DATES.test(v))
        ? `CASE WHEN ${excelDateSql(raw)} THEN 'excel_date' ELSE 'invalid_value' END`
        : `'invalid_value'`;
      checks.push({
        column: lit(dim.name),
        source: raw,
        code: `CASE WHEN ${dimensionSql(raw, lookup, t)} IS NULL THEN ${invalid} END`,
        expected: `one of ${dim.values.join(', ')}`,
      });
    } else if (age) {
      const index = ageIndexSql(age, t);
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
    const withinBound = bound ? ` AND NOT coalesce(${countSql(raw, t)} > ${countSql(bound, t)}, false)` : '';
    measures.push({ name: m.name, sql: countSql(raw, t), valid: `((${countErrorSql(raw, t)}) IS NULL${withinBound})` });
    checks.push({ column: lit(m.name), source: raw, code: countErrorSql(raw, t), expected: 'a whole number of 0 or more, or blank' });
    if (bound) {
      checks.push({
        column: lit(m.name),
        source: raw,
        code: `CASE WHEN ${countSql(raw, t)} > ${countSql(bound, t)} THEN 'measure_above_bound' END`,
        expected: `at most ${m.atMost}`,
      });
    }
  }

  return { keys, measures, checks };
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
  return `SELECT ${[...keys, ...measures, ...(extra ? [extra] : [])].join(',\n')} FROM ${source} s`;
}
