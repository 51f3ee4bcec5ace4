import type { Database } from '../db/database.js';
import type { AuthUser } from './roles.js';
import { digestSecret, randomSecret } from './secrets.js';
import { authUserFromRow } from './users.js';

export interface TokenSummary {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string;
}

/** A live token as admins see it: whose it is as well. */
export interface OwnedTokenSummary extends TokenSummary {
  user: string;
}

interface CachedToken {
  id: number;
  user: AuthUser;
  persistedLastUsed: number;
  /** Epoch ms. */
  expiresAt: number;
}

const SUMMARY_COLUMNS = `t.id, t.name, epoch_ms(t.created_at) AS created_at, epoch_ms(t.last_used_at) AS last_used_at,
  epoch_ms(e.expires_at) AS expires_at`;
/** Tokens with their expiry; one without an expiry row is never live. */
const TOKENS = 'api_tokens t JOIN api_token_expiry e ON e.token_id = t.id';
/** Live at `$now` (epoch ms from the store's clock, so tests can move time). */
const LIVE = 't.revoked_at IS NULL AND e.expires_at > to_timestamp($now / 1000.0)';

const iso = (ms: unknown) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

function toSummary(r: Record<string, unknown>): TokenSummary {
  return { id: Number(r.id), name: String(r.name), created_at: iso(r.created_at)!, last_used_at: iso(r.last_used_at), expires_at: iso(r.expires_at)! };
}

/** Recognisable in logs and secret scanners, like GitHub's `ghp_`. */
const PREFIX = 'csep_';
const TOUCH_INTERVAL_MS = 60_000;
const MAX_CACHED = 10_000;
export const MAX_TOKEN_NAME_LENGTH = 100;

/**
 * Bearer tokens for scripts. The token is shown once, at creation; the table holds its SHA-256.
 * Every token expires (CSE_PROFILE_TOKEN_DAYS) and all of a user's tokens are revoked when their
 * password is reset, their role changes or they are disabled. Like sessions, live tokens are
 * cached in memory and dropped from the cache on any change.
 */
export class TokenStore {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly db: Database,
    private readonly lifetimeMs: number = 90 * 24 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: AuthUser, name: string): Promise<{ id: number; name: string; token: string; expires_at: string }> {
    const token = `${PREFIX}${randomSecret()}`;
    const expiresAt = this.now() + this.lifetimeMs;
    const id = await this.db.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const reader = await c.runAndReadAll(
          `INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES (nextval('api_token_id_seq'), $userId, $name, $hash) RETURNING id`,
          { userId: user.id, name, hash: digestSecret(token) },
        );
        const made = Number(reader.getRowObjectsJS()[0]!.id);
        await c.run('INSERT INTO api_token_expiry VALUES ($id, to_timestamp($expires / 1000.0))', { id: made, expires: expiresAt });
        await c.run('COMMIT');
        return made;
      } catch (error) {
        await c.run('ROLLBACK');
        throw error;
      }
    });
    return { id, name, token, expires_at: new Date(expiresAt).toISOString() };
  }

  /** The user a token acts for, or null when it is unknown, revoked or its user is disabled. */
  async authenticate(token: string): Promise<{ tokenId: number; user: AuthUser } | null> {
    if (!token.startsWith(PREFIX)) return null;
    const hash = digestSecret(token);
    const entry = this.cache.get(hash) ?? (await this.load(hash));
    if (!entry) return null;
    const now = this.now();
    if (entry.expiresAt <= now) {
      this.cache.delete(hash);
      return null;
    }
    if (now - entry.persistedLastUsed >= TOUCH_INTERVAL_MS) {
      entry.persistedLastUsed = now;
      // Best effort: last_used_at is for the owner's information, not for access decisions.
      void this.db
        .withConnection((c) => c.run('UPDATE api_tokens SET last_used_at = to_timestamp($ms / 1000.0) WHERE id = $id', { ms: now, id: entry.id }))
        .catch(() => undefined);
    }
    return { tokenId: entry.id, user: entry.user };
  }

  async list(userId: number): Promise<TokenSummary[]> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(`SELECT ${SUMMARY_COLUMNS} FROM ${TOKENS} WHERE t.user_id = $userId AND ${LIVE} ORDER BY t.id`, { userId, now: this.now() }),
    );
    return reader.getRowObjectsJS().map(toSummary);
  }

  /** Every live token of every user, for admins. */
  async listAll(): Promise<OwnedTokenSummary[]> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(`SELECT ${SUMMARY_COLUMNS}, u.username FROM ${TOKENS} JOIN users u ON u.id = t.user_id
        WHERE ${LIVE} ORDER BY u.username, t.id`, { now: this.now() }),
    );
    return reader.getRowObjectsJS().map((r) => ({ ...toSummary(r), user: String(r.username) }));
  }

  /** Revokes one live token: one of the user's own, or anyone's when `userId` is null (an admin). */
  async revoke(userId: number | null, id: number): Promise<{ name: string; user_id: number } | null> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(
        `UPDATE api_tokens SET revoked_at = now()
         WHERE id = $id AND ($userId::INTEGER IS NULL OR user_id = $userId::INTEGER) AND revoked_at IS NULL RETURNING name, user_id`,
        { id, userId },
      ),
    );
    const row = reader.getRowObjectsJS()[0];
    if (!row) return null;
    for (const [key, entry] of this.cache) if (entry.id === id) this.cache.delete(key);
    return { name: String(row.name), user_id: Number(row.user_id) };
  }

  /** Revokes every live token of a user (password reset, role change, disabling); how many there were. */
  async revokeForUser(userId: number): Promise<number> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $userId AND revoked_at IS NULL RETURNING id', { userId }),
    );
    this.forgetUser(userId);
    return reader.getRowObjectsJS().length;
  }

  /** Drops cached copies so the next request reads the user's new role, areas or state. */
  forgetUser(userId: number): void {
    for (const [key, entry] of this.cache) if (entry.user.id === userId) this.cache.delete(key);
  }

  private async load(hash: string): Promise<CachedToken | null> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(
        `SELECT t.id AS token_id, epoch_ms(coalesce(t.last_used_at, t.created_at)) AS last_used,
                epoch_ms(e.expires_at) AS expires_at, u.id, u.username, u.role, u.areas
         FROM ${TOKENS} JOIN users u ON u.id = t.user_id AND NOT u.disabled
         WHERE t.token_hash = $hash AND ${LIVE}`,
        { hash, now: this.now() },
      ),
    );
    const row = reader.getRowObjectsJS()[0];
    if (!row) return null;
    const entry: CachedToken = {
      id: Number(row.token_id),
      user: authUserFromRow(row),
      persistedLastUsed: Number(row.last_used),
      expiresAt: Number(row.expires_at),
    };
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(hash, entry);
    return entry;
  }
}
