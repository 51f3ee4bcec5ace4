/**
 * The answer cache on its own: identical requests arriving together share one computation, the
 * bound on memory holds, and a write drops exactly the answers of what it touched.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../../../server/auth/roles.js';
import { DataVersions } from '../../../server/data-versions.js';
import { AnswerCache } from '../../../server/http/answer-cache.js';
import { cachedAnswers } from '../../../server/http/middleware/cached-answers.js';
import { setCurrentUser } from '../../../server/http/request-user.js';

const ANALYST: AuthUser = { id: 1, username: 'ann', role: 'analyst', areas: null };
let server: Server;
let baseUrl: string;
let computed: string[] = [];
const cache = new AnswerCache(64 * 1024);
const versions = new DataVersions();

beforeAll(async () => {
  const app = express();
  app.use((req, _res, next) => {
    setCurrentUser(req, ANALYST);
    next();
  });
  app.use(cachedAnswers(cache, versions));
  app.get('/api/series', async (req, res) => {
    computed.push(String(req.query.indicator));
    await new Promise((r) => setTimeout(r, 100));
    if (req.query.fail) {
      res.status(500).json({ error: 'boom' });
      return;
    }
    res.json({ indicator: req.query.indicator, padding: 'x'.repeat(Number(req.query.bytes ?? 10)), n: computed.length });
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ask = async (query: string) => {
  const res = await fetch(`${baseUrl}/api/series?${query}`);
  return { status: res.status, etag: res.headers.get('etag'), body: await res.text() };
};

describe('AnswerCache', () => {
  it('computes identical requests arriving together once, and every one gets the same answer', async () => {
    computed = [];
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask('indicator=referrals.a')));
    expect(computed).toEqual(['referrals.a']);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(new Set(answers.map((a) => a.etag)).size).toBe(1);
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('does not keep a failure: those waiting compute their own, and the next request tries again', async () => {
    computed = [];
    const answers = await Promise.all(Array.from({ length: 3 }, () => ask('indicator=referrals.f&fail=1')));
    expect(answers.map((a) => a.status)).toEqual([500, 500, 500]);
    expect(computed).toHaveLength(3);
    await ask('indicator=referrals.f&fail=1');
    expect(computed).toHaveLength(4);
  });

  it('keeps within its bound, dropping the least recently used first', async () => {
    for (let i = 0; i < 20; i++) await ask(`indicator=referrals.big${i}&bytes=6000`);
    expect(cache.size.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.size.entries).toBeLessThan(20);
    computed = [];
    await ask('indicator=referrals.big19&bytes=6000');
    expect(computed).toEqual([]);
    await ask('indicator=referrals.big0&bytes=6000');
    expect(computed).toEqual(['referrals.big0']);
  });

  it('a write drops the answers of what it touched and no others', async () => {
    await ask('indicator=referrals.x');
    await ask('indicator=missing.x');
    computed = [];
    versions.bump(['data:referrals']);
    await ask('indicator=referrals.x');
    await ask('indicator=missing.x');
    expect(computed).toEqual(['referrals.x']);
    versions.bump('all');
    await ask('indicator=missing.x');
    expect(computed).toEqual(['referrals.x', 'missing.x']);
  });
});
