import type { Database } from '../db/database.js';
import type { AuthUser } from './roles.js';
import { digestSecret, randomSecret } from './secrets.js';
import { authUserFromRow } from './users.js';

export interface TokenSummary {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

interface CachedToken {
  id: number;
  user: AuthUser;
  persistedLastUsed: number;
}

/** Recognisable in logs and secret scanners, like GitHub's `ghp_`. */
const PREFIX = 'csep_';
const TOUCH_INTERVAL_MS = 60_000;
const MAX_CACHED = 10_000;
export const MAX_TOKEN_NAME_LENGTH = 100;

/**
 * Bearer tokens for scripts. The token is shown once, at creation; the table holds its SHA-256.
 * Like sessions, live tokens are cached in memory and dropped from the cache on any change.
 */
export class TokenStore {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: AuthUser, name: string): Promise<{ id: number; name: string; token: string }> {
    const token = `${PREFIX}${randomSecret()}`;
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(
        `INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES (nextval('api_token_id_seq'), $userId, $name, $hash)
         RETURNING id`,
        { userId: user.id, name, hash: digestSecret(token) },
      ),
    );
    return { id: Number(reader.getRowObjectsJS()[0]!.id), name, token };
  }

  /** The user a token acts for, or null when it is unknown, revoked or its user is disabled. */
  async authenticate(token: string): Promise<{ tokenId: number; user: AuthUser } | null> {
    if (!token.startsWith(PREFIX)) return null;
    const hash = digestSecret(token);
    const entry = this.cache.get(hash) ?? (await this.load(hash));
    if (!entry) return null;
    const now = this.now();
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
      c.runAndReadAll(
        `SELECT id, name, epoch_ms(created_at) AS created_at, epoch_ms(last_used_at) AS last_used_at
         FROM api_tokens WHERE user_id = $userId AND revoked_at IS NULL ORDER BY id`,
        { userId },
      ),
    );
    return reader.getRowObjectsJS().map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      created_at: new Date(Number(r.created_at)).toISOString(),
      last_used_at: r.last_used_at === null ? null : new Date(Number(r.last_used_at)).toISOString(),
    }));
  }

  /** Revokes one of the user's own tokens; null when there is no such live token. */
  async revoke(userId: number, id: number): Promise<{ name: string } | null> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(
        `UPDATE api_tokens SET revoked_at = now() WHERE id = $id AND user_id = $userId AND revoked_at IS NULL RETURNING name`,
        { id, userId },
      ),
    );
    const row = reader.getRowObjectsJS()[0];
    if (!row) return null;
    for (const [key, entry] of this.cache) if (entry.id === id) this.cache.delete(key);
    return { name: String(row.name) };
  }

  /** Drops cached copies so the next request reads the user's new role, areas or state. */
  forgetUser(userId: number): void {
    for (const [key, entry] of this.cache) if (entry.user.id === userId) this.cache.delete(key);
  }

  private async load(hash: string): Promise<CachedToken | null> {
    const reader = await this.db.withConnection((c) =>
      c.runAndReadAll(
        `SELECT t.id AS token_id, epoch_ms(coalesce(t.last_used_at, t.created_at)) AS last_used,
                u.id, u.username, u.role, u.areas
         FROM api_tokens t JOIN users u ON u.id = t.user_id AND NOT u.disabled
         WHERE t.token_hash = $hash AND t.revoked_at IS NULL`,
        { hash },
      ),
    );
    const row = reader.getRowObjectsJS()[0];
    if (!row) return null;
    const entry: CachedToken = {
      id: Number(row.token_id),
      user: authUserFromRow(row),
      persistedLastUsed: Number(row.last_used),
    };
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(hash, entry);
    return entry;
  }
}
