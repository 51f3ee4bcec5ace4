import type { DuckDBConnection } from '@duckdb/node-api';
import { republishAreas } from './disclosure-layer.js';
import { rollupTable } from './extract-rollup.js';
import type { Dataset } from './extract-schema.js';
import { recordAttempt } from './upload-attempts.js';

export interface PartitionSummary {
  area_code: string;
  period: string;
  replaced: boolean;
  previous_totals: Record<string, number | null> | null;
  new_totals: Record<string, number | null>;
}

export interface UploadRecord {
  dataset: Dataset;
  fileName: string;
  sha256: string;
  user: string;
  kind: 'aggregate' | 'records';
  rows: number;
  totals: Record<string, number | null>;
  warnings: string[];
}

export const factTable = (dataset: Dataset) => `${dataset.id}_facts`;

function totalsSql(dataset: Dataset, alias: string): string {
  return `json_object(${dataset.measures.map((m) => `'${m.name}', sum(${alias}.${m.name})`).join(', ')})`;
}

/**
 * What the staged upload would do to the store: one entry per (area, period) partition (the
 * temporary `cse_agg_partitions`), with the totals it holds now and the totals it would hold.
 * A national extract over many years has tens of thousands: they are converted a chunk at a time,
 * the event loop turning between chunks, not all at once.
 */
export async function planPartitions(c: DuckDBConnection, dataset: Dataset): Promise<PartitionSummary[]> {
  const facts = factTable(dataset);
  const result = await c.run(`
    WITH incoming AS (
      SELECT area_code, period, ${totalsSql(dataset, 'g')} AS new_totals
      FROM cse_agg_partitions g GROUP BY area_code, period
    ),
    existing AS (
      SELECT f.area_code, f.period, ${totalsSql(dataset, 'f')} AS previous_totals
      FROM ${facts} f JOIN incoming i USING (area_code, period)
      GROUP BY f.area_code, f.period
    )
    SELECT i.area_code, i.period, e.previous_totals IS NOT NULL AS replaced,
           e.previous_totals::VARCHAR AS previous_totals, i.new_totals::VARCHAR AS new_totals
    FROM incoming i LEFT JOIN existing e USING (area_code, period)
    ORDER BY i.area_code, i.period`);
  const partitions: PartitionSummary[] = [];
  for await (const rows of result.yieldRowObjectJs()) {
    for (const r of rows) {
      partitions.push({
        area_code: String(r.area_code),
        period: String(r.period),
        replaced: Boolean(r.replaced),
        previous_totals: r.previous_totals === null ? null : (JSON.parse(String(r.previous_totals)) as Record<string, number | null>),
        new_totals: JSON.parse(String(r.new_totals)) as Record<string, number | null>,
      });
    }
  }
  return partitions;
}

/**
 * Replaces every partition the upload touches, in the facts and their rollup (`insertRollup`, the
 * statement that adds the staged rows' rollup), and records it, in one transaction: a failure or
 * a killed process at any point leaves the store exactly as it was (DuckDB's WAL never applies an
 * uncommitted transaction on restart).
 */
export async function loadPartitions(
  c: DuckDBConnection,
  upload: UploadRecord,
  partitions: readonly PartitionSummary[],
  insertRollup: string,
): Promise<number> {
  const dataset = upload.dataset;
  const facts = factTable(dataset);
  const columns = ['area_code', 'period', ...dataset.dimensions.map((d) => d.name), ...dataset.measures.map((m) => m.name)];
  await c.run('BEGIN TRANSACTION');
  try {
    const idReader = await c.runAndReadAll(`SELECT nextval('upload_id_seq') AS id`);
    const id = Number(idReader.getRowObjectsJS()[0]!.id);
    await c.run(`CREATE OR REPLACE TEMP TABLE cse_partitions AS SELECT area_code, period FROM cse_agg_partitions`);
    await c.run(`INSERT INTO upload_partitions
      SELECT $id, $dataset, p.area_code, p.period, prev.upload_id IS NOT NULL, prev.upload_id,
             prev.totals, newt.totals
      FROM cse_partitions p
      LEFT JOIN (SELECT f.area_code, f.period, max(f.upload_id) AS upload_id, ${totalsSql(dataset, 'f')} AS totals
                 FROM ${facts} f JOIN cse_partitions USING (area_code, period) GROUP BY ALL) prev USING (area_code, period)
      JOIN (SELECT area_code, period, ${totalsSql(dataset, 'g')} AS totals FROM cse_agg_partitions g GROUP BY ALL) newt
        USING (area_code, period)`, { id, dataset: dataset.id });
    await c.run(`DELETE FROM ${facts} f USING cse_partitions p WHERE f.area_code = p.area_code AND f.period = p.period`);
    await c.run(`INSERT INTO ${facts} (upload_id, ${columns.join(', ')})
      SELECT $id, ${columns.join(', ')} FROM cse_agg_facts`, { id });
    await c.run(`DELETE FROM ${rollupTable(dataset)} r USING cse_partitions p WHERE r.area_code = p.area_code AND r.period = p.period`);
    await c.run(insertRollup);
    await republishAreas(c, dataset, 'SELECT DISTINCT area_code FROM cse_partitions');
    await c.run(`INSERT INTO upload_log VALUES ($id, $dataset, $file, $sha, $user, now(), $kind, $rows, $partitions, $totals::JSON, $warnings::JSON::VARCHAR[])`, {
      id,
      dataset: dataset.id,
      file: upload.fileName,
      sha: upload.sha256,
      user: upload.user,
      kind: upload.kind,
      rows: upload.rows,
      partitions: partitions.length,
      totals: JSON.stringify(upload.totals),
      warnings: JSON.stringify(upload.warnings),
    });
    await recordAttempt(c, {
      dataset: dataset.id,
      fileName: upload.fileName,
      sha256: upload.sha256,
      user: upload.user,
      outcome: 'loaded',
      uploadId: id,
      rows: upload.rows,
      areas: [...new Set(partitions.map((p) => p.area_code))].sort(),
      errorCount: 0,
      errorsByCode: {},
    });
    await c.run('COMMIT');
    return id;
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
}
