import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failPasswordCheck, hashPassword, verifyPassword } from '../../../server/auth/passwords.js';
import { createUser, findCredentials, parseAreas, updateUser, UserExistsError } from '../../../server/auth/users.js';
import { Database } from '../../../server/db/database.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
});
afterAll(() => db.close());

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const stored = await hashPassword('a long enough password');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(stored, 'a long enough password')).toBe(true);
    expect(await verifyPassword(stored, 'another password!!')).toBe(false);
  });

  it('fails closed on a malformed stored hash and on the dummy check', async () => {
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await failPasswordCheck('anything')).toBe(false);
  });
});

describe('users', () => {
  it('stores a hash, never the password, and refuses a second user of the same name', async () => {
    const user = await createUser(db, { username: 'ann', password: 'a long enough password', role: 'analyst', areas: ['E08000007'] });
    expect(user).toMatchObject({ username: 'ann', role: 'analyst', areas: ['E08000007'], disabled: false });
    const credentials = await findCredentials(db, 'ann');
    expect(credentials?.passwordHash).not.toContain('a long enough password');
    await expect(createUser(db, { username: 'ann', password: 'x'.repeat(12), role: 'viewer', areas: null })).rejects.toBeInstanceOf(UserExistsError);
  });

  it('changes role, areas and state', async () => {
    await createUser(db, { username: 'bob', password: 'a long enough password', role: 'viewer', areas: null });
    const changed = await updateUser(db, 'bob', { role: 'analyst', areas: ['E08000007', 'E08000003'], disabled: true });
    expect(changed).toMatchObject({ role: 'analyst', areas: ['E08000007', 'E08000003'], disabled: true });
    expect(await updateUser(db, 'nobody', { role: 'admin' })).toBeNull();
  });

  it('parses area scopes from the edge', () => {
    expect(parseAreas('e08000007, E08000003')).toEqual(['E08000003', 'E08000007']);
    expect(parseAreas(null)).toBeNull();
    expect(parseAreas([])).toBeUndefined();
    expect(parseAreas(["E08000007'; DROP TABLE users; --"])).toBeUndefined();
  });
});
