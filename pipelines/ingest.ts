import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readFirstLine, parseHeader, type CsvHeader } from './csv-header.js';
import { MAX_LISTED_ERRORS, type ExtractError } from './extract-errors.js';
import { checkHeader } from './extract-header.js';
import { DATASETS, type Dataset, type DatasetId } from './extract-schema.js';
import { AREA_LOOKUP_TABLES, buildExtractSql, type ExtractSql } from './extract-sql.js';
import { inspectFile, transcodeWindows1252 } from './file-inspection.js';
import { findCellErrors } from './cell-errors.js';
import { loadPartitions, planPartitions, type PartitionSummary } from './load-extract.js';
import { PERIOD_MACROS } from './periods.js';
import { scanRecords } from './record-lines.js';

export type IngestPhase = 'reading' | 'validating' | 'loading';

export interface IngestProgress {
  phase: IngestPhase;
  /** 0..1 within the phase where DuckDB reports it, otherwise null. */
  fraction: number | null;
}

export interface IngestOptions {
  dataset: DatasetId;
  path: string;
  /** The name the user gave the file (uploads arrive under a temporary name). */
  fileName?: string;
  user?: string;
  dryRun?: boolean;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestSuccess {
  ok: true;
  dataset: DatasetId;
  dry_run: boolean;
  upload_id: number | null;
  kind: 'aggregate' | 'records';
  rows: number;
  partitions: PartitionSummary[];
  totals: Record<string, number | null>;
  warnings: string[];
}

export interface IngestRefusal {
  ok: false;
  dataset: DatasetId;
  errors: ExtractError[];
  error_count: number;
  warnings: string[];
}

export type IngestResult = IngestSuccess | IngestRefusal;

const refusal = (dataset: DatasetId, errors: ExtractError[], count: number, warnings: string[]): IngestRefusal => ({
  ok: false,
  dataset,
  errors: errors.slice(0, MAX_LISTED_ERRORS),
  error_count: count,
  warnings,
});

/**
 * Validates a whole extract and, if every row is valid, replaces the partitions it covers.
 * The connection should be one of its own: the work uses temporary tables and a transaction.
 */
export async function ingestExtract(c: DuckDBConnection, options: IngestOptions): Promise<IngestResult> {
  const dataset = DATASETS[options.dataset];
  const fileName = options.fileName ?? basename(options.path);
  const warnings: string[] = [];
  const progress = options.onProgress ?? (() => {});

  if ((await stat(options.path)).size === 0) {
    return refusal(dataset.id, [{ line: null, column: null, code: 'empty_file', message: 'The file is empty.' }], 1, warnings);
  }

  let scratch: string | null = null;
  try {
    progress({ phase: 'reading', fraction: 0 });
    const inspection = await inspectFile(options.path);
    let path = options.path;
    if (!inspection.utf8) {
      scratch = await mkdtemp(join(tmpdir(), 'cse-profile-'));
      path = join(scratch, 'utf8.csv');
      await transcodeWindows1252(options.path, path);
      warnings.push('The file is not valid UTF-8, so it was read as Windows-1252 (what Excel saves as "CSV (Comma delimited)"). Check that accented names look right.');
    }

    const header = parseHeader(await readFirstLine(path));
    const checked = checkHeader(dataset, header);
    if (checked.errors.length > 0) return refusal(dataset.id, checked.errors, checked.errors.length, warnings);

    for (const sql of [...PERIOD_MACROS, ...AREA_LOOKUP_TABLES]) await c.run(sql);
    const sql = buildExtractSql(dataset, checked.columns);
    const source = readCsvSql(path, header);

    let summary: { bad: number; duplicates: number; rows: number };
    try {
      summary = await withProgress(c, (f) => progress({ phase: 'reading', fraction: f }), () => aggregate(c, sql, source, checked.aggregate));
    } catch (error) {
      if (!isCsvError(error)) throw error;
      const scan = await scanRecords(path, header.delimiter, header.names.length, new Set(), MAX_LISTED_ERRORS);
      const errors: ExtractError[] = scan.structuralErrors.map((e) => ({
        line: e.line,
        column: null,
        code: e.kind,
        message: e.kind === 'ragged_row'
          ? `Line ${e.line} has ${e.fields} fields but the header has ${header.names.length}.`
          : `Line ${e.line} opens a quoted field that is never closed.`,
        expected: `${header.names.length} fields`,
      }));
      if (errors.length === 0) {
        errors.push({ line: null, column: null, code: 'ragged_row', message: `The file could not be read as CSV: ${firstLine(error)}` });
      }
      return refusal(dataset.id, errors, Math.max(scan.structuralErrorCount, errors.length), warnings);
    }

    if (summary.rows === 0) {
      return refusal(dataset.id, [{ line: null, column: null, code: 'empty_file', message: 'The file has a header but no data rows.' }], 1, warnings);
    }
    if (summary.bad > 0 || summary.duplicates > 0) {
      progress({ phase: 'validating', fraction: null });
      const { errors, count } = await findCellErrors(c, {
        sql,
        source,
        aggregate: checked.aggregate,
        dimensions: dataset.dimensions.map((d) => d.name),
        locate: (records) => scanRecords(path, header.delimiter, header.names.length, records, 0).then((s) => s.lines),
      });
      return refusal(dataset.id, errors, count, warnings);
    }

    await c.run(factRowsSql(dataset, checked.aggregate, checked.columns));
    warnings.push(...(await areaWarnings(c, dataset.id)));
    const partitions = await planPartitions(c, dataset);
    const totals = await fileTotals(c, dataset.measures.map((m) => m.name));
    const kind = checked.aggregate ? 'aggregate' : 'records';
    let uploadId: number | null = null;
    if (!options.dryRun) {
      progress({ phase: 'loading', fraction: null });
      uploadId = await loadPartitions(
        c,
        { dataset, fileName, sha256: inspection.sha256, user: options.user ?? 'cli', kind, rows: summary.rows, totals, warnings },
        partitions,
      );
    }
    return { ok: true, dataset: dataset.id, dry_run: Boolean(options.dryRun), upload_id: uploadId, kind, rows: summary.rows, partitions, totals, warnings };
  } finally {
    await c.run('DROP TABLE IF EXISTS cse_agg');
    await c.run('DROP TABLE IF EXISTS cse_agg_facts');
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** DuckDB's CSV reader with every option pinned: nothing is sniffed. */
function readCsvSql(path: string, header: CsvHeader): string {
  const columns = header.names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const delimiter = header.delimiter === '\t' ? '\\t' : header.delimiter;
  return `read_csv('${path.replaceAll("'", "''")}', columns = {${columns}}, header = true,
    delim = E'${delimiter}', quote = '"', escape = '"', auto_detect = false, strict_mode = true,
    null_padding = false)`;
}

/**
 * The fast path: one pass of DuckDB's reader that normalises, aggregates and counts problems.
 * Rows with problems are only counted here; finding and describing them is the slow path's job.
 */
async function aggregate(c: DuckDBConnection, sql: ExtractSql, source: string, aggregateFile: boolean) {
  const keys = sql.keys.map((k) => `${k.sql} AS ${k.name}`).join(',\n');
  const measures = sql.measures.map((m) => `sum(${m.sql})::BIGINT AS ${m.name}`).join(',\n');
  await c.run(`CREATE OR REPLACE TEMP TABLE cse_agg AS
    SELECT ${keys}, count(*)::BIGINT AS n_rows, count_if(${sql.rowIsBad})::BIGINT AS bad_rows
      ${measures ? `, ${measures}` : ''}
    FROM ${source} s ${sql.joins}
    GROUP BY ALL`);
  const reader = await c.runAndReadAll(`SELECT coalesce(sum(bad_rows), 0) AS bad,
    coalesce(sum(n_rows), 0) AS rows, count_if(n_rows > 1 AND bad_rows = 0) AS duplicates FROM cse_agg`);
  const r = reader.getRowObjectsJS()[0]!;
  return { bad: Number(r.bad), rows: Number(r.rows), duplicates: aggregateFile ? Number(r.duplicates) : 0 };
}

/** The validated aggregate shaped as fact rows: a record counts 1 towards the primary measure. */
function factRowsSql(dataset: Dataset, aggregateFile: boolean, present: ReadonlyMap<string, string>): string {
  const measures = dataset.measures.map((m, i) => {
    if (aggregateFile && present.has(m.name)) return m.name;
    return !aggregateFile && i === 0 ? `n_rows AS ${m.name}` : `NULL::BIGINT AS ${m.name}`;
  });
  return `CREATE OR REPLACE TEMP TABLE cse_agg_facts AS
    SELECT area_code, period, ${dataset.dimensions.map((d) => d.name).join(', ')}, ${measures.join(', ')}
    FROM cse_agg`;
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
const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

async function fileTotals(c: DuckDBConnection, measures: string[]): Promise<Record<string, number | null>> {
  const reader = await c.runAndReadAll(`SELECT ${measures.map((m) => `sum(${m})::BIGINT AS ${m}`).join(', ')} FROM cse_agg_facts`);
  const row = reader.getRowObjectsJS()[0]!;
  return Object.fromEntries(measures.map((m) => [m, row[m] === null ? null : Number(row[m])]));
}

async function areaWarnings(c: DuckDBConnection, dataset: DatasetId): Promise<string[]> {
  const retired = await c.runAndReadAll(`
    SELECT a.code, a.name, string_agg(s.new_code, ', ' ORDER BY s.new_code) AS successors
    FROM (SELECT DISTINCT area_code FROM cse_agg_facts) g
    JOIN areas a ON a.code = g.area_code AND NOT a.live
    LEFT JOIN area_successors s ON s.old_code = a.code
    GROUP BY a.code, a.name ORDER BY a.code`);
  const mixed = await c.runAndReadAll(`
    SELECT DISTINCT parent.code, parent.name
    FROM (SELECT DISTINCT area_code, period FROM cse_agg_facts) g
    JOIN areas d ON d.code = g.area_code
    JOIN areas parent ON parent.code = d.parent_code
    WHERE EXISTS (SELECT 1 FROM ${dataset}_facts f WHERE f.area_code = parent.code AND f.period = g.period)
       OR EXISTS (SELECT 1 FROM cse_agg_facts f2 WHERE f2.area_code = parent.code AND f2.period = g.period)`);
  return [
    ...retired.getRowObjectsJS().map((r) =>
      `Area ${r.code} (${r.name}) no longer exists${r.successors ? `; it was replaced by ${r.successors}` : ''}. Its rows are stored under the old code.`),
    ...mixed.getRowObjectsJS().map((r) =>
      `${r.name} (${r.code}) has rows of its own and rows for its districts in the same period; its totals will include both.`),
  ];
}
