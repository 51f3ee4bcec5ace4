import type { Migration } from '../migrations.js';

/**
 * Bearer tokens expire. The dates live in a table of their own rather than a new column of
 * `api_tokens`: DuckDB (1.4) cannot replay an `ALTER TABLE … ADD COLUMN` from its write-ahead log,
 * so a crash before the next checkpoint would leave a database that no longer opens. Tokens made
 * before this version get the default lifetime (90 days) from when they were made, so an old
 * forgotten token stops working rather than living on; a token with no expiry row never works.
 */
export const tokenExpiry: Migration = {
  version: 7,
  name: 'API token expiry',
  async up(c) {
    await c.run('CREATE TABLE api_token_expiry (token_id INTEGER PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL)');
    await c.run('INSERT INTO api_token_expiry SELECT id, created_at + INTERVAL 90 DAY FROM api_tokens');
  },
};
