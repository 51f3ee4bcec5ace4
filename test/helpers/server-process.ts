import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../../pipelines/project-paths.js';
import { listeningPort } from '../../server/cli/listening-port.js';

let bundled: Promise<string> | null = null;
const bundleDir = () => join(PROJECT_ROOT, 'test', 'artifacts', `cli-${process.pid}`);

/**
 * The CLI as one ES module, built once per test file with esbuild (no `npm run build` needed).
 * It lives under the project so it finds package.json, the reference data and node_modules.
 */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = bundleDir();
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'main.mjs');
    await build({
      entryPoints: [join(PROJECT_ROOT, 'server', 'cli', 'main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'silent',
    });
    return outfile;
  })();
  return bundled;
}

/** For afterAll: the bundle is per test process. */
export function removeCliBundle(): void {
  rmSync(bundleDir(), { recursive: true, force: true });
  bundled = null;
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  stderr: () => string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/** `cse-profile serve --json` on a free port; resolves once it prints where it listens. */
export async function spawnServer(db: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [await cliBundle(), 'serve', '--db', db, '--port', '0', '--json'], {
    env: { ...process.env, UV_THREADPOOL_SIZE: '8', CSE_PROFILE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const port = await listeningPort(child, (code) => `server exited (${code}) before listening:\n${stderr}`);
  return { child, baseUrl: `http://127.0.0.1:${port}`, stderr: () => stderr, exited };
}

/** Runs a CLI command to completion with `input` on stdin. */
export async function runCli(args: string[], input = '', env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [await cliBundle(), ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin!.end(input);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}
