import type { DuckDBConnection } from '@duckdb/node-api';
import type { DatasetId } from './extract-schema.js';

/** One row of `upload_attempts` (migration 008): never row contents. */
export interface UploadAttempt {
  dataset: DatasetId;
  fileName: string;
  sha256: string;
  user: string;
  outcome: 'loaded' | 'refused';
  uploadId: number | null;
  rows: number | null;
  areas: string[];
  errorCount: number;
  errorsByCode: Record<string, number>;
}

export async function recordAttempt(c: DuckDBConnection, a: UploadAttempt): Promise<void> {
  await c.run(
    `INSERT INTO upload_attempts VALUES (nextval('upload_attempt_seq'), $dataset, $file, $sha, $user, now(), $outcome,
      $upload_id::BIGINT, $rows::BIGINT, $areas::JSON::VARCHAR[], $errors, $by_code::JSON)`,
    {
      dataset: a.dataset,
      file: a.fileName,
      sha: a.sha256,
      user: a.user,
      outcome: a.outcome,
      upload_id: a.uploadId === null ? null : String(a.uploadId),
      rows: a.rows === null ? null : String(a.rows),
      areas: JSON.stringify(a.areas),
      errors: a.errorCount,
      by_code: JSON.stringify(a.errorsByCode),
    },
  );
}

/**
 * The areas a refused file's readable rows name, from the validation's staged aggregate (key
 * `k1` is the area), so the history can say which areas an attempt was for.
 */
export async function areasRead(c: DuckDBConnection): Promise<string[]> {
  try {
    const reader = await c.runAndReadAll(`SELECT DISTINCT i.code FROM cse_agg g JOIN cse_area_index i ON i.idx = g.k1 ORDER BY 1`);
    return reader.getRowObjectsJS().map((r) => String(r.code));
  } catch {
    // Refused before any row was read (the header, or the file's structure): no areas to name.
    return [];
  }
}
