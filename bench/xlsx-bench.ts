import { execFile } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { writeSyntheticReferralRecords } from '../pipelines/demo/record-stream.js';
import { PROJECT_ROOT } from '../pipelines/project-paths.js';

const run = promisify(execFile);

export interface XlsxBenchResult {
  rows: number;
  csvMb: number;
  xlsxMb: number;
  csvMs: number;
  xlsxMs: number;
  csvMaxRssMb: number;
  xlsxMaxRssMb: number;
}

/** The same rows as a workbook, written by exceljs's streaming writer (one row in memory at a time). */
async function writeWorkbook(csv: string, xlsx: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('Referrals');
  for await (const line of createInterface({ input: createReadStream(csv), crlfDelay: Infinity })) {
    if (line) ws.addRow(line.split(',')).commit();
  }
  ws.commit();
  await wb.commit();
}

async function child(file: string, db: string): Promise<{ ms: number; maxRssBytes: number; rows: number }> {
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'dist', 'bench', 'ingest-child.js'), 'ingest', file, db], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; maxRssBytes: number; rows: number };
}

/**
 * A 1,000,000-row record-level referrals extract loaded as .xlsx against the same rows as CSV,
 * each in a process of its own: time and peak RSS (target for the workbook: under 1 GiB).
 */
export async function runXlsxBench(rows = 1_000_000, outDir = join(PROJECT_ROOT, 'bench', 'out')): Promise<XlsxBenchResult> {
  mkdirSync(outDir, { recursive: true });
  const csv = join(outDir, `referrals-records-${rows}.csv`);
  const xlsx = join(outDir, `referrals-records-${rows}.xlsx`);
  if (!existsSync(csv)) await writeSyntheticReferralRecords(csv, rows, 20121);
  if (!existsSync(xlsx)) await writeWorkbook(csv, xlsx);
  const fromCsv = await child(csv, join(outDir, 'bench-xlsx-csv.duckdb'));
  const fromXlsx = await child(xlsx, join(outDir, 'bench-xlsx.duckdb'));
  if (fromCsv.rows !== rows || fromXlsx.rows !== rows) throw new Error(`read ${fromCsv.rows} and ${fromXlsx.rows} rows of ${rows}`);
  return {
    rows,
    csvMb: statSync(csv).size / 1e6,
    xlsxMb: statSync(xlsx).size / 1e6,
    csvMs: fromCsv.ms,
    xlsxMs: fromXlsx.ms,
    csvMaxRssMb: fromCsv.maxRssBytes / 2 ** 20,
    xlsxMaxRssMb: fromXlsx.maxRssBytes / 2 ** 20,
  };
}
