import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AllowedAreas } from './area-scope-rule.js';
import { MAX_LISTED_ERRORS, summariseRules, type ExtractError, type RuleCount, type RuleSummary } from './extract-errors.js';
import { insertStagedRollupSql, rollupTable } from './extract-rollup.js';
import { DATASETS, type Dataset, type DatasetId } from './extract-schema.js';
import { hashFile, transcodeWindows1252 } from './file-inspection.js';
import { loadPartitions, planPartitions, type PartitionSummary } from './load-extract.js';
import { areasRead, recordAttempt } from './upload-attempts.js';
import { inWorkbook, workbookError } from './workbook-errors.js';
import { isWorkbook, workbookToCsv, type WorkbookCsv } from './workbook-csv.js';
import { validateExtract, type Validation } from './validate-extract.js';

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
  /** The file's SHA-256 when the caller has it already (an upload hashed as it arrived). */
  sha256?: string;
  user?: string;
  dryRun?: boolean;
  /** The areas this writer may load rows for; null or absent for every area. */
  allowedAreas?: AllowedAreas;
  /** In a workbook, the sheet to read (the first when absent). */
  sheet?: string;
  /** Where a workbook's sheet (or a transcoded file) is written: the upload directory on the server. */
  scratchDir?: string;
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
  /** Every rule that found problems: how many, the first lines, what it means and the fix. */
  by_rule: RuleSummary[];
  warnings: string[];
}

export type IngestResult = IngestSuccess | IngestRefusal;

const refusal = (dataset: DatasetId, errors: ExtractError[], count: number, rules: RuleCount[], warnings: string[]): IngestRefusal => ({
  ok: false,
  dataset,
  errors: errors.slice(0, MAX_LISTED_ERRORS),
  error_count: count,
  by_rule: summariseRules(rules),
  warnings,
});

