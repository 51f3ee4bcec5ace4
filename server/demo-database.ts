import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ingestExtract } from '../pipelines/ingest.js';
import { DEMO_EXTRACTS_DIR, readDemoManifest } from '../pipelines/demo-manifest.js';
import { importDemoStatistics } from '../pipelines/official-stats/demo-statistics.js';
import { importDemoPlans } from './action-plans/demo-plans.js';
import { Database } from './db/database.js';

export interface DemoProgress {
  step: number;
  of: number;
  label: string;
}

/**
 * Builds the demo database beside its final place and moves it in only when complete, so an
 * interrupted build never leaves a half-filled database where the server would open it.
 */
export async function buildDemoDatabase(path: string, onStep?: (p: DemoProgress) => void): Promise<void> {
  const building = `${path}.building`;
  removeDatabaseFiles(building);
  const db = await Database.open({ path: building });
  try {
    const manifest = readDemoManifest();
    const connection = await db.connect();
    try {
      for (const [i, extract] of manifest.entries()) {
        onStep?.({ step: i + 1, of: manifest.length, label: extract.file });
        const result = await ingestExtract(connection, {
          dataset: extract.dataset,
          path: join(DEMO_EXTRACTS_DIR, extract.file),
          fileName: extract.file,
          user: 'demo',
        });
        if (!result.ok) {
          throw new Error(`demo extract ${extract.file} was refused: ${result.errors[0]?.message ?? 'unknown problem'}`);
        }
      }
      await importDemoStatistics(connection);
      await importDemoPlans(connection);
    } finally {
      connection.closeSync();
    }
    await db.checkpoint();
  } finally {
    db.close();
  }
  removeDatabaseFiles(path);
  renameSync(building, path);
}

export function removeDatabaseFiles(path: string): void {
  for (const file of [path, `${path}.wal`]) if (existsSync(file)) rmSync(file);
}
