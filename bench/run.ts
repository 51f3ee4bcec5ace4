/**
 * `npm run bench`: the performance targets of the issues, measured in one run on this machine.
 * Each part prints its figures as it finishes; the run ends with a JSON summary on stdout.
 * BENCH_ONLY=ingest,xlsx,series,load,page,impact runs a subset.
 */
import { calibrationTable, runImpactCalibration } from './impact-calibration.js';
import { runIngestBench } from './ingest-bench.js';
import { runLoadTest } from './load-test.js';
import { runPageLoadBench } from './page-load.js';
import { runSeriesBench } from './series-bench.js';
import { runXlsxBench } from './xlsx-bench.js';

const only = new Set((process.env.BENCH_ONLY ?? 'ingest,xlsx,series,load,page,impact').split(','));
const summary: Record<string, unknown> = {};
const log = (message: string) => console.error(message);
const mb = (n: number) => `${n.toFixed(0)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

if (only.has('ingest')) {
  const rows = Number(process.env.BENCH_INGEST_ROWS) || 5_000_000;
  log(`ingest: a ${rows.toLocaleString('en-GB')}-row record-level referrals extract (generated once), ours vs bare read_csv, 2 rounds…`);
  const r = await runIngestBench(rows);
  summary.ingest = r;
  log(
    `ingest: ours ${s(r.ingestMs)} vs bare read_csv ${s(r.bareMs)} → ratio ${r.ratio.toFixed(2)} (target ≤ 2); ` +
      `peak RSS ours ${mb(r.ingestMaxRssMb)} (target < 1024 MiB), bare ${mb(r.bareMaxRssMb)}; file ${r.fileMb.toFixed(0)} MB`,
  );
}

if (only.has('xlsx')) {
  const rows = Number(process.env.BENCH_XLSX_ROWS) || 1_000_000;
  log(`xlsx: a ${rows.toLocaleString('en-GB')}-row record-level referrals extract as .xlsx against the same rows as CSV…`);
  const r = await runXlsxBench(rows);
  summary.xlsx = r;
  log(
    `xlsx: workbook ${s(r.xlsxMs)}, peak RSS ${mb(r.xlsxMaxRssMb)} (target < 1024 MiB); same rows as CSV ${s(r.csvMs)}, peak RSS ${mb(r.csvMaxRssMb)}; ` +
      `files ${r.xlsxMb.toFixed(0)} MB .xlsx, ${r.csvMb.toFixed(0)} MB .csv`,
  );
}

let seriesDb: string | undefined;
if (only.has('series') || only.has('load')) {
  log('series: 10,000,000 record-level referrals (store built once), 200 requests…');
  const r = await runSeriesBench({ log });
  seriesDb = `bench/out/series-${r.records}.duckdb`;
  summary.series = r;
  log(
    `series: GET /api/series median ${ms(r.http.medianMs)}, p95 ${ms(r.http.p95Ms)} (target p95 < 100 ms); ` +
      `bare DuckDB median ${ms(r.duckdb.medianMs)}, p95 ${ms(r.duckdb.p95Ms)}; without comparators median ${ms(r.duckdbWithoutComparators.medianMs)}; ` +
      `ratio ${r.overheadRatio.toFixed(2)} (target ≤ 2)`,
  );
}

if (only.has('load') && seriesDb) {
  log('load: 50 connections on /api/series for 30 s while uploads run…');
  const r = await runLoadTest({ dbPath: seriesDb, indicator: 'referrals.referrals', area: 'E08000007', extraQuery: 'stat=rate&compare=england' });
  summary.load = r;
  log(
    `load: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(r.latencyP50Ms)}, p99 ${ms(r.latencyP99Ms)}, errors ${r.errors} (target 0); ` +
      `uploads ${r.uploads.completed} done, ${r.uploads.failed} failed; server peak RSS ${mb(r.serverPeakRssMb)}`,
  );
}

if (only.has('page')) {
  log('page: Overview in headless Chromium, 5 cold loads…');
  const r = await runPageLoadBench({ log });
  summary.page = r;
  log(
    `page: navigation to charts drawn median ${ms(r.medianMs)} (target < 1500 ms); JavaScript transferred ${(r.jsBytesTransferred / 1024).toFixed(0)} KiB ` +
      `(${r.serverCompresses ? 'compressed' : 'uncompressed'}); whole client ${(r.clientTotal.gzipBytes / 1024).toFixed(0)} KiB gzipped (target < 1024 KiB)`,
  );
}

if (only.has('impact')) {
  log('impact: calibration of the impact verdict, 3 × 1,000 simulated series…');
  const r = runImpactCalibration();
  summary.impact = r;
  log(`impact: ${s(r.ms)}\n${calibrationTable(r)}`);
}

console.log(JSON.stringify(summary, null, 2));