const trimmedWarning = (t: { column: string; count: number }) =>
  `Column "${t.column}": ${t.count.toLocaleString('en-GB')} value${t.count === 1 ? ' had' : 's had'} non-breaking or trailing spaces (Excel and copies from web pages leave them); they were trimmed.`;

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
    return refusal(dataset.id, [{ line: null, column: null, code: 'empty_file', message: 'The file is empty.' }], 1, [{ code: 'empty_file', count: 1, lines: [] }], warnings);
  }

  let scratch: string | null = null;
  const scratchDir = async () => (scratch ??= await mkdtemp(join(options.scratchDir ?? tmpdir(), 'cse-profile-')));
  try {
    const onPhase = (phase: IngestPhase, fraction: number | null) => progress({ phase, fraction });
    onPhase('reading', 0);
    // The hash is taken on this thread while DuckDB reads the file on its own; a file that turns
    // out not to be UTF-8 is validated again once transcoded.
    const hashing = options.sha256 ? Promise.resolve(options.sha256) : hashFile(options.path);
    const refuse = async (refused: IngestRefusal) => {
      if (!options.dryRun) {
        await recordAttempt(c, {
          dataset: dataset.id,
          fileName,
          sha256: await hashing,
          user: options.user ?? 'cli',
          outcome: 'refused',
          uploadId: null,
          rows: null,
          areas: await areasRead(c),
          errorCount: refused.error_count,
          errorsByCode: Object.fromEntries(refused.by_rule.map((r) => [r.code, r.count])),
        });
      }
      return refused;
    };

    let path = options.path;
    let workbook: WorkbookCsv | null = null;
    if (await isWorkbook(options.path)) {
      path = join(await scratchDir(), 'sheet.csv');
      const read = await workbookToCsv(options.path, path, options.sheet);
      if ('kind' in read) {
        const error = workbookError(read);
        return await refuse(refusal(dataset.id, [error], 1, [{ code: error.code, count: 1, lines: [] }], warnings));
      }
      workbook = read;
    }
    let validation = await validateExtract(c, dataset, path, onPhase, options.allowedAreas ?? null);
    const sha256 = await hashing;
    if (validation.ok === 'not_utf8') {
      path = join(await scratchDir(), 'utf8.csv');
      await transcodeWindows1252(options.path, path);
      warnings.push('The file is not valid UTF-8, so it was read as Windows-1252 (what Excel saves as "CSV (Comma delimited)"). Check that accented names look right.');
      validation = await validateExtract(c, dataset, path, onPhase, options.allowedAreas ?? null);
      if (validation.ok === 'not_utf8') throw new Error('a transcoded file is not UTF-8');
    }
    warnings.push(...validation.trimmed.map(trimmedWarning));
    if (!validation.ok) {
      const errors = workbook ? validation.errors.map((e) => inWorkbook(e, workbook)) : validation.errors;
      const rules = workbook ? validation.rules.map((r) => ({ ...r, lines: r.lines.map((l) => l + workbook.rowOffset) })) : validation.rules;
      return await refuse(refusal(dataset.id, errors, validation.count, rules, warnings));
    }

    // The staged aggregate keeps its keys as small integers until it is stored. Partitions are
    // named and totalled once: the plan, the warnings, the file totals and the upload log read
    // these few rows, and the fact rows and the rollup take their names from them.
    await c.run(stagedRowsSql(dataset, validation));
    await c.run(`CREATE OR REPLACE TEMP TABLE cse_agg_partitions AS
      SELECT k0, k1, ${validation.decode.partition.map((d) => `${d.sql} AS ${d.name}`).join(', ')},
             ${dataset.measures.map((m) => `sum(${m.name})::BIGINT AS ${m.name}`).join(', ')}
      FROM cse_agg_staged GROUP BY k0, k1`);
    await c.run(factRowsSql(dataset, validation));
    warnings.push(...(await areaWarnings(c, dataset.id)));
    const partitions = await planPartitions(c, dataset);
    const totals = await fileTotals(c, dataset.measures.map((m) => m.name));
    const kind = validation.aggregate ? 'aggregate' : 'records';
    let uploadId: number | null = null;
    if (!options.dryRun) {
      onPhase('loading', null);
      const rollup = insertStagedRollupSql(dataset, { source: 'cse_agg_staged', partitions: 'cse_agg_partitions', dimensions: validation.decode.dimensions });
      uploadId = await loadPartitions(
        c,
        { dataset, fileName, sha256, user: options.user ?? 'cli', kind, rows: validation.rows, totals, warnings },
        partitions,
        rollup,
      );
    }
    return { ok: true, dataset: dataset.id, dry_run: Boolean(options.dryRun), upload_id: uploadId, kind, rows: validation.rows, partitions, totals, warnings };
  } finally {
    await c.run('DROP TABLE IF EXISTS cse_agg_partitions');
    await c.run('DROP VIEW IF EXISTS cse_agg_facts');
    await c.run('DROP VIEW IF EXISTS cse_agg_staged');
    await c.run('DROP TABLE IF EXISTS cse_agg');
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** The validated aggregate with its keys as grouped and its measures as the fact table's: a record counts 1 towards the primary measure. */
function stagedRowsSql(dataset: Dataset, validation: Extract<Validation, { ok: true }>): string {
  const measures = dataset.measures.map((m, i) => {
    if (validation.aggregate && validation.columns.has(m.name)) return m.name;
    return !validation.aggregate && i === 0 ? `n_rows AS ${m.name}` : `NULL::BIGINT AS ${m.name}`;
  });
  return `CREATE OR REPLACE TEMP VIEW cse_agg_staged AS SELECT k0, k1, k2, ${measures.join(', ')} FROM cse_agg`;
}

/** The staged rows as fact rows: partition names from their few rows, dimensions by position. */
function factRowsSql(dataset: Dataset, validation: Extract<Validation, { ok: true }>): string {
  const dimensions = validation.decode.dimensions.map((d) => `${d.sql} AS ${d.name}`);
  return `CREATE OR REPLACE TEMP VIEW cse_agg_facts AS
    SELECT p.area_code, p.period, ${dimensions.join(', ')}, ${dataset.measures.map((m) => `s.${m.name}`).join(', ')}
    FROM cse_agg_staged s JOIN cse_agg_partitions p USING (k0, k1)`;
}

async function fileTotals(c: DuckDBConnection, measures: string[]): Promise<Record<string, number | null>> {
  const reader = await c.runAndReadAll(`SELECT ${measures.map((m) => `sum(${m})::BIGINT AS ${m}`).join(', ')} FROM cse_agg_partitions`);
  const row = reader.getRowObjectsJS()[0]!;
  return Object.fromEntries(measures.map((m) => [m, row[m] === null ? null : Number(row[m])]));
}

async function areaWarnings(c: DuckDBConnection, dataset: DatasetId): Promise<string[]> {
  const retired = await c.runAndReadAll(`
    SELECT a.code, a.name, string_agg(s.new_code, ', ' ORDER BY s.new_code) AS successors
    FROM (SELECT DISTINCT area_code FROM cse_agg_partitions) g
    JOIN areas a ON a.code = g.area_code AND NOT a.live
    LEFT JOIN area_successors s ON s.old_code = a.code
    GROUP BY a.code, a.name ORDER BY a.code`);
  const mixed = await c.runAndReadAll(`
    SELECT DISTINCT parent.code, parent.name
    FROM cse_agg_partitions g
    JOIN areas d ON d.code = g.area_code
    JOIN areas parent ON parent.code = d.parent_code
    -- The rollup's total rows say which partitions are stored, without scanning every fact row.
    WHERE EXISTS (SELECT 1 FROM ${rollupTable(DATASETS[dataset])} r WHERE r.dimension = '' AND r.area_code = parent.code AND r.period = g.period)
       OR EXISTS (SELECT 1 FROM cse_agg_partitions f2 WHERE f2.area_code = parent.code AND f2.period = g.period)`);
  return [
    ...retired.getRowObjectsJS().map((r) =>
      `Area ${r.code} (${r.name}) no longer exists${r.successors ? `; it was replaced by ${r.successors}` : ''}. Its rows are stored under the old code.`),
    ...mixed.getRowObjectsJS().map((r) =>
      `${r.name} (${r.code}) has rows of its own and rows for its districts in the same period; its totals will include both.`),
  ];
}
