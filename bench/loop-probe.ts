/**
 * Loaded into a server under load with `NODE_OPTIONS=--import <this file>`: measures how long the
 * event loop was held (perf_hooks.monitorEventLoopDelay) while the server serves, from its first
 * request on (start-up, loading modules and opening the database, holds the loop too, but no
 * request waits on it), and writes the figures, on exit, to `$BENCH_LOOP_REPORT_DIR/loop-<pid>.json`.
 * No server code knows about it.
 *
 * On a shared machine the loop is also held while the main thread waits for a CPU (other
 * processes, DuckDB's own threads): so, on Linux, it also reads the main thread's scheduler
 * statistics at every turn of a 10 ms timer. `runningMaxMs` is the longest the loop was held while
 * its thread ran (JavaScript and what it calls): at each turn, the timer's delay or the thread's
 * CPU time since the last turn, whichever is less (the CPU time also counts the 10 ms before the
 * timer was due). `waitMaxMs` is the longest the thread waited for a CPU between two turns.
 *
 * With BENCH_LOOP_TRACE=1 it also lists when the loop was held over 50 ms (its end and the delay,
 * in microseconds on the monotonic clock of CPU profiles), so that `long-tasks.js --trace` can say
 * what ran in each of those windows.
 */
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const TICK_MS = 10;

/** The main thread's time on a CPU and waiting for one, in ns (/proc/thread-self/schedstat), or null. */
function schedstat(): { runNs: number; waitNs: number } | null {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runNs: run!, waitNs: wait! } : null;
  } catch {
    return null;
  }
}

const dir = process.env.BENCH_LOOP_REPORT_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: TICK_MS });
  const late: { endUs: number; lateMs: number; runningMs: number | null }[] = [];
  let runningMaxMs: number | null = null;
  let waitMaxMs: number | null = null;
  const watch = () => {
    const us = () => Number(process.hrtime.bigint() / 1000n);
    let last = us();
    let lastStat = schedstat();
    setInterval(() => {
      const now = us();
      const stat = lastStat && schedstat();
      const lateMs = (now - last) / 1000 - TICK_MS;
      const runningMs = stat && lastStat ? Math.max(0, Math.min(lateMs, (stat.runNs - lastStat.runNs) / 1e6)) : null;
      if (stat && lastStat && runningMs !== null) {
        runningMaxMs = Math.max(runningMaxMs ?? 0, runningMs);
        waitMaxMs = Math.max(waitMaxMs ?? 0, (stat.waitNs - lastStat.waitNs) / 1e6);
      }
      if (process.env.BENCH_LOOP_TRACE && lateMs > 50) late.push({ endUs: now, lateMs, runningMs });
      last = now;
      lastStat = stat;
    }, TICK_MS).unref();
  };
  let started = false;
  subscribe('http.server.request.start', () => {
    if (started) return;
    started = true;
    histogram.enable();
    watch();
  });
  const report = () => {
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    const figures = {
      maxMs: ms(histogram.max),
      p99Ms: ms(histogram.percentile(99)),
      p999Ms: ms(histogram.percentile(99.9)),
      meanMs: ms(histogram.mean),
      runningMaxMs,
      waitMaxMs,
    };
    writeFileSync(join(dir, `loop-${process.pid}.json`), JSON.stringify(figures));
    if (process.env.BENCH_LOOP_TRACE) writeFileSync(join(process.env.BENCH_CPU_PROF ?? dir, `late-${process.pid}.json`), JSON.stringify(late));
  };
  process.once('exit', report);
}
