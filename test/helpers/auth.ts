import type { Role } from '../../server/auth/roles.js';
import { createUser as addUser } from '../../server/auth/users.js';
import type { Database } from '../../server/db/database.js';

/** The password every test user gets unless a test chooses one. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: number;
  username: string;
  password: string;
}

/** Adds a user straight to the database (no HTTP, no admin needed). */
export async function createUser(
  db: Database,
  username: string,
  role: Role,
  areas: string[] | null = null,
  password = TEST_PASSWORD,
): Promise<TestUser> {
  const user = await addUser(db, { username, password, role, areas });
  return { id: user.id, username, password };
}

export interface SignedIn {
  /** The `Cookie` request header value: `cse_session=…`. */
  cookie: string;
  csrfToken: string;
  /** Headers for a cookie-authenticated write (cookie plus CSRF token). */
  headers: Record<string, string>;
}

/** Signs in over HTTP like a browser; throws unless the server accepts. */
export async function signIn(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('cse_session='));
  if (!setCookie) throw new Error('sign-in answered without a session cookie');
  const cookie = setCookie.split(';')[0]!;
  return { cookie, csrfToken: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

/** Signs in and makes a bearer token: `{ authorization: 'Bearer …' }` for script-style requests. */
export async function bearerHeaders(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<Record<string, string>> {
  const session = await signIn(baseUrl, username, password);
  const res = await fetch(`${baseUrl}/api/tokens`, {
    method: 'POST',
    headers: { ...session.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'test' }),
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}
