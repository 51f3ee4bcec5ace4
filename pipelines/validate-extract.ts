import type { DuckDBConnection } from '@duckdb/node-api';
import { findCellErrors } from './cell-errors.js';
import { parseHeader, readFirstLine, type CsvHeader } from './csv-header.js';
import { MAX_LISTED_ERRORS, type ExtractError, type RuleCount } from './extract-errors.js';
import { checkHeader } from './extract-header.js';
import type { AllowedAreas } from './area-scope-rule.js';
import type { Dataset } from './extract-schema.js';
import { createAreaLookups } from './area-names.js';
import { buildExtractSql, normalisedRowsSql, rowIsBadSql, strayspaceSql, type DecodedColumn, type ExtractSql } from './extract-sql.js';
import { PERIOD_MACROS } from './periods.js';
import { describeStructuralError, MAX_LINE_BYTES, scanRecords, structuralExpectation } from './record-lines.js';

export type ValidationPhase = 'reading' | 'validating';

export type Validation =
  | {
      ok: true;
      rows: number;
      aggregate: boolean;
      columns: ReadonlyMap<string, string>;
      /**
       * How a `cse_agg` row's keys (`k0` the quarter, `k1` the area, `k2` the dimensions) turn back
       * into the fact table's columns.
       */
      decode: { partition: DecodedColumn[]; dimensions: DecodedColumn[] };
      /** Values that read only once stray spaces were trimmed, by column. */
      trimmed: { column: string; count: number }[];
    }
  | { ok: false; errors: ExtractError[]; count: number; rules: RuleCount[]; trimmed: { column: string; count: number }[] }
  /** Some bytes are not UTF-8: the caller reads the file as Windows-1252 instead. */
  | { ok: 'not_utf8' };

const fileError = (code: ExtractError['code'], message: string, line: number | null = null): Validation => ({
  ok: false,
  errors: [{ line, column: null, code, message }],
  count: 1,
  rules: [{ code, count: 1, lines: line === null ? [] : [line] }],
  trimmed: [],
});

/** Header problems after which the rows cannot be read as the format means them. */
const BLOCKING = new Set<ExtractError['code']>(['missing_column', 'conflicting_columns']);

/** Rule counts of errors that are all listed (the header's). */
function countRules(errors: readonly ExtractError[]): RuleCount[] {
  const byCode = new Map<string, RuleCount>();
  for (const e of errors) {
    const r = byCode.get(e.code) ?? { code: e.code, count: 0, lines: [] };
    r.count++;
    if (e.line !== null && r.lines.length < 5 && !r.lines.includes(e.line)) r.lines.push(e.line);
    byCode.set(e.code, r);
  }
  return [...byCode.values()];
}

/**
 * Checks a whole extract against every rule of the format. On success the normalised,
 * aggregated rows are left in the connection's temporary table `cse_agg` for the loader.
 */
export async function validateExtract(
  c: DuckDBConnection,
  dataset: Dataset,
  path: string,
  progress: (phase: ValidationPhase, fraction: number | null) => void,
  allowedAreas: AllowedAreas = null,
): Promise<Validation> {
  const firstLine = await readFirstLine(path);
  if (firstLine.includes('\uFFFD')) return { ok: 'not_utf8' };
  const header = parseHeader(firstLine);
  const checked = checkHeader(dataset, header);
  const headerErrors = checked.errors;
  if (headerErrors.some((e) => BLOCKING.has(e.code))) {
    return { ok: false, errors: headerErrors, count: headerErrors.length, rules: countRules(headerErrors), trimmed: [] };
  }

  for (const sql of PERIOD_MACROS) await c.run(sql);
  await createAreaLookups(c, { names: checked.columns.has('area_name') });
  const source = readCsvSql(path, header);
  try {
    // A column the header check left out (unknown, personal data) is reported, and the rows are
    // still read for every other rule: one upload tells the analyst everything.
    if (headerErrors.length === 0) {
      const sql = buildExtractSql(dataset, checked.columns, { allowedAreas });
      const strict = await withProgress(c, (f) => progress('reading', f), () => aggregate(c, sql, source, checked.aggregate, []));
      if (strict.rows === 0) return fileError('empty_file', 'The file has a header but no data rows.');
      if (strict.bad === 0 && strict.duplicates === 0) return accepted(sql, strict.rows, checked, []);
    }
    // Only a file with a problem pays for this: read again, trimming non-breaking and stray
    // spaces, so that the report (or the load, if that was all) is about real problems.
    progress('validating', null);
    const sql = buildExtractSql(dataset, checked.columns, { lenient: true, allowedAreas });
    const textColumns = [...checked.columns].filter(([name]) => !dataset.measures.some((m) => m.name === name));
    const lenient = await aggregate(c, sql, source, checked.aggregate, textColumns);
    if (lenient.rows === 0 && headerErrors.length === 0) return fileError('empty_file', 'The file has a header but no data rows.');
    if (headerErrors.length === 0 && lenient.bad === 0 && lenient.duplicates === 0) return accepted(sql, lenient.rows, checked, lenient.trimmed);
    const cells = lenient.bad > 0 || lenient.duplicates > 0
      ? await findCellErrors(c, {
          sql,
          source: readCsvSql(path, header, { ordered: true }),
          aggregate: checked.aggregate,
          locate: (records) => scanRecords(path, header.delimiter, header.names.length, records, 0).then((s) => s.lines),
        })
      : { errors: [], count: 0, rules: [] };
    // The fast path and the checks read values by the same expressions; disagreeing would be a
    // defect here, never a reason to refuse a file without saying why.
    if (cells.count === 0 && headerErrors.length === 0) throw new Error('validation found problem rows but could not describe them');
    const errors = [...headerErrors, ...cells.errors].slice(0, MAX_LISTED_ERRORS);
    return { ok: false, errors, count: headerErrors.length + cells.count, rules: [...countRules(headerErrors), ...cells.rules], trimmed: lenient.trimmed };
  } catch (error) {
    if (!isCsvError(error)) throw error;
    // DuckDB's reader checks every value it reads is UTF-8, so no separate pass is needed.
    if (/invalid unicode/i.test((error as Error).message)) return { ok: 'not_utf8' };
    const structural = await structuralErrors(path, header, error);
    if (structural.ok !== false) return structural;
    const errors = [...headerErrors, ...structural.errors].slice(0, MAX_LISTED_ERRORS);
    return { ...structural, errors, count: headerErrors.length + structural.count, rules: [...countRules(headerErrors), ...structural.rules] };
  }
}

