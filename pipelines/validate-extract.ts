import type { DuckDBConnection } from '@duckdb/node-api';
import { findCellErrors } from './cell-errors.js';
import { parseHeader, readFirstLine, type CsvHeader } from './csv-header.js';
import { MAX_LISTED_ERRORS, type ExtractError } from './extract-errors.js';
import { checkHeader } from './extract-header.js';
import type { AllowedAreas } from './area-scope-rule.js';
import type { Dataset } from './extract-schema.js';
import { AREA_LOOKUP_TABLES, buildExtractSql, normalisedRowsSql, rowIsBadSql, type DecodedColumn, type ExtractSql } from './extract-sql.js';
import { PERIOD_MACROS } from './periods.js';
import { scanRecords } from './record-lines.js';

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
    }
  | { ok: false; errors: ExtractError[]; count: number }
  /** Some bytes are not UTF-8: the caller reads the file as Windows-1252 instead. */
  | { ok: 'not_utf8' };

const fileError = (code: ExtractError['code'], message: string): Validation => ({
  ok: false,
  errors: [{ line: null, column: null, code, message }],
  count: 1,
});

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
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors, count: checked.errors.length };

  for (const sql of [...PERIOD_MACROS, ...AREA_LOOKUP_TABLES]) await c.run(sql);
  const sql = buildExtractSql(dataset, checked.columns, allowedAreas);
  const source = readCsvSql(path, header);

  let summary: { bad: number; duplicates: number; rows: number };
  try {
    summary = await withProgress(c, (f) => progress('reading', f), () => aggregate(c, sql, source, checked.aggregate));
  } catch (error) {
    if (!isCsvError(error)) throw error;
    // DuckDB's reader checks every value it reads is UTF-8, so no separate pass is needed.
    if (/invalid unicode/i.test((error as Error).message)) return { ok: 'not_utf8' };
    return structuralErrors(path, header, error);
  }

  if (summary.rows === 0) return fileError('empty_file', 'The file has a header but no data rows.');
  if (summary.bad > 0 || summary.duplicates > 0) {
    progress('validating', null);
    const { errors, count } = await findCellErrors(c, {
      sql,
      source: readCsvSql(path, header, { ordered: true }),
      aggregate: checked.aggregate,
      locate: (records) => scanRecords(path, header.delimiter, header.names.length, records, 0).then((s) => s.lines),
    });
    // The fast path and the checks read values by the same expressions; disagreeing would be a
    // defect here, never a reason to refuse a file without saying why.
    if (count === 0) throw new Error('validation found problem rows but could not describe them');
    return { ok: false, errors, count };
  }
  const [period, area, dimensions] = sql.keys.map((k, i) => k.decode(`k${i}`));
  const decode = { partition: [...period!, ...area!], dimensions: dimensions! };
  return { ok: true, rows: summary.rows, aggregate: checked.aggregate, columns: checked.columns, decode };
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
    null_padding = false, parallel = ${ordered ? 'false' : 'true'})`;
}

/**
 * The fast path: one pass of DuckDB's reader that normalises, aggregates and counts problems.
 * Keys are grouped and kept in their cheap form (a quarter's date, an area's number, packed
 * dimensions); they are decoded once, as the rows are stored. Rows with problems are only
 * counted here; finding and describing them is the slow path's job.
 */
async function aggregate(c: DuckDBConnection, sql: ExtractSql, source: string, aggregateFile: boolean) {
  const groupKeys = sql.keys.map((_, i) => `k${i}`).join(', ');
  const sums = sql.measures.map((m) => `sum(${m.name})::BIGINT AS ${m.name}`);
  await c.run(`CREATE OR REPLACE TEMP TABLE cse_agg AS
    SELECT ${groupKeys}, count(*)::BIGINT AS n_rows,
           count_if(${rowIsBadSql(sql)})::BIGINT AS bad_rows${sums.length ? `, ${sums.join(', ')}` : ''}
    FROM (${normalisedRowsSql(sql, source)}) GROUP BY ALL`);
  const reader = await c.runAndReadAll(`SELECT coalesce(sum(bad_rows), 0) AS bad,
    coalesce(sum(n_rows), 0) AS rows, count_if(n_rows > 1 AND bad_rows = 0) AS duplicates FROM cse_agg`);
  const r = reader.getRowObjectsJS()[0]!;
  return { bad: Number(r.bad), rows: Number(r.rows), duplicates: aggregateFile ? Number(r.duplicates) : 0 };
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
    message:
      e.kind === 'ragged_row'
        ? `Line ${e.line} has ${e.fields} fields but the header has ${expected}.`
        : `Line ${e.line} opens a quoted field that is never closed.`,
    expected: `${expected} fields`,
  }));
  if (errors.length === 0) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fileError('ragged_row', `The file could not be read as CSV: ${reason}`);
  }
  return { ok: false, errors, count: Math.max(scan.structuralErrorCount, errors.length) };
}
