/**
 * `npm run bench`: the performance targets of the issues, measured in one run on this machine.
 * Each part prints its figures as it finishes; the run ends with a before/after table on stderr
 * and a JSON summary on stdout.
 *
 * BENCH_ONLY=ingest,xlsx,series,load,mix,national,page,impact runs a subset (all by default).
 * BENCH_BASELINE=DIR is a built checkout of the code before a change (`git archive REV | tar -x -C DIR`,
 * node_modules linked, `npm run build`): the load, mix, page and ingest parts then measure it too,
 * in the same run, and the table shows each figure before and after. Every figure carries the
 * one-minute load average of the machine when it was taken: on a shared machine they are noisy.
 */
import { loadavg } from 'node:os';
import { calibrationTable, runImpactCalibration } from './impact-calibration.js';
import { runIngestBench } from './ingest-bench.js';
import { runLoadTest, type LoadTestResult } from './load-test.js';
import { runPageLoadBench, type PageLoadBenchResult } from './page-load.js';
import { runSeriesBench } from './series-bench.js';
import { runXlsxBench } from './xlsx-bench.js';

const only = new Set((process.env.BENCH_ONLY ?? 'ingest,xlsx,series,load,mix,national,page,impact').split(','));
const baseline = process.env.BENCH_BASELINE || null;
const summary: Record<string, unknown> = {};
const log = (message: string) => console.error(message);
const load = () => loadavg()[0]!.toFixed(2);

/** One line of the final table: a figure before and after, its target and the load averages. */
interface Row {
  figure: string;
  before: string;
  after: string;
  target: string;
  load: string;
}
const table: Row[] = [];
const row = (figure: string, target: string, after: string, before = '', loads = '') => table.push({ figure, before, after, target, load: loads });

const AREA = 'E08000007';
const REPEATED = `/api/series?indicator=referrals.referrals&area=${AREA}&stat=rate&compare=england`;

if (only.has('ingest')) {
  const rows = Number(process.env.BENCH_INGEST_ROWS) || 5_000_000;
  log(`ingest: a ${rows.toLocaleString('en-GB')}-row record-level referrals extract (generated once), ours${baseline ? ', before' : ''} and bare read_csv, 2 rounds…`);
  const r = await runIngestBench(rows, 2, baseline);
  summary.ingest = r;
  log(`ingest: ours ${(r.ingestMs / 1000).toFixed(2)} s, bare read_csv ${(r.bareMs / 1000).toFixed(2)} s → ratio ${r.ratio.toFixed(2)}; peak RSS ${r.ingestMaxRssMb.toFixed(0)} MiB (load ${r.loadAverage.toFixed(2)})`);
  const loads = r.loadAverage.toFixed(2);
  row(`ingest ${rows.toLocaleString('en-GB')} rows ÷ bare read_csv (${(r.bareMs / 1000).toFixed(2)} s)`, '≤ 1.5 quiet, ≤ 2 busy', r.ratio.toFixed(2), r.before?.ratio.toFixed(2) ?? '', loads);
  row('ingest seconds', '', (r.ingestMs / 1000).toFixed(2), r.before ? (r.before.ingestMs / 1000).toFixed(2) : '', loads);
  row('ingest peak RSS MiB', '< 1024', r.ingestMaxRssMb.toFixed(0), r.before?.ingestMaxRssMb.toFixed(0) ?? '', loads);
}

if (only.has('xlsx')) {
  const rows = Number(process.env.BENCH_XLSX_ROWS) || 1_000_000;
  log(`xlsx: a ${rows.toLocaleString('en-GB')}-row record-level referrals extract as .xlsx against the same rows as CSV…`);
  const r = await runXlsxBench(rows);
  summary.xlsx = r;
  log(
    `xlsx: workbook ${(r.xlsxMs / 1000).toFixed(2)} s, peak RSS ${r.xlsxMaxRssMb.toFixed(0)} MiB (target < 1024 MiB); ` +
      `same rows as CSV ${(r.csvMs / 1000).toFixed(2)} s, peak RSS ${r.csvMaxRssMb.toFixed(0)} MiB (load ${load()}); ` +
      `files ${r.xlsxMb.toFixed(0)} MB .xlsx, ${r.csvMb.toFixed(0)} MB .csv`,
  );
}

