/**
 * Page-load bench: in headless Chromium, the time from navigating to the Overview until its
 * figures and charts are drawn, and the JavaScript it downloads (bytes on the wire, bytes
 * uncompressed, and what gzip would make of them), over several cold loads.
 *
 * Against a running server (`baseUrl`, `username`, `password`), or else one started here on a
 * fresh demo database in a temporary folder. Needs `npm run build` and Debian's Chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH). Standalone: `node dist/bench/page-load.js [--runs 5]`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../pipelines/project-paths.js';

export interface PageLoadBenchOptions {
  /** A running server; without it one is started on a fresh demo database. */
  baseUrl?: string;
  username?: string;
  password?: string;
  /** The checkout whose server is started when no baseUrl is given (default this one). */
  root?: string;
  /** The page to load (default `/overview`, the board members' first page). */
  path?: string;
  /** Cold loads, each in a fresh browser context with an empty cache (default 5). */
  runs?: number;
  chromiumPath?: string;
  log?: (message: string) => void;
}

export interface PageLoadRun {
  /** Navigation start to the page marking itself ready with its charts drawn. */
  msToChartsDrawn: number;
  /** Requests to /api/ the page made until it was drawn. */
  apiRequests: number;
  jsFiles: number;
  /** Response bodies as they crossed the wire (compressed if the server compressed them). */
  jsBytesTransferred: number;
  jsBytesUncompressed: number;
  /** The same files gzipped (level 9): what they would cost if the server compressed them. */
  jsBytesGzip: number;
}

export interface PageLoadBenchResult {
  url: string;
  runs: PageLoadRun[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  jsFiles: number;
  apiRequests: number;
  jsBytesTransferred: number;
  jsBytesUncompressed: number;
  jsBytesGzip: number;
  /** The one-minute load average when the runs ended. */
  loadAverage: number;
  /** Whether any JavaScript response came with a Content-Encoding. */
  serverCompresses: boolean;
  /** Every JavaScript file of the built client (all pages and Vega), for the < 1 MB compressed budget. */
  clientTotal: { files: number; bytes: number; gzipBytes: number };
}

const ADMIN_PASSWORD = 'page-load bench admin';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function clientTotal(): PageLoadBenchResult['clientTotal'] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(PROJECT_ROOT, 'dist', 'client', 'assets'));
  let bytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const body = readFileSync(f);
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: files.length, bytes, gzipBytes };
}

async function startServer(root: string, log: (m: string) => void): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cse-page-load-'));
  const db = join(dir, 'bench.duckdb');
  const cli = join(root, 'dist', 'server', 'cli', 'main.js');
  const env = { ...process.env, CSE_PROFILE_ADMIN_PASSWORD: ADMIN_PASSWORD, CSE_PROFILE_LOG_LEVEL: 'warn' };
  const demo = spawnSync(process.execPath, [cli, 'demo', '--db', db, '--json'], { env, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`demo database not built (is dist/ built?): ${demo.stderr}`);
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => log(`server: ${d.toString('utf8').trimEnd()}`));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const line = out.split('\n').find((l) => l.includes('"port"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function oneRun(browser: Browser, baseUrl: string, path: string, username: string, password: string): Promise<PageLoadRun & { encoded: boolean }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  try {
    const signIn = await context.request.post('/api/session', { data: { username, password } });
    if (signIn.status() !== 200) throw new Error(`bench sign-in as ${username}: ${signIn.status()}`);
    const page = await context.newPage();
    let apiRequests = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests += 1;
    });
    const scripts: Promise<{ transferred: number; raw: number; gzip: number; encoded: boolean }>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push((async () => {
        try {
          const body = await response.body();
          const sizes = await response.request().sizes();
          return {
            transferred: sizes.responseBodySize,
            raw: body.length,
            gzip: gzipSync(body, { level: 9 }).length,
            encoded: Boolean(response.headers()['content-encoding']),
          };
        } catch {
          return { transferred: 0, raw: 0, gzip: 0, encoded: false }; // the page closed first
        }
      })());
    });
    await page.goto(path, { waitUntil: 'commit' });
    const pathname = new URL(path, baseUrl).pathname;
    // The client marks `cse:ready:<path>` once every figure and chart of the view is drawn.
    // Functions, not strings: the page's CSP forbids evaluating strings. (`performance` is the page's.)
    const mark = `cse:ready:${pathname}`;
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, { timeout: 60_000 });
    const ms = await page.evaluate((name) => performance.getEntriesByName(name)[0]!.startTime, mark);
    const state = await page.getAttribute('main', 'data-state');
    if (state !== 'ready') throw new Error(`the page ended in state ${state}`);
    const js = await Promise.all(scripts);
    return {
      msToChartsDrawn: ms,
      apiRequests,
      jsFiles: js.length,
      jsBytesTransferred: js.reduce((s, x) => s + x.transferred, 0),
      jsBytesUncompressed: js.reduce((s, x) => s + x.raw, 0),
      jsBytesGzip: js.reduce((s, x) => s + x.gzip, 0),
      encoded: js.some((x) => x.encoded),
    };
  } finally {
    await context.close();
  }
}

export async function runPageLoadBench(options: PageLoadBenchOptions = {}): Promise<PageLoadBenchResult> {
  const log = options.log ?? (() => {});
  const path = options.path ?? '/overview';
  const runs = Math.max(1, options.runs ?? 5);
  const server = options.baseUrl ? null : await startServer(options.root ?? PROJECT_ROOT, log);
  const baseUrl = options.baseUrl ?? server!.baseUrl;
  const username = options.username ?? 'admin';
  const password = options.password ?? (server ? ADMIN_PASSWORD : '');
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    // One load first so that the server's caches and the OS file cache are warm, as in use.
    await oneRun(browser, baseUrl, path, username, password);
    const results: (PageLoadRun & { encoded: boolean })[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await oneRun(browser, baseUrl, path, username, password);
      log(`page-load run ${i + 1}: ${r.msToChartsDrawn.toFixed(0)} ms, ${r.jsFiles} JS files, ${r.jsBytesTransferred} bytes transferred`);
      results.push(r);
    }
    const times = results.map((r) => r.msToChartsDrawn);
    const last = results.at(-1)!;
    return {
      url: `${baseUrl}${path}`,
      runs: results.map(({ encoded: _encoded, ...r }) => r),
      medianMs: median(times),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      jsFiles: last.jsFiles,
      apiRequests: last.apiRequests,
      loadAverage: loadavg()[0]!,
      jsBytesTransferred: last.jsBytesTransferred,
      jsBytesUncompressed: last.jsBytesUncompressed,
      jsBytesGzip: last.jsBytesGzip,
      serverCompresses: results.some((r) => r.encoded),
      clientTotal: clientTotal(),
    };
  } finally {
    await browser.close();
    await server?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, path: { type: 'string' } } });
  const result = await runPageLoadBench({
    ...(values.url ? { baseUrl: values.url } : {}),
    ...(values.user ? { username: values.user } : {}),
    ...(values.password ? { password: values.password } : {}),
    ...(values.path ? { path: values.path } : {}),
    runs: Number(values.runs ?? 5),
    log: (m) => console.error(m),
  });
  console.log(JSON.stringify(result, null, 2));
}
