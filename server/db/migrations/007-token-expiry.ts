import type { Migration } from '../migrations.js';

/**
 * Bearer tokens expire. Tokens made before this version get the default lifetime (90 days)
 * counted from when they were made, so an old forgotten token stops working rather than living on.
 */
export const tokenExpiry: Migration = {
  version: 7,
  name: 'API token expiry',
  async up(c) {
    await c.run('ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ');
    await c.run("UPDATE api_tokens SET expires_at = created_at + INTERVAL 90 DAY");
  },
};
