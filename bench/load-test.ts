/**
 * Load test: many readers asking dashboard questions while a large upload is written, against the
 * real server process (`server/cli/cse-profile.cjs serve`, as deployed) of this checkout or another
 * (the bench's "before"). Reports throughput, latency, errors and time-outs, whether the answer
 * after the upload shows it, how long the server's event loop was held, and its peak memory.
 *
 * The database is copied first, so the uploads and the bench user never touch the original.
 * Run on its own: `node dist/bench/load-test.js --db PATH [--area E08000007] [--question PATH]...`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { isDatasetId } from '../pipelines/extract-schema.js';
import { listeningPort } from '../server/cli/listening-port.js';
import { PROJECT_ROOT } from '../pipelines/project-paths.js';
import { randomPassword } from '../server/auth/passwords.js';
import { createUser } from '../server/auth/users.js';
import { Database } from '../server/db/database.js';

export interface LoadTestOptions {
  /** The database to serve (copied first). */
  dbPath: string;
  /** The questions, as `/api/...?...` paths, asked in rotation (one path: the same question repeated). */
  questions: readonly string[];
  /** The area the upload replaces, e.g. `E08000007` (its partitions for 2010-2014). */
  area: string;
  /**
   * A `/api/series` path (indicator `referrals.*`, that area, extract periods) read after the
   * upload: its 2013-Q1 numerator must be the upload's, or the run fails.
   */
  checkPath: string;
  /** The checkout whose server is measured (default this one): the bench compares before and after. */
  root?: string;
  /** Concurrent HTTP connections (default 50). */
  connections?: number;
  /** Seconds of load (default 30). */
  durationSeconds?: number;
  /** Records of the one upload sent a second into the run (default 1,000,000). */
  uploadRows?: number;
  /**
   * The upload covers every area the store has data for (a national extract), its records dealt
   * out in turn, instead of `area` alone: every area's published layer is then redone under load.
   */
  national?: boolean;
  log?: (message: string) => void;
}

export interface LoadTestResult {
  questions: number;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Connection errors (time-outs included) and answers other than 2xx. */
  errors: number;
  timeouts: number;
  non2xx: number;
  upload: { ok: boolean; rows: number; ms: number; landedDuringLoad: boolean };
  /** The checked figure before the upload, the upload's own, and what the server answered after it. */
  reflects: { before: number | null; expected: number; after: number | null; ok: boolean };
  /**
   * The longest the server's event loop was held, and its 99th percentile (monitorEventLoopDelay);
   * the longest it was held while its main thread ran, and the longest that thread waited for a
   * CPU between two turns of the loop (Linux; null elsewhere): see loop-probe.ts.
   */
  eventLoop: { maxMs: number; p99Ms: number; p999Ms: number; runningMaxMs: number | null; waitMaxMs: number | null } | null;
  /** VmHWM of the server process: its peak resident set over the whole run, start-up included. */
  serverPeakRssMb: number;
  /** The one-minute load average when the run ended. */
  loadAverage: number;
}

/** The dataset the upload goes to: the checked indicator's own when it is an extract dataset. */
function uploadDataset(checkPath: string): string {
  const indicator = new URL(checkPath, 'http://localhost').searchParams.get('indicator') ?? '';
  const dataset = indicator.split('.')[0] ?? '';
  return isDatasetId(dataset) ? dataset : 'referrals';
}

/** The 2013-Q1 record count of the upload below: what the checked series must show after it. */
const CHECK_PERIOD = '2013-Q1';

/**
 * A record-level extract (one row per record, no measure column) over 2010-2014 for the areas
 * given, records dealt out in turn; the count of the first area's CHECK_PERIOD records.
 */
async function writeUploadExtract(path: string, areas: readonly string[], rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('period,area_code\n');
  const chunk: string[] = [];
  let checked = 0;
  for (let i = 0; i < rows; i++) {
    const period = `${2010 + (i % 5)}-Q${((i >> 3) % 4) + 1}`;
    const area = areas[i % areas.length]!;
    if (period === CHECK_PERIOD && area === areas[0]) checked += 1;
    chunk.push(`${period},${area}\n`);
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk.length = 0;
    }
  }
  out.end(chunk.join(''));
  await finished(out);
  return checked;
}

