/**
 * Loaded into a server under load with `NODE_OPTIONS=--import <this file>`: measures how long the
 * event loop was held (perf_hooks.monitorEventLoopDelay) and writes the figures, on exit, to
 * `$BENCH_LOOP_REPORT_DIR/loop-<pid>.json`. No server code knows about it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dir = process.env.BENCH_LOOP_REPORT_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const report = () => {
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    const figures = { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), p999Ms: ms(histogram.percentile(99.9)), meanMs: ms(histogram.mean) };
    writeFileSync(join(dir, `loop-${process.pid}.json`), JSON.stringify(figures));
  };
  process.once('exit', report);
}
