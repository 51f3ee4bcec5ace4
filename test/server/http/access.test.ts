import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/http/app.js';
import { bearerHeaders, createUser, signIn, TEST_PASSWORD, type SignedIn } from '../../helpers/auth.js';
import { fillPath, listRoutes, type RouteInfo } from '../../helpers/routes.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let routes: RouteInfo[];
let admin: SignedIn;
let analyst: SignedIn;
let viewer: SignedIn;

const PARAMS = { dataset: 'referrals', name: 'vera', id: '1', plan: 'stockport-2014', ref: '1' };
const OPEN = new Set(['GET /api/health', 'POST /api/session', 'GET /api/session']);

beforeAll(async () => {
  t = await startTestServer();
  routes = listRoutes(createApp({ db: t.db, config: t.config })).filter((r) => r.path.startsWith('/api/'));
  await createUser(t.db, 'adam', 'admin');
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'vera', 'viewer');
  await createUser(t.db, 'scoped', 'viewer', ['E08000007']);
  admin = await signIn(t.baseUrl, 'adam');
  analyst = await signIn(t.baseUrl, 'ann');
  viewer = await signIn(t.baseUrl, 'vera');
});
afterAll(() => t.close());

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
  fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined || method === 'GET' ? {} : { body: JSON.stringify(body) }),
  });

describe('without sign-in', () => {
  it('finds the routes of every module (auth, uploads, data, plans)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of ['GET /api/health', 'POST /api/session', 'GET /api/session', 'DELETE /api/session', 'POST /api/tokens',
      'DELETE /api/tokens/:id', 'GET /api/users', 'PATCH /api/users/:name', 'POST /api/users/:name/password', 'GET /api/audit',
      'POST /api/uploads/:dataset', 'GET /api/uploads', 'GET /api/datasets']) {
      expect(names).toContain(expected);
    }
  });

  it('answers GET /api/session signed out with 200 {"user":null}, and a bad token with 401', async () => {
    const res = await call('GET', '/api/session');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: null });
    const forged = await call('GET', '/api/session', { cookie: 'cse_session=forged-session-id-forged-session-id' });
    expect(await forged.json()).toEqual({ user: null });
    expect(forged.headers.get('set-cookie')).toMatch(/cse_session=;/);
    expect((await call('GET', '/api/session', { authorization: 'Bearer csep_not-a-real-token-at-all' })).status).toBe(401);
  });

  it('answers 401 on every /api route but health and sign-in', async () => {
    for (const route of routes) {
      const res = await call(route.method, fillPath(route.path, PARAMS), {}, {});
      const name = `${route.method} ${route.path}`;
      if (OPEN.has(name)) expect(res.status, name).not.toBe(401);
      else expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
  });

  it('answers 401 for unknown /api paths too (no route discovery) and for bad credentials of every kind', async () => {
    expect((await call('GET', '/api/no-such-thing')).status).toBe(401);
    expect((await call('GET', '/api/datasets', { authorization: 'Bearer csep_not-a-real-token-at-all' })).status).toBe(401);
    expect((await call('GET', '/api/datasets', { authorization: 'Basic YWRtaW46YWRtaW4=' })).status).toBe(401);
    expect((await call('GET', '/api/datasets', { cookie: 'cse_session=forged-session-id-forged-session-id' })).status).toBe(401);
    expect((await call('GET', '/api/datasets', { cookie: "cse_session=' OR 1=1 --" })).status).toBe(401);
  });

  it('keeps health open', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('roles', () => {
  const writes = () => routes.filter((r) => r.method !== 'GET' && !/^\/api\/(session|tokens)/.test(r.path));

  it('refuses viewers every write with 403', async () => {
    expect(writes().length).toBeGreaterThanOrEqual(6);
    for (const route of writes()) {
      const res = await call(route.method, fillPath(route.path, PARAMS), viewer.headers, {});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
    }
  });

  it('refuses viewers the upload log, and analysts and viewers the admin routes', async () => {
    expect((await call('GET', '/api/uploads', viewer.headers)).status).toBe(403);
    expect((await call('GET', '/api/uploads', analyst.headers)).status).toBe(200);
    for (const who of [viewer, analyst]) {
      expect((await call('GET', '/api/users', who.headers)).status).toBe(403);
      expect((await call('GET', '/api/audit', who.headers)).status).toBe(403);
      expect((await call('POST', '/api/users', who.headers, { username: 'x', password: TEST_PASSWORD, role: 'admin' })).status).toBe(403);
      expect((await call('PATCH', '/api/users/ann', who.headers, { role: 'admin' })).status).toBe(403);
      expect((await call('POST', '/api/users/ann/password', who.headers, { password: 'x'.repeat(20) })).status).toBe(403);
    }
    expect((await call('GET', '/api/users', admin.headers)).status).toBe(200);
    expect((await call('GET', '/api/datasets', viewer.headers)).status).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses a cookie write without the token or with a wrong one, and accepts it with the token', async () => {
    const body = { name: 'csrf check' };
    expect((await call('POST', '/api/tokens', { cookie: analyst.cookie }, body)).status).toBe(403);
    expect((await call('POST', '/api/tokens', { cookie: analyst.cookie, 'x-csrf-token': viewer.csrfToken }, body)).status).toBe(403);
    expect((await call('POST', '/api/tokens', analyst.headers, body)).status).toBe(201);
  });

  it('does not ask bearer-token requests for it', async () => {
    const bearer = await bearerHeaders(t.baseUrl, 'ann');
    // A write without X-CSRF-Token reaches the route (404: no such token), not the CSRF check (403).
    const res = await call('DELETE', '/api/tokens/999999', bearer);
    expect(res.status).toBe(404);
    expect((await call('GET', '/api/session', bearer)).status).toBe(200);
    expect(await (await call('GET', '/api/session', bearer)).json()).toMatchObject({ user: 'ann', csrfToken: null });
  });
});

describe('tokens', () => {
  it('shows a token once, lists it without the secret, and stops it working when revoked', async () => {
    const created = await call('POST', '/api/tokens', viewer.headers, { name: 'nightly report' });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: number; token: string };
    expect(token).toMatch(/^csep_/);
    const listed = (await (await call('GET', '/api/tokens', viewer.headers)).json()) as { id: number; name: string }[];
    expect(listed.find((x) => x.id === id)).toMatchObject({ name: 'nightly report' });
    expect(JSON.stringify(listed)).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call('GET', '/api/datasets', bearer)).status).toBe(200);
    // Someone else cannot revoke it.
    expect((await call('DELETE', `/api/tokens/${id}`, analyst.headers)).status).toBe(404);
    expect((await call('DELETE', `/api/tokens/${id}`, viewer.headers)).status).toBe(204);
    expect((await call('GET', '/api/datasets', bearer)).status).toBe(401);
    expect((await call('DELETE', "/api/tokens/1%20OR%201=1", viewer.headers)).status).toBe(404);
  });
});

