import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { REFERENCE_DIR } from '../project-paths.js';
import { importOfficialStats } from './import-stats.js';

/** The official statistics every demo database carries: DfE children in need factors, 2018–2025. */
export const DEMO_STATISTICS = {
  name: 'cin_factors',
  fileName: 'c3_factors_identified_at_end_of_assessment_2018_to_2025.csv',
  path: join(REFERENCE_DIR, 'dfe-cin-factors', 'c3_factors_identified_at_end_of_assessment_2018_to_2025.csv'),
} as const;

/** Imports them as `cin_factors.*`; a refusal means the shipped file or the importer broke. */
export async function importDemoStatistics(connection: DuckDBConnection): Promise<void> {
  const result = await importOfficialStats(connection, { ...DEMO_STATISTICS, user: 'demo' });
  if (!result.ok) {
    throw new Error(`demo statistics ${DEMO_STATISTICS.fileName} were refused: ${result.errors[0]?.message ?? 'unknown problem'}`);
  }
}
