import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInDelay } from '../../../server/auth/sign-in-delay.js';
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
    const tokens = new TokenStore(db, 90 * 24 * 60 * MINUTE, clock);
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

describe('SignInDelay', () => {
  const policy = { freeFailuresPerUser: 3, freeFailuresPerIp: 5, baseDelayMs: 1000, maxDelayMs: 8000, windowMs: 10 * MINUTE, maxWaitingPerIp: 2 };

  it('delays a name after its free failures, doubling to the cap, and never refuses it', () => {
    const delay = new SignInDelay(policy, clock);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      waits.push(delay.delayFor('Ann', `10.0.0.${i + 1}`));
      delay.recordFailure('Ann', `10.0.0.${i + 1}`);
    }
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
    const admitted = delay.admit('ann', '10.9.9.9');
    expect(admitted).toMatchObject({ ok: true, delayMs: 8000 });
    // A correct password clears the name's count.
    delay.recordSuccess('ANN');
    expect(delay.delayFor('ann', '10.9.9.9')).toBe(0);
  });

  it('delays an address trying many names, and forgets failures outside the window', () => {
    const delay = new SignInDelay(policy, clock);
    for (let i = 0; i < 5; i++) delay.recordFailure(`name${i}`, '192.0.2.7');
    expect(delay.delayFor('someone-else', '192.0.2.7')).toBe(1000);
    expect(delay.delayFor('someone-else', '192.0.2.8')).toBe(0);
    now += 11 * MINUTE;
    expect(delay.delayFor('someone-else', '192.0.2.7')).toBe(0);
  });

  it("answers an address's parallel attempts past the cap with a refusal to retry, not a lock", () => {
    const delay = new SignInDelay(policy, clock);
    const first = delay.admit('bea', '198.51.100.1');
    const second = delay.admit('cai', '198.51.100.1');
    expect(delay.admit('dee', '198.51.100.1')).toMatchObject({ ok: false, retryAfterSeconds: 8 });
    // Another address, same names: admitted.
    expect(delay.admit('bea', '198.51.100.2').ok).toBe(true);
    if (first.ok) first.release();
    if (second.ok) second.release();
    expect(delay.admit('dee', '198.51.100.1').ok).toBe(true);
  });
});
