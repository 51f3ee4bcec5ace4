/**
 * Load test: many readers on GET /api/series while uploads are written, against the real server
 * process (`server/cli/cse-profile.cjs serve`, as deployed). Reports throughput, latency, errors and the
 * server's peak resident memory.
 *
 * The database is copied first, so the uploads and the bench user never touch the original.
 * Run on its own: `node dist/bench/load-test.js --db PATH --indicator referrals.referrals
 * --area E08000007 [--connections 50] [--duration 30] [--upload-rows 200000]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
  /** Indicator id for the series requests, e.g. `referrals.referrals`. */
  indicator: string;
  /** Area code for the series requests and the uploads, e.g. `E08000007`. */
  area: string;
  /** More of the series query string, e.g. `stat=rate&compare=england`. */
  extraQuery?: string;
  /** Concurrent HTTP connections (default 50). */
  connections?: number;
  /** Seconds of load (default 30). */
  durationSeconds?: number;
  /** Records per upload; uploads repeat, one after another, for the whole run (default 200,000). */
  uploadRows?: number;
  log?: (message: string) => void;
}

export interface LoadTestResult {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Connection errors (timeouts included) and answers other than 2xx. */
  errors: number;
  timeouts: number;
  non2xx: number;
  uploads: { completed: number; failed: number; rowsEach: number; meanMs: number | null };
  /** VmHWM of the server process: its peak resident set over the whole run, start-up included. */
  serverPeakRssMb: number;
}

/** The dataset the uploads go to: the indicator's own when it is an extract dataset. */
function uploadDataset(indicator: string): string {
  const dataset = indicator.split('.')[0] ?? '';
  return isDatasetId(dataset) ? dataset : 'referrals';
}

/** A record-level extract (one row per record, no measure column) for one area over 2010-2014. */
async function writeUploadExtract(path: string, area: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('period,area_code\n');
  const chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(`${2010 + (i % 5)}-Q${((i >> 3) % 4) + 1},${area}\n`);
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk.length = 0;
    }
  }
  out.end(chunk.join(''));
  await finished(out);
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

async function startServer(db: string, log: (m: string) => void): Promise<{ child: ChildProcess; baseUrl: string }> {
  const launcher = join(PROJECT_ROOT, 'server', 'cli', 'cse-profile.cjs');
  const child = spawn(process.execPath, [launcher, 'serve', '--db', db, '--port', '0', '--json'], {
    env: { ...process.env, CSE_PROFILE_LOG_LEVEL: 'warn' },
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

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const connections = options.connections ?? 50;
  const durationSeconds = options.durationSeconds ?? 30;
  const uploadRows = options.uploadRows ?? 200_000;
  const log = options.log ?? (() => {});
  if (!existsSync(options.dbPath)) throw new Error(`no database at ${options.dbPath}`);

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
    try {
      await createUser(store, { username, password, role: 'analyst', areas: null });
    } finally {
      store.close();
    }
    const extract = join(work, 'upload.csv');
    await writeUploadExtract(extract, options.area, uploadRows);
    const started = await startServer(db, log);
    server = started.child;
    const { baseUrl } = started;
    const token = await bearerToken(baseUrl, username, password);
    const headers = { authorization: `Bearer ${token}` };

    const query = new URLSearchParams({ indicator: options.indicator, area: options.area });
    const url = `${baseUrl}/api/series?${query}${options.extraQuery ? `&${options.extraQuery}` : ''}`;
    const probe = await fetch(url, { headers });
    if (probe.status !== 200) throw new Error(`GET ${url} answered ${probe.status}: ${await probe.text()}`);

    let loading = true;
    const uploadTimes: number[] = [];
    let failedUploads = 0;
    const dataset = uploadDataset(options.indicator);
    const uploads = (async () => {
      // Let the readers reach full speed first, so every upload meets a loaded server.
      await new Promise((r) => setTimeout(r, 1000));
      while (loading) {
        const t0 = performance.now();
        const res = await fetch(`${baseUrl}/api/uploads/${dataset}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(statSync(extract).size), 'x-file-name': 'load-test.csv' },
          body: Readable.toWeb(createReadStream(extract)) as ReadableStream<Uint8Array>,
          duplex: 'half',
        } as RequestInit);
        await res.arrayBuffer();
        if (res.status === 201) uploadTimes.push(performance.now() - t0);
        else failedUploads += 1;
      }
    })();

    log(`load: ${connections} connections on ${url} for ${durationSeconds} s, uploading ${uploadRows.toLocaleString('en-GB')}-record extracts meanwhile…`);
    const result = await autocannon({ url, connections, duration: durationSeconds, headers });
    loading = false;
    await uploads;
    const serverPeakRssMb = peakResidentMb(server.pid!);

    return {
      url: url.replace(baseUrl, ''),
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
      uploads: {
        completed: uploadTimes.length,
        failed: failedUploads,
        rowsEach: uploadRows,
        meanMs: uploadTimes.length ? uploadTimes.reduce((a, b) => a + b, 0) / uploadTimes.length : null,
      },
      serverPeakRssMb,
    };
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  }
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      indicator: { type: 'string', default: 'referrals.referrals' },
      area: { type: 'string', default: 'E08000007' },
      query: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      'upload-rows': { type: 'string' },
    },
  });
  if (!values.db) {
    process.stderr.write('usage: node dist/bench/load-test.js --db PATH [--indicator ID] [--area CODE] [--query "stat=rate"] [--connections 50] [--duration 30] [--upload-rows 200000]\n');
    process.exit(2);
  }
  const result = await runLoadTest({
    dbPath: values.db,
    indicator: values.indicator!,
    area: values.area!,
    ...(values.query ? { extraQuery: values.query } : {}),
    ...(values.connections ? { connections: Number(values.connections) } : {}),
    ...(values.duration ? { durationSeconds: Number(values.duration) } : {}),
    ...(values['upload-rows'] ? { uploadRows: Number(values['upload-rows']) } : {}),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
