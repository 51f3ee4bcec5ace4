import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeSyntheticReferralRecords } from '../pipelines/demo/record-stream.js';
import { PROJECT_ROOT } from '../pipelines/project-paths.js';

const run = promisify(execFile);

export interface IngestBenchResult {
  rows: number;
  rounds: number;
  fileMb: number;
  bareMs: number;
  ingestMs: number;
  ratio: number;
  bareMaxRssMb: number;
  ingestMaxRssMb: number;
  /** The same figures for the checkout given as `baselineRoot` (the code before a change), if any. */
  before: { ingestMs: number; ratio: number; ingestMaxRssMb: number } | null;
  /** The one-minute load average when the rounds ended. */
  loadAverage: number;
}

interface ChildResult {
  ms: number;
  maxRssBytes: number;
  rows: number;
}

async function child(mode: 'bare' | 'ingest', file: string, db: string, root = PROJECT_ROOT): Promise<ChildResult> {
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const script = join(root, 'dist', 'bench', 'ingest-child.js');
  const { stdout } = await run(process.execPath, [script, mode, file, db], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
}

/**
 * Our validated ingest of a record-level referrals extract against DuckDB's own read_csv of the
 * same file into a table (types sniffed), each in a fresh process and database with the same
 * settings, alternating; with `baselineRoot`, that checkout's ingest too, in the same rounds.
 */
export async function runIngestBench(rows = 5_000_000, rounds = 2, baselineRoot: string | null = null, outDir = join(PROJECT_ROOT, 'bench', 'out')): Promise<IngestBenchResult> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `referrals-records-${rows}.csv`);
  if (!existsSync(file)) await writeSyntheticReferralRecords(file, rows, 20121);
  // Alternate the two, and keep each one's best time: on a shared machine a burst of other work
  // during one run should not decide the ratio. Peak memory is each one's worst.
  const bare: ChildResult[] = [];
  const ours: ChildResult[] = [];
  const before: ChildResult[] = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(await child('bare', file, join(outDir, 'bench-bare.duckdb')));
    ours.push(await child('ingest', file, join(outDir, 'bench-ingest.duckdb')));
    if (baselineRoot) before.push(await child('ingest', file, join(outDir, 'bench-before.duckdb'), baselineRoot));
  }
  for (const r of [...bare, ...ours, ...before]) {
    if (r.rows !== rows) throw new Error(`a run read ${r.rows} rows of ${rows}`);
  }
  const best = (runs: ChildResult[]) => Math.min(...runs.map((r) => r.ms));
  const peak = (runs: ChildResult[]) => Math.max(...runs.map((r) => r.maxRssBytes)) / 2 ** 20;
  return {
    rows,
    rounds,
    fileMb: statSync(file).size / 1e6,
    bareMs: best(bare),
    ingestMs: best(ours),
    ratio: best(ours) / best(bare),
    bareMaxRssMb: peak(bare),
    ingestMaxRssMb: peak(ours),
    before: before.length ? { ingestMs: best(before), ratio: best(before) / best(bare), ingestMaxRssMb: peak(before) } : null,
    loadAverage: loadavg()[0]!,
  };
}
