// Starts the real server (dist/server/cli/main.js serve) on a free port with a fresh demo
// database in a temporary directory, and stops it again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_PASSWORD = 'e2e admin password 1';
export const USER_PASSWORD = 'e2e user password 12';
const CLI = join(process.cwd(), 'dist', 'server', 'cli', 'main.js');

export interface RunningServer {
  baseUrl: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cse-e2e-'));
  const db = join(dir, 'e2e.duckdb');
  const env = { ...process.env, CSE_PROFILE_ADMIN_PASSWORD: ADMIN_PASSWORD, CSE_PROFILE_LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  const demo = spawnSync(process.execPath, [CLI, 'demo', '--db', db, '--json'], { env, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`demo database was not built: ${demo.stderr || demo.stdout}`);
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"port"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in over HTTP and returns the cookie and CSRF token. */
export async function apiSignIn(baseUrl: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: body.csrfToken };
}

/** Adds the analyst and viewer accounts the tests sign in as (through the admin API). */
export async function addTestUsers(baseUrl: string): Promise<void> {
  const admin = await apiSignIn(baseUrl, 'admin', ADMIN_PASSWORD);
  for (const [username, role] of [['analyst', 'analyst'], ['viewer', 'viewer']] as const) {
    const res = await fetch(`${baseUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ username, role, password: USER_PASSWORD }),
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`adding ${username}: ${res.status} ${await res.text()}`);
  }
}
