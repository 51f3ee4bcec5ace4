/**
 * England's and a region's figures are the same whichever area asks, and computing them means
 * summing every stored row. They are kept per database until an upload changes the dataset.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DatasetId } from '../../pipelines/extract-schema.js';
import type { Database } from '../db/database.js';
import type { ExtractAggregate } from './series-query.js';

/** Enough for every indicator, stat, breakdown and period type a dashboard shows at once. */
const MAX_ENTRIES = 500;

export class ComparatorCache {
  private readonly entries = new Map<string, { version: string; rows: Promise<ExtractAggregate[]> }>();

  /** The cached rows for `key` if the dataset has not changed since, otherwise `compute()`'s. */
  async get(c: DuckDBConnection, dataset: DatasetId, key: string, compute: () => Promise<ExtractAggregate[]>): Promise<ExtractAggregate[]> {
    const version = await datasetVersion(c, dataset);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Most recently used last, so that the oldest is the one dropped.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.rows;
    }
    const rows = compute();
    this.entries.set(key, { version, rows });
    rows.catch(() => this.entries.delete(key));
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return rows;
  }
}

/** Every load, replacement or removal of a dataset's rows is an upload with a new id. */
async function datasetVersion(c: DuckDBConnection, dataset: DatasetId): Promise<string> {
  const reader = await c.runAndReadAll(
    'SELECT coalesce(max(id), 0) AS id, count(*) AS n FROM upload_log WHERE dataset = $dataset',
    { dataset },
  );
  const r = reader.getRowObjectsJS()[0]!;
  return `${r.id}/${r.n}`;
}

const caches = new WeakMap<Database, ComparatorCache>();

export function comparatorCacheOf(db: Database): ComparatorCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ComparatorCache();
    caches.set(db, cache);
  }
  return cache;
}
