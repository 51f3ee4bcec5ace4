import type { DuckDBConnection } from '@duckdb/node-api';
import { coreSchema } from './migrations/001-core-schema.js';
import { referenceData } from './migrations/002-reference-data.js';
import { usersSessionsAudit } from './migrations/003-users-sessions-audit.js';
import { officialStatistics } from './migrations/004-official-statistics.js';
import { actionPlans } from './migrations/005-action-plans.js';
import { extractRollups } from './migrations/006-extract-rollups.js';
import { tokenExpiry } from './migrations/007-token-expiry.js';
import { uploadAttempts } from './migrations/008-upload-attempts.js';
import { planMeasures } from './migrations/009-plan-measures.js';
import { disclosurePublished } from './migrations/010-disclosure-published.js';
import { innerOuterLondon } from './migrations/013-inner-outer-london.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(connection: DuckDBConnection): Promise<void>;
}

/** Append only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  coreSchema,
  referenceData,
  usersSessionsAudit,
  officialStatistics,
  actionPlans,
  extractRollups,
  tokenExpiry,
  uploadAttempts,
  planMeasures,
  disclosurePublished,
  innerOuterLondon,
];

/** Applies the migrations this database has not seen, each in its own transaction. */
export async function migrate(connection: DuckDBConnection): Promise<number[]> {
  await connection.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const reader = await connection.runAndReadAll('SELECT version FROM schema_migrations');
  const applied = new Set(reader.getRowObjectsJS().map((r) => Number(r.version)));
  const ran: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      await migration.up(connection);
      await connection.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    ran.push(migration.version);
  }
  return ran;
}
