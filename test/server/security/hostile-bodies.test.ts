/**
 * Finding 4 of issue 10 and the bounded fuzz run: no single request, however it is encoded or
 * sized, takes the server down or changes stored data when it is refused.
 */
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { fingerprint } from '../../helpers/extract-files.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { Prng } from '../../../pipelines/demo/prng.js';

let t: TestServer;
let analyst: SignedIn;
let scoped: SignedIn;

/** Stored data only: sign-in, audit and token bookkeeping change with every request by design. */
const BOOKKEEPING = /^(audit_log|sessions|api_tokens|users|upload_attempts?|upload_history)$/;
async function dataDigest(): Promise<Record<string, string>> {
  const all = await t.db.withConnection(fingerprint);
  return Object.fromEntries(Object.entries(all).filter(([table]) => !BOOKKEEPING.test(table)));
}

beforeAll(async () => {
  t = await startTestServer({ config: { maxUploadBytes: 2 * 1024 * 1024, maxPlanBytes: 256 * 1024 } });
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'sam', 'analyst', ['E08000007']);
  analyst = await signIn(t.baseUrl, 'ann');
  scoped = await signIn(t.baseUrl, 'sam');
  const seeded = await fetch(`${t.baseUrl}/api/uploads/referrals`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...analyst.headers },
    body: 'period,area_code,referrals\n2016-Q4,E06000018,43\n',
  });
  expect(seeded.status).toBe(201);
}, 60_000);
afterAll(() => t.close());

async function alive(): Promise<boolean> {
  const res = await fetch(`${t.baseUrl}/api/health`);
  return res.status === 200;
}

describe('compressed bodies (finding 4)', () => {
  it('refuses a gzip plan that would inflate to 150 MB with 415, and stays up', async () => {
    const bomb = gzipSync(Buffer.alloc(150 * 1024 * 1024, '\n'), { level: 9 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    for (const type of ['text/csv', 'application/json']) {
      const res = await fetch(`${t.baseUrl}/api/plans`, {
        method: 'POST',
        headers: { 'content-type': type, 'content-encoding': 'gzip', ...analyst.headers },
        body: bomb,
      });
      expect(res.status, type).toBe(415);
      expect(await res.json()).toMatchObject({ error: 'unsupported_content_encoding' });
    }
    expect(await alive()).toBe(true);
  }, 30_000);

  it('refuses compressed uploads, statistics and sign-ins alike', async () => {
    const body = gzipSync('period,area_code,referrals\n2016-Q4,E08000007,1\n');
    for (const path of ['/api/uploads/referrals', '/api/stats?name=x', '/api/session']) {
      const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip', ...analyst.headers }, body });
      expect(res.status, path).toBe(415);
    }
  });
});

describe('parser limits', () => {
  it('reads a plan of nothing but line breaks quickly and refuses it', async () => {
    const res = await fetch(`${t.baseUrl}/api/plans`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...analyst.headers },
      body: '\n'.repeat(250 * 1024),
    });
    expect(res.status).toBe(422);
  });

  it('refuses a plan with too many rows or an over-long cell, naming the line', async () => {
    const header = 'plan,plan_name,area_code,ref,strand,action\n';
    const rows = Array.from({ length: 10_001 }, (_, i) => `p,,,${i},S,A`).join('\n');
    const many = await fetch(`${t.baseUrl}/api/plans`, { method: 'POST', headers: { 'content-type': 'text/csv', ...analyst.headers }, body: header + rows });
    expect(many.status).toBe(422);
    expect(((await many.json()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toContain('too_many_rows');
    const long = await fetch(`${t.baseUrl}/api/plans`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...analyst.headers },
      body: `${header}p,P,E08000007,1,S,${'x'.repeat(20_001)}\n`,
    });
    expect(long.status).toBe(422);
    expect(((await long.json()) as { errors: unknown[] }).errors).toContainEqual(expect.objectContaining({ code: 'field_too_long', line: 2, column: 'action' }));
  });

  it('reads no more than 64 KiB looking for an extract header', async () => {
    const res = await fetch(`${t.baseUrl}/api/uploads/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...analyst.headers },
      body: `period,area_code,${'r'.repeat(1024 * 1024)}`,
    });
    expect(res.status).toBe(422);
  });
});

describe('fuzz: a few hundred hostile bodies to the upload, plan and stats endpoints', () => {
  it('answers every one with a 2xx or 4xx, stays up, and refusals leave the data as it was', async () => {
    const prng = new Prng(20261206, 'hostile-bodies');
    const random = () => prng.next();
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const fragments = [
      'period,area_code,referrals\n', 'plan,plan_name,area_code,ref,strand,action\n', 'time_period,time_identifier,geographic_level,country_code,n\n',
      '2016-Q4,E06000018,1\n', '2016-Q4,E92000001,9\n', '"unterminated,', '\u0000\u0000', '\uFEFF', '\r\r\r', '=HYPERLINK("x")', '\u202Egnp.exe',
      '<script>alert(1)</script>', "'; DROP TABLE users; --", '%00%2e%2e/', '\t\t\t', ',,,,,,,,,,,,,', '\ud800', 'é£€', '{"actions":',
    ];
    const encodings = [undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'x-unknown'];
    const types = ['text/csv', 'application/json', 'application/octet-stream', 'text/plain; charset=utf-16', 'multipart/form-data; boundary=x'];
    const paths = ['/api/uploads/referrals', '/api/uploads/referrals?dry_run=1', '/api/uploads/missing', '/api/plans', '/api/stats?name=fuzzed'];
    // What the data should be: as it was, or as the last accepted body left it.
    let expected = await dataDigest();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const size = pick([0, 1, 10, 100, 1000, 20_000, 300_000]);
      let text = '';
      while (text.length < size) text += random() < 0.7 ? pick(fragments) : String.fromCharCode(Math.floor(random() * 0xffff));
      let body: Buffer = Buffer.from(text, random() < 0.2 ? 'latin1' : 'utf8');
      const encoding = pick(encodings);
      if (encoding === 'gzip') body = gzipSync(body);
      if (encoding === 'deflate') body = deflateSync(body);
      if (encoding === 'br') body = brotliCompressSync(body);
      const who = random() < 0.5 ? scoped : analyst;
      const path = pick(paths);
      const res = await fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': pick(types), ...(encoding ? { 'content-encoding': encoding } : {}), ...who.headers },
        body,
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `${path} ${encoding ?? ''} ${size}`).toBeLessThan(500);
      if (res.status === 201) expected = await dataDigest();
      else if (i % 20 === 0) expect(await dataDigest()).toEqual(expected);
    }
    expect(await alive()).toBe(true);
    expect(await dataDigest()).toEqual(expected);
    // Most bodies are refused, for many different reasons.
    expect(statuses.get(415)).toBeGreaterThan(50);
    expect(statuses.get(422)).toBeGreaterThan(20);
  }, 60_000);
});
