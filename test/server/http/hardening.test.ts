import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../server/db/database.js';
import { lockDown } from '../../../server/db/lockdown.js';
import { errorHandler } from '../../../server/http/middleware/error-handler.js';
import { listen, serverPort } from '../../../server/http/listen.js';
import { createLogger } from '../../../server/logger.js';
import { createUser, signIn, TEST_PASSWORD } from '../../helpers/auth.js';
import { referralsExtract, startTestServer, type TestServer } from '../../helpers/server.js';

const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  },
});

let t: TestServer;
let scratch: string;
let outside: string;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'cse-profile-lockdown-'));
  const db = await Database.open({ path: join(scratch, 'db.duckdb') });
  const uploadDir = join(scratch, 'uploads');
  t = await startTestServer({ db, config: { uploadDir, logLevel: 'info' }, logger: createLogger('info', logSink) });
  // As `serve` does: the pipeline's scratch files go to the upload directory, the only one allowed.
  process.env.TMPDIR = uploadDir;
  await lockDown(db, [uploadDir]);
  outside = join(scratch, 'outside.csv');
  writeFileSync(outside, 'a,b\n1,2\n');
  await createUser(db, 'ann', 'analyst');
});
afterAll(async () => {
  await t.close();
  t.db.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('DuckDB lock-down', () => {
  const attempts = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    () => `SELECT * FROM read_csv('${outside}')`,
    () => `COPY (SELECT 1) TO '${join(scratch, 'copied.csv')}'`,
    () => `ATTACH '${join(scratch, 'other.duckdb')}' AS other`,
    'INSTALL httpfs',
    'LOAD httpfs',
    'SET enable_external_access = true',
    "SET allowed_directories = ['/']",
    'RESET lock_configuration',
  ];

  it('refuses every file outside the allowed directories, on pooled and fresh connections alike', async () => {
    const fresh = await t.db.connect();
    try {
      for (const attempt of attempts) {
        const sql = typeof attempt === 'string' ? attempt : attempt();
        await expect(t.db.withConnection((c) => c.run(sql)), sql).rejects.toThrow(/Permission|disabled|locked/i);
        await expect(fresh.run(sql), sql).rejects.toThrow(/Permission|disabled|locked/i);
      }
    } finally {
      fresh.closeSync();
    }
  });

  it('still loads uploads, Windows-1252 ones included (their scratch copy lives in the upload directory)', async () => {
    const ann = await signIn(t.baseUrl, 'ann');
    const utf8 = await fetch(`${t.baseUrl}/api/uploads/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...ann.headers },
      body: referralsExtract(['2015-Q1'], () => 7),
    });
    expect(utf8.status).toBe(201);
    // 0x96 is an en dash in Windows-1252 and never valid alone in UTF-8: the pipeline writes a
    // UTF-8 copy to its scratch directory and reads that; the refusal echoing the dash proves it.
    const windows1252 = Buffer.concat([
      Buffer.from('period,area_code,sex,referrals\n2015-Q1,E08000007,female,3\n2015'),
      Buffer.from([0x96]),
      Buffer.from('Q2,E08000007,male,4\n'),
    ]);
    const res = await fetch(`${t.baseUrl}/api/uploads/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...ann.headers },
      body: windows1252,
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { warnings: string[]; errors: { code: string; message: string }[] };
    expect(body.warnings.join(' ')).toMatch(/Windows-1252/);
    expect(body.errors[0]).toMatchObject({ code: 'invalid_period' });
    expect(body.errors[0]!.message).toContain('2015\u2013Q2');
  });

  it('checkpoints after lock-down (shutdown does)', async () => {
    await expect(t.db.checkpoint()).resolves.toBeUndefined();
  });
});

describe('headers and errors', () => {
  it('sends a strict Content-Security-Policy and the other helmet headers', async () => {
    const res = await fetch(`${t.baseUrl}/api/health`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers an oversized JSON body with 413 and a JSON error', async () => {
    const ann = await signIn(t.baseUrl, 'ann');
    const res = await fetch(`${t.baseUrl}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ann.headers },
      body: JSON.stringify({ name: 'x'.repeat(t.config.jsonBodyLimitBytes + 10) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'payload_too_large' });
  });

  it('refuses oversized headers (Node answers 431)', async () => {
    const res = await fetch(`${t.baseUrl}/api/health`, { headers: { 'x-padding': 'x'.repeat(20 * 1024) } });
    expect(res.status).toBe(431);
  });

  it('turns an unexpected error into {"error":"internal_error"} without its message or stack', async () => {
    const app = express();
    app.get('/boom', () => {
      throw new Error('secret detail at /srv/cse/server/db.ts:12');
    });
    app.use(errorHandler(createLogger('silent')));
    const server = await listen(app, { port: 0, host: '127.0.0.1', requestTimeoutMs: 5000, headersTimeoutMs: 5000 });
    try {
      const res = await fetch(`http://127.0.0.1:${serverPort(server)}/boom`);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('{"error":"internal_error"}');
    } finally {
      server.close();
    }
  });
});

describe('logs', () => {
  it('never hold passwords, tokens, cookies or uploaded values', async () => {
    const ann = await signIn(t.baseUrl, 'ann');
    await fetch(`${t.baseUrl}/api/uploads/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...ann.headers },
      body: 'period,area_code,sex,referrals\n2015-Q3,E08000007,UNIQUE-ROW-VALUE,1\n',
    });
    await fetch(`${t.baseUrl}/api/datasets`, { headers: { authorization: 'Bearer csep_SECRET-TOKEN-VALUE-abcdefghij' } });
    await new Promise((r) => setTimeout(r, 100));
    const text = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(3);
    expect(text).toContain('"path":"/api/session"');
    for (const secret of [TEST_PASSWORD, ann.cookie.split('=')[1]!, ann.csrfToken, 'SECRET-TOKEN-VALUE', 'UNIQUE-ROW-VALUE']) {
      expect(text).not.toContain(secret);
    }
  });
});
