import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASETS, DATASET_IDS, type DatasetId } from '../../pipelines/extract-schema.js';

export interface LoadedDataset {
  dataset: DatasetId;
  label: string;
  rows: number;
  periods: string[];
  areas: { code: string; name: string; kind: string }[];
}

/**
 * One upload attempt (GET /api/uploads, contracts.md): loaded or refused, never row contents.
 * A loaded one also carries its upload log entry (partitions, replaced, totals, warnings).
 */
export interface UploadLogEntry {
  id: number;
  dataset: string;
  file_name: string;
  user: string;
  at: string;
  outcome: 'loaded' | 'refused';
  rows: number | null;
  areas: string[];
  error_count: number;
  errors_by_code: Record<string, number>;
  upload_id: number | null;
  sha256: string;
  kind: string | null;
  partitions: number | null;
  replaced: number | null;
  totals: Record<string, number | null> | null;
  warnings: string[];
}

export interface UploadLogFilter {
  dataset?: string;
  area?: string;
}

/**
 * What each dataset holds: the periods and areas a viewer can choose from. With `areaCodes` (a
 * scoped user's readable areas), rows, periods and areas are counted over those areas only.
 */
export async function loadedDatasets(c: DuckDBConnection, areaCodes: readonly string[] | null = null): Promise<LoadedDataset[]> {
  const result: LoadedDataset[] = [];
  const within = areaCodes === null ? '' : 'WHERE list_contains($codes::JSON::VARCHAR[], area_code)';
  const params: Record<string, string> = areaCodes === null ? {} : { codes: JSON.stringify(areaCodes) };
  for (const id of DATASET_IDS) {
    const periods = await c.runAndReadAll(`SELECT DISTINCT period FROM ${id}_facts ${within} ORDER BY period`, params);
    const areas = await c.runAndReadAll(`SELECT a.code, a.name, a.kind FROM areas a
      WHERE a.code IN (SELECT DISTINCT area_code FROM ${id}_facts ${within}) ORDER BY a.name`, params);
    const rows = await c.runAndReadAll(`SELECT count(*) AS n FROM ${id}_facts ${within}`, params);
    result.push({
      dataset: id,
      label: DATASETS[id].label,
      rows: Number(rows.getRowObjectsJS()[0]!.n),
      periods: periods.getRowObjectsJS().map((r) => String(r.period)),
      areas: areas.getRowObjectsJS().map((r) => ({ code: String(r.code), name: String(r.name), kind: String(r.kind) })),
    });
  }
  return result;
}

export async function uploadLog(c: DuckDBConnection, filter: UploadLogFilter = {}, limit = 500): Promise<UploadLogEntry[]> {
  const reader = await c.runAndReadAll(`
    SELECT a.*, strftime(a.attempted_at, '%Y-%m-%dT%H:%M:%SZ') AS at, a.errors_by_code::VARCHAR AS by_code,
           l.kind, l.partitions, l.totals::VARCHAR AS totals, l.warnings,
           (SELECT count(*) FROM upload_partitions p WHERE p.upload_id = l.id AND p.replaced) AS replaced
    FROM upload_attempts a LEFT JOIN upload_log l ON l.id = a.upload_id
    WHERE ($dataset IS NULL OR a.dataset = $dataset) AND ($area IS NULL OR list_contains(a.areas, $area))
    ORDER BY a.id DESC LIMIT $limit`, { dataset: filter.dataset ?? null, area: filter.area ?? null, limit });
  return reader.getRowObjectsJS().map((r) => {
    const loaded = r.upload_id !== null;
    return {
      id: Number(r.id),
      dataset: String(r.dataset),
      file_name: String(r.file_name),
      user: String(r.attempted_by),
      at: String(r.at),
      outcome: r.outcome === 'loaded' ? 'loaded' : 'refused',
      rows: r.rows === null ? null : Number(r.rows),
      areas: ((r.areas as unknown[] | null) ?? []).map(String),
      error_count: Number(r.error_count),
      errors_by_code: JSON.parse(String(r.by_code)) as Record<string, number>,
      upload_id: loaded ? Number(r.upload_id) : null,
      sha256: String(r.sha256),
      kind: loaded ? String(r.kind) : null,
      partitions: loaded ? Number(r.partitions) : null,
      replaced: loaded ? Number(r.replaced) : null,
      totals: loaded ? (JSON.parse(String(r.totals)) as Record<string, number | null>) : null,
      warnings: loaded ? ((r.warnings as string[] | null) ?? []) : [],
    };
  });
}
