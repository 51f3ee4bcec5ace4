import type { Request } from 'express';
import type { Database } from './db/database.js';

/**
 * Actions recorded by this module's callers. Other routes add their own names (for example
 * `export` for a CSV download, `plan_status` for an action-plan update).
 */
export type AuditAction =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'upload_accepted'
  | 'upload_refused'
  | 'upload_checked'
  | 'export'
  | 'user_created'
  | 'user_changed'
  | 'password_reset'
  | 'token_created'
  | 'token_revoked'
  | (string & {});

export interface AuditEvent {
  action: AuditAction;
  /** Who acted (or, for a failed sign-in, the name that was tried). */
  username: string | null;
  /** Where from: the client address as Express sees it (after trust proxy). */
  ip: string | null;
  /** What was acted on: a user name, a dataset, a token id. */
  target?: string | null;
  /** Counts, hashes, file names: never row contents, passwords or tokens. */
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  username: string | null;
  ip: string | null;
  target: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  limit: number;
  /** Keyset paging: entries older than this id. */
  before?: number;
  action?: string;
  username?: string;
}

/** Records one event. Await it: an action whose record failed should not look as if it was kept. */
export async function audit(db: Database, event: AuditEvent): Promise<void> {
  await db.withConnection((c) =>
    c.run(
      `INSERT INTO audit_log (id, action, username, ip, target, details)
       VALUES (nextval('audit_id_seq'), $action, $username, $ip, $target, $details::JSON)`,
      {
        action: event.action,
        username: event.username,
        ip: event.ip,
        target: event.target ?? null,
        details: event.details === undefined ? null : JSON.stringify(event.details),
      },
    ),
  );
}

/** The who and where of a request, for `audit`: `audit(db, { ...actor(req, user), action, … })`. */
export function actor(req: Request, user: { username: string } | null): Pick<AuditEvent, 'username' | 'ip'> {
  // A client that has gone away has taken its socket, and with it its address.
  return { username: user?.username ?? null, ip: req.socket ? (req.ip ?? null) : null };
}

export async function readAudit(db: Database, query: AuditQuery): Promise<AuditEntry[]> {
  const reader = await db.withConnection((c) =>
    c.runAndReadAll(
      `SELECT id, epoch_ms(occurred_at) AS at, action, username, ip, target, details::VARCHAR AS details
       FROM audit_log
       WHERE ($before IS NULL OR id < $before)
         AND ($action IS NULL OR action = $action)
         AND ($username IS NULL OR username = $username)
       ORDER BY id DESC LIMIT $limit`,
      {
        before: query.before ?? null,
        action: query.action ?? null,
        username: query.username ?? null,
        limit: query.limit,
      },
    ),
  );
  return reader.getRowObjectsJS().map((r) => ({
    id: Number(r.id),
    at: new Date(Number(r.at)).toISOString(),
    action: String(r.action),
    username: r.username === null ? null : String(r.username),
    ip: r.ip === null ? null : String(r.ip),
    target: r.target === null ? null : String(r.target),
    details: r.details === null ? null : (JSON.parse(String(r.details)) as Record<string, unknown>),
  }));
}