describe('user administration', () => {
  it('creates users, refusing bad names, roles, areas and weak or duplicate ones', async () => {
    const ok = await call('POST', '/api/users', admin.headers, { username: 'Nina', password: TEST_PASSWORD, role: 'analyst', areas: ['E08000007'] });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ username: 'nina', role: 'analyst', areas: ['E08000007'], disabled: false });
    expect((await call('POST', '/api/users', admin.headers, { username: 'nina', password: TEST_PASSWORD, role: 'viewer' })).status).toBe(409);
    for (const bad of [
      { username: '../../etc/passwd', password: TEST_PASSWORD, role: 'viewer' },
      { username: "x'; DROP TABLE users; --", password: TEST_PASSWORD, role: 'viewer' },
      { username: 'short', password: 'short', role: 'viewer' },
      { username: 'norole', password: TEST_PASSWORD, role: 'superuser' },
      { username: 'badareas', password: TEST_PASSWORD, role: 'viewer', areas: ['<script>'] },
    ]) {
      expect((await call('POST', '/api/users', admin.headers, bad)).status).toBe(400);
    }
    const users = (await (await call('GET', '/api/users', admin.headers)).json()) as { username: string }[];
    expect(users.map((u) => u.username)).toContain('nina');
    expect(JSON.stringify(users)).not.toMatch(/argon2|password/);
  });

  it('applies role changes at once, and disabling ends sessions and tokens', async () => {
    await createUser(t.db, 'paul', 'analyst');
    const paul = await signIn(t.baseUrl, 'paul');
    const bearer = await bearerHeaders(t.baseUrl, 'paul');
    expect((await call('PATCH', '/api/users/paul', admin.headers, { role: 'viewer' })).status).toBe(200);
    expect(await (await call('GET', '/api/session', paul.headers)).json()).toMatchObject({ role: 'viewer' });
    // A token made for the old role ends with it.
    expect((await call('GET', '/api/uploads', bearer)).status).toBe(401);
    const viewerBearer = await bearerHeaders(t.baseUrl, 'paul');

    expect((await call('PATCH', '/api/users/paul', admin.headers, { disabled: true })).status).toBe(200);
    expect(await (await call('GET', '/api/session', paul.headers)).json()).toEqual({ user: null });
    expect((await call('GET', '/api/session', viewerBearer)).status).toBe(401);
    await expect(signIn(t.baseUrl, 'paul')).rejects.toThrow(/401/);

    // Enabling the account again does not bring its tokens back: they were revoked.
    expect((await call('PATCH', '/api/users/paul', admin.headers, { disabled: false })).status).toBe(200);
    expect((await call('GET', '/api/session', viewerBearer)).status).toBe(401);
    await signIn(t.baseUrl, 'paul');
    expect((await call('PATCH', '/api/users/paul', admin.headers, { role: 'root' })).status).toBe(400);
    expect((await call('PATCH', '/api/users/nobody', admin.headers, { role: 'viewer' })).status).toBe(404);
  });

  it('resets a password and signs the user out everywhere', async () => {
    await createUser(t.db, 'rita', 'viewer');
    const rita = await signIn(t.baseUrl, 'rita');
    const next = 'a brand new passphrase';
    expect((await call('POST', '/api/users/rita/password', admin.headers, { password: 'short' })).status).toBe(400);
    expect((await call('POST', '/api/users/rita/password', admin.headers, { password: next })).status).toBe(204);
    expect(await (await call('GET', '/api/session', rita.headers)).json()).toEqual({ user: null });
    await expect(signIn(t.baseUrl, 'rita')).rejects.toThrow(/401/);
    await signIn(t.baseUrl, 'rita', next);
  });

  it('will not disable or demote the last enabled admin', async () => {
    expect((await call('PATCH', '/api/users/adam', admin.headers, { role: 'viewer' })).status).toBe(409);
    expect((await call('PATCH', '/api/users/adam', admin.headers, { disabled: true })).status).toBe(409);
  });
});

