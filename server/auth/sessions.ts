import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database.js';
import type { AuthUser } from './roles.js';
import { digestSecret, randomSecret } from './secrets.js';
import { authUserFromRow } from './users.js';

export interface SessionPolicy {
  /** A session ends this long after sign-in, however busy. */
  lifetimeMs: number;
  /** …or after this long without a request. */
  idleMs: number;
}

export interface Session {
  idHash: string;
  user: AuthUser;
  csrfToken: string;
  expiresAt: number;
}

interface CachedSession extends Session {
  lastSeen: number;
  persistedLastSeen: number;
}

/** Writing last-seen on every request would make every read a write; once a minute is plenty. */
const TOUCH_INTERVAL_MS = 60_000;
const MAX_CACHED = 10_000;

/**
 * Browser sessions: a random id in the cookie, its SHA-256 in the database. The server is the
 * only process using the database, so it keeps live sessions in memory and reads the table only
 * on a miss (after a restart); every change to a user drops that user's cached sessions.
 */
export class SessionStore {
  private readonly cache = new Map<string, CachedSession>();

  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session; the returned id goes into the cookie and is never stored. */
  async create(user: AuthUser): Promise<{ id: string; session: Session }> {
    const id = randomSecret();
    const now = this.now();
    const entry: CachedSession = {
      idHash: digestSecret(id),
      user,
      csrfToken: randomSecret(),
      expiresAt: now + this.policy.lifetimeMs,
      lastSeen: now,
      persistedLastSeen: now,
    };
    await this.db.withConnection(async (c) => {
      await this.deleteStale(c, now);
      await c.run(
        `INSERT INTO sessions VALUES ($idHash, $userId, $csrf, to_timestamp($now / 1000.0), to_timestamp($now / 1000.0),
           to_timestamp($expires / 1000.0))`,
        { idHash: entry.idHash, userId: user.id, csrf: entry.csrfToken, now, expires: entry.expiresAt },
      );
    });
    this.remember(entry);
    return { id, session: entry };
  }

  /** The live session with this cookie value, or null (unknown, expired, idle or user disabled). */
  async lookup(id: string): Promise<Session | null> {
    const idHash = digestSecret(id);
    const now = this.now();
    const entry = this.cache.get(idHash) ?? (await this.load(idHash));
    if (!entry) return null;
    if (now >= entry.expiresAt || now - entry.lastSeen >= this.policy.idleMs) {
      await this.destroy(idHash);
      return null;
    }
    entry.lastSeen = now;
    if (now - entry.persistedLastSeen >= TOUCH_INTERVAL_MS) this.persistLastSeen(entry, now);
    return entry;
  }

  async destroy(idHash: string): Promise<void> {
    this.cache.delete(idHash);
    await this.db.withConnection((c) => c.run('DELETE FROM sessions WHERE id_hash = $idHash', { idHash }));
  }

  /** Signs the user out everywhere: after a password reset or when the account is disabled. */
  async destroyForUser(userId: number): Promise<void> {
    this.forgetUser(userId);
    await this.db.withConnection((c) => c.run('DELETE FROM sessions WHERE user_id = $userId', { userId }));
  }

  /** Drops cached copies so the next request reads the user's new role and areas. */
  forgetUser(userId: number): void {
    for (const [key, entry] of this.cache) if (entry.user.id === userId) this.cache.delete(key);
  }

  private async load(idHash: string): Promise<CachedSession | null> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(
        `SELECT s.csrf_token, epoch_ms(s.last_seen_at) AS last_seen, epoch_ms(s.expires_at) AS expires_at,
                u.id, u.username, u.role, u.areas
         FROM sessions s JOIN users u ON u.id = s.user_id AND NOT u.disabled
         WHERE s.id_hash = $idHash`,
        { idHash },
      ),
    );
    const row = reader.getRowObjectsJS()[0];
    if (!row) return null;
    const lastSeen = Number(row.last_seen);
    const entry: CachedSession = {
      idHash,
      user: authUserFromRow(row),
      csrfToken: String(row.csrf_token),
      expiresAt: Number(row.expires_at),
      lastSeen,
      persistedLastSeen: lastSeen,
    };
    this.remember(entry);
    return entry;
  }

  private remember(entry: CachedSession): void {
    if (this.cache.size >= MAX_CACHED) {
      // Maps iterate in insertion order: drop the oldest; it reloads from the table if still live.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(entry.idHash, entry);
  }

  private persistLastSeen(entry: CachedSession, now: number): void {
    entry.persistedLastSeen = now;
    // Best effort and not awaited: a lost update only means that, after a restart, the idle
    // clock starts from a minute or so earlier than it should.
    void this.db
      .withConnection((c) => c.run('UPDATE sessions SET last_seen_at = to_timestamp($ms / 1000.0) WHERE id_hash = $idHash', { ms: now, idHash: entry.idHash }))
      .catch(() => undefined);
  }

  private async deleteStale(c: DuckDBConnection, now: number): Promise<void> {
    await c.run(
      `DELETE FROM sessions WHERE expires_at <= to_timestamp($now / 1000.0) OR last_seen_at <= to_timestamp($idleSince / 1000.0)`,
      // The stored last-seen may lag the real one by a touch interval.
      { now, idleSince: now - this.policy.idleMs - TOUCH_INTERVAL_MS },
    );
    for (const [key, entry] of this.cache) {
      if (now >= entry.expiresAt || now - entry.lastSeen >= this.policy.idleMs) this.cache.delete(key);
    }
  }
}