/** A process's peak resident memory (VmHWM in /proc, Linux; 0 elsewhere). */
function peakResidentMb(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function startServer(root: string, db: string, work: string, log: (m: string) => void): Promise<{ child: ChildProcess; baseUrl: string }> {
  const launcher = join(root, 'server', 'cli', 'cse-profile.cjs');
  const probe = pathToFileURL(join(PROJECT_ROOT, 'dist', 'bench', 'loop-probe.js')).href;
  // BENCH_CPU_PROF=DIR: a CPU profile of the server, for `node dist/bench/long-tasks.js` to say what held the loop.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, launcher, 'serve', '--db', db, '--port', '0', '--json'], {
    env: { ...process.env, CSE_PROFILE_LOG_LEVEL: 'warn', NODE_OPTIONS: `--import=${probe}`, BENCH_LOOP_REPORT_DIR: work },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => log(`server: ${chunk.toString('utf8').trimEnd()}`));
  const port = await listeningPort(child, (code) => `the server exited (${code}) before listening; is dist/ built (npm run build)?`);
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

async function bearerToken(baseUrl: string, username: string, password: string): Promise<string> {
  const signIn = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (signIn.status !== 200) throw new Error(`bench sign-in failed: ${signIn.status}`);
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
  const res = await fetch(`${baseUrl}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'load test' }),
  });
  if (res.status !== 201) throw new Error(`bench token failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** The checked area's numerator for CHECK_PERIOD in a series answer. */
async function checkedFigure(url: string, area: string, headers: Record<string, string>): Promise<number | null> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { rows: { period: string; area_code: string; breakdown: string | null; numerator: number | null }[] };
  const row = body.rows.find((r) => r.period === CHECK_PERIOD && r.area_code === area && r.breakdown === null);
  return row?.numerator ?? null;
}

function eventLoopFigures(work: string): LoadTestResult['eventLoop'] {
  const reports = readdirSync(work).filter((f) => /^loop-\d+\.json$/.test(f));
  if (reports.length === 0) return null;
  type Report = NonNullable<LoadTestResult['eventLoop']>;
  const all = reports.map((f) => JSON.parse(readFileSync(join(work, f), 'utf8')) as Report);
  const most = (pick: (r: Report) => number | null) => (all.some((r) => pick(r) === null) ? null : Math.max(...all.map((r) => pick(r)!)));
  return {
    maxMs: Math.max(...all.map((r) => r.maxMs)),
    p99Ms: Math.max(...all.map((r) => r.p99Ms)),
    p999Ms: Math.max(...all.map((r) => r.p999Ms)),
    runningMaxMs: most((r) => r.runningMaxMs),
    waitMaxMs: most((r) => r.waitMaxMs),
  };
}

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const connections = options.connections ?? 50;
  const durationSeconds = options.durationSeconds ?? 30;
  const uploadRows = options.uploadRows ?? 1_000_000;
  const root = options.root ?? PROJECT_ROOT;
  const log = options.log ?? (() => {});
  if (!existsSync(options.dbPath)) throw new Error(`no database at ${options.dbPath}`);
  if (options.questions.length === 0) throw new Error('no questions to ask');

  const work = join(PROJECT_ROOT, 'bench', 'out', `load-test-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const db = join(work, 'served.duckdb');
  let server: ChildProcess | null = null;
  try {
    copyFileSync(options.dbPath, db);
    if (existsSync(`${options.dbPath}.wal`)) copyFileSync(`${options.dbPath}.wal`, `${db}.wal`);
    const username = 'load-test';
    const password = randomPassword();
    const store = await Database.open({ path: db });
    let uploadAreas = [options.area];
    try {
      await createUser(store, { username, password, role: 'analyst', areas: null });
      if (options.national) {
        const dataset = uploadDataset(options.checkPath);
        const others = await store.withConnection((c) => c.runAndReadAll(`SELECT DISTINCT area_code FROM ${dataset}_rollup ORDER BY 1`));
        uploadAreas = [options.area, ...others.getRowObjectsJS().map((r) => String(r.area_code)).filter((a) => a !== options.area)];
      }
    } finally {
      store.close();
    }
    const extract = join(work, 'upload.csv');
    const expected = await writeUploadExtract(extract, uploadAreas, uploadRows);
    const started = await startServer(root, db, work, log);
    server = started.child;
    const { baseUrl } = started;
    const token = await bearerToken(baseUrl, username, password);
    const headers = { authorization: `Bearer ${token}` };
    for (const q of options.questions.slice(0, 3)) {
      const probe = await fetch(baseUrl + q, { headers });
      if (probe.status !== 200) throw new Error(`GET ${q} answered ${probe.status}: ${await probe.text()}`);
    }
    const before = await checkedFigure(baseUrl + options.checkPath, options.area, headers);

    let loading = true;
    const dataset = uploadDataset(options.checkPath);
    const upload = (async () => {
      // Let the readers reach full speed first, so the upload meets a loaded server.
      await new Promise((r) => setTimeout(r, 1000));
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}/api/uploads/${dataset}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(statSync(extract).size), 'x-file-name': 'load-test.csv' },
        body: Readable.toWeb(createReadStream(extract)) as ReadableStream<Uint8Array>,
        duplex: 'half',
      } as RequestInit);
      const body = await res.text();
      if (res.status !== 201) log(`load: the upload answered ${res.status}: ${body.slice(0, 300)}`);
      return { ok: res.status === 201, rows: uploadRows, ms: performance.now() - t0, landedDuringLoad: loading };
    })();

    let next = 0;
    const paths = options.questions;
    log(`load: ${connections} connections, ${paths.length} question(s) in rotation, ${durationSeconds} s, one ${uploadRows.toLocaleString('en-GB')}-record upload ` +
      `(${uploadAreas.length} area${uploadAreas.length === 1 ? '' : 's'}) meanwhile…`);
    const result = await autocannon({
      url: baseUrl,
      connections,
      duration: durationSeconds,
      headers,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }) }],
    });
    loading = false;
    const uploaded = await upload;
    const after = await checkedFigure(baseUrl + options.checkPath, options.area, headers);
    const serverPeakRssMb = peakResidentMb(server.pid!);
    await stop(server);
    server = null;

    return {
      questions: paths.length,
      connections,
      durationSeconds,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      errors: result.errors + result.non2xx,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      upload: uploaded,
      reflects: { before, expected, after, ok: uploaded.ok && after === expected && before !== expected },
      eventLoop: eventLoopFigures(work),
      serverPeakRssMb,
      loadAverage: loadavg()[0]!,
    };
  } finally {
    if (server) await stop(server);
    rmSync(work, { recursive: true, force: true });
  }
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      area: { type: 'string', default: 'E08000007' },
      question: { type: 'string', multiple: true },
      root: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      'upload-rows': { type: 'string' },
      national: { type: 'boolean' },
    },
  });
  if (!values.db) {
    process.stderr.write('usage: node dist/bench/load-test.js --db PATH [--area CODE] [--question /api/series?...]... [--root CHECKOUT] [--connections 50] [--duration 30] [--upload-rows 1000000] [--national]\n');
    process.exit(2);
  }
  const checkPath = `/api/series?indicator=referrals.referrals&area=${values.area}&stat=rate&compare=england`;
  const result = await runLoadTest({
    dbPath: values.db,
    area: values.area!,
    questions: values.question?.length ? values.question : [checkPath],
    checkPath,
    ...(values.root ? { root: values.root } : {}),
    ...(values.connections ? { connections: Number(values.connections) } : {}),
    ...(values.duration ? { durationSeconds: Number(values.duration) } : {}),
    ...(values['upload-rows'] ? { uploadRows: Number(values['upload-rows']) } : {}),
    ...(values.national ? { national: true } : {}),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