describe('area scope', () => {
  it('refuses a scoped user another authority but allows their own, England and the region', async () => {
    const scoped = await signIn(t.baseUrl, 'scoped');
    const series = (area: string) => call('GET', `/api/series?indicator=referrals.referrals&area=${area}`, scoped.headers);
    expect((await series('E08000003')).status).toBe(403); // Manchester
    expect((await series('E08000007')).status).not.toBe(403);
    expect((await series('E92000001')).status).not.toBe(403);
    expect((await series('E12000002')).status).not.toBe(403); // North West
  });
});

describe('hostile parameters', () => {
  const hostile = ["x' OR '1'='1", "adam'; DROP TABLE users; --", '../../etc/passwd', '..\\..\\boot.ini', '<script>alert(1)</script>', '%00'];

  it('are data, never SQL or paths: sign-in names, user names in paths, audit filters, token ids', async () => {
    for (const value of hostile) {
      const signInRes = await call('POST', '/api/session', {}, { username: value, password: TEST_PASSWORD });
      expect(signInRes.status, value).toBeGreaterThanOrEqual(400);
      expect(signInRes.status, value).toBeLessThan(500);
      const encoded = encodeURIComponent(value);
      expect((await call('PATCH', `/api/users/${encoded}`, admin.headers, { role: 'admin' })).status, value).toBe(404);
      expect((await call('POST', `/api/users/${encoded}/password`, admin.headers, { password: TEST_PASSWORD })).status, value).toBe(404);
      expect((await call('DELETE', `/api/tokens/${encoded}`, admin.headers)).status, value).toBe(404);
      const audit = await call('GET', `/api/audit?user=${encoded}&action=${encoded}`, admin.headers);
      expect(audit.status, value).toBe(200);
      expect(((await audit.json()) as { entries: unknown[] }).entries, value).toEqual([]);
    }
    // Everything is still there and nobody was promoted.
    const users = (await (await call('GET', '/api/users', admin.headers)).json()) as { username: string; role: string }[];
    expect(users.find((u) => u.username === 'vera')).toMatchObject({ role: 'viewer' });
    expect(users.find((u) => u.username === 'adam')).toMatchObject({ role: 'admin' });
  });
});

describe('audit log', () => {
  it('records sign-ins, failures, tokens and user changes, for admins, paged and filtered', async () => {
    await call('POST', '/api/session', {}, { username: 'vera', password: 'wrong password here' });
    await call('DELETE', '/api/session', (await signIn(t.baseUrl, 'vera')).headers);
    const page = async (query: string) =>
      (await (await call('GET', `/api/audit?${query}`, admin.headers)).json()) as { entries: { id: number; action: string; username: string; ip: string; details: unknown }[]; next_before: number | null };
    const failed = await page('action=sign_in_failed');
    expect(failed.entries[0]).toMatchObject({ action: 'sign_in_failed', username: 'vera', ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(JSON.stringify(failed)).not.toContain('wrong password here');
    const actions = new Set((await page('limit=500')).entries.map((e) => e.action));
    for (const a of ['sign_in', 'sign_in_failed', 'sign_out', 'token_created', 'token_revoked', 'user_created', 'user_changed', 'password_reset']) {
      expect(actions, a).toContain(a);
    }
    const first = await page('limit=2');
    expect(first.entries).toHaveLength(2);
    const second = await page(`limit=2&before=${first.next_before}`);
    expect(second.entries[0]!.id).toBeLessThan(first.entries[1]!.id);
    expect((await page('user=paul')).entries.every((e) => e.username === 'paul')).toBe(true);
    expect((await call('GET', "/api/audit?limit=1;DROP", admin.headers)).status).toBe(400);
  });
});
