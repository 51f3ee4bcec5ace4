/**
 * Findings 6–8 of issue 10: bearer tokens expire, end with a password reset, a role change or
 * disabling, and cannot mint tokens; failed sign-ins slow a name down without locking its owner
 * out; common, blank and control-character passwords are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../server/auth/passwords.js';
import { TokenStore } from '../../../server/auth/tokens.js';
import { bearerHeaders, createUser, signIn, TEST_PASSWORD, type SignedIn } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'root', 'admin');
  admin = await signIn(t.baseUrl, 'root');
}, 60_000);
afterAll(() => t.close());

const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('bearer tokens (finding 6)', () => {
  it('stop working when their user’s password is reset', async () => {
    await createUser(t.db, 'pat', 'analyst');
    const bearer = await bearerHeaders(t.baseUrl, 'pat');
    expect((await call('GET', '/api/session', bearer)).status).toBe(200);
    expect((await call('POST', '/api/users/pat/password', admin.headers, { password: 'an entirely fresh passphrase' })).status).toBe(204);
    expect((await call('GET', '/api/session', bearer)).status).toBe(401);
  });

  it('stop working on a role change and on disabling, and stay revoked', async () => {
    await createUser(t.db, 'ray', 'analyst');
    const first = await bearerHeaders(t.baseUrl, 'ray');
    expect((await call('PATCH', '/api/users/ray', admin.headers, { role: 'viewer' })).status).toBe(200);
    expect((await call('GET', '/api/session', first)).status).toBe(401);
    const second = await bearerHeaders(t.baseUrl, 'ray');
    expect((await call('PATCH', '/api/users/ray', admin.headers, { disabled: true })).status).toBe(200);
    expect((await call('PATCH', '/api/users/ray', admin.headers, { disabled: false })).status).toBe(200);
    expect((await call('GET', '/api/session', second)).status).toBe(401);
  });

  it('cannot mint further tokens', async () => {
    await createUser(t.db, 'tom', 'analyst');
    const bearer = await bearerHeaders(t.baseUrl, 'tom');
    const res = await call('POST', '/api/tokens', bearer, { name: 'child' });
    expect(res.status).toBe(403);
    expect(await (await call('GET', '/api/tokens', bearer)).json()).toHaveLength(1);
  });

  it('expire: 90 days by default, and an expired token is refused', async () => {
    expect(t.config.tokenLifetimeMs).toBe(90 * 24 * 3600 * 1000);
    let now = Date.now();
    const store = new TokenStore(t.db, 1000, () => now);
    const user = { id: 999, username: 'ghost', role: 'analyst' as const, areas: null };
    await createUser(t.db, 'exp', 'analyst');
    const exp = (await t.db.withConnection((c) => c.runAndReadAll("SELECT id FROM users WHERE username = 'exp'"))).getRowObjectsJS()[0]!;
    const made = await store.create({ ...user, id: Number(exp.id), username: 'exp' }, 'short-lived');
    expect(Date.parse(made.expires_at) - now).toBe(1000);
    expect(await store.authenticate(made.token)).not.toBeNull();
    now += 1001;
    expect(await store.authenticate(made.token)).toBeNull();
    const bearer = await bearerHeaders(t.baseUrl, 'exp');
    const listed = (await (await call('GET', '/api/tokens', bearer)).json()) as { name: string; expires_at: string }[];
    expect(Date.parse(listed.find((token) => token.name === 'test')!.expires_at) - Date.now()).toBeGreaterThan(89 * 24 * 3600 * 1000);
  });

  it('are listed for admins with their owners, and an admin can revoke any of them', async () => {
    await createUser(t.db, 'una', 'viewer');
    const bearer = await bearerHeaders(t.baseUrl, 'una');
    const all = (await (await call('GET', '/api/admin/tokens', admin.headers)).json()) as { id: number; user: string; name: string; expires_at: string }[];
    const unas = all.filter((token) => token.user === 'una');
    expect(unas).toHaveLength(1);
    expect((await call('GET', '/api/admin/tokens', bearer)).status).toBe(403);
    expect((await call('DELETE', `/api/admin/tokens/${unas[0]!.id}`, admin.headers)).status).toBe(204);
    expect((await call('GET', '/api/session', bearer)).status).toBe(401);
    expect((await call('DELETE', `/api/admin/tokens/${unas[0]!.id}`, admin.headers)).status).toBe(404);
  });
});

describe('sign-in under guessing (finding 7)', () => {
  it('still lets the owner in with the right password after five wrong ones', async () => {
    await createUser(t.db, 'guessed', 'admin');
    for (let i = 0; i < 5; i++) {
      expect((await call('POST', '/api/session', {}, { username: 'guessed', password: `wrong guess ${i}` })).status).toBe(401);
    }
    const res = await call('POST', '/api/session', {}, { username: 'guessed', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
  }, 30_000);
});

describe('passwords (finding 8)', () => {
  const refused = ['            ', '\u0000'.repeat(12), 'password1234', 'aaaaaaaaaaaa', 'qwertyuiop12', '\t\t\t\t\t\t\t\t\t\t\t\t', 'good words\u0007 in here'];

  it('refuses blank, control-character and common ones, over HTTP and in the checker', async () => {
    for (const password of refused) {
      expect(passwordProblem(password), JSON.stringify(password)).not.toBeNull();
      const res = await call('POST', '/api/users', admin.headers, { username: 'weak', password, role: 'viewer' });
      expect(res.status, JSON.stringify(password)).toBe(400);
    }
    expect(passwordProblem('stockport2015', 'stockport2015')).not.toBeNull();
  });

  it('accepts a passphrase', () => {
    for (const password of [TEST_PASSWORD, 'Plover-Quantum-Heron-27', 'four unrelated words here']) expect(passwordProblem(password)).toBeNull();
  });
});
