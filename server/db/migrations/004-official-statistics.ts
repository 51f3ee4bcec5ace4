import type { Migration } from '../migrations.js';

/**
 * Official statistics imported from Explore Education Statistics files, kept long: one row per
 * indicator, time, geography and combination of filter values. A published symbol (c, x, z, u,
 * low, k) is kept in `symbol` with a NULL value, never turned into 0. Filters are a map because
 * every publication has its own.
 */
export const officialStatistics: Migration = {
  version: 4,
  name: 'official statistics: imports, indicators and values (EES tidy format)',
  async up(c) {
    await c.run('CREATE SEQUENCE stats_import_id_seq START 1');
    await c.run(`CREATE TABLE stats_imports (
      id BIGINT PRIMARY KEY,
      name VARCHAR NOT NULL,
      file_name VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL,
      imported_by VARCHAR NOT NULL,
      imported_at TIMESTAMPTZ NOT NULL,
      rows BIGINT NOT NULL,
      filters VARCHAR[] NOT NULL,
      indicators VARCHAR[] NOT NULL,
      warnings VARCHAR[] NOT NULL
    )`);
    await c.run(`CREATE TABLE stats_indicators (
      id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      import_id BIGINT NOT NULL,
      column_name VARCHAR NOT NULL,
      label VARCHAR NOT NULL,
      unit VARCHAR NOT NULL,
      whole_numbers BOOLEAN NOT NULL
    )`);
    await c.run(`CREATE TABLE stats_values (
      import_id BIGINT NOT NULL,
      name VARCHAR NOT NULL,
      indicator VARCHAR NOT NULL,
      time_period VARCHAR NOT NULL,
      time_identifier VARCHAR NOT NULL,
      period VARCHAR NOT NULL,
      period_type VARCHAR NOT NULL,
      period_start DATE,
      period_end DATE,
      geographic_level VARCHAR NOT NULL,
      area_code VARCHAR,
      area_name VARCHAR,
      filters MAP(VARCHAR, VARCHAR) NOT NULL,
      value DOUBLE,
      symbol VARCHAR,
      CHECK (value IS NULL OR symbol IS NULL)
    )`);
  },
};
