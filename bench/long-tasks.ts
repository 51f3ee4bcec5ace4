/**
 * Long tasks in a V8 CPU profile (`node --cpu-prof`, or the load test's BENCH_CPU_PROF=DIR): every
 * stretch over a threshold (default 50 ms) in which the main thread ran without returning to the
 * event loop, with the functions that took its time (self time, and the first frame of our own
 * code on each sample's stack). What the event-loop figure of the load test cannot say: where.
 *
 * `node dist/bench/long-tasks.js FILE.cpuprofile [--over 50] [--top 8]`
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface LongTask {
  /** Milliseconds from the start of the profile. */
  startMs: number;
  ms: number;
  /** Functions by self time within the stretch, most first. */
  self: { frame: string; ms: number }[];
  /** Our own code (not node_modules, not node:) nearest the top of each sample's stack, most first. */
  ours: { frame: string; ms: number }[];
  /** Of `ms`, the time not waiting in the event loop. */
  busyMs: number;
  /** From the loop probe's trace: the main thread's CPU time in the window (the rest it waited for a CPU or idled). */
  runningMs?: number | null;
}

/** Not running JavaScript: back in the event loop, waiting. */
const IDLE = '(idle)';
/** Time a sample stands for at most (a little over the default 1 ms interval); the rest of a longer gap is below. */
const SAMPLED_MS = 2;
const DESCHEDULED = '(no samples: the thread was not running)';

const frameName = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.replace(/^file:\/\/.*?\/(dist\/|node_modules\/)/, '$1');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
};

const isOurs = (n: ProfileNode) => n.callFrame.url.includes('/dist/') && !n.callFrame.url.includes('/node_modules/');

/** Sample times (µs, the profile's clock) and node ids, in order. */
function sampleTimes(profile: CpuProfile): { us: number; id: number; dtMs: number }[] {
  let us = profile.startTime;
  return profile.samples.map((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    us += dt;
    return { us, id, dtMs: dt / 1000 };
  });
}

function summariser(profile: CpuProfile, top: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const oursOf = new Map<number, string>();
  const ours = (id: number): string => {
    const known = oursOf.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    const parent = parentOf.get(id);
    const name = isOurs(n) ? frameName(n) : parent === undefined ? '(no frame of ours)' : ours(parent);
    oursOf.set(id, name);
    return name;
  };
  const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === IDLE;
  const summary = (startMs: number, samples: { id: number; dtMs: number }[]): LongTask => {
    const sum = (key: (id: number) => string) => {
      const totals = new Map<string, number>();
      const add = (name: string, ms: number) => totals.set(name, (totals.get(name) ?? 0) + ms);
      for (const s of samples) {
        // A gap far over the sampling interval: the thread was not running (the OS ran others).
        add(key(s.id), Math.min(s.dtMs, SAMPLED_MS));
        if (s.dtMs > SAMPLED_MS) add(DESCHEDULED, s.dtMs - SAMPLED_MS);
      }
      return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([frame, ms]) => ({ frame, ms }));
    };
    const busy = samples.filter((s) => !isIdle(s.id));
    return { startMs, ms: samples.reduce((a, s) => a + s.dtMs, 0), self: sum((id) => frameName(byId.get(id)!)), ours: sum(ours), busyMs: busy.reduce((a, s) => a + s.dtMs, 0) };
  };
  return { isIdle, summary };
}

/** Stretches of samples with no return to the event loop's wait (under saturation, many requests in a row). */
export function longTasks(profile: CpuProfile, overMs = 50, top = 8): LongTask[] {
  const { isIdle, summary } = summariser(profile, top);
  const tasks: LongTask[] = [];
  let run: { us: number; id: number; dtMs: number }[] = [];
  const close = () => {
    const ms = run.reduce((a, s) => a + s.dtMs, 0);
    if (ms > overMs) tasks.push(summary((run[0]!.us - profile.startTime) / 1000 - run[0]!.dtMs, run));
    run = [];
  };
  for (const s of sampleTimes(profile)) {
    if (isIdle(s.id)) close();
    else run.push(s);
  }
  close();
  return tasks;
}

/** What ran in each window in which the loop probe's timer ran late (BENCH_LOOP_TRACE). */
export function lateWindows(profile: CpuProfile, late: readonly LateWindow[], top = 8): LongTask[] {
  const { summary } = summariser(profile, top);
  const samples = sampleTimes(profile);
  return late.map(({ endUs, lateMs, runningMs }) => {
    const from = endUs - (lateMs + 10) * 1000;
    const inside = samples.filter((s) => s.us > from && s.us <= endUs);
    return { ...summary((from - profile.startTime) / 1000, inside), runningMs: runningMs ?? null };
  });
}

/** One entry of the loop probe's trace (loop-probe.ts). */
export interface LateWindow {
  endUs: number;
  lateMs: number;
  /** The main thread's CPU time in the window, where the system tells it. */
  runningMs?: number | null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { over: { type: 'string' }, top: { type: 'string' }, trace: { type: 'string' } } });
  const top = Number(values.top ?? 8);
  for (const file of positionals) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const tasks = values.trace
      ? lateWindows(profile, JSON.parse(readFileSync(values.trace, 'utf8')) as LateWindow[], top)
      : longTasks(profile, Number(values.over ?? 50), top);
    console.log(`${file}: ${tasks.length} ${values.trace ? 'window(s) in which the loop was held over 50 ms' : `stretch(es) over ${values.over ?? 50} ms`}`);
    for (const task of tasks) {
      const running = task.runningMs === undefined || task.runningMs === null ? '' : `, ${task.runningMs.toFixed(0)} ms on a CPU`;
      console.log(`\n  at ${(task.startMs / 1000).toFixed(2)} s: ${task.ms.toFixed(0)} ms (${task.busyMs.toFixed(0)} ms busy${running})`);
      console.log('    self time:');
      for (const f of task.self) console.log(`      ${f.ms.toFixed(0).padStart(5)} ms  ${f.frame}`);
      console.log('    our code:');
      for (const f of task.ours) console.log(`      ${f.ms.toFixed(0).padStart(5)} ms  ${f.frame}`);
    }
  }
}
