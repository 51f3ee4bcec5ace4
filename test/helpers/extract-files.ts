import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Database } from '../../server/db/database.js';
import { ingestExtract, type IngestResult } from '../../pipelines/ingest.js';
import type { DatasetId } from '../../pipelines/extract-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'cse-extract-test-'));
let counter = 0;

/** Writes text (or bytes) to a fresh temporary CSV file and returns its path. */
export function csvFile(content: string | Buffer, name = `extract-${++counter}.csv`): string {
  const path = join(dir, `${counter}-${name}`);
  writeFileSync(path, content);
  return path;
}

export interface TestStore {
  db: Database;
  connection: DuckDBConnection;
  ingest(dataset: DatasetId, content: string | Buffer, options?: { dryRun?: boolean; allowedAreas?: readonly string[] | null }): Promise<IngestResult>;
  close(): void;
}

export async function openTestStore(path = ':memory:'): Promise<TestStore> {
  const db = await Database.open({ path, tempDirectory: join(dir, 'duckdb-tmp') });
  const connection = await db.connect();
  return {
    db,
    connection,
    ingest: (dataset, content, options) =>
      ingestExtract(connection, { dataset, path: csvFile(content), dryRun: options?.dryRun ?? false, allowedAreas: options?.allowedAreas ?? null }),
    close: () => {
      connection.closeSync();
      db.close();
    },
  };
}

/** A fingerprint of every table's contents (but the attempts log), to prove that a refused upload stored nothing. */
export async function fingerprint(c: DuckDBConnection): Promise<Record<string, string>> {
  // The attempts log records refusals by design; everything else must be untouched.
  const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND table_name <> 'upload_attempts' ORDER BY 1`))
    .getRowObjectsJS()
    .map((r) => String(r.table_name));
  const out: Record<string, string> = {};
  for (const t of tables) {
    const r = await c.runAndReadAll(`SELECT count(*) AS n, coalesce(sum(hash(x)::HUGEINT), 0)::VARCHAR AS h FROM ${t} x`);
    const row = r.getRowObjectsJS()[0]!;
    out[t] = `${row.n}:${row.h}`;
  }
  const seq = await c.runAndReadAll(`SELECT currval('upload_id_seq') AS v`).catch(() => null);
  out['upload_id_seq'] = seq ? String(seq.getRowObjectsJS()[0]!.v) : 'unset';
  return out;
}

export function refusal(result: IngestResult) {
  if (result.ok) throw new Error(`expected a refusal, got success: ${JSON.stringify(result).slice(0, 300)}`);
  return result;
}

export function success(result: IngestResult) {
  if (!result.ok) throw new Error(`expected success, got: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result;
}
