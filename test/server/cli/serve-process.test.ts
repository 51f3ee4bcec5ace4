import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../server/db/database.js';
import { signIn } from '../../helpers/auth.js';
import { removeCliBundle, runCli, spawnServer, type ServerProcess } from '../../helpers/server-process.js';
import { referralsExtract } from '../../helpers/server.js';

const ADMIN_PASSWORD = 'first admin passphrase';
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cse-profile-serve-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  removeCliBundle();
});

/** Record-level referrals (no measure column): `rows` records spread over 2001-2012 for Stockport. */
function bigRecordsExtract(rows: number): string {
  const lines = ['period,area_code,sex'];
  for (let i = 0; i < rows; i++) lines.push(`${2001 + (i % 12)}-Q${(i % 4) + 1},E08000007,${i % 3 ? 'female' : 'male'}`);
  return `${lines.join('\n')}\n`;
}

async function storeState(dbPath: string) {
  const db = await Database.open({ path: dbPath });
  try {
    return await db.withConnection(async (c) => {
      const reader = await c.runAndReadAll(`SELECT
          (SELECT coalesce(sum(referrals), 0) FROM referrals_facts) AS total,
          (SELECT count(DISTINCT upload_id) FROM referrals_facts) AS fact_uploads,
          (SELECT count(*) FROM upload_log) AS logged,
          (SELECT count(*) FROM upload_partitions p WHERE p.upload_id NOT IN (SELECT id FROM upload_log)) AS orphans`);
      const r = reader.getRowObjectsJS()[0]!;
      return { total: Number(r.total), factUploads: Number(r.fact_uploads), logged: Number(r.logged), orphans: Number(r.orphans) };
    });
  } finally {
    db.close();
  }
}

async function uploadAs(server: ServerProcess, password: string, body: string) {
  const admin = await signIn(server.baseUrl, 'admin', password);
  return fetch(`${server.baseUrl}/api/uploads/referrals`, { method: 'POST', headers: { 'content-type': 'text/csv', ...admin.headers }, body });
}

describe('cse-profile serve as a process', () => {
  it('creates the first admin with a random password shown once on stderr', async () => {
    const db = join(scratch, 'first.duckdb');
    const first = await spawnServer(db);
    try {
      const match = /password\s+(\S+)\s+It is shown only this once/.exec(first.stderr());
      expect(match).not.toBeNull();
      await signIn(first.baseUrl, 'admin', match![1]!);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
    const again = await spawnServer(db);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(again.stderr()).not.toMatch(/shown only this once/);
  });

  it('survives SIGKILL during an upload: the store is as before or has the whole upload, and no temp file is left', async () => {
    const db = join(scratch, 'killed.duckdb');
    const env = { CSE_PROFILE_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const server = await spawnServer(db, env);
    expect((await uploadAs(server, ADMIN_PASSWORD, referralsExtract(['2015-Q1', '2015-Q2'], () => 4))).status).toBe(201);
    const body = bigRecordsExtract(300_000);
    const uploadDir = `${db}.uploads`;
    const pending = uploadAs(server, ADMIN_PASSWORD, body).then(
      (res) => res.status,
      () => 'aborted',
    );
    // Kill once the whole body has been spooled, i.e. while the ingest is running.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const files = existsSync(uploadDir) ? readdirSync(uploadDir) : [];
      if (files.some((f) => statSync(join(uploadDir, f), { throwIfNoEntry: false })?.size === Buffer.byteLength(body))) break;
      if (Date.now() > deadline) throw new Error('the upload never reached the server');
      await new Promise((r) => setTimeout(r, 2));
    }
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    const outcome = await pending;

    const state = await storeState(db);
    expect(state.orphans).toBe(0);
    expect(state.factUploads).toBe(state.logged);
    // Either the load committed before the kill (and only then could it have answered 201) or nothing of it is there.
    const before = 2 * 2 * 4;
    if (outcome === 201) expect(state.total).toBe(before + 300_000);
    else expect([before, before + 300_000]).toContain(state.total);

    const restarted = await spawnServer(db, env);
    try {
      expect(readdirSync(uploadDir)).toEqual([]);
      const health = await fetch(`${restarted.baseUrl}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect((await uploadAs(restarted, ADMIN_PASSWORD, referralsExtract(['2016-Q1'], () => 1))).status).toBe(201);
    } finally {
      restarted.child.kill('SIGTERM');
      expect(await restarted.exited).toBe(0);
    }
  });

  it('on SIGTERM finishes the upload in flight, then checkpoints and exits 0', async () => {
    const db = join(scratch, 'graceful.duckdb');
    const server = await spawnServer(db, { CSE_PROFILE_ADMIN_PASSWORD: ADMIN_PASSWORD });
    const admin = await signIn(server.baseUrl, 'admin', ADMIN_PASSWORD);
    const body = bigRecordsExtract(200_000);
    const pending = fetch(`${server.baseUrl}/api/uploads/referrals`, { method: 'POST', headers: { 'content-type': 'text/csv', ...admin.headers }, body });
    await new Promise((r) => setTimeout(r, 150));
    server.child.kill('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(201);
    expect(await server.exited).toBe(0);
    expect((await storeState(db)).total).toBe(200_000);
    const wal = `${db}.wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });
});

describe('cse-profile users add', () => {
  it('adds a user with the password from stdin, refuses duplicates and bad usage, and says when the server holds the database', async () => {
    const db = join(scratch, 'users.duckdb');
    const added = await runCli(['users', 'add', 'Bob', '--role', 'viewer', '--areas', 'E08000007', '--db', db, '--json'], 'bobs long password\n');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ ok: true, user: 'bob', role: 'viewer', areas: ['E08000007'] });
    const again = await runCli(['users', 'add', 'bob', '--role', 'viewer', '--db', db, '--json'], 'bobs long password\n');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: 'user_exists' });
    expect((await runCli(['users', 'add', 'weak', '--role', 'viewer', '--db', db, '--json'], 'short\n')).code).toBe(1);
    expect((await runCli(['users', 'add', 'x', '--role', 'root', '--db', db, '--json'], 'bobs long password\n')).code).toBe(2);

    const server = await spawnServer(db);
    try {
      const bob = await signIn(server.baseUrl, 'bob', 'bobs long password');
      expect(bob.csrfToken).toBeTruthy();
      // No first admin: the database already had a user.
      expect(server.stderr()).not.toMatch(/shown only this once/);
      const locked = await runCli(['users', 'add', 'carol', '--role', 'viewer', '--db', db, '--json'], 'carols long password\n');
      expect(locked.code).toBe(3);
      expect(JSON.parse(locked.stdout)).toMatchObject({ ok: false, error: 'database_locked' });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
