import type { Migration } from '../migrations.js';

/**
 * Who may sign in, how (sessions for browsers, tokens for scripts), and what they did. Secrets
 * are stored only as hashes: argon2id for passwords, SHA-256 for session ids and tokens (these
 * are 256-bit random values, so a slow hash adds nothing).
 */
export const usersSessionsAudit: Migration = {
  version: 3,
  name: 'users, sessions, API tokens and the audit log',
  async up(c) {
    await c.run('CREATE SEQUENCE user_id_seq START 1');
    await c.run(`CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username VARCHAR NOT NULL UNIQUE,
      password_hash VARCHAR NOT NULL,
      role VARCHAR NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
      areas VARCHAR[],
      disabled BOOLEAN NOT NULL DEFAULT false,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    await c.run(`CREATE TABLE sessions (
      id_hash VARCHAR PRIMARY KEY,
      user_id INTEGER NOT NULL,
      csrf_token VARCHAR NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      last_seen_at TIMESTAMPTZ NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL
    )`);
    await c.run('CREATE SEQUENCE api_token_id_seq START 1');
    await c.run(`CREATE TABLE api_tokens (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL,
      name VARCHAR NOT NULL,
      token_hash VARCHAR NOT NULL UNIQUE,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      last_used_at TIMESTAMPTZ,
      revoked_at TIMESTAMPTZ
    )`);
    await c.run('CREATE SEQUENCE audit_id_seq START 1');
    await c.run(`CREATE TABLE audit_log (
      id BIGINT PRIMARY KEY,
      occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      action VARCHAR NOT NULL,
      username VARCHAR,
      ip VARCHAR,
      target VARCHAR,
      details JSON
    )`);
  },
};
