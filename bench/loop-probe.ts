/**
 * Loaded into a server under load with `NODE_OPTIONS=--import <this file>`: measures how long the
 * event loop was held (perf_hooks.monitorEventLoopDelay) while the server serves, from its first
 * request on (start-up, loading modules and opening the database, holds the loop too, but no
 * request waits on it), and writes the figures, on exit, to `$BENCH_LOOP_REPORT_DIR/loop-<pid>.json`.
 * No server code knows about it.
 *
 * With BENCH_LOOP_TRACE=1 it also lists when the loop was held over 50 ms (a 10 ms timer that ran
 * late: its end and the delay, in microseconds on the monotonic clock of CPU profiles), so that
 * `long-tasks.js --trace` can say what ran in each of those windows.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dir = process.env.BENCH_LOOP_REPORT_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const late: { endUs: number; lateMs: number }[] = [];
  const trace = () => {
    const us = () => Number(process.hrtime.bigint() / 1000n);
    let last = us();
    setInterval(() => {
      const now = us();
      const lateMs = (now - last) / 1000 - 10;
      if (lateMs > 50) late.push({ endUs: now, lateMs });
      last = now;
    }, 10).unref();
  };
  let started = false;
  subscribe('http.server.request.start', () => {
    if (started) return;
    started = true;
    histogram.enable();
    if (process.env.BENCH_LOOP_TRACE) trace();
  });
  const report = () => {
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    const figures = { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), p999Ms: ms(histogram.percentile(99.9)), meanMs: ms(histogram.mean) };
    writeFileSync(join(dir, `loop-${process.pid}.json`), JSON.stringify(figures));
    if (process.env.BENCH_LOOP_TRACE) writeFileSync(join(process.env.BENCH_CPU_PROF ?? dir, `late-${process.pid}.json`), JSON.stringify(late));
  };
  process.once('exit', report);
}
