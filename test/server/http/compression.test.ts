import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { createUser, signIn } from '../../helpers/auth.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('responses are compressed for clients that accept it', () => {
  it('gzips a large JSON answer', async () => {
    await createUser(server.db, 'reader', 'viewer');
    const { headers } = await signIn(server.baseUrl, 'reader');
    const res = await fetch(`${server.baseUrl}/api/indicators`, { headers: { ...headers, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(Array.isArray(await res.json())).toBe(true);
  });
});
