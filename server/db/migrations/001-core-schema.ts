import type { Migration } from '../migrations.js';

const dimensions = 'age_band VARCHAR, sex VARCHAR, ethnicity VARCHAR, looked_after VARCHAR';
const partition = 'upload_id BIGINT NOT NULL, area_code VARCHAR NOT NULL, period VARCHAR NOT NULL';

/**
 * Facts are stored aggregated: one row per upload, area, quarter and combination of dimension
 * values. A NULL dimension means the upload was not broken down by it; `unknown` means it was
 * and the value was not recorded.
 */
export const coreSchema: Migration = {
  version: 1,
  name: 'core schema: areas, populations, neighbours, upload log, extract facts',
  async up(c) {
    await c.run(`CREATE TABLE areas (
      code VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      kind VARCHAR NOT NULL CHECK (kind IN ('country', 'region', 'la', 'district', 'locality')),
      parent_code VARCHAR,
      dfe_code VARCHAR,
      live BOOLEAN NOT NULL,
      terminated_on DATE
    )`);
    await c.run(`CREATE TABLE area_successors (
      old_code VARCHAR NOT NULL, new_code VARCHAR NOT NULL, changed_on DATE NOT NULL,
      PRIMARY KEY (old_code, new_code)
    )`);
    await c.run(`CREATE TABLE populations (
      area_code VARCHAR NOT NULL,
      year INTEGER NOT NULL,
      age_band VARCHAR NOT NULL,
      sex VARCHAR NOT NULL,
      population DOUBLE NOT NULL,
      estimated BOOLEAN NOT NULL,
      source VARCHAR NOT NULL,
      PRIMARY KEY (area_code, year, age_band, sex)
    )`);
    await c.run(`CREATE TABLE statistical_neighbours (
      area_code VARCHAR NOT NULL, rank INTEGER NOT NULL, neighbour_code VARCHAR NOT NULL,
      closeness VARCHAR, model VARCHAR NOT NULL,
      PRIMARY KEY (area_code, rank)
    )`);
    await c.run('CREATE SEQUENCE upload_id_seq START 1');
    await c.run(`CREATE TABLE upload_log (
      id BIGINT PRIMARY KEY,
      dataset VARCHAR NOT NULL,
      file_name VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL,
      uploaded_by VARCHAR NOT NULL,
      uploaded_at TIMESTAMPTZ NOT NULL,
      kind VARCHAR NOT NULL CHECK (kind IN ('aggregate', 'records')),
      rows BIGINT NOT NULL,
      partitions INTEGER NOT NULL,
      totals JSON NOT NULL,
      warnings VARCHAR[] NOT NULL
    )`);
    await c.run(`CREATE TABLE upload_partitions (
      upload_id BIGINT NOT NULL,
      dataset VARCHAR NOT NULL,
      area_code VARCHAR NOT NULL,
      period VARCHAR NOT NULL,
      replaced BOOLEAN NOT NULL,
      previous_upload_id BIGINT,
      previous_totals JSON,
      new_totals JSON NOT NULL,
      PRIMARY KEY (upload_id, area_code, period)
    )`);
    await c.run(`CREATE TABLE referrals_facts (${partition}, ${dimensions},
      source VARCHAR, risk_level VARCHAR, concern VARCHAR, exploitation_model VARCHAR,
      referrals BIGINT, children BIGINT)`);
    await c.run(`CREATE TABLE missing_facts (${partition}, ${dimensions},
      missing_from VARCHAR,
      episodes BIGINT, children BIGINT, return_interviews_offered BIGINT,
      return_interviews_within_72h BIGINT, episodes_with_cse_concern BIGINT)`);
    await c.run(`CREATE TABLE mase_facts (${partition}, ${dimensions},
      risk_level VARCHAR,
      cases_discussed BIGINT, new_cases BIGINT, cases_closed BIGINT, closed_risk_reduced BIGINT,
      perpetrators_identified BIGINT, locations_identified BIGINT, disruption_actions BIGINT)`);
  },
};
