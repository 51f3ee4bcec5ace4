import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeSyntheticReferralRecords } from '../pipelines/demo/record-stream.js';
import { PROJECT_ROOT } from '../pipelines/project-paths.js';

const run = promisify(execFile);

export interface IngestBenchResult {
  rows: number;
  fileMb: number;
  bareMs: number;
  ingestMs: number;
  ratio: number;
  bareMaxRssMb: number;
  ingestMaxRssMb: number;
}

interface ChildResult {
  ms: number;
  maxRssBytes: number;
  rows: number;
}

async function child(mode: 'bare' | 'ingest', file: string, db: string): Promise<ChildResult> {
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const script = join(PROJECT_ROOT, 'dist', 'bench', 'ingest-child.js');
  const { stdout } = await run(process.execPath, [script, mode, file, db], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
}

/**
 * Our validated ingest of a record-level referrals extract against DuckDB's own read_csv of the
 * same file into a table, each in a fresh process and database, one after the other.
 */
export async function runIngestBench(rows = 5_000_000, outDir = join(PROJECT_ROOT, 'bench', 'out')): Promise<IngestBenchResult> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `referrals-records-${rows}.csv`);
  if (!existsSync(file)) await writeSyntheticReferralRecords(file, rows, 20121);
  const bare = await child('bare', file, join(outDir, 'bench-bare.duckdb'));
  const ours = await child('ingest', file, join(outDir, 'bench-ingest.duckdb'));
  if (bare.rows !== rows || ours.rows !== rows) throw new Error(`row counts differ: bare ${bare.rows}, ingest ${ours.rows}, file ${rows}`);
  return {
    rows,
    fileMb: statSync(file).size / 1e6,
    bareMs: bare.ms,
    ingestMs: ours.ms,
    ratio: ours.ms / bare.ms,
    bareMaxRssMb: bare.maxRssBytes / 2 ** 20,
    ingestMaxRssMb: ours.maxRssBytes / 2 ** 20,
  };
}