function accepted(sql: ExtractSql, rows: number, checked: { aggregate: boolean; columns: ReadonlyMap<string, string> }, trimmed: { column: string; count: number }[]): Validation {
  const [period, area, dimensions] = sql.keys.map((k, i) => k.decode(`k${i}`));
  const decode = { partition: [...period!, ...area!], dimensions: dimensions! };
  return { ok: true, rows, aggregate: checked.aggregate, columns: checked.columns, decode, trimmed };
}

/**
 * DuckDB's CSV reader with every option pinned: nothing is sniffed. `ordered` reads with one
 * thread so rows arrive in file order, which only the slow path needs to name lines.
 */
function readCsvSql(path: string, header: CsvHeader, { ordered = false } = {}): string {
  const columns = header.names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const delimiter = header.delimiter === '\t' ? '\\t' : header.delimiter;
  return `read_csv('${path.replaceAll("'", "''")}', columns = {${columns}}, header = true,
    delim = E'${delimiter}', quote = '"', escape = '"', auto_detect = false, strict_mode = true,
    null_padding = false, max_line_size = ${MAX_LINE_BYTES}, parallel = ${ordered ? 'false' : 'true'})`;
}

/**
 * The fast path: one pass of DuckDB's reader that normalises, aggregates and counts problems.
 * Keys are grouped and kept in their cheap form (a quarter's date, an area's number, packed
 * dimensions); they are decoded once, as the rows are stored. Rows with problems are only
 * counted here; finding and describing them is the slow path's job.
 */
async function aggregate(c: DuckDBConnection, sql: ExtractSql, source: string, aggregateFile: boolean, spaced: [string, string][]) {
  const groupKeys = sql.keys.map((_, i) => `k${i}`).join(', ');
  const sums = sql.measures.map((m) => `sum(${m.name})::BIGINT AS ${m.name}`);
  // Counted per column only on the lenient reading, for the warning about trimmed spaces.
  const spaces = spaced.map(([, staging], i) => `sum(sp${i})::BIGINT AS sp${i}`);
  const spaceFlags = spaced.map(([, staging], i) => `coalesce(${strayspaceSql(`s.${staging}`)}, false)::INTEGER AS sp${i}`).join(', ');
  await c.run(`CREATE OR REPLACE TEMP TABLE cse_agg AS
    SELECT ${groupKeys}, count(*)::BIGINT AS n_rows,
           count_if(${rowIsBadSql(sql)})::BIGINT AS bad_rows${[...sums, ...spaces].map((x) => `, ${x}`).join('')}
    FROM (${normalisedRowsSql(sql, source, spaceFlags)}) GROUP BY ALL`);
  const reader = await c.runAndReadAll(`SELECT coalesce(sum(bad_rows), 0) AS bad,
    coalesce(sum(n_rows), 0) AS rows, count_if(n_rows > 1 AND bad_rows = 0) AS duplicates
    ${spaced.map((_, i) => `, coalesce(sum(sp${i}), 0) AS sp${i}`).join('')} FROM cse_agg`);
  const r = reader.getRowObjectsJS()[0]!;
  const trimmed = spaced.map(([column], i) => ({ column, count: Number(r[`sp${i}`]) })).filter((t) => t.count > 0);
  return { bad: Number(r.bad), rows: Number(r.rows), duplicates: aggregateFile ? Number(r.duplicates) : 0, trimmed };
}

async function withProgress<T>(c: DuckDBConnection, report: (f: number) => void, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    const p = c.progress.percentage;
    if (p >= 0) report(Math.min(1, p / 100));
  }, 200);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

const isCsvError = (error: unknown) => error instanceof Error && /CSV Error|Invalid Input Error|unterminated quote/i.test(error.message);

/** DuckDB refused the file's structure: find every ragged row or open quote by line. */
async function structuralErrors(path: string, header: CsvHeader, error: unknown): Promise<Validation> {
  const expected = header.names.length;
  const scan = await scanRecords(path, header.delimiter, expected, new Set(), MAX_LISTED_ERRORS);
  const errors: ExtractError[] = scan.structuralErrors.map((e) => ({
    line: e.line,
    column: null,
    code: e.kind,
    message: describeStructuralError(e, expected),
    expected: structuralExpectation(e, expected),
  }));
  if (errors.length === 0) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fileError('ragged_row', `The file could not be read as CSV: ${reason}`);
  }
  return { ok: false, errors, count: Math.max(scan.structuralErrorCount, errors.length), rules: countRules(errors), trimmed: [] };
}
