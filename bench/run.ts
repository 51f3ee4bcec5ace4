/**
 * `npm run bench`: the performance targets of the issues, measured in one run on this machine.
 * Each part prints its figures as it finishes; the run ends with a JSON summary on stdout.
 */
import { runIngestBench } from './ingest-bench.js';

const summary: Record<string, unknown> = {};
const mb = (n: number) => `${n.toFixed(0)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const rows = Number(process.env.BENCH_INGEST_ROWS) || 5_000_000;
console.error(`ingest: generating (once) and loading a ${rows.toLocaleString('en-GB')}-row record-level referrals extract…`);
const ingest = await runIngestBench(rows);
summary.ingest = ingest;
console.error(
  `ingest: ours ${s(ingest.ingestMs)} vs bare read_csv ${s(ingest.bareMs)} → ratio ${ingest.ratio.toFixed(2)} (target ≤ 2); ` +
    `peak RSS ours ${mb(ingest.ingestMaxRssMb)} (target < 1024 MiB), bare ${mb(ingest.bareMaxRssMb)}; file ${ingest.fileMb.toFixed(0)} MB`,
);

console.log(JSON.stringify(summary, null, 2));
