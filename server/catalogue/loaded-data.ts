import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASETS, DATASET_IDS, type DatasetId } from '../../pipelines/extract-schema.js';

export interface LoadedDataset {
  dataset: DatasetId;
  label: string;
  rows: number;
  periods: string[];
  areas: { code: string; name: string; kind: string }[];
}

export interface UploadLogEntry {
  id: number;
  dataset: string;
  file_name: string;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  kind: string;
  rows: number;
  partitions: number;
  replaced: number;
  totals: Record<string, number | null>;
  warnings: string[];
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

export async function uploadLog(c: DuckDBConnection, limit = 200): Promise<UploadLogEntry[]> {
  const reader = await c.runAndReadAll(`
    SELECT l.*, strftime(l.uploaded_at, '%Y-%m-%dT%H:%M:%SZ') AS at,
           (SELECT count(*) FROM upload_partitions p WHERE p.upload_id = l.id AND p.replaced) AS replaced
    FROM upload_log l ORDER BY l.id DESC LIMIT $limit`, { limit });
  return reader.getRowObjectsJS().map((r) => ({
    id: Number(r.id),
    dataset: String(r.dataset),
    file_name: String(r.file_name),
    sha256: String(r.sha256),
    uploaded_by: String(r.uploaded_by),
    uploaded_at: String(r.at),
    kind: String(r.kind),
    rows: Number(r.rows),
    partitions: Number(r.partitions),
    replaced: Number(r.replaced),
    totals: JSON.parse(String(r.totals)) as Record<string, number | null>,
    warnings: (r.warnings as string[] | null) ?? [],
  }));
}
