import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInThrottle } from '../../../server/auth/lockout.js';
import { SessionStore } from '../../../server/auth/sessions.js';
import { TokenStore } from '../../../server/auth/tokens.js';
import { createUser, updateUser } from '../../../server/auth/users.js';
import { Database } from '../../../server/db/database.js';

let db: Database;
let now = Date.parse('2026-01-01T09:00:00Z');
const clock = () => now;
const MINUTE = 60_000;

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  await createUser(db, { username: 'sam', password: 'a long enough password', role: 'viewer', areas: null });
});
afterAll(() => db.close());

const sam = { id: 1, username: 'sam', role: 'viewer' as const, areas: null };

describe('SessionStore', () => {
  it('stores only the hash of the id, ends idle sessions and sessions past their lifetime', async () => {
    const store = new SessionStore(db, { lifetimeMs: 120 * MINUTE, idleMs: 30 * MINUTE }, clock);
    const { id } = await store.create(sam);
    const stored = await db.withConnection((c) => c.runAndReadAll('SELECT id_hash FROM sessions'));
    expect(stored.getRowObjectsJS().map((r) => r.id_hash)).not.toContain(id);

    now += 29 * MINUTE;
    expect(await store.lookup(id)).not.toBeNull();
    now += 29 * MINUTE; // active: idle clock restarted at the last request
    expect(await store.lookup(id)).not.toBeNull();
    now += 31 * MINUTE;
    expect(await store.lookup(id)).toBeNull();

    const second = await store.create(sam);
    for (let i = 0; i < 4; i++) {
      now += 25 * MINUTE;
      expect(await store.lookup(second.id)).not.toBeNull();
    }
    now += 25 * MINUTE; // 125 minutes after sign-in: past the lifetime however busy
    expect(await store.lookup(second.id)).toBeNull();
  });

  it('finds a session after a restart (a new store over the same table)', async () => {
    const first = new SessionStore(db, { lifetimeMs: 120 * MINUTE, idleMs: 30 * MINUTE }, clock);
    const { id, session } = await first.create(sam);
    const restarted = new SessionStore(db, { lifetimeMs: 120 * MINUTE, idleMs: 30 * MINUTE }, clock);
    expect(await restarted.lookup(id)).toMatchObject({ user: { username: 'sam' }, csrfToken: session.csrfToken });
    expect(await restarted.lookup('not-a-session-id-at-all')).toBeNull();
  });

  it('drops a disabled user\'s sessions, and tokens stop working', async () => {
    const sessions = new SessionStore(db, { lifetimeMs: 120 * MINUTE, idleMs: 30 * MINUTE }, clock);
    const tokens = new TokenStore(db, clock);
    const { id } = await sessions.create(sam);
    const { token } = await tokens.create(sam, 'script');
    expect(await tokens.authenticate(token)).toMatchObject({ user: { username: 'sam' } });
    await updateUser(db, 'sam', { disabled: true });
    tokens.forgetUser(sam.id);
    await sessions.destroyForUser(sam.id);
    expect(await sessions.lookup(id)).toBeNull();
    expect(await tokens.authenticate(token)).toBeNull();
    await updateUser(db, 'sam', { disabled: false });
  });
});

describe('SignInThrottle', () => {
  const policy = { maxFailuresPerUser: 3, maxFailuresPerIp: 5, windowMs: 10 * MINUTE, lockMs: 15 * MINUTE };

  it('locks a name after N failures in the window, for the lock period', () => {
    const throttle = new SignInThrottle(policy, clock);
    for (let i = 0; i < 3; i++) {
      expect(throttle.isLocked('Ann', '10.0.0.1')).toBe(false);
      throttle.recordFailure('Ann', `10.0.0.${i + 1}`);
    }
    expect(throttle.isLocked('ann', '10.9.9.9')).toBe(true);
    now += 16 * MINUTE;
    expect(throttle.isLocked('ann', '10.9.9.9')).toBe(false);
  });

  it('locks an address trying many names, and forgets failures outside the window', () => {
    const throttle = new SignInThrottle(policy, clock);
    for (let i = 0; i < 5; i++) throttle.recordFailure(`name${i}`, '192.0.2.7');
    expect(throttle.isLocked('someone-else', '192.0.2.7')).toBe(true);
    expect(throttle.isLocked('someone-else', '192.0.2.8')).toBe(false);

    const slow = new SignInThrottle(policy, clock);
    for (let i = 0; i < 6; i++) {
      slow.recordFailure('bea', '198.51.100.1');
      now += 6 * MINUTE;
      slow.recordSuccess('nobody');
    }
    expect(slow.isLocked('bea', '198.51.100.2')).toBe(false);
  });
});