let store: { dbPath: string; areaCodes: string[] } | null = null;
if (only.has('series') || only.has('load') || only.has('mix') || only.has('national')) {
  log('series: 10,000,000 record-level referrals (store built once), 200 requests one at a time…');
  const r = await runSeriesBench({ log });
  store = r;
  summary.series = { ...r, areaCodes: undefined };
  log(`series: GET /api/series median ${r.http.medianMs.toFixed(1)} ms, p95 ${r.http.p95Ms.toFixed(1)} ms; bare DuckDB median ${r.duckdb.medianMs.toFixed(1)} ms (load ${load()})`);
  row('series, one at a time, p95 ms (in-process, first asking)', '< 100', r.http.p95Ms.toFixed(1), '', load());
  log(`series as a viewer (published layer): median ${r.httpViewer.medianMs.toFixed(1)} ms, p95 ${r.httpViewer.p95Ms.toFixed(1)} ms` +
    (r.publishSeconds === null ? '' : `; published layer built in ${r.publishSeconds.toFixed(1)} s`) + ` (load ${load()})`);
  row('series as a viewer, one at a time, p95 ms (published layer)', '< 100', r.httpViewer.p95Ms.toFixed(1), '', load());
  row('series as a viewer, median ÷ bare aggregate median', '≤ 1.5', r.viewerOverheadRatio.toFixed(2), '', load());
}

/** The mix: for 50 authorities, the Overview's headline, two Trends views and the Benchmarks neighbours. */
function mixQuestions(areaCodes: readonly string[]): string[] {
  const shapes = [
    'indicator=referrals.referrals&stat=rate&compare=england',
    'indicator=referrals.referrals&stat=count&breakdown=risk_level',
    'indicator=referrals.high_risk_share&period_type=financial_year&compare=region',
    'indicator=referrals.referrals&stat=rate&compare=neighbours',
  ];
  const areas = areaCodes.slice(0, 50);
  return areas.flatMap((area) => shapes.map((shape) => `/api/series?${shape}&area=${area}`));
}

async function loadRows(name: string, questions: string[], targets: { rps: number; p99: number; timeouts: boolean }, national = false) {
  const runs: { label: string; r: LoadTestResult }[] = [];
  for (const [label, root] of [...(baseline ? [['before', baseline] as const] : []), ['after', undefined] as const]) {
    log(`${name} (${label}): 50 connections, 30 s, ${questions.length} question(s), one 1,000,000-record upload${national ? ' for every area' : ''} during the run…`);
    const r = await runLoadTest({ dbPath: store!.dbPath, questions, area: AREA, checkPath: REPEATED, national, ...(root ? { root } : {}), log });
    log(`${name} (${label}): ${r.requestsPerSecond.toFixed(0)} req/s, p99 ${r.latencyP99Ms} ms, errors ${r.errors}, time-outs ${r.timeouts}, ` +
      `upload ${r.upload.ok ? 'landed' : 'FAILED'} in ${(r.upload.ms / 1000).toFixed(1)} s, answer after it ${r.reflects.ok ? 'shows it' : 'DOES NOT show it'}, ` +
      `event loop max ${r.eventLoop?.maxMs.toFixed(0)} ms, while running at most ${r.eventLoop?.runningMaxMs?.toFixed(0) ?? '?'} ms, ` +
      `waiting for a CPU at most ${r.eventLoop?.waitMaxMs?.toFixed(0) ?? '?'} ms (load ${r.loadAverage.toFixed(2)})`);
    runs.push({ label, r });
  }
  summary[name] = Object.fromEntries(runs.map(({ label, r }) => [label, r]));
  const before = runs.find((x) => x.label === 'before')?.r;
  const after = runs.find((x) => x.label === 'after')!.r;
  const loads = runs.map((x) => x.r.loadAverage.toFixed(2)).join(' / ');
  const both = (pick: (r: LoadTestResult) => string) => [pick(after), before ? pick(before) : '', loads] as const;
  const put = (figure: string, target: string, pick: (r: LoadTestResult) => string) => {
    const [a, b, l] = both(pick);
    row(`${name}: ${figure}`, target, a, b, l);
  };
  put('req/s', `≥ ${targets.rps}`, (r) => r.requestsPerSecond.toFixed(0));
  put('p99 ms', `< ${targets.p99}`, (r) => String(r.latencyP99Ms));
  put('errors', '0', (r) => String(r.errors));
  if (targets.timeouts) put('time-outs', '0', (r) => String(r.timeouts));
  put('answer after upload shows it', 'yes', (r) => (r.reflects.ok ? 'yes' : `no (${r.reflects.after} vs ${r.reflects.expected})`));
  put('upload s', '', (r) => (r.upload.ms / 1000).toFixed(1));
  put('event loop held, max ms', '≤ 50', (r) => r.eventLoop?.maxMs.toFixed(0) ?? '?');
  // On a shared machine the loop is also held while its thread waits for a CPU: how much of it ran.
  put('event loop held while running (main thread on a CPU), max ms', '≤ 50', (r) => r.eventLoop?.runningMaxMs?.toFixed(0) ?? '?');
  put('main thread waiting for a CPU, max ms', '', (r) => r.eventLoop?.waitMaxMs?.toFixed(0) ?? '?');
  put('server peak RSS MiB', '', (r) => r.serverPeakRssMb.toFixed(0));
}

