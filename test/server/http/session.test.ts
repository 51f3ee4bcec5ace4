import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, TEST_PASSWORD } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    config: { signIn: { freeFailuresPerUser: 3, freeFailuresPerIp: 1000, baseDelayMs: 20, maxDelayMs: 80, windowMs: 60_000, maxWaitingPerIp: 5 } },
  });
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'locky', 'viewer');
});
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('sign-in', () => {
  it('answers {user, role, csrfToken} and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await post('/api/session', { username: 'ann', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: 'ann', role: 'analyst', csrfToken: expect.any(String) });
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^cse_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // Plain HTTP without a trusted proxy: not Secure, or the browser would drop it.
    expect(cookie).not.toMatch(/Secure/);
  });

  it('GET /api/session answers the same for the session; DELETE signs out', async () => {
    const session = await signIn(t.baseUrl, 'ann');
    const me = await fetch(`${t.baseUrl}/api/session`, { headers: { cookie: session.cookie } });
    expect(await me.json()).toMatchObject({ user: 'ann', role: 'analyst', csrfToken: session.csrfToken });
    const out = await fetch(`${t.baseUrl}/api/session`, { method: 'DELETE', headers: session.headers });
    expect(out.status).toBe(204);
    const after = await fetch(`${t.baseUrl}/api/session`, { headers: { cookie: session.cookie } });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ user: null });
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await post('/api/session', { username: 'ann', password: 'not the password' });
    const unknown = await post('/api/session', { username: 'nobody-here', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toBe(await unknown.text());
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('slows a name after repeated failures but never locks its owner out (finding 7)', async () => {
    for (let i = 0; i < 10; i++) expect((await post('/api/session', { username: 'locky', password: `guess ${i}` })).status).toBe(401);
    const failures = await t.db.withConnection((c) =>
      c.runAndReadAll(`SELECT details->>'delayed_ms' AS ms FROM audit_log WHERE action = 'sign_in_failed' AND username = 'locky' ORDER BY id`));
    // Three free failures, then 20, 40, 80 ms and the cap.
    expect(failures.getRowObjectsJS().map((r) => Number(r.ms))).toEqual([0, 0, 0, 20, 40, 80, 80, 80, 80, 80]);
    const owner = await post('/api/session', { username: 'locky', password: TEST_PASSWORD });
    expect(owner.status).toBe(200);
    // An unknown name gets the same answers.
    for (let i = 0; i < 4; i++) {
      const res = await post('/api/session', { username: 'ghost', password: `guess ${i}` });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'invalid_credentials' });
    }
    expect((await post('/api/session', { username: 'ann', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('spends about as long on an unknown name as on a wrong password', async () => {
    const time = async (username: string) => {
      const started = performance.now();
      await post('/api/session', { username, password: 'timing check password' });
      return performance.now() - started;
    };
    await createUser(t.db, 'timer', 'viewer');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 2; i++) {
      known.push(await time('timer'));
      unknown.push(await time(`nobody-${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('refuses a malformed body with 400 and never a stack trace', async () => {
    const res = await fetch(`${t.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'invalid_json' });
    expect(text).not.toMatch(/at .*\.js|node_modules/);
    expect((await post('/api/session', { username: 'ann' })).status).toBe(400);
  });

  it('marks the cookie Secure behind a trusted TLS proxy', async () => {
    const behindProxy = await startTestServer({ db: t.db, config: { trustProxy: 'loopback' } });
    try {
      const res = await post('/api/session', { username: 'ann', password: TEST_PASSWORD });
      expect(res.headers.getSetCookie()[0]).not.toMatch(/Secure/);
      const viaTls = await fetch(`${behindProxy.baseUrl}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username: 'ann', password: TEST_PASSWORD }),
      });
      expect(viaTls.headers.getSetCookie()[0]).toMatch(/; Secure/);
    } finally {
      await behindProxy.close();
    }
  });
});