if (only.has('load') && store) {
  await loadRows('repeated question', [REPEATED], { rps: 1000, p99: 250, timeouts: true });
}
if (only.has('mix') && store) {
  await loadRows('200-question mix', mixQuestions(store.areaCodes), { rps: 200, p99: 500, timeouts: true });
}
// The same repeated question while a national extract lands: every area's published layer is redone.
if (only.has('national') && store) {
  await loadRows('repeated, national upload', [REPEATED], { rps: 1000, p99: 250, timeouts: true }, true);
}

if (only.has('page')) {
  const runs: { label: string; r: PageLoadBenchResult }[] = [];
  for (const [label, root] of [...(baseline ? [['before', baseline] as const] : []), ['after', undefined] as const]) {
    log(`page (${label}): Overview in headless Chromium, 5 cold loads…`);
    const r = await runPageLoadBench({ log, ...(root ? { root } : {}) });
    log(`page (${label}): drawn median ${r.medianMs.toFixed(0)} ms, ${r.apiRequests} API requests (load ${r.loadAverage.toFixed(2)})`);
    runs.push({ label, r });
  }
  summary.page = Object.fromEntries(runs.map(({ label, r }) => [label, r]));
  const before = runs.find((x) => x.label === 'before')?.r;
  const after = runs.find((x) => x.label === 'after')!.r;
  const loads = runs.map((x) => x.r.loadAverage.toFixed(2)).join(' / ');
  row('Overview drawn, cold, median ms', '< 1000 quiet', after.medianMs.toFixed(0), before?.medianMs.toFixed(0) ?? '', loads);
  row('Overview API requests', '1–2', String(after.apiRequests), before ? String(before.apiRequests) : '', loads);
  row('whole client gzip KiB', '< 1024', (after.clientTotal.gzipBytes / 1024).toFixed(0), before ? (before.clientTotal.gzipBytes / 1024).toFixed(0) : '', loads);
}

if (only.has('impact')) {
  log('impact: calibration of the impact verdict, 3 × 1,000 simulated series…');
  const r = runImpactCalibration();
  summary.impact = r;
  log(`impact: ${(r.ms / 1000).toFixed(2)} s (load ${load()})\n${calibrationTable(r)}`);
}

const widths = (['figure', 'before', 'after', 'target', 'load'] as const).map((k) => Math.max(k.length, ...table.map((r) => r[k].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
log('');
log(line(['figure', 'before', 'after', 'target', 'load']));
log(line(widths.map((w) => '-'.repeat(w))));
for (const r of table) log(line([r.figure, r.before, r.after, r.target, r.load]));
console.log(JSON.stringify(summary, null, 2));
